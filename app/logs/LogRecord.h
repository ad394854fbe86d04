// One log event as a log source holds it, before anything is known about what it says: a line
// (or the lines of one multi-line message) of a Lambda log file, one entry of CloudWatch's
// `events[]`, one row of the console's export. Where it came from travels with it, so every
// finding about it can name the file and line.
#pragma once

#include <QString>

#include <optional>

namespace callconsole::logs {

struct LogRecord
{
    QString message;                   // the log event's text; may span lines
    std::optional<qint64> timestampMs; // the source's own time for it (CloudWatch's), when it gives one
    QString logStream;                 // empty when the source does not say
    QString source;                    // the file (or log group) it was read from
    int line = 0;                      // its first line in the file, 1-based; 0 when not known
    QString entry;                     // "events[3]" for JSON sources, "row 4" for tables

    // "logs.txt:12", "out.json:57 (events[3])": how a finding names the record.
    QString where() const;
};

} // namespace callconsole::logs

// Reading an event log FILE (- for stdin) the way `analyze` and `replay` both do: blank lines
// skipped, a malformed line reported on stderr as "FILE:LINE: issue" and skipped, every
// other line handed over with its number.
#pragma once

#include "EventLog.h"

#include <QString>

#include <functional>

namespace callconsole::cli {

struct EventLogReadResult
{
    QString error;      // the file could not be opened: "FILE: why"
    int rejected = 0;   // malformed lines, already reported
};

EventLogReadResult readEventLog(const QString &path, const std::function<void(int lineNumber, EventLogLine &&line)> &onLine);

} // namespace callconsole::cli

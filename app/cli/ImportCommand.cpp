// callconsole import FILE... : production logs — a Lambda's log text, `aws logs
// filter-log-events` JSON, the CloudWatch console's exports — read into the invocations the
// SMA sent and the replies the handler gave, analysed like a live session and optionally
// written to one.
#include "AnalysisText.h"
#include "CallStore.h"
#include "CliOutput.h"
#include "CommandOptions.h"
#include "ImportOutput.h"
#include "LogFormats.h"
#include "LogImporter.h"
#include "SessionImport.h"

#include <QFile>

namespace callconsole::cli {

CommandDefinition importDefinition()
{
    return {"import", "Read production logs (Lambda, CloudWatch Logs) into a session and analyse the calls",
            {Argument::oneOrMore("FILE", "a log file; - reads standard input").file()},
            {Option::value("format", "FORMAT", "the files' format; auto detects it")
                 .choices({"auto", "lambda-log", "filter-log-events", "console-csv"}).byDefault("auto"),
             Option::value("session", "OUT", "also write the invocations to the session file OUT (created, or added to), "
                                             "to open in the window or export and replay like a recorded one").file(),
             Option::flag("json", "print the `analyze --json` document with an \"import\" summary")},
            "Read production logs of an SMA handler and show each call the way the console shows a live\n"
            "one: per transaction its state, events in Sequence order and the ordering anomalies\n"
            "(retried duplicates, late replies, gaps, ...).\n\n"
            "Formats: lambda-log is the Lambda's log text (the console's log stream, `aws logs tail`, a\n"
            "download) with Node's prefix, Python's, the JSON log format or bare JSON lines, an event on\n"
            "one line or pretty-printed over several; filter-log-events is the JSON `aws logs\n"
            "filter-log-events` or `get-log-events` prints; console-csv is the CloudWatch console's\n"
            "exports, Logs Insights' markdown table (| @timestamp | @message |) or a CSV with timestamp\n"
            "and message columns.\n\n"
            "An invocation event is a JSON object with InvocationEventType, arriving at its log line's\n"
            "time; a JSON object with SchemaVersion and Actions logged in the same RequestId is the\n"
            "reply; the REPORT line's Duration is the reply latency. The same TransactionId and Sequence\n"
            "under a new RequestId is the service's retry: a duplicate, and the first invocation's\n"
            "Duration past 5 s its late_reply. Other lines are counted and skipped; event JSON that does\n"
            "not parse is reported as FILE:LINE.",
            "Exit status: 0 read, 1 malformed event JSON reported or no event found, 2 usage error or\n"
            "unreadable file."};
}

int runImport(const CommandLine &line)
{
    const QString commandName = line.definition().name;
    const QStringList files = line.positional();
    const std::optional<logs::LogFormat> format = logs::logFormatFromName(line.value("format"));
    ImportOutputOptions output;
    output.json = line.isSet("json");
    output.sessionPath = line.value("session");

    logs::LogImporter importer;
    for (const QString &path : files) {
        QFile file(path);
        const bool opened = path == QLatin1String("-") ? file.open(stdin, QIODevice::ReadOnly) : file.open(QIODevice::ReadOnly);
        if (!opened)
            return fail(commandName, QStringLiteral("%1: %2").arg(path, file.errorString()));
        const logs::LogReadResult read = logs::readLogRecords(file.readAll(), *format, path);
        if (!read.error.isEmpty())
            return fail(commandName, QStringLiteral("%1: not %2 — %3").arg(path, logs::toString(read.format), read.error));
        err() << path << ": read as " << logs::toString(read.format) << ", " << read.records.size() << " log events\n";
        for (const logs::LogRecord &record : read.records)
            importer.add(record);
    }
    err().flush();
    return finishImport(commandName, importer, output);
}

} // namespace callconsole::cli

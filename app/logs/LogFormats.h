// The shapes production logs reach a developer in, each read into LogRecords:
// - Lambda log text: what the Lambda console shows, `aws logs tail` prints or a log stream's
//   download holds — one line per log event, a multi-line message continued on the lines
//   after it;
// - the JSON `aws logs filter-log-events` and `get-log-events` print (events[].timestamp,
//   .message, .logStreamName);
// - the CloudWatch console's exports: Logs Insights' "Copy as markdown" (`| @timestamp |
//   @message |` rows) and the CSV downloads (a header naming a timestamp and a message column).
#pragma once

#include "LogRecord.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace callconsole::logs {

enum class LogFormat { Auto, LambdaLog, FilterLogEvents, ConsoleExport };

QString toString(LogFormat format);                            // "lambda-log"
std::optional<LogFormat> logFormatFromName(const QString &name); // auto, lambda-log, filter-log-events, console-csv
// The format bytes are in, judged from their start: never Auto.
LogFormat detectLogFormat(const QByteArray &bytes);

struct LogReadResult
{
    LogFormat format = LogFormat::LambdaLog;
    QList<LogRecord> records;
    QString error;                     // the bytes are not in the format at all: "why"
};

// Reads bytes (of the file named source) as format; Auto detects it first.
LogReadResult readLogRecords(const QByteArray &bytes, LogFormat format, const QString &source);

// A log timestamp as sources write it: epoch milliseconds (or seconds), ISO 8601 with or
// without a zone (UTC when none), "2022-11-09 14:52:44.158" as Logs Insights prints it.
std::optional<qint64> parseLogTimestamp(QStringView text);

} // namespace callconsole::logs

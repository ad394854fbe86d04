// What one Lambda log event says, read from its text: the runtime's own lines (START, END,
// REPORT with the Duration that becomes the reply latency) and the handler's lines with the
// prefix each runtime puts before them —
//   Node.js  2022-11-09T14:52:44.158Z <RequestId> INFO <text>
//   Python   [INFO] 2022-11-09T14:52:44.158Z <RequestId> <text>
//   any runtime with the JSON log format: {"timestamp", "level", "requestId", "message"},
//            {"time", "type": "platform.report", "record": {"requestId", "metrics": {"durationMs"}}}
// — optionally after the "TIME STREAM " prefix `aws logs tail` adds. A line with no prefix
// (a Java handler's, a bare JSON object) keeps its text and no RequestId.
#pragma once

#include <QJsonValue>
#include <QString>

#include <optional>

namespace callconsole::logs {

struct LambdaLogLine
{
    enum class Kind { Start, End, Report, Message };

    Kind kind = Kind::Message;
    QString requestId;
    std::optional<qint64> timestampMs;
    QString logStream;                 // from an `aws logs tail` prefix
    std::optional<double> durationMs;  // REPORT
    QString status;                    // REPORT's Status (timeout, error) when the invocation failed
    QString text;                      // Message: what the handler logged, prefix removed
    std::optional<QJsonValue> structured; // Message in the JSON log format: its "message" value

    static LambdaLogLine read(const QString &message);
};

} // namespace callconsole::logs

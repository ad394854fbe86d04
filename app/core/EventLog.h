// The line format of event logs (.jsonl) that `analyze` and `replay` read: one JSON object per
// line, either a bare invocation event or a wrapper that also says when it arrived, how long
// its reply took and what the reply was (as `export --format jsonl` writes it):
// {"receivedAtMs": 1700000000000, "replyLatencyMs": 120, "event": {…}, "reply": {…}}.
#pragma once

#include "InvocationEvent.h"

#include <QByteArray>
#include <QJsonValue>

#include <optional>

namespace callconsole {

struct EventLogLine
{
    InvocationEvent event;
    QByteArray eventBytes;                 // the event's own JSON, compact
    std::optional<qint64> receivedAtMs;
    std::optional<int> replyLatencyMs;
    // The reply recorded with the event: JSON when it was JSON, else its text (json::bodyValue).
    std::optional<QJsonValue> recordedReply;
};

// Parses one line; issues name their paths relative to the line ("event.Sequence" in a wrapper).
Parsed<EventLogLine> parseEventLogLine(const QByteArray &line);

} // namespace callconsole

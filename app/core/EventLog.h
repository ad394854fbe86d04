// The line format of event logs (.jsonl) that `analyze` and `replay` read: one JSON object per
// line, either a bare invocation event or a wrapper that also says when it arrived and how long
// its reply took: {"receivedAtMs": 1700000000000, "replyLatencyMs": 120, "event": {…}}.
#pragma once

#include "InvocationEvent.h"

#include <QByteArray>

#include <optional>

namespace callconsole {

struct EventLogLine
{
    InvocationEvent event;
    QByteArray eventBytes;                 // the event's own JSON, compact
    std::optional<qint64> receivedAtMs;
    std::optional<int> replyLatencyMs;
};

// Parses one line; issues name their paths relative to the line ("event.Sequence" in a wrapper).
Parsed<EventLogLine> parseEventLogLine(const QByteArray &line);

} // namespace callconsole

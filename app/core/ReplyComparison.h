// Two replies to the same invocation event compared as JSON: the "diff of two runs" that
// `replay` reports when an event log carries the reply recorded with each event. Member order
// and number spelling (1 vs 1.0) do not count; everything else the service would read does.
#pragma once

#include <QJsonValue>
#include <QString>

#include <optional>

namespace callconsole {

struct ReplyDifference
{
    QString path;           // the first JSON path where the replies differ; empty: the bodies as wholes
    QJsonValue recorded;    // the value there, Undefined when absent
    QJsonValue now;
    // "recorded Speak, Pause, Hangup → now Hangup" when the action types differ, else the first
    // differing value: "Actions[0].Parameters.Text: 'Hello' → 'Goodbye'".
    QString summary;
};

// nullopt when recorded and now are the same reply.
std::optional<ReplyDifference> compareReplies(const QJsonValue &recorded, const QJsonValue &now);

// A reply's action types read leniently (it may be invalid), for messages: "Speak, Pause,
// Hangup", "[]" for an empty list, "not an action list" without an Actions array.
QString actionTypeSummary(const QJsonValue &reply);

} // namespace callconsole

// How the endpoint answers when the user has not said otherwise: rules per InvocationEventType
// (optionally matched on To, From and Arguments), each an action-list template with
// placeholders such as {{CallDetails.Participants[0].CallId}}, validated with core's ActionList
// rules when loaded. A rule may also hold the event at a breakpoint or forward it upstream.
//
// Rules file:
// {"forward": "http://127.0.0.1:3000/",            optional: forward every event
//  "fallback": {"SchemaVersion":"1.0","Actions":[…]}, optional: when forwarding fails
//  "rules": [{"name":"greet", "event":"CALL_ANSWERED" (or "*"),
//             "match": {"To":"+1206*", "From":"…", "Arguments": {"key":"value"}},
//             "reply": {"SchemaVersion":"1.0","Actions":[…]},
//             "breakpoint": true, "forward": "http://…" or "handler"}]}
#pragma once

#include "InvocationEvent.h"
#include "ValidationIssue.h"

#include <QJsonObject>
#include <QList>
#include <QRegularExpression>
#include <QString>
#include <QUrl>

#include <optional>

namespace callconsole {

// An action-list template serialized once and cut at its placeholders, so that filling it
// for an event is a few lookups and appends (this runs for every delivery).
struct ReplyTemplate
{
    // A placeholder's path ("CallDetails.Participants[0].CallId") read once into its steps.
    struct Step
    {
        QString key;        // an object member, or
        int index = -1;     // an array element
    };
    struct Path
    {
        QList<Step> steps;
        bool valid = true;  // false: a malformed index; it fills in as empty text
    };

    QByteArray json;                 // as written, placeholders and all
    bool hasPlaceholders = false;
    QList<QByteArray> literals;      // json between placeholders: literals.size() == gapPaths.size() + 1
    QList<int> gapPaths;             // which path fills each gap
    QList<Path> paths;               // each distinct placeholder once

    static ReplyTemplate compile(const QJsonObject &reply);
    QByteArray render(const QJsonObject &event) const;
};

struct ReplyRule
{
    QString name;
    std::optional<InvocationEventType> event; // nullopt: every type
    QRegularExpression to;                    // empty pattern: any
    QRegularExpression from;
    StringMap arguments;                      // every pair must be present
    std::optional<ReplyTemplate> reply;       // nullopt: the built-in default for the event
    bool breakpoint = false;
    QUrl forward;
    bool toHandler = false;                   // "forward": "handler": the user's handler file
};

struct ReplyDecision
{
    QString source;        // "rule:<name>" or "default"
    QByteArray reply;      // the action list to send (placeholders filled)
    bool hold = false;
    QUrl forward;
    bool toHandler = false; // the user's handler file answers (EndpointConfig::handler)
};

class ReplyRules
{
public:
    ReplyRules(); // the built-in defaults only

    static Parsed<ReplyRules> fromJson(const QByteArray &bytes);
    static Parsed<ReplyRules> load(const QString &path);
    // The rules file's top-level object, or the issue with its bytes (invalid JSON, not an
    // object). For readers of the file format other than fromJson (the rules editor).
    static Parsed<QJsonObject> rootObject(const QByteArray &bytes);

    // received: the JSON event was parsed from, if at hand; placeholders are read from it.
    ReplyDecision decide(const InvocationEvent &event, const QJsonObject &received = {}) const;

    // The built-in flow: CALL_ANSWERED and NEW_INBOUND_CALL → greeting, pause, hang up; others → [].
    static QJsonObject defaultReply(InvocationEventType type);
    static const ReplyTemplate &defaultTemplate(InvocationEventType type);
    // Replaces {{path}} in every string of reply with values read from event's JSON.
    static QByteArray fillTemplate(const QJsonObject &reply, const QJsonObject &event);

    const QList<ReplyRule> &rules() const { return m_rules; }
    QUrl globalForward() const { return m_forward; }
    void setGlobalForward(const QUrl &url) { m_forward = url; }
    // Every event goes to the handler file, unless its rule names an upstream of its own.
    bool handlerForAll() const { return m_handler; }
    void setHandlerForAll(bool all) { m_handler = all; }
    QByteArray fallbackFor(const InvocationEvent &event) const;

private:
    QList<ReplyRule> m_rules;
    QUrl m_forward;
    bool m_handler = false;
    std::optional<ReplyTemplate> m_fallback;
};

} // namespace callconsole

#include "EventLog.h"

#include "JsonValues.h"

#include <QJsonDocument>
#include <QJsonParseError>

#include <algorithm>
#include <limits>

namespace callconsole {

namespace {

bool isWrapper(const QJsonObject &object)
{
    return object.contains(QStringLiteral("event")) && !object.contains(QStringLiteral("InvocationEventType"));
}

} // namespace

Parsed<EventLogLine> parseEventLogLine(const QByteArray &line)
{
    Parsed<EventLogLine> result;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(line, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        // The event parser words JSON errors with their offset; reuse it for the same message.
        result.issues = InvocationEvent::parse(line).issues;
        return result;
    }
    const QJsonObject object = document.object();
    EventLogLine entry;
    QJsonObject eventObject = object;
    QString prefix;
    if (isWrapper(object)) {
        prefix = QStringLiteral("event.");
        const QJsonValue event = object.value(QStringLiteral("event"));
        if (!event.isObject()) {
            result.issues << ValidationIssue::error(QStringLiteral("event"), json::shown(event),
                                                    QStringLiteral("expected the invocation event object"));
            return result;
        }
        eventObject = event.toObject();
        const QJsonValue reply = object.value(QStringLiteral("reply"));
        if (!reply.isUndefined() && !reply.isNull())
            entry.recordedReply = reply;
        for (const char *key : {"receivedAtMs", "replyLatencyMs"}) {
            const QString name = QString::fromLatin1(key);
            const QJsonValue value = object.value(name);
            if (value.isUndefined() || value.isNull())
                continue;
            const auto number = json::integer(value);
            if (!number || *number < 0) {
                result.issues << ValidationIssue::error(name, json::shown(value),
                                                        QStringLiteral("expected a non-negative integer of milliseconds"));
                continue;
            }
            if (name == QLatin1String("receivedAtMs"))
                entry.receivedAtMs = *number;
            else
                entry.replyLatencyMs = int(std::min<qint64>(*number, std::numeric_limits<int>::max()));
        }
    }
    Parsed<InvocationEvent> event = InvocationEvent::fromJson(eventObject);
    for (ValidationIssue issue : std::as_const(event.issues)) {
        issue.path = prefix + issue.path;
        result.issues << issue;
    }
    if (!event.value || hasErrors(result.issues))
        return result;
    entry.event = *event.value;
    entry.eventBytes = QJsonDocument(eventObject).toJson(QJsonDocument::Compact);
    result.value = entry;
    return result;
}

} // namespace callconsole

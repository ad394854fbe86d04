// Events of well-formed outbound calls for the desktop tests, built in code so each test shows
// exactly the order and timing it exercises.
#pragma once

#include "TimedEvent.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace callconsole::testing {

inline TimedEvent makeEvent(const QString &transactionId, int sequence, InvocationEventType type, qint64 atMs)
{
    TimedEvent timed;
    timed.event.sequence = sequence;
    timed.event.type = type;
    timed.event.callDetails.transactionId = transactionId;
    timed.event.callDetails.sipMediaApplicationId = QStringLiteral("sma-1");
    timed.event.callDetails.awsAccountId = QStringLiteral("123456789012");
    timed.event.callDetails.awsRegion = QStringLiteral("us-east-1");
    Participant legA;
    legA.callId = transactionId + QStringLiteral("-a");
    legA.from = QStringLiteral("+12065550100");
    legA.to = QStringLiteral("+12065550199");
    legA.direction = CallDirection::Outbound;
    legA.startTimeMs = atMs;
    legA.status = type == InvocationEventType::Hangup ? ParticipantStatus::Disconnected : ParticipantStatus::Connected;
    timed.event.callDetails.participants.append(legA);
    if (type == InvocationEventType::Hangup)
        timed.event.actionData = QJsonObject{{QStringLiteral("Type"), QStringLiteral("Hangup")},
                                             {QStringLiteral("Parameters"), QJsonObject{{QStringLiteral("SipResponseCode"), QStringLiteral("0")},
                                                                                        {QStringLiteral("CallId"), legA.callId},
                                                                                        {QStringLiteral("ParticipantTag"), QStringLiteral("LEG-A")}}}};
    timed.receivedAtMs = atMs;
    timed.replyLatencyMs = 12;
    timed.deliveryId = sequence;
    return timed;
}

inline QVector<TimedEvent> outboundCall(const QString &id, qint64 start)
{
    return {makeEvent(id, 1, InvocationEventType::NewOutboundCall, start),
            makeEvent(id, 2, InvocationEventType::Ringing, start + 1000),
            makeEvent(id, 3, InvocationEventType::CallAnswered, start + 3000),
            makeEvent(id, 4, InvocationEventType::Hangup, start + 9000)};
}

// The HTTP exchange that carried an event, as the endpoint records it: the event's own JSON as
// the request, the reply body, who produced it and when it went out.
inline DeliveryRecord deliveryOf(const TimedEvent &timed, qint64 id, const QByteArray &replyBody,
                                 const QString &replySource, int replyLatencyMs)
{
    DeliveryRecord delivery;
    delivery.id = id;
    delivery.receivedAtMs = timed.receivedAtMs;
    delivery.remoteAddress = QStringLiteral("127.0.0.1");
    delivery.method = QStringLiteral("POST");
    delivery.path = QStringLiteral("/events");
    delivery.requestBody = timed.event.toJsonBytes();
    delivery.statusCode = 200;
    delivery.replyBody = replyBody;
    delivery.replySource = replySource;
    delivery.replyLatencyMs = replyLatencyMs;
    delivery.transactionId = timed.event.transactionId();
    delivery.sequence = timed.event.sequence;
    delivery.eventType = toString(timed.event.type);
    return delivery;
}

// An action list of the given types, each with the parameters the catalogue requires.
inline QByteArray replyWith(const QStringList &actionTypes)
{
    QJsonArray actions;
    for (const QString &type : actionTypes) {
        QJsonObject parameters;
        if (type == QLatin1String("Speak"))
            parameters = {{QStringLiteral("Text"), QStringLiteral("Hello")}, {QStringLiteral("CallId"), QStringLiteral("c-1")}};
        else if (type == QLatin1String("Pause"))
            parameters = {{QStringLiteral("DurationInMilliseconds"), QStringLiteral("1000")}};
        else if (type == QLatin1String("Hangup"))
            parameters = {{QStringLiteral("SipResponseCode"), QStringLiteral("0")}};
        actions << QJsonObject{{QStringLiteral("Type"), type}, {QStringLiteral("Parameters"), parameters}};
    }
    return QJsonDocument(QJsonObject{{QStringLiteral("SchemaVersion"), QStringLiteral("1.0")},
                                     {QStringLiteral("Actions"), actions}}).toJson(QJsonDocument::Compact);
}

} // namespace callconsole::testing

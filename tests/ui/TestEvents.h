// Events of well-formed outbound calls for the desktop tests, built in code so each test shows
// exactly the order and timing it exercises.
#pragma once

#include "TimedEvent.h"

#include <QJsonObject>

namespace callconsole::testing {

inline TimedEvent makeEvent(const QString &transactionId, int sequence, InvocationEventType type, qint64 atMs)
{
    TimedEvent timed;
    timed.event.sequence = sequence;
    timed.event.type = type;
    timed.event.callDetails.transactionId = transactionId;
    timed.event.callDetails.sipMediaApplicationId = QStringLiteral("sma-1");
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


} // namespace callconsole::testing

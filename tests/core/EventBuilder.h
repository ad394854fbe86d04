// Builds invocation events from a compact token, so each analysis scenario reads as the
// sequence of deliveries it describes: "3:CALL_ANSWERED", "5:HANGUP/486", "4:ACTION_SUCCESSFUL@6200".
//   N:TYPE          Sequence N, event type
//   /CODE           HANGUP's SipResponseCode
//   @MS             reply latency in milliseconds
//   !               a body that differs (a conflicting duplicate)
//   +B              LEG-B is present (bridged), Connected;  /B on HANGUP hangs up LEG-B
#pragma once

#include "InvocationEvent.h"

#include <QJsonObject>
#include <QRegularExpression>

struct BuiltEvent
{
    callconsole::InvocationEvent event;
    std::optional<int> latencyMs;
};

inline BuiltEvent buildEvent(const QString &token, const QString &transactionId = QStringLiteral("tx-1"),
                             callconsole::CallDirection direction = callconsole::CallDirection::Outbound)
{
    using namespace callconsole;
    static const QRegularExpression pattern(QStringLiteral(R"(^(\d+):([A-Z_]+)(/(B|\d+))?(\+B)?(@(\d+))?(!)?$)"));
    const auto match = pattern.match(token);
    Q_ASSERT_X(match.hasMatch(), "buildEvent", qPrintable(token));
    BuiltEvent built;
    InvocationEvent &e = built.event;
    e.sequence = match.captured(1).toInt();
    e.type = *invocationEventTypeFromString(match.captured(2));
    e.callDetails.transactionId = transactionId;
    e.callDetails.awsAccountId = QStringLiteral("123456789012");
    e.callDetails.awsRegion = QStringLiteral("us-east-1");
    e.callDetails.sipMediaApplicationId = QStringLiteral("sma-1");
    const bool hangupLegB = match.captured(4) == QLatin1String("B");
    const bool bridged = !match.captured(5).isEmpty() || hangupLegB;
    const int code = match.captured(4).isEmpty() || hangupLegB ? 0 : match.captured(4).toInt();

    const bool started = e.type == InvocationEventType::NewOutboundCall || e.type == InvocationEventType::NewInboundCall
                      || e.type == InvocationEventType::Ringing;
    Participant a{QStringLiteral("call-a"), ParticipantTag::LegA, QStringLiteral("+12065550100"),
                  QStringLiteral("+14155550199"), direction, 1645321553847,
                  started ? ParticipantStatus::Unknown : ParticipantStatus::Connected, {}};
    Participant b{QStringLiteral("call-b"), ParticipantTag::LegB, QStringLiteral("+12065550111"),
                  QStringLiteral("+14155550199"), CallDirection::Outbound, 1645321560000, ParticipantStatus::Connected, {}};
    if (e.type == InvocationEventType::Hangup) {
        (hangupLegB ? b : a).status = ParticipantStatus::Disconnected;
        const Participant &gone = hangupLegB ? b : a;
        e.actionData = QJsonObject{{QStringLiteral("Type"), QStringLiteral("Hangup")},
                                   {QStringLiteral("Parameters"),
                                    QJsonObject{{QStringLiteral("SipResponseCode"), code},
                                                {QStringLiteral("CallId"), gone.callId},
                                                {QStringLiteral("ParticipantTag"), toString(gone.tag)}}}};
    } else if (e.type == InvocationEventType::ActionSuccessful || e.type == InvocationEventType::ActionFailed) {
        e.actionData = QJsonObject{{QStringLiteral("Type"), QStringLiteral("Speak")},
                                   {QStringLiteral("Parameters"), QJsonObject{{QStringLiteral("Text"), QStringLiteral("Hello")},
                                                                              {QStringLiteral("CallId"), a.callId}}}};
    }
    if (!match.captured(8).isEmpty()) {
        QJsonObject data = e.actionData.value_or(QJsonObject{{QStringLiteral("Type"), QStringLiteral("Pause")}});
        data.insert(QStringLiteral("Conflict"), QStringLiteral("a different body"));
        e.actionData = data;
    }
    e.callDetails.participants << a;
    if (bridged)
        e.callDetails.participants << b;
    if (!match.captured(7).isEmpty())
        built.latencyMs = match.captured(7).toInt();
    return built;
}

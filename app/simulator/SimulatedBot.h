// The Amazon Lex bot a StartBotConversation talks to, simulated: how long the conversation
// lasts and what it ends with — the intent, its slots and dialog state — delivered as
// ActionData.IntentResult in the shape DG start-bot-conversation.md shows, or the action's
// documented failure (ResourceNotFound, ResourceAccessDenied, …).
#pragma once

#include "ValidationIssue.h"

#include <QJsonObject>
#include <QList>
#include <QRegularExpression>
#include <QString>

namespace callconsole {

struct SimulatedBot
{
    QRegularExpression botAliasArn;       // matched against the action's BotAliasArn
    int conversationMs = 4000;
    QString intent = QStringLiteral("SimulatedIntent");
    QJsonObject slotValues;               // slot name → value as the caller said it
    QString state = QStringLiteral("ReadyForFulfillment"); // Intent.State
    QString confirmationState = QStringLiteral("None");
    double nluConfidence = 0.95;
    QString errorType;                    // set: the conversation fails with it
    QString errorMessage;

    static SimulatedBot fallback();       // any bot alias: SimulatedIntent, no slots
    // "bots": [{"botAliasArn": "*", "intent": …, "slots": {…}, "state": …}, …]
    static QList<SimulatedBot> fromJson(const QJsonValue &value, ValidationIssues &issues);

    // ActionData.IntentResult: the call's CallId is the Lex SessionId; session attributes
    // given in the action's Configuration come back.
    QJsonObject intentResult(const QString &sessionId, const QJsonObject &actionParameters) const;
};

} // namespace callconsole

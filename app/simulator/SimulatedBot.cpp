#include "SimulatedBot.h"

#include <QJsonArray>

namespace callconsole {

namespace {

// A bot alias ARN glob: '*' matches any run of characters, '/' included (Qt 6.4's wildcard
// conversion stops '*' at '/', as for file paths).
QRegularExpression globPattern(const QString &glob)
{
    return QRegularExpression(QRegularExpression::anchoredPattern(
        QRegularExpression::escape(glob).replace(QStringLiteral("\\*"), QStringLiteral(".*"))));
}

} // namespace

SimulatedBot SimulatedBot::fallback()
{
    SimulatedBot bot;
    bot.botAliasArn = globPattern(QStringLiteral("*"));
    return bot;
}

QList<SimulatedBot> SimulatedBot::fromJson(const QJsonValue &value, ValidationIssues &issues)
{
    QList<SimulatedBot> bots;
    if (value.isUndefined())
        return bots;
    if (!value.isArray()) {
        issues << ValidationIssue::error(QStringLiteral("bots"), {}, QStringLiteral("expected an array of bot behaviours"));
        return bots;
    }
    const QJsonArray list = value.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString where = QStringLiteral("bots[%1]").arg(i);
        const QJsonObject o = list.at(i).toObject();
        SimulatedBot bot = fallback();
        bot.botAliasArn = globPattern(o.value(QStringLiteral("botAliasArn")).toString(QStringLiteral("*")));
        bot.conversationMs = o.value(QStringLiteral("conversationMs")).toInt(bot.conversationMs);
        bot.intent = o.value(QStringLiteral("intent")).toString(bot.intent);
        bot.slotValues = o.value(QStringLiteral("slots")).toObject();
        for (auto it = bot.slotValues.constBegin(); it != bot.slotValues.constEnd(); ++it) {
            if (!it.value().isString() && !it.value().isNull())
                issues << ValidationIssue::error(where + QStringLiteral(".slots.") + it.key(), {},
                                                 QStringLiteral("expected the slot's value as a string, or null for an unfilled slot"));
        }
        bot.state = o.value(QStringLiteral("state")).toString(bot.state);
        static const QStringList states{QStringLiteral("Failed"), QStringLiteral("Fulfilled"), QStringLiteral("InProgress"),
                                        QStringLiteral("ReadyForFulfillment"), QStringLiteral("Waiting")};
        if (!states.contains(bot.state))
            issues << ValidationIssue::error(where + QStringLiteral(".state"), bot.state,
                                             QStringLiteral("expected one of %1").arg(states.join(QStringLiteral(", "))));
        bot.confirmationState = o.value(QStringLiteral("confirmationState")).toString(bot.confirmationState);
        bot.nluConfidence = o.value(QStringLiteral("nluConfidence")).toDouble(bot.nluConfidence);
        bot.errorType = o.value(QStringLiteral("errorType")).toString();
        bot.errorMessage = o.value(QStringLiteral("errorMessage")).toString(
            bot.errorType.isEmpty() ? QString() : QStringLiteral("Simulated %1 for this bot.").arg(bot.errorType));
        bots << bot;
    }
    return bots;
}

QJsonObject SimulatedBot::intentResult(const QString &sessionId, const QJsonObject &actionParameters) const
{
    QJsonObject filled;
    for (auto it = slotValues.constBegin(); it != slotValues.constEnd(); ++it) {
        if (it.value().isNull()) {
            filled.insert(it.key(), QJsonValue::Null); // "If a slot has not been filled, the value is null"
            continue;
        }
        const QString said = it.value().toString();
        filled.insert(it.key(), QJsonObject{{QStringLiteral("Value"),
                                                 QJsonObject{{QStringLiteral("OriginalValue"), said},
                                                             {QStringLiteral("InterpretedValue"), said},
                                                             {QStringLiteral("ResolvedValues"), QJsonArray{said}}}},
                                                {QStringLiteral("Values"), QJsonArray()}});
    }
    const QJsonObject intentObject{{QStringLiteral("Name"), intent},
                                   {QStringLiteral("Slots"), filled},
                                   {QStringLiteral("State"), state},
                                   {QStringLiteral("ConfirmationState"), confirmationState}};
    const QJsonObject sessionAttributes = actionParameters.value(QStringLiteral("Configuration")).toObject()
                                              .value(QStringLiteral("SessionState")).toObject()
                                              .value(QStringLiteral("SessionAttributes")).toObject();
    return QJsonObject{
        {QStringLiteral("SessionId"), sessionId},
        {QStringLiteral("SessionState"),
         QJsonObject{{QStringLiteral("SessionAttributes"), sessionAttributes}, {QStringLiteral("Intent"), intentObject}}},
        {QStringLiteral("Interpretations"),
         QJsonArray{QJsonObject{{QStringLiteral("NluConfidence"), QJsonObject{{QStringLiteral("Score"), nluConfidence}}},
                                {QStringLiteral("Intent"), intentObject}}}}};
}

} // namespace callconsole

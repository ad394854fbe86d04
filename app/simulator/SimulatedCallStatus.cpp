// What became of a SimulatedCall's invocations — how often each was sent and whether the
// service used, ignored or refused its reply — and the call's status as the simulator's own
// routes (dial-in, the call status) report it.
#include "SimulatedCall.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace callconsole {

void SimulatedCall::recordReply(int sequence, int status, const QByteArray &body, InvocationRecord::ReplyUse use,
                                const QString &note)
{
    for (auto it = m_record.rbegin(); it != m_record.rend(); ++it) {
        if (it->sequence != sequence)
            continue;
        it->replyStatus = status;
        it->use = use;
        it->note = note;
        it->replyActions.clear();
        for (const QJsonValue &action : QJsonDocument::fromJson(body).object().value(QStringLiteral("Actions")).toArray())
            it->replyActions << action.toObject().value(QStringLiteral("Type")).toString();
        if (use == InvocationRecord::ReplyUse::Ignored && (!it->replyActions.isEmpty() || !QJsonDocument::fromJson(body).isObject()))
            emit replyNotUsed(m_transactionId, sequence, it->type, note);
        if (use == InvocationRecord::ReplyUse::Invalid || use == InvocationRecord::ReplyUse::Failed)
            emit replyNotUsed(m_transactionId, sequence, it->type, note);
        return;
    }
}

QJsonObject InvocationRecord::toJson() const
{
    static const char *const uses[] = {"Pending", "Used", "Ignored", "Invalid", "Failed", "None"};
    QJsonObject o{{QStringLiteral("Sequence"), sequence},
                  {QStringLiteral("InvocationEventType"), type},
                  {QStringLiteral("Attempts"), attempts},
                  {QStringLiteral("ReplyStatus"), replyStatus},
                  {QStringLiteral("ReplyActions"), QJsonArray::fromStringList(replyActions)},
                  {QStringLiteral("Reply"), QLatin1String(uses[int(use)])}};
    if (!note.isEmpty())
        o.insert(QStringLiteral("Note"), note);
    return o;
}

QJsonObject SimulatedCall::statusJson() const
{
    const Participant &a = m_legs[0].participant;
    QJsonArray invocations;
    for (const InvocationRecord &record : m_record)
        invocations << record.toJson();
    QJsonObject o{{QStringLiteral("TransactionId"), m_transactionId},
                  {QStringLiteral("SipMediaApplicationId"), m_sma.id},
                  {QStringLiteral("Direction"), m_inbound ? QStringLiteral("Inbound") : QStringLiteral("Outbound")},
                  {QStringLiteral("From"), a.from},
                  {QStringLiteral("To"), a.to},
                  {QStringLiteral("State"), m_ended ? QStringLiteral("Ended") : m_answered ? QStringLiteral("Answered") : QStringLiteral("Ringing")},
                  {QStringLiteral("Answered"), m_answered},
                  {QStringLiteral("Invocations"), invocations}};
    if (m_inbound)
        o.insert(QStringLiteral("SipRuleId"), m_inbound->sipRuleId);
    if (m_ended)
        o.insert(QStringLiteral("SipResponseCode"), m_endCode);
    return o;
}

} // namespace callconsole

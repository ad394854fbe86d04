#include "FlowCheck.h"

#include "CallStore.h"
#include "InvocationEvent.h"
#include "JsonValues.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace callconsole {

namespace {

QString listText(const QStringList &items)
{
    return items.isEmpty() ? QStringLiteral("[]") : items.join(QStringLiteral(", "));
}

QString legOf(const InvocationEvent &event)
{
    const QJsonObject parameters = event.actionData.value_or(QJsonObject()).value(QLatin1String("Parameters")).toObject();
    const QString tag = parameters.value(QLatin1String("ParticipantTag")).toString();
    if (!tag.isEmpty())
        return tag.toUpper();
    const QString callId = parameters.value(QLatin1String("CallId")).toString();
    for (const Participant &participant : event.callDetails.participants) {
        if (!callId.isEmpty() && participant.callId == callId)
            return toString(participant.tag);
    }
    return QStringLiteral("LEG-A");
}

} // namespace

ObservedCall ObservedCall::fromDeliveries(const QString &transactionId, const QList<DeliveryRecord> &deliveries)
{
    ObservedCall call;
    call.transactionId = transactionId;
    CallStore store;
    QMap<int, ObservedEvent> bySequence;
    for (const DeliveryRecord &record : deliveries) {
        if (record.rejected || record.transactionId != transactionId)
            continue;
        const Parsed<InvocationEvent> parsed = InvocationEvent::parse(record.requestBody);
        if (!parsed.value)
            continue;
        const InvocationEvent &event = *parsed.value;
        ++call.deliveries;
        store.append(event, record.receivedAtMs, record.replyLatencyMs >= 0 ? std::optional<int>(record.replyLatencyMs) : std::nullopt, record.id);
        // A retried Sequence keeps the answer that counted: the last one the endpoint gave.
        ObservedEvent observed;
        observed.sequence = event.sequence;
        observed.type = toString(event.type);
        observed.leg = legOf(event);
        observed.actionType = event.actionData.value_or(QJsonObject()).value(QLatin1String("Type")).toString();
        if (event.callDetails.transactionAttributes) {
            QJsonObject attributes;
            for (auto it = event.callDetails.transactionAttributes->cbegin(); it != event.callDetails.transactionAttributes->cend(); ++it)
                attributes.insert(it.key(), it.value());
            observed.transactionAttributes = attributes;
        }
        observed.statusCode = record.statusCode;
        const QJsonDocument reply = QJsonDocument::fromJson(record.replyBody);
        observed.replyIsActionList = record.statusCode / 100 == 2 && reply.object().value(QLatin1String("Actions")).isArray();
        for (const QJsonValue &action : reply.object().value(QLatin1String("Actions")).toArray())
            observed.replyActions << action.toObject().value(QLatin1String("Type")).toString();
        observed.reply = json::bodyValue(record.replyBody);
        observed.replySource = record.replySource;
        observed.replyLatencyMs = record.replyLatencyMs;
        observed.handlerLog = bySequence.value(event.sequence).handlerLog + record.handlerLog;
        bySequence.insert(event.sequence, observed);
        call.identifiers.insert(transactionId, QStringLiteral("TransactionId"));
        for (const Participant &participant : event.callDetails.participants)
            call.identifiers.insert(participant.callId, toString(participant.tag) + QStringLiteral(" CallId"));
        if (event.type == InvocationEventType::Hangup && legOf(event) == QLatin1String("LEG-A")) {
            if (const auto hangup = event.hangupInfo())
                call.endSipCode = hangup->sipResponseCode;
        }
    }
    call.events = bySequence.values();
    const int index = store.indexOf(transactionId);
    if (index >= 0)
        call.anomalies = store.transaction(index).anomalies();
    return call;
}

QString describeObservedEvent(const ObservedEvent &event)
{
    QString type = event.type;
    if (!event.actionType.isEmpty())
        type += QStringLiteral(" (%1)").arg(event.actionType);
    if (event.leg != QLatin1String("LEG-A"))
        type += QStringLiteral(" [%1]").arg(event.leg);
    const QString reply = event.replyIsActionList ? listText(event.replyActions)
                                                  : QStringLiteral("HTTP %1").arg(event.statusCode);
    return QStringLiteral("seq %1  %2  → %3  (%4, %5 ms)")
        .arg(event.sequence, 2).arg(type, -34).arg(reply, event.replySource).arg(event.replyLatencyMs);
}

QList<FlowFailure> checkFlowCall(const FlowExpectations &expect, const ObservedCall &observed)
{
    QList<FlowFailure> failures;
    const auto compareOrder = [&](const QString &name, const QStringList &expected, const QString &leg) {
        QStringList actual;
        QList<int> sequences;
        for (const ObservedEvent &event : observed.events) {
            if (leg.isEmpty() || event.leg == leg) {
                actual << event.type;
                sequences << event.sequence;
            }
        }
        if (actual == expected)
            return;
        qsizetype first = 0;
        while (first < actual.size() && first < expected.size() && actual.at(first) == expected.at(first))
            ++first;
        failures << FlowFailure{name, listText(expected), listText(actual), sequences.value(first, sequences.isEmpty() ? 0 : sequences.last())};
    };
    if (expect.events)
        compareOrder(QStringLiteral("events"), *expect.events, {});
    for (auto it = expect.legs.cbegin(); it != expect.legs.cend(); ++it)
        compareOrder(QStringLiteral("legs.%1").arg(it.key()), it.value(), it.key());

    qsizetype from = 0;
    for (qsizetype i = 0; i < expect.replies.size(); ++i) {
        const ExpectedReply &reply = expect.replies.at(i);
        const QString name = QStringLiteral("replies[%1]").arg(i);
        const auto found = std::find_if(observed.events.cbegin() + from, observed.events.cend(),
                                        [&](const ObservedEvent &e) { return e.type == reply.eventType; });
        if (found == observed.events.cend()) {
            const int after = from > 0 ? observed.events.at(from - 1).sequence : 0;
            failures << FlowFailure{name, reply.text,
                                    after > 0 ? QStringLiteral("no %1 after seq %2").arg(reply.eventType).arg(after)
                                              : QStringLiteral("no %1 at all").arg(reply.eventType),
                                    after};
            continue;
        }
        from = (found - observed.events.cbegin()) + 1;
        if (!found->replyIsActionList) {
            failures << FlowFailure{name, reply.text,
                                    QStringLiteral("%1 → HTTP %2 from %3, not an action list")
                                        .arg(found->type).arg(found->statusCode).arg(found->replySource),
                                    found->sequence};
        } else if (found->replyActions != reply.actionTypes) {
            failures << FlowFailure{name, reply.text, QStringLiteral("%1 → %2").arg(found->type, listText(found->replyActions)),
                                    found->sequence};
        }
    }

    if (expect.transactionAttributes) {
        const ObservedEvent *last = observed.events.isEmpty() ? nullptr : &observed.events.last();
        const QJsonObject actual = last ? last->transactionAttributes.value_or(QJsonObject()) : QJsonObject();
        for (auto it = expect.transactionAttributes->begin(); it != expect.transactionAttributes->end(); ++it) {
            if (actual.value(it.key()) != it.value()) {
                failures << FlowFailure{QStringLiteral("transactionAttributes"),
                                        QString::fromUtf8(QJsonDocument(*expect.transactionAttributes).toJson(QJsonDocument::Compact)),
                                        QString::fromUtf8(QJsonDocument(actual).toJson(QJsonDocument::Compact)),
                                        last ? last->sequence : 0};
                break;
            }
        }
    }
    if (expect.noAnomalies) {
        for (const Anomaly &anomaly : observed.anomalies) {
            if (expect.noAnomalies->isEmpty() || expect.noAnomalies->contains(toString(anomaly.kind))) {
                failures << FlowFailure{QStringLiteral("noAnomalies"),
                                        expect.noAnomalies->isEmpty() ? QStringLiteral("no anomalies")
                                                                      : QStringLiteral("none of ") + expect.noAnomalies->join(QStringLiteral(", ")),
                                        QStringLiteral("%1: %2").arg(toString(anomaly.kind), anomaly.message), anomaly.sequence};
            }
        }
    }
    if (expect.endSipCode && observed.endSipCode != expect.endSipCode) {
        failures << FlowFailure{QStringLiteral("endSipCode"), QString::number(*expect.endSipCode),
                                observed.endSipCode ? QString::number(*observed.endSipCode) : QStringLiteral("the call did not end"),
                                observed.events.isEmpty() ? 0 : observed.events.last().sequence};
    }
    if (expect.maxReplyLatencyMs) {
        for (const ObservedEvent &event : observed.events) {
            if (event.replyLatencyMs > *expect.maxReplyLatencyMs) {
                failures << FlowFailure{QStringLiteral("maxReplyLatencyMs"), QStringLiteral("at most %1 ms").arg(*expect.maxReplyLatencyMs),
                                        QStringLiteral("%1 ms for %2").arg(event.replyLatencyMs).arg(event.type), event.sequence};
            }
        }
    }
    if (!expect.logLines.isEmpty()) {
        QByteArray log;
        for (const ObservedEvent &event : observed.events)
            log += event.handlerLog;
        for (const QString &line : expect.logLines) {
            if (!log.contains(line.toUtf8())) {
                failures << FlowFailure{QStringLiteral("log"), QStringLiteral("a line with \"%1\"").arg(line),
                                        log.isEmpty() ? QStringLiteral("the handler logged nothing")
                                                      : QStringLiteral("%1 log lines without it").arg(log.count('\n')),
                                        0};
            }
        }
    }
    return failures;
}

} // namespace callconsole

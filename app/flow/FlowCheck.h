// A flow's expectations held against what happened to one of its calls. What happened comes
// from the endpoint's deliveries (event, reply, latency, the handler's log) and the call's end,
// so the same check serves a handler file, a forward URL or the built-in rules.
#pragma once

#include "CallFlow.h"
#include "DeliveryRecord.h"
#include "TransactionAnalysis.h"

#include <QHash>
#include <QList>

#include <optional>

namespace callconsole {

struct ObservedEvent
{
    int sequence = 0;
    QString type;
    QString leg = QStringLiteral("LEG-A");   // the participant the event is about
    QString actionType;                      // ActionData.Type, if any
    std::optional<QJsonObject> transactionAttributes;
    int statusCode = 0;                      // what the endpoint answered
    bool replyIsActionList = false;
    QStringList replyActions;
    QJsonValue reply;                        // the reply as JSON (its text when it was not JSON)
    QString replySource;
    int replyLatencyMs = -1;
    QByteArray handlerLog;
};

struct ObservedCall
{
    QString transactionId;
    QList<ObservedEvent> events;             // one per Sequence (the answered delivery), in Sequence order
    int deliveries = 0;                      // retries and duplicates included
    std::optional<int> endSipCode;
    QList<Anomaly> anomalies;
    // This run's own identifiers, which another run of the same call cannot share:
    // each leg's CallId and the TransactionId, to what they stand for ("LEG-A CallId").
    QHash<QString, QString> identifiers;

    // From one transaction's deliveries, in any order.
    static ObservedCall fromDeliveries(const QString &transactionId, const QList<DeliveryRecord> &deliveries);
};

struct FlowFailure
{
    QString expectation;   // "events", "replies[1]", "endSipCode", …
    QString expected;
    QString actual;
    int sequence = 0;      // the event it concerns; 0: the call as a whole
};

QList<FlowFailure> checkFlowCall(const FlowExpectations &expect, const ObservedCall &observed);

// "seq 3  CALL_ANSWERED  → PlayAudioAndGetDigits  (handler, 12 ms)"
QString describeObservedEvent(const ObservedEvent &event);

} // namespace callconsole

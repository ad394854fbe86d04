// One transaction as a sequence diagram: the lanes (Chime SMA, the endpoint, and the user's
// handler when a reply was forwarded) and the arrows between them — each invocation and each
// reply, in arrival or in Sequence order — with the anomalies core found on the arrows they
// concern. Pure data: the ladder view paints it, the exports write it, and toMermaid() is the
// Mermaid text of exactly the same rows.
#pragma once

#include "AnomalyKindMask.h"
#include "DeliveryRecord.h"
#include "EventListModel.h"

#include <QList>
#include <QString>

#include <functional>

namespace callconsole {

enum class LadderLane { ChimeSma, Endpoint, Handler };

// Who produced a reply, read from DeliveryRecord::replySource.
enum class ReplyProducer { Rule, Default, Breakpoint, BreakpointTimeout, Forward, Fallback, Unknown };
ReplyProducer replyProducerFrom(const QString &replySource);

struct LadderArrow
{
    enum class Kind {
        Invocation,     // the service POSTs an event to the endpoint
        Forward,        // the endpoint passes it on to the user's handler
        HandlerReply,   // the handler answers (or fails to)
        Reply,          // the endpoint's action list back to the service
    };

    Kind kind = Kind::Invocation;
    LadderLane from = LadderLane::ChimeSma;
    LadderLane to = LadderLane::Endpoint;
    int arrivalIndex = -1;
    int sequence = 0;
    qint64 atMs = 0;              // when it happened (epoch ms; replies: received + latency)
    QString label;
    QList<Anomaly> anomalies;     // shown anomalies that concern this arrow

    bool isAnswer() const { return kind == Kind::Reply || kind == Kind::HandlerReply; }
};

class LadderDiagram
{
public:
    // The HTTP exchange that carried an event (EventRecord::eventId, any value but -1); null when
    // the session does not have it (imported events), and the arrows then say only what the
    // analysis knows.
    using DeliveryLookup = std::function<const DeliveryRecord *(qint64 eventId)>;

    static LadderDiagram build(const TransactionAnalysis &transaction, const DeliveryLookup &deliveries,
                               EventOrder order = EventOrder::Sequence,
                               AnomalyKindMask shown = allAnomalyKindsMask());

    const QString &transactionId() const { return m_transactionId; }
    EventOrder order() const { return m_order; }
    const QList<LadderLane> &lanes() const { return m_lanes; }
    const QList<LadderArrow> &arrows() const { return m_arrows; }
    bool isEmpty() const { return m_arrows.isEmpty(); }
    int laneIndex(LadderLane lane) const { return int(m_lanes.indexOf(lane)); }
    qint64 firstMs() const { return m_firstMs; }

    // The invocation arrow of an event, or -1.
    int arrowOfArrival(int arrivalIndex) const;

    static QString laneName(LadderLane lane);   // "Chime SMA"
    static QString mermaidId(LadderLane lane);  // "SMA"

    // A `sequenceDiagram` with one arrow per row above and a `Note over` per anomaly.
    QString toMermaid() const;

private:
    QString m_transactionId;
    EventOrder m_order = EventOrder::Sequence;
    QList<LadderLane> m_lanes;
    QList<LadderArrow> m_arrows;
    qint64 m_firstMs = 0;
};

} // namespace callconsole

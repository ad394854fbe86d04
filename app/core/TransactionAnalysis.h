// One transaction's events and what they say: both orders (arrival and Sequence), the phase of
// each leg over time, and the ordering anomalies a handler must survive. Appending costs
// O(log n) in the transaction; only the rare events that move a landmark of the call (a NEW_*
// or CALL_ANSWERED arriving late) re-check the transitions of that one transaction.
#pragma once

#include "InvocationEvent.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QVector>

#include <map>
#include <optional>

namespace callconsole {

enum class CallPhase : quint8 { Dialing, Ringing, Connected, Ended };
QString toString(CallPhase phase); // "dialing"

enum class AnomalyKind : quint8 {
    SequenceGap,
    OutOfOrder,
    Duplicate,
    AfterHangup,
    IllegalTransition,
    MissingStart,
    LateReply,
};
QString toString(AnomalyKind kind); // "sequence_gap"
QList<AnomalyKind> allAnomalyKinds();

// The service retries an invocation after 5 s without a reply and hangs up after 20 s.
constexpr int retryDeadlineMs = 5000;
constexpr int hangupDeadlineMs = 20000;

// What the timeline needs of one event, kept small: a million of these must fit in memory.
// The full JSON lives in the session store under eventId.
struct EventRecord
{
    qint64 eventId = -1;
    qint64 receivedAtMs = 0;
    qint32 sequence = 0;
    qint32 arrivalIndex = 0;
    qint32 replyLatencyMs = -1;          // -1: not known (yet)
    quint32 bodyHash = 0;                // tells identical from conflicting duplicates
    qint16 sipResponseCode = -1;         // HANGUP only
    InvocationEventType type = InvocationEventType::NewInboundCall;
    qint8 hangupLeg = -1;                // HANGUP: 0 = LEG-A, 1 = LEG-B
    ParticipantStatus legStatus[2] = {ParticipantStatus::Unknown, ParticipantStatus::Unknown};
    bool legPresent[2] = {false, false};
    bool isDuplicate = false;            // a second delivery of a Sequence already seen
};

struct Anomaly
{
    AnomalyKind kind = AnomalyKind::SequenceGap;
    int sequence = 0;                    // the Sequence it is reported on
    QList<int> arrivalIndexes;           // the events involved, by arrival index
    QString message;                     // one line a person can act on
};

struct PhaseSpan
{
    CallPhase phase = CallPhase::Dialing;
    qint64 startMs = 0;
    qint64 endMs = -1;                   // -1: still in this phase
    int sipResponseCode = -1;            // Ended only
};

struct LegState
{
    ParticipantTag tag = ParticipantTag::LegA;
    CallPhase phase = CallPhase::Dialing;
    int sipResponseCode = -1;
    QList<PhaseSpan> spans;
};

class TransactionAnalysis
{
public:
    // openedAtMs: when a transaction is known before any of its events is stored (its first
    // event held at a breakpoint), firstMs/lastMs until that first event replaces it.
    explicit TransactionAnalysis(QString transactionId = {}, qint64 openedAtMs = 0);

    // Returns the new event's arrival index.
    int append(const InvocationEvent &event, qint64 receivedAtMs, std::optional<int> replyLatencyMs = {},
               qint64 eventId = -1);
    void setReplyLatency(int arrivalIndex, int latencyMs);

    const QString &transactionId() const { return m_transactionId; }
    const QString &from() const { return m_from; }
    const QString &to() const { return m_to; }
    std::optional<CallDirection> direction() const { return m_direction; }

    const QVector<EventRecord> &eventsByArrival() const { return m_events; }
    // Arrival indexes sorted by (Sequence, arrival): the order the service meant.
    const QVector<int> &sequenceOrder() const { return m_bySequence; }
    int eventCount() const { return int(m_events.size()); }
    qint64 firstMs() const { return m_firstMs; }
    qint64 lastMs() const { return m_lastMs; }

    QList<Anomaly> anomalies() const;    // sorted by Sequence, then kind
    int anomalyCount() const;

    QList<LegState> legs() const;        // LEG-A, and LEG-B once it appeared
    CallPhase phase() const;             // Ended once every leg has ended
    QString stateText() const;           // "connected", "ended (486)"

    // The `analyze --json` shape of this transaction.
    QJsonObject toJson() const;

private:
    void checkEvent(int arrivalIndex);           // anomalies that depend on one event alone
    bool updateLandmarks(const EventRecord &record);
    void checkTransitions(int arrivalIndex);
    void recheckAllTransitions();
    void fillGap(int sequence);
    void checkAfterHangup(int arrivalIndex);
    void recomputeLegs() const;

    QString m_transactionId;
    QString m_from;
    QString m_to;
    std::optional<CallDirection> m_direction;
    QVector<EventRecord> m_events;
    QVector<int> m_bySequence;
    qint64 m_firstMs = 0;
    qint64 m_lastMs = 0;
    int m_minSequence = 0;
    int m_maxSequence = 0;

    // Landmarks of the call, by Sequence (0: not seen). Transitions are judged against them.
    int m_firstNewSequence = 0;
    int m_firstAnsweredSequence = 0;
    int m_endSequence = 0;               // the HANGUP that ended the last leg

    std::map<int, int> m_missing;        // gaps: first missing Sequence → last missing Sequence
    QList<Anomaly> m_eventAnomalies;     // out_of_order, duplicate, late_reply, after_hangup
    QList<Anomaly> m_transitionAnomalies;

    mutable bool m_legsDirty = false;
    mutable QList<LegState> m_legs;
};

} // namespace callconsole

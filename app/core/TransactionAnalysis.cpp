#include "TransactionAnalysis.h"

#include <QHashFunctions>
#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>

namespace callconsole {

QString toString(CallPhase phase)
{
    switch (phase) {
    case CallPhase::Dialing: return QStringLiteral("dialing");
    case CallPhase::Ringing: return QStringLiteral("ringing");
    case CallPhase::Connected: return QStringLiteral("connected");
    case CallPhase::Ended: return QStringLiteral("ended");
    }
    return {};
}

QString toString(AnomalyKind kind)
{
    switch (kind) {
    case AnomalyKind::SequenceGap: return QStringLiteral("sequence_gap");
    case AnomalyKind::OutOfOrder: return QStringLiteral("out_of_order");
    case AnomalyKind::Duplicate: return QStringLiteral("duplicate");
    case AnomalyKind::AfterHangup: return QStringLiteral("after_hangup");
    case AnomalyKind::IllegalTransition: return QStringLiteral("illegal_transition");
    case AnomalyKind::MissingStart: return QStringLiteral("missing_start");
    case AnomalyKind::LateReply: return QStringLiteral("late_reply");
    }
    return {};
}

QList<AnomalyKind> allAnomalyKinds()
{
    return {AnomalyKind::SequenceGap, AnomalyKind::OutOfOrder, AnomalyKind::Duplicate, AnomalyKind::AfterHangup,
            AnomalyKind::IllegalTransition, AnomalyKind::MissingStart, AnomalyKind::LateReply};
}

namespace {

bool isNewCall(InvocationEventType type)
{
    return type == InvocationEventType::NewInboundCall || type == InvocationEventType::NewOutboundCall;
}

// Events that only follow an answered outbound leg; CALL_UPDATE_REQUESTED and
// INVALID_LAMBDA_RESPONSE may legitimately come while it still rings.
bool needsAnsweredOutboundCall(InvocationEventType type)
{
    switch (type) {
    case InvocationEventType::ActionSuccessful:
    case InvocationEventType::ActionFailed:
    case InvocationEventType::ActionInterrupted:
    case InvocationEventType::DigitsReceived:
        return true;
    default:
        return false;
    }
}

// Tells identical deliveries from conflicting ones. Hashes the parsed fields rather than
// re-serializing the event: loading a million events must not pay for a million JSON writes.
size_t contentHash(const InvocationEvent &event)
{
    size_t seed = qHashMulti(0, int(event.type), event.sequence, event.schemaVersion, event.errorType, event.errorMessage);
    const CallDetails &d = event.callDetails;
    seed = qHashMulti(seed, d.transactionId, d.awsAccountId, d.awsRegion, d.sipRuleId, d.sipMediaApplicationId);
    if (d.transactionAttributes) {
        for (auto it = d.transactionAttributes->cbegin(); it != d.transactionAttributes->cend(); ++it)
            seed = qHashMulti(seed, it.key(), it.value());
    }
    for (const Participant &p : d.participants) {
        seed = qHashMulti(seed, p.callId, int(p.tag), p.to, p.from, int(p.direction), p.startTimeMs, int(p.status));
        for (auto it = p.sipHeaders.cbegin(); it != p.sipHeaders.cend(); ++it)
            seed = qHashMulti(seed, it.key(), it.value());
    }
    if (event.actionData)
        seed = qHash(*event.actionData, seed);
    return seed;
}

QString describe(const EventRecord &record)
{
    return QStringLiteral("%1 (Sequence %2)").arg(toString(record.type)).arg(record.sequence);
}

int legIndex(ParticipantTag tag)
{
    return tag == ParticipantTag::LegA ? 0 : 1;
}

// A HANGUP ends the call when no leg it lists is still connected.
bool endsCall(const EventRecord &record)
{
    if (record.type != InvocationEventType::Hangup)
        return false;
    for (int leg = 0; leg < 2; ++leg) {
        if (!record.legPresent[leg] || leg == record.hangupLeg)
            continue;
        if (record.legStatus[leg] != ParticipantStatus::Disconnected)
            return false;
    }
    return true;
}

} // namespace

TransactionAnalysis::TransactionAnalysis(QString transactionId, qint64 openedAtMs)
    : m_transactionId(std::move(transactionId))
    , m_firstMs(openedAtMs)
    , m_lastMs(openedAtMs)
{
}

int TransactionAnalysis::append(const InvocationEvent &event, qint64 receivedAtMs,
                                std::optional<int> replyLatencyMs, qint64 eventId)
{
    EventRecord record;
    record.eventId = eventId;
    record.receivedAtMs = receivedAtMs;
    record.sequence = event.sequence;
    record.arrivalIndex = int(m_events.size());
    record.replyLatencyMs = replyLatencyMs.value_or(-1);
    record.bodyHash = quint32(contentHash(event));
    record.type = event.type;
    for (const Participant &participant : event.callDetails.participants) {
        const int leg = legIndex(participant.tag);
        record.legPresent[leg] = true;
        record.legStatus[leg] = participant.status;
    }
    if (const auto hangup = event.hangupInfo()) {
        record.sipResponseCode = qint16(hangup->sipResponseCode);
        if (hangup->tag)
            record.hangupLeg = qint8(legIndex(*hangup->tag));
        else if (const auto *legA = event.callDetails.participant(ParticipantTag::LegA))
            record.hangupLeg = qint8(legA->callId == hangup->callId || hangup->callId.isEmpty() ? 0 : 1);
    } else if (event.type == InvocationEventType::Hangup) {
        record.hangupLeg = 0;
    }
    if (m_from.isEmpty()) {
        if (const auto *legA = event.callDetails.participant(ParticipantTag::LegA)) {
            m_from = legA->from;
            m_to = legA->to;
            m_direction = legA->direction;
        }
    }

    const auto bySequence = [this](int index, int sequence) { return m_events.at(index).sequence < sequence; };
    const auto firstOfSequence = std::lower_bound(m_bySequence.cbegin(), m_bySequence.cend(), record.sequence, bySequence);
    const bool duplicate = firstOfSequence != m_bySequence.cend() && m_events.at(*firstOfSequence).sequence == record.sequence;
    record.isDuplicate = duplicate;
    const int firstIndex = duplicate ? *firstOfSequence : -1;
    auto insertAt = std::upper_bound(m_bySequence.cbegin(), m_bySequence.cend(), record.sequence,
                                     [this](int sequence, int index) { return sequence < m_events.at(index).sequence; });
    const int position = int(insertAt - m_bySequence.cbegin());

    const int index = record.arrivalIndex;
    m_events.append(record);
    m_bySequence.insert(position, index);
    m_firstMs = m_events.size() == 1 ? receivedAtMs : std::min(m_firstMs, receivedAtMs);
    m_lastMs = m_events.size() == 1 ? receivedAtMs : std::max(m_lastMs, receivedAtMs);
    m_legsDirty = true;

    if (duplicate) {
        const EventRecord &first = m_events.at(firstIndex);
        const bool identical = first.bodyHash == record.bodyHash;
        m_eventAnomalies << Anomaly{AnomalyKind::Duplicate, record.sequence, {firstIndex, index},
                                    identical ? QStringLiteral("%1 delivered again, identical to the first delivery "
                                                               "— a retry; de-duplicate on TransactionId + Sequence")
                                                    .arg(describe(record))
                                              : QStringLiteral("%1 delivered again with a different body than the "
                                                               "first delivery (%2) — conflicting duplicate")
                                                    .arg(describe(record), toString(first.type))};
    } else {
        checkEvent(index);
        if (updateLandmarks(record))
            recheckAllTransitions();
        else {
            checkTransitions(index);
            checkAfterHangup(index);
        }
    }
    if (record.replyLatencyMs >= 0)
        setReplyLatency(index, record.replyLatencyMs);
    return index;
}

void TransactionAnalysis::checkEvent(int arrivalIndex)
{
    const EventRecord &record = m_events.at(arrivalIndex);
    const int sequence = record.sequence;
    if (m_minSequence == 0) {
        m_minSequence = m_maxSequence = sequence;
        return;
    }
    if (sequence > m_maxSequence) {
        if (sequence > m_maxSequence + 1)
            m_missing[m_maxSequence + 1] = sequence - 1;
        m_maxSequence = sequence;
        return;
    }
    // Below the highest Sequence seen: it arrived after a later one.
    const int highestIndex = m_bySequence.isEmpty() ? arrivalIndex : m_bySequence.last();
    m_eventAnomalies << Anomaly{AnomalyKind::OutOfOrder, sequence, {highestIndex, arrivalIndex},
                                QStringLiteral("%1 arrived after Sequence %2 — order by Sequence, not arrival")
                                    .arg(describe(record))
                                    .arg(m_maxSequence)};
    if (sequence < m_minSequence) {
        if (sequence < m_minSequence - 1)
            m_missing[sequence + 1] = m_minSequence - 1;
        m_minSequence = sequence;
    } else {
        fillGap(sequence);
    }
}

void TransactionAnalysis::fillGap(int sequence)
{
    auto it = m_missing.upper_bound(sequence);
    if (it == m_missing.begin())
        return;
    --it;
    const int first = it->first;
    const int last = it->second;
    if (sequence < first || sequence > last)
        return;
    m_missing.erase(it);
    if (first < sequence)
        m_missing[first] = sequence - 1;
    if (sequence < last)
        m_missing[sequence + 1] = last;
}

bool TransactionAnalysis::updateLandmarks(const EventRecord &record)
{
    bool changed = false;
    const auto earlier = [&record](int landmark) { return landmark == 0 || record.sequence < landmark; };
    if (isNewCall(record.type) && earlier(m_firstNewSequence)) {
        m_firstNewSequence = record.sequence;
        changed = true;
    }
    if (record.type == InvocationEventType::CallAnswered && earlier(m_firstAnsweredSequence)) {
        m_firstAnsweredSequence = record.sequence;
        changed = true;
    }
    if (endsCall(record) && earlier(m_endSequence)) {
        m_endSequence = record.sequence;
        changed = true;
    }
    return changed;
}

void TransactionAnalysis::checkTransitions(int arrivalIndex)
{
    const EventRecord &record = m_events.at(arrivalIndex);
    if (record.isDuplicate)
        return;
    const int sequence = record.sequence;
    const auto illegal = [&](const QString &why) {
        m_transitionAnomalies << Anomaly{AnomalyKind::IllegalTransition, sequence, {arrivalIndex},
                                         QStringLiteral("%1: %2").arg(describe(record), why)};
    };
    if (isNewCall(record.type)) {
        if (m_firstNewSequence != 0 && sequence != m_firstNewSequence)
            illegal(QStringLiteral("a second NEW_* event; the call already started at Sequence %1").arg(m_firstNewSequence));
        return;
    }
    if (m_firstNewSequence != 0 && sequence < m_firstNewSequence) {
        illegal(QStringLiteral("comes before the call started (NEW_* at Sequence %1)").arg(m_firstNewSequence));
        return;
    }
    const bool outbound = m_direction == CallDirection::Outbound;
    if (record.type == InvocationEventType::CallAnswered) {
        if (m_direction == CallDirection::Inbound)
            illegal(QStringLiteral("CALL_ANSWERED belongs to outbound calls; this call is inbound"));
        else if (m_firstAnsweredSequence != 0 && sequence != m_firstAnsweredSequence)
            illegal(QStringLiteral("a second CALL_ANSWERED; the call was answered at Sequence %1").arg(m_firstAnsweredSequence));
        return;
    }
    if (record.type == InvocationEventType::Ringing && m_firstAnsweredSequence != 0 && sequence > m_firstAnsweredSequence) {
        illegal(QStringLiteral("RINGING after CALL_ANSWERED (Sequence %1)").arg(m_firstAnsweredSequence));
        return;
    }
    if (outbound && needsAnsweredOutboundCall(record.type)
        && (m_firstAnsweredSequence == 0 || sequence < m_firstAnsweredSequence)) {
        illegal(QStringLiteral("before CALL_ANSWERED — an outbound call runs actions only once answered"));
    }
}

void TransactionAnalysis::checkAfterHangup(int arrivalIndex)
{
    const EventRecord &record = m_events.at(arrivalIndex);
    if (record.isDuplicate || m_endSequence == 0 || record.sequence <= m_endSequence)
        return;
    m_transitionAnomalies << Anomaly{AnomalyKind::AfterHangup, record.sequence, {arrivalIndex},
                                     QStringLiteral("%1 after the call ended (HANGUP at Sequence %2)")
                                         .arg(describe(record))
                                         .arg(m_endSequence)};
}

void TransactionAnalysis::recheckAllTransitions()
{
    m_transitionAnomalies.clear();
    for (const int index : std::as_const(m_bySequence)) {
        checkTransitions(index);
        checkAfterHangup(index);
    }
}

void TransactionAnalysis::setReplyLatency(int arrivalIndex, int latencyMs)
{
    if (arrivalIndex < 0 || arrivalIndex >= m_events.size())
        return;
    EventRecord &record = m_events[arrivalIndex];
    record.replyLatencyMs = latencyMs;
    const auto existing = std::find_if(m_eventAnomalies.begin(), m_eventAnomalies.end(), [&](const Anomaly &a) {
        return a.kind == AnomalyKind::LateReply && a.arrivalIndexes.value(0) == arrivalIndex;
    });
    if (existing != m_eventAnomalies.end())
        m_eventAnomalies.erase(existing);
    if (latencyMs <= retryDeadlineMs)
        return;
    const QString consequence = latencyMs > hangupDeadlineMs
        ? QStringLiteral("past the 20 s limit: the service hangs up the call")
        : QStringLiteral("past the 5 s retry deadline: the service re-sends this invocation");
    m_eventAnomalies << Anomaly{AnomalyKind::LateReply, record.sequence, {arrivalIndex},
                                QStringLiteral("%1 answered after %2 ms — %3").arg(describe(record)).arg(latencyMs).arg(consequence)};
}

QList<Anomaly> TransactionAnalysis::anomalies() const
{
    QList<Anomaly> all = m_eventAnomalies + m_transitionAnomalies;
    const auto indexOfSequence = [this](int sequence) {
        const auto it = std::lower_bound(m_bySequence.cbegin(), m_bySequence.cend(), sequence,
                                         [this](int index, int s) { return m_events.at(index).sequence < s; });
        return it != m_bySequence.cend() && m_events.at(*it).sequence == sequence ? *it : -1;
    };
    for (const auto &[first, last] : m_missing) {
        const int before = indexOfSequence(first - 1);
        const int after = indexOfSequence(last + 1);
        const QString range = first == last ? QStringLiteral("Sequence %1 is").arg(first)
                                            : QStringLiteral("Sequences %1–%2 are").arg(first).arg(last);
        all << Anomaly{AnomalyKind::SequenceGap, first, {before, after},
                       QStringLiteral("%1 missing between %2 and %3").arg(range,
                           before >= 0 ? describe(m_events.at(before)) : QStringLiteral("?"),
                           after >= 0 ? describe(m_events.at(after)) : QStringLiteral("?"))};
    }
    if (m_minSequence > 1) {
        const int first = indexOfSequence(m_minSequence);
        all << Anomaly{AnomalyKind::MissingStart, m_minSequence, {first},
                       QStringLiteral("the first event is %1: Sequence%2 never arrived")
                           .arg(describe(m_events.at(first)),
                                m_minSequence == 2 ? QStringLiteral(" 1") : QStringLiteral("s 1–%1").arg(m_minSequence - 1))};
    }
    std::stable_sort(all.begin(), all.end(), [](const Anomaly &a, const Anomaly &b) {
        return a.sequence != b.sequence ? a.sequence < b.sequence : a.kind < b.kind;
    });
    return all;
}

int TransactionAnalysis::anomalyCount() const
{
    return int(m_eventAnomalies.size() + m_transitionAnomalies.size() + m_missing.size()) + (m_minSequence > 1 ? 1 : 0);
}

void TransactionAnalysis::recomputeLegs() const
{
    m_legs.clear();
    LegState legs[2] = {{ParticipantTag::LegA, CallPhase::Dialing, -1, {}}, {ParticipantTag::LegB, CallPhase::Dialing, -1, {}}};
    bool present[2] = {false, false};
    const auto enter = [&](int leg, CallPhase phase, qint64 at, int code = -1) {
        LegState &state = legs[leg];
        if (!present[leg]) {
            present[leg] = true;
            state.phase = phase;
            state.spans << PhaseSpan{phase, at, -1, phase == CallPhase::Ended ? code : -1};
            state.sipResponseCode = phase == CallPhase::Ended ? code : -1;
            return;
        }
        if (state.phase == CallPhase::Ended && phase == CallPhase::Ended && code > 0) {
            // A Disconnected status came first (caller hung up mid-action); the HANGUP that
            // follows carries the real cause.
            state.sipResponseCode = state.spans.last().sipResponseCode = code;
            return;
        }
        if (state.phase == CallPhase::Ended || state.phase == phase)
            return; // the end is final; a repeat of the current phase changes nothing
        state.spans.last().endMs = at;
        state.phase = phase;
        state.spans << PhaseSpan{phase, at, -1, phase == CallPhase::Ended ? code : -1};
        if (phase == CallPhase::Ended)
            state.sipResponseCode = code;
    };

    for (const int index : m_bySequence) {
        const EventRecord &r = m_events.at(index);
        if (r.isDuplicate)
            continue;
        const qint64 at = r.receivedAtMs;
        switch (r.type) {
        case InvocationEventType::NewOutboundCall: enter(0, CallPhase::Dialing, at); break;
        case InvocationEventType::NewInboundCall: enter(0, CallPhase::Ringing, at); break;
        case InvocationEventType::Ringing:
            enter(present[1] && legs[0].phase == CallPhase::Connected ? 1 : 0, CallPhase::Ringing, at);
            break;
        case InvocationEventType::CallAnswered: enter(0, CallPhase::Connected, at); break;
        default: break;
        }
        for (int leg = 0; leg < 2; ++leg) {
            if (!r.legPresent[leg])
                continue;
            if (r.type == InvocationEventType::Hangup && r.hangupLeg == leg)
                continue; // handled below with its SIP response code
            switch (r.legStatus[leg]) {
            case ParticipantStatus::Connected: enter(leg, CallPhase::Connected, at); break;
            case ParticipantStatus::Disconnected: enter(leg, CallPhase::Ended, at, 0); break;
            case ParticipantStatus::Unknown: if (!present[leg]) enter(leg, CallPhase::Dialing, at); break;
            }
        }
        if (r.type == InvocationEventType::Hangup && r.hangupLeg >= 0)
            enter(r.hangupLeg, CallPhase::Ended, at, r.sipResponseCode < 0 ? 0 : r.sipResponseCode);
    }
    for (int leg = 0; leg < 2; ++leg) {
        if (present[leg])
            m_legs << legs[leg];
    }
    m_legsDirty = false;
}

QList<LegState> TransactionAnalysis::legs() const
{
    if (m_legsDirty)
        recomputeLegs();
    return m_legs;
}

CallPhase TransactionAnalysis::phase() const
{
    const QList<LegState> all = legs();
    if (all.isEmpty())
        return CallPhase::Dialing;
    bool allEnded = true;
    bool anyConnected = false;
    for (const LegState &leg : all) {
        allEnded = allEnded && leg.phase == CallPhase::Ended;
        anyConnected = anyConnected || leg.phase == CallPhase::Connected;
    }
    if (allEnded)
        return CallPhase::Ended;
    return anyConnected ? CallPhase::Connected : all.first().phase;
}

QString TransactionAnalysis::stateText() const
{
    const CallPhase current = phase();
    if (current != CallPhase::Ended)
        return toString(current);
    const QList<LegState> all = legs();
    return QStringLiteral("ended (%1)").arg(all.first().sipResponseCode);
}

QJsonObject TransactionAnalysis::toJson() const
{
    QJsonArray legsJson;
    for (const LegState &leg : legs()) {
        QJsonObject object{{QStringLiteral("tag"), toString(leg.tag)}, {QStringLiteral("state"), toString(leg.phase)}};
        if (leg.phase == CallPhase::Ended)
            object.insert(QStringLiteral("sipResponseCode"), leg.sipResponseCode);
        legsJson << object;
    }
    QJsonArray eventsJson;
    for (const EventRecord &r : m_events) {
        QJsonObject object{{QStringLiteral("sequence"), r.sequence},
                           {QStringLiteral("type"), toString(r.type)},
                           {QStringLiteral("arrivalIndex"), r.arrivalIndex},
                           {QStringLiteral("receivedAtMs"), double(r.receivedAtMs)}};
        if (r.replyLatencyMs >= 0)
            object.insert(QStringLiteral("replyLatencyMs"), r.replyLatencyMs);
        if (r.isDuplicate)
            object.insert(QStringLiteral("duplicate"), true);
        eventsJson << object;
    }
    QJsonArray anomaliesJson;
    for (const Anomaly &anomaly : anomalies()) {
        QJsonArray involved;
        for (const int index : anomaly.arrivalIndexes)
            involved << index;
        anomaliesJson << QJsonObject{{QStringLiteral("kind"), toString(anomaly.kind)},
                                     {QStringLiteral("sequence"), anomaly.sequence},
                                     {QStringLiteral("message"), anomaly.message},
                                     {QStringLiteral("events"), involved}};
    }
    QJsonObject object{{QStringLiteral("transactionId"), m_transactionId},
                       {QStringLiteral("state"), stateText()},
                       {QStringLiteral("legs"), legsJson},
                       {QStringLiteral("events"), eventsJson},
                       {QStringLiteral("anomalies"), anomaliesJson}};
    if (!m_from.isEmpty()) {
        object.insert(QStringLiteral("from"), m_from);
        object.insert(QStringLiteral("to"), m_to);
    }
    return object;
}

} // namespace callconsole

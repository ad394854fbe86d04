#include "LadderDiagram.h"

#include "ActionList.h"
#include "InvocationEvent.h"

#include <QCoreApplication>
#include <QJsonObject>

#include <algorithm>

namespace callconsole {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("LadderDiagram", text);
}

const QString dot = QStringLiteral(" · ");

// The leg an event is about: the one its ActionData targets, else the only participant; both
// tags for a bridged call whose event names neither.
QString legOf(const InvocationEvent &event)
{
    if (event.actionData) {
        const QJsonObject parameters = event.actionData->value(QStringLiteral("Parameters")).toObject();
        if (const auto tag = participantTagFromString(parameters.value(QStringLiteral("ParticipantTag")).toString()))
            return toString(*tag);
        const QString callId = parameters.value(QStringLiteral("CallId")).toString();
        for (const Participant &participant : event.callDetails.participants) {
            if (!callId.isEmpty() && participant.callId == callId)
                return toString(participant.tag);
        }
    }
    QStringList tags;
    for (const Participant &participant : event.callDetails.participants)
        tags << toString(participant.tag);
    return tags.join(QLatin1Char('+'));
}

// Without the request body only the analysis's summary of the legs is known.
QString legOf(const EventRecord &record)
{
    if (record.hangupLeg >= 0)
        return toString(record.hangupLeg == 0 ? ParticipantTag::LegA : ParticipantTag::LegB);
    QStringList tags;
    if (record.legPresent[0])
        tags << toString(ParticipantTag::LegA);
    if (record.legPresent[1])
        tags << toString(ParticipantTag::LegB);
    return tags.join(QLatin1Char('+'));
}

QString invocationLabel(const EventRecord &record, const DeliveryRecord *delivery)
{
    QStringList parts{QStringLiteral("#%1 %2").arg(record.sequence).arg(toString(record.type))};
    std::optional<InvocationEvent> event;
    if (delivery) {
        auto parsed = InvocationEvent::parse(delivery->requestBody);
        if (parsed.value)
            event = std::move(parsed.value);
    }
    const QString leg = event ? legOf(*event) : legOf(record);
    if (!leg.isEmpty())
        parts << leg;
    if (event && !event->actionType().isEmpty()) {
        QString action = event->actionType();
        if (record.sipResponseCode > 0)
            action += QLatin1Char(' ') + QString::number(record.sipResponseCode);
        parts << action;
    }
    return parts.join(dot);
}

QString producerText(const QString &replySource)
{
    switch (replyProducerFrom(replySource)) {
    case ReplyProducer::Rule: return tr("rule %1").arg(replySource.mid(5));
    case ReplyProducer::Default: return tr("default");
    case ReplyProducer::Breakpoint: return tr("breakpoint");
    case ReplyProducer::BreakpointTimeout: return tr("breakpoint timeout");
    case ReplyProducer::Forward: return tr("forward");
    case ReplyProducer::Fallback: return tr("fallback");
    case ReplyProducer::Unknown: break;
    }
    return replySource;
}

QString actionsText(const QByteArray &replyBody)
{
    const auto parsed = ActionList::parse(replyBody);
    if (!parsed.ok()) {
        for (const ValidationIssue &issue : parsed.issues) {
            if (issue.isError())
                return tr("invalid reply: %1").arg(issue.message());
        }
        return tr("invalid reply");
    }
    if (parsed.value->keepsCurrentActions)
        return tr("no action list (keeps current actions)");
    if (parsed.value->actions.isEmpty())
        return tr("no actions");
    QStringList types;
    for (const Action &action : parsed.value->actions)
        types << action.type;
    return types.join(QStringLiteral(", "));
}

QString latencyText(int latencyMs)
{
    return latencyMs < 0 ? tr("latency unknown") : QStringLiteral("%1 ms").arg(latencyMs);
}

// The events an anomaly is drawn on: the later delivery of a duplicate or an inversion, the
// event after a gap, otherwise every event it names.
QList<int> concernedArrivals(const Anomaly &anomaly)
{
    const QList<int> &involved = anomaly.arrivalIndexes;
    switch (anomaly.kind) {
    case AnomalyKind::Duplicate:
    case AnomalyKind::OutOfOrder:
        return involved.isEmpty() ? QList<int>() : QList<int>{involved.last()};
    case AnomalyKind::SequenceGap:
        return involved.value(1, -1) >= 0 ? QList<int>{involved.at(1)} : QList<int>{involved.value(0, -1)};
    default:
        return involved;
    }
}

int kindRank(LadderArrow::Kind kind)
{
    return static_cast<int>(kind);
}

QString mermaidText(const QString &text)
{
    // Mermaid reads ';' as the end of a statement and '#…;' as an entity, and passes '<' '>'
    // to HTML: each is written as an entity code.
    QString out;
    out.reserve(text.size() + 8);
    for (const QChar c : text) {
        switch (c.unicode()) {
        case '#': out += QLatin1String("#35;"); break;
        case ';': out += QLatin1String("#59;"); break;
        case '<': out += QLatin1String("#lt;"); break;
        case '>': out += QLatin1String("#gt;"); break;
        case '\n': out += QLatin1String("<br/>"); break;
        default: out += c;
        }
    }
    return out;
}

} // namespace

ReplyProducer replyProducerFrom(const QString &replySource)
{
    if (replySource.startsWith(QLatin1String("rule:")))
        return ReplyProducer::Rule;
    if (replySource == QLatin1String("default"))
        return ReplyProducer::Default;
    if (replySource == QLatin1String("breakpoint"))
        return ReplyProducer::Breakpoint;
    if (replySource == QLatin1String("breakpoint-timeout"))
        return ReplyProducer::BreakpointTimeout;
    if (replySource == QLatin1String("forward"))
        return ReplyProducer::Forward;
    if (replySource.startsWith(QLatin1String("fallback")))
        return ReplyProducer::Fallback;
    return ReplyProducer::Unknown;
}

QString LadderDiagram::laneName(LadderLane lane)
{
    switch (lane) {
    case LadderLane::ChimeSma: return tr("Chime SMA");
    case LadderLane::Endpoint: return tr("Endpoint");
    case LadderLane::Handler: return tr("Handler");
    }
    return {};
}

QString LadderDiagram::mermaidId(LadderLane lane)
{
    switch (lane) {
    case LadderLane::ChimeSma: return QStringLiteral("SMA");
    case LadderLane::Endpoint: return QStringLiteral("Endpoint");
    case LadderLane::Handler: return QStringLiteral("Handler");
    }
    return {};
}

LadderDiagram LadderDiagram::build(const TransactionAnalysis &transaction, const DeliveryLookup &deliveries,
                                   EventOrder order, AnomalyKindMask shown)
{
    LadderDiagram diagram;
    diagram.m_transactionId = transaction.transactionId();
    diagram.m_order = order;
    diagram.m_firstMs = transaction.firstMs();
    diagram.m_lanes = {LadderLane::ChimeSma, LadderLane::Endpoint};

    const auto &events = transaction.eventsByArrival();
    // Per event: where its invocation and its reply arrows are in the list being built.
    QVector<int> invocationArrow(events.size(), -1);
    QVector<int> replyArrow(events.size(), -1);
    QList<LadderArrow> arrows;
    arrows.reserve(events.size() * 2);

    const auto addEvent = [&](int arrival) {
        const EventRecord &record = events.at(arrival);
        // -1 is "no delivery"; a window without a session file numbers its deliveries below it.
        const DeliveryRecord *delivery = deliveries && record.eventId != -1 ? deliveries(record.eventId) : nullptr;
        LadderArrow invocation;
        invocation.kind = LadderArrow::Kind::Invocation;
        invocation.arrivalIndex = arrival;
        invocation.sequence = record.sequence;
        invocation.atMs = record.receivedAtMs;
        invocation.label = invocationLabel(record, delivery);
        arrows << invocation;

        const int latency = delivery && delivery->replyLatencyMs >= 0 ? delivery->replyLatencyMs : record.replyLatencyMs;
        if (delivery && delivery->upstreamStatus >= 0) {
            if (!diagram.m_lanes.contains(LadderLane::Handler))
                diagram.m_lanes << LadderLane::Handler;
            LadderArrow forward = invocation;
            forward.kind = LadderArrow::Kind::Forward;
            forward.from = LadderLane::Endpoint;
            forward.to = LadderLane::Handler;
            forward.label = tr("#%1 passed on").arg(record.sequence);
            arrows << forward;
            LadderArrow answer = forward;
            answer.kind = LadderArrow::Kind::HandlerReply;
            answer.from = LadderLane::Handler;
            answer.to = LadderLane::Endpoint;
            answer.atMs = record.receivedAtMs + std::max(0, delivery->upstreamLatencyMs);
            const QString outcome = delivery->upstreamStatus > 0
                ? QStringLiteral("HTTP %1").arg(delivery->upstreamStatus)
                : tr("no reply: %1").arg(QString::fromUtf8(delivery->upstreamBody.left(80)));
            answer.label = outcome + dot + latencyText(delivery->upstreamLatencyMs);
            arrows << answer;
        }
        if (!delivery && latency < 0)
            return; // nothing is known of the reply
        LadderArrow reply = invocation;
        reply.kind = LadderArrow::Kind::Reply;
        reply.from = LadderLane::Endpoint;
        reply.to = LadderLane::ChimeSma;
        reply.atMs = record.receivedAtMs + std::max(0, latency);
        QStringList parts;
        parts << (delivery ? actionsText(delivery->replyBody) : tr("reply"));
        parts << latencyText(latency);
        if (delivery && !delivery->replySource.isEmpty())
            parts << producerText(delivery->replySource);
        reply.label = parts.join(dot);
        arrows << reply;
    };

    if (order == EventOrder::Sequence) {
        for (const int arrival : transaction.sequenceOrder())
            addEvent(arrival);
    } else {
        for (int arrival = 0; arrival < events.size(); ++arrival)
            addEvent(arrival);
        // In arrival order each message sits where it happened: a slow reply lands after the
        // retry the service sent meanwhile.
        std::stable_sort(arrows.begin(), arrows.end(), [](const LadderArrow &a, const LadderArrow &b) {
            if (a.atMs != b.atMs)
                return a.atMs < b.atMs;
            if (a.arrivalIndex != b.arrivalIndex)
                return a.arrivalIndex < b.arrivalIndex;
            return kindRank(a.kind) < kindRank(b.kind);
        });
    }
    for (int i = 0; i < arrows.size(); ++i) {
        const LadderArrow &arrow = arrows.at(i);
        if (arrow.kind == LadderArrow::Kind::Invocation)
            invocationArrow[arrow.arrivalIndex] = i;
        else if (arrow.kind == LadderArrow::Kind::Reply)
            replyArrow[arrow.arrivalIndex] = i;
    }

    for (const Anomaly &anomaly : shownAnomalies(transaction, shown)) {
        for (const int arrival : concernedArrivals(anomaly)) {
            if (arrival < 0 || arrival >= events.size())
                continue;
            int target = invocationArrow.at(arrival);
            if (anomaly.kind == AnomalyKind::LateReply && replyArrow.at(arrival) >= 0)
                target = replyArrow.at(arrival);
            if (target >= 0)
                arrows[target].anomalies << anomaly;
        }
    }
    diagram.m_arrows = std::move(arrows);
    return diagram;
}

int LadderDiagram::arrowOfArrival(int arrivalIndex) const
{
    for (int i = 0; i < m_arrows.size(); ++i) {
        if (m_arrows.at(i).arrivalIndex == arrivalIndex && m_arrows.at(i).kind == LadderArrow::Kind::Invocation)
            return i;
    }
    return -1;
}

QString LadderDiagram::toMermaid() const
{
    QStringList lines{QStringLiteral("sequenceDiagram")};
    lines << QStringLiteral("    %% Transaction %1, in %2 order")
                 .arg(m_transactionId, m_order == EventOrder::Sequence ? QStringLiteral("Sequence") : QStringLiteral("arrival"));
    for (const LadderLane lane : m_lanes) {
        const QString id = mermaidId(lane);
        const QString name = laneName(lane);
        lines << (id == name ? QStringLiteral("    participant %1").arg(id)
                             : QStringLiteral("    participant %1 as %2").arg(id, mermaidText(name)));
    }
    for (const LadderArrow &arrow : m_arrows) {
        lines << QStringLiteral("    %1%2%3: %4")
                     .arg(mermaidId(arrow.from), arrow.isAnswer() ? QStringLiteral("-->>") : QStringLiteral("->>"),
                          mermaidId(arrow.to), mermaidText(arrow.label));
        const bool forwardLeft = laneIndex(arrow.from) < laneIndex(arrow.to);
        const QString span = QStringLiteral("%1,%2").arg(mermaidId(forwardLeft ? arrow.from : arrow.to),
                                                         mermaidId(forwardLeft ? arrow.to : arrow.from));
        for (const Anomaly &anomaly : arrow.anomalies)
            lines << QStringLiteral("    Note over %1: ⚠ %2: %3").arg(span, toString(anomaly.kind), mermaidText(anomaly.message));
    }
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

} // namespace callconsole

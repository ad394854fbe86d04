// LadderDiagram without a GUI: which arrows a transaction's ladder has, in which order, with
// which labels and anomaly marks — from real InvocationEvents and the DeliveryRecords the
// endpoint keeps — and the Mermaid text of the same rows.
#include "LadderDiagram.h"
#include "TestEvents.h"
#include "TransactionTableModel.h"

#include <QHash>
#include <QRegularExpression>
#include <QTest>

using namespace callconsole;
using namespace callconsole::testing;

namespace {

struct Exchange
{
    TimedEvent event;
    QByteArray reply;
    QString source;
    int latencyMs = 12;
    int upstreamStatus = -1;
    int upstreamLatencyMs = -1;
    QByteArray upstreamBody;
};

Exchange exchange(int sequence, InvocationEventType type, qint64 atMs, const QStringList &actions,
                  const QString &source = QStringLiteral("default"), int latencyMs = 12)
{
    Exchange e;
    e.event = makeEvent(QStringLiteral("tx-ladder"), sequence, type, atMs);
    e.event.replyLatencyMs = latencyMs;
    e.reply = replyWith(actions);
    e.source = source;
    e.latencyMs = latencyMs;
    return e;
}

Exchange actionSuccessful(int sequence, qint64 atMs, const QString &actionType, const QStringList &actions)
{
    Exchange e = exchange(sequence, InvocationEventType::ActionSuccessful, atMs, actions);
    e.event.event.actionData = QJsonObject{{QStringLiteral("Type"), actionType},
                                           {QStringLiteral("Parameters"),
                                            QJsonObject{{QStringLiteral("ParticipantTag"), QStringLiteral("LEG-A")}}}};
    return e;
}

Exchange forwarded(Exchange e, int upstreamStatus, int upstreamLatencyMs, const QByteArray &upstreamBody = {})
{
    e.upstreamStatus = upstreamStatus;
    e.upstreamLatencyMs = upstreamLatencyMs;
    e.upstreamBody = upstreamBody;
    return e;
}

// The store fed exactly as the window feeds it: deliveries in, events parsed from their bodies.
struct Session
{
    TransactionTableModel model;
    QHash<qint64, DeliveryRecord> deliveries;

    explicit Session(const QList<Exchange> &exchanges)
    {
        QList<DeliveryRecord> batch;
        qint64 id = 100;
        for (const Exchange &e : exchanges) {
            DeliveryRecord delivery = deliveryOf(e.event, id++, e.reply, e.source, e.latencyMs);
            delivery.upstreamStatus = e.upstreamStatus;
            delivery.upstreamLatencyMs = e.upstreamLatencyMs;
            delivery.upstreamBody = e.upstreamBody;
            deliveries.insert(delivery.id, delivery);
            batch << delivery;
        }
        model.appendDeliveries(batch);
    }

    LadderDiagram ladder(EventOrder order, AnomalyKindMask shown = allAnomalyKindsMask()) const
    {
        const auto lookup = [this](qint64 id) -> const DeliveryRecord * {
            const auto it = deliveries.constFind(id);
            return it == deliveries.cend() ? nullptr : &*it;
        };
        return LadderDiagram::build(model.store().transaction(0), lookup, order, shown);
    }
};

// "SMA>Endpoint label ⚠kind,kind" — one line per arrow, as the ladder lays them out.
QStringList rows(const LadderDiagram &diagram)
{
    QStringList lines;
    for (const LadderArrow &arrow : diagram.arrows()) {
        QString line = QStringLiteral("%1>%2 %3").arg(LadderDiagram::mermaidId(arrow.from),
                                                    LadderDiagram::mermaidId(arrow.to), arrow.label);
        QStringList kinds;
        for (const Anomaly &anomaly : arrow.anomalies)
            kinds << toString(anomaly.kind);
        if (!kinds.isEmpty())
            line += QStringLiteral(" ⚠") + kinds.join(QLatin1Char(','));
        lines << line;
    }
    return lines;
}

} // namespace

class TestLadderDiagram : public QObject
{
    Q_OBJECT

private slots:
    void arrows_data();
    void arrows();
    void hiddenKindsAreNotMarked();
    void withoutDeliveriesUsesTheAnalysis();
    void mermaidHasOneArrowPerRowAndNotes();
    void mermaidEscapesWhatMermaidReads();
    void replyProducers_data();
    void replyProducers();
};

void TestLadderDiagram::arrows_data()
{
    QTest::addColumn<QList<Exchange>>("exchanges");
    QTest::addColumn<int>("order");
    QTest::addColumn<QStringList>("lanes");
    QTest::addColumn<QStringList>("expected");

    const qint64 t = 1700000000000;
    QTest::newRow("clean call, rules and default")
        << QList<Exchange>{exchange(1, InvocationEventType::NewOutboundCall, t, {}, QStringLiteral("default"), 8),
                           exchange(2, InvocationEventType::Ringing, t + 1000, {}, QStringLiteral("default"), 5),
                           exchange(3, InvocationEventType::CallAnswered, t + 3000, {QStringLiteral("Speak")},
                                    QStringLiteral("rule:greet"), 21),
                           actionSuccessful(4, t + 6000, QStringLiteral("Speak"), {QStringLiteral("Hangup")}),
                           exchange(5, InvocationEventType::Hangup, t + 7000, {}, QStringLiteral("default"), 3)}
        << int(EventOrder::Sequence) << QStringList{QStringLiteral("Chime SMA"), QStringLiteral("Endpoint")}
        << QStringList{QStringLiteral("SMA>Endpoint #1 NEW_OUTBOUND_CALL · LEG-A"),
                       QStringLiteral("Endpoint>SMA no actions · 8 ms · default"),
                       QStringLiteral("SMA>Endpoint #2 RINGING · LEG-A"),
                       QStringLiteral("Endpoint>SMA no actions · 5 ms · default"),
                       QStringLiteral("SMA>Endpoint #3 CALL_ANSWERED · LEG-A"),
                       QStringLiteral("Endpoint>SMA Speak · 21 ms · rule greet"),
                       QStringLiteral("SMA>Endpoint #4 ACTION_SUCCESSFUL · LEG-A · Speak"),
                       QStringLiteral("Endpoint>SMA Hangup · 12 ms · default"),
                       QStringLiteral("SMA>Endpoint #5 HANGUP · LEG-A · Hangup"),
                       QStringLiteral("Endpoint>SMA no actions · 3 ms · default")};

    // The slow reply to RINGING misses the 5 s deadline; the service sends RINGING again, and
    // the first reply only goes out after the retry was answered.
    const QList<Exchange> retry{exchange(1, InvocationEventType::NewOutboundCall, t, {}, QStringLiteral("default"), 10),
                                exchange(2, InvocationEventType::Ringing, t + 1000, {QStringLiteral("Pause")},
                                         QStringLiteral("breakpoint"), 6500),
                                exchange(2, InvocationEventType::Ringing, t + 6000, {}, QStringLiteral("breakpoint-timeout"), 20)};
    QTest::newRow("retry in arrival order")
        << retry << int(EventOrder::Arrival) << QStringList{QStringLiteral("Chime SMA"), QStringLiteral("Endpoint")}
        << QStringList{QStringLiteral("SMA>Endpoint #1 NEW_OUTBOUND_CALL · LEG-A"),
                       QStringLiteral("Endpoint>SMA no actions · 10 ms · default"),
                       QStringLiteral("SMA>Endpoint #2 RINGING · LEG-A"),
                       QStringLiteral("SMA>Endpoint #2 RINGING · LEG-A ⚠duplicate"),
                       QStringLiteral("Endpoint>SMA no actions · 20 ms · breakpoint timeout"),
                       QStringLiteral("Endpoint>SMA Pause · 6500 ms · breakpoint ⚠late_reply")};
    QTest::newRow("retry in Sequence order")
        << retry << int(EventOrder::Sequence) << QStringList{QStringLiteral("Chime SMA"), QStringLiteral("Endpoint")}
        << QStringList{QStringLiteral("SMA>Endpoint #1 NEW_OUTBOUND_CALL · LEG-A"),
                       QStringLiteral("Endpoint>SMA no actions · 10 ms · default"),
                       QStringLiteral("SMA>Endpoint #2 RINGING · LEG-A"),
                       QStringLiteral("Endpoint>SMA Pause · 6500 ms · breakpoint ⚠late_reply"),
                       QStringLiteral("SMA>Endpoint #2 RINGING · LEG-A ⚠duplicate"),
                       QStringLiteral("Endpoint>SMA no actions · 20 ms · breakpoint timeout")};

    // CALL_ANSWERED (3) overtakes RINGING (2); Sequence 4 never arrives.
    QTest::newRow("inversion and gap")
        << QList<Exchange>{exchange(1, InvocationEventType::NewOutboundCall, t, {}),
                           exchange(3, InvocationEventType::CallAnswered, t + 900, {}),
                           exchange(2, InvocationEventType::Ringing, t + 1000, {}),
                           exchange(5, InvocationEventType::Hangup, t + 4000, {})}
        << int(EventOrder::Sequence) << QStringList{QStringLiteral("Chime SMA"), QStringLiteral("Endpoint")}
        << QStringList{QStringLiteral("SMA>Endpoint #1 NEW_OUTBOUND_CALL · LEG-A"),
                       QStringLiteral("Endpoint>SMA no actions · 12 ms · default"),
                       QStringLiteral("SMA>Endpoint #2 RINGING · LEG-A ⚠out_of_order"),
                       QStringLiteral("Endpoint>SMA no actions · 12 ms · default"),
                       QStringLiteral("SMA>Endpoint #3 CALL_ANSWERED · LEG-A"),
                       QStringLiteral("Endpoint>SMA no actions · 12 ms · default"),
                       QStringLiteral("SMA>Endpoint #5 HANGUP · LEG-A · Hangup ⚠sequence_gap"),
                       QStringLiteral("Endpoint>SMA no actions · 12 ms · default")};

    // The user's handler answers one event and is down for the next: the rule's reply goes out.
    QTest::newRow("forwarded to the handler, then its fallback")
        << QList<Exchange>{forwarded(exchange(1, InvocationEventType::NewOutboundCall, t, {QStringLiteral("Speak")},
                                              QStringLiteral("forward"), 40), 200, 35),
                           forwarded(exchange(2, InvocationEventType::Ringing, t + 1000, {}, QStringLiteral("fallback (default)"), 4010),
                                     0, 4000, "Connection refused")}
        << int(EventOrder::Sequence)
        << QStringList{QStringLiteral("Chime SMA"), QStringLiteral("Endpoint"), QStringLiteral("Handler")}
        << QStringList{QStringLiteral("SMA>Endpoint #1 NEW_OUTBOUND_CALL · LEG-A"),
                       QStringLiteral("Endpoint>Handler #1 passed on"),
                       QStringLiteral("Handler>Endpoint HTTP 200 · 35 ms"),
                       QStringLiteral("Endpoint>SMA Speak · 40 ms · forward"),
                       QStringLiteral("SMA>Endpoint #2 RINGING · LEG-A"),
                       QStringLiteral("Endpoint>Handler #2 passed on"),
                       QStringLiteral("Handler>Endpoint no reply: Connection refused · 4000 ms"),
                       QStringLiteral("Endpoint>SMA no actions · 4010 ms · fallback")};
}

void TestLadderDiagram::arrows()
{
    QFETCH(QList<Exchange>, exchanges);
    QFETCH(int, order);
    QFETCH(QStringList, lanes);
    QFETCH(QStringList, expected);
    const Session session(exchanges);
    const LadderDiagram diagram = session.ladder(EventOrder(order));
    QStringList laneNames;
    for (const LadderLane lane : diagram.lanes())
        laneNames << LadderDiagram::laneName(lane);
    QCOMPARE(laneNames, lanes);
    QCOMPARE(rows(diagram), expected);
    // Each anomaly mark carries core's own explanation.
    for (const LadderArrow &arrow : diagram.arrows()) {
        for (const Anomaly &anomaly : arrow.anomalies)
            QVERIFY(anomaly.message.contains(QStringLiteral("Sequence")));
    }
}

void TestLadderDiagram::hiddenKindsAreNotMarked()
{
    const qint64 t = 1700000000000;
    const Session session({exchange(1, InvocationEventType::NewOutboundCall, t, {}),
                           exchange(2, InvocationEventType::Ringing, t + 1000, {}, QStringLiteral("default"), 6000),
                           exchange(2, InvocationEventType::Ringing, t + 6000, {})});
    const LadderDiagram all = session.ladder(EventOrder::Sequence);
    const LadderDiagram onlyDuplicates = session.ladder(EventOrder::Sequence, anomalyKindBit(AnomalyKind::Duplicate));
    QCOMPARE(all.arrows().size(), onlyDuplicates.arrows().size());
    int allMarks = 0;
    QStringList kinds;
    for (int i = 0; i < all.arrows().size(); ++i) {
        allMarks += int(all.arrows().at(i).anomalies.size());
        for (const Anomaly &anomaly : onlyDuplicates.arrows().at(i).anomalies)
            kinds << toString(anomaly.kind);
    }
    QCOMPARE(allMarks, 2);
    QCOMPARE(kinds, QStringList{QStringLiteral("duplicate")});
}

void TestLadderDiagram::withoutDeliveriesUsesTheAnalysis()
{
    TransactionTableModel model;
    model.appendEvents(outboundCall(QStringLiteral("imported"), 5000));
    const LadderDiagram diagram = LadderDiagram::build(model.store().transaction(0), {}, EventOrder::Arrival);
    QCOMPARE(rows(diagram).mid(0, 2), (QStringList{QStringLiteral("SMA>Endpoint #1 NEW_OUTBOUND_CALL · LEG-A"),
                                                   QStringLiteral("Endpoint>SMA reply · 12 ms")}));
    QCOMPARE(diagram.arrows().size(), 8);
    QCOMPARE(diagram.arrowOfArrival(3), 6);
    QCOMPARE(diagram.arrows().at(6).label, QStringLiteral("#4 HANGUP · LEG-A"));
}

void TestLadderDiagram::mermaidHasOneArrowPerRowAndNotes()
{
    const qint64 t = 1700000000000;
    const Session session({forwarded(exchange(1, InvocationEventType::NewOutboundCall, t, {QStringLiteral("Speak")},
                                              QStringLiteral("forward"), 40), 200, 35),
                           exchange(2, InvocationEventType::Ringing, t + 1000, {}, QStringLiteral("default"), 6000)});
    const QString mermaid = session.ladder(EventOrder::Sequence).toMermaid();
    const QString expected = QStringLiteral(
        "sequenceDiagram\n"
        "    %% Transaction tx-ladder, in Sequence order\n"
        "    participant SMA as Chime SMA\n"
        "    participant Endpoint\n"
        "    participant Handler\n"
        "    SMA->>Endpoint: #35;1 NEW_OUTBOUND_CALL · LEG-A\n"
        "    Endpoint->>Handler: #35;1 passed on\n"
        "    Handler-->>Endpoint: HTTP 200 · 35 ms\n"
        "    Endpoint-->>SMA: Speak · 40 ms · forward\n"
        "    SMA->>Endpoint: #35;2 RINGING · LEG-A\n"
        "    Endpoint-->>SMA: no actions · 6000 ms · default\n"
        "    Note over SMA,Endpoint: ⚠ late_reply: RINGING (Sequence 2) answered after 6000 ms — past the 5 s retry "
        "deadline: the service re-sends this invocation\n");
    QCOMPARE(mermaid, expected);
}

void TestLadderDiagram::mermaidEscapesWhatMermaidReads()
{
    const qint64 t = 1700000000000;
    const Exchange first = exchange(1, InvocationEventType::NewOutboundCall, t, {});
    Exchange retry = first; // the same body again: an identical duplicate
    retry.event.receivedAtMs = t + 5000;
    const Session session({first, retry});
    const QString mermaid = session.ladder(EventOrder::Arrival).toMermaid();
    // The duplicate's explanation has a ';' that would end Mermaid's statement.
    const QStringList notes = mermaid.split(QLatin1Char('\n')).filter(QStringLiteral("Note over"));
    QCOMPARE(notes.size(), 1);
    QVERIFY2(notes.first().contains(QStringLiteral("a retry#59; de-duplicate")), qPrintable(notes.first()));
    for (const QString &line : mermaid.split(QLatin1Char('\n'))) {
        const QString text = line.section(QLatin1Char(':'), 1);
        QVERIFY2(!text.contains(QLatin1Char(';')) || text.contains(QRegularExpression(QStringLiteral("#(\\d+|lt|gt);"))),
                 qPrintable(line));
        QVERIFY2(!text.contains(QRegularExpression(QStringLiteral("#(?!\\d+;|lt;|gt;)"))), qPrintable(line));
    }
    QCOMPARE(mermaid.count(QStringLiteral("->>")), 4); // 2 invocations + 2 replies ("-->>" contains "->>")
}

void TestLadderDiagram::replyProducers_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<int>("producer");
    QTest::newRow("rule") << QStringLiteral("rule:greet") << int(ReplyProducer::Rule);
    QTest::newRow("default") << QStringLiteral("default") << int(ReplyProducer::Default);
    QTest::newRow("breakpoint") << QStringLiteral("breakpoint") << int(ReplyProducer::Breakpoint);
    QTest::newRow("breakpoint timeout") << QStringLiteral("breakpoint-timeout") << int(ReplyProducer::BreakpointTimeout);
    QTest::newRow("forward") << QStringLiteral("forward") << int(ReplyProducer::Forward);
    QTest::newRow("fallback of a rule") << QStringLiteral("fallback (rule:greet)") << int(ReplyProducer::Fallback);
    QTest::newRow("something else") << QStringLiteral("lambda") << int(ReplyProducer::Unknown);
}

void TestLadderDiagram::replyProducers()
{
    QFETCH(QString, source);
    QFETCH(int, producer);
    QCOMPARE(int(replyProducerFrom(source)), producer);
}

QTEST_MAIN(TestLadderDiagram)
#include "tst_ladderdiagram.moc"

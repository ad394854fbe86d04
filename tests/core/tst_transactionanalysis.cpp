// Each anomaly kind with its minimal scenario, leg phases, and the incremental analysis kept
// correct when events arrive out of order (a gap later filled must disappear).
#include "CallStore.h"
#include "EventBuilder.h"

#include <QJsonArray>
#include <QTest>

using namespace callconsole;

namespace {

// "a,b,c" → {"a","b","c"}: keeps the scenario tables readable.
QStringList words(const char *text)
{
    return QString::fromLatin1(text).split(QLatin1Char(','), Qt::SkipEmptyParts);
}

TransactionAnalysis analyse(const QStringList &tokens, CallDirection direction = CallDirection::Outbound)
{
    TransactionAnalysis analysis(QStringLiteral("tx-1"));
    qint64 at = 1000;
    for (const QString &token : tokens) {
        const BuiltEvent built = buildEvent(token, QStringLiteral("tx-1"), direction);
        analysis.append(built.event, at, built.latencyMs);
        at += 1000;
    }
    return analysis;
}

QStringList kinds(const TransactionAnalysis &analysis)
{
    QStringList out;
    for (const Anomaly &a : analysis.anomalies())
        out << QStringLiteral("%1@%2").arg(toString(a.kind)).arg(a.sequence);
    return out;
}

const QStringList normalCall = words("1:NEW_OUTBOUND_CALL,2:RINGING,3:CALL_ANSWERED,4:ACTION_SUCCESSFUL,5:HANGUP");

} // namespace

class TestTransactionAnalysis : public QObject
{
    Q_OBJECT

private slots:
    void anomalies_data()
    {
        QTest::addColumn<QStringList>("arrivals");
        QTest::addColumn<QStringList>("expected");

        QTest::newRow("normal outbound call") << normalCall << QStringList();
        QTest::newRow("busy") << words("1:NEW_OUTBOUND_CALL,2:RINGING,3:HANGUP/486") << QStringList();
        QTest::newRow("sequence_gap")
            << words("1:NEW_OUTBOUND_CALL,2:RINGING,3:CALL_ANSWERED,5:HANGUP")
            << words("sequence_gap@4");
        QTest::newRow("gap later filled leaves only the inversion")
            << words("1:NEW_OUTBOUND_CALL,2:RINGING,3:CALL_ANSWERED,5:HANGUP,4:ACTION_SUCCESSFUL")
            << words("out_of_order@4");
        QTest::newRow("wide gap partly filled")
            << words("1:NEW_OUTBOUND_CALL,5:CALL_UPDATE_REQUESTED,3:CALL_ANSWERED")
            << words("sequence_gap@2,out_of_order@3,sequence_gap@4");
        QTest::newRow("out_of_order")
            << words("1:NEW_OUTBOUND_CALL,3:CALL_ANSWERED,2:RINGING") << words("out_of_order@2");
        QTest::newRow("duplicate identical")
            << words("1:NEW_OUTBOUND_CALL,2:RINGING,3:CALL_ANSWERED,3:CALL_ANSWERED")
            << words("duplicate@3");
        QTest::newRow("duplicate conflicting")
            << words("1:NEW_OUTBOUND_CALL,2:RINGING,3:CALL_ANSWERED,4:ACTION_SUCCESSFUL,4:ACTION_SUCCESSFUL!")
            << words("duplicate@4");
        QTest::newRow("after_hangup")
            << words("1:NEW_OUTBOUND_CALL,2:RINGING,3:HANGUP/480,4:CALL_UPDATE_REQUESTED")
            << words("after_hangup@4");
        QTest::newRow("after_hangup found when the HANGUP arrives late")
            << words("1:NEW_OUTBOUND_CALL,2:RINGING,4:CALL_UPDATE_REQUESTED,3:HANGUP/480")
            << words("out_of_order@3,after_hangup@4");
        QTest::newRow("illegal: CALL_ANSWERED before NEW_OUTBOUND_CALL")
            << words("2:CALL_ANSWERED,3:NEW_OUTBOUND_CALL")
            << words("illegal_transition@2,missing_start@2");
        QTest::newRow("illegal: RINGING after CALL_ANSWERED")
            << words("1:NEW_OUTBOUND_CALL,2:CALL_ANSWERED,3:RINGING")
            << words("illegal_transition@3");
        QTest::newRow("illegal: second NEW_*")
            << words("1:NEW_OUTBOUND_CALL,2:RINGING,3:NEW_OUTBOUND_CALL")
            << words("illegal_transition@3");
        QTest::newRow("illegal: action before answer")
            << words("1:NEW_OUTBOUND_CALL,2:RINGING,3:ACTION_SUCCESSFUL")
            << words("illegal_transition@3");
        QTest::newRow("late answer clears the early-action finding")
            << words("1:NEW_OUTBOUND_CALL,2:RINGING,4:ACTION_SUCCESSFUL,3:CALL_ANSWERED")
            << words("out_of_order@3");
        QTest::newRow("illegal: second CALL_ANSWERED")
            << words("1:NEW_OUTBOUND_CALL,2:CALL_ANSWERED,3:CALL_ANSWERED")
            << words("illegal_transition@3");
        QTest::newRow("missing_start") << words("3:CALL_ANSWERED,4:ACTION_SUCCESSFUL")
                                       << words("missing_start@3");
        QTest::newRow("missing_start resolved by a late Sequence 1")
            << words("2:RINGING,1:NEW_OUTBOUND_CALL") << words("out_of_order@1");
        QTest::newRow("late_reply past 5 s")
            << words("1:NEW_OUTBOUND_CALL,2:RINGING,3:CALL_ANSWERED@5200") << words("late_reply@3");
        QTest::newRow("reply at exactly 5 s is in time")
            << words("1:NEW_OUTBOUND_CALL,2:RINGING,3:CALL_ANSWERED@5000") << QStringList();
        QTest::newRow("retry after a late reply")
            << words("1:NEW_OUTBOUND_CALL,2:RINGING,3:CALL_ANSWERED@5300,3:CALL_ANSWERED@20")
            << words("duplicate@3,late_reply@3");
    }

    void anomalies()
    {
        QFETCH(QStringList, arrivals);
        QFETCH(QStringList, expected);
        const TransactionAnalysis analysis = analyse(arrivals);
        QStringList found = kinds(analysis);
        found.sort();
        expected.sort();
        QCOMPARE(found, expected);
        QCOMPARE(analysis.anomalyCount(), expected.size());
        for (const Anomaly &a : analysis.anomalies())
            QVERIFY2(!a.message.isEmpty() && !a.arrivalIndexes.isEmpty(), qPrintable(toString(a.kind)));
    }

    void duplicateMessagesTellIdenticalFromConflicting()
    {
        const auto identical = analyse(words("1:NEW_OUTBOUND_CALL,1:NEW_OUTBOUND_CALL")).anomalies();
        QCOMPARE(identical.size(), 1);
        QVERIFY2(identical.first().message.contains(QLatin1String("identical")), qPrintable(identical.first().message));
        QCOMPARE(identical.first().arrivalIndexes, (QList<int>{0, 1}));
        const auto conflicting = analyse(words("1:NEW_OUTBOUND_CALL,1:NEW_OUTBOUND_CALL!")).anomalies();
        QVERIFY2(conflicting.first().message.contains(QLatin1String("different body")), qPrintable(conflicting.first().message));
    }

    void lateReplyBeyondTwentySecondsSaysHangup()
    {
        const auto found = analyse(words("1:NEW_OUTBOUND_CALL,2:RINGING,3:CALL_ANSWERED@21000")).anomalies();
        QCOMPARE(found.size(), 1);
        QVERIFY(found.first().message.contains(QLatin1String("hangs up")));
    }

    void replyLatencyKnownLater()
    {
        TransactionAnalysis analysis = analyse(words("1:NEW_OUTBOUND_CALL,2:RINGING,3:CALL_ANSWERED"));
        QCOMPARE(analysis.anomalyCount(), 0);
        analysis.setReplyLatency(2, 7000);
        QCOMPARE(kinds(analysis), words("late_reply@3"));
        analysis.setReplyLatency(2, 100); // corrected: no longer late
        QCOMPARE(analysis.anomalyCount(), 0);
    }

    void bothOrdersKept()
    {
        const TransactionAnalysis analysis = analyse(words("1:NEW_OUTBOUND_CALL,3:CALL_ANSWERED,2:RINGING,3:CALL_ANSWERED"));
        QList<int> sequences;
        for (const int index : analysis.sequenceOrder())
            sequences << analysis.eventsByArrival().at(index).sequence;
        QCOMPARE(sequences, (QList<int>{1, 2, 3, 3}));
        QCOMPARE(analysis.sequenceOrder(), (QVector<int>{0, 2, 1, 3}));
        QCOMPARE(analysis.eventsByArrival().at(2).sequence, 2);
        QVERIFY(analysis.eventsByArrival().at(3).isDuplicate);
    }

    void legPhases_data()
    {
        QTest::addColumn<QStringList>("arrivals");
        QTest::addColumn<QString>("state");
        QTest::addColumn<QStringList>("legs");

        QTest::newRow("dialing") << words("1:NEW_OUTBOUND_CALL") << QStringLiteral("dialing") << words("LEG-A dialing");
        QTest::newRow("ringing") << words("1:NEW_OUTBOUND_CALL,2:RINGING") << QStringLiteral("ringing") << words("LEG-A ringing");
        QTest::newRow("connected") << words("1:NEW_OUTBOUND_CALL,2:RINGING,3:CALL_ANSWERED")
                                   << QStringLiteral("connected") << words("LEG-A connected");
        QTest::newRow("ended normally") << normalCall << QStringLiteral("ended (0)") << words("LEG-A ended 0");
        QTest::newRow("busy") << words("1:NEW_OUTBOUND_CALL,2:RINGING,3:HANGUP/486")
                              << QStringLiteral("ended (486)") << words("LEG-A ended 486");
        QTest::newRow("no answer") << words("1:NEW_OUTBOUND_CALL,2:RINGING,3:HANGUP/480")
                                   << QStringLiteral("ended (480)") << words("LEG-A ended 480");
        QTest::newRow("bridged, LEG-B hangs up first")
            << words("1:NEW_INBOUND_CALL,2:ACTION_SUCCESSFUL+B,3:HANGUP/B")
            << QStringLiteral("connected") << words("LEG-A connected,LEG-B ended 0");
        QTest::newRow("bridged, both legs ended")
            << words("1:NEW_INBOUND_CALL,2:ACTION_SUCCESSFUL+B,3:HANGUP/B,4:HANGUP")
            << QStringLiteral("ended (0)") << words("LEG-A ended 0,LEG-B ended 0");
    }

    void legPhases()
    {
        QFETCH(QStringList, arrivals);
        QFETCH(QString, state);
        QFETCH(QStringList, legs);
        const bool inbound = arrivals.first().contains(QLatin1String("INBOUND"));
        const TransactionAnalysis analysis = analyse(arrivals, inbound ? CallDirection::Inbound : CallDirection::Outbound);
        QCOMPARE(analysis.stateText(), state);
        QStringList found;
        for (const LegState &leg : analysis.legs()) {
            QString text = toString(leg.tag) + QLatin1Char(' ') + toString(leg.phase);
            if (leg.phase == CallPhase::Ended)
                text += QLatin1Char(' ') + QString::number(leg.sipResponseCode);
            found << text;
        }
        QCOMPARE(found, legs);
        QCOMPARE(analysis.anomalyCount(), 0);
    }

    void phaseSpansFollowSequenceOrderAndTime()
    {
        const TransactionAnalysis analysis = analyse(normalCall); // arrivals at 1000, 2000, … 5000 ms
        const LegState legA = analysis.legs().first();
        QCOMPARE(legA.spans.size(), 4);
        QVERIFY(legA.spans.at(0).phase == CallPhase::Dialing);
        QCOMPARE(legA.spans.at(0).startMs, 1000);
        QCOMPARE(legA.spans.at(0).endMs, 2000);
        QVERIFY(legA.spans.at(2).phase == CallPhase::Connected);
        QCOMPARE(legA.spans.at(2).startMs, 3000);
        QVERIFY(legA.spans.at(3).phase == CallPhase::Ended);
        QCOMPARE(legA.spans.at(3).endMs, -1);
    }

    void callerHangupDuringActionKeepsTheHangupCode()
    {
        // docwho2's pattern: ACTION_FAILED with LEG-A already Disconnected, then HANGUP.
        TransactionAnalysis analysis(QStringLiteral("tx-1"));
        BuiltEvent failed = buildEvent(QStringLiteral("4:ACTION_FAILED"));
        failed.event.callDetails.participants[0].status = ParticipantStatus::Disconnected;
        analysis.append(buildEvent(QStringLiteral("1:NEW_OUTBOUND_CALL")).event, 1);
        analysis.append(buildEvent(QStringLiteral("2:RINGING")).event, 2);
        analysis.append(buildEvent(QStringLiteral("3:CALL_ANSWERED")).event, 3);
        analysis.append(failed.event, 4);
        analysis.append(buildEvent(QStringLiteral("5:HANGUP/16")).event, 5);
        QCOMPARE(analysis.stateText(), QStringLiteral("ended (16)"));
    }

    void storeKeysTransactions()
    {
        CallStore store;
        const auto first = store.append(buildEvent(QStringLiteral("1:NEW_OUTBOUND_CALL"), QStringLiteral("a")).event, 1);
        const auto second = store.append(buildEvent(QStringLiteral("1:NEW_OUTBOUND_CALL"), QStringLiteral("b")).event, 2);
        const auto third = store.append(buildEvent(QStringLiteral("3:CALL_ANSWERED"), QStringLiteral("a")).event, 3);
        QVERIFY(first.newTransaction && second.newTransaction && !third.newTransaction);
        QCOMPARE(third.transactionIndex, 0);
        QCOMPARE(third.arrivalIndex, 1);
        QCOMPARE(store.transactionCount(), 2);
        QCOMPARE(store.eventCount(), 3);
        QCOMPARE(store.indexOf(QStringLiteral("b")), 1);
        QCOMPARE(store.indexOf(QStringLiteral("zzz")), -1);
        QCOMPARE(store.anomalyCount(), 1); // a: Sequence 2 missing
        const auto all = store.allAnomalies();
        QCOMPARE(all.size(), 1);
        QCOMPARE(all.first().transactionIndex, 0);
        QVERIFY(all.first().anomaly.kind == AnomalyKind::SequenceGap);

        const QJsonObject json = store.toJson();
        const QJsonArray transactions = json.value(QStringLiteral("transactions")).toArray();
        QCOMPARE(transactions.size(), 2);
        const QJsonObject a = transactions.at(0).toObject();
        QCOMPARE(a.value(QStringLiteral("transactionId")).toString(), QStringLiteral("a"));
        QCOMPARE(a.value(QStringLiteral("state")).toString(), QStringLiteral("connected"));
        QCOMPARE(a.value(QStringLiteral("anomalies")).toArray().at(0).toObject().value(QStringLiteral("kind")).toString(),
                 QStringLiteral("sequence_gap"));
        QCOMPARE(a.value(QStringLiteral("events")).toArray().size(), 2);
        QCOMPARE(a.value(QStringLiteral("legs")).toArray().at(0).toObject().value(QStringLiteral("tag")).toString(),
                 QStringLiteral("LEG-A"));
    }

    void openedTransactionTakesItsFirstEvent()
    {
        CallStore store;
        QCOMPARE(store.openTransaction(QStringLiteral("held"), 5000), 0);
        QCOMPARE(store.openTransaction(QStringLiteral("held"), 9000), 0); // known: the same one
        QCOMPARE(store.transactionCount(), 1);
        QCOMPARE(store.eventCount(), 0);
        const TransactionAnalysis &opened = store.transaction(0);
        QCOMPARE(opened.eventCount(), 0);
        QCOMPARE(opened.firstMs(), 5000);
        QCOMPARE(opened.lastMs(), 5000);
        QCOMPARE(store.anomalyCount(), 0);

        // The held event, once delivered, lands in the opened transaction and sets its times.
        const auto first = store.append(buildEvent(QStringLiteral("1:NEW_OUTBOUND_CALL"), QStringLiteral("held")).event, 4000);
        QVERIFY(!first.newTransaction);
        QCOMPARE(first.transactionIndex, 0);
        QCOMPARE(first.arrivalIndex, 0);
        QCOMPARE(store.transaction(0).firstMs(), 4000);
        QCOMPARE(store.transaction(0).lastMs(), 4000);
        QVERIFY(!store.transaction(0).from().isEmpty());
        QCOMPARE(store.anomalyCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestTransactionAnalysis)
#include "tst_transactionanalysis.moc"

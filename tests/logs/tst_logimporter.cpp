// Production logs read as the endpoint would have seen the calls: the same call logged in every
// shape imports to the same deliveries — the retry of a handler that ran past 5 s as a
// duplicate, its first invocation as a late reply — and everything else is counted, skipped or
// reported with its file and line.
#include "CallStore.h"
#include "LogFormats.h"
#include "LogImporter.h"
#include "SessionImport.h"

#include <QFile>
#include <QJsonArray>
#include <QTest>

using namespace callconsole;
using namespace callconsole::logs;

namespace {

const QString lateTransaction = QStringLiteral("5b3c1a2e-8d4f-4f1e-9a6b-3c2d1e0f9a8b");

LogImporter importFixture(const QString &name, LogFormat format = LogFormat::Auto)
{
    QFile file(QStringLiteral(CALLCONSOLE_TEST_DATA "/logs/") + name);
    LogImporter importer;
    if (!file.open(QIODevice::ReadOnly))
        return importer;
    const LogReadResult read = readLogRecords(file.readAll(), format, name);
    for (const LogRecord &record : read.records)
        importer.add(record);
    return importer;
}

QStringList anomalyKinds(const TransactionAnalysis &transaction)
{
    QStringList kinds;
    for (const Anomaly &anomaly : transaction.anomalies())
        kinds << QStringLiteral("%1@%2").arg(toString(anomaly.kind)).arg(anomaly.sequence);
    kinds.sort();
    return kinds;
}

LogRecord record(const QString &message, int line)
{
    LogRecord r;
    r.message = message;
    r.source = QStringLiteral("t.log");
    r.line = line;
    return r;
}

} // namespace

class TestLogImporter : public QObject
{
    Q_OBJECT

private slots:
    void lateHandlerRetriedInEveryShape_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("lambda log text") << "late-retry.lambda.log";
        QTest::newRow("filter-log-events") << "late-retry.filter-log-events.json";
        QTest::newRow("insights markdown") << "late-retry.insights.md";
        QTest::newRow("console csv") << "late-retry.console.csv";
    }

    void lateHandlerRetriedInEveryShape()
    {
        QFETCH(QString, file);
        LogImporter importer = importFixture(file);
        const QList<ImportedInvocation> invocations = importer.takeAll();
        const ImportSummary &summary = importer.summary();
        QCOMPARE(summary.records, 33);
        QCOMPARE(summary.events, 6);
        QCOMPARE(summary.replies, 6);
        QCOMPARE(summary.runtimeLines, 18);
        QCOMPARE(summary.skipped, 3); // two INIT_START, one WARN
        QVERIFY(summary.malformed.isEmpty());

        QCOMPARE(invocations.size(), 6);
        QList<int> sequences;
        for (const ImportedInvocation &invocation : invocations)
            sequences << invocation.event.sequence;
        QCOMPARE(sequences, (QList<int>{1, 2, 3, 3, 4, 5}));
        const ImportedInvocation &slow = invocations.at(2);
        QCOMPARE(slow.requestId, QStringLiteral("0a1b2c3d-0003-4e5f-8a9b-000000000003"));
        QCOMPARE(slow.receivedAtMs, qint64(1668005568159)); // the event's line, not START's
        QCOMPARE(slow.replyLatencyMs, std::optional<int>(5813));  // REPORT Duration 5812.77 ms
        QCOMPARE(slow.reply->value(QStringLiteral("Actions")).toArray().first().toObject().value(QStringLiteral("Type")).toString(),
                 QStringLiteral("Speak"));
        const ImportedInvocation &retry = invocations.at(3);
        QCOMPARE(retry.requestId, QStringLiteral("0a1b2c3d-0004-4e5f-8a9b-000000000004"));
        QCOMPARE(retry.replyLatencyMs, std::optional<int>(42));
        QVERIFY(retry.receivedAtMs - slow.receivedAtMs >= 5000);

        CallStore store;
        appendToStore(store, invocations);
        QCOMPARE(store.transactionCount(), 1);
        const TransactionAnalysis &call = store.transaction(0);
        QCOMPARE(call.transactionId(), lateTransaction);
        QCOMPARE(anomalyKinds(call), (QStringList{QStringLiteral("duplicate@3"), QStringLiteral("late_reply@3")}));
        QCOMPARE(call.stateText(), QStringLiteral("ended (0)"));
    }

    void oneStreamOfGetLogEvents()
    {
        LogImporter importer = importFixture(QStringLiteral("stream-a.get-log-events.json"));
        const QList<ImportedInvocation> invocations = importer.takeAll();
        QCOMPARE(invocations.size(), 3); // the retry ran on the other instance's stream
        QCOMPARE(invocations.last().replyLatencyMs, std::optional<int>(5813));
        QVERIFY(invocations.first().where.startsWith(QLatin1String("stream-a.get-log-events.json:")));
    }

    void lambdaJsonLogFormat()
    {
        LogImporter importer = importFixture(QStringLiteral("json-format.lambda.log"));
        const QList<ImportedInvocation> invocations = importer.takeAll();
        QCOMPARE(invocations.size(), 3);
        QCOMPARE(importer.summary().runtimeLines, 6);
        QCOMPARE(importer.summary().replies, 3);
        QCOMPARE(invocations.at(0).replyLatencyMs, std::optional<int>(13));
        QCOMPARE(invocations.at(2).replyLatencyMs, std::optional<int>(5813));
        QVERIFY(invocations.at(2).event.type == InvocationEventType::CallAnswered);
    }

    void malformedEventsReportedByLine()
    {
        LogImporter importer = importFixture(QStringLiteral("python-with-malformed.lambda.log"));
        const QList<ImportedInvocation> invocations = importer.takeAll();
        QCOMPARE(invocations.size(), 2);
        QCOMPARE(invocations.first().reply->value(QStringLiteral("Actions")).toArray().size(), 1);
        QCOMPARE(invocations.first().replyLatencyMs, std::optional<int>(22));
        QVERIFY(!invocations.last().reply);
        const ImportSummary &summary = importer.summary();
        QCOMPARE(summary.malformed.size(), 1);
        QCOMPARE(summary.malformed.first().where, QStringLiteral("python-with-malformed.lambda.log:7"));
        QVERIFY(summary.malformed.first().message.contains(QLatin1String("does not parse")));
        QCOMPARE(summary.skipped, 1); // the WARNING line
    }

    void nodeInspectOutputNamedAsSuch()
    {
        LogImporter importer = importFixture(QStringLiteral("node-inspect.lambda.log"));
        QVERIFY(importer.takeAll().isEmpty());
        const ImportSummary &summary = importer.summary();
        QCOMPARE(summary.malformed.size(), 1);
        QCOMPARE(summary.malformed.first().where, QStringLiteral("node-inspect.lambda.log:3")); // where the JSON breaks
        QVERIFY(summary.malformed.first().message.contains(QLatin1String("JSON.stringify(event)")));
    }

    void eventInvalidAsAnEventIsMalformed()
    {
        LogImporter importer;
        importer.add(record(QStringLiteral(R"({"SchemaVersion":"1.0","Sequence":"x","InvocationEventType":"RINGING","CallDetails":{}})"), 4));
        QVERIFY(importer.takeAll().isEmpty());
        QCOMPARE(importer.summary().malformed.size(), 1);
        QCOMPARE(importer.summary().malformed.first().where, QStringLiteral("t.log:4"));
        QVERIFY(importer.summary().malformed.first().message.contains(QLatin1String("Sequence")));
    }

    void eventLoggedTwiceInOneInvocationCountsOnce()
    {
        QFile file(QStringLiteral(CALLCONSOLE_TEST_DATA "/events/ringing.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString event = QString::fromUtf8(file.readAll()).simplified();
        LogImporter importer;
        importer.add(record(QStringLiteral("START RequestId: r1 Version: 1"), 1));
        importer.add(record(QStringLiteral("2022-11-09T14:52:44.158Z\tr1\tINFO\tgot %1").arg(event), 2));
        importer.add(record(QStringLiteral("2022-11-09T14:52:44.160Z\tr1\tINFO\tstill %1").arg(event), 3));
        importer.add(record(QStringLiteral("REPORT RequestId: r1\tDuration: 1.00 ms"), 4));
        QCOMPARE(importer.takeAll().size(), 1);
        QCOMPARE(importer.summary().loggedAgain, 1);
    }

    void bareJsonLinesWithoutRequestIds()
    {
        QFile file(QStringLiteral(CALLCONSOLE_TEST_DATA "/events/ringing.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString event = QString::fromUtf8(file.readAll()).simplified();
        LogImporter importer;
        importer.add(record(event, 1));
        importer.add(record(QStringLiteral(R"({"SchemaVersion":"1.0","Actions":[{"Type":"Hangup","Parameters":{}}]})"), 2));
        importer.add(record(QStringLiteral("loading config"), 3));
        const QList<ImportedInvocation> invocations = importer.takeAll();
        QCOMPARE(invocations.size(), 1);
        QVERIFY(invocations.first().reply.has_value());
        QVERIFY(invocations.first().requestId.isEmpty());
        QCOMPARE(importer.summary().untimed, 1);
        QCOMPARE(importer.summary().skipped, 1);
    }

    void settledOnceTheirReportIsRead()
    {
        QFile file(QStringLiteral(CALLCONSOLE_TEST_DATA "/logs/late-retry.lambda.log"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const LogReadResult read = readLogRecords(file.readAll(), LogFormat::LambdaLog, QStringLiteral("l"));
        LogImporter importer;
        QList<int> settledAfter;
        int settled = 0;
        for (const LogRecord &r : read.records) {
            importer.add(r);
            const QList<ImportedInvocation> now = importer.takeSettled();
            settled += int(now.size());
            for (const ImportedInvocation &invocation : now)
                QVERIFY(invocation.replyLatencyMs.has_value()); // never taken before its REPORT
        }
        QCOMPARE(settled, 6);
        QVERIFY(importer.takeAll().isEmpty());
    }

    void deliveriesCarryWhereTheyCameFrom()
    {
        LogImporter importer = importFixture(QStringLiteral("late-retry.lambda.log"));
        const DeliveryRecord delivery = deliveryFor(importer.takeAll().at(2));
        QCOMPARE(delivery.remoteAddress, QStringLiteral("late-retry.lambda.log:13"));
        QCOMPARE(delivery.replyLatencyMs, 5813);
        QCOMPARE(delivery.replySource, QStringLiteral("lambda"));
        QCOMPARE(delivery.sequence, 3);
        QCOMPARE(delivery.eventType, QStringLiteral("CALL_ANSWERED"));
        QVERIFY(delivery.requestHeaders.contains(qMakePair(QByteArrayLiteral("X-Amzn-RequestId"),
                                                           QByteArrayLiteral("0a1b2c3d-0003-4e5f-8a9b-000000000003"))));
        QVERIFY(InvocationEvent::parse(delivery.requestBody).ok());
    }
};

QTEST_GUILESS_MAIN(TestLogImporter)
#include "tst_logimporter.moc"

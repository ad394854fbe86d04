// The HAR export of a real session file: valid HAR 1.2 by the format's JSON Schema (the
// har-validator package, in a real node process), one entry per delivery with the event as
// the request, the reply as the response and the reply latency as the wait; a rejected
// delivery is an entry too.
#include "SampleDelivery.h"
#include "SessionExport.h"
#include "SessionStore.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace callconsole;

namespace {

// A sample delivery with a whole event (numbers and an account id for the masked export).
DeliveryRecord delivery(int sequence, qint64 at, int latency)
{
    DeliveryRecord r = sampleDelivery(sequence);
    r.receivedAtMs = at;
    r.requestHeaders << qMakePair(QByteArrayLiteral("X-CallConsole-Injected-Fault"), QByteArrayLiteral("duplicate"));
    r.requestBody = QStringLiteral(R"({"SchemaVersion":"1.0","Sequence":%1,"InvocationEventType":"RINGING","CallDetails":)"
                                   R"({"TransactionId":"t-1","AwsAccountId":"123456789012","AwsRegion":"us-east-1",)"
                                   R"("SipMediaApplicationId":"s","Participants":[{"CallId":"c","ParticipantTag":"LEG-A",)"
                                   R"("To":"+14155550123","From":"+12065550100","Direction":"Outbound","StartTimeInMilliseconds":"1"}]}})")
                        .arg(sequence).toUtf8();
    r.replyLatencyMs = latency;
    r.transactionId = QStringLiteral("t-1");
    return r;
}

} // namespace

class TestHarExport : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_session = m_dir.filePath(QStringLiteral("s.ccsession"));
        QString error;
        auto store = SessionStore::open(m_session, &error);
        QVERIFY2(store, qPrintable(error));
        store->write(delivery(1, 1668005564158, 12));
        store->write(delivery(2, 1668005569158, 5600));
        store->write(rejectedDelivery(1668005570000));
        store->flush();
    }

    void validHar12BySchema_data()
    {
        QTest::addColumn<bool>("mask");
        QTest::newRow("as recorded") << false;
        QTest::newRow("masked") << true;
    }

    void validHar12BySchema()
    {
        QFETCH(bool, mask);
        const QString har = m_dir.filePath(mask ? QStringLiteral("masked.har") : QStringLiteral("s.har"));
        QCOMPARE(exportSessionFile(m_session, har, SessionExportFormat::Har, SessionExportOptions{mask}), QString());
        QProcess node;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("NODE_PATH"), QStringLiteral("/usr/share/nodejs"));
        node.setProcessEnvironment(environment);
        node.start(QStringLiteral("node"), {QStringLiteral(CALLCONSOLE_TEST_SOURCE "/validate_har.js"), har});
        QVERIFY2(node.waitForFinished(60000), "node did not finish (is nodejs installed?)");
        QVERIFY2(node.exitCode() == 0, node.readAllStandardError().constData());
        QCOMPARE(node.readAllStandardOutput().trimmed(), QByteArray("valid"));
    }

    void entriesCarryTheExchange()
    {
        const QString har = m_dir.filePath(QStringLiteral("e.har"));
        QCOMPARE(exportSessionFile(m_session, har, SessionExportFormat::Har), QString());
        QFile file(har);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject log = QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("log")).toObject();
        QCOMPARE(log.value(QStringLiteral("version")).toString(), QStringLiteral("1.2"));
        const QJsonArray entries = log.value(QStringLiteral("entries")).toArray();
        QCOMPARE(entries.size(), 3);
        QCOMPARE(log.value(QStringLiteral("pages")).toArray().size(), 1);

        const QJsonObject slow = entries.at(1).toObject();
        QCOMPARE(slow.value(QStringLiteral("startedDateTime")).toString(), QStringLiteral("2022-11-09T14:52:49.158Z"));
        QCOMPARE(slow.value(QStringLiteral("time")).toInt(), 5600);
        QCOMPARE(slow.value(QStringLiteral("timings")).toObject().value(QStringLiteral("wait")).toInt(), 5600);
        QCOMPARE(slow.value(QStringLiteral("pageref")).toString(), QStringLiteral("t-1"));
        QCOMPARE(slow.value(QStringLiteral("_sequence")).toInt(), 2);
        const QJsonObject request = slow.value(QStringLiteral("request")).toObject();
        QCOMPARE(request.value(QStringLiteral("method")).toString(), QStringLiteral("POST"));
        QVERIFY(request.value(QStringLiteral("url")).toString().endsWith(QLatin1String("/events")));
        QVERIFY(request.value(QStringLiteral("postData")).toObject().value(QStringLiteral("text")).toString().contains(QLatin1String("\"Sequence\":2")));
        const QJsonObject response = slow.value(QStringLiteral("response")).toObject();
        QCOMPARE(response.value(QStringLiteral("status")).toInt(), 200);
        QCOMPARE(response.value(QStringLiteral("content")).toObject().value(QStringLiteral("text")).toString(),
                 QStringLiteral(R"({"SchemaVersion":"1.0","Actions":[]})"));

        const QJsonObject rejected = entries.at(2).toObject();
        QCOMPARE(rejected.value(QStringLiteral("response")).toObject().value(QStringLiteral("status")).toInt(), 400);
        QVERIFY(!rejected.contains(QStringLiteral("pageref")));
    }

private:
    QTemporaryDir m_dir;
    QString m_session;
};

QTEST_GUILESS_MAIN(TestHarExport)
#include "tst_harexport.moc"

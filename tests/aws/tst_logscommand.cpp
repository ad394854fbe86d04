// `callconsole logs` through the real binary against a loopback CloudWatch Logs server that
// verifies signatures: a time range read over many pages into the late-retry analysis, one
// transaction with its invocations' START/REPORT lines, throttling survived, a wrong secret
// refused, a session written, --follow tailing until Ctrl-C, the SMA's message log group.
#include "../cli/CliRun.h"
#include "FakeLogsServer.h"
#include "SessionStore.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

namespace {

const QString key = QStringLiteral("AKIDLOGSCOMMAND");
const QString secret = QStringLiteral("logs-command-secret");
const QString group = QStringLiteral("/aws/lambda/sma-handler");
const QString lateTransaction = QStringLiteral("5b3c1a2e-8d4f-4f1e-9a6b-3c2d1e0f9a8b");

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

QStringList anomalyKinds(const QString &json)
{
    QStringList kinds;
    for (const auto &transaction : QJsonDocument::fromJson(json.toUtf8()).object().value(QStringLiteral("transactions")).toArray()) {
        for (const auto &value : transaction.toObject().value(QStringLiteral("anomalies")).toArray())
            kinds << QStringLiteral("%1@%2").arg(value.toObject().value(QStringLiteral("kind")).toString())
                         .arg(value.toObject().value(QStringLiteral("sequence")).toInt());
    }
    kinds.sort();
    return kinds;
}

} // namespace

class TestLogsCommand : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_server = std::make_unique<FakeLogsServer>(key, secret);
        m_server->setPageSize(5);
        QFile file(QStringLiteral(CALLCONSOLE_TEST_DATA "/logs/late-retry.filter-log-events.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        for (const auto &value : QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("events")).toArray()) {
            const QJsonObject event = value.toObject();
            m_server->add({group, event.value(QStringLiteral("logStreamName")).toString(),
                           qint64(event.value(QStringLiteral("timestamp")).toDouble()), event.value(QStringLiteral("message")).toString()});
        }
    }

    void rangeReadOverEveryPage()
    {
        const Run run = logs({QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QCOMPARE(anomalyKinds(run.out), (QStringList{QStringLiteral("duplicate@3"), QStringLiteral("late_reply@3")}));
        QVERIFY2(run.err.contains(QLatin1String("33 log events in 7 pages")), qPrintable(run.err));
    }

    void oneTransactionWithItsInvocationLines()
    {
        // Another call in the same group, minutes later.
        m_server->add({group, QStringLiteral("s3"), 1668005600000,
                       QStringLiteral("START RequestId: ffff0000-0000-4000-8000-000000000001 Version: $LATEST\n")});
        m_server->add({group, QStringLiteral("s3"), 1668005600001,
                       QStringLiteral("2022-11-09T14:53:20.001Z\tffff0000-0000-4000-8000-000000000001\tINFO\tevent: "
                                      "{\"SchemaVersion\":\"1.0\",\"Sequence\":1,\"InvocationEventType\":\"RINGING\",\"CallDetails\":"
                                      "{\"TransactionId\":\"other-call\",\"Participants\":[]}}\n")});
        const Run run = logs({QStringLiteral("--json"), QStringLiteral("--transaction"), lateTransaction});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        const QJsonArray transactions = QJsonDocument::fromJson(run.out.toUtf8()).object().value(QStringLiteral("transactions")).toArray();
        QCOMPARE(transactions.size(), 1);
        // late_reply needs the REPORT line, which does not name the transaction: fetched by RequestId.
        QCOMPARE(anomalyKinds(run.out), (QStringList{QStringLiteral("duplicate@3"), QStringLiteral("late_reply@3")}));
        QCOMPARE(m_server->filterPatterns.first(), QStringLiteral("\"%1\"").arg(lateTransaction));
        QVERIFY(m_server->filterPatterns.last().contains(QLatin1String("?\"0a1b2c3d-0003-4e5f-8a9b-000000000003\"")));
    }

    void throttlingSurvived()
    {
        m_server->throttleNext(2);
        const Run run = logs({QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QCOMPARE(m_server->throttled, 2);
        QVERIFY(run.err.contains(QLatin1String("(9 requests)")));
    }

    void wrongSignatureRefused()
    {
        const Run run = logs({}, QStringLiteral("not-the-secret"));
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(QLatin1String("InvalidSignatureException")), qPrintable(run.err));
        QVERIFY(run.err.contains(QLatin1String("check the access key")));
        QVERIFY(!run.err.contains(QLatin1String("not-the-secret")));
    }

    void sessionWritten()
    {
        QTemporaryDir dir;
        const QString session = dir.filePath(QStringLiteral("prod.ccsession"));
        const Run run = logs({QStringLiteral("--session"), session});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QString error;
        const auto deliveries = callconsole::SessionStore::readAll(session, &error);
        QCOMPARE(deliveries.size(), 6);
        QCOMPARE(deliveries.at(2).replyLatencyMs, 5813);
        QVERIFY(deliveries.at(2).remoteAddress.startsWith(group));
    }

    void followsUntilStopped()
    {
        QTemporaryDir dir;
        const QString session = dir.filePath(QStringLiteral("follow.ccsession"));
        QProcess process;
        process.setProcessEnvironment(environment(secret));
        process.start(QStringLiteral(CALLCONSOLE_BINARY),
                      {QStringLiteral("logs"), QStringLiteral("--log-group"), group, QStringLiteral("--endpoint-url"), m_server->url().toString(),
                       QStringLiteral("--start"), QStringLiteral("2022-11-09T14:50:00Z"), QStringLiteral("--follow"),
                       QStringLiteral("--interval"), QStringLiteral("1"), QStringLiteral("--session"), session});
        QVERIFY(process.waitForStarted(30000));
        QByteArray printed;
        QVERIFY(QTest::qWaitFor([&] {
            printed += process.readAllStandardOutput();
            return printed.contains("duplicate:") && printed.contains("HANGUP");
        }, 60000));
        const int pollsBefore = m_server->requests;
        QVERIFY(QTest::qWaitFor([&] { return m_server->requests > pollsBefore; }, 10000)); // it keeps polling
        ::kill(pid_t(process.processId()), SIGTERM);
        QVERIFY(QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, 30000));
        QCOMPARE(process.exitCode(), 0);
        printed += process.readAllStandardOutput();
        const QByteArray errors = process.readAllStandardError();
        QVERIFY(errors.contains("CloudWatch Logs delivers events with a delay"));
        QVERIFY(printed.contains("stopped;"));
        QVERIFY(printed.contains("late_reply"));
        QCOMPARE(printed.count("seq   3  CALL_ANSWERED"), 2); // each invocation printed once, however often polled
        QString error;
        QCOMPARE(callconsole::SessionStore::readAll(session, &error).size(), 6);
    }

    void smaMessageLogGroup()
    {
        const QString smaGroup = QStringLiteral("/aws/ChimeSipMediaApplicationSipMessages/266e0891-0fe9-4718-a3a8-15b67842c128");
        m_server->add({smaGroup, QStringLiteral("s"), 1668005564100,
                       QStringLiteral(R"({"SipMediaApplicationId":"266e0891-0fe9-4718-a3a8-15b67842c128","TransactionId":"5b3c1a2e",)"
                                      R"("Direction":"Outbound","SipMessage":"INVITE sip:+14155550123@10.0.0.1 SIP/2.0"})")});
        const Run run = logs({QStringLiteral("--sma-id"), QStringLiteral("266e0891-0fe9-4718-a3a8-15b67842c128")}, secret, false);
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY(run.err.contains(QLatin1String("1 SIP messages of the SMA's message log")));
    }

    void usageErrors()
    {
        QCOMPARE(logs({QStringLiteral("--since"), QStringLiteral("soon")}).exitCode, 2);
        QCOMPARE(CliRun::run({QStringLiteral("logs")}).exitCode, 2);
        QCOMPARE(logs({QStringLiteral("--follow"), QStringLiteral("--end"), QStringLiteral("2022-11-09T15:00:00Z")}, secret, false).exitCode, 2);
    }

private:
    QProcessEnvironment environment(const QString &secretToUse) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"AWS_PROFILE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_SESSION_TOKEN"})
            env.remove(QLatin1String(name));
        env.insert(QStringLiteral("HOME"), m_home.path());
        env.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), key);
        env.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"), secretToUse);
        env.insert(QStringLiteral("AWS_REGION"), QStringLiteral("us-east-1"));
        return env;
    }

    // `logs` on the test group over the fixture's hour, with the fake server answering meanwhile.
    Run logs(const QStringList &extra, const QString &secretToUse = secret, bool withGroup = true)
    {
        QStringList arguments{QStringLiteral("logs"), QStringLiteral("--endpoint-url"), m_server->url().toString()};
        if (withGroup)
            arguments << QStringLiteral("--log-group") << group;
        if (!extra.contains(QLatin1String("--follow")))
            arguments << QStringLiteral("--start") << QStringLiteral("2022-11-09T14:50:00Z") << QStringLiteral("--end")
                      << QStringLiteral("2022-11-09T15:00:00Z");
        arguments += extra;
        QProcess process;
        process.setProcessEnvironment(environment(secretToUse));
        process.start(QStringLiteral(CALLCONSOLE_BINARY), arguments);
        Run result;
        if (!process.waitForStarted(30000))
            return result;
        if (!QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, 90000)) {
            process.kill();
            process.waitForFinished();
            return result;
        }
        result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        result.out = QString::fromUtf8(process.readAllStandardOutput());
        result.err = QString::fromUtf8(process.readAllStandardError());
        return result;
    }

    QTemporaryDir m_home;
    std::unique_ptr<FakeLogsServer> m_server;
};

QTEST_GUILESS_MAIN(TestLogsCommand)
#include "tst_logscommand.moc"

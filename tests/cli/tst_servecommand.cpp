// `callconsole serve` as a real child process: killed with SIGKILL mid-stream it must not lose
// one acknowledged event; stopped with SIGTERM it closes the session cleanly; `export` then
// reads the session back in both formats.
#include "CliRun.h"
#include "SessionStore.h"

#include "../endpoint/HttpTestClient.h"

#include <QDateTime>
#include <QJsonArray>
#include <QSet>
#include <QTemporaryDir>

#include <csignal>

using namespace callconsole;

class TestServeCommand : public QObject
{
    Q_OBJECT

private slots:
    void killNineNeverLosesAnAcknowledgedEvent()
    {
        QTemporaryDir dir;
        const QString session = dir.filePath(QStringLiteral("crash.ccsession"));
        QProcess serve;
        QUrl url = startServe(serve, {QStringLiteral("--session"), session});
        QVERIFY(url.isValid());
        url.setPath(QStringLiteral("/events"));

        QNetworkAccessManager network;
        QSet<int> acknowledged;
        int nextSequence = 1;
        int inFlight = 0;
        bool killed = false;
        // Keep 8 requests in flight so the kill lands while writes are queued and committing.
        const std::function<void()> sendOne = [&] {
            const int sequence = nextSequence++;
            ++inFlight;
            QNetworkReply *reply = startRequest(network, "POST", url, eventBody("ringing.json", QStringLiteral("tx-crash"), sequence));
            QObject::connect(reply, &QNetworkReply::finished, [&, reply, sequence] {
                --inFlight;
                if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200)
                    acknowledged.insert(sequence);
                reply->deleteLater();
                if (!killed && acknowledged.size() >= 300) {
                    killed = true;
                    serve.kill(); // SIGKILL: no chance to flush anything
                }
                if (!killed)
                    sendOne();
            });
        };
        for (int i = 0; i < 8; ++i)
            sendOne();
        QTRY_VERIFY_WITH_TIMEOUT(killed && inFlight == 0, 120000);
        if (serve.state() != QProcess::NotRunning)
            QVERIFY(serve.waitForFinished(30000));
        QCOMPARE(serve.exitStatus(), QProcess::CrashExit);

        QString error;
        const auto deliveries = SessionStore::readAll(session, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QSet<int> stored;
        for (const auto &d : deliveries)
            stored.insert(d.sequence);
        const QSet<int> lost = acknowledged - stored;
        QVERIFY2(lost.isEmpty(), qPrintable(QStringLiteral("%1 acknowledged events lost").arg(lost.size())));
        QVERIFY(acknowledged.size() >= 300);
        QCOMPARE(SessionStore::integrityCheck(session), QStringLiteral("ok"));
    }

    void sigtermClosesTheSessionAndExportReadsIt()
    {
        QTemporaryDir dir;
        const QString session = dir.filePath(QStringLiteral("clean.ccsession"));
        QProcess serve;
        QUrl url = startServe(serve, {QStringLiteral("--session"), session});
        QVERIFY(url.isValid());
        url.setPath(QStringLiteral("/events"));
        QNetworkAccessManager network;
        QCOMPARE(request(network, "POST", url, eventBody("new-outbound-call.json", QStringLiteral("tx-e"), 1)).status, 200);
        QCOMPARE(request(network, "POST", url, eventBody("ringing.json", QStringLiteral("tx-e"), 2)).status, 200);
        QCOMPARE(request(network, "POST", url, QByteArray("not json")).status, 400);
        QCOMPARE(request(network, "POST", url, eventBody("call-answered.json", QStringLiteral("tx-e"), 3),
                         {{"Content-Type", "application/json"}, {"Authorization", "Bearer should-not-be-kept"}}).status, 200);

        ::kill(pid_t(serve.processId()), SIGTERM);
        QVERIFY(serve.waitForFinished(30000));
        QCOMPARE(serve.exitStatus(), QProcess::NormalExit);
        QCOMPARE(serve.exitCode(), 0);
        const QString printed = QString::fromUtf8(serve.readAllStandardOutput());
        QVERIFY2(printed.contains(QStringLiteral("seq 3  CALL_ANSWERED  → Speak, Pause, Hangup")), qPrintable(printed));
        QVERIFY2(printed.contains(QLatin1String("stopped; 3 events, 1 rejected")), qPrintable(printed));

        const CliRun json = CliRun::run({QStringLiteral("export"), session});
        QCOMPARE(json.exitCode, 0);
        const QJsonObject document = QJsonDocument::fromJson(json.out.toUtf8()).object();
        const QJsonArray transactions = document.value(QStringLiteral("transactions")).toArray();
        QCOMPARE(transactions.size(), 1);
        QCOMPARE(transactions.at(0).toObject().value(QStringLiteral("state")).toString(), QStringLiteral("connected"));
        const QJsonArray deliveries = document.value(QStringLiteral("deliveries")).toArray();
        QCOMPARE(deliveries.size(), 4);
        QVERIFY(deliveries.at(2).toObject().value(QStringLiteral("rejected")).toBool());
        QCOMPARE(deliveries.at(2).toObject().value(QStringLiteral("body")).toString(), QStringLiteral("not json"));
        QVERIFY(!json.out.contains(QLatin1String("should-not-be-kept")));

        const QString jsonl = dir.filePath(QStringLiteral("events.jsonl"));
        QCOMPARE(CliRun::run({QStringLiteral("export"), session, QStringLiteral("--format"), QStringLiteral("jsonl"),
                              QStringLiteral("--output"), jsonl}).exitCode, 0);
        const CliRun analyzed = CliRun::run({QStringLiteral("analyze"), jsonl});
        QCOMPARE(analyzed.exitCode, 0);
        QVERIFY2(analyzed.out.contains(QLatin1String("3 events in 1 transactions, 0 anomalies")), qPrintable(analyzed.out));
    }

    void refusesToExposeAnUnauthenticatedEndpoint()
    {
        const CliRun run = CliRun::run({QStringLiteral("serve"), QStringLiteral("--host"), QStringLiteral("0.0.0.0")});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(QLatin1String("--token-file, CALLCONSOLE_TOKEN or --hmac-secret-file")), qPrintable(run.err));
    }

    void idleTimeoutsThatWouldDropEveryRequestAreRefused_data()
    {
        QTest::addColumn<QString>("value");
        QTest::newRow("0") << QStringLiteral("0");
        QTest::newRow("-1") << QStringLiteral("-1");
        QTest::newRow("50") << QStringLiteral("50");
    }
    void idleTimeoutsThatWouldDropEveryRequestAreRefused()
    {
        QFETCH(QString, value);
        const CliRun run = CliRun::run({QStringLiteral("serve"), QStringLiteral("--idle-timeout"), value});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(QLatin1String("--idle-timeout")) && run.err.contains(QLatin1String("100")), qPrintable(run.err));
    }

    // The token never shows in the process list, and the scheme may be written in any case.
    void tokenFileKeepsTheTokenOutOfTheProcessList_data()
    {
        QTest::addColumn<bool>("fromEnvironment");
        QTest::newRow("--token-file") << false;
        QTest::newRow("CALLCONSOLE_TOKEN") << true;
    }
    void tokenFileKeepsTheTokenOutOfTheProcessList()
    {
        QFETCH(bool, fromEnvironment);
        const QByteArray token = "s3cret-" + QByteArray::number(QDateTime::currentMSecsSinceEpoch());
        QTemporaryDir dir;
        QFile file(dir.filePath(QStringLiteral("token")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(token + "\n");
        file.close();
        QProcess serve;
        QStringList arguments;
        if (fromEnvironment) {
            QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
            environment.insert(QStringLiteral("CALLCONSOLE_TOKEN"), QString::fromLatin1(token));
            serve.setProcessEnvironment(environment);
        } else {
            arguments << QStringLiteral("--token-file") << file.fileName();
        }
        QUrl url = startServe(serve, arguments);
        QVERIFY(url.isValid());
        url.setPath(QStringLiteral("/events"));
        QFile commandLine(QStringLiteral("/proc/%1/cmdline").arg(serve.processId()));
        QVERIFY(commandLine.open(QIODevice::ReadOnly));
        QVERIFY(!commandLine.readAll().contains(token));
        QNetworkAccessManager network;
        const QByteArray event = eventBody("ringing.json", QStringLiteral("tx-token"), 2);
        QCOMPARE(request(network, "POST", url, event).status, 401);
        QCOMPARE(request(network, "POST", url, event, {{"Content-Type", "application/json"}, {"Authorization", "bearer " + token}}).status, 200);
        QVERIFY(stopServe(serve));
    }

    void rejectsInvalidRulesFiles()
    {
        QTemporaryDir dir;
        QFile rules(dir.filePath(QStringLiteral("rules.json")));
        QVERIFY(rules.open(QIODevice::WriteOnly));
        rules.write(R"({"rules":[{"event":"CALL_ANSWERED","reply":{"SchemaVersion":"1.0","Actions":[{"Type":"Pause","Parameters":{}}]}}]})");
        rules.close();
        const CliRun run = CliRun::run({QStringLiteral("serve"), QStringLiteral("--rules"), rules.fileName()});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(QLatin1String("rules[0].reply.Actions[0].Parameters.DurationInMilliseconds")), qPrintable(run.err));
    }

    void exportUsageErrors()
    {
        QCOMPARE(CliRun::run({QStringLiteral("export")}).exitCode, 2);
        QCOMPARE(CliRun::run({QStringLiteral("export"), QStringLiteral("/nonexistent.ccsession")}).exitCode, 2);
        QCOMPARE(CliRun::run({QStringLiteral("export"), QStringLiteral("x"), QStringLiteral("--format"), QStringLiteral("xml")}).exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestServeCommand)
#include "tst_servecommand.moc"

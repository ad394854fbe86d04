// place, update, simulate and demo through the real binary, as a user or a script runs them.
#include "CliRun.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>

namespace {

// Starts a long-running command and returns the URL it prints as "listening on URL".
QUrl startListening(QProcess &process, const QStringList &arguments)
{
    process.setProgram(QStringLiteral(CALLCONSOLE_BINARY));
    process.setArguments(arguments);
    process.start();
    static const QRegularExpression listening(QStringLiteral("listening on (http://\\S+)"));
    QByteArray printed;
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < 60000 && process.state() != QProcess::NotRunning) {
        if (process.waitForReadyRead(200))
            printed += process.readAllStandardOutput();
        const auto match = listening.match(QString::fromUtf8(printed));
        if (match.hasMatch())
            return QUrl(match.captured(1));
    }
    return {};
}

} // namespace

class TestPlaceCommand : public QObject
{
    Q_OBJECT

private slots:
    void placeRunsAWholeCallInProcess()
    {
        const CliRun run = CliRun::run({QStringLiteral("place"), QStringLiteral("--to"), QStringLiteral("+12065550186"), QStringLiteral("--wait")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains(QLatin1String("TransactionId: ")), qPrintable(run.out));
        for (const char *expected : {"seq  1  NEW_OUTBOUND_CALL", "seq  2  RINGING", "seq  3  HANGUP", "SIP 486", "ended (486)"})
            QVERIFY2(run.out.contains(QLatin1String(expected)), qPrintable(run.out));
    }

    // The busy number: three events, then one document with the call's analysis.
    void placeInProcessAsJson()
    {
        const CliRun run = CliRun::run({QStringLiteral("place"), QStringLiteral("--to"), QStringLiteral("+12065550186"), QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.err.startsWith(QLatin1String("Endpoint: http://127.0.0.1:")), qPrintable(run.err));
        const QJsonObject document = QJsonDocument::fromJson(run.out.toUtf8()).object();
        QVERIFY2(!document.isEmpty(), qPrintable(run.out));
        QCOMPARE(document.value(QStringLiteral("ended")).toBool(), true);
        QCOMPARE(document.value(QStringLiteral("endpoint")).toObject().value(QStringLiteral("source")).toString(),
                 QStringLiteral("built-in simulator"));
        QCOMPARE(document.value(QStringLiteral("endpoint")).toObject().value(QStringLiteral("real")).toBool(true), false);
        const QString id = document.value(QStringLiteral("transactionId")).toString();
        QCOMPARE(id.size(), 36);
        const QJsonArray transactions = document.value(QStringLiteral("transactions")).toArray();
        QCOMPARE(transactions.size(), 1);
        QCOMPARE(transactions.first().toObject().value(QStringLiteral("transactionId")).toString(), id);
    }

    void placeRefusesInvalidInputBeforeSending()
    {
        const CliRun run = CliRun::run({QStringLiteral("place"), QStringLiteral("--to"), QStringLiteral("+0123")});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(QLatin1String("ToPhoneNumber: '+0123'")), qPrintable(run.err));
        QVERIFY(run.err.contains(QLatin1String("nothing was sent")));
    }

    void placeAndUpdateAgainstSimulate()
    {
        QProcess simulate;
        const QUrl url = startListening(simulate, {QStringLiteral("simulate"), QStringLiteral("--speed"), QStringLiteral("10")});
        QVERIFY(url.isValid());
        const CliRun placed = CliRun::run({QStringLiteral("place"), QStringLiteral("--endpoint-url"), url.toString(),
                                           QStringLiteral("--sma-id"), QStringLiteral("1f2e3d4c-5b6a-4789-8abc-def012345678"),
                                           QStringLiteral("--from"), QStringLiteral("+12065550100"), QStringLiteral("--to"), QStringLiteral("+12065550199"),
                                           QStringLiteral("--arg"), QStringLiteral("flow=greeting")});
        QCOMPARE(placed.exitCode, 0);
        const auto match = QRegularExpression(QStringLiteral("TransactionId: (\\S+)")).match(placed.out);
        QVERIFY2(match.hasMatch(), qPrintable(placed.out));
        const CliRun updated = CliRun::run({QStringLiteral("update"), QStringLiteral("--endpoint-url"), url.toString(),
                                            QStringLiteral("--sma-id"), QStringLiteral("1f2e3d4c-5b6a-4789-8abc-def012345678"),
                                            QStringLiteral("--transaction-id"), match.captured(1), QStringLiteral("--arg"), QStringLiteral("step=2")});
        QCOMPARE(updated.exitCode, 0);
        const CliRun refused = CliRun::run({QStringLiteral("place"), QStringLiteral("--endpoint-url"), url.toString(),
                                            QStringLiteral("--sma-id"), QStringLiteral("1f2e3d4c-5b6a-4789-8abc-def012345678"),
                                            QStringLiteral("--from"), QStringLiteral("+12065550999"), QStringLiteral("--to"), QStringLiteral("+12065550199")});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains(QLatin1String("AccessDeniedException")), qPrintable(refused.err));
        simulate.terminate();
        QVERIFY(simulate.waitForFinished(30000));
        QCOMPARE(simulate.exitCode(), 0);
    }

    void signedPlaceAgainstAVerifyingSimulator()
    {
        QTemporaryDir dir;
        QFile config(dir.filePath(QStringLiteral("simulator.json")));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write(R"({"verifySignatures": {"accessKeyId": "AKIDCONSOLETEST", "secretAccessKey": "console/test/secret"}})");
        config.close();
        QProcess simulate;
        const QUrl url = startListening(simulate, {QStringLiteral("simulate"), QStringLiteral("--config"), config.fileName()});
        QVERIFY(url.isValid());
        // Credentials come from the environment, as the AWS CLI would take them; no ~/.aws here.
        qputenv("HOME", dir.path().toUtf8());
        qputenv("AWS_ACCESS_KEY_ID", "AKIDCONSOLETEST");
        qputenv("AWS_SECRET_ACCESS_KEY", "console/test/secret");
        const QStringList place = {QStringLiteral("place"), QStringLiteral("--backend"), QStringLiteral("aws"),
                                   QStringLiteral("--endpoint-url"), url.toString(), QStringLiteral("--region"), QStringLiteral("us-east-1"),
                                   QStringLiteral("--sma-id"), QStringLiteral("1f2e3d4c-5b6a-4789-8abc-def012345678"),
                                   QStringLiteral("--from"), QStringLiteral("+12065550100"), QStringLiteral("--to"), QStringLiteral("+12065550186")};
        const CliRun signedRun = CliRun::run(place);
        QVERIFY2(signedRun.exitCode == 0 && signedRun.out.contains(QLatin1String("TransactionId")), qPrintable(signedRun.out + signedRun.err));
        qputenv("AWS_SECRET_ACCESS_KEY", "not-the-secret");
        const CliRun forged = CliRun::run(place);
        QCOMPARE(forged.exitCode, 1);
        QVERIFY2(forged.err.contains(QLatin1String("InvalidSignatureException")), qPrintable(forged.err));
        qunsetenv("AWS_ACCESS_KEY_ID");
        qunsetenv("AWS_SECRET_ACCESS_KEY");
        simulate.terminate();
        QVERIFY(simulate.waitForFinished(30000));
    }

    void demoShowsTheTourAndItsAnomalies()
    {
        const CliRun run = CliRun::run({QStringLiteral("demo"), QStringLiteral("--speed"), QStringLiteral("4")});
        QCOMPARE(run.exitCode, 0);
        for (const char *expected : {"DIGITS_RECEIVED", "digits 1#", "ended (486)", "ended (480)", "duplicate: CALL_ANSWERED (Sequence 3)"})
            QVERIFY2(run.out.contains(QLatin1String(expected)), qPrintable(run.out));
    }

    void noDisplayRunsTheDemoAndSaysSo()
    {
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        env.remove(QStringLiteral("QT_QPA_PLATFORM"));
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(CALLCONSOLE_BINARY), {QStringLiteral("--speed"), QStringLiteral("4")});
        QVERIFY(process.waitForFinished(120000));
        const QString out = QString::fromUtf8(process.readAllStandardOutput());
        QVERIFY2(out.startsWith(QLatin1String("No display found: running the headless demo")), qPrintable(out));
        QCOMPARE(process.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(TestPlaceCommand)
#include "tst_placecommand.moc"

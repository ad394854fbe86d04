// `callconsole dial-in` as scripts run it, and inbound calls end to end through real processes:
// a handler file served by tests/handlers/lambda_http.{py,js}, `callconsole simulate
// --endpoint-url` pointed at it, `dial-in` (and `update`) against that simulator.
#include "CliRun.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QStandardPaths>

namespace {

const QString handlers = QStringLiteral(CALLCONSOLE_SOURCE_DIR "/tests/handlers/");
const QString smaId = QStringLiteral("1f2e3d4c-5b6a-4789-8abc-def012345678");

QStringList invocationTypes(const QJsonObject &status)
{
    QStringList types;
    for (const QJsonValue &invocation : status.value(QStringLiteral("Invocations")).toArray())
        types << invocation.toObject().value(QStringLiteral("InvocationEventType")).toString();
    return types;
}

QJsonObject invocation(const QJsonObject &status, const QString &type)
{
    for (const QJsonValue &invocation : status.value(QStringLiteral("Invocations")).toArray()) {
        if (invocation.toObject().value(QStringLiteral("InvocationEventType")).toString() == type)
            return invocation.toObject();
    }
    return {};
}

QJsonObject lastJsonLine(const CliRun &run)
{
    const QStringList lines = run.outLines();
    return lines.isEmpty() ? QJsonObject() : QJsonDocument::fromJson(lines.last().toUtf8()).object();
}

// A handler file behind its Lambda wrapper, and `callconsole simulate` invoking it.
struct HandlerOnSimulator
{
    QProcess handler;
    QProcess simulator;
    QUrl url; // the simulator's

    bool start(const QString &program, const QString &wrapper, const QString &file)
    {
        const QUrl handlerUrl = startListening(handler, program, {handlers + wrapper, handlers + file});
        if (handlerUrl.isEmpty())
            return false;
        url = startListening(simulator, QStringLiteral(CALLCONSOLE_BINARY),
                             {QStringLiteral("simulate"), QStringLiteral("--endpoint-url"), handlerUrl.toString(),
                              QStringLiteral("--speed"), QStringLiteral("10")});
        return !url.isEmpty();
    }
    ~HandlerOnSimulator()
    {
        for (QProcess *process : {&simulator, &handler}) {
            process->kill();
            process->waitForFinished(10000);
        }
    }
    QJsonObject status(const QString &transactionId)
    {
        QNetworkAccessManager network;
        QUrl status = url;
        status.setPath(QStringLiteral("/_callconsole/calls/%1").arg(transactionId));
        QNetworkReply *reply = network.get(QNetworkRequest(status));
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        reply->deleteLater();
        return QJsonDocument::fromJson(reply->readAll()).object();
    }
};

} // namespace

class TestDialInCommand : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        // `update` signs its request; the simulator accepts any credentials.
        qputenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
        qputenv("AWS_SECRET_ACCESS_KEY", "secret");
        qputenv("AWS_CONFIG_FILE", "/dev/null");
        qputenv("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
    }

    void onTheBuiltInSimulatorTheCallIsPrintedAsJson()
    {
        const CliRun run = CliRun::run({QStringLiteral("dial-in"), QStringLiteral("--from"), QStringLiteral("+14155550123"),
                                        QStringLiteral("--to"), QStringLiteral("+12065550100"), QStringLiteral("--hangup-after"),
                                        QStringLiteral("1.5"), QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        const QJsonObject call = lastJsonLine(run);
        QCOMPARE(call.value(QStringLiteral("Direction")).toString(), QStringLiteral("Inbound"));
        QCOMPARE(call.value(QStringLiteral("From")).toString(), QStringLiteral("+14155550123"));
        QCOMPARE(call.value(QStringLiteral("To")).toString(), QStringLiteral("+12065550100"));
        QCOMPARE(call.value(QStringLiteral("SipMediaApplicationId")).toString(), smaId);
        QVERIFY(!call.value(QStringLiteral("SipRuleId")).toString().isEmpty());
        QCOMPARE(call.value(QStringLiteral("State")).toString(), QStringLiteral("Ended"));
        QVERIFY(call.value(QStringLiteral("Answered")).toBool()); // the console's default reply answers
        QCOMPARE(invocationTypes(call).first(), QStringLiteral("NEW_INBOUND_CALL"));
        QCOMPARE(invocationTypes(call).last(), QStringLiteral("HANGUP"));
    }

    void badInputIsRefusedBeforeAnyCall_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("caller") << QStringList{QStringLiteral("--from"), QStringLiteral("+0123"), QStringLiteral("--to"), QStringLiteral("+12065550100")}
                                << QStringLiteral("FromPhoneNumber: '+0123'");
        QTest::newRow("not our number") << QStringList{QStringLiteral("--from"), QStringLiteral("+14155550123"), QStringLiteral("--to"), QStringLiteral("+12065550999")}
                                        << QStringLiteral("+12065550999 is not a phone number of the simulated account");
        QTest::newRow("digits") << QStringList{QStringLiteral("--from"), QStringLiteral("+14155550123"), QStringLiteral("--to"), QStringLiteral("+12065550100"),
                                               QStringLiteral("--digits"), QStringLiteral("1#@soon")}
                                << QStringLiteral("--digits: '1#@soon'");
    }

    void badInputIsRefusedBeforeAnyCall()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, mentions);
        const CliRun run = CliRun::run(QStringList{QStringLiteral("dial-in")} + arguments);
        QVERIFY(run.exitCode != 0);
        QVERIFY2(run.err.contains(mentions), qPrintable(run.err));
    }

    void simulateRefusesAPortOutOfRange()
    {
        const CliRun run = CliRun::run({QStringLiteral("simulate"), QStringLiteral("--port"), QStringLiteral("99999")});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(QLatin1String("--port: '99999'")), qPrintable(run.err));
    }

    // A Python IVR: two menus time out unanswered and are asked again, the third gets "2".
    void anInboundIvrWithRetriesOnARunningSimulator()
    {
        HandlerOnSimulator f;
        QVERIFY(f.start(QStringLiteral("/usr/bin/python3"), QStringLiteral("lambda_http.py"), QStringLiteral("inbound_ivr.py")));
        // Each menu is the 3 s prompt and 5 s of waiting for a digit (0.8 s at --speed 10); the
        // caller presses 2# 21 s after the answer, while the third menu waits.
        const CliRun run = CliRun::run({QStringLiteral("dial-in"), QStringLiteral("--endpoint-url"), f.url.toString(),
                                        QStringLiteral("--from"), QStringLiteral("+14155550123"), QStringLiteral("--to"),
                                        QStringLiteral("+12065550100"), QStringLiteral("--digits"), QStringLiteral("2#@21"),
                                        QStringLiteral("--wait"), QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        const QJsonObject call = lastJsonLine(run);
        QCOMPARE(invocationTypes(call), (QStringList{QStringLiteral("NEW_INBOUND_CALL"), QStringLiteral("ACTION_FAILED"),
                                                     QStringLiteral("ACTION_FAILED"), QStringLiteral("ACTION_SUCCESSFUL"),
                                                     QStringLiteral("HANGUP")}));
        // Routed on the digit: "2" is sales (Speak, Hangup).
        QCOMPARE(invocation(call, QStringLiteral("ACTION_SUCCESSFUL")).value(QStringLiteral("ReplyActions")).toArray(),
                 (QJsonArray{QStringLiteral("Speak"), QStringLiteral("Hangup")}));
        QVERIFY(call.value(QStringLiteral("Answered")).toBool());
        QCOMPARE(call.value(QStringLiteral("SipResponseCode")).toInt(), 0);
    }

    // A Node handler holding the caller on PlayAudio until `callconsole update` asks it to hang up.
    void anUpdateDuringPlayAudioInterruptsIt()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("node")).isEmpty())
            QSKIP("node is not installed");
        HandlerOnSimulator f;
        QVERIFY(f.start(QStringLiteral("node"), QStringLiteral("lambda_http.js"), QStringLiteral("update_during_play.js")));
        const CliRun dialled = CliRun::run({QStringLiteral("dial-in"), QStringLiteral("--endpoint-url"), f.url.toString(),
                                            QStringLiteral("--from"), QStringLiteral("+14155550123"), QStringLiteral("--to"),
                                            QStringLiteral("+12065550101"), QStringLiteral("--json")});
        QVERIFY2(dialled.exitCode == 0, qPrintable(dialled.out + dialled.err));
        const QString id = lastJsonLine(dialled).value(QStringLiteral("TransactionId")).toString();
        QTRY_COMPARE_WITH_TIMEOUT(invocation(f.status(id), QStringLiteral("NEW_INBOUND_CALL")).value(QStringLiteral("Reply")).toString(),
                                  QStringLiteral("Used"), 20000);
        const CliRun updated = CliRun::run({QStringLiteral("update"), QStringLiteral("--endpoint-url"), f.url.toString(),
                                            QStringLiteral("--sma-id"), smaId, QStringLiteral("--transaction-id"), id,
                                            QStringLiteral("--arg"), QStringLiteral("action=hangup")});
        QVERIFY2(updated.exitCode == 0, qPrintable(updated.out + updated.err));
        QTRY_COMPARE_WITH_TIMEOUT(f.status(id).value(QStringLiteral("State")).toString(), QStringLiteral("Ended"), 20000);
        const QJsonObject call = f.status(id);
        QCOMPARE(invocationTypes(call), (QStringList{QStringLiteral("NEW_INBOUND_CALL"), QStringLiteral("CALL_UPDATE_REQUESTED"),
                                                     QStringLiteral("ACTION_INTERRUPTED"), QStringLiteral("HANGUP")}));
        // The handler's Hangup in reply to ACTION_INTERRUPTED is recorded and ignored.
        const QJsonObject interrupted = invocation(call, QStringLiteral("ACTION_INTERRUPTED"));
        QCOMPARE(interrupted.value(QStringLiteral("Reply")).toString(), QStringLiteral("Ignored"));
        QCOMPARE(interrupted.value(QStringLiteral("ReplyActions")).toArray(), QJsonArray{QStringLiteral("Hangup")});
    }
};

QTEST_GUILESS_MAIN(TestDialInCommand)
#include "tst_dialincommand.moc"

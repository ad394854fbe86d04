// Handlers written the way public SMA samples are (tests/handlers/samples, Node and Python),
// each served by the Lambda wrapper in its own process, against a real `callconsole simulate`
// process pointed at it with --endpoint-url. The simulator's own log of invocations is the
// evidence: a bridged call whose HANGUP reply hangs up the other leg, an outbound notification
// answered with digits, a caller joined to a meeting.
#include "../endpoint/HttpTestClient.h"

#include <QDir>
#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>

namespace {

const QString handlers = QStringLiteral(CALLCONSOLE_TEST_DATA "/../handlers");
const char *const smaId = "1f2e3d4c-5b6a-4789-8abc-def012345678";

// Starts a process and waits for its "listening on URL" line.
QUrl startListening(QProcess &process, const QString &program, const QStringList &arguments)
{
    process.setProcessChannelMode(QProcess::SeparateChannels);
    process.start(program, arguments);
    if (!process.waitForStarted(30000))
        return {};
    static const QRegularExpression listening(QStringLiteral("listening on (http://\\S+)"));
    QByteArray seen;
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < 60000 && process.state() == QProcess::Running) {
        process.waitForReadyRead(200);
        seen += process.readAllStandardOutput();
        const auto match = listening.match(QString::fromUtf8(seen));
        if (match.hasMatch()) {
            process.setProperty("output", seen);
            return QUrl(match.captured(1));
        }
    }
    qWarning("%s did not start: %s %s", qPrintable(program), seen.constData(), process.readAllStandardError().constData());
    return {};
}

struct SampleRun
{
    QTemporaryDir dir;
    QProcess handler;
    QProcess simulate;
    QUrl simulatorUrl;
    QNetworkAccessManager network;

    ~SampleRun()
    {
        for (QProcess *process : {&simulate, &handler}) {
            if (process->state() != QProcess::NotRunning) {
                process->kill();
                process->waitForFinished(5000);
            }
        }
    }

    // The handler (node or python3) behind the wrapper, the simulator at 20x with these callees.
    bool start(const QString &runtime, const QString &sample, const QByteArray &callees)
    {
        const QString wrapper = handlers + (runtime == QLatin1String("node") ? QStringLiteral("/lambda_http.js")
                                                                               : QStringLiteral("/lambda_http.py"));
        const QUrl endpoint = startListening(handler, runtime, {wrapper, handlers + QStringLiteral("/samples/") + sample});
        if (endpoint.isEmpty())
            return false;
        // The service's own deadlines stay generous: a loaded machine must not turn a slow
        // handler start into retries the test did not ask for.
        QFile config(dir.filePath(QStringLiteral("simulate.json")));
        if (!config.open(QIODevice::WriteOnly))
            return false;
        config.write(R"({"speed": 20, "retryAfterMs": 100000, "giveUpAfterMs": 400000, "callees": )" + callees + "}");
        config.close();
        simulatorUrl = startListening(simulate, QStringLiteral(CALLCONSOLE_BINARY),
                                      {QStringLiteral("simulate"), QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--config"),
                                       config.fileName(), QStringLiteral("--endpoint-url"), endpoint.toString()});
        return !simulatorUrl.isEmpty();
    }

    QString place(const QString &to)
    {
        QUrl url = simulatorUrl;
        url.setPath(QStringLiteral("/sip-media-applications/%1/calls").arg(QLatin1String(smaId)));
        const QJsonObject body{{QStringLiteral("FromPhoneNumber"), QStringLiteral("+12065550100")},
                               {QStringLiteral("ToPhoneNumber"), to}};
        const HttpResult created = request(network, "POST", url, QJsonDocument(body).toJson());
        return created.json().value(QStringLiteral("SipMediaApplicationCall")).toObject().value(QStringLiteral("TransactionId")).toString();
    }

    // A caller dials one of the simulator's numbers (its scripts' HTTP route).
    QString dialIn(const QString &from, const QString &to)
    {
        QUrl url = simulatorUrl;
        url.setPath(QStringLiteral("/_callconsole/inbound-calls"));
        const QJsonObject body{{QStringLiteral("FromPhoneNumber"), from}, {QStringLiteral("ToPhoneNumber"), to}};
        const HttpResult created = request(network, "POST", url, QJsonDocument(body).toJson());
        return created.json().value(QStringLiteral("TransactionId")).toString();
    }

    // "3:CALL_ANSWERED" per invocation of the transaction, from simulate's own log.
    QStringList invocations(const QString &transactionId)
    {
        QByteArray output = simulate.property("output").toByteArray() + simulate.readAllStandardOutput();
        simulate.setProperty("output", output);
        QStringList sequence;
        const QRegularExpression line(QStringLiteral("^%1  seq (\\d+)  (\\w+)$").arg(transactionId), QRegularExpression::MultilineOption);
        for (auto it = line.globalMatch(QString::fromUtf8(output)); it.hasNext();) {
            const auto match = it.next();
            sequence << match.captured(1) + QLatin1Char(':') + match.captured(2);
        }
        return sequence;
    }
};

QStringList words(const char *text)
{
    return QString::fromLatin1(text).split(QLatin1Char(','), Qt::SkipEmptyParts);
}

} // namespace

class TestSampleHandlers : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("node")).isEmpty()
            || QStandardPaths::findExecutable(QStringLiteral("python3")).isEmpty())
            QFAIL("node and python3 are needed (scripts/install-deps.sh installs them)");
    }

    // DG hangup.md: the bridged callee hangs up; the HANGUP reply's Hangup runs on the caller's
    // leg, which gets its own HANGUP and ends the call.
    void bridgedCallHangsUpTheOtherLeg()
    {
        SampleRun run;
        const QByteArray callees = R"([{"to": "+12065550177", "hangupAfterMs": 4000}])";
        QVERIFY(run.start(QStringLiteral("node"), QStringLiteral("bridged_call.js"), callees));
        const QString id = run.place(QStringLiteral("+12065550199"));
        QVERIFY(!id.isEmpty());
        const QStringList expected = words("1:NEW_OUTBOUND_CALL,2:RINGING,3:CALL_ANSWERED,4:ACTION_SUCCESSFUL,5:HANGUP,6:HANGUP");
        QTRY_COMPARE_WITH_TIMEOUT(run.invocations(id), expected, 30000);
        QTest::qWait(300);
        QCOMPARE(run.invocations(id), expected); // nothing after the last leg's HANGUP
        // The SipHeaders towards a PSTN number are accepted, with the warning naming both pages.
        const QString log = QString::fromUtf8(run.simulate.property("output").toByteArray());
        QVERIFY2(log.contains(id + QStringLiteral("  seq 3  reply warning: Actions[0].Parameters.SipHeaders")), qPrintable(log));
        QVERIFY(log.contains(QLatin1String("sip-headers.md")));
    }

    // The same handler on an inbound call: the caller is bridged at NEW_INBOUND_CALL, the bridged
    // callee hangs up, and the HANGUP reply hangs up the caller's leg.
    void inboundBridgedCallHangsUpTheCaller()
    {
        SampleRun run;
        const QByteArray callees = R"([{"to": "+12065550177", "hangupAfterMs": 4000}])";
        QVERIFY(run.start(QStringLiteral("node"), QStringLiteral("bridged_call.js"), callees));
        const QString id = run.dialIn(QStringLiteral("+14155550123"), QStringLiteral("+12065550100"));
        QVERIFY(!id.isEmpty());
        const QStringList expected = words("1:NEW_INBOUND_CALL,2:ACTION_SUCCESSFUL,3:HANGUP,4:HANGUP");
        QTRY_COMPARE_WITH_TIMEOUT(run.invocations(id), expected, 30000);
        QTest::qWait(300);
        QCOMPARE(run.invocations(id), expected); // nothing after the caller's HANGUP
    }

    // An outbound notification: the callee presses 1 while ReceiveDigits listens.
    void outboundNotificationWithReceiveDigits()
    {
        SampleRun run;
        const QByteArray callees = R"([{"to": "+12065550188", "digits": [{"atMs": 8000, "digits": "1"}]}])";
        QVERIFY(run.start(QStringLiteral("python3"), QStringLiteral("appointment_reminder.py"), callees));
        const QString id = run.place(QStringLiteral("+12065550188"));
        QVERIFY(!id.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(run.invocations(id),
                                  words("1:NEW_OUTBOUND_CALL,2:RINGING,3:CALL_ANSWERED,4:ACTION_SUCCESSFUL,5:DIGITS_RECEIVED,6:HANGUP"),
                                  30000);
    }

    // A caller enters the meeting PIN, joins the meeting (LEG-B) and is unmuted on it; when the
    // caller hangs up, both legs go.
    void meetingJoin()
    {
        SampleRun run;
        const QByteArray callees = R"([{"to": "+12065550189", "hangupAfterMs": 12000, "digits": [{"atMs": 2000, "digits": "12345\u0023"}]}])";
        QVERIFY(run.start(QStringLiteral("node"), QStringLiteral("meeting_dial_in.js"), callees));
        const QString id = run.place(QStringLiteral("+12065550189"));
        QVERIFY(!id.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(run.invocations(id),
                                  words("1:NEW_OUTBOUND_CALL,2:RINGING,3:CALL_ANSWERED,4:ACTION_SUCCESSFUL,5:ACTION_SUCCESSFUL,"
                                        "6:ACTION_SUCCESSFUL,7:HANGUP"),
                                  30000);
    }
};

QTEST_GUILESS_MAIN(TestSampleHandlers)
#include "tst_samplehandlers.moc"

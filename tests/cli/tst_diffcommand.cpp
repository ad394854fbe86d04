// `callconsole diff` through the real binary: two sessions recorded by `serve --handler` from
// the same events, before and after one reply changed, are paired call by call and the one
// changed reply is reported; two flow runs compare the same way; a run equals itself.
#include "CliRun.h"

#include "../endpoint/HttpTestClient.h"

#include <QJsonArray>
#include <QTemporaryDir>

namespace {

const char handlerSource[] = R"JS(
exports.handler = async (event) => {
  const callId = event.CallDetails.Participants[0].CallId;
  if (event.InvocationEventType !== 'CALL_ANSWERED') return { SchemaVersion: '1.0', Actions: [] };
  const to = event.CallDetails.Participants[0].To;
  const text = to.endsWith('23') ? 'GREETING' : 'Other number';
  return { SchemaVersion: '1.0', Actions: [
    { Type: 'Speak', Parameters: { CallId: callId, Text: text, Engine: 'neural', LanguageCode: 'en-US', VoiceId: 'Joanna' } },
    { Type: 'Hangup', Parameters: { CallId: callId, SipResponseCode: '0' } }] };
};
)JS";

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

QByteArray eventTo(const char *fixture, const QString &tx, int sequence, const QString &to)
{
    QJsonObject event = QJsonDocument::fromJson(eventBody(fixture, tx, sequence)).object();
    QJsonObject details = event.value(QStringLiteral("CallDetails")).toObject();
    QJsonArray participants = details.value(QStringLiteral("Participants")).toArray();
    QJsonObject legA = participants.at(0).toObject();
    legA.insert(QStringLiteral("To"), to);
    participants.replace(0, legA);
    details.insert(QStringLiteral("Participants"), participants);
    event.insert(QStringLiteral("CallDetails"), details);
    return QJsonDocument(event).toJson(QJsonDocument::Compact);
}

// Two calls' events through `serve --handler`, recorded in session.
bool record(const QString &handler, const QString &session, const QString &runTag)
{
    QProcess serve;
    QUrl url = startServe(serve, {QStringLiteral("--session"), session, QStringLiteral("--handler"), handler});
    if (!url.isValid())
        return false;
    url.setPath(QStringLiteral("/events"));
    QNetworkAccessManager network;
    for (const QString &to : {QStringLiteral("+12065550123"), QStringLiteral("+12065550177")}) {
        const QString tx = runTag + to;
        const char *fixtures[] = {"new-outbound-call.json", "ringing.json", "call-answered.json", "hangup.json"};
        for (int i = 0; i < 4; ++i) {
            if (request(network, "POST", url, eventTo(fixtures[i], tx, i + 1, to)).status != 200)
                return false;
        }
    }
    return stopServe(serve);
}

} // namespace

class TestDiffCommand : public QObject
{
    Q_OBJECT

private slots:
    void sessionsThatDifferInOneReply()
    {
        QTemporaryDir dir;
        const QString handler = dir.filePath(QStringLiteral("app.js"));
        QVERIFY(writeFile(handler, handlerSource));
        const QString before = dir.filePath(QStringLiteral("before.ccsession"));
        QVERIFY(record(handler, before, QStringLiteral("before-")));
        QVERIFY(writeFile(handler, QByteArray(handlerSource).replace("'GREETING'", "'Hello again'")));
        const QString after = dir.filePath(QStringLiteral("after.ccsession"));
        QVERIFY(record(handler, after, QStringLiteral("after-")));

        const CliRun same = CliRun::run({QStringLiteral("diff"), before, before});
        QVERIFY2(same.exitCode == 0, qPrintable(same.out + same.err));
        QVERIFY2(same.out.contains(QLatin1String("2 calls paired: 0 differ")), qPrintable(same.out));

        const CliRun run = CliRun::run({QStringLiteral("diff"), before, after});
        QVERIFY2(run.exitCode == 1, qPrintable(run.out + run.err));
        QVERIFY2(run.out.contains(QLatin1String("DIFF  +12065550123  (4 events: NEW_OUTBOUND_CALL, RINGING, CALL_ANSWERED, HANGUP)")),
                 qPrintable(run.out));
        QVERIFY2(run.out.contains(QStringLiteral("seq 3 CALL_ANSWERED: reply Actions[0].Parameters.Text: A 'GREETING' → B 'Hello again'")),
                 qPrintable(run.out));
        QVERIFY2(run.out.contains(QLatin1String("same  +12065550177")), qPrintable(run.out));
        QVERIFY2(run.out.contains(QLatin1String("2 calls paired: 1 differ")), qPrintable(run.out));

        const CliRun json = CliRun::run({QStringLiteral("diff"), before, after, QStringLiteral("--json")});
        QCOMPARE(json.exitCode, 1);
        const QJsonObject root = QJsonDocument::fromJson(json.out.toUtf8()).object();
        QCOMPARE(root.value(QStringLiteral("identical")).toBool(true), false);
        QCOMPARE(root.value(QStringLiteral("pairs")).toArray().at(0).toObject().value(QStringLiteral("differences")).toArray().size(), 1);
    }

    void flowRunsCompareByTheirCalls()
    {
        QTemporaryDir dir;
        const QString flows = QStringLiteral(CALLCONSOLE_SOURCE_DIR "/resources/examples/menu.flow.json");
        const QString handler = dir.filePath(QStringLiteral("menu.js"));
        QFile::copy(QStringLiteral(CALLCONSOLE_SOURCE_DIR "/resources/examples/menu.js"), handler);
        const CliRun first = CliRun::run({QStringLiteral("run-flow"), flows, QStringLiteral("--handler"), handler, QStringLiteral("--json")});
        QCOMPARE(first.exitCode, 0);
        QVERIFY(writeFile(dir.filePath(QStringLiteral("first.json")), first.out.toUtf8()));
        QFile source(handler);
        QVERIFY(source.open(QIODevice::ReadOnly));
        const QByteArray changed = source.readAll().replace("'We did not hear a choice. Goodbye.'", "'Goodbye.'");
        source.close();
        QVERIFY(writeFile(handler, changed));
        const CliRun second = CliRun::run({QStringLiteral("run-flow"), flows, QStringLiteral("--handler"), handler, QStringLiteral("--json")});
        QVERIFY(writeFile(dir.filePath(QStringLiteral("second.json")), second.out.toUtf8()));

        const CliRun run = CliRun::run({QStringLiteral("diff"), dir.filePath(QStringLiteral("first.json")), dir.filePath(QStringLiteral("second.json"))});
        QVERIFY2(run.exitCode == 1, qPrintable(run.out + run.err));
        QVERIFY2(run.out.contains(QStringLiteral("DIFF  menu: press 1 for sales, 2 for support › stays silent")), qPrintable(run.out));
        QVERIFY2(run.out.contains(QStringLiteral("seq 4 ACTION_FAILED: reply Actions[0].Parameters.Text: A 'We did not hear a choice. Goodbye.' → B 'Goodbye.'")),
                 qPrintable(run.out));
        QVERIFY2(run.out.contains(QLatin1String("3 calls paired: 1 differ")), qPrintable(run.out));
    }

    void unreadableInputSaysWhy()
    {
        const CliRun run = CliRun::run({QStringLiteral("diff"), QStringLiteral("/nonexistent/a.ccsession"), QStringLiteral("/nonexistent/b")});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(QLatin1String("/nonexistent/a.ccsession")), qPrintable(run.err));
    }
};

QTEST_MAIN(TestDiffCommand)
#include "tst_diffcommand.moc"

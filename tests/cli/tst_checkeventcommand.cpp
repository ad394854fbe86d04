// `callconsole check-event` through the real binary: output lines, exit codes, stdin, help.
#include "CliRun.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

namespace {

QString eventFile(const char *name)
{
    return QStringLiteral(CALLCONSOLE_TEST_DATA "/events/") + QLatin1String(name);
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return file.readAll();
}

} // namespace

class TestCheckEventCommand : public QObject
{
    Q_OBJECT

private slots:
    void validEvent();
    void workshopSample();
    void warningsArePrintedButValid();
    void invalidEventPrintsEveryError();
    void mixedFiles();
    void standardInput();
    void unreadableFile();
    void strictAndQuiet();
    void jsonDocument();
    void usageErrors_data();
    void usageErrors();
    void help();
};

void TestCheckEventCommand::validEvent()
{
    const QString file = eventFile("hangup.json");
    const auto run = CliRun::run({QStringLiteral("check-event"), file});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out, file + QStringLiteral(": OK\n"));
    QVERIFY(run.err.isEmpty());
}

void TestCheckEventCommand::workshopSample()
{
    const QString file = QStringLiteral(CALLCONSOLE_SHARED_REFERENCE "/sma-events/aws-samples-pstn-audio-workshop/events/inbound.json");
    const auto run = CliRun::run({QStringLiteral("check-event"), file});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out, file + QStringLiteral(": OK\n"));
}

void TestCheckEventCommand::warningsArePrintedButValid()
{
    const QString file = eventFile("doc-sip-application-id.json");
    const auto run = CliRun::run({QStringLiteral("check-event"), file});
    QCOMPARE(run.exitCode, 0);
    const QStringList lines = run.outLines();
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines.at(0), file + QStringLiteral(": OK"));
    QVERIFY2(lines.at(1).startsWith(file + QStringLiteral(": warning: CallDetails.SipApplicationId: '")), qPrintable(lines.at(1)));
}

void TestCheckEventCommand::invalidEventPrintsEveryError()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QByteArray body = readFile(eventFile("new-inbound-call.json"));
    body.replace("\"Sequence\": 1", "\"Sequence\": 0");
    body.replace("\"Direction\": \"Inbound\"", "\"Direction\": \"In\"");
    body.replace("\"InvocationEventType\": \"NEW_INBOUND_CALL\"", "\"InvocationEventType\": \"NEW_INCOMING_CALL\"");
    const QString file = dir.filePath(QStringLiteral("broken.json"));
    QFile out(file);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(body);
    out.close();

    const auto run = CliRun::run({QStringLiteral("check-event"), file});
    QCOMPARE(run.exitCode, 1);
    const QStringList lines = run.outLines();
    QCOMPARE(lines.size(), 3);
    QCOMPARE(lines.at(0), file + QStringLiteral(": error: Sequence: '0' — expected an integer ≥ 1"));
    QVERIFY2(lines.at(1).startsWith(file + QStringLiteral(": error: InvocationEventType: 'NEW_INCOMING_CALL' — is not one of NEW_INBOUND_CALL, ")),
             qPrintable(lines.at(1)));
    QVERIFY(lines.at(1).endsWith(QLatin1String("(did you mean NEW_INBOUND_CALL?)")));
    QCOMPARE(lines.at(2), file + QStringLiteral(": error: CallDetails.Participants[0].Direction: 'In' — is not one of Inbound, Outbound"));
}

void TestCheckEventCommand::mixedFiles()
{
    const QString good = eventFile("ringing.json");
    const QString bad = eventFile("doc-new-incoming-call.json");
    const auto run = CliRun::run({QStringLiteral("check-event"), good, bad});
    QCOMPARE(run.exitCode, 1);
    const QStringList lines = run.outLines();
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines.at(0), good + QStringLiteral(": OK"));
    QVERIFY(lines.at(1).startsWith(bad + QStringLiteral(": error: InvocationEventType")));
}

void TestCheckEventCommand::standardInput()
{
    const auto good = CliRun::run({QStringLiteral("check-event"), QStringLiteral("-")}, readFile(eventFile("call-answered.json")));
    QCOMPARE(good.exitCode, 0);
    QCOMPARE(good.out, QStringLiteral("stdin: OK\n"));

    const auto bad = CliRun::run({QStringLiteral("check-event"), QStringLiteral("-")}, "{\"SchemaVersion\":");
    QCOMPARE(bad.exitCode, 1);
    QVERIFY2(bad.out.startsWith(QLatin1String("stdin: error: body: invalid JSON at offset 17: ")), qPrintable(bad.out));
}

void TestCheckEventCommand::unreadableFile()
{
    QTemporaryDir dir;
    const QString missing = dir.filePath(QStringLiteral("missing.json"));
    const QString good = eventFile("ringing.json");
    const auto run = CliRun::run({QStringLiteral("check-event"), missing, good});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.startsWith(QStringLiteral("callconsole check-event: cannot read ") + missing), qPrintable(run.err));
    QCOMPARE(run.out, good + QStringLiteral(": OK\n")); // the readable file is still checked
}

void TestCheckEventCommand::strictAndQuiet()
{
    const QString file = eventFile("doc-start-time-15-digits.json");
    const auto strict = CliRun::run({QStringLiteral("check-event"), QStringLiteral("--strict"), file});
    QCOMPARE(strict.exitCode, 1);
    QVERIFY(!strict.out.contains(QLatin1String(": OK")));
    QVERIFY(strict.out.contains(QLatin1String(": warning: CallDetails.Participants[0].StartTimeInMilliseconds")));

    const auto quiet = CliRun::run({QStringLiteral("check-event"), QStringLiteral("--quiet"), file});
    QCOMPARE(quiet.exitCode, 0);
    QCOMPARE(quiet.out, file + QStringLiteral(": OK\n"));
}

void TestCheckEventCommand::jsonDocument()
{
    QTemporaryDir dir;
    const QString good = eventFile("ringing.json");
    const QString warned = eventFile("doc-start-time-15-digits.json");
    const QString bad = eventFile("doc-new-incoming-call.json");
    const QString missing = dir.filePath(QStringLiteral("missing.json"));
    const auto run = CliRun::run({QStringLiteral("check-event"), QStringLiteral("--json"), good, warned, bad, missing});
    QCOMPARE(run.exitCode, 2);
    const QJsonObject document = QJsonDocument::fromJson(run.out.toUtf8()).object();
    QCOMPARE(document.value(QStringLiteral("valid")).toBool(true), false);
    const QJsonArray files = document.value(QStringLiteral("files")).toArray();
    QCOMPARE(files.size(), 4);
    QCOMPARE(files.at(0).toObject().value(QStringLiteral("file")).toString(), good);
    QCOMPARE(files.at(0).toObject().value(QStringLiteral("valid")).toBool(), true);
    QCOMPARE(files.at(0).toObject().value(QStringLiteral("issues")).toArray().size(), 0);
    const QJsonObject warning = files.at(1).toObject().value(QStringLiteral("issues")).toArray().first().toObject();
    QCOMPARE(files.at(1).toObject().value(QStringLiteral("valid")).toBool(), true);
    QCOMPARE(warning.value(QStringLiteral("severity")).toString(), QStringLiteral("warning"));
    QVERIFY(warning.value(QStringLiteral("path")).toString().startsWith(QStringLiteral("CallDetails.Participants[0].StartTimeInMilliseconds")));
    QVERIFY(!warning.value(QStringLiteral("message")).toString().isEmpty());
    const QJsonObject error = files.at(2).toObject().value(QStringLiteral("issues")).toArray().first().toObject();
    QCOMPARE(files.at(2).toObject().value(QStringLiteral("valid")).toBool(), false);
    QCOMPARE(error.value(QStringLiteral("severity")).toString(), QStringLiteral("error"));
    QCOMPARE(error.value(QStringLiteral("path")).toString(), QStringLiteral("InvocationEventType"));
    QVERIFY(files.at(3).toObject().value(QStringLiteral("error")).toString().startsWith(QStringLiteral("cannot read ") + missing));

    // --quiet drops the warnings from the document too; --strict makes them count.
    const auto quiet = CliRun::run({QStringLiteral("check-event"), QStringLiteral("--json"), QStringLiteral("--quiet"), warned});
    QCOMPARE(quiet.exitCode, 0);
    QVERIFY(QJsonDocument::fromJson(quiet.out.toUtf8()).object().value(QStringLiteral("files")).toArray().first().toObject()
                .value(QStringLiteral("issues")).toArray().isEmpty());
    const auto strict = CliRun::run({QStringLiteral("check-event"), QStringLiteral("--json"), QStringLiteral("--strict"), warned});
    QCOMPARE(strict.exitCode, 1);
    QCOMPARE(QJsonDocument::fromJson(strict.out.toUtf8()).object().value(QStringLiteral("valid")).toBool(true), false);
}

void TestCheckEventCommand::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("reason");
    QTest::newRow("no file") << QStringList{} << "no FILE given";
    QTest::newRow("unknown option") << QStringList{QStringLiteral("--fast"), eventFile("ringing.json")} << "unknown option --fast";
}

void TestCheckEventCommand::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, reason);
    const auto run = CliRun::run(QStringList{QStringLiteral("check-event")} + arguments);
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.out.isEmpty());
    QVERIFY2(run.err.startsWith(QStringLiteral("callconsole check-event: ") + reason), qPrintable(run.err));
}

void TestCheckEventCommand::help()
{
    const auto run = CliRun::run({QStringLiteral("check-event"), QStringLiteral("--help")});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.startsWith(QLatin1String("Usage: callconsole check-event")));
    QVERIFY(run.out.contains(QLatin1String("Exit status: 0 all valid, 1 any invalid, 2")));

    const auto listed = CliRun::run({QStringLiteral("--help")});
    QVERIFY(listed.out.contains(QLatin1String("check-event")));
}

QTEST_GUILESS_MAIN(TestCheckEventCommand)
#include "tst_checkeventcommand.moc"

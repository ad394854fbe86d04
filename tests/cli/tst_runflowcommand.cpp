// `callconsole run-flow` through the real binary: the example flows pass against the example
// handlers (Node and Python, run by the system's node and python3) and against the built-in
// replies; a changed reply fails with a report that shows the expected against what happened
// and the events around it; the JUnit XML is parsed as CI would; a bad flow names its field.
#include "CliRun.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QXmlStreamReader>

namespace {

QString example(const char *name)
{
    return QStringLiteral(CALLCONSOLE_SOURCE_DIR "/resources/examples/") + QLatin1String(name);
}

struct JUnitSummary
{
    int suites = 0;
    int testcases = 0;
    int failures = 0;
    QStringList failureMessages;
    QStringList testcaseNames;
    bool wellFormed = false;
};

JUnitSummary readJUnit(const QString &path)
{
    JUnitSummary summary;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return summary;
    QXmlStreamReader xml(&file);
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (xml.name() == QLatin1String("testsuite")) {
            ++summary.suites;
        } else if (xml.name() == QLatin1String("testcase")) {
            ++summary.testcases;
            summary.testcaseNames << xml.attributes().value(QLatin1String("name")).toString();
        } else if (xml.name() == QLatin1String("failure")) {
            ++summary.failures;
            summary.failureMessages << xml.attributes().value(QLatin1String("message")).toString();
        }
    }
    summary.wellFormed = !xml.hasError();
    return summary;
}

bool copyWithReplacement(const QString &from, const QString &to, const QByteArray &before, const QByteArray &after)
{
    QFile in(from);
    QFile out(to);
    if (!in.open(QIODevice::ReadOnly) || !out.open(QIODevice::WriteOnly))
        return false;
    const QByteArray source = in.readAll();
    if (!before.isEmpty() && !source.contains(before))
        return false;
    return out.write(QByteArray(source).replace(before, after)) > 0;
}

} // namespace

class TestRunFlowCommand : public QObject
{
    Q_OBJECT

private slots:
    void builtInRepliesPassTheirFlow()
    {
        const CliRun run = CliRun::run({QStringLiteral("run-flow"), example("greeting.flow.json")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        QVERIFY2(run.out.contains(QStringLiteral("PASS  built-in replies: greet, pause, hang up › answered call is greeted")), qPrintable(run.out));
        QVERIFY2(run.out.contains(QLatin1String("2 calls in 1 flow: 2 passed, 0 failed")), qPrintable(run.out));
    }

    void exampleHandlersPassWithJUnit_data()
    {
        QTest::addColumn<QString>("handler");
        QTest::newRow("node") << example("menu.js");
        QTest::newRow("python") << example("menu.py");
    }

    void exampleHandlersPassWithJUnit()
    {
        QFETCH(QString, handler);
        QTemporaryDir dir;
        const QString junit = dir.filePath(QStringLiteral("results.xml"));
        const CliRun run = CliRun::run({QStringLiteral("run-flow"), example("menu.flow.json"), QStringLiteral("--handler"), handler,
                                        QStringLiteral("--junit"), junit});
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        QVERIFY2(run.out.contains(QLatin1String("3 calls in 1 flow: 3 passed, 0 failed")), qPrintable(run.out));
        const JUnitSummary summary = readJUnit(junit);
        QVERIFY(summary.wellFormed);
        QCOMPARE(summary.suites, 1);
        QCOMPARE(summary.testcases, 3);
        QCOMPARE(summary.failures, 0);
        QCOMPARE(summary.testcaseNames, (QStringList{QStringLiteral("presses 1 for sales"), QStringLiteral("stays silent"),
                                                     QStringLiteral("busy line")}));
    }

    void aDialledInCallIsAFlowToo()
    {
        const CliRun run = CliRun::run({QStringLiteral("run-flow"), example("dial-in.flow.json"), QStringLiteral("--handler"),
                                        example("menu.py")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        QVERIFY2(run.out.contains(QStringLiteral("PASS  menu, dialled in: press 2 for support › caller presses 2")), qPrintable(run.out));
    }

    void aChangedReplyFailsWithAReport()
    {
        QTemporaryDir dir;
        const QString handler = dir.filePath(QStringLiteral("menu.js"));
        // The confirmation is dropped: the reply to the choice is a bare Hangup.
        QVERIFY(copyWithReplacement(example("menu.js"), handler,
                                    "actions = [speak(callId, `Connecting you to ${team}.`), hangup(callId)];",
                                    "actions = [hangup(callId)];"));
        const QString junit = dir.filePath(QStringLiteral("results.xml"));
        const CliRun run = CliRun::run({QStringLiteral("run-flow"), example("menu.flow.json"), QStringLiteral("--handler"), handler,
                                        QStringLiteral("--junit"), junit});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.out.contains(QStringLiteral("FAIL  menu: press 1 for sales, 2 for support › presses 1 for sales")), qPrintable(run.out));
        QVERIFY2(run.out.contains(QLatin1String("replies[1]:")), qPrintable(run.out));
        QVERIFY2(run.out.contains(QStringLiteral("expected  ACTION_SUCCESSFUL → Speak, Hangup")), qPrintable(run.out));
        QVERIFY2(run.out.contains(QStringLiteral("got       ACTION_SUCCESSFUL → Hangup")), qPrintable(run.out));
        // The events around it, the failing one marked, and the handler's log there.
        QVERIFY2(run.out.contains(QStringLiteral("▶   seq  4  ACTION_SUCCESSFUL (SpeakAndGetDigits)")), qPrintable(run.out));
        QVERIFY2(run.out.contains(QLatin1String("| caller chose 1: sales")), qPrintable(run.out));
        QVERIFY2(run.out.contains(QStringLiteral("PASS  menu: press 1 for sales, 2 for support › busy line")), qPrintable(run.out));
        QVERIFY2(run.out.contains(QLatin1String("3 calls in 1 flow: 2 passed, 1 failed")), qPrintable(run.out));

        const JUnitSummary summary = readJUnit(junit);
        QVERIFY(summary.wellFormed);
        QCOMPARE(summary.testcases, 3);
        QCOMPARE(summary.failures, 1);
        QVERIFY2(summary.failureMessages.contains(QStringLiteral("replies[1]: expected ACTION_SUCCESSFUL → Speak, Hangup, got ACTION_SUCCESSFUL → Hangup")),
                 qPrintable(summary.failureMessages.join(QLatin1Char('\n'))));
    }

    void jsonSaysWhatHappened()
    {
        const CliRun run = CliRun::run({QStringLiteral("run-flow"), example("menu.flow.json"), QStringLiteral("--handler"),
                                        example("menu.js"), QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 0);
        const QJsonObject root = QJsonDocument::fromJson(run.out.toUtf8()).object();
        QVERIFY(root.value(QStringLiteral("passed")).toBool());
        const QJsonObject call = root.value(QStringLiteral("flows")).toArray().at(0).toObject()
                                     .value(QStringLiteral("calls")).toArray().at(0).toObject();
        QCOMPARE(call.value(QStringLiteral("endSipCode")).toInt(), 0);
        const QJsonArray events = call.value(QStringLiteral("events")).toArray();
        QCOMPARE(events.size(), 5);
        QCOMPARE(events.at(2).toObject().value(QStringLiteral("replyActions")).toArray().at(0).toString(), QStringLiteral("SpeakAndGetDigits"));
        QVERIFY(events.at(3).toObject().value(QStringLiteral("handlerLog")).toString().contains(QLatin1String("caller chose 1")));
    }

    void aBadFlowNamesTheField()
    {
        QTemporaryDir dir;
        const QString flow = dir.filePath(QStringLiteral("bad.flow.json"));
        QFile file(flow);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"calls": [{"to": "+12065550150", "expect": {"events": ["CALL_ANSWERD"], "replies": ["CALL_ANSWERED PlayAudio"]}}]})");
        file.close();
        const CliRun run = CliRun::run({QStringLiteral("run-flow"), flow});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(QLatin1String("calls[0].expect.events[0]")) && run.err.contains(QLatin1String("CALL_ANSWERD")),
                 qPrintable(run.err));
        QVERIFY2(run.err.contains(QLatin1String("calls[0].expect.replies[0]")), qPrintable(run.err));
    }
};

QTEST_MAIN(TestRunFlowCommand)
#include "tst_runflowcommand.moc"

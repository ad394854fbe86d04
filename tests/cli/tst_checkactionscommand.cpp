// `callconsole check-actions` through the real binary: output lines with AWS's error types,
// limits from the command line, the stringified-reply explanation, exit codes, help.
#include "CliRun.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

QString reply(const char *name)
{
    return QStringLiteral(CALLCONSOLE_TEST_DATA "/actions/") + QLatin1String(name);
}

} // namespace

class TestCheckActionsCommand : public QObject
{
    Q_OBJECT

private slots:
    void validReplies();
    void missingParameter();
    void jsonDocument();
    void documentedReadingsWarn();
    void wrappedReplyExplainsTheFix();
    void limitsFromTheCommandLine();
    void standardInput();
    void unreadableFile();
    void usageErrors_data();
    void usageErrors();
    void help();
};

void TestCheckActionsCommand::validReplies()
{
    const QString a = reply("inbound-reply.json");
    const QString b = reply("bridge.json");
    const auto run = CliRun::run({QStringLiteral("check-actions"), a, b});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.outLines(), (QStringList{a + QStringLiteral(": OK"), b + QStringLiteral(": OK")}));
}

void TestCheckActionsCommand::missingParameter()
{
    const QString file = reply("speak-without-text.json");
    const auto run = CliRun::run({QStringLiteral("check-actions"), file});
    QCOMPARE(run.exitCode, 1);
    QCOMPARE(run.outLines(), QStringList{file + QStringLiteral(": error: Actions[2].Parameters.Text: missing — Speak requires Text "
                                                               "[MissingRequiredActionParameter]")});
}

void TestCheckActionsCommand::jsonDocument()
{
    const QString good = reply("bridge.json");
    const QString bad = reply("speak-without-text.json");
    const auto run = CliRun::run({QStringLiteral("check-actions"), QStringLiteral("--json"), good, bad});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.isEmpty(), qPrintable(run.err));
    const QJsonObject document = QJsonDocument::fromJson(run.out.toUtf8()).object();
    QCOMPARE(document.value(QStringLiteral("valid")).toBool(true), false);
    const QJsonArray files = document.value(QStringLiteral("files")).toArray();
    QCOMPARE(files.size(), 2);
    QCOMPARE(files.at(0).toObject().value(QStringLiteral("valid")).toBool(), true);
    const QJsonObject issue = files.at(1).toObject().value(QStringLiteral("issues")).toArray().first().toObject();
    QCOMPARE(issue.value(QStringLiteral("path")).toString(), QStringLiteral("Actions[2].Parameters.Text"));
    QCOMPARE(issue.value(QStringLiteral("code")).toString(), QStringLiteral("MissingRequiredActionParameter"));
    QCOMPARE(issue.value(QStringLiteral("rule")).toString(), QStringLiteral("missing — Speak requires Text"));
    QCOMPARE(issue.value(QStringLiteral("message")).toString(),
             QStringLiteral("Actions[2].Parameters.Text: missing — Speak requires Text"));
}

// Readings the DG contradicts itself on, which handlers rely on: accepted, each with a warning
// that names the pages involved.
void TestCheckActionsCommand::documentedReadingsWarn()
{
    const QString file = reply("documented-readings.json");
    const auto run = CliRun::run({QStringLiteral("check-actions"), file});
    QCOMPARE(run.exitCode, 0);
    const QStringList lines = run.outLines();
    QCOMPARE(lines.size(), 5);
    QCOMPARE(lines.first(), file + QStringLiteral(": OK"));
    const QStringList pages{QStringLiteral("voice-focus.md"), QStringLiteral("voice-focus.md"), QStringLiteral("speak.md"),
                            QStringLiteral("sip-headers.md")};
    for (qsizetype i = 1; i < lines.size(); ++i) {
        QVERIFY2(lines.at(i).startsWith(file + QStringLiteral(": warning: Actions[")), qPrintable(lines.at(i)));
        QVERIFY2(lines.at(i).contains(pages.at(i - 1)), qPrintable(lines.at(i)));
    }
    QCOMPARE(CliRun::run({QStringLiteral("check-actions"), QStringLiteral("--strict"), file}).exitCode, 1);
}

void TestCheckActionsCommand::wrappedReplyExplainsTheFix()
{
    const QString file = reply("api-gateway-wrapper.json");
    const auto run = CliRun::run({QStringLiteral("check-actions"), file});
    QCOMPARE(run.exitCode, 1);
    const QStringList lines = run.outLines();
    QCOMPARE(lines.size(), 1);
    QVERIFY(lines.first().startsWith(file + QStringLiteral(": error: body: ")));
    QVERIFY(lines.first().contains(QLatin1String("return the object itself, not an API-Gateway style {statusCode, body} wrapper")));
    QVERIFY(lines.first().endsWith(QLatin1String("[SchemaVersionMismatch]")));
}

void TestCheckActionsCommand::limitsFromTheCommandLine()
{
    const QString file = reply("too-many-actions.json");
    const auto strictLimit = CliRun::run({QStringLiteral("check-actions"), file});
    QCOMPARE(strictLimit.exitCode, 1);
    QCOMPARE(strictLimit.outLines(), QStringList{file + QStringLiteral(": error: Actions: '11 actions' — at most 10 actions per response [TooManyActions]")});

    const auto raised = CliRun::run({QStringLiteral("check-actions"), QStringLiteral("--max-actions"), QStringLiteral("11"), file});
    QCOMPARE(raised.exitCode, 0);
    // The same option written --opt=value, after the file.
    const auto raisedInline = CliRun::run({QStringLiteral("check-actions"), file, QStringLiteral("--max-actions=11")});
    QCOMPARE(raisedInline.exitCode, 0);

    const QString attributes = reply("inbound-reply.json");
    const auto noAttributes = CliRun::run({QStringLiteral("check-actions"), QStringLiteral("--max-attributes"), QStringLiteral("0"), attributes});
    QCOMPARE(noAttributes.exitCode, 1);
    QVERIFY(noAttributes.out.contains(QLatin1String("[TransactionAttributesInvalidMapSize]")));
}

void TestCheckActionsCommand::standardInput()
{
    const auto empty = CliRun::run({QStringLiteral("check-actions"), QStringLiteral("-")},
                                   R"({"SchemaVersion":"1.0","Actions":[]})");
    QCOMPARE(empty.exitCode, 0);
    QCOMPARE(empty.out, QStringLiteral("stdin: OK\n"));

    const auto stringified = CliRun::run({QStringLiteral("check-actions"), QStringLiteral("-")},
                                         R"("{\"SchemaVersion\":\"1.0\",\"Actions\":[]}")");
    QCOMPARE(stringified.exitCode, 1);
    QVERIFY(stringified.out.startsWith(QLatin1String("stdin: error: body: ")));
    QVERIFY(stringified.out.contains(QLatin1String("[SchemaVersionMismatch]")));
}

void TestCheckActionsCommand::unreadableFile()
{
    const auto run = CliRun::run({QStringLiteral("check-actions"), QStringLiteral(CALLCONSOLE_TEST_DATA "/actions/nope.json")});
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.err.startsWith(QLatin1String("callconsole check-actions: cannot read ")));
}

void TestCheckActionsCommand::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("reason");
    QTest::newRow("no file") << QStringList{} << "no FILE given";
    QTest::newRow("bad max") << QStringList{QStringLiteral("--max-actions"), QStringLiteral("ten"), reply("bridge.json")}
                             << "--max-actions: 'ten' — expected a whole number from 0 to 1000000";
    QTest::newRow("max without value") << QStringList{QStringLiteral("--max-attributes")} << "--max-attributes: missing value";
    QTest::newRow("flag with a value") << QStringList{QStringLiteral("--strict=yes"), reply("bridge.json")} << "--strict: takes no value";
    QTest::newRow("unknown option") << QStringList{QStringLiteral("-x")} << "unknown option -x";
}

void TestCheckActionsCommand::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, reason);
    const auto run = CliRun::run(QStringList{QStringLiteral("check-actions")} + arguments);
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.out.isEmpty());
    QVERIFY2(run.err.startsWith(QStringLiteral("callconsole check-actions: ") + reason), qPrintable(run.err));
}

void TestCheckActionsCommand::help()
{
    const auto run = CliRun::run({QStringLiteral("check-actions"), QStringLiteral("--help")});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.startsWith(QLatin1String("Usage: callconsole check-actions")));
    QVERIFY(run.out.contains(QLatin1String("--max-actions N")));
}

QTEST_GUILESS_MAIN(TestCheckActionsCommand)
#include "tst_checkactionscommand.moc"

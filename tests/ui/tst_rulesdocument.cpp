// RulesDocument: the rules file as Preferences edits it — grouped by InvocationEventType, saved
// in the format ReplyRules::load reads (keeping what the editor does not show), checked with
// core's rules with each issue on its rule and field, and tried on the sample events.
#include "RulesDocument.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace callconsole;

namespace {

QByteArray eventFile(const QString &name)
{
    QFile file(QStringLiteral(CALLCONSOLE_TEST_DATA "/events/") + name);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

const QByteArray rulesFile = [] {
    QFile file(QStringLiteral(CALLCONSOLE_TEST_DATA "/rules/sample-rules.json"));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}();

RulesDocument parsed(const QByteArray &bytes)
{
    const Parsed<RulesDocument> document = RulesDocument::fromJson(bytes);
    if (!document.value)
        qWarning("%s", qPrintable(messages(document.issues).join(QLatin1Char('\n'))));
    return document.value.value_or(RulesDocument());
}

} // namespace

class TestRulesDocument : public QObject
{
    Q_OBJECT

private slots:
    void groupsRulesByEventType();
    void keepsWhatTheEditorDoesNotShow();
    void savesWhatReplyRulesLoadReads();
    void newRuleGoesBeforeTheWildcard();
    void issuesLandOnTheirRuleAndField_data();
    void issuesLandOnTheirRuleAndField();
    void previewRendersTheReplyForSampleEvents_data();
    void previewRendersTheReplyForSampleEvents();
    void previewExplainsWhatItCannotShow();
    void notAnObjectIsAnError();
};

void TestRulesDocument::groupsRulesByEventType()
{
    const RulesDocument document = parsed(rulesFile);
    QCOMPARE(document.rules.size(), 3);
    QCOMPARE(document.rulesFor(QStringLiteral("CALL_ANSWERED")), QList<int>{0});
    QCOMPARE(document.rulesFor(QStringLiteral("*")), QList<int>{1});
    QCOMPARE(document.rulesFor(QStringLiteral("HANGUP")), QList<int>{});
    const RuleEntry &greet = document.rules.first();
    QCOMPARE(greet.matchTo, QStringLiteral("+1206*"));
    QCOMPARE(greet.matchArguments, QStringLiteral("lang=en"));
    QVERIFY(greet.reply.contains(QLatin1String("\"Speak\"")));
    QVERIFY(document.rules.at(1).breakpoint);
    QCOMPARE(document.rules.at(2).forward, QStringLiteral("http://127.0.0.1:3000/ring"));
    const QStringList choices = RulesDocument::eventChoices();
    QCOMPARE(choices.first(), QStringLiteral("*"));
    QCOMPARE(choices.size(), 12); // every event, then the eleven InvocationEventTypes
    QVERIFY(document.issues().isEmpty());
}

void TestRulesDocument::keepsWhatTheEditorDoesNotShow()
{
    const RulesDocument document = parsed(rulesFile);
    const QJsonObject written = QJsonDocument::fromJson(document.toJson()).object();
    const QJsonObject original = QJsonDocument::fromJson(rulesFile).object();
    QCOMPARE(written.value(QStringLiteral("comment")), original.value(QStringLiteral("comment")));
    QCOMPARE(written.value(QStringLiteral("fallback")), original.value(QStringLiteral("fallback")));
    QCOMPARE(written.value(QStringLiteral("rules")).toArray().first().toObject().value(QStringLiteral("owner")).toString(),
             QStringLiteral("team-voice"));
    // Unchanged, the document writes back the same rules (member order aside).
    QCOMPARE(written.value(QStringLiteral("rules")), original.value(QStringLiteral("rules")));
    QVERIFY(parsed(document.toJson()) == document);
}

void TestRulesDocument::savesWhatReplyRulesLoadReads()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("rules.json"));
    RulesDocument document = parsed(rulesFile);
    document.rules[0].reply = QStringLiteral("{\"SchemaVersion\":\"1.0\",\"Actions\":[{\"Type\":\"Hangup\","
                                             "\"Parameters\":{\"SipResponseCode\":\"0\",\"CallId\":\"{{CallDetails.Participants[0].CallId}}\"}}]}");
    document.rules[0].matchArguments.clear();
    QCOMPARE(document.save(path), QString());

    const Parsed<ReplyRules> loaded = ReplyRules::load(path);
    QVERIFY2(loaded.ok(), qPrintable(messages(loaded.issues).join(QLatin1Char('\n'))));
    const Parsed<InvocationEvent> answered = InvocationEvent::parse(eventFile(QStringLiteral("call-answered.json")));
    // call-answered.json dials +12065550100, which the rule's "+1206*" matches.
    const ReplyDecision decision = loaded.value->decide(*answered.value);
    QCOMPARE(decision.source, QStringLiteral("rule:greet"));
    QVERIFY2(decision.reply.contains("\"Hangup\""), decision.reply.constData());
    QVERIFY(decision.reply.contains("9ff01357-23c5-4611-9dd3-f05f9d654faa"));

    // A document with errors is not written over a good file.
    document.rules[0].reply = QStringLiteral("{\"SchemaVersion\":");
    QVERIFY(document.save(path).contains(QLatin1String("fix them before saving")));
    QVERIFY(ReplyRules::load(path).ok());
    QVERIFY(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size() == 1);
}

void TestRulesDocument::newRuleGoesBeforeTheWildcard()
{
    RulesDocument document = parsed(rulesFile);
    const int hangup = document.addRule(QStringLiteral("HANGUP"));
    QCOMPARE(hangup, 1); // before "hold everything", which would otherwise answer first
    QCOMPARE(document.rules.at(2).event, QStringLiteral("*"));
    QCOMPARE(document.rules.at(hangup).name, QStringLiteral("hangup 1"));
    const int any = document.addRule(QStringLiteral("*"));
    QCOMPARE(any, int(document.rules.size()) - 1);
    document.removeRule(hangup);
    QCOMPARE(document.rulesFor(QStringLiteral("HANGUP")), QList<int>{});
    QVERIFY(document.issues().isEmpty());
}

void TestRulesDocument::issuesLandOnTheirRuleAndField_data()
{
    QTest::addColumn<int>("rule");
    QTest::addColumn<QString>("member");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("expected");
    QTest::newRow("reply not JSON") << 0 << QStringLiteral("reply") << QStringLiteral("{\"Actions\": [") << QStringLiteral("reply")
                                    << QStringLiteral("invalid JSON at offset");
    QTest::newRow("reply breaks an action rule") << 0 << QStringLiteral("reply")
                                                 << QStringLiteral("{\"SchemaVersion\":\"1.0\",\"Actions\":[{\"Type\":\"Speak\",\"Parameters\":{\"CallId\":\"x\"}}]}")
                                                 << QStringLiteral("reply") << QStringLiteral("reply.Actions[0]");
    QTest::newRow("reply is an array") << 0 << QStringLiteral("reply") << QStringLiteral("[]") << QStringLiteral("reply")
                                       << QStringLiteral("expected an action list object");
    QTest::newRow("forward not a URL") << 2 << QStringLiteral("forward") << QStringLiteral("my-handler") << QStringLiteral("forward")
                                       << QStringLiteral("http(s) URL");
    QTest::newRow("event unknown") << 2 << QStringLiteral("event") << QStringLiteral("RINGGING") << QStringLiteral("event")
                                   << QStringLiteral("not an InvocationEventType");
    QTest::newRow("arguments without =") << 0 << QStringLiteral("matchArguments") << QStringLiteral("lang") << QStringLiteral("match")
                                         << QStringLiteral("key=value");
}

void TestRulesDocument::issuesLandOnTheirRuleAndField()
{
    QFETCH(int, rule);
    QFETCH(QString, member);
    QFETCH(QString, value);
    QFETCH(QString, field);
    QFETCH(QString, expected);
    RulesDocument document = parsed(rulesFile);
    RuleEntry &entry = document.rules[rule];
    if (member == QLatin1String("reply"))
        entry.reply = value;
    else if (member == QLatin1String("forward"))
        entry.forward = value;
    else if (member == QLatin1String("event"))
        entry.event = value;
    else
        entry.matchArguments = value;
    const QList<RuleIssue> issues = document.issues();
    QVERIFY(!issues.isEmpty());
    QVERIFY(document.hasErrors());
    const RuleIssue &first = issues.first();
    QCOMPARE(first.rule, rule);
    QCOMPARE(first.field, field);
    QVERIFY2(first.issue.message().contains(expected), qPrintable(first.issue.message()));
    QVERIFY2(!first.issue.path.startsWith(QLatin1String("rules[")), qPrintable(first.issue.path)); // relative to the rule
}

void TestRulesDocument::previewRendersTheReplyForSampleEvents_data()
{
    QTest::addColumn<QString>("event");
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("contains");
    QTest::addColumn<bool>("hold");
    QTest::addColumn<QString>("forward");
    QTest::newRow("answered: the rule's reply, filled in") << QStringLiteral("call-answered.json") << QStringLiteral("rule:greet")
                                                           << QStringLiteral("Hi +12065550100") << false << QString();
    QTest::newRow("ringing: the earlier wildcard rule holds it") << QStringLiteral("ringing.json") << QStringLiteral("rule:hold everything")
                                                        << QStringLiteral("\"Actions\"") << true << QString();
    QTest::newRow("hangup: held at the breakpoint") << QStringLiteral("hangup.json") << QStringLiteral("rule:hold everything")
                                                    << QStringLiteral("\"Actions\"") << true << QString();
}

void TestRulesDocument::previewRendersTheReplyForSampleEvents()
{
    QFETCH(QString, event);
    QFETCH(QString, source);
    QFETCH(QString, contains);
    QFETCH(bool, hold);
    QFETCH(QString, forward);
    RulesDocument document = parsed(rulesFile);
    document.rules[0].matchArguments.clear(); // the sample event carries no Arguments
    const ReplyPreview preview = document.preview(eventFile(event));
    QVERIFY2(preview.error.isEmpty(), qPrintable(preview.error));
    QCOMPARE(preview.source, source);
    QVERIFY2(preview.reply.contains(contains.toUtf8()), preview.reply.constData());
    QCOMPARE(preview.hold, hold);
    QCOMPARE(preview.forward.toString(), forward);
}

void TestRulesDocument::previewExplainsWhatItCannotShow()
{
    RulesDocument document = parsed(rulesFile);
    // The "*" rule is first-match for RINGING; moving the forward rule ahead shows forwarding.
    document.rules.move(2, 0);
    ReplyPreview preview = document.preview(eventFile(QStringLiteral("ringing.json")));
    QCOMPARE(preview.source, QStringLiteral("rule:ring"));
    QCOMPARE(preview.forward, QUrl(QStringLiteral("http://127.0.0.1:3000/ring")));
    // A global forward URL from Preferences applies where a rule names none.
    document.rules[1].matchArguments.clear();
    preview = document.preview(eventFile(QStringLiteral("call-answered.json")), QStringLiteral("http://127.0.0.1:4000/"));
    QCOMPARE(preview.forward, QUrl(QStringLiteral("http://127.0.0.1:4000/")));

    preview = document.preview("{\"Sequence\": 1}");
    QVERIFY2(preview.error.startsWith(QLatin1String("not an invocation event")), qPrintable(preview.error));
    document.rules[0].reply = QStringLiteral("{");
    preview = document.preview(eventFile(QStringLiteral("ringing.json")));
    QVERIFY2(preview.error.contains(QLatin1String("fix the rules")), qPrintable(preview.error));
}

void TestRulesDocument::notAnObjectIsAnError()
{
    const Parsed<RulesDocument> document = RulesDocument::fromJson("[1, 2]");
    QVERIFY(!document.value);
    QVERIFY(document.issues.first().message().contains(QLatin1String("expected an object")));
    const Parsed<RulesDocument> missing = RulesDocument::load(QStringLiteral("/no/such/rules.json"));
    QVERIFY(missing.issues.first().message().contains(QLatin1String("cannot read the rules file")));
}

QTEST_GUILESS_MAIN(TestRulesDocument)
#include "tst_rulesdocument.moc"

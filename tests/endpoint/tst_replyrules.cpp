// Reply templates and rule choice without a server: placeholders read from the event (repeated,
// missing, needing JSON escapes, array indexes), the same reply from the received JSON and from
// the parsed event, and the rule order.
#include "ReplyRules.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace callconsole;

namespace {

QJsonObject speakWith(const QString &text)
{
    return QJsonObject{{QStringLiteral("SchemaVersion"), QStringLiteral("1.0")},
                       {QStringLiteral("Actions"), QJsonArray{QJsonObject{{QStringLiteral("Type"), QStringLiteral("Speak")},
                                                                          {QStringLiteral("Parameters"), QJsonObject{{QStringLiteral("Text"), text}}}}}}};
}

QString spokenText(const QByteArray &reply)
{
    return QJsonDocument::fromJson(reply).object().value(QStringLiteral("Actions")).toArray().at(0).toObject()
        .value(QStringLiteral("Parameters")).toObject().value(QStringLiteral("Text")).toString();
}

QByteArray fixture(const char *name)
{
    QFile file(QStringLiteral(CALLCONSOLE_TEST_DATA "/events/") + QLatin1String(name));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestReplyRules : public QObject
{
    Q_OBJECT

private slots:
    void placeholders_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("a participant's CallId") << QStringLiteral("{{CallDetails.Participants[0].CallId}}") << QStringLiteral("call-a");
        QTest::newRow("the second participant") << QStringLiteral("{{CallDetails.Participants[1].CallId}}") << QStringLiteral("call-b");
        QTest::newRow("repeated and mixed") << QStringLiteral("{{CallDetails.Participants[0].CallId}}/{{CallDetails.Participants[1].CallId}}/{{CallDetails.Participants[0].CallId}}")
                                            << QStringLiteral("call-a/call-b/call-a");
        QTest::newRow("a number") << QStringLiteral("seq {{Sequence}}") << QStringLiteral("seq 4");
        QTest::newRow("quotes and backslash escaped") << QStringLiteral("{{ActionData.Parameters.Arguments.name}}")
                                                      << QStringLiteral("Ada \"the\" Lovelace\\");
        QTest::newRow("a newline escaped") << QStringLiteral("{{ActionData.Parameters.Arguments.line}}") << QStringLiteral("a\nb");
        QTest::newRow("missing key is empty") << QStringLiteral("[{{ActionData.Parameters.Arguments.nope}}]") << QStringLiteral("[]");
        QTest::newRow("index past the end is empty") << QStringLiteral("[{{CallDetails.Participants[5].CallId}}]") << QStringLiteral("[]");
        QTest::newRow("spaces inside the braces") << QStringLiteral("{{ Sequence }}") << QStringLiteral("4");
        QTest::newRow("no placeholder") << QStringLiteral("plain text") << QStringLiteral("plain text");
        QTest::newRow("malformed index is empty") << QStringLiteral("[{{CallDetails.Participants[x].CallId}}]") << QStringLiteral("[]");
        QTest::newRow("unclosed braces stay text") << QStringLiteral("{{Sequence} and {{Sequence") << QStringLiteral("{{Sequence} and {{Sequence");
        QTest::newRow("an object is its JSON") << QStringLiteral("{{ActionData.Parameters.Arguments}}")
                                               << QStringLiteral("{\"line\":\"a\\nb\",\"name\":\"Ada \\\"the\\\" Lovelace\\\\\"}");
    }

    void placeholders()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        const QJsonObject event{
            {QStringLiteral("Sequence"), 4},
            {QStringLiteral("CallDetails"), QJsonObject{{QStringLiteral("Participants"), QJsonArray{
                QJsonObject{{QStringLiteral("CallId"), QStringLiteral("call-a")}, {QStringLiteral("To"), QStringLiteral("+12065550100")}},
                QJsonObject{{QStringLiteral("CallId"), QStringLiteral("call-b")}}}}}},
            {QStringLiteral("ActionData"), QJsonObject{{QStringLiteral("Parameters"), QJsonObject{{QStringLiteral("Arguments"), QJsonObject{
                {QStringLiteral("name"), QStringLiteral("Ada \"the\" Lovelace\\")}, {QStringLiteral("line"), QStringLiteral("a\nb")}}}}}}}};
        const QByteArray reply = ReplyRules::fillTemplate(speakWith(text), event);
        QJsonParseError error{};
        QJsonDocument::fromJson(reply, &error);
        QVERIFY2(error.error == QJsonParseError::NoError, reply.constData()); // still valid JSON
        QCOMPARE(spokenText(reply), expected);
    }

    void receivedJsonAndParsedEventGiveTheSameReply_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("CALL_ANSWERED") << fixture("call-answered.json");
        QTest::newRow("ACTION_FAILED") << fixture("action-failed.json");
    }

    void receivedJsonAndParsedEventGiveTheSameReply()
    {
        QFETCH(QByteArray, bytes);
        const Parsed<InvocationEvent> parsed = InvocationEvent::parse(bytes);
        QVERIFY(parsed.ok());
        const ReplyRules rules;
        const ReplyDecision fromBytes = rules.decide(*parsed.value, QJsonDocument::fromJson(bytes).object());
        const ReplyDecision fromEvent = rules.decide(*parsed.value);
        QCOMPARE(fromBytes.source, QStringLiteral("default"));
        QCOMPARE(fromBytes.reply, fromEvent.reply);
    }

    void firstMatchingRuleWins()
    {
        const Parsed<ReplyRules> rules = ReplyRules::fromJson(R"({"rules": [
            {"name": "other number", "event": "CALL_ANSWERED", "match": {"To": "+1999*"},
             "reply": {"SchemaVersion": "1.0", "Actions": []}},
            {"name": "answered", "event": "CALL_ANSWERED", "breakpoint": true},
            {"name": "all", "event": "*", "reply": {"SchemaVersion": "1.0", "Actions": []}}]})");
        QVERIFY2(rules.ok(), qPrintable(messages(rules.issues).join(QLatin1Char('\n'))));
        const QByteArray bytes = fixture("call-answered.json");
        const ReplyDecision decision = rules.value->decide(*InvocationEvent::parse(bytes).value, QJsonDocument::fromJson(bytes).object());
        QCOMPARE(decision.source, QStringLiteral("rule:answered"));
        QVERIFY(decision.hold);
        QCOMPARE(decision.reply, ReplyRules::defaultTemplate(InvocationEventType::CallAnswered)
                                     .render(QJsonDocument::fromJson(bytes).object()));
    }

    void rulesMatchOnFromAndArguments_data()
    {
        QTest::addColumn<QString>("match");
        QTest::addColumn<bool>("matches");
        QTest::newRow("argument equal") << QStringLiteral(R"({"Arguments": {"customer": "42"}})") << true;
        QTest::newRow("argument differs") << QStringLiteral(R"({"Arguments": {"customer": "43"}})") << false;
        QTest::newRow("argument absent") << QStringLiteral(R"({"Arguments": {"tier": "gold"}})") << false;
        QTest::newRow("From glob") << QStringLiteral(R"({"From": "+1415*"})") << true;
        QTest::newRow("From glob and argument") << QStringLiteral(R"({"From": "+1415*", "Arguments": {"customer": "42"}})") << true;
        QTest::newRow("From differs") << QStringLiteral(R"({"From": "+1206*", "Arguments": {"customer": "42"}})") << false;
    }

    void rulesMatchOnFromAndArguments()
    {
        QFETCH(QString, match);
        QFETCH(bool, matches);
        const QByteArray json = R"({"rules": [{"name": "customer", "event": "NEW_OUTBOUND_CALL", "match": )" + match.toUtf8()
                                + R"(, "reply": {"SchemaVersion": "1.0", "Actions": []}}]})";
        const Parsed<ReplyRules> rules = ReplyRules::fromJson(json);
        QVERIFY2(rules.ok(), qPrintable(messages(rules.issues).join(QLatin1Char('\n'))));
        const QByteArray bytes = fixture("new-outbound-call.json"); // From +14155550199, Arguments {"customer": "42"}
        const InvocationEvent event = *InvocationEvent::parse(bytes).value;
        for (const QJsonObject &received : {QJsonDocument::fromJson(bytes).object(), QJsonObject()}) {
            const ReplyDecision decision = rules.value->decide(event, received);
            QCOMPARE(decision.source, matches ? QStringLiteral("rule:customer") : QStringLiteral("default"));
        }
    }
};

QTEST_GUILESS_MAIN(TestReplyRules)
#include "tst_replyrules.moc"

// ActionList: the reply envelope (SchemaVersion, action count, TransactionAttributes), the
// stringified-reply mistake, empty replies, fixtures and round trips. The per-action rules
// are in tst_actioncatalogue.cpp.
#include "ActionList.h"
#include "ActionReplies.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace callconsole;
using namespace testing;

namespace {

QByteArray readFile(const QString &name)
{
    QFile file(QStringLiteral(CALLCONSOLE_TEST_DATA "/actions/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read test data %s", qPrintable(name));
    return file.readAll();
}

} // namespace

class TestActionList : public QObject
{
    Q_OBJECT

private slots:
    void schemaVersion_data();
    void schemaVersion();
    void actionCount();
    void transactionAttributes();
    void transactionAttributeLimits();
    void wrappedReplies_data();
    void wrappedReplies();
    void emptyReplies_data();
    void emptyReplies();
    void fixtures_data();
    void fixtures();
    void collectsEveryError();
    void unknownParameterWarns();
    void roundTripAndSummary();
    void fuzzerFindings();
    void actionShape();
};

void TestActionList::schemaVersion_data()
{
    QTest::addColumn<QJsonValue>("version");
    QTest::addColumn<QString>("message");
    QTest::newRow("missing") << QJsonValue(QJsonValue::Undefined) << "SchemaVersion: missing — expected \"1.0\"";
    QTest::newRow("2.0") << QJsonValue(QStringLiteral("2.0")) << "SchemaVersion: '2.0' — expected the string \"1.0\"";
    QTest::newRow("number") << QJsonValue(1.0) << "SchemaVersion: '1' — expected the string \"1.0\"";
    QTest::newRow("1") << QJsonValue(QStringLiteral("1")) << "SchemaVersion: '1' — expected the string \"1.0\"";
}

void TestActionList::schemaVersion()
{
    QFETCH(QJsonValue, version);
    QFETCH(QString, message);
    QJsonObject body = reply(QStringLiteral("Hangup"), {});
    if (version.isUndefined())
        body.remove(QStringLiteral("SchemaVersion"));
    else
        body.insert(QStringLiteral("SchemaVersion"), version);
    const auto parsed = ActionList::fromJson(body);
    QVERIFY(!parsed.ok());
    QCOMPARE(errorMessages(parsed.issues), QStringList{message});
    QCOMPARE(errorCodes(parsed.issues), QStringList{QStringLiteral("SchemaVersionMismatch")});
}

void TestActionList::actionCount()
{
    QJsonArray actions;
    for (int i = 0; i < 10; ++i)
        actions.append(QJsonObject{{QStringLiteral("Type"), QStringLiteral("Pause")},
                                   {QStringLiteral("Parameters"), object(R"({"DurationInMilliseconds":100})")}});
    QJsonObject body{{QStringLiteral("SchemaVersion"), QStringLiteral("1.0")}, {QStringLiteral("Actions"), actions}};
    QVERIFY(ActionList::fromJson(body).ok());

    actions.append(actions.first());
    body.insert(QStringLiteral("Actions"), actions);
    const auto tooMany = ActionList::fromJson(body);
    QVERIFY(!tooMany.ok());
    QCOMPARE(errorMessages(tooMany.issues), QStringList{QStringLiteral("Actions: '11 actions' — at most 10 actions per response")});
    QCOMPARE(errorCodes(tooMany.issues), QStringList{QStringLiteral("TooManyActions")});

    ActionListLimits generous;
    generous.maxActions = 20;
    QVERIFY(ActionList::fromJson(body, generous).ok());

    body.insert(QStringLiteral("Actions"), QJsonObject());
    QCOMPARE(errorMessages(ActionList::fromJson(body).issues),
             QStringList{QStringLiteral("Actions: '{}' — expected an array of actions, got an object")});
}

void TestActionList::transactionAttributes()
{
    QJsonObject body = reply(QStringLiteral("Hangup"), {});
    const auto absent = ActionList::fromJson(body);
    QVERIFY(absent.ok());
    QVERIFY(!absent.value->transactionAttributes); // unchanged

    body.insert(QStringLiteral("TransactionAttributes"), QJsonValue::Null);
    QVERIFY(!ActionList::fromJson(body).value->transactionAttributes);

    body.insert(QStringLiteral("TransactionAttributes"), QJsonObject());
    const auto cleared = ActionList::fromJson(body);
    QVERIFY(cleared.value->transactionAttributes);
    QVERIFY(cleared.value->transactionAttributes->isEmpty());

    body.insert(QStringLiteral("TransactionAttributes"), object(R"({"step":"menu","count":"2"})"));
    const auto set = ActionList::fromJson(body);
    QCOMPARE(*set.value->transactionAttributes, (StringMap{{QStringLiteral("step"), QStringLiteral("menu")},
                                                           {QStringLiteral("count"), QStringLiteral("2")}}));

    body.insert(QStringLiteral("TransactionAttributes"), object(R"({"count":2})"));
    const auto number = ActionList::fromJson(body);
    QCOMPARE(errorMessages(number.issues),
             QStringList{QStringLiteral("TransactionAttributes.count: '2' — expected a string value, got a number")});

    body.insert(QStringLiteral("TransactionAttributes"), QJsonArray());
    QVERIFY(!ActionList::fromJson(body).ok());
}

void TestActionList::transactionAttributeLimits()
{
    QJsonObject attributes;
    for (int i = 0; i < 11; ++i)
        attributes.insert(QStringLiteral("key%1").arg(i), QStringLiteral("v"));
    QJsonObject body = reply(QStringLiteral("Hangup"), {});
    body.insert(QStringLiteral("TransactionAttributes"), attributes);
    QVERIFY(ActionList::fromJson(body).ok()); // the current DG's 100

    ActionListLimits oldDocs;
    oldDocs.maxTransactionAttributes = 10;
    const auto eleven = ActionList::fromJson(body, oldDocs);
    QCOMPARE(errorMessages(eleven.issues),
             QStringList{QStringLiteral("TransactionAttributes: '11 mappings' — too many mappings; the maximum is 10")});
    QCOMPARE(errorCodes(eleven.issues), QStringList{QStringLiteral("TransactionAttributesInvalidMapSize")});

    for (int i = 11; i < 101; ++i)
        attributes.insert(QStringLiteral("key%1").arg(i), QStringLiteral("v"));
    body.insert(QStringLiteral("TransactionAttributes"), attributes);
    QCOMPARE(errorCodes(ActionList::fromJson(body).issues), QStringList{QStringLiteral("TransactionAttributesInvalidMapSize")});

    body.insert(QStringLiteral("TransactionAttributes"),
                QJsonObject{{QStringLiteral("blob"), QString(20 * 1024, QLatin1Char('x'))}});
    const auto large = ActionList::fromJson(body);
    QCOMPARE(errorMessages(large.issues),
             QStringList{QStringLiteral("TransactionAttributes: '20484 bytes' — keys and values exceed 20480 bytes in total")});
    QCOMPARE(errorCodes(large.issues), QStringList{QStringLiteral("TransactionAttributesInvalidMapSize")});
}

void TestActionList::wrappedReplies_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("expected");
    QTest::newRow("API Gateway wrapper") << readFile(QStringLiteral("api-gateway-wrapper.json")) << "{statusCode, body} wrapper";
    QTest::newRow("stringified reply") << readFile(QStringLiteral("stringified.json")) << "a JSON string that contains JSON";
    QTest::newRow("plain string") << QByteArray(R"("hello")") << "is a JSON string —";
    QTest::newRow("body only") << QByteArray(R"({"body":"{}"})") << "{statusCode, body} wrapper";
}

void TestActionList::wrappedReplies()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, expected);
    const auto parsed = ActionList::parse(body);
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.issues.size(), 1);
    const ValidationIssue &issue = parsed.issues.first();
    QCOMPARE(issue.code, QStringLiteral("SchemaVersionMismatch"));
    QCOMPARE(issue.path, QStringLiteral("body"));
    QVERIFY2(issue.rule.contains(expected), qPrintable(issue.rule));
    QVERIFY2(issue.rule.contains(QLatin1String("return the object itself, not an API-Gateway style {statusCode, body} wrapper")),
             qPrintable(issue.rule));
}

void TestActionList::emptyReplies_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<bool>("keeps");
    QTest::addColumn<int>("warnings");
    QTest::newRow("empty body") << QByteArray("  \n") << true << true << 1;
    QTest::newRow("null") << QByteArray("null") << true << true << 1;
    QTest::newRow("no Actions") << QByteArray(R"({"SchemaVersion":"1.0"})") << true << true << 1;
    QTest::newRow("Actions null") << QByteArray(R"({"SchemaVersion":"1.0","Actions":null})") << true << true << 1;
    QTest::newRow("Actions []") << QByteArray(R"({"SchemaVersion":"1.0","Actions":[]})") << true << false << 0;
    QTest::newRow("{}") << QByteArray("{}") << false << false << 1;
}

void TestActionList::emptyReplies()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, ok);
    QFETCH(bool, keeps);
    QFETCH(int, warnings);
    const auto parsed = ActionList::parse(body);
    QCOMPARE(parsed.ok(), ok);
    int warningCount = 0;
    for (const auto &issue : parsed.issues)
        warningCount += issue.isError() ? 0 : 1;
    QCOMPARE(warningCount, warnings);
    if (!ok) {
        QCOMPARE(errorCodes(parsed.issues), QStringList{QStringLiteral("SchemaVersionMismatch")});
        return;
    }
    QVERIFY(parsed.value->actions.isEmpty());
    QCOMPARE(parsed.value->keepsCurrentActions, keeps);
}

void TestActionList::fixtures_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("summaryOrCode");
    QTest::newRow("inbound reply") << "inbound-reply.json" << "Pause, Speak, Hangup";
    QTest::newRow("IVR menu") << "ivr-menu.json" << "PlayAudioAndGetDigits, ReceiveDigits";
    QTest::newRow("bridge") << "bridge.json" << "CallAndBridge";
    QTest::newRow("no actions") << "no-actions.json" << "(no actions)";
    QTest::newRow("clear attributes") << "clear-attributes.json" << "(no actions)";
    QTest::newRow("wrapper") << "api-gateway-wrapper.json" << "SchemaVersionMismatch";
    QTest::newRow("stringified") << "stringified.json" << "SchemaVersionMismatch";
    QTest::newRow("bare array") << "bare-array.json" << "SchemaVersionMismatch";
    QTest::newRow("missing SchemaVersion") << "missing-schema-version.json" << "SchemaVersionMismatch";
    QTest::newRow("speak without text") << "speak-without-text.json" << "MissingRequiredActionParameter";
    QTest::newRow("too many actions") << "too-many-actions.json" << "TooManyActions";
    QTest::newRow("unknown action") << "unknown-action.json" << "InvalidLambdaResponse";
}

void TestActionList::fixtures()
{
    QFETCH(QString, file);
    QFETCH(QString, summaryOrCode);
    const auto parsed = ActionList::parse(readFile(file));
    if (parsed.ok()) {
        QVERIFY2(parsed.issues.isEmpty(), qPrintable(messages(parsed.issues).join(QLatin1Char('\n'))));
        QCOMPARE(parsed.value->summary(), summaryOrCode);
    } else {
        QVERIFY(errorCodes(parsed.issues).contains(summaryOrCode));
    }
    if (file == QLatin1String("speak-without-text.json")) {
        QCOMPARE(errorMessages(parsed.issues),
                 QStringList{QStringLiteral("Actions[2].Parameters.Text: missing — Speak requires Text")});
    }
}

void TestActionList::collectsEveryError()
{
    const auto parsed = ActionList::parse(R"({"Actions":[{"Type":"Pause","Parameters":{}},
        {"Type":"Speak","Parameters":{"CallId":"c"}},{"Parameters":{}},"Hangup"],"TransactionAttributes":{"a":1}})");
    QCOMPARE(errorMessages(parsed.issues),
             (QStringList{QStringLiteral("SchemaVersion: missing — expected \"1.0\""),
                          QStringLiteral("Actions[0].Parameters.DurationInMilliseconds: missing — Pause requires DurationInMilliseconds"),
                          QStringLiteral("Actions[1].Parameters.Text: missing — Speak requires Text"),
                          QStringLiteral("Actions[2].Type: missing — every action names its Type"),
                          QStringLiteral("Actions[3]: 'Hangup' — expected an action object {Type, Parameters}, got a string"),
                          QStringLiteral("TransactionAttributes.a: '1' — expected a string value, got a number")}));
}

void TestActionList::unknownParameterWarns()
{
    const auto parsed = ActionList::fromJson(reply(QStringLiteral("Pause"), object(R"({"DurationInMilliseconds":5,"Duration":5})")));
    QVERIFY(parsed.ok());
    QCOMPARE(parsed.issues.size(), 1);
    QCOMPARE(parsed.issues.first().path, QStringLiteral("Actions[0].Parameters.Duration"));
    QVERIFY(!parsed.issues.first().isError());

    const auto invalidJson = ActionList::parse(R"({"SchemaVersion":"1.0","Actions":[})");
    QCOMPARE(invalidJson.issues.size(), 1);
    QVERIFY2(invalidJson.issues.first().message().startsWith(QLatin1String("body: invalid JSON at offset 35: ")),
             qPrintable(invalidJson.issues.first().message()));
}

void TestActionList::roundTripAndSummary()
{
    for (const auto &file : {QStringLiteral("inbound-reply.json"), QStringLiteral("ivr-menu.json"),
                             QStringLiteral("bridge.json"), QStringLiteral("clear-attributes.json")}) {
        const auto first = ActionList::parse(readFile(file));
        QVERIFY(first.ok());
        const auto second = ActionList::parse(first.value->toJsonBytes());
        QVERIFY2(second.ok(), qPrintable(file));
        QVERIFY(second.issues.isEmpty());
        QCOMPARE(second.value->toJson(), first.value->toJson());
        QCOMPARE(second.value->transactionAttributes, first.value->transactionAttributes);
        QCOMPARE(second.value->summary(), first.value->summary());
        QCOMPARE(second.value->actions.size(), first.value->actions.size());
    }

    const auto keep = ActionList::parse("null");
    const auto keepAgain = ActionList::parse(keep.value->toJsonBytes());
    QVERIFY(keepAgain.ok());
    QVERIFY(keepAgain.value->keepsCurrentActions);
    QCOMPARE(keep.value->summary(), QStringLiteral("(keep current actions)"));

    ActionList built;
    built.actions << Action{QStringLiteral("Speak"), object(R"({"CallId":"c1","Text":"Hi"})"), {}};
    built.transactionAttributes = StringMap{{QStringLiteral("k"), QStringLiteral("v")}};
    const auto parsed = ActionList::parse(built.toJsonBytes());
    QVERIFY(parsed.ok());
    QCOMPARE(parsed.value->actions.first().parameters, built.actions.first().parameters);
    QCOMPARE(parsed.value->transactionAttributes, built.transactionAttributes);
}

// Inputs libFuzzer found (scripts/fuzz.sh): each once broke a rule the parser must keep.
void TestActionList::fuzzerFindings()
{
    // Printing a huge number cast it to qint64: undefined behaviour.
    const auto huge = ActionList::parse(R"({"SchemaVersion":"1.0","Actions":[444444444444444444444444444444444444444]})");
    QCOMPARE(huge.issues.size(), 1);
    QCOMPARE(huge.issues.first().path, QStringLiteral("Actions[0]"));
    QVERIFY2(huge.issues.first().value.startsWith(QLatin1String("4.444444444444444")), qPrintable(huge.issues.first().value));
    QVERIFY(huge.issues.first().value.contains(QLatin1String("e+38")));

    // An empty key produced a finding with an empty path, pointing nowhere.
    const auto emptyKey = ActionList::parse(R"({"SchemaVersion":"1.0","Actions":[],"":[]})");
    QVERIFY(emptyKey.ok());
    QCOMPARE(emptyKey.issues.size(), 1);
    QCOMPARE(emptyKey.issues.first().path, QStringLiteral("[\"\"]"));
}

void TestActionList::actionShape()
{
    const auto noParameters = ActionList::parse(R"({"SchemaVersion":"1.0","Actions":[{"Type":"Hangup"}]})");
    QVERIFY(noParameters.ok());
    QCOMPARE(noParameters.value->actions.first().parameters, QJsonObject());

    const auto arrayParameters = ActionList::parse(R"({"SchemaVersion":"1.0","Actions":[{"Type":"Hangup","Parameters":[]}]})");
    QCOMPARE(errorMessages(arrayParameters.issues),
             QStringList{QStringLiteral("Actions[0].Parameters: '[]' — expected an object, got an array")});
    QCOMPARE(errorCodes(arrayParameters.issues), QStringList{QStringLiteral("InvalidActionParameter")});
    QVERIFY(ActionList::acceptedByService(arrayParameters)); // the Hangup fails when reached, as on the service

    const auto numericType = ActionList::parse(R"({"SchemaVersion":"1.0","Actions":[{"Type":7}]})");
    QCOMPARE(errorMessages(numericType.issues), QStringList{QStringLiteral("Actions[0].Type: '7' — expected a string, got a number")});
    QVERIFY(!ActionList::acceptedByService(numericType)); // a list-level fault: INVALID_LAMBDA_RESPONSE

    const auto extraField = ActionList::parse(R"({"SchemaVersion":"1.0","Actions":[{"Type":"Hangup","Parameter":{}}]})");
    QVERIFY(extraField.ok());
    QCOMPARE(extraField.issues.size(), 1);
    QCOMPARE(extraField.issues.first().path, QStringLiteral("Actions[0].Parameter"));
}

QTEST_GUILESS_MAIN(TestActionList)
#include "tst_actionlist.moc"

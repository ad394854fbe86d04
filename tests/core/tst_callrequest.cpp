// CreateSipMediaApplicationCall / UpdateSipMediaApplicationCall input rules, one row per rule:
// the minimal input that breaks it, the path it is reported under, and its severity.
#include "CallRequest.h"
#include "PhoneNumberAdvisor.h"

#include <QJsonDocument>
#include <QTest>

using namespace callconsole;

namespace {

CreateCallRequest validCreate()
{
    CreateCallRequest request;
    request.sipMediaApplicationId = QStringLiteral("c1a2b3c4-0000-4000-8000-000000000001");
    request.fromPhoneNumber = QStringLiteral("+12065550100");
    request.toPhoneNumber = QStringLiteral("+12065550123");
    return request;
}

const ValidationIssue *find(const ValidationIssues &issues, const QString &path)
{
    for (const auto &issue : issues) {
        if (issue.path == path)
            return &issue;
    }
    return nullptr;
}

KeyValueList rows(int count, const QString &prefix)
{
    KeyValueList list;
    for (int i = 0; i < count; ++i)
        list << KeyValue{prefix + QString::number(i), QStringLiteral("v")};
    return list;
}

} // namespace

class TestCallRequest : public QObject
{
    Q_OBJECT

private slots:
    void validRequestHasNoIssues()
    {
        const auto issues = validCreate().validate();
        QVERIFY2(issues.isEmpty(), qPrintable(messages(issues).join(QLatin1Char('\n'))));
    }

    void phoneNumberRules_data()
    {
        QTest::addColumn<QString>("number");
        QTest::addColumn<bool>("isError");
        QTest::addColumn<bool>("isWarning");
        QTest::addColumn<QString>("ruleContains");

        QTest::newRow("valid US") << "+12065550123" << false << false << "";
        QTest::newRow("valid UK") << "+442079460958" << false << false << "";
        QTest::newRow("valid DE") << "+4930901820" << false << false << "";
        QTest::newRow("empty") << "" << true << false << "required";
        QTest::newRow("plus alone") << "+" << true << false << "digits are missing";
        QTest::newRow("leading zero") << "+0123" << true << false << "digit 1-9";
        QTest::newRow("16 digits") << "+1234567890123456" << true << false << "at most 15 digits";
        QTest::newRow("15 digits passes the pattern") << "+123456789012345" << false << true << "";
        QTest::newRow("one digit") << "+1" << true << false << "at least 2 digits";
        QTest::newRow("spaces") << "+1 206 555 0123" << true << false << "did you mean +12065550123";
        QTest::newRow("dashes") << "+1-206-555-0123" << true << false << "no spaces, dashes";
        QTest::newRow("letters") << "+1206CALLNOW" << true << false << "only digits";
        QTest::newRow("national with brackets") << "(206) 555-0123" << true << false << "did you mean +12065550123";
        QTest::newRow("national digits") << "2065550123" << false << true << "did you mean +12065550123";
        QTest::newRow("missing plus but international") << "12065550123" << false << true << "leading '+'";
        QTest::newRow("not valid in region") << "+15550100000" << false << true << "not a valid number";
        QTest::newRow("unknown country code") << "+8881234567" << false << true << "";
    }

    void phoneNumberRules()
    {
        QFETCH(QString, number);
        QFETCH(bool, isError);
        QFETCH(bool, isWarning);
        QFETCH(QString, ruleContains);

        CreateCallRequest request = validCreate();
        request.toPhoneNumber = number;
        const auto issues = request.validate();
        const ValidationIssue *issue = find(issues, QStringLiteral("ToPhoneNumber"));
        if (!isError && !isWarning) {
            QVERIFY2(!issue, issue ? qPrintable(issue->message()) : "");
            return;
        }
        QVERIFY2(issue, qPrintable(messages(issues).join(QLatin1Char('\n'))));
        QCOMPARE(issue->isError(), isError);
        QVERIFY2(issue->message().contains(ruleContains), qPrintable(issue->message()));
        QCOMPARE(issue->value, number);
    }

    void sipMediaApplicationIdRules_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<bool>("isError");
        QTest::newRow("guid") << "c1a2b3c4-0000-4000-8000-000000000001" << false;
        QTest::newRow("any non-space text") << "my-sma" << false;
        QTest::newRow("empty") << "" << true;
        QTest::newRow("blank") << "   " << true;
    }

    void sipMediaApplicationIdRules()
    {
        QFETCH(QString, id);
        QFETCH(bool, isError);
        CreateCallRequest request = validCreate();
        request.sipMediaApplicationId = id;
        const ValidationIssue *issue = find(request.validate(), QStringLiteral("SipMediaApplicationId"));
        QCOMPARE(issue != nullptr, isError);
    }

    void sipHeaderRules_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("errorPath");
        QTest::addColumn<QString>("ruleContains");

        QTest::newRow("x- header") << "x-customer-id" << "42" << "" << "";
        QTest::newRow("X- upper case") << "X-Trace" << "1" << "" << "";
        QTest::newRow("User-to-User") << "User-to-User" << "abc;encoding=hex" << "" << "";
        QTest::newRow("Diversion") << "Diversion" << "<sip:+1206@x>" << "" << "";
        QTest::newRow("reserved X-AMZN") << "X-AMZN-Foo" << "1" << "SipHeaders[0].key" << "reserved";
        QTest::newRow("not custom") << "Contact" << "x" << "SipHeaders[0].key" << "start with x-";
        QTest::newRow("empty key") << "" << "x" << "SipHeaders[0].key" << "key is required";
        QTest::newRow("value 2048") << "x-long" << QString(2048, QLatin1Char('a')) << "" << "";
        QTest::newRow("value 2049") << "x-long" << QString(2049, QLatin1Char('a')) << "SipHeaders[0].value" << "at most 2048";
    }

    void sipHeaderRules()
    {
        QFETCH(QString, key);
        QFETCH(QString, value);
        QFETCH(QString, errorPath);
        QFETCH(QString, ruleContains);

        CreateCallRequest request = validCreate();
        request.sipHeaders = {KeyValue{key, value}};
        const auto issues = request.validate();
        // Any header at all earns the advisory that handlers never see SIP headers.
        const ValidationIssue *advice = find(issues, QStringLiteral("SipHeaders"));
        QVERIFY(advice);
        QVERIFY(!advice->isError());
        if (errorPath.isEmpty()) {
            QVERIFY2(!hasErrors(issues), qPrintable(messages(issues).join(QLatin1Char('\n'))));
            return;
        }
        const ValidationIssue *issue = find(issues, errorPath);
        QVERIFY2(issue, qPrintable(messages(issues).join(QLatin1Char('\n'))));
        QVERIFY(issue->isError());
        QVERIFY2(issue->rule.contains(ruleContains), qPrintable(issue->message()));
    }

    void mapLimits_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<int>("count");
        QTest::addColumn<bool>("isError");
        for (const char *field : {"SipHeaders", "ArgumentsMap", "Arguments"}) {
            QTest::addRow("%s 20", field) << QString::fromLatin1(field) << 20 << false;
            QTest::addRow("%s 21", field) << QString::fromLatin1(field) << 21 << true;
        }
    }

    void mapLimits()
    {
        QFETCH(QString, field);
        QFETCH(int, count);
        QFETCH(bool, isError);
        ValidationIssues issues;
        if (field == QLatin1String("Arguments")) {
            UpdateCallRequest update{QStringLiteral("sma"), QStringLiteral("tx"), rows(count, QStringLiteral("k"))};
            issues = update.validate();
        } else {
            CreateCallRequest request = validCreate();
            (field == QLatin1String("SipHeaders") ? request.sipHeaders : request.argumentsMap)
                = rows(count, field == QLatin1String("SipHeaders") ? QStringLiteral("x-h") : QStringLiteral("k"));
            issues = request.validate();
        }
        const ValidationIssue *issue = find(issues, field);
        const bool mapError = issue && issue->isError();
        QCOMPARE(mapError, isError);
        if (isError)
            QVERIFY(issue->rule.contains(QLatin1String("at most 20")));
    }

    void duplicateArgumentKeyNamesTheRow()
    {
        CreateCallRequest request = validCreate();
        request.argumentsMap = {{QStringLiteral("a"), QStringLiteral("1")}, {QStringLiteral("a"), QStringLiteral("2")}};
        const ValidationIssue *issue = find(request.validate(), QStringLiteral("ArgumentsMap[1].key"));
        QVERIFY(issue);
        QVERIFY(issue->rule.contains(QLatin1String("duplicate")));
    }

    void updateRequiresTransactionId()
    {
        UpdateCallRequest update{QStringLiteral("sma"), QString(), {}};
        QVERIFY(find(update.validate(), QStringLiteral("TransactionId")));
    }

    void createBodyAndPath()
    {
        CreateCallRequest request = validCreate();
        request.sipMediaApplicationId = QStringLiteral("id/with space");
        request.argumentsMap = {{QStringLiteral("flow"), QStringLiteral("greeting")}};
        QCOMPARE(request.path(), QStringLiteral("/sip-media-applications/id%2Fwith%20space/calls"));
        const QJsonObject body = request.toJson();
        QCOMPARE(body.value(QStringLiteral("ToPhoneNumber")).toString(), QStringLiteral("+12065550123"));
        QCOMPARE(body.value(QStringLiteral("ArgumentsMap")).toObject().value(QStringLiteral("flow")).toString(),
                 QStringLiteral("greeting"));
        QVERIFY(!body.contains(QStringLiteral("SipHeaders")));

        const auto parsed = CreateCallRequest::fromJson(request.sipMediaApplicationId, body);
        QVERIFY(parsed.ok());
        QCOMPARE(parsed.value->argumentsMap, request.argumentsMap);
        QCOMPARE(parsed.value->toPhoneNumber, request.toPhoneNumber);
    }

    void updateBodyAlwaysCarriesArguments()
    {
        UpdateCallRequest update{QStringLiteral("sma"), QStringLiteral("tx-1"), {}};
        QCOMPARE(update.path(), QStringLiteral("/sip-media-applications/sma/calls/tx-1"));
        QVERIFY(update.toJson().value(QStringLiteral("Arguments")).isObject());
        QVERIFY(!UpdateCallRequest::fromJson(QStringLiteral("sma"), QStringLiteral("tx"), QJsonObject()).ok());
    }

    void fromJsonRejectsWrongTypes()
    {
        const QJsonObject body = QJsonDocument::fromJson(
            R"({"FromPhoneNumber": 12065550100, "ToPhoneNumber": "+12065550123", "ArgumentsMap": {"a": 1}})").object();
        const auto parsed = CreateCallRequest::fromJson(QStringLiteral("sma"), body);
        QVERIFY(!parsed.ok());
        QVERIFY(find(parsed.issues, QStringLiteral("FromPhoneNumber")));
        QVERIFY(find(parsed.issues, QStringLiteral("ArgumentsMap.a")));
    }

    void keyValueArguments()
    {
        QCOMPARE(keyValueFromArgument(QStringLiteral("a=b=c"))->value, QStringLiteral("b=c"));
        QCOMPARE(keyValueFromArgument(QStringLiteral("k="))->value, QString());
        QVERIFY(!keyValueFromArgument(QStringLiteral("=v")));
        QVERIFY(!keyValueFromArgument(QStringLiteral("novalue")));
    }

    void adviceFormatsAndNamesTheCountry()
    {
        const PhoneNumberAdvice us = PhoneNumberAdvisor::advise(QStringLiteral("+12065550123"));
        QCOMPARE(us.normalizedE164, QStringLiteral("+12065550123"));
        QCOMPARE(us.internationalFormat, QStringLiteral("+1 206-555-0123"));
        QCOMPARE(us.regionCode, QStringLiteral("US"));
        QCOMPARE(us.countryName, QStringLiteral("United States"));
        QVERIFY(us.isValid);
        QVERIFY(us.display().contains(QLatin1String("United States")));

        const PhoneNumberAdvice uk = PhoneNumberAdvisor::advise(QStringLiteral("+442079460958"));
        QCOMPARE(uk.regionCode, QStringLiteral("GB"));
        QCOMPARE(uk.internationalFormat, QStringLiteral("+44 20 7946 0958"));

        const PhoneNumberAdvice national = PhoneNumberAdvisor::advise(QStringLiteral("030 901820"), QStringLiteral("DE"));
        QCOMPARE(national.normalizedE164, QStringLiteral("+4930901820"));

        QVERIFY(PhoneNumberAdvisor::advise(QStringLiteral("not a number")).normalizedE164.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCallRequest)
#include "tst_callrequest.moc"

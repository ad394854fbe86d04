// The simulator's ListPhoneNumbers over loopback HTTP: the query filters of the botocore model
// (status, product-type, filter-name with filter-value) applied before paging, tokens bound to
// the filters they were issued under, AWS-shaped refusals of bad values, each number's
// attributes in the answer as the config file gave them, and the AWS CLI filtering unchanged.
#include "AwsCli.h"
#include "ListingSimulator.h"

#include <QJsonArray>
#include <QStandardPaths>

using namespace callconsole;

namespace {

const QString phoneNumbersPath = QStringLiteral("/phone-numbers");
const QString ruleB = QStringLiteral("0b0b0b0b-1111-4222-8333-444444444444");
const QString connectorA = QStringLiteral("abcdef1ghij2klmno3pqr4");
const QString connectorB = QStringLiteral("zyxwvu9tsrq8ponml7kji6");
const QString groupA = QStringLiteral("11112222-3333-4444-8555-666677778888");

// A number as this test writes it into the config file, and so what the answer must say of it.
struct Number
{
    QString e164;
    QString status;
    QString productType;
    QString type;
    QList<QPair<QString, QString>> associations; // name, value
};

// 60 numbers, ten of each kind, in no sorted order. Kind 0 is a bare string, which the config
// format documents as assigned, SMA dial-in, reached through the simulated account's SIP rule.
QList<Number> numbers()
{
    QList<Number> list;
    for (int i = 0; i < 60; ++i) {
        const QString e164 = QStringLiteral("+1206555%1").arg((i * 7919) % 10000, 4, 10, QLatin1Char('0'));
        switch (i % 6) {
        case 0:
            list << Number{e164, QStringLiteral("Assigned"), QStringLiteral("SipMediaApplicationDialIn"), QStringLiteral("Local"),
                           {{QStringLiteral("SipRuleId"), simulatedSipRuleId()}}};
            break;
        case 1:
            list << Number{e164, QStringLiteral("Assigned"), QStringLiteral("VoiceConnector"), QStringLiteral("Local"),
                           {{QStringLiteral("VoiceConnectorId"), connectorA}}};
            break;
        case 2:
            list << Number{e164, QStringLiteral("Unassigned"), QStringLiteral("VoiceConnector"), QStringLiteral("Local"), {}};
            break;
        case 3:
            list << Number{e164, QStringLiteral("Assigned"), QStringLiteral("SipMediaApplicationDialIn"), QStringLiteral("TollFree"),
                           {{QStringLiteral("SipRuleId"), ruleB}}};
            break;
        case 4:
            list << Number{e164, QStringLiteral("Assigned"), QStringLiteral("VoiceConnector"), QStringLiteral("Local"),
                           {{QStringLiteral("VoiceConnectorGroupId"), groupA}, {QStringLiteral("VoiceConnectorId"), connectorB}}};
            break;
        default:
            list << Number{e164, QStringLiteral("ReleaseInProgress"), QStringLiteral("SipMediaApplicationDialIn"), QStringLiteral("Local"), {}};
            break;
        }
    }
    return list;
}

// The config file for numbers(): kind 0 bare, kind 2 leaving its (empty) associations to the
// default, the others spelling out what differs from the defaults.
SimulatorConfig inventory()
{
    QJsonArray entries;
    const QList<Number> list = numbers();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const Number &n = list.at(i);
        if (i % 6 == 0) {
            entries << n.e164;
            continue;
        }
        QJsonObject entry{{QStringLiteral("e164PhoneNumber"), n.e164}, {QStringLiteral("productType"), n.productType}};
        if (n.status != QLatin1String("Assigned"))
            entry.insert(QStringLiteral("status"), n.status);
        if (n.type != QLatin1String("Local"))
            entry.insert(QStringLiteral("type"), n.type);
        if (i % 6 != 2) {
            QJsonArray associations;
            for (const auto &[name, value] : n.associations)
                associations << QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("value"), value}};
            entry.insert(QStringLiteral("associations"), associations);
        }
        entries << entry;
    }
    return simulatorConfigFrom({{QStringLiteral("phoneNumbers"), entries}});
}

// The filters as a list of query members; an empty value leaves the member out.
QueryItems filters(const QString &status, const QString &productType, const QString &filterName = {}, const QString &filterValue = {})
{
    QueryItems items;
    const auto add = [&](const char *name, const QString &value) {
        if (!value.isEmpty())
            items.append({QLatin1String(name), value});
    };
    add("status", status);
    add("product-type", productType);
    add("filter-name", filterName);
    add("filter-value", filterValue);
    return items;
}

// The model's reading of the filters, written out here independently of the simulator's.
QStringList expectedNumbers(const QString &status, const QString &productType, const QString &filterName, const QString &filterValue)
{
    QStringList expected;
    for (const Number &n : numbers()) {
        if (!status.isEmpty() && n.status != status)
            continue;
        if (!productType.isEmpty() && n.productType != productType)
            continue;
        if (!filterName.isEmpty() && !n.associations.contains(qMakePair(filterName, filterValue)))
            continue;
        expected << n.e164;
    }
    return expected;
}

QStringList numbersIn(const QJsonArray &entries)
{
    QStringList list;
    for (const QJsonValue &entry : entries)
        list << entry.toObject().value(QStringLiteral("E164PhoneNumber")).toString();
    return list;
}

// Every page of a filtered listing, following NextToken with the same filters.
struct Pages
{
    QStringList numbers;
    QList<int> sizes;
    QJsonArray entries;
    QString failure; // non-empty: a page was refused or malformed
};

Pages readAllPages(ListingSimulator &f, const QueryItems &filterItems, const QString &maxResults)
{
    Pages pages;
    QString token;
    do {
        QueryItems query = filterItems;
        if (!maxResults.isEmpty())
            query.append({QStringLiteral("max-results"), maxResults});
        if (!token.isEmpty())
            query.append({QStringLiteral("next-token"), token});
        const HttpResult page = f.get(phoneNumbersPath, query);
        if (page.status != 200) {
            pages.failure = QStringLiteral("HTTP %1: %2").arg(page.status).arg(QString::fromUtf8(page.body));
            return pages;
        }
        const QJsonObject body = page.json();
        if (!body.value(QStringLiteral("PhoneNumbers")).isArray()) {
            pages.failure = QStringLiteral("no PhoneNumbers array: %1").arg(QString::fromUtf8(page.body));
            return pages;
        }
        const QJsonArray entries = body.value(QStringLiteral("PhoneNumbers")).toArray();
        pages.sizes << int(entries.size());
        pages.numbers << numbersIn(entries);
        for (const QJsonValue &entry : entries)
            pages.entries << entry;
        const QJsonValue next = body.value(QStringLiteral("NextToken"));
        if (next.isString() && next.toString().isEmpty()) {
            pages.failure = QStringLiteral("an empty NextToken (AWS leaves it out on the last page)");
            return pages;
        }
        token = next.toString();
        if (pages.sizes.size() > 100) {
            pages.failure = QStringLiteral("more than 100 pages");
            return pages;
        }
    } while (!token.isEmpty());
    return pages;
}

// QCOMPARE in here returns from here only: callers check QTest::currentTestFailed().
void verifyBadRequest(const HttpResult &r, const QString &field)
{
    QCOMPARE(r.status, 400);
    QCOMPARE(r.header("x-amzn-ErrorType"), QByteArray("BadRequestException"));
    QVERIFY(!r.header("x-amzn-RequestId").isEmpty());
    QCOMPARE(r.json().value(QStringLiteral("Code")).toString(), QStringLiteral("BadRequest"));
    const QString message = r.json().value(QStringLiteral("Message")).toString();
    QVERIFY2(message.startsWith(field + QLatin1Char(':')), qPrintable(message));
}

} // namespace

class TestListPhoneNumbers : public QObject
{
    Q_OBJECT

private slots:
    void filtersSelectTheNumbersBeforePaging_data()
    {
        QTest::addColumn<QString>("status");
        QTest::addColumn<QString>("productType");
        QTest::addColumn<QString>("filterName");
        QTest::addColumn<QString>("filterValue");
        QTest::addColumn<QString>("maxResults"); // empty: not sent (100)
        QTest::addColumn<int>("count");          // written out, so the test's own reading is checked too

        const QString any;
        QTest::newRow("no filters, by 7") << any << any << any << any << "7" << 60;
        QTest::newRow("no filters, default page") << any << any << any << any << any << 60;
        QTest::newRow("Assigned") << "Assigned" << any << any << any << "7" << 40;
        QTest::newRow("Unassigned") << "Unassigned" << any << any << any << "3" << 10;
        QTest::newRow("ReleaseInProgress") << "ReleaseInProgress" << any << any << any << any << 10;
        QTest::newRow("Cancelled: none") << "Cancelled" << any << any << any << "7" << 0;
        QTest::newRow("VoiceConnector") << any << "VoiceConnector" << any << any << "7" << 30;
        QTest::newRow("SipMediaApplicationDialIn") << any << "SipMediaApplicationDialIn" << any << any << "100" << 30;
        QTest::newRow("Assigned VoiceConnector") << "Assigned" << "VoiceConnector" << any << any << "1" << 20;
        QTest::newRow("the simulated SIP rule") << any << any << "SipRuleId" << simulatedSipRuleId() << "4" << 10;
        QTest::newRow("another SIP rule") << any << any << "SipRuleId" << ruleB << "7" << 10;
        QTest::newRow("Voice Connector A") << any << any << "VoiceConnectorId" << connectorA << "7" << 10;
        QTest::newRow("Voice Connector B, beside a group") << any << any << "VoiceConnectorId" << connectorB << "7" << 10;
        QTest::newRow("Voice Connector group") << any << any << "VoiceConnectorGroupId" << groupA << "7" << 10;
        QTest::newRow("a group id as a Voice Connector id") << any << any << "VoiceConnectorId" << groupA << "7" << 0;
        QTest::newRow("an unknown SIP rule") << any << any << "SipRuleId" << "not-a-rule" << "7" << 0;
        QTest::newRow("all members") << "Assigned" << "SipMediaApplicationDialIn" << "SipRuleId" << ruleB << "3" << 10;
        QTest::newRow("all members, none left") << "Unassigned" << "SipMediaApplicationDialIn" << "SipRuleId" << ruleB << "3" << 0;
    }

    void filtersSelectTheNumbersBeforePaging()
    {
        QFETCH(QString, status);
        QFETCH(QString, productType);
        QFETCH(QString, filterName);
        QFETCH(QString, filterValue);
        QFETCH(QString, maxResults);
        QFETCH(int, count);
        const QStringList expected = expectedNumbers(status, productType, filterName, filterValue);
        QCOMPARE(expected.size(), count);

        ListingSimulator f(inventory());
        const Pages pages = readAllPages(f, filters(status, productType, filterName, filterValue), maxResults);
        QVERIFY2(pages.failure.isEmpty(), qPrintable(pages.failure));
        QCOMPARE(pages.numbers, expected);
        // Full pages until the last: the filter ran before paging, not page by page.
        const int size = maxResults.isEmpty() ? 100 : maxResults.toInt();
        QList<int> sizes;
        for (int left = count; left > 0; left -= size)
            sizes << std::min(left, size);
        if (sizes.isEmpty())
            sizes << 0;
        QCOMPARE(pages.sizes, sizes);
        for (const QJsonValue &entry : pages.entries) {
            const QJsonObject number = entry.toObject();
            if (!status.isEmpty())
                QCOMPARE(number.value(QStringLiteral("Status")).toString(), status);
            if (!productType.isEmpty())
                QCOMPARE(number.value(QStringLiteral("ProductType")).toString(), productType);
        }
    }

    // What the answer says of each number is what the config file gave it.
    void eachNumberCarriesItsAttributes()
    {
        ListingSimulator f(inventory());
        const Pages pages = readAllPages(f, {}, QStringLiteral("100"));
        QVERIFY2(pages.failure.isEmpty(), qPrintable(pages.failure));
        const QList<Number> list = numbers();
        QCOMPARE(pages.entries.size(), list.size());
        for (qsizetype i = 0; i < list.size(); ++i) {
            const Number &n = list.at(i);
            const QJsonObject entry = pages.entries.at(i).toObject();
            QCOMPARE(entry.value(QStringLiteral("PhoneNumberId")).toString(), n.e164);
            QCOMPARE(entry.value(QStringLiteral("E164PhoneNumber")).toString(), n.e164);
            QCOMPARE(entry.value(QStringLiteral("Status")).toString(), n.status);
            QCOMPARE(entry.value(QStringLiteral("ProductType")).toString(), n.productType);
            QCOMPARE(entry.value(QStringLiteral("Type")).toString(), n.type);
            QCOMPARE(entry.value(QStringLiteral("Country")).toString(), QStringLiteral("US"));
            QVERIFY(entry.value(QStringLiteral("Associations")).isArray());
            QList<QPair<QString, QString>> associations;
            for (const QJsonValue &a : entry.value(QStringLiteral("Associations")).toArray()) {
                const QJsonObject association = a.toObject();
                associations.append({association.value(QStringLiteral("Name")).toString(), association.value(QStringLiteral("Value")).toString()});
                QVERIFY(!association.value(QStringLiteral("AssociatedTimestamp")).toString().isEmpty());
            }
            QCOMPARE(associations, n.associations);
        }
    }

    // The built-in account: both numbers assigned to the SMA's SIP rule, as the From picker
    // and CreateSipMediaApplicationCall take them.
    void builtInNumbersAreAssignedDialInNumbers()
    {
        ListingSimulator f(SimulatorConfig::defaults());
        const HttpResult r = f.get(phoneNumbersPath, filters(QStringLiteral("Assigned"), QStringLiteral("SipMediaApplicationDialIn"),
                                                             QStringLiteral("SipRuleId"), simulatedSipRuleId()));
        QCOMPARE(r.status, 200);
        QCOMPARE(numbersIn(r.json().value(QStringLiteral("PhoneNumbers")).toArray()),
                 (QStringList{QStringLiteral("+12065550100"), QStringLiteral("+12065550101")}));
    }

    void aTokenOnlyWorksUnderItsOwnFilters_data()
    {
        QTest::addColumn<QueryItems>("issuedUnder");
        QTest::addColumn<QueryItems>("usedWith");
        const QString any;
        const QString assigned = QStringLiteral("Assigned");
        QTest::newRow("filtered, then none") << filters(assigned, any) << QueryItems{};
        QTest::newRow("none, then filtered") << QueryItems{} << filters(assigned, any);
        QTest::newRow("another status") << filters(assigned, any) << filters(QStringLiteral("Unassigned"), any);
        QTest::newRow("one member more") << filters(assigned, any) << filters(assigned, QStringLiteral("VoiceConnector"));
        QTest::newRow("another filter value")
            << filters(any, any, QStringLiteral("VoiceConnectorId"), connectorA)
            << filters(any, any, QStringLiteral("VoiceConnectorId"), connectorB);
        // Both select the same ten numbers: only the filters tell the listings apart.
        QTest::newRow("same numbers, other filters")
            << filters(QStringLiteral("Unassigned"), any) << filters(QStringLiteral("Unassigned"), QStringLiteral("VoiceConnector"));
    }

    void aTokenOnlyWorksUnderItsOwnFilters()
    {
        QFETCH(QueryItems, issuedUnder);
        QFETCH(QueryItems, usedWith);
        ListingSimulator f(inventory());
        const HttpResult first = f.get(phoneNumbersPath, issuedUnder + QueryItems{{QStringLiteral("max-results"), QStringLiteral("3")}});
        QCOMPARE(first.status, 200);
        const QString token = first.json().value(QStringLiteral("NextToken")).toString();
        QVERIFY2(!token.isEmpty(), first.body.constData());

        const HttpResult foreign = f.get(phoneNumbersPath, usedWith + QueryItems{{QStringLiteral("next-token"), token}});
        verifyBadRequest(foreign, QStringLiteral("NextToken"));
        if (QTest::currentTestFailed())
            return;
        const QString message = foreign.json().value(QStringLiteral("Message")).toString();
        QVERIFY2(message.contains(QStringLiteral("leave it out to start from the first page")), qPrintable(message));

        // The same token still works where it belongs.
        const HttpResult own = f.get(phoneNumbersPath, issuedUnder + QueryItems{{QStringLiteral("next-token"), token}});
        QCOMPARE(own.status, 200);
    }

    // The filters bind the token, not the order the query string happens to list them in.
    void aTokenWorksWithItsFiltersInAnyOrder()
    {
        ListingSimulator f(inventory());
        const QueryItems statusFirst = filters(QStringLiteral("Assigned"), QStringLiteral("VoiceConnector"));
        const QueryItems productTypeFirst{statusFirst.at(1), statusFirst.at(0)};
        const HttpResult first = f.get(phoneNumbersPath, statusFirst + QueryItems{{QStringLiteral("max-results"), QStringLiteral("5")}});
        QCOMPARE(first.status, 200);
        const QString token = first.json().value(QStringLiteral("NextToken")).toString();
        QVERIFY(!token.isEmpty());
        const HttpResult second = f.get(phoneNumbersPath, productTypeFirst + QueryItems{{QStringLiteral("max-results"), QStringLiteral("5")},
                                                                                         {QStringLiteral("next-token"), token}});
        QCOMPARE(second.status, 200);
        const QStringList expected = expectedNumbers(QStringLiteral("Assigned"), QStringLiteral("VoiceConnector"), {}, {});
        QCOMPARE(numbersIn(first.json().value(QStringLiteral("PhoneNumbers")).toArray())
                     + numbersIn(second.json().value(QStringLiteral("PhoneNumbers")).toArray()),
                 expected.mid(0, 10));
    }

    void badFiltersAreBadRequests_data()
    {
        QTest::addColumn<QueryItems>("query");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value"); // empty: the message shows none
        QTest::addColumn<QString>("rule");
        const QString sipRule = QStringLiteral("SipRuleId");
        QTest::newRow("status in lower case") << QueryItems{{QStringLiteral("status"), QStringLiteral("assigned")}} << "Status"
                                              << "assigned" << "expected a PhoneNumberStatus: Cancelled, ";
        QTest::newRow("status empty") << QueryItems{{QStringLiteral("status"), QString()}} << "Status" << QString()
                                      << "query parameter status";
        QTest::newRow("legacy product type") << QueryItems{{QStringLiteral("product-type"), QStringLiteral("BusinessCalling")}}
                                             << "ProductType" << "BusinessCalling"
                                             << "expected a PhoneNumberProductType: VoiceConnector or SipMediaApplicationDialIn";
        QTest::newRow("unknown filter name")
            << QueryItems{{QStringLiteral("filter-name"), QStringLiteral("AccountId")}, {QStringLiteral("filter-value"), QStringLiteral("x")}}
            << "FilterName" << "AccountId" << "VoiceConnectorId, VoiceConnectorGroupId or SipRuleId";
        QTest::newRow("filter name alone") << QueryItems{{QStringLiteral("filter-name"), sipRule}} << "FilterValue" << QString()
                                           << "required with FilterName";
        QTest::newRow("filter name, empty value")
            << QueryItems{{QStringLiteral("filter-name"), sipRule}, {QStringLiteral("filter-value"), QString()}} << "FilterValue"
            << QString() << "required with FilterName";
        QTest::newRow("filter value alone") << QueryItems{{QStringLiteral("filter-value"), ruleB}} << "FilterName" << QString()
                                            << QStringLiteral("required with FilterValue '%1'").arg(ruleB);
    }

    void badFiltersAreBadRequests()
    {
        QFETCH(QueryItems, query);
        QFETCH(QString, field);
        QFETCH(QString, value);
        QFETCH(QString, rule);
        ListingSimulator f(inventory());
        const HttpResult r = f.get(phoneNumbersPath, query);
        verifyBadRequest(r, field);
        if (QTest::currentTestFailed())
            return;
        const QString message = r.json().value(QStringLiteral("Message")).toString();
        if (!value.isEmpty())
            QVERIFY2(message.startsWith(QStringLiteral("%1: '%2' — ").arg(field, value)), qPrintable(message));
        QVERIFY2(message.contains(rule), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("(query parameter ")), qPrintable(message));
    }

    // Every wrong member is named at once; a token cannot be judged without a valid listing.
    void everyBadMemberIsNamed()
    {
        ListingSimulator f(inventory());
        const HttpResult r = f.get(phoneNumbersPath, {{QStringLiteral("status"), QStringLiteral("Busy")},
                                                      {QStringLiteral("product-type"), QStringLiteral("Sip")},
                                                      {QStringLiteral("max-results"), QStringLiteral("0")},
                                                      {QStringLiteral("next-token"), QStringLiteral("forged")}});
        verifyBadRequest(r, QStringLiteral("Status"));
        if (QTest::currentTestFailed())
            return;
        const QString message = r.json().value(QStringLiteral("Message")).toString();
        QVERIFY2(message.contains(QStringLiteral("ProductType: 'Sip'")) && message.contains(QStringLiteral("MaxResults: '0'")),
                 qPrintable(message));
        QVERIFY2(!message.contains(QStringLiteral("NextToken")), qPrintable(message));
    }

    void configFileRefusesBadNumbers_data()
    {
        QTest::addColumn<QJsonValue>("entry");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("rule");
        QTest::newRow("not E.164") << QJsonValue(QStringLiteral("206-555-0100")) << "phoneNumbers[1]" << "E.164";
        QTest::newRow("a number, not a string") << QJsonValue(12065550100.0) << "phoneNumbers[1]" << "E.164";
        QTest::newRow("object without a number") << QJsonValue(QJsonObject{{QStringLiteral("status"), QStringLiteral("Assigned")}})
                                                 << "phoneNumbers[1].e164PhoneNumber" << "E.164";
        QTest::newRow("unknown status")
            << QJsonValue(QJsonObject{{QStringLiteral("e164PhoneNumber"), QStringLiteral("+12065550102")}, {QStringLiteral("status"), QStringLiteral("Active")}})
            << "phoneNumbers[1].status" << "PhoneNumberStatus";
        QTest::newRow("unknown product type")
            << QJsonValue(QJsonObject{{QStringLiteral("e164PhoneNumber"), QStringLiteral("+12065550102")},
                                      {QStringLiteral("productType"), QStringLiteral("BusinessCalling")}})
            << "phoneNumbers[1].productType" << "PhoneNumberProductType";
        QTest::newRow("unknown type")
            << QJsonValue(QJsonObject{{QStringLiteral("e164PhoneNumber"), QStringLiteral("+12065550102")}, {QStringLiteral("type"), QStringLiteral("Mobile")}})
            << "phoneNumbers[1].type" << "PhoneNumberType";
        QTest::newRow("unknown association")
            << QJsonValue(QJsonObject{{QStringLiteral("e164PhoneNumber"), QStringLiteral("+12065550102")},
                                      {QStringLiteral("associations"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("SipMediaApplicationId")},
                                                                                             {QStringLiteral("value"), QStringLiteral("x")}}}}})
            << "phoneNumbers[1].associations[0].name" << "PhoneNumberAssociationName";
        QTest::newRow("association without a value")
            << QJsonValue(QJsonObject{{QStringLiteral("e164PhoneNumber"), QStringLiteral("+12065550102")},
                                      {QStringLiteral("associations"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("SipRuleId")}}}}})
            << "phoneNumbers[1].associations[0].value" << "missing";
    }

    void configFileRefusesBadNumbers()
    {
        QFETCH(QJsonValue, entry);
        QFETCH(QString, path);
        QFETCH(QString, rule);
        const QJsonObject root{{QStringLiteral("phoneNumbers"), QJsonArray{QStringLiteral("+12065550100"), entry}}};
        const Parsed<SimulatorConfig> parsed = SimulatorConfig::fromJson(QJsonDocument(root).toJson());
        QVERIFY(!parsed.ok());
        const QStringList found = messages(parsed.issues);
        QCOMPARE(found.size(), 1);
        QVERIFY2(found.first().startsWith(path + QLatin1Char(':')) && found.first().contains(rule), qPrintable(found.first()));
    }

    // botocore sends the filters as the model's query members; the simulator's answers and
    // refusals reach the CLI as AWS's would.
    void awsCliFiltersUnchanged()
    {
        const QString aws = QStandardPaths::findExecutable(QStringLiteral("aws"));
        if (aws.isEmpty())
            QSKIP("the AWS CLI is not installed (Debian: awscli)");
        ListingSimulator f(inventory());
        const auto run = [&](const QStringList &arguments) { return runAwsCli(aws, f.simulator->url(), arguments); };
        const QStringList assignedConnectors{QStringLiteral("list-phone-numbers"), QStringLiteral("--status"), QStringLiteral("Assigned"),
                                             QStringLiteral("--product-type"), QStringLiteral("VoiceConnector"),
                                             QStringLiteral("--max-results"), QStringLiteral("3")};
        const auto first = run(assignedConnectors);
        QVERIFY2(first.first == 0, qPrintable(first.second));
        const QJsonObject firstPage = QJsonDocument::fromJson(first.second.toUtf8()).object();
        const QString token = firstPage.value(QStringLiteral("NextToken")).toString();
        QVERIFY2(!token.isEmpty(), qPrintable(first.second));
        const auto second = run(assignedConnectors + QStringList{QStringLiteral("--next-token"), token});
        QVERIFY2(second.first == 0, qPrintable(second.second));
        const QJsonObject secondPage = QJsonDocument::fromJson(second.second.toUtf8()).object();
        QCOMPARE(numbersIn(firstPage.value(QStringLiteral("PhoneNumbers")).toArray())
                     + numbersIn(secondPage.value(QStringLiteral("PhoneNumbers")).toArray()),
                 expectedNumbers(QStringLiteral("Assigned"), QStringLiteral("VoiceConnector"), {}, {}).mid(0, 6));

        const auto byRule = run({QStringLiteral("list-phone-numbers"), QStringLiteral("--filter-name"), QStringLiteral("SipRuleId"),
                                 QStringLiteral("--filter-value"), ruleB});
        QVERIFY2(byRule.first == 0, qPrintable(byRule.second));
        QCOMPARE(numbersIn(QJsonDocument::fromJson(byRule.second.toUtf8()).object().value(QStringLiteral("PhoneNumbers")).toArray()),
                 expectedNumbers({}, {}, QStringLiteral("SipRuleId"), ruleB));

        const auto foreignToken = run({QStringLiteral("list-phone-numbers"), QStringLiteral("--status"), QStringLiteral("Unassigned"),
                                       QStringLiteral("--next-token"), token});
        QVERIFY(foreignToken.first != 0);
        QVERIFY2(foreignToken.second.contains(QLatin1String("BadRequestException")) && foreignToken.second.contains(QLatin1String("NextToken")),
                 qPrintable(foreignToken.second));

        const auto badStatus = run({QStringLiteral("list-phone-numbers"), QStringLiteral("--status"), QStringLiteral("assigned")});
        QVERIFY(badStatus.first != 0);
        QVERIFY2(badStatus.second.contains(QLatin1String("BadRequestException")) && badStatus.second.contains(QLatin1String("Status: 'assigned'")),
                 qPrintable(badStatus.second));

        const auto nameAlone = run({QStringLiteral("list-phone-numbers"), QStringLiteral("--filter-name"), QStringLiteral("SipRuleId")});
        QVERIFY(nameAlone.first != 0);
        QVERIFY2(nameAlone.second.contains(QLatin1String("BadRequestException")) && nameAlone.second.contains(QLatin1String("FilterValue")),
                 qPrintable(nameAlone.second));
    }
};

QTEST_GUILESS_MAIN(TestListPhoneNumbers)
#include "tst_listphonenumbers.moc"

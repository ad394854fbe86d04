// The simulator's List* paging over loopback HTTP: MaxResults and NextToken as the botocore
// model defines them, every entry exactly once and in order, AWS-shaped validation errors, and
// the AWS CLI paging through it unchanged.
#include "AwsCli.h"
#include "ListingSimulator.h"

#include <QJsonArray>
#include <QProcess>
#include <QStandardPaths>

using namespace callconsole;

namespace {

// The config file's own format, so the test goes through the mechanism a user has.
SimulatorConfig inventory(int applications, int numbers)
{
    QJsonArray smas;
    for (int i = 0; i < applications; ++i) {
        smas << QJsonObject{{QStringLiteral("id"), QStringLiteral("00000000-0000-4000-8000-%1").arg(i, 12, 10, QLatin1Char('0'))},
                            {QStringLiteral("name"), QStringLiteral("sma-%1").arg(i)}};
    }
    QJsonArray phoneNumbers;
    // Not in sorted order: the answer keeps the inventory's own order.
    for (int i = 0; i < numbers; ++i)
        phoneNumbers << QStringLiteral("+1206555%1").arg((i * 7919) % 10000, 4, 10, QLatin1Char('0'));
    return simulatorConfigFrom({{QStringLiteral("sipMediaApplications"), smas}, {QStringLiteral("phoneNumbers"), phoneNumbers}});
}

struct Listing
{
    const char *path;
    const char *entriesKey;
    const char *idKey;
};

const Listing applicationsListing{"/sip-media-applications", "SipMediaApplications", "SipMediaApplicationId"};
const Listing numbersListing{"/phone-numbers", "PhoneNumbers", "E164PhoneNumber"};

const Listing &listingNamed(const QString &name)
{
    return name == QLatin1String("applications") ? applicationsListing : numbersListing;
}

QStringList expectedIds(const SimulatorConfig &config, const Listing &listing)
{
    if (&listing == &numbersListing)
        return config.e164Numbers();
    QStringList ids;
    for (const SimulatedSma &sma : config.applications)
        ids << sma.id;
    return ids;
}

struct Fixture : ListingSimulator
{
    using ListingSimulator::ListingSimulator;

    HttpResult get(const Listing &listing, const QueryItems &items) { return ListingSimulator::get(QLatin1String(listing.path), items); }
};

QStringList idsOf(const QJsonArray &entries, const Listing &listing)
{
    QStringList ids;
    for (const QJsonValue &entry : entries)
        ids << entry.toObject().value(QLatin1String(listing.idKey)).toString();
    return ids;
}

} // namespace

class TestListPaging : public QObject
{
    Q_OBJECT

private slots:
    void pagesCoverTheListingOnceInOrder_data()
    {
        QTest::addColumn<QString>("listing");
        QTest::addColumn<int>("count");
        QTest::addColumn<QString>("maxResults"); // empty: not sent
        QTest::addColumn<QList<int>>("pageSizes");

        for (const char *listing : {"numbers", "applications"}) {
            const auto row = [&](const char *name) -> QTestData & { return QTest::addRow("%s, %s", listing, name) << QString::fromLatin1(listing); };
            row("250, default 100") << 250 << QString() << QList<int>{100, 100, 50};
            row("250 by 7") << 250 << QStringLiteral("7") << (QList<int>(35, 7) << 5);
            row("250 by 100") << 250 << QStringLiteral("100") << QList<int>{100, 100, 50};
            row("100, default") << 100 << QString() << QList<int>{100};
            row("101 by 100") << 101 << QStringLiteral("100") << QList<int>{100, 1};
            row("3 by 1") << 3 << QStringLiteral("1") << QList<int>{1, 1, 1};
            row("none") << 0 << QString() << QList<int>{0};
        }
    }

    void pagesCoverTheListingOnceInOrder()
    {
        QFETCH(QString, listing);
        QFETCH(int, count);
        QFETCH(QString, maxResults);
        QFETCH(QList<int>, pageSizes);
        const Listing &shape = listingNamed(listing);
        const SimulatorConfig config = inventory(listing == QLatin1String("applications") ? count : 1,
                                                 listing == QLatin1String("numbers") ? count : 1);
        Fixture f(config);
        QStringList ids;
        QList<int> sizes;
        QString token;
        do {
            QueryItems query;
            if (!maxResults.isEmpty())
                query.append({QStringLiteral("max-results"), maxResults});
            if (!token.isEmpty())
                query.append({QStringLiteral("next-token"), token});
            const HttpResult page = f.get(shape, query);
            QCOMPARE(page.status, 200);
            const QJsonObject body = page.json();
            const QJsonArray entries = body.value(QLatin1String(shape.entriesKey)).toArray();
            QVERIFY(body.contains(QLatin1String(shape.entriesKey)));
            sizes << int(entries.size());
            ids << idsOf(entries, shape);
            const QJsonValue next = body.value(QStringLiteral("NextToken"));
            // AWS leaves NextToken out on the last page rather than sending it empty.
            QVERIFY(next.isUndefined() || !next.toString().isEmpty());
            token = next.toString();
            QVERIFY2(sizes.size() <= pageSizes.size(), qPrintable(QStringLiteral("more pages than expected: %1").arg(sizes.size())));
        } while (!token.isEmpty());
        QCOMPARE(sizes, pageSizes);
        QCOMPARE(ids, expectedIds(config, shape));
    }

    void maxResultsOutOfRangeIsABadRequest_data()
    {
        QTest::addColumn<QString>("listing");
        QTest::addColumn<QString>("maxResults");
        for (const char *listing : {"numbers", "applications"}) {
            for (const char *value : {"0", "101", "-1", "abc", "", "1.5", " 5", "99999999999"})
                QTest::addRow("%s, '%s'", listing, value) << QString::fromLatin1(listing) << QString::fromLatin1(value);
        }
    }

    void maxResultsOutOfRangeIsABadRequest()
    {
        QFETCH(QString, listing);
        QFETCH(QString, maxResults);
        Fixture f(inventory(3, 3));
        const HttpResult r = f.get(listingNamed(listing), {{QStringLiteral("max-results"), maxResults}});
        QCOMPARE(r.status, 400);
        QCOMPARE(r.header("x-amzn-ErrorType"), QByteArray("BadRequestException"));
        QVERIFY(!r.header("x-amzn-RequestId").isEmpty());
        QCOMPARE(r.json().value(QStringLiteral("Code")).toString(), QStringLiteral("BadRequest"));
        const QString message = r.json().value(QStringLiteral("Message")).toString();
        QVERIFY2(message.startsWith(QStringLiteral("MaxResults")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("from 1 to 100")), qPrintable(message));
        if (!maxResults.isEmpty())
            QVERIFY2(message.contains(QLatin1Char('\'') + maxResults + QLatin1Char('\'')), qPrintable(message));
    }

    void foreignOrForgedTokensAreBadRequests_data()
    {
        QTest::addColumn<QString>("listing");
        QTest::addColumn<QString>("token");
        const auto encode = [](const char *plain) {
            return QString::fromLatin1(QByteArray(plain).toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
        };
        // Tokens the same simulator issued for the other operation, or for another inventory.
        Fixture sameInventory(inventory(250, 250));
        Fixture otherInventory(inventory(250, 251));
        const auto tokenFrom = [](Fixture &f, const Listing &listing) {
            return f.get(listing, {{QStringLiteral("max-results"), QStringLiteral("10")}}).json().value(QStringLiteral("NextToken")).toString();
        };
        const QString applicationsToken = tokenFrom(sameInventory, applicationsListing);
        const QString otherNumbersToken = tokenFrom(otherInventory, numbersListing);
        QVERIFY(!applicationsToken.isEmpty() && !otherNumbersToken.isEmpty());
        QTest::newRow("not base64") << "numbers" << QStringLiteral("not a token!");
        QTest::newRow("base64 garbage") << "numbers" << encode("hello");
        QTest::newRow("from ListSipMediaApplications") << "numbers" << applicationsToken;
        QTest::newRow("from another inventory") << "numbers" << otherNumbersToken;
        QTest::newRow("past the end") << "numbers" << encode("ListPhoneNumbers/250/0000000000000000");
        QTest::newRow("far too long") << "applications" << QString(2000, QLatin1Char('A'));
    }

    void foreignOrForgedTokensAreBadRequests()
    {
        QFETCH(QString, listing);
        QFETCH(QString, token);
        Fixture f(inventory(250, 250));
        const HttpResult r = f.get(listingNamed(listing), {{QStringLiteral("next-token"), token}});
        QCOMPARE(r.status, 400);
        QCOMPARE(r.header("x-amzn-ErrorType"), QByteArray("BadRequestException"));
        const QString message = r.json().value(QStringLiteral("Message")).toString();
        QVERIFY2(message.startsWith(QStringLiteral("NextToken: '")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("leave it out to start from the first page")), qPrintable(message));
    }

    void bothFieldsWrongNamesBoth()
    {
        Fixture f(inventory(1, 1));
        const HttpResult r = f.get(numbersListing, {{QStringLiteral("max-results"), QStringLiteral("500")},
                                                    {QStringLiteral("next-token"), QStringLiteral("x")}});
        QCOMPARE(r.status, 400);
        const QString message = r.json().value(QStringLiteral("Message")).toString();
        QVERIFY2(message.contains(QStringLiteral("MaxResults: '500'")) && message.contains(QStringLiteral("NextToken: 'x'")),
                 qPrintable(message));
    }

    // botocore's paginator (list-sip-media-applications) and its plain NextToken round trip
    // (list-phone-numbers has no paginator) read the simulator's pages as they read AWS's.
    void awsCliPagesThroughUnchanged()
    {
        const QString aws = QStandardPaths::findExecutable(QStringLiteral("aws"));
        if (aws.isEmpty())
            QSKIP("the AWS CLI is not installed (Debian: awscli)");
        const SimulatorConfig config = inventory(250, 250);
        Fixture f(config);
        const auto run = [&](const QStringList &arguments) { return runAwsCli(aws, f.simulator->url(), arguments); };
        const auto applications = run({QStringLiteral("list-sip-media-applications"), QStringLiteral("--page-size"), QStringLiteral("30")});
        QVERIFY2(applications.first == 0, qPrintable(applications.second));
        const QJsonObject all = QJsonDocument::fromJson(applications.second.toUtf8()).object();
        QCOMPARE(idsOf(all.value(QStringLiteral("SipMediaApplications")).toArray(), applicationsListing),
                 expectedIds(config, applicationsListing));

        const auto first = run({QStringLiteral("list-phone-numbers"), QStringLiteral("--max-results"), QStringLiteral("7")});
        QVERIFY2(first.first == 0, qPrintable(first.second));
        const QJsonObject firstPage = QJsonDocument::fromJson(first.second.toUtf8()).object();
        const QString token = firstPage.value(QStringLiteral("NextToken")).toString();
        QVERIFY2(!token.isEmpty(), qPrintable(first.second));
        const auto second = run({QStringLiteral("list-phone-numbers"), QStringLiteral("--max-results"), QStringLiteral("7"),
                                 QStringLiteral("--next-token"), token});
        QVERIFY2(second.first == 0, qPrintable(second.second));
        const QJsonObject secondPage = QJsonDocument::fromJson(second.second.toUtf8()).object();
        QCOMPARE(idsOf(firstPage.value(QStringLiteral("PhoneNumbers")).toArray(), numbersListing)
                     + idsOf(secondPage.value(QStringLiteral("PhoneNumbers")).toArray(), numbersListing),
                 config.e164Numbers().mid(0, 14));

        const auto forged = run({QStringLiteral("list-phone-numbers"), QStringLiteral("--next-token"), QStringLiteral("forged")});
        QVERIFY(forged.first != 0);
        QVERIFY2(forged.second.contains(QLatin1String("BadRequestException")) && forged.second.contains(QLatin1String("NextToken")),
                 qPrintable(forged.second));
    }
};

QTEST_GUILESS_MAIN(TestListPaging)
#include "tst_listpaging.moc"

// ChimeVoiceClient's List* calls read every page: against the real simulator on loopback
// (signatures verified) for whole listings and the service's validation errors, and against the
// scripted server for failures a healthy service does not produce on demand (an error on page 2,
// a token sent back unchanged).
#include "ChimeVoiceClient.h"
#include "ClientCall.h"
#include "FakeChimeServer.h"
#include "SimulatorServer.h"

#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTest>

using namespace callconsole;
using namespace callconsole::aws;

namespace {

const Credentials kCredentials(QStringLiteral("AKIDTESTPAGING"), QStringLiteral("paging/secret+key"));

// An account with `applications` SMAs and `numbers` phone numbers, in the config file's format;
// it refuses requests not signed with kCredentials unless told not to check.
SimulatorConfig account(int applications, int numbers, bool verifySignatures = true)
{
    QJsonArray smas;
    for (int i = 0; i < applications; ++i) {
        smas << QJsonObject{{QStringLiteral("id"), QStringLiteral("sma-%1").arg(i, 4, 10, QLatin1Char('0'))},
                            {QStringLiteral("name"), QStringLiteral("app %1").arg(i)}};
    }
    QJsonArray phoneNumbers;
    for (int i = 0; i < numbers; ++i)
        phoneNumbers << QStringLiteral("+1312555%1").arg((i * 7919) % 10000, 4, 10, QLatin1Char('0'));
    QJsonObject root{{QStringLiteral("sipMediaApplications"), smas}, {QStringLiteral("phoneNumbers"), phoneNumbers}};
    if (verifySignatures) {
        root.insert(QStringLiteral("verifySignatures"), QJsonObject{{QStringLiteral("accessKeyId"), kCredentials.accessKeyId()},
                                                                    {QStringLiteral("secretAccessKey"), kCredentials.secretAccessKey()}});
    }
    const Parsed<SimulatorConfig> parsed = SimulatorConfig::fromJson(QJsonDocument(root).toJson());
    if (!parsed.ok())
        qFatal("%s", qPrintable(messages(parsed.issues).join(QLatin1Char('\n'))));
    return *parsed.value;
}

QStringList idsOf(const ApiResult &result, const QString &entriesKey, const QString &idKey)
{
    QStringList ids;
    for (const QJsonValue &entry : result.body.value(entriesKey).toArray())
        ids << entry.toObject().value(idKey).toString();
    return ids;
}

struct Simulated
{
    SimulatorConfig config;
    SimulatorServer server;

    explicit Simulated(SimulatorConfig c)
        : config(c)
        , server(std::move(c))
    {
        QString error;
        if (!server.listen(&error))
            qWarning("%s", qPrintable(error));
    }
};

QByteArray queryValue(const ReceivedRequest &request, const QString &name)
{
    return QUrlQuery(QUrl(QString::fromLatin1("http://h" + request.target))).queryItemValue(name, QUrl::FullyDecoded).toUtf8();
}

} // namespace

class TestChimeVoicePaging : public QObject
{
    Q_OBJECT

private slots:
    void everyPageIsReadInOrder_data()
    {
        QTest::addColumn<bool>("numbers");
        QTest::addColumn<int>("count");
        QTest::addColumn<int>("pageSize");
        QTest::addColumn<int>("pages");
        for (bool numbers : {true, false}) {
            const char *what = numbers ? "numbers" : "applications";
            QTest::addRow("250 %s by 100", what) << numbers << 250 << 100 << 3;
            QTest::addRow("250 %s by 7", what) << numbers << 250 << 7 << 36;
            QTest::addRow("100 %s by 100", what) << numbers << 100 << 100 << 1;
            QTest::addRow("no %s", what) << numbers << 0 << 100 << 1;
        }
    }

    void everyPageIsReadInOrder()
    {
        QFETCH(bool, numbers);
        QFETCH(int, count);
        QFETCH(int, pageSize);
        QFETCH(int, pages);
        Simulated simulated(account(numbers ? 1 : count, numbers ? count : 1));
        ClientConfig config = fastConfig(simulated.server.url());
        config.listPageSize = pageSize;
        ChimeVoiceClient client(kCredentials, config);
        const ApiResult result = runCall([&](auto done) {
            numbers ? client.listPhoneNumbers(done) : client.listSipMediaApplications(done);
        });
        QVERIFY2(result.ok, qPrintable(result.error.toString()));
        QCOMPARE(result.pages, pages);
        QCOMPARE(result.attempts, pages);
        QVERIFY(!result.body.contains(QStringLiteral("NextToken")));
        QStringList expected;
        if (numbers) {
            expected = simulated.config.e164Numbers();
        } else {
            for (const SimulatedSma &sma : std::as_const(simulated.config.applications))
                expected << sma.id;
        }
        QCOMPARE(expected.size(), count);
        QCOMPARE(numbers ? idsOf(result, QStringLiteral("PhoneNumbers"), QStringLiteral("E164PhoneNumber"))
                         : idsOf(result, QStringLiteral("SipMediaApplications"), QStringLiteral("SipMediaApplicationId")),
                 expected);
    }

    void pageSizeOutsideTheModelIsTheServicesError_data()
    {
        QTest::addColumn<int>("pageSize");
        QTest::newRow("0") << 0;
        QTest::newRow("101") << 101;
    }

    void pageSizeOutsideTheModelIsTheServicesError()
    {
        QFETCH(int, pageSize);
        Simulated simulated(account(3, 3));
        ClientConfig config = fastConfig(simulated.server.url());
        config.listPageSize = pageSize;
        ChimeVoiceClient client(kCredentials, config);
        for (bool numbers : {true, false}) {
            const ApiResult result = runCall([&](auto done) {
                numbers ? client.listPhoneNumbers(done) : client.listSipMediaApplications(done);
            });
            QVERIFY(!result.ok);
            QCOMPARE(result.attempts, 1); // a validation error is not retried
            QCOMPARE(result.error.httpStatus, 400);
            QCOMPARE(result.error.type, QStringLiteral("BadRequestException"));
            QCOMPARE(result.error.message, QStringLiteral("MaxResults: '%1' — expected a whole number from 1 to 100 "
                                                          "(query parameter max-results)").arg(pageSize));
            QVERIFY(result.body.isEmpty());
        }
    }

    void badNextTokenIsTheServicesError()
    {
        Simulated simulated(account(250, 250));
        ChimeVoiceClient client(kCredentials, fastConfig(simulated.server.url()));
        const ApiResult result = runCall([&](auto done) { client.listPhoneNumbers(done, QStringLiteral("not-from-this-service")); });
        QVERIFY(!result.ok);
        QCOMPARE(result.pages, 1);
        QCOMPARE(result.error.type, QStringLiteral("BadRequestException"));
        QVERIFY2(result.error.message.startsWith(QStringLiteral("NextToken: 'not-from-this-service' — not a token that ListPhoneNumbers issued")),
                 qPrintable(result.error.message));
    }

    void startsFromTheTokenGiven()
    {
        Simulated simulated(account(1, 250, false));
        QNetworkAccessManager network;
        QUrl url = simulated.server.url();
        url.setPath(QStringLiteral("/phone-numbers"));
        url.setQuery(QStringLiteral("max-results=100"));
        QNetworkReply *reply = network.get(QNetworkRequest(url));
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 30000);
        const QString token = QJsonDocument::fromJson(reply->readAll()).object().value(QStringLiteral("NextToken")).toString();
        reply->deleteLater();
        QVERIFY(!token.isEmpty());

        ChimeVoiceClient client(kCredentials, fastConfig(simulated.server.url()));
        const ApiResult rest = runCall([&](auto done) { client.listPhoneNumbers(done, token); });
        QVERIFY2(rest.ok, qPrintable(rest.error.toString()));
        QCOMPARE(rest.pages, 2);
        QCOMPARE(idsOf(rest, QStringLiteral("PhoneNumbers"), QStringLiteral("E164PhoneNumber")),
                 simulated.config.e164Numbers().mid(100));
    }

    void pageCapIsAnError()
    {
        Simulated simulated(account(1, 250));
        ClientConfig config = fastConfig(simulated.server.url());
        config.listPageSize = 10;
        config.maxListPages = 24; // 250 entries need 25 pages of 10
        ChimeVoiceClient capped(kCredentials, config);
        const ApiResult result = runCall([&](auto done) { capped.listPhoneNumbers(done); });
        QVERIFY(!result.ok);
        QCOMPARE(result.pages, 24);
        QCOMPARE(result.error.type, QStringLiteral("TooManyPages"));
        QCOMPARE(result.error.message, QStringLiteral("ListPhoneNumbers still had more after 24 pages of up to 10 "
                                                      "(240 entries read); stopped there rather than show a list cut short"));
        QVERIFY(result.body.isEmpty());
        QVERIFY(!result.error.isRetryable());

        config.maxListPages = 25; // exactly enough
        ChimeVoiceClient enough(kCredentials, config);
        const ApiResult all = runCall([&](auto done) { enough.listPhoneNumbers(done); });
        QVERIFY2(all.ok, qPrintable(all.error.toString()));
        QCOMPARE(all.pages, 25);
        QCOMPARE(all.body.value(QStringLiteral("PhoneNumbers")).toArray().size(), 250);
    }

    void errorOnALaterPageIsTheCallsError_data()
    {
        QTest::addColumn<bool>("serverFault");
        QTest::addColumn<QString>("type");
        QTest::addColumn<int>("attempts");
        QTest::newRow("400 on page 2") << false << QStringLiteral("BadRequestException") << 2;
        QTest::newRow("500 on page 2, retried") << true << QStringLiteral("ServiceFailureException") << 4;
    }

    void errorOnALaterPageIsTheCallsError()
    {
        QFETCH(bool, serverFault);
        QFETCH(QString, type);
        QFETCH(int, attempts);
        QList<ScriptedReply> script;
        script.append({200, {}, R"({"PhoneNumbers":[{"E164PhoneNumber":"+13125550100"}],"NextToken":"page-2"})"});
        if (serverFault) {
            for (int attempt = 0; attempt < 3; ++attempt)
                script.append({500, "ServiceFailureException", R"({"Message":"still down"})"});
        } else {
            script.append({400, "BadRequestException", R"({"Code":"BadRequest","Message":"NextToken expired"})"});
        }
        // Never reached: the call ends at the failed page.
        script.append({200, {}, R"({"PhoneNumbers":[{"E164PhoneNumber":"+13125550101"}]})"});
        FakeChimeServer server(kCredentials);
        QVERIFY(server.listen());
        server.script(script);
        ChimeVoiceClient client(kCredentials, fastConfig(server.url()));
        const ApiResult result = runCall([&](auto done) { client.listPhoneNumbers(done); });
        QVERIFY(!result.ok);
        QCOMPARE(result.error.type, type);
        QCOMPARE(result.pages, 2);
        QCOMPARE(result.attempts, attempts);
        QCOMPARE(server.received().size(), attempts); // nothing read past the failed page
        QVERIFY(result.body.isEmpty());               // no partial list
        QCOMPARE(queryValue(server.received().at(0), QStringLiteral("next-token")), QByteArray());
        QCOMPARE(queryValue(server.received().at(0), QStringLiteral("max-results")), QByteArray("100"));
        QCOMPARE(queryValue(server.received().at(1), QStringLiteral("next-token")), QByteArray("page-2"));
        QVERIFY(server.received().at(1).signatureValid);
    }

    void tokenSentBackUnchangedStops()
    {
        FakeChimeServer server(kCredentials);
        QVERIFY(server.listen());
        const QByteArray same = R"({"SipMediaApplications":[{"SipMediaApplicationId":"a"}],"NextToken":"same"})";
        server.script({{200, {}, same}, {200, {}, same}, {200, {}, same}});
        ChimeVoiceClient client(kCredentials, fastConfig(server.url()));
        const ApiResult result = runCall([&](auto done) { client.listSipMediaApplications(done); });
        QVERIFY(!result.ok);
        QCOMPARE(result.error.type, QStringLiteral("RepeatedNextToken"));
        QCOMPARE(result.pages, 2);
        QCOMPARE(server.received().size(), 2);
        QVERIFY2(result.error.toString(QStringLiteral("ListSipMediaApplications")).contains(QStringLiteral("page 2")),
                 qPrintable(result.error.toString()));
    }
};

QTEST_GUILESS_MAIN(TestChimeVoicePaging)
#include "tst_chimevoicepaging.moc"

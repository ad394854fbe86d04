#include "ChimeVoiceClient.h"
#include "ClientCall.h"
#include "FakeChimeServer.h"

#include <QJsonArray>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace callconsole::aws;

namespace {

const Credentials kCredentials(QStringLiteral("AKIDTESTCLIENT"), QStringLiteral("test/secret+key"),
                               QStringLiteral("test-session-token"));
const QByteArray kCreated = R"({"SipMediaApplicationCall":{"TransactionId":"7f1c6a3e-0000-4000-8000-000000000001"}})";

QJsonObject createBody()
{
    return QJsonObject{{QStringLiteral("FromPhoneNumber"), QStringLiteral("+12065550100")},
                       {QStringLiteral("ToPhoneNumber"), QStringLiteral("+12065550101")}};
}

} // namespace

class TestChimeVoiceClient : public QObject
{
    Q_OBJECT

private slots:
    void regionalEndpoint();
    void createIsSignedAndAccepts201();
    void updateAccepts202();
    void listOperationsUseGet();
    void errorsAreMapped_data();
    void errorsAreMapped();
    void throttlingIsRetried();
    void serverErrorsAreRetriedUpToMaxAttempts();
    void retriesGiveUpAfterMaxAttempts();
    void wrongSecretIsRejected();
    void timeoutIsReported();
    void connectionRefusedIsReported();
    void awsCliSignaturesVerify();
};

void TestChimeVoiceClient::regionalEndpoint()
{
    ClientConfig config;
    config.region = QStringLiteral("eu-central-1");
    QCOMPARE(ChimeVoiceClient(kCredentials, config).endpoint(),
             QUrl(QStringLiteral("https://voice-chime.eu-central-1.amazonaws.com")));
    config.fips = true;
    config.region = QStringLiteral("us-east-1");
    QCOMPARE(ChimeVoiceClient(kCredentials, config).endpoint(),
             QUrl(QStringLiteral("https://voice-chime-fips.us-east-1.amazonaws.com")));
}

void TestChimeVoiceClient::createIsSignedAndAccepts201()
{
    FakeChimeServer server(kCredentials);
    QVERIFY(server.listen());
    server.script({{201, {}, kCreated}});
    ChimeVoiceClient client(kCredentials, fastConfig(server.url()));
    const ApiResult result = runCall([&](auto done) {
        client.createSipMediaApplicationCall(QStringLiteral("sma-1"), createBody(), done);
    });
    QVERIFY2(result.ok, qPrintable(result.error.toString()));
    QCOMPARE(result.httpStatus, 201);
    QCOMPARE(result.body.value(QStringLiteral("SipMediaApplicationCall")).toObject().value(QStringLiteral("TransactionId")).toString(),
             QStringLiteral("7f1c6a3e-0000-4000-8000-000000000001"));
    QCOMPARE(result.requestId, QStringLiteral("req-1"));
    QCOMPARE(server.received().size(), 1);
    const ReceivedRequest &request = server.received().first();
    QVERIFY(request.signatureValid);
    QCOMPARE(request.method, QByteArray("POST"));
    QCOMPARE(request.target, QByteArray("/sip-media-applications/sma-1/calls"));
    QCOMPARE(request.header("Content-Type"), QByteArray("application/json"));
    QCOMPARE(request.header("X-Amz-Security-Token"), QByteArray("test-session-token"));
    QVERIFY(request.header("Authorization").contains("/us-east-1/chime/aws4_request"));
    QCOMPARE(QJsonDocument::fromJson(request.body).object(), createBody());
}

void TestChimeVoiceClient::updateAccepts202()
{
    FakeChimeServer server(kCredentials);
    QVERIFY(server.listen());
    server.script({{202, {}, R"({"SipMediaApplicationCall":{"TransactionId":"t-1"}})"}});
    ChimeVoiceClient client(kCredentials, fastConfig(server.url()));
    const QJsonObject body{{QStringLiteral("Arguments"), QJsonObject{{QStringLiteral("action"), QStringLiteral("hangup")}}}};
    const ApiResult result = runCall([&](auto done) {
        client.updateSipMediaApplicationCall(QStringLiteral("sma-1"), QStringLiteral("t-1"), body, done);
    });
    QVERIFY2(result.ok, qPrintable(result.error.toString()));
    QCOMPARE(result.httpStatus, 202);
    QCOMPARE(server.received().first().target, QByteArray("/sip-media-applications/sma-1/calls/t-1"));
    QVERIFY(server.received().first().signatureValid);
}

void TestChimeVoiceClient::listOperationsUseGet()
{
    FakeChimeServer server(kCredentials);
    QVERIFY(server.listen());
    server.script({{200, {}, R"({"PhoneNumbers":[{"E164PhoneNumber":"+12065550100"}]})"},
                   {200, {}, R"({"SipMediaApplications":[]})"}});
    ChimeVoiceClient client(kCredentials, fastConfig(server.url()));
    const ApiResult numbers = runCall([&](auto done) { client.listPhoneNumbers(done, QStringLiteral("tok en")); });
    QVERIFY2(numbers.ok, qPrintable(numbers.error.toString()));
    QCOMPARE(numbers.body.value(QStringLiteral("PhoneNumbers")).toArray().size(), 1);
    const ApiResult applications = runCall([&](auto done) { client.listSipMediaApplications(done); });
    QVERIFY(applications.ok);
    QCOMPARE(server.received().at(0).method, QByteArray("GET"));
    const QUrl numbersTarget(QString::fromLatin1("http://h" + server.received().at(0).target));
    QCOMPARE(numbersTarget.path(), QStringLiteral("/phone-numbers"));
    QCOMPARE(QUrlQuery(numbersTarget).queryItemValue(QStringLiteral("next-token"), QUrl::FullyDecoded), QStringLiteral("tok en"));
    QCOMPARE(QUrlQuery(numbersTarget).queryItemValue(QStringLiteral("max-results")), QStringLiteral("100"));
    QVERIFY(server.received().at(0).signatureValid);
    QCOMPARE(server.received().at(1).target, QByteArray("/sip-media-applications?max-results=100"));
}

void TestChimeVoiceClient::errorsAreMapped_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("headerType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("text");

    QTest::newRow("404 header + Message") << 404 << QByteArray("NotFoundException")
        << QByteArray(R"({"Code":"NotFoundException","Message":"SipMediaApplication not found"})")
        << QStringLiteral("NotFoundException") << QStringLiteral("SipMediaApplication not found")
        << QStringLiteral("NotFoundException: SipMediaApplication not found — no SIP media application");
    QTest::newRow("400 body code/message") << 400 << QByteArray()
        << QByteArray(R"({"code":"BadRequestException","message":"ToPhoneNumber is invalid"})")
        << QStringLiteral("BadRequestException") << QStringLiteral("ToPhoneNumber is invalid")
        << QStringLiteral("BadRequestException: ToPhoneNumber is invalid (request id req-1)");
    QTest::newRow("403 __type with namespace") << 403 << QByteArray()
        << QByteArray(R"({"__type":"com.amazonaws.chime#AccessDeniedException","Message":"denied"})")
        << QStringLiteral("AccessDeniedException") << QStringLiteral("denied")
        << QStringLiteral("the From number is not in your inventory");
    QTest::newRow("header with colon suffix") << 400 << QByteArray("BadRequestException:http://internal.amazon.com/")
        << QByteArray(R"({"Message":"x"})") << QStringLiteral("BadRequestException") << QStringLiteral("x")
        << QStringLiteral("BadRequestException: x");
    QTest::newRow("no JSON") << 400 << QByteArray() << QByteArray("plain failure")
        << QStringLiteral("HTTP 400") << QStringLiteral("plain failure") << QStringLiteral("HTTP 400: plain failure");
}

void TestChimeVoiceClient::errorsAreMapped()
{
    QFETCH(int, status);
    QFETCH(QByteArray, headerType);
    QFETCH(QByteArray, body);
    QFETCH(QString, type);
    QFETCH(QString, message);
    QFETCH(QString, text);
    FakeChimeServer server(kCredentials);
    QVERIFY(server.listen());
    server.script({{status, headerType, body}});
    ChimeVoiceClient client(kCredentials, fastConfig(server.url()));
    const ApiResult result = runCall([&](auto done) {
        client.createSipMediaApplicationCall(QStringLiteral("sma-1"), createBody(), done);
    });
    QVERIFY(!result.ok);
    QCOMPARE(result.attempts, 1);
    QCOMPARE(result.error.httpStatus, status);
    QCOMPARE(result.error.type, type);
    QCOMPARE(result.error.message, message);
    QCOMPARE(result.error.requestId, QStringLiteral("req-1"));
    const QString rendered = result.error.toString(QStringLiteral("CreateSipMediaApplicationCall"));
    QVERIFY2(rendered.contains(text), qPrintable(rendered));
}

void TestChimeVoiceClient::throttlingIsRetried()
{
    FakeChimeServer server(kCredentials);
    QVERIFY(server.listen());
    server.script({{429, "ThrottledClientException", R"({"Message":"Rate exceeded"})"}, {201, {}, kCreated}});
    ChimeVoiceClient client(kCredentials, fastConfig(server.url()));
    const ApiResult result = runCall([&](auto done) {
        client.createSipMediaApplicationCall(QStringLiteral("sma-1"), createBody(), done);
    });
    QVERIFY2(result.ok, qPrintable(result.error.toString()));
    QCOMPARE(result.attempts, 2);
    QCOMPARE(server.received().size(), 2);
    // Each attempt is signed afresh.
    QVERIFY(server.received().at(1).signatureValid);
}

void TestChimeVoiceClient::serverErrorsAreRetriedUpToMaxAttempts()
{
    FakeChimeServer server(kCredentials);
    QVERIFY(server.listen());
    server.script({{500, "ServiceFailureException", "{}"}, {503, "ServiceUnavailableException", "{}"},
                   {201, {}, kCreated}});
    ChimeVoiceClient client(kCredentials, fastConfig(server.url()));
    const ApiResult result = runCall([&](auto done) {
        client.createSipMediaApplicationCall(QStringLiteral("sma-1"), createBody(), done);
    });
    QVERIFY2(result.ok, qPrintable(result.error.toString()));
    QCOMPARE(result.attempts, 3);
}

void TestChimeVoiceClient::retriesGiveUpAfterMaxAttempts()
{
    FakeChimeServer server(kCredentials);
    QVERIFY(server.listen());
    server.script({{500, "ServiceFailureException", "{}"}, {500, "ServiceFailureException", "{}"},
                   {500, "ServiceFailureException", R"({"Message":"still down"})"}, {201, {}, kCreated}});
    ClientConfig config = fastConfig(server.url());
    config.maxAttempts = 3;
    ChimeVoiceClient client(kCredentials, config);
    const ApiResult result = runCall([&](auto done) {
        client.createSipMediaApplicationCall(QStringLiteral("sma-1"), createBody(), done);
    });
    QVERIFY(!result.ok);
    QCOMPARE(result.attempts, 3);
    QCOMPARE(server.received().size(), 3);
    QCOMPARE(result.error.message, QStringLiteral("still down"));
}

void TestChimeVoiceClient::wrongSecretIsRejected()
{
    FakeChimeServer server(kCredentials);
    QVERIFY(server.listen());
    const Credentials wrong(kCredentials.accessKeyId(), QStringLiteral("not-the-secret"));
    ChimeVoiceClient client(wrong, fastConfig(server.url()));
    const ApiResult result = runCall([&](auto done) {
        client.createSipMediaApplicationCall(QStringLiteral("sma-1"), createBody(), done);
    });
    QVERIFY(!result.ok);
    QVERIFY(!server.received().first().signatureValid);
    QCOMPARE(result.error.type, QStringLiteral("InvalidSignatureException"));
    QVERIFY(result.error.toString().contains(QStringLiteral("check the access key")));
}

void TestChimeVoiceClient::timeoutIsReported()
{
    FakeChimeServer server(kCredentials);
    QVERIFY(server.listen());
    ScriptedReply silent;
    silent.silent = true;
    server.script({silent});
    ClientConfig config = fastConfig(server.url());
    config.timeoutMs = 200;
    ChimeVoiceClient client(kCredentials, config);
    const ApiResult result = runCall([&](auto done) {
        client.createSipMediaApplicationCall(QStringLiteral("sma-1"), createBody(), done);
    });
    QVERIFY(!result.ok);
    QCOMPARE(result.error.type, QStringLiteral("Timeout"));
    // A create that timed out may have been executed: it is not sent again.
    QCOMPARE(result.attempts, 1);
}

void TestChimeVoiceClient::connectionRefusedIsReported()
{
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();
    ChimeVoiceClient client(kCredentials, fastConfig(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port))));
    const ApiResult result = runCall([&](auto done) { client.listPhoneNumbers(done); });
    QVERIFY(!result.ok);
    QCOMPARE(result.error.type, QStringLiteral("NetworkError"));
    QCOMPARE(result.attempts, 3);
}

// The test server's verifier is this project's signer; botocore is an independent signer.
// Requests the AWS CLI signs must verify, or signer and verifier share a mistake.
void TestChimeVoiceClient::awsCliSignaturesVerify()
{
    const QString aws = QStandardPaths::findExecutable(QStringLiteral("aws"));
    if (aws.isEmpty()) {
        // QSKIP's variadic form trips clang's -Wpedantic on Qt 6.4.
        QTest::qSkip("the AWS CLI is not installed", __FILE__, __LINE__);
        return;
    }
    FakeChimeServer server(kCredentials);
    QVERIFY(server.listen());
    server.script({{201, {}, kCreated}});
    QTemporaryDir home;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), home.path());
    env.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), kCredentials.accessKeyId());
    env.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"), kCredentials.secretAccessKey());
    env.insert(QStringLiteral("AWS_SESSION_TOKEN"), kCredentials.sessionToken());
    env.insert(QStringLiteral("AWS_MAX_ATTEMPTS"), QStringLiteral("1"));
    env.remove(QStringLiteral("AWS_PROFILE"));
    QProcess cli;
    cli.setProcessEnvironment(env);
    cli.start(aws, {QStringLiteral("chime-sdk-voice"), QStringLiteral("create-sip-media-application-call"),
                    QStringLiteral("--endpoint-url"), server.url().toString(), QStringLiteral("--region"),
                    QStringLiteral("us-east-1"), QStringLiteral("--sip-media-application-id"), QStringLiteral("sma-1"),
                    QStringLiteral("--from-phone-number"), QStringLiteral("+12065550100"),
                    QStringLiteral("--to-phone-number"), QStringLiteral("+12065550101")});
    QVERIFY(cli.waitForStarted(30000));
    QTRY_VERIFY_WITH_TIMEOUT(cli.state() == QProcess::NotRunning, 90000);
    QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
    QCOMPARE(server.received().size(), 1);
    QVERIFY(server.received().first().header("Authorization").contains("/chime/aws4_request"));
    QVERIFY(server.received().first().signatureValid);
}

QTEST_GUILESS_MAIN(TestChimeVoiceClient)
#include "tst_chimevoiceclient.moc"

#include "CallRequest.h"
#include "ConnectionOptions.h"
#include "FakeChimeServer.h"

#include <QFile>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace callconsole;
using namespace callconsole::aws;

class TestConnectionOptions : public QObject
{
    Q_OBJECT

private slots:
    void badValuesAreNamed_data();
    void badValuesAreNamed();
    void loopbackDetection();
    void remoteEndpointNeedsCredentials();
    void localEndpointGetsPlaceholderKeys();
    void realApiNeedsRegion();
    void backendPlacesCallWithCoreRequest();
    void caBundleIsTheTrustForTls();
    void fipsAndDualStackPickTheHost();

private:
    static ConnectionOptions awsOptions()
    {
        ConnectionOptions options;
        options.backend = QStringLiteral("aws");
        return options;
    }
    QProcessEnvironment emptyAwsEnvironment(const QTemporaryDir &dir) const
    {
        QProcessEnvironment env;
        env.insert(QStringLiteral("AWS_SHARED_CREDENTIALS_FILE"), dir.filePath(QStringLiteral("credentials")));
        env.insert(QStringLiteral("AWS_CONFIG_FILE"), dir.filePath(QStringLiteral("config")));
        return env;
    }
};

void TestConnectionOptions::badValuesAreNamed_data()
{
    QTest::addColumn<QString>("option");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("expected");
    QTest::newRow("backend") << QStringLiteral("--backend") << QStringLiteral("azure")
                             << QStringLiteral("--backend 'azure' — expected sim or aws");
    QTest::newRow("scheme") << QStringLiteral("--endpoint-url") << QStringLiteral("ftp://x")
                            << QStringLiteral("--endpoint-url 'ftp://x' — expected http(s)://HOST[:PORT]");
    QTest::newRow("no host") << QStringLiteral("--endpoint-url") << QStringLiteral("127.0.0.1:8080")
                             << QStringLiteral("expected http(s)://HOST[:PORT]");
}

void TestConnectionOptions::badValuesAreNamed()
{
    QFETCH(QString, option);
    QFETCH(QString, value);
    QFETCH(QString, expected);
    ConnectionOptions options;
    QString error;
    QVERIFY(!options.set(option, value, &error));
    QVERIFY2(error.contains(expected), qPrintable(error));
}

void TestConnectionOptions::loopbackDetection()
{
    QVERIFY(isLoopbackUrl(QUrl(QStringLiteral("http://127.0.0.1:8081"))));
    QVERIFY(isLoopbackUrl(QUrl(QStringLiteral("http://localhost:8081"))));
    QVERIFY(isLoopbackUrl(QUrl(QStringLiteral("http://[::1]:8081"))));
    QVERIFY(!isLoopbackUrl(QUrl(QStringLiteral("https://voice-chime.us-east-1.amazonaws.com"))));
    QVERIFY(!isLoopbackUrl(QUrl(QStringLiteral("http://10.0.0.5"))));
}

void TestConnectionOptions::remoteEndpointNeedsCredentials()
{
    QTemporaryDir dir;
    ConnectionOptions options;
    QString error;
    QVERIFY(options.set(QStringLiteral("--endpoint-url"), QStringLiteral("https://proxy.example.com"), &error));
    const BackendChoice choice = makeClientBackend(options, emptyAwsEnvironment(dir), dir.path());
    QVERIFY(!choice.backend);
    QVERIFY2(choice.error.contains(QStringLiteral("no AWS credentials found")), qPrintable(choice.error));
}

void TestConnectionOptions::localEndpointGetsPlaceholderKeys()
{
    QTemporaryDir dir;
    ConnectionOptions options;
    QString error;
    QVERIFY(options.set(QStringLiteral("--endpoint-url"), QStringLiteral("http://127.0.0.1:9"), &error));
    QVERIFY(options.set(QStringLiteral("--backend"), QStringLiteral("sim"), &error));
    const BackendChoice choice = makeClientBackend(options, emptyAwsEnvironment(dir), dir.path());
    QVERIFY2(choice.backend, qPrintable(choice.error));
    QVERIFY(choice.notices.join(QLatin1Char('\n')).contains(QStringLiteral("placeholder credentials")));
    QCOMPARE(choice.backend->displayName(), QStringLiteral("Simulator http://127.0.0.1:9"));
}

void TestConnectionOptions::realApiNeedsRegion()
{
    QTemporaryDir dir;
    QProcessEnvironment env = emptyAwsEnvironment(dir);
    env.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), QStringLiteral("AKIDX"));
    env.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"), QStringLiteral("s"));
    ConnectionOptions options;
    options.backend = QStringLiteral("aws");
    const BackendChoice noRegion = makeClientBackend(options, env, dir.path());
    QVERIFY(!noRegion.backend);
    QVERIFY2(noRegion.error.contains(QStringLiteral("--region")), qPrintable(noRegion.error));
    options.region = QStringLiteral("eu-central-1");
    const BackendChoice withRegion = makeClientBackend(options, env, dir.path());
    QVERIFY2(withRegion.backend, qPrintable(withRegion.error));
    QCOMPARE(withRegion.backend->displayName(), QStringLiteral("AWS default@eu-central-1 at https://voice-chime.eu-central-1.amazonaws.com"));
    QVERIFY(!withRegion.endpoint.isConfigured());
    QCOMPARE(withRegion.backend->client().endpoint(),
             QUrl(QStringLiteral("https://voice-chime.eu-central-1.amazonaws.com")));
}

void TestConnectionOptions::backendPlacesCallWithCoreRequest()
{
    FakeChimeServer server(Credentials(QStringLiteral("AKIDLOCALSIMULATOR"), QStringLiteral("local-simulator-secret")));
    QVERIFY(server.listen());
    server.script({{201, {}, R"({"SipMediaApplicationCall":{"TransactionId":"abc"}})"}});
    const std::unique_ptr<ChimeCallBackend> backend = ChimeCallBackend::forSimulator(server.url());
    CreateCallRequest request;
    request.sipMediaApplicationId = QStringLiteral("sma-9");
    request.fromPhoneNumber = QStringLiteral("+12065550100");
    request.toPhoneNumber = QStringLiteral("+12065550101");
    request.argumentsMap << KeyValue{QStringLiteral("k"), QStringLiteral("v")};
    std::optional<ApiResult> result;
    backend->createCall(request, [&](const ApiResult &r) { result = r; });
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 60000);
    QVERIFY2(result->ok, qPrintable(result->error.toString()));
    QCOMPARE(server.received().first().target, QByteArray("/sip-media-applications/sma-9/calls"));
    QVERIFY(server.received().first().signatureValid);
    QCOMPARE(QJsonDocument::fromJson(server.received().first().body).object(), request.toJson());
}

// An HTTPS chime-sdk-voice stand-in with serve's test certificate: reachable only when
// AWS_CA_BUNDLE (or the profile's ca_bundle) names that certificate.
void TestConnectionOptions::caBundleIsTheTrustForTls()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
    const QString tls = QStringLiteral(CALLCONSOLE_TEST_DATA "/../endpoint/tls/");
    QFile certificateFile(tls + QStringLiteral("localhost.crt"));
    QFile keyFile(tls + QStringLiteral("localhost.key"));
    QVERIFY(certificateFile.open(QIODevice::ReadOnly) && keyFile.open(QIODevice::ReadOnly));
    QSslConfiguration serverTls = QSslConfiguration::defaultConfiguration();
    serverTls.setLocalCertificate(QSslCertificate(&certificateFile, QSsl::Pem));
    serverTls.setPrivateKey(QSslKey(&keyFile, QSsl::Rsa, QSsl::Pem));
    QSslServer server;
    server.setSslConfiguration(serverTls);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    int answered = 0;
    connect(&server, &QTcpServer::pendingConnectionAvailable, this, [&] {
        while (QTcpSocket *socket = server.nextPendingConnection()) {
            connect(socket, &QTcpSocket::readyRead, socket, [socket, &answered] {
                if (!socket->readAll().contains("\r\n\r\n"))
                    return;
                ++answered;
                const QByteArray body = R"({"SipMediaApplications":[]})";
                socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                              + QByteArray::number(body.size()) + "\r\n\r\n" + body);
            });
        }
    });

    QTemporaryDir dir;
    QProcessEnvironment env = emptyAwsEnvironment(dir);
    env.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), QStringLiteral("AKIDX"));
    env.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"), QStringLiteral("s"));
    env.insert(QStringLiteral("AWS_REGION"), QStringLiteral("us-east-1"));
    env.insert(QStringLiteral("AWS_ENDPOINT_URL"), QStringLiteral("https://127.0.0.1:%1").arg(server.serverPort()));
    const auto list = [&](const QProcessEnvironment &environment) {
        BackendChoice choice = makeClientBackend(awsOptions(), environment, dir.path());
        std::optional<ApiResult> result;
        if (!choice.backend) {
            ApiResult failed;
            failed.error.message = choice.error;
            return failed;
        }
        choice.backend->listSipMediaApplications([&](const ApiResult &r) { result = r; });
        if (!QTest::qWaitFor([&] { return result.has_value(); }, 60000))
            return ApiResult{};
        return *result;
    };

    const ApiResult untrusted = list(env);
    QVERIFY(!untrusted.ok);
    QCOMPARE(untrusted.error.type, QStringLiteral("NetworkError"));
    QCOMPARE(answered, 0);

    env.insert(QStringLiteral("AWS_CA_BUNDLE"), tls + QStringLiteral("localhost.crt"));
    const ApiResult trusted = list(env);
    QVERIFY2(trusted.ok, qPrintable(trusted.error.toString()));
    QCOMPARE(answered, 1);

    env.remove(QStringLiteral("AWS_CA_BUNDLE"));
    QFile config(dir.filePath(QStringLiteral("config")));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write("[default]\nca_bundle = " + (tls + QStringLiteral("localhost.crt")).toUtf8() + "\n");
    config.close();
    const ApiResult fromProfile = list(env);
    QVERIFY2(fromProfile.ok, qPrintable(fromProfile.error.toString()));
    QCOMPARE(answered, 2);

    env.insert(QStringLiteral("AWS_CA_BUNDLE"), dir.filePath(QStringLiteral("nothing.pem")));
    const ApiResult missing = list(env);
    QVERIFY2(missing.error.message.contains(QStringLiteral("AWS_CA_BUNDLE '%1': cannot read the file").arg(dir.filePath(QStringLiteral("nothing.pem")))),
             qPrintable(missing.error.message));
}

void TestConnectionOptions::fipsAndDualStackPickTheHost()
{
    QTemporaryDir dir;
    QProcessEnvironment env = emptyAwsEnvironment(dir);
    env.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), QStringLiteral("AKIDX"));
    env.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"), QStringLiteral("s"));
    env.insert(QStringLiteral("AWS_REGION"), QStringLiteral("us-west-2"));
    env.insert(QStringLiteral("AWS_USE_FIPS_ENDPOINT"), QStringLiteral("true"));
    QFile config(dir.filePath(QStringLiteral("config")));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write("[default]\nuse_dualstack_endpoint = true\n");
    config.close();
    const BackendChoice choice = makeClientBackend(awsOptions(), env, dir.path());
    QVERIFY2(choice.backend, qPrintable(choice.error));
    QCOMPARE(choice.backend->client().endpoint(), QUrl(QStringLiteral("https://voice-chime-fips.us-west-2.api.aws")));
}

QTEST_GUILESS_MAIN(TestConnectionOptions)
#include "tst_connectionoptions.moc"

// HTTPS on the endpoint: a client that trusts the test certificate gets the normal reply, the
// guard's limits still apply to the decrypted bytes, and unusable certificate files stop the
// start with an error naming the file.
#include "EndpointServer.h"
#include "HttpTestClient.h"

#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTemporaryDir>

#include <memory>

using namespace callconsole;

namespace {

const QString tlsDir = QStringLiteral(CALLCONSOLE_TEST_SOURCE_DIR "/tls/");

EndpointConfig tlsConfig()
{
    EndpointConfig config;
    config.tlsCertificateFile = tlsDir + QStringLiteral("localhost.crt");
    config.tlsKeyFile = tlsDir + QStringLiteral("localhost.key");
    return config;
}

QSslConfiguration trustingTheTestCertificate()
{
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setCaCertificates(QSslCertificate::fromPath(tlsDir + QStringLiteral("localhost.crt")));
    return tls;
}

} // namespace

class TestEndpointTls : public QObject
{
    Q_OBJECT

private:
    QNetworkAccessManager m_network;

private slots:
    void initTestCase()
    {
        if (!QSslSocket::supportsSsl())
            QFAIL("Qt has no TLS backend here (qt6 openssl plugin missing)");
    }

    void answersOverHttps()
    {
        EndpointServer server(tlsConfig());
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        QCOMPARE(server.url().scheme(), QStringLiteral("https"));
        QUrl url = server.url();
        url.setPath(QStringLiteral("/events"));
        QNetworkRequest request(url);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        request.setSslConfiguration(trustingTheTestCertificate());
        const HttpResult r = waitFor(m_network.post(request, eventBody("call-answered.json", QStringLiteral("tx-tls"), 3)));
        QCOMPARE(r.error, QNetworkReply::NoError);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(QStringLiteral("SchemaVersion")).toString(), QStringLiteral("1.0"));
        QCOMPARE(server.eventCount(), 1);
    }

    void limitsApplyToTheDecryptedRequest()
    {
        EndpointServer server(tlsConfig());
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        QSslSocket socket;
        socket.setSslConfiguration(trustingTheTestCertificate());
        socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), quint16(server.url().port()));
        QVERIFY2(socket.waitForEncrypted(30000), qPrintable(socket.errorString()));
        socket.write("POST /events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000000\r\n\r\n");
        QByteArray received;
        QTRY_VERIFY_WITH_TIMEOUT((socket.waitForReadyRead(100), received += socket.readAll(),
                                  received.contains("\r\n\r\n")), 30000);
        QVERIFY2(received.startsWith("HTTP/1.1 413"), received.constData());
    }

    void plainHttpToTheTlsPortIsNotAnswered()
    {
        EndpointServer server(tlsConfig());
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        const QByteArray received = rawExchange(quint16(server.url().port()),
                                                "GET /health HTTP/1.1\r\nHost: x\r\n\r\n", 10000);
        QVERIFY2(!received.contains("200 OK"), received.constData());
        QCOMPARE(server.eventCount(), 0);
    }

    void unusableFilesStopTheStart_data()
    {
        QTest::addColumn<QString>("certificate");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("expected");
        QTest::newRow("missing certificate") << QStringLiteral("/nonexistent.crt") << tlsDir + QStringLiteral("localhost.key")
                                             << QStringLiteral("--tls-cert /nonexistent.crt");
        QTest::newRow("key is not a key") << tlsDir + QStringLiteral("localhost.crt") << tlsDir + QStringLiteral("localhost.crt")
                                          << QStringLiteral("--tls-key");
        QTest::newRow("certificate is not a certificate") << tlsDir + QStringLiteral("localhost.key")
                                                          << tlsDir + QStringLiteral("localhost.key")
                                                          << QStringLiteral("no PEM certificate");
    }

    void unusableFilesStopTheStart()
    {
        QFETCH(QString, certificate);
        QFETCH(QString, key);
        QFETCH(QString, expected);
        EndpointConfig config;
        config.tlsCertificateFile = certificate;
        config.tlsKeyFile = key;
        EndpointServer server(config);
        QString error;
        QVERIFY(!server.start(&error));
        QVERIFY2(error.contains(expected), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestEndpointTls)
#include "tst_endpointtls.moc"

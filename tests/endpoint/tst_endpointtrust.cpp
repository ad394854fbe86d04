// What a hostile or careless client can do to the endpoint, over real sockets on loopback with a
// real session file: pipelined requests answered in order, a half-closed client never counted
// as delivered, strangers unable to fill the disk with refusals, signatures not replayable
// after a restart, and JSON that Qt would read leniently refused.
#include "EndpointAuth.h"
#include "EndpointServer.h"
#include "HttpTestClient.h"
#include "RefusalBudget.h"
#include "SessionStore.h"

#include <QDateTime>
#include <QTemporaryDir>

#include <memory>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace callconsole;

namespace {

QByteArray post(const QByteArray &body, const QByteArray &extra = {}, const char *path = "/events")
{
    return QByteArray("POST ") + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + extra
        + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

// The status lines of the responses in received, in order.
QList<QByteArray> statuses(const QByteArray &received)
{
    QList<QByteArray> found;
    for (qsizetype at = received.indexOf("HTTP/1.1 "); at >= 0; at = received.indexOf("HTTP/1.1 ", at + 1))
        found << received.mid(at + 9, 3);
    return found;
}

// Connects, writes bytes, half-closes (shutdown(SHUT_WR)) and reads until the server closes.
QByteArray halfClosedExchange(quint16 port, const QByteArray &bytes)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    QByteArray received;
    if (::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof(address)) == 0
        && ::send(fd, bytes.constData(), size_t(bytes.size()), 0) == bytes.size()) {
        ::shutdown(fd, SHUT_WR);
        timeval timeout{5, 0};
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
        char buffer[4096];
        for (ssize_t n = 0; (n = ::recv(fd, buffer, sizeof(buffer), 0)) > 0;)
            received.append(buffer, n);
    }
    ::close(fd);
    return received;
}

} // namespace

class TestEndpointTrust : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    std::unique_ptr<EndpointServer> start(EndpointConfig config, const QString &session)
    {
        config.sessionPath = m_dir.filePath(session);
        auto server = std::make_unique<EndpointServer>(std::move(config));
        QString error;
        if (!server->start(&error)) {
            qWarning("endpoint did not start: %s", qPrintable(error));
            return nullptr;
        }
        return server;
    }

private slots:
    void pipelinedRepliesKeepRequestOrder_data()
    {
        QTest::addColumn<QByteArray>("second");
        QTest::addColumn<QByteArray>("status");
        QTest::newRow("GET /health") << QByteArray("GET /health HTTP/1.1\r\nHost: x\r\n\r\n") << QByteArray("200");
        QTest::newRow("404") << QByteArray("GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n") << QByteArray("404");
        QTest::newRow("400") << post("{\"not\": \"an event\"}") << QByteArray("400");
    }
    void pipelinedRepliesKeepRequestOrder()
    {
        QFETCH(QByteArray, second);
        QFETCH(QByteArray, status);
        auto server = start({}, QStringLiteral("order-%1.ccsession").arg(QString::fromLatin1(QTest::currentDataTag()).remove(QLatin1Char('/'))));
        QVERIFY(server);
        // The event's reply waits for the session's commit; the second one is decided at once.
        const QByteArray event = eventBody("ringing.json", QStringLiteral("tx-order"), 2);
        const QByteArray third = "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        const QByteArray received = rawExchange(quint16(server->url().port()), post(event) + second + third, 10000);
        QCOMPARE(statuses(received), (QList<QByteArray>{"200", status, "200"}));
        QVERIFY2(httpBody(received).startsWith("{\"Actions\""), received.constData()); // the event's reply first
    }

    void aHalfClosedClientIsNeverCountedAsDelivered()
    {
        auto server = start({}, QStringLiteral("half-closed.ccsession"));
        QVERIFY(server);
        int answered = 0;
        for (int i = 0; i < 10; ++i) {
            const QByteArray event = eventBody("ringing.json", QStringLiteral("tx-half-%1").arg(i), 2);
            const QByteArray received = halfClosedExchange(quint16(server->url().port()), post(event));
            answered += received.startsWith("HTTP/1.1 200") ? 1 : 0;
        }
        server->stop();
        QString error;
        int delivered = 0;
        for (const DeliveryRecord &record : SessionStore::readAll(m_dir.filePath(QStringLiteral("half-closed.ccsession")), &error)) {
            if (!record.rejected)
                ++delivered;
            else
                QVERIFY2(record.rejectReason.contains(QLatin1String("not answered")), qPrintable(record.rejectReason));
        }
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(delivered, answered); // every event counted was answered, and no other
        QCOMPARE(server->eventCount(), answered);
    }

    void strangersCannotFillTheDiskWithRefusals()
    {
        EndpointConfig config;
        config.bearerToken = "the-token";
        auto server = start(config, QStringLiteral("refusals.ccsession"));
        QVERIFY(server);
        const QByteArray megabyte = "{\"x\": \"" + QByteArray(1000 * 1000, 'a') + "\"}";
        QNetworkAccessManager network;
        const QUrl url = server->url().resolved(QUrl(QStringLiteral("/events")));
        for (int i = 0; i < 100; ++i)
            QCOMPARE(request(network, "POST", url, megabyte).status, 401);
        const HttpResult health = request(network, "GET", server->url().resolved(QUrl(QStringLiteral("/health"))));
        const qint64 unrecorded = qint64(health.json().value(QStringLiteral("rejectedNotRecorded")).toDouble());
        QCOMPARE(qint64(health.json().value(QStringLiteral("rejected")).toDouble()), 100);
        QVERIFY2(unrecorded > 0, health.body.constData());
        server->stop();
        QString error;
        const QList<DeliveryRecord> stored = SessionStore::readAll(m_dir.filePath(QStringLiteral("refusals.ccsession")), &error);
        QCOMPARE(qint64(stored.size()), 100 - unrecorded);
        qint64 bytes = 0;
        for (const DeliveryRecord &record : stored) {
            QCOMPARE(record.requestBody.size(), RefusalBudget::unauthenticatedBodyBytes);
            QVERIFY2(record.rejectDetails.contains("the first 1024 of " + QByteArray::number(megabyte.size()) + " bytes kept"),
                     record.rejectDetails.constData());
            bytes += record.requestBody.size();
        }
        QVERIFY(bytes <= (RefusalBudget::burst + 100) * RefusalBudget::unauthenticatedBodyBytes);
    }

    void aSignatureCannotBeReplayedAfterARestart()
    {
        EndpointConfig config;
        config.hmacSecret = "relay-secret";
        const QByteArray body = eventBody("ringing.json", QStringLiteral("tx-replay"), 2);
        const QByteArray signature = EndpointAuth::sign("relay-secret", QDateTime::currentSecsSinceEpoch(), body);
        const auto send = [&](EndpointServer &server) {
            QNetworkAccessManager network;
            return request(network, "POST", server.url().resolved(QUrl(QStringLiteral("/events"))), body,
                           {{"Content-Type", "application/json"}, {"X-CallConsole-Signature", signature}});
        };
        {
            auto server = start(config, QStringLiteral("replay.ccsession"));
            QVERIFY(server);
            QCOMPARE(send(*server).status, 200);
        }
        auto restarted = start(config, QStringLiteral("replay.ccsession"));
        QVERIFY(restarted);
        const HttpResult replayed = send(*restarted);
        QCOMPARE(replayed.status, 401);
        QVERIFY(replayed.json().value(QStringLiteral("error")).toString().contains(QLatin1String("replayed")));
        restarted->stop();
        QFile file(m_dir.filePath(QStringLiteral("replay.ccsession")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains(signature.mid(signature.indexOf("v1=") + 3))); // a digest, not the signature
    }

    void jsonQtWouldReadLenientlyIsRefused_data()
    {
        QTest::addColumn<QByteArray>("from");
        QTest::addColumn<QByteArray>("to");
        QTest::addColumn<QString>("reason");
        QTest::newRow("\\x41 escape") << QByteArray("\"tx-json\"") << QByteArray("\"tx-\\x41\"") << QStringLiteral("is not a JSON escape");
        QTest::newRow("lone high surrogate") << QByteArray("\"tx-json\"") << QByteArray("\"tx-\\ud800\"") << QStringLiteral("without its low surrogate");
        QTest::newRow("lone low surrogate") << QByteArray("\"tx-json\"") << QByteArray("\"tx-\\udc00x\"") << QStringLiteral("low surrogate");
        QTest::newRow("not UTF-8") << QByteArray("\"tx-json\"") << QByteArray("\"tx-\xff\"") << QStringLiteral("UTF");
    }
    void jsonQtWouldReadLenientlyIsRefused()
    {
        QFETCH(QByteArray, from);
        QFETCH(QByteArray, to);
        QFETCH(QString, reason);
        auto server = start({}, QStringLiteral("json.ccsession"));
        QVERIFY(server);
        const QByteArray body = eventBody("ringing.json", QStringLiteral("tx-json"), 2).replace(from, to);
        QVERIFY(body.contains(to));
        QNetworkAccessManager network;
        const HttpResult result = request(network, "POST", server->url().resolved(QUrl(QStringLiteral("/events"))), body);
        QCOMPARE(result.status, 400);
        QVERIFY2(result.body.contains(reason.toUtf8()), result.body.constData());
        // A paired surrogate is text like any other and passes.
        const QByteArray paired = eventBody("ringing.json", QStringLiteral("tx-json"), 2).replace(from, "\"tx-\\ud83d\\ude00\"");
        QCOMPARE(request(network, "POST", server->url().resolved(QUrl(QStringLiteral("/events"))), paired).status, 200);
    }
};

QTEST_GUILESS_MAIN(TestEndpointTrust)
#include "tst_endpointtrust.moc"

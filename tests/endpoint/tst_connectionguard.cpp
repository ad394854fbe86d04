// The guard's reading of the request framing over raw sockets on loopback: chunked bodies split
// at awkward places, requests pipelined behind them, garbled request lines and ambiguous
// Content-Lengths — cases where QHttpServer alone would hang or stay silent.
#include "ConnectionGuard.h"
#include "EndpointServer.h"
#include "HttpTestClient.h"

#include <QScopeGuard>
#include <QTimer>

#include <limits>
#include <memory>

#ifdef Q_OS_UNIX
#include <sys/resource.h>
#endif

using namespace callconsole;

namespace {

QByteArray chunkedHead(const char *path = "/events")
{
    return QByteArray("POST ") + path
        + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
}

QByteArray asChunks(const QByteArray &body, int chunkSize)
{
    QByteArray out;
    for (qsizetype i = 0; i < body.size(); i += chunkSize) {
        const QByteArray part = body.mid(i, chunkSize);
        out += QByteArray::number(part.size(), 16) + "\r\n" + part + "\r\n";
    }
    return out + "0\r\n\r\n";
}

// Writes each piece separately, waiting until it has left, then reads until the server closes
// or timeoutMs passes.
QByteArray exchangeInPieces(quint16 port, const QList<QByteArray> &pieces, int timeoutMs)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(timeoutMs))
        return {};
    QByteArray received;
    for (const QByteArray &piece : pieces) {
        socket.write(piece);
        socket.waitForBytesWritten(timeoutMs);
        socket.waitForReadyRead(50); // a separate segment, not coalesced with the next write
        received += socket.readAll();
    }
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < timeoutMs && socket.state() == QAbstractSocket::ConnectedState) {
        if (socket.waitForReadyRead(200))
            received += socket.readAll();
    }
    return received + socket.readAll();
}

} // namespace

class TestConnectionGuard : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<EndpointServer> m_server;

    quint16 port() const { return quint16(m_server->url().port()); }

private slots:
    void initTestCase()
    {
        EndpointConfig config;
        config.limits.idleTimeoutMs = 2000;
        m_server = std::make_unique<EndpointServer>(std::move(config));
        QString error;
        QVERIFY2(m_server->start(&error), qPrintable(error));
    }

    void chunkedBodySplitAnywhereIsAnsweredOnceAndClosedQuietly_data()
    {
        QTest::addColumn<int>("splitAt"); // offset in the chunked bytes where the second write starts
        QTest::newRow("inside the size line") << 1;
        QTest::newRow("inside the data") << 40;
        QTest::newRow("before the last CRLF") << -2;
        QTest::newRow("inside the terminator") << -4;
    }

    void chunkedBodySplitAnywhereIsAnsweredOnceAndClosedQuietly()
    {
        QFETCH(int, splitAt);
        const QByteArray chunks = asChunks(eventBody("call-answered.json", QStringLiteral("tx-chunked"), 3), 100);
        const qsizetype at = splitAt < 0 ? chunks.size() + splitAt : splitAt;
        const QByteArray received = exchangeInPieces(port(), {chunkedHead() + chunks.left(at), chunks.mid(at)}, 10000);
        QVERIFY2(received.startsWith("HTTP/1.1 200"), received.left(300).constData());
        QCOMPARE(received.count("HTTP/1.1 "), 1); // the idle close after the answer is not a 408
    }

    void requestPipelinedBehindAChunkedBodyIsServed()
    {
        const QByteArray event = eventBody("ringing.json", QStringLiteral("tx-pipelined"), 2);
        const QByteArray second = "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
            + QByteArray::number(event.size()) + "\r\nConnection: close\r\n\r\n" + event;
        const QByteArray received = rawExchange(port(), chunkedHead() + asChunks(event, 64) + second, 10000);
        QCOMPARE(received.count("HTTP/1.1 200"), 2);
    }

    void connectionClosesWhenTheClientAsks_data()
    {
        QTest::addColumn<QByteArray>("version");
        QTest::addColumn<QByteArray>("connection");
        QTest::addColumn<bool>("closed");
        QTest::addColumn<QByteArray>("answered"); // the Connection header on the reply
        QTest::newRow("HTTP/1.0") << QByteArray("HTTP/1.0") << QByteArray() << true << QByteArray("close");
        QTest::newRow("HTTP/1.0 keep-alive") << QByteArray("HTTP/1.0") << QByteArray("keep-alive") << false << QByteArray("keep-alive");
        QTest::newRow("HTTP/1.1 close") << QByteArray("HTTP/1.1") << QByteArray("close") << true << QByteArray("close");
        QTest::newRow("HTTP/1.1") << QByteArray("HTTP/1.1") << QByteArray() << false << QByteArray();
    }

    void connectionClosesWhenTheClientAsks()
    {
        QFETCH(QByteArray, version);
        QFETCH(QByteArray, connection);
        QFETCH(bool, closed);
        QFETCH(QByteArray, answered);
        const QByteArray event = eventBody("ringing.json", QStringLiteral("tx-close-") + QString::fromLatin1(QTest::currentDataTag()), 2);
        const QByteArray request = "POST /events " + version + "\r\nHost: x\r\nContent-Type: application/json\r\n"
            + (connection.isEmpty() ? QByteArray() : "Connection: " + connection + "\r\n")
            + "Content-Length: " + QByteArray::number(event.size()) + "\r\n\r\n" + event;
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port());
        QVERIFY(socket.waitForConnected(10000));
        socket.write(request);
        QByteArray received;
        connect(&socket, &QTcpSocket::readyRead, &socket, [&] { received += socket.readAll(); });
        QTRY_VERIFY_WITH_TIMEOUT(received.contains("\r\n\r\n{"), 10000);
        QVERIFY2(received.startsWith("HTTP/1.1 200"), received.constData());
        QCOMPARE(received.contains("Connection: "), !answered.isEmpty());
        if (!answered.isEmpty())
            QVERIFY2(received.contains("Connection: " + answered + "\r\n"), received.constData());
        // Well inside the 2 s idle timeout of this server: a close here is the guard's answer to
        // the client, not the idle clock.
        if (closed)
            QTRY_COMPARE_WITH_TIMEOUT(socket.state(), QAbstractSocket::UnconnectedState, 1000);
        else
            QTest::qWait(500);
        QCOMPARE(socket.state() == QAbstractSocket::UnconnectedState, closed);
    }

    void pipelinedRequestsAreAllAnsweredBeforeTheClose()
    {
        const QByteArray first = eventBody("ringing.json", QStringLiteral("tx-pipeline-close"), 2);
        const QByteArray second = eventBody("call-answered.json", QStringLiteral("tx-pipeline-close"), 3);
        const auto post = [](const QByteArray &event, const QByteArray &extra) {
            return "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + extra
                + "Content-Length: " + QByteArray::number(event.size()) + "\r\n\r\n" + event;
        };
        QElapsedTimer clock;
        clock.start();
        const QByteArray received = rawExchange(port(), post(first, {}) + post(second, "Connection: close\r\n"), 10000);
        QCOMPARE(received.count("HTTP/1.1 200"), 2);
        QVERIFY2(received.count("Connection: close") == 1, received.constData());
        QVERIFY2(clock.elapsed() < 1500, "closed by the idle clock, not after the last reply");
    }

    void chunkedBodyOverTheLimitIs413()
    {
        const QByteArray huge(1024 * 1024 + 1, ' ');
        const QByteArray received = rawExchange(port(), chunkedHead() + asChunks(huge, 64 * 1024), 10000);
        QVERIFY2(received.startsWith("HTTP/1.1 413"), received.left(300).constData());
    }

    void malformedFramingIs400_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<QByteArray>("reason");
        QTest::newRow("garbage request line") << QByteArray("HELLO THERE\r\n\r\n") << QByteArray("malformed request line");
        QTest::newRow("no HTTP version") << QByteArray("GET /health\r\nHost: x\r\n\r\n") << QByteArray("malformed request line");
        QTest::newRow("two Content-Lengths") << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 2000\r\n\r\n{}")
                                             << QByteArray("conflicting Content-Length");
        QTest::newRow("chunk size not hex") << (chunkedHead() + "zz\r\n{}\r\n0\r\n\r\n") << QByteArray("malformed chunked body");
    }

    void malformedFramingIs400()
    {
        QFETCH(QByteArray, request);
        QFETCH(QByteArray, reason);
        const QByteArray received = rawExchange(port(), request, 10000);
        QVERIFY2(received.startsWith("HTTP/1.1 400"), received.left(300).constData());
        QVERIFY2(received.contains(reason), received.constData());
    }

    void repeatedEqualContentLengthsAreAccepted()
    {
        const QByteArray event = eventBody("ringing.json", QStringLiteral("tx-equal-lengths"), 2);
        const QByteArray length = QByteArray::number(event.size());
        const QByteArray received = rawExchange(port(), "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
            + length + "\r\nContent-Length: " + length + "\r\nConnection: close\r\n\r\n" + event, 10000);
        QVERIFY2(received.startsWith("HTTP/1.1 200"), received.left(300).constData());
    }

    void requestDribbledByteByByteIsCutOff()
    {
        // Never silent for the 2 s idle limit, but the whole head would take about 20 s.
        const QByteArray head = "GET /health HTTP/1.1\r\nHost: x\r\nX-Pad: " + QByteArray(180, 'a') + "\r\n\r\n";
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port());
        QVERIFY(socket.waitForConnected(10000));
        qsizetype sent = 0;
        QTimer drip;
        connect(&drip, &QTimer::timeout, &socket, [&] {
            if (sent < head.size() && socket.state() == QAbstractSocket::ConnectedState)
                socket.write(head.mid(sent++, 1));
        });
        drip.start(100);
        QByteArray received;
        connect(&socket, &QTcpSocket::readyRead, &socket, [&] { received += socket.readAll(); });
        QTRY_VERIFY_WITH_TIMEOUT(received.contains("\r\n\r\n") || socket.state() != QAbstractSocket::ConnectedState, 30000);
        drip.stop();
        QVERIFY2(received.startsWith("HTTP/1.1 408"), received.constData());
        QVERIFY(sent < head.size()); // cut off mid-head, not answered at its end
    }

    void capFitsTheDescriptorLimit()
    {
#ifdef Q_OS_UNIX
        rlimit original{};
        QCOMPARE(getrlimit(RLIMIT_NOFILE, &original), 0);
        const auto restore = qScopeGuard([&] { setrlimit(RLIMIT_NOFILE, &original); });
        rlimit low = original;
        low.rlim_cur = 512; // a desktop's usual 1024, made smaller
        QCOMPARE(setrlimit(RLIMIT_NOFILE, &low), 0);
        const auto capFor = [&](int wanted) {
            if (original.rlim_max == RLIM_INFINITY)
                return wanted;
            return int(std::min<rlim_t>(rlim_t(wanted), original.rlim_max - ConnectionGuard::descriptorReserve));
        };
        ConnectionLimits limits;
        limits.maxConnections = 2000;
        ConnectionTally tally;
        const ConnectionGuard raised(limits, tally);
        QCOMPARE(raised.maxConnections(), capFor(2000));
        rlimit now{};
        getrlimit(RLIMIT_NOFILE, &now);
        QVERIFY(now.rlim_cur == RLIM_INFINITY || now.rlim_cur >= rlim_t(raised.maxConnections()) + ConnectionGuard::descriptorReserve);
        if (original.rlim_max != RLIM_INFINITY && original.rlim_max < rlim_t(std::numeric_limits<int>::max() / 2)) {
            limits.maxConnections = int(original.rlim_max) + 10; // more than the process may ever open
            const ConnectionGuard clamped(limits, tally);
            QCOMPARE(clamped.maxConnections(), int(original.rlim_max) - ConnectionGuard::descriptorReserve);
        }
#else
        QSKIP("descriptor limits are a Unix matter");
#endif
    }

    void cleanupTestCase() { m_server.reset(); }
};

QTEST_GUILESS_MAIN(TestConnectionGuard)
#include "tst_connectionguard.moc"

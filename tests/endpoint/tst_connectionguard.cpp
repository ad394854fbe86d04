// The guard's reading of the request framing over raw sockets on loopback: chunked bodies split
// at awkward places, requests pipelined behind them, garbled request lines and ambiguous
// Content-Lengths — cases where QHttpServer alone would hang or stay silent.
#include "ConnectionGuard.h"
#include "EndpointServer.h"
#include "HttpTestClient.h"
#include "SessionStore.h"

#include <QFile>
#include <QScopeGuard>
#include <QTemporaryDir>
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

// An invocation event padded to about size bytes: too large for the endpoint's 1 MiB limit.
QByteArray oversizedEvent(qsizetype size)
{
    QJsonObject event = QJsonDocument::fromJson(eventBody("ringing.json", QStringLiteral("tx-smuggled"), 2)).object();
    event.insert(QStringLiteral("Padding"), QString(size, QLatin1Char('a')));
    return QJsonDocument(event).toJson(QJsonDocument::Compact);
}

QByteArray postHead(const QByteArray &fields)
{
    return "POST /events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + fields + "\r\n";
}

// This process's resident memory in KiB (the endpoint under test runs in it).
qint64 residentKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
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

    // The desynchronisation attacks, byte for byte: heads QHttpServer 6.4 reads without their
    // body (it drops every field past 100, or when a name has whitespace before the colon),
    // reads as chunked where the guard did not ("xchunked"), or ends at bare LFs. Each
    // smuggled a 2.4 MB event past the 1 MiB limit; each is now refused before Qt reads it.
    void smuggledBodiesAreRefused_data()
    {
        QTest::addColumn<QByteArray>("attack");
        QTest::addColumn<int>("status");
        const QByteArray big = oversizedEvent(2400 * 1000);
        const QByteArray inner = postHead("Content-Length: " + QByteArray::number(big.size()) + "\r\n") + big;
        QByteArray manyFields;
        for (int i = 0; i < 101; ++i)
            manyFields += "X-Field-" + QByteArray::number(i) + ": v\r\n";
        QTest::newRow("101 header fields") << postHead(manyFields + "Content-Length: 1048576\r\n") + inner << 431;
        QTest::newRow("space before the colon") << postHead("Content-Length : 1048576\r\n") + inner << 400;
        QTest::newRow("xchunked") << postHead("Transfer-Encoding: xchunked\r\n") + asChunks(big, 64 * 1024) << 400;
        QTest::newRow("bare LF head") << "POST /events HTTP/1.1\nHost: x\nContent-Type: application/json\nContent-Length: "
                + QByteArray::number(big.size()) + "\n\n" + big << 400;
        QTest::newRow("length and chunked") << postHead("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n") + asChunks(big, 64 * 1024) << 400;
        QTest::newRow("obs-fold") << postHead("X-A: 1\r\n Content-Length: 1048576\r\n") + inner << 400;
        QTest::newRow("trailer after the last chunk") << postHead("Transfer-Encoding: chunked\r\n") + asChunks("{}", 2).chopped(2)
                + "X-Trailer: 1\r\n\r\n" + inner << 400;
        QTest::newRow("chunk longer than its size") << postHead("Transfer-Encoding: chunked\r\n") + "2\r\n{}}\r\n0\r\n\r\n" + inner << 400;
    }
    void smuggledBodiesAreRefused()
    {
        QFETCH(QByteArray, attack);
        QFETCH(int, status);
        QTemporaryDir dir;
        EndpointConfig config;
        config.sessionPath = dir.filePath(QStringLiteral("s.ccsession"));
        EndpointServer server(std::move(config));
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        const QByteArray received = rawExchange(quint16(server.url().port()), attack, 10000);
        QVERIFY2(received.startsWith("HTTP/1.1 " + QByteArray::number(status)), received.left(300).constData());
        QVERIFY(received.contains("Connection: close\r\n"));
        QCOMPARE(received.count("HTTP/1.1 "), 1); // nothing behind the refusal was read as a request
        server.stop();
        const QList<DeliveryRecord> stored = SessionStore::readAll(dir.filePath(QStringLiteral("s.ccsession")), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        for (const DeliveryRecord &record : stored)
            QVERIFY2(record.requestBody.size() <= 1024 * 1024, qPrintable(QString::number(record.requestBody.size())));
        QCOMPARE(server.eventCount(), 0);
    }

    // 200 MiB on one connection: pipelined 1 MiB requests, then the attack. Memory stays
    // bounded by what one request may hold, not by what the client sends.
    void longStreamKeepsMemoryBounded()
    {
        const QByteArray body(1024 * 1024 - 64, 'x');
        const QByteArray request = "POST /nowhere HTTP/1.1\r\nHost: x\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port());
        QVERIFY(socket.waitForConnected(10000));
        const qint64 before = residentKiB();
        qint64 peak = before;
        qint64 sent = 0;
        for (int i = 0; i < 200 && socket.state() == QAbstractSocket::ConnectedState; ++i) {
            socket.write(request);
            while (socket.bytesToWrite() > 0 && socket.state() == QAbstractSocket::ConnectedState)
                socket.waitForBytesWritten(5000);
            socket.readAll(); // the 404s
            sent += request.size();
            peak = std::max(peak, residentKiB());
        }
        QCOMPARE(sent, 200 * qint64(request.size()));
        QByteArray manyFields;
        for (int i = 0; i < 101; ++i)
            manyFields += "X-Field-" + QByteArray::number(i) + ": v\r\n";
        socket.write(postHead(manyFields + "Content-Length: 1048576\r\n") + body);
        QByteArray received;
        QTRY_VERIFY_WITH_TIMEOUT((received += socket.readAll()).contains("HTTP/1.1 431")
                                     || socket.state() != QAbstractSocket::ConnectedState, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(socket.state(), QAbstractSocket::UnconnectedState, 10000);
        qInfo("RSS %lld KiB before, %lld KiB peak over 200 MiB", before, peak);
        QVERIFY2(peak - before < 32 * 1024, qPrintable(QStringLiteral("RSS grew by %1 KiB").arg(peak - before)));
    }

    void expectContinueGetsItsInterimAnswer()
    {
        const QByteArray event = eventBody("ringing.json", QStringLiteral("tx-continue"), 2);
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port());
        QVERIFY(socket.waitForConnected(10000));
        socket.write(postHead("Expect: 100-continue\r\nContent-Length: " + QByteArray::number(event.size()) + "\r\n"));
        QByteArray received;
        QTRY_VERIFY_WITH_TIMEOUT((received += socket.readAll()).contains("\r\n\r\n"), 5000);
        QCOMPARE(received, QByteArray("HTTP/1.1 100 Continue\r\n\r\n"));
        socket.write(event);
        QTRY_VERIFY_WITH_TIMEOUT((received += socket.readAll()).contains("HTTP/1.1 200"), 10000);
    }

    void aRefusalWaitsForTheRepliesBeforeIt()
    {
        // A breakpoint holds the event: the refusal of the garbage behind it comes second.
        EndpointConfig config;
        config.breakpointDeadlineMs = 500;
        const Parsed<ReplyRules> rules = ReplyRules::fromJson(QByteArray(
            R"({"rules": [{"name": "hold", "event": "*", "breakpoint": true}]})"));
        QVERIFY2(rules.ok(), qPrintable(messages(rules.issues).join(QLatin1Char('\n'))));
        config.rules = *rules.value;
        EndpointServer server(std::move(config));
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        const QByteArray event = eventBody("ringing.json", QStringLiteral("tx-held-first"), 1);
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, quint16(server.url().port()));
        QVERIFY(socket.waitForConnected(10000));
        socket.write(postHead("Content-Length: " + QByteArray::number(event.size()) + "\r\n") + event);
        QTRY_COMPARE_WITH_TIMEOUT(server.heldEvents().size(), 1, 5000);
        socket.write("HELLO THERE\r\n\r\n");
        QByteArray received;
        QTRY_VERIFY_WITH_TIMEOUT((received += socket.readAll()).contains("HTTP/1.1 400"), 10000);
        const qsizetype held = received.indexOf("HTTP/1.1 200");
        const qsizetype refused = received.indexOf("HTTP/1.1 400");
        QVERIFY2(held >= 0 && refused > held, received.constData());
    }

    void cleanupTestCase() { m_server.reset(); }
};

QTEST_GUILESS_MAIN(TestConnectionGuard)
#include "tst_connectionguard.moc"

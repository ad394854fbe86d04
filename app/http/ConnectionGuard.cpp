#include "ConnectionGuard.h"

#include "HttpServerCompat.h"
#include "RequestHead.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>
#include <QTimer>

#include <algorithm>
#include <utility>

#ifdef Q_OS_UNIX
#include <sys/resource.h>
#endif
#ifdef Q_OS_LINUX
#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

namespace callconsole {

namespace {

const QByteArray endOfHead = QByteArrayLiteral("\r\n\r\n");

QByteArray statusText(int status)
{
    switch (status) {
    case 408: return QByteArrayLiteral("Request Timeout");
    case 413: return QByteArrayLiteral("Payload Too Large");
    case 431: return QByteArrayLiteral("Request Header Fields Too Large");
    case 503: return QByteArrayLiteral("Service Unavailable");
    default: return QByteArrayLiteral("Bad Request");
    }
}

} // namespace

ConnectionGuard::ConnectionGuard(ConnectionLimits limits, ConnectionTally &tally, QObject *parent)
    : QTcpServer(parent)
    , m_limits(limits)
    , m_tally(tally)
{
    m_limits.maxConnections = std::max(1, std::min(m_limits.maxConnections, ensureDescriptors(m_limits.maxConnections)));
}

int ConnectionGuard::ensureDescriptors(int connections)
{
#ifdef Q_OS_UNIX
    // Desktops default to a soft limit of 1024 descriptors. Past it accept() fails with EMFILE
    // and the listening socket stays readable, so the cap must sit below what the process may
    // open — raise the soft limit toward the hard one, and report what is really available.
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return connections;
    const rlim_t wanted = rlim_t(connections) + descriptorReserve;
    if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < wanted) {
        limit.rlim_cur = limit.rlim_max == RLIM_INFINITY ? wanted : std::min(wanted, limit.rlim_max);
        setrlimit(RLIMIT_NOFILE, &limit);
        getrlimit(RLIMIT_NOFILE, &limit);
    }
    if (limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur >= wanted)
        return connections;
    return int(std::max<rlim_t>(limit.rlim_cur, descriptorReserve + 1) - descriptorReserve);
#else
    return connections;
#endif
}

bool ConnectionGuard::setTls(const QString &certificateFile, const QString &keyFile, QString *error)
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    if (!QSslSocket::supportsSsl())
        return fail(QStringLiteral("TLS: no TLS backend is available to Qt on this machine"));
    QFile certificateIn(certificateFile);
    if (!certificateIn.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("--tls-cert %1: %2").arg(certificateFile, certificateIn.errorString()));
    const QList<QSslCertificate> chain = QSslCertificate::fromData(certificateIn.readAll(), QSsl::Pem);
    if (chain.isEmpty())
        return fail(QStringLiteral("--tls-cert %1: no PEM certificate in the file").arg(certificateFile));
    QFile keyIn(keyFile);
    if (!keyIn.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("--tls-key %1: %2").arg(keyFile, keyIn.errorString()));
    const QByteArray keyPem = keyIn.readAll();
    QSslKey key(keyPem, QSsl::Rsa, QSsl::Pem);
    if (key.isNull())
        key = QSslKey(keyPem, QSsl::Ec, QSsl::Pem);
    if (key.isNull())
        return fail(QStringLiteral("--tls-key %1: not an unencrypted PEM RSA or EC private key").arg(keyFile));
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificateChain(chain);
    tls.setPrivateKey(key);
    tls.setPeerVerifyMode(QSslSocket::VerifyNone); // clients authenticate with the token or signature
    m_tls = tls;
    return true;
}

bool ConnectionGuard::canSharePort()
{
#ifdef Q_OS_LINUX
    return true;
#else
    return false;
#endif
}

bool ConnectionGuard::listenShared(const QHostAddress &address, quint16 port, QString *error)
{
#ifdef Q_OS_LINUX
    // QTcpServer sets SO_REUSEADDR but never SO_REUSEPORT, so the socket is made here and
    // handed over; accepting, notifiers and errors are QTcpServer's as usual.
    sockaddr_storage storage{};
    socklen_t length = 0;
    // QHostAddress::Any means both families, as QTcpServer binds it: [::] accepting IPv4 too.
    const bool dualStack = address.protocol() == QAbstractSocket::AnyIPProtocol;
    const bool v6 = dualStack || address.protocol() == QAbstractSocket::IPv6Protocol;
    if (v6) {
        auto *in6 = reinterpret_cast<sockaddr_in6 *>(&storage);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(port);
        const Q_IPV6ADDR bytes = address.toIPv6Address();
        memcpy(&in6->sin6_addr, &bytes, sizeof(bytes));
        length = sizeof(sockaddr_in6);
    } else {
        auto *in4 = reinterpret_cast<sockaddr_in *>(&storage);
        in4->sin_family = AF_INET;
        in4->sin_port = htons(port);
        in4->sin_addr.s_addr = htonl(address.toIPv4Address());
        length = sizeof(sockaddr_in);
    }
    const int fd = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    const int on = 1;
    const int off = 0;
    const bool ok = fd >= 0 && ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) == 0
                 && (!dualStack || ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off)) == 0)
                 && ::setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof(on)) == 0
                 && ::bind(fd, reinterpret_cast<sockaddr *>(&storage), length) == 0
                 && ::listen(fd, SOMAXCONN) == 0 && setSocketDescriptor(fd);
    if (!ok) {
        if (error)
            *error = QString::fromLocal8Bit(strerror(errno));
        if (fd >= 0 && !isListening())
            ::close(fd);
        return false;
    }
    return true;
#else
    Q_UNUSED(address);
    Q_UNUSED(port);
    if (error)
        *error = QStringLiteral("sharing a port between endpoint threads needs Linux");
    return false;
#endif
}

void ConnectionGuard::incomingConnection(qintptr descriptor)
{
    QTcpSocket *socket = nullptr;
    QSslSocket *tlsSocket = nullptr;
    if (m_tls) {
        tlsSocket = new QSslSocket(this);
        socket = tlsSocket;
    } else {
        socket = new QTcpSocket(this);
    }
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    if (tlsSocket) {
        tlsSocket->setSslConfiguration(*m_tls);
        // A failed handshake is the client's problem; the idle clock still closes the socket.
        connect(tlsSocket, &QSslSocket::sslErrors, tlsSocket, [tlsSocket] { tlsSocket->abort(); });
    }
    const bool full = m_tally.open.load() >= m_limits.maxConnections;
    if (full && tlsSocket) {
        // Refusing over TLS would cost a handshake per refusal; closing is the cheap clean answer.
        ++m_tally.refused;
        emit limitHit(socket->peerAddress().toString(), 503, QStringLiteral("connection limit reached"));
        socket->abort();
        socket->deleteLater();
        return;
    }
    if (full) {
        // Answer and close without handing it to QHttpServer: a clean refusal, not a hang.
        ++m_tally.refused;
        const QByteArray body = QJsonDocument(QJsonObject{
            {QStringLiteral("error"), QStringLiteral("too many connections (limit %1); retry later").arg(m_limits.maxConnections)}})
                                    .toJson(QJsonDocument::Compact);
        socket->write("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nConnection: close\r\n"
                      "Retry-After: 1\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        socket->disconnectFromHost();
        emit limitHit(socket->peerAddress().toString(), 503, QStringLiteral("connection limit reached"));
        return;
    }

    // What a connection may hold unread is bounded by one request at its largest: past that the
    // kernel's window makes the client wait, however much it streams (the guard peeks at the
    // whole buffer on each read, so an unbounded one would cost memory and copies).
    socket->setReadBufferSize(m_limits.maxBodyBytes + m_limits.maxHeaderBytes + 64 * 1024);
    Connection &connection = m_connections[socket];
    ++m_tally.open;
    connection.idle = new QTimer(socket);
    connection.idle->setSingleShot(true);
    connection.idle->setInterval(m_limits.idleTimeoutMs);
    connect(connection.idle, &QTimer::timeout, this, [this, socket] {
        auto it = m_connections.find(socket);
        if (it == m_connections.end())
            return;
        const bool partial = !it->header.isEmpty() || it->bodyRemaining > 0 || it->chunked != Connection::Chunked::No;
        if (partial)
            refuse(socket, 408, QStringLiteral("request not completed in time"), QStringLiteral("stalled request"));
        else
            socket->disconnectFromHost(); // idle keep-alive connection: close quietly
    });
    connection.idle->start(m_limits.idleTimeoutMs);
    // Connected before QHttpServer's own handler (it connects when it takes the pending
    // connection), so every chunk is measured before QHttpServer buffers it.
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { inspect(socket); });
    connect(socket, &QTcpSocket::bytesWritten, this, [this, socket] {
        auto it = m_connections.find(socket);
        if (it != m_connections.end() && !it->closing)
            it->idle->start(m_limits.idleTimeoutMs); // answered: the client's turn again, on the idle clock
    });
    connect(socket, &QObject::destroyed, this, [this, socket] {
        if (m_connections.remove(socket))
            --m_tally.open;
        if (m_socketBeingRead == socket)
            m_socketBeingRead = nullptr;
    });
    if (tlsSocket)
        tlsSocket->startServerEncryption(); // readyRead then carries decrypted bytes, measured as usual
    addPendingConnection(socket);
}

void ConnectionGuard::awaitReply(Connection &connection, qint64 end)
{
    connection.requestEnds.push_back(end);
    connection.idle->stop();
    connection.requestClock.invalidate(); // the next request's clock starts with its first byte
    ++connection.unanswered;
    connection.continueOwed = false; // the body came without it
    connection.closeAfterReplies = connection.closeAfterReplies || !connection.keepAlive;
}

void ConnectionGuard::followServerReads()
{
    // Connected after QAbstractHttpServer's own newConnection handler, so every socket it has
    // just taken already carries its readyRead handler, and this one runs behind it.
    connect(this, &QTcpServer::newConnection, this, [this] {
        for (auto it = m_connections.begin(); it != m_connections.end(); ++it) {
            if (it->followed)
                continue;
            it->followed = true;
            QTcpSocket *socket = it.key();
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
                auto found = m_connections.find(socket);
                if (found != m_connections.end())
                    found->unreadInspected = socket->bytesAvailable();
            });
        }
    });
}

QByteArray ConnectionGuard::connectionHeader(QTcpSocket *socket) const
{
    const auto it = m_connections.constFind(socket);
    if (it == m_connections.constEnd())
        return {};
    if (it->closeAfterReplies && it->unanswered <= 1)
        return QByteArrayLiteral("close");
    return it->http10 && it->keepAlive ? QByteArrayLiteral("keep-alive") : QByteArray();
}

void ConnectionGuard::replied(QTcpSocket *socket)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end())
        return;
    it->unanswered = std::max(0, it->unanswered - 1);
    if (it->unanswered > 0)
        return;
    if (!it->refusalOwed.isEmpty()) {
        socket->write(std::exchange(it->refusalOwed, {}));
        socket->disconnectFromHost();
        return;
    }
    if (it->continueOwed && !it->closing) {
        it->continueOwed = false;
        socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    }
    if (it->closeAfterReplies && !it->closing) {
        it->closing = true;
        it->idle->stop();
        socket->disconnectFromHost(); // after the reply already queued is written
    }
}

void ConnectionGuard::inspect(QTcpSocket *socket)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end())
        return;
    Connection &c = *it;
    m_socketBeingRead = socket;
    if (c.closing) {
        socket->read(socket->bytesAvailable()); // nothing more reaches QHttpServer
        return;
    }
    c.idle->start(m_limits.idleTimeoutMs);
    // Only the bytes that arrived since the last look are new: QHttpServer may leave an
    // inspected request unread in the buffer (a pipelined one), and counting it twice would
    // frame the connection wrongly.
    const qint64 available = socket->bytesAvailable();
    const qint64 seen = c.followed ? std::min(c.unreadInspected, available) : 0;
    const QByteArray data = socket->peek(available).mid(seen);
    c.unreadInspected = available;
    while (!c.requestEnds.empty() && c.requestEnds.front() <= c.received - seen)
        c.requestEnds.pop_front(); // read by QHttpServer: it answers them
    c.received += data.size();
    qsizetype pos = 0;
    while (pos < data.size()) {
        if (c.bodyRemaining > 0) {
            const qint64 take = std::min<qint64>(c.bodyRemaining, data.size() - pos);
            pos += take;
            c.bodyRemaining -= take;
            if (c.bodyRemaining == 0)
                awaitReply(c, c.received - data.size() + pos);
            continue;
        }
        if (c.chunked != Connection::Chunked::No) {
            if (!followChunks(socket, c, data, pos))
                return;
            continue;
        }
        if (c.header.isEmpty() && data.sliced(pos).startsWith("\r\n")) {
            pos += 2; // empty lines before a request line are ignored (RFC 9112 §2.2), as Qt does
            continue;
        }
        if (c.header.isEmpty() && !c.requestClock.isValid())
            c.requestClock.start();
        // Usually a whole head arrives in one read: it is read in place. Only a head split
        // across reads is gathered in c.header, up to the limit.
        QByteArrayView head;
        if (c.header.isEmpty()) {
            const qsizetype end = data.indexOf(endOfHead, pos);
            if (end >= 0 && end - pos <= m_limits.maxHeaderBytes) {
                head = QByteArrayView(data).sliced(pos, end - pos);
                pos = end + endOfHead.size();
            }
        }
        if (head.isNull()) {
            const qsizetype before = c.header.size();
            const QByteArrayView added = QByteArrayView(data).sliced(pos).first(
                std::min<qsizetype>(data.size() - pos, m_limits.maxHeaderBytes + 4 - before));
            if (refuseBareLineFeed(socket, added, before > 0 ? c.header.back() : '\0'))
                return;
            c.header += added;
            if (c.header == "\r") {
                pos = data.size(); // perhaps an empty line split across reads
                continue;
            }
            const qsizetype end = c.header.indexOf(endOfHead);
            if (end < 0) {
                if (c.header.size() > m_limits.maxHeaderBytes) {
                    refuse(socket, 431, QStringLiteral("request line and headers larger than the limit"),
                           QStringLiteral("headers over %1 bytes").arg(m_limits.maxHeaderBytes));
                    return;
                }
                pos = data.size();
                continue;
            }
            pos += end + endOfHead.size() - before;
            c.header.truncate(end);
            while (c.header.startsWith("\r\n"))
                c.header.remove(0, 2); // the empty lines of a split read
            head = c.header;
        }
        if (head.size() > m_limits.maxHeaderBytes) {
            refuse(socket, 431, QStringLiteral("request line and headers larger than the limit"),
                   QStringLiteral("headers over %1 bytes").arg(m_limits.maxHeaderBytes));
            return;
        }
        const RequestHead request = RequestHead::parse(head);
        if (request.refused()) {
            refuse(socket, request.refusalStatus, request.refusal, request.refusalDetail);
            return;
        }
        const qint64 contentLength = std::max<qint64>(request.contentLength, 0);
        if (contentLength > m_limits.maxBodyBytes) {
            refuse(socket, 413, QStringLiteral("body larger than the limit"),
                   QStringLiteral("Content-Length %1 over %2").arg(contentLength).arg(m_limits.maxBodyBytes));
            return;
        }
        c.header.clear();
        c.keepAlive = request.keepAlive;
        c.http10 = request.http10;
        c.chunked = request.chunked ? Connection::Chunked::SizeLine : Connection::Chunked::No;
        c.chunkLine.clear();
        c.chunkedBytes = 0;
        c.bodyRemaining = request.chunked ? 0 : contentLength;
        const bool bodyToCome = request.chunked || contentLength > 0;
        if (!bodyToCome)
            awaitReply(c, c.received - data.size() + pos);
        else if (request.expectsContinue && !http::serverSendsContinue && pos == data.size())
            sendContinue(socket, c); // the client waits for it before sending the body
    }
    // A request dribbled a byte at a time never looks idle; it gets idleTimeoutMs in all.
    const bool inProgress = !c.header.isEmpty() || c.bodyRemaining > 0 || c.chunked != Connection::Chunked::No;
    if (inProgress && c.requestClock.isValid()) {
        const qint64 left = m_limits.idleTimeoutMs - c.requestClock.elapsed();
        if (left <= 0) {
            refuse(socket, 408, QStringLiteral("request not completed in time"),
                   QStringLiteral("request still incomplete after %1 ms").arg(m_limits.idleTimeoutMs));
            return;
        }
        c.idle->start(int(left));
    }
}

bool ConnectionGuard::followChunks(QTcpSocket *socket, Connection &c, const QByteArray &data, qsizetype &pos)
{
    if (c.chunked == Connection::Chunked::Data) {
        const qint64 take = std::min<qint64>(c.chunkRemaining, data.size() - pos);
        pos += take;
        c.chunkRemaining -= take;
        if (c.chunkRemaining == 0)
            c.chunked = Connection::Chunked::DataEnd;
        return true;
    }
    const qsizetype newline = data.indexOf('\n', pos);
    const qsizetype end = newline < 0 ? data.size() : newline + 1;
    c.chunkLine += QByteArrayView(data).sliced(pos, end - pos);
    pos = end;
    const QString malformed = QStringLiteral("malformed chunked body");
    if (c.chunkLine.size() > 4096) {
        refuse(socket, 400, malformed, QStringLiteral("chunk size line over 4096 bytes"));
        return false;
    }
    if (newline < 0)
        return true;
    // One line, CR LF ended, with no other CR or LF: Qt reads these bytes differently otherwise.
    const QByteArray line = std::exchange(c.chunkLine, {});
    if (!line.endsWith("\r\n") || line.indexOf('\r') != line.size() - 2) {
        refuse(socket, 400, malformed, QStringLiteral("a chunk line that does not end with CR LF"));
        return false;
    }
    if (c.chunked == Connection::Chunked::DataEnd || c.chunked == Connection::Chunked::LastEnd) {
        if (line != "\r\n") {
            refuse(socket, 400, malformed,
                   c.chunked == Connection::Chunked::DataEnd
                       ? QStringLiteral("chunk data longer than its size")
                       : QStringLiteral("trailer fields after the last chunk are not accepted"));
            return false;
        }
        if (c.chunked == Connection::Chunked::LastEnd) {
            c.chunked = Connection::Chunked::No;
            awaitReply(c, c.received - data.size() + pos);
        } else {
            c.chunked = Connection::Chunked::SizeLine;
        }
        return true;
    }
    const qsizetype extension = line.indexOf(';');
    QByteArrayView digits = QByteArrayView(line).first(extension < 0 ? line.size() - 2 : extension);
    while (!digits.isEmpty() && (digits.back() == ' ' || digits.back() == '\t'))
        digits.chop(1);
    bool hex = !digits.isEmpty() && digits.size() <= 15;
    for (const char ch : digits)
        hex = hex && ((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F'));
    if (!hex) {
        refuse(socket, 400, malformed,
               QStringLiteral("chunk size '%1' is not a hexadecimal number").arg(QString::fromLatin1(line.left(40).trimmed())));
        return false;
    }
    const qint64 size = digits.toLongLong(nullptr, 16);
    c.chunkedBytes += size;
    if (c.chunkedBytes > m_limits.maxBodyBytes) {
        refuse(socket, 413, QStringLiteral("body larger than the limit"),
               QStringLiteral("chunked body over %1 bytes").arg(m_limits.maxBodyBytes));
        return false;
    }
    c.chunked = size == 0 ? Connection::Chunked::LastEnd : Connection::Chunked::Data;
    c.chunkRemaining = size;
    return true;
}

bool ConnectionGuard::refuseBareLineFeed(QTcpSocket *socket, QByteArrayView bytes, char before)
{
    for (qsizetype i = bytes.indexOf('\n'); i >= 0; i = bytes.indexOf('\n', i + 1)) {
        if ((i == 0 ? before : bytes.at(i - 1)) != '\r') {
            refuse(socket, 400, QStringLiteral("ambiguous request head"),
                   QStringLiteral("a line ends with LF alone; lines end with CR LF"));
            return true;
        }
    }
    return false;
}

void ConnectionGuard::sendContinue(QTcpSocket *socket, Connection &connection)
{
    // An interim answer must not come between the bytes of an earlier request's reply.
    if (connection.unanswered > 0) {
        connection.continueOwed = true;
        return;
    }
    socket->write("HTTP/1.1 100 Continue\r\n\r\n");
}

void ConnectionGuard::refuse(QTcpSocket *socket, int status, const QString &reason, const QString &why)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end() || it->closing)
        return;
    it->closing = true;
    it->idle->stop();
    ++m_tally.refused;
    const qint64 unreadFrom = it->received - socket->bytesAvailable();
    socket->read(socket->bytesAvailable()); // QHttpServer's handler, next in line, sees nothing
    const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("error"), reason},
                                                      {QStringLiteral("details"), QJsonArray{why}}})
                                .toJson(QJsonDocument::Compact);
    const QByteArray answer = "HTTP/1.1 " + QByteArray::number(status) + ' ' + statusText(status)
        + "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    emit limitHit(socket->peerAddress().toString(), status, why);
    // The requests whose bytes were still in the buffer went with it: QHttpServer never sees
    // them, so no reply for them is owed.
    const auto lost = std::count_if(it->requestEnds.begin(), it->requestEnds.end(),
                                    [unreadFrom](qint64 end) { return end > unreadFrom; });
    it->unanswered = std::max(0, it->unanswered - int(lost));
    it->requestEnds.clear();
    if (it->unanswered > 0) {
        // Replies go out in request order: this one after those still owed (replied()).
        it->refusalOwed = answer;
        return;
    }
    socket->write(answer);
    socket->disconnectFromHost();
}

} // namespace callconsole

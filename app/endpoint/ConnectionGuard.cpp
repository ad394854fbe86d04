#include "ConnectionGuard.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTimer>

namespace callconsole {

namespace {

const QByteArray endOfHead = QByteArrayLiteral("\r\n\r\n");

QByteArray headerValue(const QByteArray &head, const QByteArray &name)
{
    const QList<QByteArray> lines = head.split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) { // line 0 is the request line
        const QByteArray &line = lines.at(i);
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
            return line.mid(colon + 1).trimmed();
    }
    return {};
}

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

ConnectionGuard::ConnectionGuard(ConnectionLimits limits, QObject *parent)
    : QTcpServer(parent)
    , m_limits(limits)
{
}

void ConnectionGuard::incomingConnection(qintptr descriptor)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    if (m_connections.size() >= m_limits.maxConnections) {
        // Answer and close without handing it to QHttpServer: a clean refusal, not a hang.
        ++m_refused;
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

    Connection &connection = m_connections[socket];
    connection.idle = new QTimer(socket);
    connection.idle->setSingleShot(true);
    connection.idle->setInterval(m_limits.idleTimeoutMs);
    connect(connection.idle, &QTimer::timeout, this, [this, socket] {
        auto it = m_connections.find(socket);
        if (it == m_connections.end())
            return;
        const bool partial = !it->header.isEmpty() || it->bodyRemaining > 0 || it->chunked;
        if (partial)
            refuse(socket, 408, "request not completed in time", QStringLiteral("stalled request"));
        else
            socket->disconnectFromHost(); // idle keep-alive connection: close quietly
    });
    connection.idle->start();
    // Connected before QHttpServer's own handler (it connects when it takes the pending
    // connection), so every chunk is measured before QHttpServer buffers it.
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { inspect(socket); });
    connect(socket, &QTcpSocket::bytesWritten, this, [this, socket] {
        auto it = m_connections.find(socket);
        if (it != m_connections.end() && !it->closing)
            it->idle->start(); // answered: the client's turn again, on the idle clock
    });
    connect(socket, &QObject::destroyed, this, [this, socket] { m_connections.remove(socket); });
    addPendingConnection(socket);
}

void ConnectionGuard::awaitReply(Connection &connection)
{
    connection.idle->stop();
}

void ConnectionGuard::inspect(QTcpSocket *socket)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end())
        return;
    Connection &c = *it;
    if (c.closing) {
        socket->read(socket->bytesAvailable()); // nothing more reaches QHttpServer
        return;
    }
    c.idle->start();
    const QByteArray data = socket->peek(socket->bytesAvailable());
    qsizetype pos = 0;
    while (pos < data.size()) {
        if (c.bodyRemaining > 0) {
            const qint64 take = std::min<qint64>(c.bodyRemaining, data.size() - pos);
            pos += take;
            c.bodyRemaining -= take;
            if (c.bodyRemaining == 0)
                awaitReply(c);
            continue;
        }
        if (c.chunked) {
            // Chunked bodies are counted, not decoded: the terminating chunk ends the request.
            const QByteArray rest = data.mid(pos);
            c.chunkedBytes += rest.size();
            if (c.chunkedBytes > m_limits.maxBodyBytes + 64 * 1024) {
                refuse(socket, 413, "body larger than the limit", QStringLiteral("chunked body over %1 bytes").arg(m_limits.maxBodyBytes));
                return;
            }
            if (rest.contains("\r\n0\r\n\r\n") || rest.startsWith("0\r\n\r\n")) {
                c.chunked = false;
                awaitReply(c);
            }
            pos = data.size();
            continue;
        }
        const qsizetype before = c.header.size();
        c.header += data.mid(pos, m_limits.maxHeaderBytes + 4 - before);
        const qsizetype end = c.header.indexOf(endOfHead);
        if (end < 0) {
            if (c.header.size() > m_limits.maxHeaderBytes) {
                refuse(socket, 431, "request line and headers larger than the limit",
                       QStringLiteral("headers over %1 bytes").arg(m_limits.maxHeaderBytes));
                return;
            }
            pos = data.size();
            continue;
        }
        pos += end + endOfHead.size() - before;
        const QByteArray head = c.header.left(end);
        c.header.clear();
        if (head.trimmed().isEmpty())
            continue; // stray CRLF between pipelined requests
        if (head.size() > m_limits.maxHeaderBytes) {
            refuse(socket, 431, "request line and headers larger than the limit",
                   QStringLiteral("headers over %1 bytes").arg(m_limits.maxHeaderBytes));
            return;
        }
        const QByteArray length = headerValue(head, "Content-Length");
        bool ok = true;
        const qint64 contentLength = length.isEmpty() ? 0 : length.toLongLong(&ok);
        if (!ok || contentLength < 0) {
            refuse(socket, 400, "invalid Content-Length", QStringLiteral("Content-Length '%1'").arg(QString::fromLatin1(length)));
            return;
        }
        if (contentLength > m_limits.maxBodyBytes) {
            refuse(socket, 413, "body larger than the limit",
                   QStringLiteral("Content-Length %1 over %2").arg(contentLength).arg(m_limits.maxBodyBytes));
            return;
        }
        c.chunked = headerValue(head, "Transfer-Encoding").toLower().contains("chunked");
        c.chunkedBytes = 0;
        c.bodyRemaining = contentLength;
        if (contentLength == 0 && !c.chunked)
            awaitReply(c);
    }
}

void ConnectionGuard::refuse(QTcpSocket *socket, int status, const QByteArray &reason, const QString &why)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end() || it->closing)
        return;
    it->closing = true;
    it->idle->stop();
    ++m_refused;
    socket->read(socket->bytesAvailable()); // QHttpServer's handler, next in line, sees nothing
    const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("error"), QString::fromLatin1(reason)},
                                                      {QStringLiteral("details"), QJsonArray{why}}})
                                .toJson(QJsonDocument::Compact);
    socket->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + statusText(status)
                  + "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
                  + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    socket->disconnectFromHost();
    emit limitHit(socket->peerAddress().toString(), status, why);
}

} // namespace callconsole

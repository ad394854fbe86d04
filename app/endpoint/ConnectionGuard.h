// The limits QHttpServer does not have (architecture.md: it buffered a 1 GB body and kept 2,000
// half-open requests): a QTcpServer that sees every byte before QHttpServer does, answers 413
// for large bodies and 431 for large headers, closes stalled or idle connections, and refuses
// connections past a cap — so slow or hostile clients cannot starve the others.
#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QSslConfiguration>
#include <QTcpServer>

#include <atomic>
#include <optional>

class QTcpSocket;
class QTimer;

namespace callconsole {

struct ConnectionLimits
{
    qint64 maxBodyBytes = 1024 * 1024;
    qint64 maxHeaderBytes = 64 * 1024;   // request line + headers
    int idleTimeoutMs = 30000;           // no bytes for this long, or a request unfinished: closed
    int maxConnections = 4096;
};

// Connections of every guard listening on one port: the cap is for the process (descriptors),
// and /health reports the endpoint as a whole.
struct ConnectionTally
{
    std::atomic<int> open{0};
    std::atomic<qint64> refused{0};
};

class ConnectionGuard : public QTcpServer
{
    Q_OBJECT

public:
    ConnectionGuard(ConnectionLimits limits, ConnectionTally &tally, QObject *parent = nullptr);

    // Serve HTTPS with this PEM certificate (chain) and private key; false and *error when the
    // files cannot be read or do not match. Call before listen().
    bool setTls(const QString &certificateFile, const QString &keyFile, QString *error);
    bool usesTls() const { return m_tls.has_value(); }

    // Listens on a port other guards (on other threads) may listen on too, the kernel sharing
    // out new connections between them (SO_REUSEPORT). Linux only; see canSharePort().
    // false and *error (the system's reason) when it cannot.
    bool listenShared(const QHostAddress &address, quint16 port, QString *error);
    static bool canSharePort();

    // The cap in force: maxConnections, lowered if the process cannot open that many sockets.
    int maxConnections() const { return m_limits.maxConnections; }
    // Descriptors kept free for the session file, the listening socket, logs and the UI.
    static constexpr int descriptorReserve = 256;
    // Raises the open-file limit so connections sockets fit; returns how many can.
    static int ensureDescriptors(int connections);

    // Call once after QAbstractHttpServer::bind(guard). The guard peeks at bytes before
    // QHttpServer reads them; QHttpServer may leave a pipelined request in the buffer for a
    // later readyRead, and the guard must not count it again then. This notes, behind
    // QHttpServer's own handler, how many inspected bytes it left unread.
    void followServerReads();

    // Keep-alive as the client asked (RFC 9112 §9.3): QHttpServer keeps every connection open
    // and says nothing about it, so an HTTP/1.0 client, or one that sent "Connection: close",
    // would wait for the idle timeout. The endpoint writes the Connection header this returns
    // on its reply ("close" on the last reply owed to a closing client, "keep-alive" for an
    // HTTP/1.0 client that asked to keep it, empty otherwise), then calls replied(); the guard
    // closes the connection once a closing client's requests are all answered.
    QByteArray connectionHeader(QTcpSocket *socket) const;
    void replied(QTcpSocket *socket);
    // The socket whose bytes were read last: QHttpServer reads a request in the same readyRead
    // emission as the guard (which is connected first), so while the endpoint handles a
    // request this is the request's socket, on Qt versions that do not pass it.
    QTcpSocket *socketBeingRead() const { return m_socketBeingRead; }

signals:
    // A limit was hit; the connection was answered and closed. For logs and the session.
    void limitHit(const QString &remoteAddress, int statusCode, const QString &reason);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    struct Connection
    {
        QTimer *idle = nullptr;
        QByteArray header;          // the current request's head, until its blank line
        QElapsedTimer requestClock; // since the current request's first byte
        qint64 bodyRemaining = 0;   // Content-Length still to come
        // Chunked bodies are followed chunk by chunk, so a terminator split across reads or a
        // request pipelined behind the body is seen where it really is.
        enum class Chunked { No, SizeLine, Data, Trailer } chunked = Chunked::No;
        QByteArray chunkLine;       // the size or trailer line being read
        qint64 chunkRemaining = 0;
        qint64 chunkedBytes = 0;
        bool followed = false;      // followServerReads() watches this socket
        qint64 unreadInspected = 0; // inspected bytes still in the socket's buffer
        bool keepAlive = true;      // what the request being read asked for
        bool http10 = false;
        int unanswered = 0;         // complete requests the endpoint has not replied to yet
        bool closeAfterReplies = false;
        bool closing = false;
    };

    void inspect(QTcpSocket *socket);
    // Reads chunked-body bytes from data at pos; false when the connection was refused.
    bool followChunks(QTcpSocket *socket, Connection &c, const QByteArray &data, qsizetype &pos);
    void refuse(QTcpSocket *socket, int status, const QByteArray &reason, const QString &why);
    // The request is complete and waits for the console's reply: a held breakpoint may take
    // seconds, which is not the client stalling, so the idle clock stops until we answer.
    void awaitReply(Connection &connection);

    ConnectionLimits m_limits;
    std::optional<QSslConfiguration> m_tls;
    QHash<QTcpSocket *, Connection> m_connections;
    ConnectionTally &m_tally;
    QTcpSocket *m_socketBeingRead = nullptr;
};

} // namespace callconsole

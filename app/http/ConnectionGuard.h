// The limits QHttpServer does not have (architecture.md: it buffered a 1 GB body and kept 2,000
// half-open requests): a QTcpServer that sees every byte before QHttpServer does, answers 413
// for large bodies and 431 for large headers, closes stalled or idle connections, and refuses
// connections past a cap — so slow or hostile clients cannot starve the others.
//
// The guard and QHttpServer read the same bytes, each with its own parser; the limits hold
// only while both find the same requests in them. So the guard refuses (answers 400 or 431
// and closes) every head that QHttpServer could read differently. What Qt accepts, from its
// sources (QHttpHeaderParser::parseHeaders and QHttpServerRequestPrivate in 6.4; the same code
// as QHttpServerParser in 6.8):
//   - a head ends at "\n\n" or "\n\r\n", so bare LF ends lines and the head: the guard wants
//     CR LF everywhere and refuses a bare LF or bare CR;
//   - when the fields fail to parse — more than 100 of them, a name that is not a token (as
//     in "Content-Length :"), a line without a colon, a line starting with whitespace at the
//     top — Qt keeps no field at all and handles a request without a body, whose body bytes
//     it then reads as the next request: the guard refuses more than 100 fields (431), names
//     that are not tokens, lines without a colon, and obs-fold lines (which Qt would join);
//   - Transfer-Encoding counts as chunked when its first value contains "chunked" anywhere
//     ("xchunked"): the guard accepts exactly one Transfer-Encoding, "chunked";
//   - Content-Length is the first field's value, read by toULongLong: the guard accepts digits
//     only, equal values when repeated, and refuses Content-Length with Transfer-Encoding
//     (RFC 9112 §6.1 asks to close such a connection anyway);
//   - chunk sizes are trimmed and read as hex, a bad one reading as 0 (the last chunk), the
//     two bytes after chunk data are skipped unread, and trailer fields are not understood:
//     the guard wants hex digits (an extension after ';' is fine), exactly CR LF after each
//     chunk's data and after the last chunk, no trailers;
//   - a request line is split at runs of spaces with any "HTTPx.y": the guard wants
//     METHOD SP target SP HTTP/1.0 or HTTP/1.1, and only empty lines (CR LF) before it.
// Field values keep to the grammar (no control characters but tab). Every case is answered
// before QHttpServer reads a byte of it (the guard's readyRead handler runs first and takes
// the bytes of a refused connection), so Qt never sees a request the guard did not frame.
// Qt 6.4 has no "100 Continue"; the guard sends it (HttpServerCompat.h says where Qt does).
#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QSslConfiguration>
#include <QTcpServer>

#include <atomic>
#include <deque>
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
        // DataEnd: the CR LF after a chunk's data; LastEnd: the CR LF after the last chunk.
        enum class Chunked { No, SizeLine, Data, DataEnd, LastEnd } chunked = Chunked::No;
        QByteArray chunkLine;       // the size line or CR LF being read
        qint64 chunkRemaining = 0;
        qint64 chunkedBytes = 0;
        bool followed = false;      // followServerReads() watches this socket
        qint64 unreadInspected = 0; // inspected bytes still in the socket's buffer
        bool keepAlive = true;      // what the request being read asked for
        bool http10 = false;
        int unanswered = 0;         // complete requests the endpoint has not replied to yet
        bool closeAfterReplies = false;
        bool closing = false;
        bool continueOwed = false;  // "100 Continue", once the replies before it are out
        QByteArray refusalOwed;     // a refusal behind unanswered requests: sent after them
        qint64 received = 0;        // bytes inspected since the connection opened
        // Where each complete request ends in the stream, while QHttpServer may not have read
        // all of it: a refusal discards those bytes, and those requests will not be answered.
        std::deque<qint64> requestEnds;
    };

    void inspect(QTcpSocket *socket);
    // Reads chunked-body bytes from data at pos; false when the connection was refused.
    bool followChunks(QTcpSocket *socket, Connection &c, const QByteArray &data, qsizetype &pos);
    void refuse(QTcpSocket *socket, int status, const QString &reason, const QString &why);
    // Refuses the head when a line in bytes (appended to what came before, ending in `before`)
    // ends with a bare LF: QHttpServer may already have found the head's end there.
    bool refuseBareLineFeed(QTcpSocket *socket, QByteArrayView bytes, char before);
    void sendContinue(QTcpSocket *socket, Connection &connection);
    // The request is complete and waits for the console's reply: a held breakpoint may take
    // seconds, which is not the client stalling, so the idle clock stops until we answer.
    // end: the stream offset just past the request's last byte.
    void awaitReply(Connection &connection, qint64 end);

    ConnectionLimits m_limits;
    std::optional<QSslConfiguration> m_tls;
    QHash<QTcpSocket *, Connection> m_connections;
    ConnectionTally &m_tally;
    QTcpSocket *m_socketBeingRead = nullptr;
};

} // namespace callconsole

// One of the endpoint's HTTP threads: its own listening guard (sharing the port with the
// others), routes, authentication, parsing, the reply decision (rule, breakpoint or forward),
// the durable write, and only then the answer. Nothing here touches a widget; results leave
// as batched signals. What the threads share lives in EndpointShared.
#pragma once

#include "EndpointShared.h"
#include "HttpServerCompat.h"

#include <QElapsedTimer>
#include <QHash>
#include <QMutex>
#include <QPointer>
#include <QTimer>
#include <QWaitCondition>

#include <deque>
#include <functional>
#include <memory>
#include <unordered_map>

class QNetworkAccessManager;

namespace callconsole {

class EndpointWorker : public QAbstractHttpServer
{
    Q_OBJECT

public:
    // Runs work on worker `index`'s thread with that worker, or nullptr once it is gone.
    using Dispatch = std::function<void(int index, std::function<void(EndpointWorker *)> work)>;

    EndpointWorker(EndpointShared &shared, int index, Dispatch dispatch, QObject *parent = nullptr);
    ~EndpointWorker() override;

    // Listens on port (0: any; the chosen one is port()); sharePort lets other workers listen
    // on the same port.
    bool start(quint16 port, bool sharePort, QString *error);
    quint16 port() const;

    // Answer an event held on this worker; an empty reply sends the rule's default. Errors
    // describe why not.
    QString release(qint64 heldId, const QByteArray &reply);

signals:
    void deliveriesReady(const QList<callconsole::DeliveryRecord> &batch);
    void heldChanged();
    void limitHit(const QString &remoteAddress, int statusCode, const QString &reason);

protected:
    CALLCONSOLE_HTTP_HANDLE_REQUEST;
    CALLCONSOLE_HTTP_MISSING_HANDLER;

private:
    struct Exchange
    {
        std::unique_ptr<QHttpServerResponder> responder;
        QPointer<QTcpSocket> socket;   // Qt 6.4: the responder must not write to a freed socket
        bool guardSocket = false;
        bool tracked = false;          // socket was known: replies on it go out in request order
        DeliveryRecord record;
        UsedSignature signature; // the signature it passed by, kept with the record
        QElapsedTimer clock;
        http::HeaderList replyHeaders;  // beside Content-Type: a function error's header
        // The reply, once decided, waiting for the replies to earlier requests on its connection.
        bool ready = false;
        int status = 0;
        QByteArray body;
        http::HeaderList headers;
    };
    // What an upstream (a forward URL or the handler file) made of one event.
    struct UpstreamAnswer
    {
        QString upstream;               // "forward" or "handler": the reply's source
        bool answered = false;          // false: unreachable, no reply, a failing status
        bool functionError = false;     // the function failed, as Lambda reports it
        int status = 0;
        QByteArray body;
        int latencyMs = -1;
        QByteArray log;
    };
    struct Held
    {
        HeldEvent view;
        QTimer *deadline = nullptr;
    };
    struct Committed
    {
        qint64 exchange = 0;
        qint64 rowId = -1;
        QString error;
    };

    void handle(const QHttpServerRequest &request, QHttpServerResponder &&responder, QTcpSocket *socket);
    qint64 begin(const QHttpServerRequest &request, QHttpServerResponder &&responder, QTcpSocket *socket);
    void handleEvent(qint64 id, const QHttpServerRequest &request);
    void handleHeld(qint64 id, const QHttpServerRequest &request, const QString &path);
    void answerRelease(qint64 id, qint64 heldId, const QString &error);
    void forward(qint64 id, const QUrl &url, const QByteArray &fallback, const QString &source);
    void invokeHandler(qint64 id, const QByteArray &fallback, const QString &source);
    // One decision for every upstream: its reply as written, a function error passed on to
    // the service as one, or the fallback when it could not answer.
    void upstreamAnswered(qint64 id, const UpstreamAnswer &answer, const QByteArray &fallback, const QString &source);
    void hold(qint64 id, const QByteArray &defaultReply, const QString &source);
    void unhold(QHash<qint64, Held>::iterator held);
    // Records the reply and sends it once the write is durable.
    void finish(qint64 id, int status, const QByteArray &reply, const QString &source);
    // Sends the answers of events the session store has committed.
    void answerCommitted();
    // Session writes wait for the end of the current event-loop pass and go to the writer
    // together, so everything one pass accepted joins one commit.
    void queueWrite(SessionStore::Write write, qint64 exchange = 0);
    void handOverWrites();
    void reject(qint64 id, int status, const QString &reason, const QStringList &details,
                const http::HeaderList &extraHeaders = {});
    // Answers exchange id: at once if every earlier request on its connection is answered,
    // otherwise once they are (HTTP/1.1 pipelining: replies in request order).
    void send(qint64 id, int status, const QByteArray &body, const http::HeaderList &headers = {});
    void sendReadyReplies(QTcpSocket *socket);
    void write(Exchange &exchange, QTcpSocket *socket);
    // Whether the reply can still reach the client: not when it closed (or half-closed, which
    // Qt reads as closed) its connection. An event whose reply cannot be sent is not delivered.
    static bool canAnswer(const Exchange &exchange);
    // The event was received but never answered: recorded as refused, never counted as an event.
    void recordUnanswered(DeliveryRecord &record);
    void publish(const DeliveryRecord &record);

    EndpointShared &m_shared;
    const EndpointConfig &m_config;
    const int m_index;
    const Dispatch m_dispatch;
    ConnectionGuard *m_guard = nullptr;
    QNetworkAccessManager *m_network = nullptr;
    std::unordered_map<qint64, Exchange> m_exchanges; // move-only: QHash needs copyable values
    QHash<qint64, Held> m_held;
    QMutex m_committedMutex;            // filled on the writer thread, drained on this one
    QList<Committed> m_committed;
    int m_writesInFlight = 0;           // events given to the writer, not yet called back
    std::vector<SessionStore::Write> m_unwritten; // this pass's writes, not yet handed over
    std::vector<qint64> m_unwrittenExchanges;     // each one's exchange (0: a refusal, no reply owed)
    // Per connection, its exchanges in request order, until each is answered.
    std::unordered_map<QTcpSocket *, std::deque<qint64>> m_replyOrder;
    QWaitCondition m_writesDone;
    QList<DeliveryRecord> m_batch;
    QTimer m_batchTimer;
};

} // namespace callconsole

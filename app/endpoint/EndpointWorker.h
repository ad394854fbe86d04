// The endpoint's HTTP side, living on the endpoint thread: routes, authentication, parsing,
// the reply decision (rule, breakpoint or forward), the durable write, and only then the
// answer. Nothing here touches a widget; results leave as batched signals.
#pragma once

#include "EndpointAuth.h"
#include "EndpointConfig.h"
#include "HttpServerCompat.h"

#include <QElapsedTimer>
#include <QHash>
#include <QMutex>
#include <QPointer>
#include <QTimer>

#include <atomic>
#include <memory>
#include <unordered_map>

class QNetworkAccessManager;

namespace callconsole {

struct EndpointCounters
{
    std::atomic<qint64> events{0};
    std::atomic<qint64> rejected{0};
    std::atomic<qint64> held{0};
};

class EndpointWorker : public QAbstractHttpServer
{
    Q_OBJECT

public:
    EndpointWorker(EndpointConfig config, EndpointCounters &counters, QObject *parent = nullptr);
    ~EndpointWorker() override;

    bool start(QString *error);
    quint16 port() const;

    // Answer a held event; an empty reply sends the rule's default. Errors describe why not.
    QString release(qint64 heldId, const QByteArray &reply);
    QList<HeldEvent> heldEvents() const;

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
        DeliveryRecord record;
        QElapsedTimer clock;
    };
    struct Held
    {
        qint64 exchange = 0;
        HeldEvent view;
        QTimer *deadline = nullptr;
    };

    void handle(const QHttpServerRequest &request, QHttpServerResponder &&responder, QTcpSocket *socket);
    qint64 begin(const QHttpServerRequest &request, QHttpServerResponder &&responder, QTcpSocket *socket);
    void handleEvent(qint64 id, const QHttpServerRequest &request);
    void handleHeld(qint64 id, const QHttpServerRequest &request, const QString &path);
    void forward(qint64 id, const QUrl &url, const QByteArray &fallback, const QString &source);
    void hold(qint64 id, const QByteArray &defaultReply, const QString &source);
    // Records the reply and sends it once the write is durable.
    void finish(qint64 id, int status, const QByteArray &reply, const QString &source);
    void reject(qint64 id, int status, const QString &reason, const QStringList &details,
                const http::HeaderList &extraHeaders = {});
    // Sends the answers of events the session store has committed.
    void answerCommitted();
    void send(qint64 id, int status, const QByteArray &body, const http::HeaderList &headers = {});
    void publish(const DeliveryRecord &record);
    void refreshHeldView();

    EndpointConfig m_config;
    EndpointCounters &m_counters;
    EndpointAuth m_auth;
    ConnectionGuard *m_guard = nullptr;
    std::unique_ptr<SessionStore> m_store;
    QNetworkAccessManager *m_network = nullptr;
    std::unordered_map<qint64, Exchange> m_exchanges; // move-only: QHash needs copyable values
    QHash<qint64, Held> m_held;
    mutable QMutex m_heldMutex;        // heldEvents() is read from the UI thread
    QList<HeldEvent> m_heldView;
    qint64 m_nextId = 1;
    struct Committed
    {
        qint64 exchange = 0;
        qint64 rowId = -1;
        QString error;
    };
    QMutex m_committedMutex;            // filled on the writer thread, drained on this one
    QList<Committed> m_committed;
    QList<DeliveryRecord> m_batch;
    QTimer m_batchTimer;
};

} // namespace callconsole

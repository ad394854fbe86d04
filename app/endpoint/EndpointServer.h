// The embedded endpoint as the rest of the console sees it: start it, learn its URL, receive
// delivered events in batches on your own thread, and answer events held at breakpoints.
// The HTTP work runs on threads of its own (EndpointWorker, one per thread, each created
// inside its thread), which share the port, the session store and the held events.
#pragma once

#include "EndpointConfig.h"

#include <QObject>
#include <QThread>
#include <QUrl>

#include <functional>
#include <memory>
#include <vector>

namespace callconsole {

class EndpointWorker;
struct EndpointShared;

class EndpointServer : public QObject
{
    Q_OBJECT

public:
    explicit EndpointServer(EndpointConfig config, QObject *parent = nullptr);
    ~EndpointServer() override;

    bool start(QString *error);
    void stop();                      // closes the session after every queued write
    // What the next start() uses. Only while stopped: a running endpoint keeps its snapshot.
    // The object stays the same, so connections to its signals survive a restart.
    bool reconfigure(EndpointConfig config);
    bool isRunning() const { return !m_workers.empty() && m_workers.front()->worker; }
    QUrl url() const { return m_url; }
    const EndpointConfig &config() const { return m_config; }
    int workerCount() const { return int(m_workers.size()); }

    qint64 eventCount() const;
    qint64 rejectedCount() const;

    // Thread-safe. Empty reply: the rule's default. Returns why it could not be sent, or empty.
    QString release(qint64 heldId, const QByteArray &reply = {});
    QList<HeldEvent> heldEvents() const;

signals:
    // On the thread that owns this object, at most ~60 times a second per endpoint thread.
    void deliveriesReady(const QList<callconsole::DeliveryRecord> &batch);
    void heldChanged();
    void limitHit(const QString &remoteAddress, int statusCode, const QString &reason);
    // About the handler file: loaded, failed to load, reloaded after an edit.
    void handlerNotice(const QString &text);

private:
    struct Slot
    {
        std::unique_ptr<QThread> thread;
        QObject *anchor = nullptr;       // lives on thread: the context to run code there
        EndpointWorker *worker = nullptr; // set and cleared on thread only
    };

    bool startWorker(int index, quint16 port, bool sharePort, QString *error);
    // Runs work on slot index's thread with its worker (nullptr once gone).
    void dispatch(int index, std::function<void(EndpointWorker *)> work);

    EndpointConfig m_config;
    std::unique_ptr<EndpointShared> m_shared;
    std::vector<std::unique_ptr<Slot>> m_workers;
    QUrl m_url;
    qint64 m_finalEvents = 0;         // the counts once stopped
    qint64 m_finalRejected = 0;
};

} // namespace callconsole

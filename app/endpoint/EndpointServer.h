// The embedded endpoint as the rest of the console sees it: start it, learn its URL, receive
// delivered events in batches on your own thread, and answer events held at breakpoints.
// The HTTP work runs on a thread of its own (EndpointWorker), created inside that thread.
#pragma once

#include "EndpointConfig.h"

#include <QObject>
#include <QThread>
#include <QUrl>

#include <memory>

namespace callconsole {

class EndpointWorker;
struct EndpointCounters;

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
    bool isRunning() const { return m_worker != nullptr; }
    QUrl url() const { return m_url; }
    const EndpointConfig &config() const { return m_config; }

    qint64 eventCount() const;
    qint64 rejectedCount() const;

    // Thread-safe. Empty reply: the rule's default. Returns why it could not be sent, or empty.
    QString release(qint64 heldId, const QByteArray &reply = {});
    QList<HeldEvent> heldEvents() const;

signals:
    // On the thread that owns this object, at most ~60 times a second.
    void deliveriesReady(const QList<callconsole::DeliveryRecord> &batch);
    void heldChanged();
    void limitHit(const QString &remoteAddress, int statusCode, const QString &reason);

private:
    EndpointConfig m_config;
    std::unique_ptr<EndpointCounters> m_counters;
    QThread m_thread;
    QObject *m_anchor = nullptr;      // lives on m_thread: the context to run code there
    EndpointWorker *m_worker = nullptr;
    QUrl m_url;
};

} // namespace callconsole

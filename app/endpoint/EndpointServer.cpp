#include "EndpointServer.h"

#include "EndpointWorker.h"

#include <QCoreApplication>

namespace callconsole {

EndpointServer::EndpointServer(EndpointConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_counters(std::make_unique<EndpointCounters>())
{
    qRegisterMetaType<DeliveryRecord>();
    qRegisterMetaType<QList<DeliveryRecord>>();
    qRegisterMetaType<HeldEvent>();
    m_thread.setObjectName(QStringLiteral("endpoint"));
}

EndpointServer::~EndpointServer()
{
    stop();
}

bool EndpointServer::start(QString *error)
{
    if (m_worker)
        return true;
    m_thread.start();
    m_anchor = new QObject;
    m_anchor->moveToThread(&m_thread);
    bool ok = false;
    QString startError;
    // The worker (and its sockets, timers and database connection) is created on its thread.
    QMetaObject::invokeMethod(m_anchor, [&] {
        auto *worker = new EndpointWorker(m_config, *m_counters);
        ok = worker->start(&startError);
        if (ok)
            m_worker = worker;
        else
            delete worker;
    }, Qt::BlockingQueuedConnection);
    if (!ok) {
        QMetaObject::invokeMethod(m_anchor, [anchor = m_anchor] { delete anchor; }, Qt::BlockingQueuedConnection);
        m_anchor = nullptr;
        m_thread.quit();
        m_thread.wait();
        if (error)
            *error = startError;
        return false;
    }
    connect(m_worker, &EndpointWorker::deliveriesReady, this, &EndpointServer::deliveriesReady);
    connect(m_worker, &EndpointWorker::heldChanged, this, &EndpointServer::heldChanged);
    connect(m_worker, &EndpointWorker::limitHit, this, &EndpointServer::limitHit);
    QString host = m_config.host.toString();
    if (m_config.host.protocol() == QAbstractSocket::IPv6Protocol)
        host = QLatin1Char('[') + host + QLatin1Char(']');
    if (m_config.host == QHostAddress::Any || m_config.host == QHostAddress::AnyIPv4)
        host = QStringLiteral("0.0.0.0");
    const QString scheme = m_config.tlsCertificateFile.isEmpty() ? QStringLiteral("http") : QStringLiteral("https");
    m_url = QUrl(QStringLiteral("%1://%2:%3").arg(scheme, host).arg(m_worker->port()));
    return true;
}

void EndpointServer::stop()
{
    if (!m_worker)
        return;
    QMetaObject::invokeMethod(m_anchor, [this] {
        delete m_worker; // flushes the session's queued writes
        delete m_anchor;
    }, Qt::BlockingQueuedConnection);
    m_worker = nullptr;
    m_anchor = nullptr;
    m_thread.quit();
    m_thread.wait();
    // Deliver the worker's final batch now, even if no event loop runs after this.
    QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
}

bool EndpointServer::reconfigure(EndpointConfig config)
{
    if (m_worker)
        return false;
    m_config = std::move(config);
    m_url.clear();
    return true;
}

qint64 EndpointServer::eventCount() const
{
    return m_counters->events.load();
}

qint64 EndpointServer::rejectedCount() const
{
    return m_counters->rejected.load();
}

QString EndpointServer::release(qint64 heldId, const QByteArray &reply)
{
    if (!m_worker)
        return QStringLiteral("the endpoint is not running");
    QString error;
    QMetaObject::invokeMethod(m_anchor, [&] { error = m_worker->release(heldId, reply); },
                              QThread::currentThread() == &m_thread ? Qt::DirectConnection : Qt::BlockingQueuedConnection);
    return error;
}

QList<HeldEvent> EndpointServer::heldEvents() const
{
    return m_worker ? m_worker->heldEvents() : QList<HeldEvent>();
}

} // namespace callconsole

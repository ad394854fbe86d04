#include "EndpointServer.h"

#include "EndpointShared.h"
#include "EndpointWorker.h"

#include <QCoreApplication>
#include <QDateTime>

namespace callconsole {

EndpointServer::EndpointServer(EndpointConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
{
    qRegisterMetaType<DeliveryRecord>();
    qRegisterMetaType<QList<DeliveryRecord>>();
    qRegisterMetaType<HeldEvent>();
}

EndpointServer::~EndpointServer()
{
    stop();
}

bool EndpointServer::start(QString *error)
{
    if (isRunning())
        return true;
    m_shared = std::make_unique<EndpointShared>(m_config);
    m_shared->auth.setBearerToken(m_config.bearerToken);
    m_shared->auth.setHmacSecret(m_config.hmacSecret);
    if (!m_config.sessionPath.isEmpty()) {
        m_shared->store = SessionStore::open(m_config.sessionPath, error, m_config.durability);
        if (!m_shared->store) {
            m_shared.reset();
            return false;
        }
        if (!m_config.hmacSecret.isEmpty()) {
            // Signatures accepted before a restart stay used while they are fresh.
            QString readError;
            const qint64 since = QDateTime::currentSecsSinceEpoch() - EndpointAuth::replayWindowSeconds - 60;
            const QList<UsedSignature> used = SessionStore::usedSignatures(m_config.sessionPath, since, &readError);
            if (!readError.isEmpty()) {
                if (error)
                    *error = readError;
                m_shared.reset();
                return false;
            }
            for (const UsedSignature &signature : used)
                m_shared->auth.remember(signature.mac, signature.signedAt);
        }
    }
    if (m_config.handler) {
        m_shared->handler = std::make_unique<HandlerHost>(*m_config.handler);
        connect(m_shared->handler.get(), &HandlerHost::notice, this, &EndpointServer::handlerNotice);
        if (!m_shared->handler->start(error)) {
            m_shared.reset();
            return false;
        }
    }
    // Several threads share the port where the system can share out its connections. Every
    // thread exists before any worker starts: workers read the list of them (dispatch()),
    // so it never changes while one runs.
    const int workers = ConnectionGuard::canSharePort() ? std::max(1, m_config.workers) : 1;
    for (int index = 0; index < workers; ++index) {
        auto slot = std::make_unique<Slot>();
        slot->thread = std::make_unique<QThread>();
        slot->thread->setObjectName(index == 0 ? QStringLiteral("endpoint") : QStringLiteral("endpoint-%1").arg(index));
        slot->thread->start();
        slot->anchor = new QObject;
        slot->anchor->moveToThread(slot->thread.get());
        m_workers.push_back(std::move(slot));
    }
    quint16 port = m_config.port;
    for (int index = 0; index < workers; ++index) {
        if (!startWorker(index, port, workers > 1, error)) {
            stop();
            return false;
        }
        if (index == 0)
            port = m_workers.front()->worker->port(); // the others join the port the first one got
    }
    QString host = m_config.host.toString();
    if (m_config.host.protocol() == QAbstractSocket::IPv6Protocol)
        host = QLatin1Char('[') + host + QLatin1Char(']');
    if (m_config.host == QHostAddress::Any || m_config.host == QHostAddress::AnyIPv4)
        host = QStringLiteral("0.0.0.0");
    const QString scheme = m_config.tlsCertificateFile.isEmpty() ? QStringLiteral("http") : QStringLiteral("https");
    m_url = QUrl(QStringLiteral("%1://%2:%3").arg(scheme, host).arg(port));
    return true;
}

bool EndpointServer::startWorker(int index, quint16 port, bool sharePort, QString *error)
{
    Slot *raw = m_workers.at(size_t(index)).get();
    bool ok = false;
    QString startError;
    // The worker (and its sockets, timers and network access) is created on its thread.
    QMetaObject::invokeMethod(raw->anchor, [&] {
        auto *worker = new EndpointWorker(*m_shared, index, [this](int target, std::function<void(EndpointWorker *)> work) {
            dispatch(target, std::move(work));
        });
        ok = worker->start(port, sharePort, &startError);
        if (ok)
            raw->worker = worker;
        else
            delete worker;
    }, Qt::BlockingQueuedConnection);
    if (!ok) {
        if (error)
            *error = startError;
        return false;
    }
    connect(raw->worker, &EndpointWorker::deliveriesReady, this, &EndpointServer::deliveriesReady);
    connect(raw->worker, &EndpointWorker::heldChanged, this, &EndpointServer::heldChanged);
    connect(raw->worker, &EndpointWorker::limitHit, this, &EndpointServer::limitHit);
    return true;
}

void EndpointServer::dispatch(int index, std::function<void(EndpointWorker *)> work)
{
    // The list is complete before any worker starts and cleared after all have stopped, so
    // worker threads may read it. The worker pointer is read on its own thread.
    Slot *slot = m_workers[size_t(index)].get();
    QMetaObject::invokeMethod(slot->anchor, [slot, work = std::move(work)] { work(slot->worker); }, Qt::QueuedConnection);
}

void EndpointServer::stop()
{
    if (m_workers.empty() && !m_shared)
        return;
    // Workers first (each waits for the writer to finish its events), then the threads: a
    // release passed between workers meanwhile finds nullptr, not a freed worker.
    for (const auto &slot : m_workers) {
        QMetaObject::invokeMethod(slot->anchor, [raw = slot.get()] {
            delete raw->worker;
            raw->worker = nullptr;
        }, Qt::BlockingQueuedConnection);
    }
    // The handler next: results it still has find no worker, and none arrives after this.
    if (m_shared)
        m_shared->handler.reset();
    for (const auto &slot : m_workers) {
        QMetaObject::invokeMethod(slot->anchor, [anchor = slot->anchor] { delete anchor; }, Qt::BlockingQueuedConnection);
        slot->thread->quit();
        slot->thread->wait();
    }
    m_workers.clear();
    if (m_shared) {
        m_finalEvents = m_shared->counters.events.load();
        m_finalRejected = m_shared->counters.rejected.load();
    }
    m_shared.reset(); // closes the session after its last write
    // Deliver the workers' final batches now, even if no event loop runs after this.
    QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
}

bool EndpointServer::reconfigure(EndpointConfig config)
{
    if (isRunning())
        return false;
    m_config = std::move(config);
    m_url.clear();
    return true;
}

qint64 EndpointServer::eventCount() const
{
    return m_shared ? m_shared->counters.events.load() : m_finalEvents;
}

qint64 EndpointServer::rejectedCount() const
{
    return m_shared ? m_shared->counters.rejected.load() : m_finalRejected;
}

QString EndpointServer::release(qint64 heldId, const QByteArray &reply)
{
    if (!isRunning())
        return QStringLiteral("the endpoint is not running");
    const std::optional<int> owner = m_shared->held.workerOf(heldId);
    if (!owner)
        return HeldRegistry::notHeld(heldId);
    Slot *slot = m_workers.at(size_t(*owner)).get();
    QString error;
    const auto run = [&] { error = slot->worker ? slot->worker->release(heldId, reply) : QStringLiteral("the endpoint is stopping"); };
    if (QThread::currentThread() == slot->thread.get())
        run();
    else
        QMetaObject::invokeMethod(slot->anchor, run, Qt::BlockingQueuedConnection);
    return error;
}

QList<HeldEvent> EndpointServer::heldEvents() const
{
    return m_shared ? m_shared->held.events() : QList<HeldEvent>();
}

} // namespace callconsole

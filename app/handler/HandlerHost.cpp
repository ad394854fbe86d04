#include "HandlerHost.h"

#include "HandlerPool.h"

namespace callconsole {

HandlerHost::HandlerHost(HandlerConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
{
    m_thread.setObjectName(QStringLiteral("handler"));
}

HandlerHost::~HandlerHost()
{
    if (m_pool)
        QMetaObject::invokeMethod(m_pool, [pool = m_pool] { delete pool; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

bool HandlerHost::start(QString *error)
{
    auto *pool = new HandlerPool(m_config);
    if (!pool->prepare(error)) {
        delete pool;
        return false;
    }
    connect(pool, &HandlerPool::notice, this, &HandlerHost::notice);
    m_thread.start();
    pool->moveToThread(&m_thread);
    m_pool = pool;
    QMetaObject::invokeMethod(m_pool, &HandlerPool::warmUp, Qt::QueuedConnection);
    return true;
}

void HandlerHost::invoke(const QByteArray &event, HandlerProcess::Done done)
{
    QMetaObject::invokeMethod(m_pool, [pool = m_pool, event, done = std::move(done)]() mutable {
        pool->invoke(event, std::move(done));
    }, Qt::QueuedConnection);
}

} // namespace callconsole

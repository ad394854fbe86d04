#include "HeldRegistry.h"

#include <QMutexLocker>

namespace callconsole {

void HeldRegistry::insert(const HeldEvent &event, int worker)
{
    QMutexLocker lock(&m_mutex);
    m_held.insert(event.id, {event, worker});
}

void HeldRegistry::remove(qint64 id)
{
    QMutexLocker lock(&m_mutex);
    m_held.remove(id);
}

std::optional<int> HeldRegistry::workerOf(qint64 id) const
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_held.constFind(id);
    if (it == m_held.constEnd())
        return std::nullopt;
    return it->second;
}

QList<HeldEvent> HeldRegistry::events() const
{
    QMutexLocker lock(&m_mutex);
    QList<HeldEvent> events;
    events.reserve(m_held.size());
    for (const auto &entry : m_held)
        events << entry.first;
    return events;
}

QString HeldRegistry::notHeld(qint64 id)
{
    return QStringLiteral("no held event %1 (already answered, or its deadline passed)").arg(id);
}

bool HeldRegistry::isNotHeld(const QString &error)
{
    return error.startsWith(QLatin1String("no held event "));
}

} // namespace callconsole

#include "RefusalBudget.h"

#include <QMutexLocker>

#include <algorithm>

namespace callconsole {

bool RefusalBudget::admit(qint64 nowMs)
{
    QMutexLocker lock(&m_mutex);
    if (m_lastMs >= 0 && nowMs > m_lastMs)
        m_tokens = std::min<double>(burst, m_tokens + double(nowMs - m_lastMs) * perSecond / 1000.0);
    m_lastMs = std::max(m_lastMs, nowMs);
    if (m_tokens >= 1.0) {
        m_tokens -= 1.0;
        return true;
    }
    ++m_unrecorded;
    return false;
}

} // namespace callconsole

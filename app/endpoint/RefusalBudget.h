// How much of the refused deliveries the session keeps. Refusals cost a stranger nothing — no
// token, no signature — so recording each whole would let anyone who reaches the port fill
// the disk (a hundred 1 MB posts a second). The session keeps a prefix of each refused body
// and at most a few refusals a second, a burst allowed; the rest are only counted (/health).
// Thread-safe: the endpoint's threads share one.
#pragma once

#include <QMutex>
#include <QtGlobal>

#include <atomic>

namespace callconsole {

class RefusalBudget
{
public:
    static constexpr int perSecond = 10;
    static constexpr int burst = 20;
    // Body bytes kept: of a request refused before authentication, enough to recognise what
    // knocked; of an authenticated one (or on an open endpoint), enough to see what was wrong.
    static constexpr qsizetype unauthenticatedBodyBytes = 1024;
    static constexpr qsizetype bodyBytes = 64 * 1024;

    // True when a refusal at nowMs may be recorded; otherwise it is counted as unrecorded.
    bool admit(qint64 nowMs);
    qint64 unrecorded() const { return m_unrecorded.load(); }

private:
    QMutex m_mutex;
    double m_tokens = burst;
    qint64 m_lastMs = -1;
    std::atomic<qint64> m_unrecorded{0};
};

} // namespace callconsole

// The SDKs' standard retry backoff, shared by every client here.
#pragma once

#include <QRandomGenerator>

#include <algorithm>

namespace callconsole::aws {

// "Full jitter": uniform in [0, min(cap, base·2^(attempt−1))] milliseconds.
inline int fullJitterBackoffMs(int attempt, int baseDelayMs, int maxDelayMs)
{
    const qint64 ceiling = std::min<qint64>(maxDelayMs, qint64(baseDelayMs) << std::min(attempt - 1, 20));
    return int(QRandomGenerator::global()->bounded(double(ceiling) + 1.0));
}

} // namespace callconsole::aws

// Events held at a breakpoint across the endpoint's threads: which thread's connection waits
// for each, so a release from the window or from POST /held/ID reaches the right one.
#pragma once

#include "EndpointConfig.h"

#include <QList>
#include <QMap>
#include <QMutex>
#include <QString>

#include <optional>
#include <utility>

namespace callconsole {

// Events held at a breakpoint, by id, with the thread (worker index) whose connection waits.
class HeldRegistry
{
public:
    void insert(const HeldEvent &event, int worker);
    void remove(qint64 id);
    std::optional<int> workerOf(qint64 id) const;
    QList<HeldEvent> events() const; // by id: the order they were received

    // Why an event cannot be released: it is not (or no longer) held. Answered with 404.
    static QString notHeld(qint64 id);
    static bool isNotHeld(const QString &error);

private:
    mutable QMutex m_mutex;
    QMap<qint64, std::pair<HeldEvent, int>> m_held;
};

} // namespace callconsole

// The warm processes of one handler: up to `concurrency` of them, each running one invocation
// at a time; further invocations wait their turn in arrival order. Before each invocation the
// handler's sources are compared with those its processes loaded: after an edit every process
// is replaced (the busy ones once they finish), and the invocation's log and notice() say so.
#pragma once

#include "HandlerConfig.h"
#include "HandlerProcess.h"
#include "HandlerRuntime.h"
#include "HandlerSources.h"

#include <QHash>
#include <QObject>

#include <deque>
#include <vector>

namespace callconsole {

class HandlerPool : public QObject
{
    Q_OBJECT

public:
    explicit HandlerPool(HandlerConfig config, QObject *parent = nullptr);
    ~HandlerPool() override;

    // Finds the interpreter and the runtime shim; the error says what to install.
    bool prepare(QString *error);
    // Starts one process now, so that a load error shows before the first event does.
    void warmUp();
    void invoke(const QByteArray &event, HandlerProcess::Done done);

    const HandlerConfig &config() const { return m_config; }

signals:
    // One line for a person: loaded, failed to load, reloaded after an edit.
    void notice(const QString &text);

private:
    struct Pending
    {
        QByteArray event;
        HandlerProcess::Done done;
    };

    HandlerProcess *newProcess();
    void reloadIfChanged();
    void dispatch();

    HandlerConfig m_config;
    HandlerLaunch m_launch;
    std::vector<HandlerProcess *> m_processes;
    QHash<HandlerProcess *, QByteArray> m_reloadNotes; // for each process's next invocation
    std::deque<Pending> m_waiting;
    HandlerSources m_loaded;
    bool m_announceLoad = true;
};

} // namespace callconsole

// The handler's processes on a thread of their own, so that any endpoint thread can invoke
// them and none waits for another's: invoke() is thread-safe, and its callback runs on the
// host's thread (the endpoint hands the result back to its own). Stopping ends the processes.
#pragma once

#include "HandlerConfig.h"
#include "HandlerProcess.h"

#include <QObject>
#include <QThread>

namespace callconsole {

class HandlerPool;

class HandlerHost : public QObject
{
    Q_OBJECT

public:
    explicit HandlerHost(HandlerConfig config, QObject *parent = nullptr);
    ~HandlerHost() override;

    // Finds what the handler needs and starts its first process; false with the reason when
    // the interpreter or the runtime is missing.
    bool start(QString *error);
    void invoke(const QByteArray &event, HandlerProcess::Done done);
    const HandlerConfig &config() const { return m_config; }

signals:
    void notice(const QString &text); // on the thread that created the host

private:
    const HandlerConfig m_config;
    QThread m_thread;
    HandlerPool *m_pool = nullptr;
};

} // namespace callconsole

// One warm handler process: the runtime shim for the handler's language, started on the first
// invocation and kept for the next ones, as Lambda keeps an execution environment. It runs one
// invocation at a time; the request and the result go over a socket of their own (fd 3 in the
// process), so everything the handler writes on stdout and stderr is its log. A timeout kills
// the process, as Lambda does; so does a crash; either way the next invocation starts a new one.
#pragma once

#include "HandlerConfig.h"
#include "HandlerResult.h"
#include "HandlerRuntime.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QProcess>
#include <QTimer>

#include <functional>

class QLocalSocket;

namespace callconsole {

class HandlerProcess : public QObject
{
    Q_OBJECT

public:
    using Done = std::function<void(HandlerResult)>;

    // Both are the pool's, read at each start: a reload picks up a changed environment.
    HandlerProcess(const HandlerConfig &config, const HandlerLaunch &launch, QObject *parent = nullptr);
    ~HandlerProcess() override;

    bool isBusy() const { return bool(m_done); }
    bool isRunning() const { return m_process != nullptr; }
    // Runs one invocation (only when not busy); done is called once, on this thread, whatever
    // happens. notes: the console's lines to put first in the log (a reload, say).
    void invoke(const QByteArray &event, const QString &requestId, const QByteArray &notes, Done done);
    // Starts the process without an invocation, so loading problems show before an event does.
    void warmUp();
    // Ends the process once it is idle: its loaded code is out of date.
    void retire();

signals:
    void available();
    // Each time the process has loaded the handler: the runtime's name, or why it did not load.
    void loaded(const QString &runtime, const QString &error);

private:
    enum class State { Stopped, Starting, Ready };

    void start();
    void sendRequest();
    void readChannel();
    void onFrame(const QJsonObject &frame);
    void onExited(int exitCode, QProcess::ExitStatus status);
    void complete(bool functionError, const QByteArray &payload, const QByteArray &note = {});
    void shutDown();
    QByteArray drainOutput();
    void note(const QByteArray &line);

    const HandlerConfig &m_config;
    const HandlerLaunch &m_launch;
    QProcess *m_process = nullptr;
    QLocalSocket *m_channel = nullptr;
    QByteArray m_received;
    QByteArray m_log;             // written since the last invocation ended
    State m_state = State::Stopped;
    bool m_retired = false;
    QByteArray m_runtimeName;     // "node v20.1.0", from the ready frame
    QByteArray m_idleNote;        // what happened while no invocation ran

    // The invocation in progress.
    Done m_done;
    QByteArray m_event;
    QByteArray m_notes;           // the console's lines that go first in its log
    QString m_requestId;
    qint64 m_requestNumber = 0;
    QElapsedTimer m_clock;
    QTimer m_deadline;            // the function timeout, from the request's sending
    QTimer m_initDeadline;        // loading the handler, as Lambda's 10 s init phase
};

} // namespace callconsole

#include "HandlerProcess.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocalSocket>
#include <QtEndian>

#include <cerrno>
#include <cstring>
#include <utility>

#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>
#ifdef Q_OS_LINUX
#include <sys/prctl.h>
#endif

namespace callconsole {

namespace {

constexpr int initTimeoutMs = 10000; // Lambda's limit on loading a function
constexpr int channelFd = 3;

QByteArray frame(const QByteArray &json)
{
    QByteArray bytes(4, Qt::Uninitialized);
    qToBigEndian<quint32>(quint32(json.size()), bytes.data());
    return bytes + json;
}

QByteArray errorJson(const QString &type, const QString &message)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("errorType"), type}, {QStringLiteral("errorMessage"), message}})
        .toJson(QJsonDocument::Compact);
}

// Any JSON value, written compactly (QJsonDocument only holds objects and arrays).
QByteArray valueJson(const QJsonValue &value)
{
    if (value.isObject())
        return QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

QString seconds(int ms)
{
    return QString::number(ms / 1000.0, 'f', 2);
}

} // namespace

HandlerProcess::HandlerProcess(const HandlerConfig &config, const HandlerLaunch &launch, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_launch(launch)
{
    m_deadline.setSingleShot(true);
    m_initDeadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        // As Lambda: the invocation fails and its environment is thrown away.
        const QByteArray log = drainOutput();
        m_log += log;
        shutDown();
        const QString message = QStringLiteral("Task timed out after %1 seconds").arg(seconds(m_config.timeoutMs));
        complete(true, errorJson(QStringLiteral("Sandbox.Timedout"), message), message.toUtf8());
    });
    connect(&m_initDeadline, &QTimer::timeout, this, [this] {
        m_log += drainOutput();
        shutDown();
        const QString message = QStringLiteral("the handler did not finish loading within %1 seconds").arg(seconds(initTimeoutMs));
        complete(true, errorJson(QStringLiteral("Runtime.InitTimeout"), message), message.toUtf8());
    });
}

HandlerProcess::~HandlerProcess()
{
    shutDown();
}

void HandlerProcess::invoke(const QByteArray &event, const QString &requestId, const QByteArray &notes, Done done)
{
    Q_ASSERT(!m_done);
    m_done = std::move(done);
    m_event = event;
    m_requestId = requestId;
    ++m_requestNumber;
    m_clock.start();
    m_notes = notes + std::exchange(m_idleNote, {});
    if (m_state == State::Stopped)
        start();
    else if (m_state == State::Ready)
        sendRequest();
}

void HandlerProcess::warmUp()
{
    if (m_state == State::Stopped && !isBusy())
        start();
}

void HandlerProcess::retire()
{
    m_retired = true;
    if (!isBusy())
        shutDown();
}

void HandlerProcess::start()
{
    m_retired = false;
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
        complete(true, errorJson(QStringLiteral("Runtime.StartError"),
                                 QStringLiteral("cannot open the channel to the handler: %1").arg(QString::fromLocal8Bit(strerror(errno)))));
        return;
    }
    const int childEnd = fds[1];
    m_process = new QProcess(this);
    m_process->setProcessChannelMode(QProcess::MergedChannels); // one log, in the order written
    m_process->setStandardInputFile(QProcess::nullDevice());
    m_process->setWorkingDirectory(m_launch.workingDirectory);
    m_process->setProcessEnvironment(m_launch.environment);
    m_process->setChildProcessModifier([childEnd] {
        // In the child, between fork and exec: only async-signal-safe calls.
        if (childEnd == channelFd)
            ::fcntl(channelFd, F_SETFD, ::fcntl(channelFd, F_GETFD) & ~FD_CLOEXEC);
        else
            ::dup2(childEnd, channelFd); // the copy does not close on exec
#ifdef Q_OS_LINUX
        ::prctl(PR_SET_PDEATHSIG, SIGKILL); // never outlive the console
#endif
    });
    connect(m_process, &QProcess::readyReadStandardOutput, this, [this] { m_log += m_process->readAllStandardOutput(); });
    connect(m_process, &QProcess::finished, this, &HandlerProcess::onExited);
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart)
            return;
        const QString why = m_process->errorString();
        shutDown();
        complete(true, errorJson(QStringLiteral("Runtime.StartError"),
                                 QStringLiteral("cannot start %1: %2").arg(m_launch.program, why)));
    });
    m_state = State::Starting;
    m_process->start(m_launch.program, m_launch.arguments);
    ::close(childEnd);
    if (!m_process) // failed to start: already reported
    {
        ::close(fds[0]);
        return;
    }
    m_channel = new QLocalSocket(this);
    m_channel->setSocketDescriptor(fds[0]);
    connect(m_channel, &QLocalSocket::readyRead, this, &HandlerProcess::readChannel);
    m_initDeadline.start(initTimeoutMs);
}

void HandlerProcess::sendRequest()
{
    const qint64 deadline = QDateTime::currentMSecsSinceEpoch() + m_config.timeoutMs;
    // The event is spliced in as received: it was checked to be one JSON object already.
    const QByteArray request = "{\"id\":" + QByteArray::number(m_requestNumber) + ",\"requestId\":\""
                             + m_requestId.toLatin1() + "\",\"deadlineMs\":" + QByteArray::number(deadline)
                             + ",\"event\":" + m_event + '}';
    m_channel->write(frame(request));
    m_deadline.start(m_config.timeoutMs);
}

void HandlerProcess::readChannel()
{
    m_received += m_channel->readAll();
    while (m_received.size() >= 4) {
        const quint32 length = qFromBigEndian<quint32>(m_received.constData());
        if (quint32(m_received.size()) < 4 + length)
            return;
        const QJsonObject message = QJsonDocument::fromJson(m_received.mid(4, length)).object();
        m_received.remove(0, 4 + length);
        onFrame(message);
        if (!m_channel)
            return;
    }
}

void HandlerProcess::onFrame(const QJsonObject &message)
{
    const QString type = message.value(QLatin1String("type")).toString();
    if (type == QLatin1String("ready")) {
        m_initDeadline.stop();
        m_state = State::Ready;
        m_runtimeName = message.value(QLatin1String("runtime")).toString().toUtf8();
        // Lambda's own line for a new execution environment, before what the module printed.
        const QByteArray init = "INIT_START Runtime Version: " + m_runtimeName + '\n';
        m_log = m_log.isEmpty() ? init : init + m_log;
        emit loaded(QString::fromUtf8(m_runtimeName), {});
        if (isBusy())
            sendRequest();
        return;
    }
    if (type == QLatin1String("initError")) {
        m_initDeadline.stop();
        m_log += drainOutput();
        shutDown(); // it exits by itself; the next invocation tries the file again
        const QJsonObject error = message.value(QLatin1String("error")).toObject();
        emit loaded({}, QStringLiteral("%1: %2").arg(error.value(QLatin1String("errorType")).toString(),
                                                     error.value(QLatin1String("errorMessage")).toString()));
        if (!isBusy()) {
            m_log.clear(); // the next invocation loads the file again and logs the same
            return;
        }
        complete(true, valueJson(error));
        return;
    }
    if (!isBusy() || message.value(QLatin1String("id")).toInteger() != m_requestNumber)
        return; // an answer to an invocation already given up on
    m_deadline.stop();
    m_log += drainOutput();
    if (type == QLatin1String("result"))
        complete(false, valueJson(message.value(QLatin1String("result"))));
    else
        complete(true, valueJson(message.value(QLatin1String("error"))));
}

void HandlerProcess::onExited(int exitCode, QProcess::ExitStatus status)
{
    m_log += m_process->readAllStandardOutput();
    const QString how = status == QProcess::CrashExit ? QStringLiteral("signal %1").arg(exitCode)
                                                      : QStringLiteral("exit status %1").arg(exitCode);
    shutDown();
    const QString message = QStringLiteral("Runtime exited with error: %1").arg(how);
    if (isBusy()) {
        complete(true, errorJson(QStringLiteral("Runtime.ExitError"),
                                 QStringLiteral("RequestId: %1 Error: %2").arg(m_requestId, message)),
                 message.toUtf8());
    } else {
        m_idleNote += message.toUtf8() + " (between invocations; started again for this one)\n";
    }
}

void HandlerProcess::complete(bool functionError, const QByteArray &payload, const QByteArray &note)
{
    m_deadline.stop();
    m_initDeadline.stop();
    if (!note.isEmpty())
        this->note(note);
    HandlerResult result;
    result.requestId = m_requestId;
    result.functionError = functionError;
    result.payload = payload;
    result.log = std::exchange(m_notes, {}) + std::exchange(m_log, {});
    result.durationMs = int(m_clock.elapsed());
    Done done = std::exchange(m_done, {});
    if (m_retired)
        shutDown();
    if (done)
        done(std::move(result));
    emit available();
}

void HandlerProcess::note(const QByteArray &line)
{
    if (!m_log.isEmpty() && !m_log.endsWith('\n'))
        m_log += '\n';
    m_log += line + '\n';
}

QByteArray HandlerProcess::drainOutput()
{
    // What the handler wrote before answering is in the pipe by now (its writes to a pipe
    // finish before it sends the result); read it so the log belongs to this invocation.
    if (!m_process)
        return {};
    for (int i = 0; i < 64 && m_process->waitForReadyRead(0); ++i) {
    }
    return m_process->readAllStandardOutput();
}

void HandlerProcess::shutDown()
{
    m_state = State::Stopped;
    m_initDeadline.stop();
    if (m_channel) {
        m_channel->disconnect(this);
        m_channel->abort();
        m_channel->deleteLater();
        m_channel = nullptr;
    }
    m_received.clear();
    if (m_process) {
        m_process->disconnect(this);
        if (m_process->state() != QProcess::NotRunning) {
            m_process->kill();
            m_process->waitForFinished(2000);
        }
        m_process->deleteLater();
        m_process = nullptr;
    }
}

} // namespace callconsole

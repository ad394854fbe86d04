#include "HandlerPool.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>

#include <algorithm>
#include <utility>

namespace callconsole {

HandlerPool::HandlerPool(HandlerConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
{
    m_config.concurrency = std::max(1, m_config.concurrency);
}

HandlerPool::~HandlerPool()
{
    for (Pending &pending : m_waiting) {
        HandlerResult gone;
        gone.functionError = true;
        gone.payload = R"({"errorType":"Runtime.Stopped","errorMessage":"the console stopped before this invocation ran"})";
        pending.done(gone);
    }
    qDeleteAll(m_processes); // kills them
}

bool HandlerPool::prepare(QString *error)
{
    const std::optional<HandlerLaunch> launch = handlerLaunch(m_config, error);
    if (!launch)
        return false;
    m_launch = *launch;
    m_loaded = HandlerSources::scan(m_config.spec.folder(), m_config.environmentFile);
    return true;
}

HandlerProcess *HandlerPool::newProcess()
{
    auto *process = new HandlerProcess(m_config, m_launch, this);
    connect(process, &HandlerProcess::available, this, &HandlerPool::dispatch);
    connect(process, &HandlerProcess::loaded, this, [this](const QString &runtime, const QString &error) {
        // Said once after start-up and after each edit, and whenever loading fails; a restart
        // after a crash or timeout loads the same code again without a word.
        const QString file = QFileInfo(m_config.spec.file).fileName();
        if (!error.isEmpty())
            emit notice(QStringLiteral("handler %1 did not load: %2").arg(file, error));
        else if (std::exchange(m_announceLoad, false))
            emit notice(QStringLiteral("handler %1 loaded (%2)").arg(file, runtime));
    });
    m_processes.push_back(process);
    return process;
}

void HandlerPool::warmUp()
{
    (m_processes.empty() ? newProcess() : m_processes.front())->warmUp();
}

void HandlerPool::invoke(const QByteArray &event, HandlerProcess::Done done)
{
    reloadIfChanged();
    m_waiting.push_back({event, std::move(done)});
    dispatch();
}

void HandlerPool::reloadIfChanged()
{
    HandlerSources now = HandlerSources::scan(m_config.spec.folder(), m_config.environmentFile);
    const QString changed = now.changedSince(m_loaded);
    if (changed.isEmpty())
        return;
    m_loaded = std::move(now);
    if (!m_config.environmentFile.isEmpty()) {
        QString error;
        const auto environment = loadHandlerEnvironment(m_config.environmentFile, m_config.spec.functionName(), &error);
        if (environment)
            m_config.environment = *environment;
        else
            emit notice(error + QStringLiteral(" — the handler keeps the environment it had"));
        if (const auto launch = handlerLaunch(m_config, &error))
            m_launch = *launch;
    }
    if (m_config.spec.file.isEmpty() || !QFileInfo::exists(m_config.spec.file)) {
        emit notice(QStringLiteral("handler %1 is gone").arg(m_config.spec.file));
    } else {
        emit notice(QStringLiteral("%1 changed: the handler reloads on this event").arg(changed));
    }
    m_announceLoad = true;
    for (HandlerProcess *process : m_processes) {
        m_reloadNotes.insert(process, QStringLiteral("RELOAD %1 changed\n").arg(changed).toUtf8());
        process->retire();
    }
}

void HandlerPool::dispatch()
{
    while (!m_waiting.empty()) {
        auto idle = std::find_if(m_processes.begin(), m_processes.end(), [](HandlerProcess *p) { return !p->isBusy(); });
        HandlerProcess *process = nullptr;
        if (idle != m_processes.end())
            process = *idle;
        else if (int(m_processes.size()) < m_config.concurrency)
            process = newProcess();
        else
            return; // every process is busy: the next to finish takes the oldest waiting
        Pending next = std::move(m_waiting.front());
        m_waiting.pop_front();
        if (!QFileInfo::exists(m_config.spec.file)) {
            HandlerResult missing;
            missing.requestId = QUuid::createUuid().toString(QUuid::WithoutBraces);
            missing.functionError = true;
            missing.payload = QJsonDocument(QJsonObject{{QStringLiteral("errorType"), QStringLiteral("Runtime.ImportModuleError")},
                                                        {QStringLiteral("errorMessage"),
                                                         QStringLiteral("the handler file %1 does not exist").arg(m_config.spec.file)}})
                                  .toJson(QJsonDocument::Compact);
            next.done(missing);
            continue;
        }
        process->invoke(next.event, QUuid::createUuid().toString(QUuid::WithoutBraces), m_reloadNotes.take(process),
                        std::move(next.done));
    }
}

} // namespace callconsole

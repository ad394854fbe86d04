#include "SessionController.h"

#include "BuiltInSession.h"
#include "EndpointServer.h"
#include "MainWindow.h"
#include "PreferencesController.h"
#include "SessionCopy.h"
#include "SessionFiles.h"
#include "SessionStore.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>

#include <utility>

namespace callconsole {

SessionController::SessionController(MainWindow *window, PreferencesController *preferences)
    : QObject(window)
    , m_window(window)
    , m_preferences(preferences)
    , m_directory(sessionfiles::defaultDirectory())
    , m_maskExports(new QAction(tr("&Mask exports"), this))
{
    m_maskExports->setCheckable(true);
    m_maskExports->setStatusTip(tr("Exports hide phone numbers (country code and last 2 digits kept), account ids and header values"));
}

bool SessionController::start(BuiltInSession *session, double speed, const std::optional<ReplyRules> &rules, QString *error)
{
    m_session = session;
    QStringList notices;
    EndpointConfig endpoint = m_preferences->endpointConfig(&notices);
    if (rules)
        endpoint.rules = *rules;
    QDir().mkpath(m_directory);
    endpoint.sessionPath = sessionfiles::newSessionPath(m_directory);
    const SimulatorConfig simulator = m_preferences->simulatorConfig(speed, &notices);
    QString startError;
    bool started = session->start(endpoint, simulator, &startError);
    if (!started && (endpoint.host != QHostAddress(QHostAddress::LocalHost) || endpoint.port != 0
                     || !endpoint.tlsCertificateFile.isEmpty())) {
        // Saved settings that cannot start here (a port now taken) must not keep the console shut.
        notices << tr("Endpoint: %1 — listening on 127.0.0.1 instead (Preferences, Ctrl+,)").arg(startError);
        EndpointConfig fallback;
        fallback.rules = endpoint.rules;
        fallback.sessionPath = endpoint.sessionPath;
        started = session->start(fallback, simulator, &startError);
    }
    if (!started && !endpoint.sessionPath.isEmpty()) {
        // A session folder that cannot be written must not keep the console shut either.
        notices << tr("Sessions: %1 — deliveries are not recorded").arg(startError);
        EndpointConfig unrecorded = session->endpointConfig();
        unrecorded.sessionPath.clear();
        started = session->start(unrecorded, simulator, &startError);
    }
    if (!started) {
        if (error)
            *error = startError;
        return false;
    }
    m_preferences->attach(session, speed);
    m_ownPath = session->sessionPath();
    m_deliveries = 0;
    connect(session, &BuiltInSession::deliveriesReady, this, [this](const QList<DeliveryRecord> &batch) {
        m_deliveries += batch.size();
    });
    showTitle();
    for (const QString &notice : std::as_const(notices))
        emit this->notice(notice);
    return true;
}

QString SessionController::currentPath() const
{
    return m_session && !m_session->sessionPath().isEmpty() ? m_session->sessionPath() : m_viewPath;
}

void SessionController::showTitle()
{
    const QString path = currentPath();
    m_window->setWindowFilePath(path);
    m_window->setWindowTitle(path.isEmpty() ? tr("Call Console") : tr("Call Console — %1").arg(QDir::toNativeSeparators(path)));
}

QString SessionController::switchTo(const QString &path, bool create)
{
    if (!m_session || !m_session->endpoint()) {
        // Nothing records: the window only shows the file.
        QString error;
        if (!m_window->openSession(path, &error))
            return error;
        m_viewPath = path;
        showTitle();
        return {};
    }
    const QString previous = m_session->sessionPath();
    EndpointConfig config = m_session->endpointConfig();
    config.sessionPath = path;
    QString error;
    // The endpoint hands over its last deliveries as it stops: they count for the file left.
    qint64 previousDeliveries = 0;
    // Loaded while the endpoint is stopped: no delivery can land between reading the file and
    // recording into it, so the window shows each one exactly once.
    const bool restarted = m_session->restartEndpoint(config, &error, [&] {
        previousDeliveries = std::exchange(m_deliveries, 0);
        if (create) {
            QString createError;
            if (!SessionStore::open(path, &createError))
                error = createError;
        }
        if (error.isEmpty())
            m_window->openSession(path, &error);
    });
    if (!restarted || !error.isEmpty()) {
        // Back to the file the window had, both what it shows and where it records.
        QString ignored;
        if (restarted) {
            EndpointConfig back = config;
            back.sessionPath = previous;
            m_session->restartEndpoint(back, &ignored, [&] { m_window->openSession(previous, &ignored); });
        } else {
            m_window->openSession(previous, &ignored);
        }
        if (error.isEmpty())
            error = tr("%1: could not record into it").arg(path);
        m_deliveries += previousDeliveries;
        showTitle();
        return error;
    }
    const QString left = m_ownPath;
    m_ownPath = create ? path : QString();
    if (left != path)
        removeIfUnused(left, previousDeliveries);
    showTitle();
    return {};
}

void SessionController::finish()
{
    if (m_session && m_session->endpoint() && m_session->endpoint()->isRunning())
        return; // still recording: the file is in use
    removeIfUnused(m_ownPath, m_deliveries);
    m_ownPath.clear();
}

void SessionController::removeIfUnused(const QString &path, qint64 deliveries) const
{
    if (path.isEmpty() || deliveries > 0 || !QFile::exists(path))
        return;
    // The window's count is a shortcut; the file itself decides (an unreadable one is kept).
    QString error;
    if (!SessionStore::readAll(path, &error).isEmpty() || !error.isEmpty())
        return;
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm"), QStringLiteral("-journal")})
        QFile::remove(path + suffix);
}

QString SessionController::newSession()
{
    QDir().mkpath(m_directory);
    const QString error = switchTo(sessionfiles::newSessionPath(m_directory), true);
    if (error.isEmpty())
        emit notice(tr("Recording into %1").arg(QDir::toNativeSeparators(currentPath())));
    return error;
}

QString SessionController::open(const QString &path)
{
    if (!QFileInfo::exists(path))
        return tr("%1: no such session file").arg(path);
    // A file that is not a session is refused before anything changes.
    QString error;
    SessionStore::readAll(path, &error);
    if (!error.isEmpty())
        return error;
    return switchTo(QFileInfo(path).absoluteFilePath(), false);
}

QString SessionController::saveCopyAs(const QString &path) const
{
    const QString source = currentPath();
    if (source.isEmpty())
        return tr("nothing is recorded yet: there is no session file to save");
    return copySession(source, path);
}

QString SessionController::exportTo(const QString &path, SessionExportFormat format) const
{
    const QString source = currentPath();
    if (source.isEmpty())
        return tr("nothing is recorded yet: there is no session to export");
    return exportSessionFile(source, path, format, SessionExportOptions{m_maskExports->isChecked()});
}

void SessionController::newSessionFromMenu()
{
    const QString error = newSession();
    if (!error.isEmpty())
        QMessageBox::warning(m_window, tr("New session"), error);
}

void SessionController::openWithDialog()
{
    const QString path = QFileDialog::getOpenFileName(m_window, tr("Open session"), m_directory, sessionfiles::openFilter());
    if (path.isEmpty())
        return;
    const QString error = open(path);
    if (!error.isEmpty())
        QMessageBox::warning(m_window, tr("Open session"), error);
}

void SessionController::saveAsWithDialog()
{
    QString path = QFileDialog::getSaveFileName(m_window, tr("Save session as"), QDir::homePath(), sessionfiles::saveFilter());
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QLatin1Char('.') + sessionfiles::suffix();
    const QString error = saveCopyAs(path);
    if (!error.isEmpty())
        QMessageBox::warning(m_window, tr("Save session as"), error);
    else
        emit notice(tr("Saved a copy as %1; recording goes on in %2").arg(QDir::toNativeSeparators(path),
                                                                          QDir::toNativeSeparators(currentPath())));
}

void SessionController::exportWithDialog()
{
    const QString json = tr("JSON — transactions and every delivery (*.json)");
    const QString jsonl = tr("JSON Lines — one event per line, for analyze and replay (*.jsonl)");
    const QString har = tr("HAR — HTTP Archive for browser devtools and HAR viewers (*.har)");
    QString filter = json;
    const bool masked = m_maskExports->isChecked();
    QString path = QFileDialog::getSaveFileName(m_window, masked ? tr("Export session (masked)") : tr("Export session"),
                                                QDir::home().filePath(QFileInfo(currentPath()).completeBaseName() + QStringLiteral(".json")),
                                                json + QStringLiteral(";;") + jsonl + QStringLiteral(";;") + har, &filter);
    if (path.isEmpty())
        return;
    // The typed suffix decides; without one, the chosen filter does.
    const QString suffix = QFileInfo(path).suffix().toLower();
    SessionExportFormat format = filter == jsonl ? SessionExportFormat::JsonLines
                               : filter == har   ? SessionExportFormat::Har
                                                 : SessionExportFormat::Json;
    if (const std::optional<SessionExportFormat> named = sessionExportFormat(suffix))
        format = *named;
    else if (suffix.isEmpty())
        path += format == SessionExportFormat::JsonLines ? QStringLiteral(".jsonl")
              : format == SessionExportFormat::Har       ? QStringLiteral(".har")
                                                         : QStringLiteral(".json");
    const QString error = exportTo(path, format);
    if (!error.isEmpty())
        QMessageBox::warning(m_window, tr("Export session"), error);
    else
        emit notice(masked ? tr("Exported %1, masked").arg(QDir::toNativeSeparators(path))
                           : tr("Exported %1").arg(QDir::toNativeSeparators(path)));
}

} // namespace callconsole

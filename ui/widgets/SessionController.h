// The window's session file: every delivery is recorded in one (a new file per run, under
// AppDataLocation/sessions), its name is in the title, and File offers New session, Open
// session…, Save session as… (a consistent copy while recording goes on) and Export session…
// (JSON, JSONL or HAR, masked when File ▸ Mask exports is on: exactly what `callconsole export`
// writes). A file the console named itself
// (the run's, or New session's) that recorded nothing is removed when the window leaves it, so
// runs without calls leave no empty files; a file the user opened is never removed.
#pragma once

#include "ReplyRules.h"
#include "SessionExport.h"

#include <QObject>
#include <QPointer>

class QAction;

#include <optional>

namespace callconsole {

class BuiltInSession;
class MainWindow;
class PreferencesController;

class SessionController : public QObject
{
    Q_OBJECT

public:
    SessionController(MainWindow *window, PreferencesController *preferences);

    // Starts session with the preferences' endpoint and simulator, recording into a new file.
    // Settings that do not start here are replaced by the defaults, and a notice says so.
    bool start(BuiltInSession *session, double speed, const std::optional<ReplyRules> &rules, QString *error);

    QString currentPath() const;
    QString directory() const { return m_directory; }
    void setDirectory(const QString &directory) { m_directory = directory; }

    // Each returns why it could not, or an empty string.
    QString newSession();
    // The window shows the file's transactions, and the endpoint records into it from then on.
    QString open(const QString &path);
    QString saveCopyAs(const QString &path) const;
    QString exportTo(const QString &path, SessionExportFormat format) const;
    // File ▸ Mask exports: phone numbers, account ids and header values hidden (ExportMask).
    QAction *maskExportsAction() const { return m_maskExports; }
    // The session has stopped (the window is closing): removes the file it recorded into if the
    // console named it and nothing was recorded.
    void finish();

public slots:
    void openWithDialog();
    void saveAsWithDialog();
    void exportWithDialog();
    void newSessionFromMenu();

signals:
    void notice(const QString &message);

private:
    QString switchTo(const QString &path, bool create);
    void showTitle();
    void removeIfUnused(const QString &path, qint64 deliveries) const;

    MainWindow *m_window;
    PreferencesController *m_preferences;
    QPointer<BuiltInSession> m_session;
    QString m_directory;
    QString m_viewPath; // the file shown when no endpoint records
    QString m_ownPath;  // the file recorded into, when the console named it (not the user)
    qint64 m_deliveries = 0; // handed to the window since recording into the current file began
    QAction *m_maskExports;
};

} // namespace callconsole

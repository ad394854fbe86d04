// File ▸ Import logs… and Import from CloudWatch…: production logs (a Lambda's log text, `aws
// logs filter-log-events` JSON, the CloudWatch console's exports, or the log group itself) read
// as `callconsole import` and `logs` read them into a new session file, which the window then
// opens like any recorded session.
#pragma once

#include <QObject>
#include <QStringList>

class QAction;
class QWidget;

namespace callconsole {

class CloudWatchImportDialog;
class PreferencesController;
class SessionController;

class LogImportActions : public QObject
{
    Q_OBJECT

public:
    LogImportActions(QWidget *window, SessionController *sessions, PreferencesController *preferences);

    QAction *importLogsAction() const { return m_importLogs; }
    QAction *importFromCloudWatchAction() const { return m_importFromCloudWatch; }
    // The dialog Import from CloudWatch… opens (for its profile and region: Preferences'); the
    // window opens the session it imports.
    CloudWatchImportDialog *makeCloudWatchDialog();

    // Imports files into a new session in the sessions folder and opens it. Returns why it
    // could not, or an empty string; findings about the logs go to notice() and, for malformed
    // events, to *malformed.
    QString importFiles(const QStringList &files, QStringList *malformed = nullptr);

signals:
    void notice(const QString &message);

private:
    void importWithDialog();

    QWidget *m_window;
    SessionController *m_sessions;
    PreferencesController *m_preferences;
    QAction *m_importLogs;
    QAction *m_importFromCloudWatch;
};

} // namespace callconsole

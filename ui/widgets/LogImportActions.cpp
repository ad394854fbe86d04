#include "LogImportActions.h"

#include "CloudWatchImportDialog.h"
#include "LogFormats.h"
#include "LogImporter.h"
#include "PreferencesController.h"
#include "SessionController.h"
#include "SessionFiles.h"
#include "SessionImport.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QMessageBox>

namespace callconsole {

LogImportActions::LogImportActions(QWidget *window, SessionController *sessions, PreferencesController *preferences)
    : QObject(window)
    , m_window(window)
    , m_sessions(sessions)
    , m_preferences(preferences)
    , m_importLogs(new QAction(tr("&Import logs…"), this))
    , m_importFromCloudWatch(new QAction(tr("Import from &CloudWatch…"), this))
{
    m_importFromCloudWatch->setStatusTip(tr("Read a Lambda's CloudWatch log group (FilterLogEvents) into a new session"));
    connect(m_importFromCloudWatch, &QAction::triggered, this, [this] {
        CloudWatchImportDialog *dialog = makeCloudWatchDialog();
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });
    m_importLogs->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I));
    m_importLogs->setStatusTip(tr("Read a Lambda's logs (log text, CloudWatch JSON or console exports) into a new session"));
    connect(m_importLogs, &QAction::triggered, this, &LogImportActions::importWithDialog);
}

QString LogImportActions::importFiles(const QStringList &files, QStringList *malformed)
{
    logs::LogImporter importer;
    for (const QString &path : files) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return tr("%1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        const logs::LogReadResult read = logs::readLogRecords(file.readAll(), logs::LogFormat::Auto, QFileInfo(path).fileName());
        if (!read.error.isEmpty())
            return tr("%1: not %2 — %3").arg(QDir::toNativeSeparators(path), logs::toString(read.format), read.error);
        for (const logs::LogRecord &record : read.records)
            importer.add(record);
    }
    const QList<logs::ImportedInvocation> invocations = importer.takeAll();
    const logs::ImportSummary &summary = importer.summary();
    if (malformed) {
        for (const logs::ImportFinding &finding : summary.malformed)
            malformed->append(finding.where + QStringLiteral(": ") + finding.message);
    }
    if (invocations.isEmpty())
        return tr("No invocation event in these logs (%1). The handler has to log each event it receives as JSON, "
                  "e.g. console.log(JSON.stringify(event)).").arg(summary.text());
    QDir().mkpath(m_sessions->directory());
    const QString path = sessionfiles::newSessionPath(m_sessions->directory());
    QString error = logs::writeToSessionFile(path, invocations);
    if (error.isEmpty())
        error = m_sessions->open(path);
    if (error.isEmpty())
        emit notice(tr("Imported %1 into %2").arg(summary.text(), QDir::toNativeSeparators(path)));
    return error;
}

CloudWatchImportDialog *LogImportActions::makeCloudWatchDialog()
{
    const ConsoleSettings &settings = m_preferences->settings();
    auto *dialog = new CloudWatchImportDialog(settings.awsProfile, settings.awsRegion, m_sessions->directory(), m_window);
    connect(dialog, &CloudWatchImportDialog::imported, this, [this](const QString &path, const QString &summary) {
        const QString error = m_sessions->open(path);
        if (!error.isEmpty())
            QMessageBox::warning(m_window, tr("Import from CloudWatch"), error);
        else
            emit notice(tr("Imported %1 into %2").arg(summary, QDir::toNativeSeparators(path)));
    });
    return dialog;
}

void LogImportActions::importWithDialog()
{
    const QStringList files = QFileDialog::getOpenFileNames(
        m_window, tr("Import logs"), QDir::homePath(),
        tr("Logs (*.log *.txt *.json *.csv *.md);;All files (*)"));
    if (files.isEmpty())
        return;
    QStringList malformed;
    const QString error = importFiles(files, &malformed);
    if (!error.isEmpty()) {
        QMessageBox::warning(m_window, tr("Import logs"), error);
        return;
    }
    if (!malformed.isEmpty()) {
        constexpr int shown = 15;
        QString text = tr("%n event(s) could not be read and were left out:\n", nullptr, int(malformed.size()))
                       + malformed.mid(0, shown).join(QLatin1Char('\n'));
        if (malformed.size() > shown)
            text += tr("\n… and %1 more").arg(malformed.size() - shown);
        QMessageBox::warning(m_window, tr("Import logs"), text);
    }
}

} // namespace callconsole

#include "SessionFiles.h"

#include <QDir>
#include <QFile>
#include <QObject>
#include <QStandardPaths>

namespace callconsole::sessionfiles {

QString openFilter()
{
    return QObject::tr("Sessions (*.ccsession *.sqlite *.db);;All files (*)");
}

QString saveFilter()
{
    return QObject::tr("Sessions (*.ccsession)");
}

QString defaultDirectory()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(QStringLiteral("sessions"));
}

QString newSessionPath(const QString &directory, const QDateTime &now)
{
    const QDir dir(directory);
    const QString stem = QStringLiteral("session-") + now.toString(QStringLiteral("yyyyMMdd-HHmmss"));
    QString path = dir.filePath(stem + QLatin1Char('.') + suffix());
    for (int n = 2; QFile::exists(path); ++n)
        path = dir.filePath(QStringLiteral("%1-%2.%3").arg(stem).arg(n).arg(suffix()));
    return path;
}

} // namespace callconsole::sessionfiles

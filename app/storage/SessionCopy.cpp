#include "SessionCopy.h"

#include "SessionStore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace callconsole {

namespace {

QString copyWith(QSqlDatabase &db, const QString &source, const QString &partial)
{
    if (!db.open())
        return QStringLiteral("%1: cannot open the session: %2").arg(source, db.lastError().text());
    QSqlQuery query(db);
    // A file that is not a session must not be passed off as one under a new name.
    if (!query.exec(QStringLiteral("PRAGMA user_version")) || !query.next())
        return QStringLiteral("%1: %2").arg(source, query.lastError().text());
    const int version = query.value(0).toInt();
    if (version < 1 || version > SessionStore::schemaVersion)
        return QStringLiteral("%1: not a Call Console session (schema version %2)").arg(source).arg(version);
    query.finish();
    query.prepare(QStringLiteral("VACUUM INTO ?"));
    query.addBindValue(partial);
    if (!query.exec())
        return QStringLiteral("copying %1 to %2: %3").arg(source, partial, query.lastError().text());
    return {};
}

} // namespace

QString copySession(const QString &source, const QString &target)
{
    const QFileInfo from(source);
    const QFileInfo to(target);
    if (!from.exists())
        return QStringLiteral("%1: no such session file").arg(source);
    if (to.exists() && to.canonicalFilePath() == from.canonicalFilePath())
        return QStringLiteral("%1: the copy would overwrite the session it copies; choose another name").arg(target);
    if (!to.absoluteDir().exists())
        return QStringLiteral("%1: the folder %2 does not exist").arg(target, to.absolutePath());

    // Written beside the target and renamed into place: a failed copy leaves no half file
    // where the user expects a session (VACUUM INTO refuses to write over an existing file).
    const QString partial = to.absoluteDir().filePath(QStringLiteral(".%1.%2.partial")
                                                          .arg(to.fileName(), QUuid::createUuid().toString(QUuid::Id128)));
    const QString connection = QStringLiteral("session-copy-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    QString error;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(source);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
        error = copyWith(db, source, partial);
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    if (error.isEmpty() && std::rename(QFile::encodeName(partial).constData(), QFile::encodeName(target).constData()) != 0)
        error = QStringLiteral("%1: cannot replace the file: %2").arg(target, QString::fromLocal8Bit(std::strerror(errno)));
    if (!error.isEmpty())
        QFile::remove(partial);
    return error;
}

} // namespace callconsole

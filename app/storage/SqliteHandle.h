// The sqlite3 connection behind a Qt Sql SQLite connection (QSqlDriver::handle(), as Qt
// documents for native access), for the few calls Qt Sql does not offer.
#pragma once

#include <QSqlDatabase>
#include <QSqlDriver>
#include <QVariant>

struct sqlite3;

namespace callconsole {

// nullptr when db is not an open SQLite connection.
inline sqlite3 *sqliteHandle(const QSqlDatabase &db)
{
    const QVariant handle = db.driver() ? db.driver()->handle() : QVariant();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.constData());
}

} // namespace callconsole

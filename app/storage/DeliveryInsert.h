// The session writer's one hot statement: INSERT of a delivery, prepared once on the sqlite3
// handle of the connection Qt Sql opened (QSqlDriver::handle(), as Qt documents for native
// access). QSqlQuery::bindValue costs about 2,000 instructions per value through QVariant and
// the driver's placeholder bookkeeping — 19 values made binding the largest part of writing a
// delivery. Schema, migrations, transactions and reading stay with Qt Sql.
#pragma once

#include "DeliveryRecord.h"

#include <QSqlDatabase>
#include <QString>

struct sqlite3;
struct sqlite3_stmt;

namespace callconsole {

class DeliveryInsert
{
public:
    // Prepares on db's handle; error() says why when it could not.
    explicit DeliveryInsert(const QSqlDatabase &db);
    ~DeliveryInsert();
    DeliveryInsert(const DeliveryInsert &) = delete;
    DeliveryInsert &operator=(const DeliveryInsert &) = delete;

    QString error() const { return m_error; }
    // The new row's id, or -1 with error() set.
    qint64 insert(const DeliveryRecord &record);

private:
    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_statement = nullptr;
    QString m_error;
};

} // namespace callconsole

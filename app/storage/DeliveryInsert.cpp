#include "DeliveryInsert.h"

#include "JsonValues.h"
#include "SqliteHandle.h"

#include <sqlite3.h>

namespace callconsole {

namespace {

// Headers as the JSON array of [name, value] pairs readAll() reads back with QJsonDocument,
// written directly: a QJsonArray per pair cost more than the rest of the insert.
QByteArray headersJson(const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QByteArray out;
    out.reserve(32 * headers.size() + 2);
    out += '[';
    for (const auto &[name, value] : headers) {
        if (out.size() > 1)
            out += ',';
        out += "[\"" + json::escapedForString(name) + "\",\"" + json::escapedForString(value) + "\"]";
    }
    out += ']';
    return out;
}

// SQLite copies the bytes (SQLITE_TRANSIENT): the record's buffers may go away before the
// next step, and a copy is cheap next to the write.
void bindText(sqlite3_stmt *statement, int index, const QByteArray &utf8)
{
    sqlite3_bind_text(statement, index, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
}

void bindText(sqlite3_stmt *statement, int index, const QString &text)
{
    if (text.isNull())
        sqlite3_bind_null(statement, index);
    else
        bindText(statement, index, text.toUtf8());
}

void bindBlob(sqlite3_stmt *statement, int index, const QByteArray &bytes, bool nullWhenEmpty)
{
    if (bytes.isNull() && nullWhenEmpty)
        sqlite3_bind_null(statement, index);
    else
        sqlite3_bind_blob(statement, index, bytes.constData(), int(bytes.size()), SQLITE_TRANSIENT);
}

void bindOptionalInt(sqlite3_stmt *statement, int index, int value)
{
    if (value < 0)
        sqlite3_bind_null(statement, index);
    else
        sqlite3_bind_int(statement, index, value);
}

} // namespace

DeliveryInsert::DeliveryInsert(const QSqlDatabase &db)
{
    m_db = sqliteHandle(db);
    if (!m_db) {
        m_error = QStringLiteral("the session connection is not a SQLite connection");
        return;
    }
    static const char sql[] =
        "INSERT INTO deliveries (received_at_ms, remote_address, method, path, request_headers, request_body,"
        " status_code, rejected, reject_reason, reject_details, reply_body, reply_source, reply_latency_ms,"
        " upstream_status, upstream_latency_ms, upstream_body, transaction_id, sequence, event_type)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
    if (sqlite3_prepare_v2(m_db, sql, int(sizeof(sql)), &m_statement, nullptr) != SQLITE_OK) {
        m_error = QString::fromUtf8(sqlite3_errmsg(m_db));
        m_statement = nullptr;
    }
}

DeliveryInsert::~DeliveryInsert()
{
    sqlite3_finalize(m_statement);
}

qint64 DeliveryInsert::insert(const DeliveryRecord &r)
{
    if (!m_statement)
        return -1;
    sqlite3_stmt *s = m_statement;
    sqlite3_bind_int64(s, 1, r.receivedAtMs);
    bindText(s, 2, r.remoteAddress);
    bindText(s, 3, r.method);
    bindText(s, 4, r.path);
    bindText(s, 5, headersJson(r.requestHeaders));
    bindBlob(s, 6, r.requestBody, false); // NOT NULL: an empty body is an empty blob
    sqlite3_bind_int(s, 7, r.statusCode);
    sqlite3_bind_int(s, 8, r.rejected ? 1 : 0);
    bindText(s, 9, r.rejectReason);
    if (r.rejectDetails.isNull())
        sqlite3_bind_null(s, 10);
    else
        bindText(s, 10, r.rejectDetails);
    bindBlob(s, 11, r.replyBody, true);
    bindText(s, 12, r.replySource);
    bindOptionalInt(s, 13, r.replyLatencyMs);
    bindOptionalInt(s, 14, r.upstreamStatus);
    bindOptionalInt(s, 15, r.upstreamLatencyMs);
    bindBlob(s, 16, r.upstreamBody, true);
    bindText(s, 17, r.transactionId);
    if (r.rejected)
        sqlite3_bind_null(s, 18);
    else
        sqlite3_bind_int(s, 18, r.sequence);
    bindText(s, 19, r.eventType);
    const int step = sqlite3_step(s);
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    if (step != SQLITE_DONE) {
        m_error = QString::fromUtf8(sqlite3_errmsg(m_db));
        return -1;
    }
    return sqlite3_last_insert_rowid(m_db);
}

} // namespace callconsole

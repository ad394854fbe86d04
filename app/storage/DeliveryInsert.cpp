#include "DeliveryInsert.h"

#include "JsonValues.h"
#include "SqliteHandle.h"

#include <QVarLengthArray>

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

// Values are bound without a copy (SQLITE_STATIC): every buffer outlives the step — the
// record's own bytes, and the UTF-8 conversions kept here until the insert returns — and the
// bindings are cleared before they could dangle. Copying each value cost a malloc and a memcpy
// per column on the writer thread.
class Binder
{
public:
    explicit Binder(sqlite3_stmt *statement)
        : m_statement(statement)
    {
    }
    ~Binder() { sqlite3_clear_bindings(m_statement); }
    Binder(const Binder &) = delete;
    Binder &operator=(const Binder &) = delete;

    void integer(int index, qint64 value) { sqlite3_bind_int64(m_statement, index, value); }
    void optionalInt(int index, int value) // negative means "none"
    {
        if (value < 0)
            sqlite3_bind_null(m_statement, index);
        else
            sqlite3_bind_int(m_statement, index, value);
    }
    void null(int index) { sqlite3_bind_null(m_statement, index); }
    void text(int index, QByteArray utf8)
    {
        m_kept.append(std::move(utf8));
        const QByteArray &kept = m_kept.back();
        sqlite3_bind_text(m_statement, index, kept.constData(), int(kept.size()), SQLITE_STATIC);
    }
    void text(int index, const QString &value)
    {
        if (value.isNull())
            null(index);
        else
            text(index, value.toUtf8());
    }
    void blob(int index, const QByteArray &bytes, bool nullWhenEmpty)
    {
        if (bytes.isNull() && nullWhenEmpty)
            null(index);
        else
            sqlite3_bind_blob(m_statement, index, bytes.constData(), int(bytes.size()), SQLITE_STATIC);
    }

private:
    sqlite3_stmt *m_statement;
    QVarLengthArray<QByteArray, 8> m_kept; // moving a QByteArray keeps its data where it is
};

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
        " upstream_status, upstream_latency_ms, upstream_body, transaction_id, sequence, event_type,"
        " handler_log) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
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
    int step = SQLITE_OK;
    {
        Binder bind(m_statement);
        bind.integer(1, r.receivedAtMs);
        bind.text(2, r.remoteAddress);
        bind.text(3, r.method);
        bind.text(4, r.path);
        bind.text(5, headersJson(r.requestHeaders));
        bind.blob(6, r.requestBody, false); // NOT NULL: an empty body is an empty blob
        bind.integer(7, r.statusCode);
        bind.integer(8, r.rejected ? 1 : 0);
        bind.text(9, r.rejectReason);
        if (r.rejectDetails.isNull())
            bind.null(10);
        else
            bind.text(10, r.rejectDetails);
        bind.blob(11, r.replyBody, true);
        bind.text(12, r.replySource);
        bind.optionalInt(13, r.replyLatencyMs);
        bind.optionalInt(14, r.upstreamStatus);
        bind.optionalInt(15, r.upstreamLatencyMs);
        bind.blob(16, r.upstreamBody, true);
        bind.text(17, r.transactionId);
        if (r.rejected)
            bind.null(18);
        else
            bind.integer(18, r.sequence);
        bind.text(19, r.eventType);
        if (r.handlerLog.isNull())
            bind.null(20);
        else
            bind.text(20, r.handlerLog);
        step = sqlite3_step(m_statement);
        sqlite3_reset(m_statement);
    }
    if (step != SQLITE_DONE) {
        m_error = QString::fromUtf8(sqlite3_errmsg(m_db));
        return -1;
    }
    return sqlite3_last_insert_rowid(m_db);
}

} // namespace callconsole

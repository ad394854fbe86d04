#include "SessionStore.h"

#include "DeliveryInsert.h"
#include "SqliteHandle.h"
#include "WalCheckpointer.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

#include <iterator>
#include <optional>

namespace callconsole {

namespace {

// Each step migrates the schema from version (index) to version (index + 1).
const char *const migrations[] = {
    R"(CREATE TABLE deliveries (
        id INTEGER PRIMARY KEY,
        received_at_ms INTEGER NOT NULL,
        remote_address TEXT NOT NULL,
        method TEXT NOT NULL,
        path TEXT NOT NULL,
        request_headers TEXT NOT NULL,
        request_body BLOB NOT NULL,
        status_code INTEGER NOT NULL,
        rejected INTEGER NOT NULL,
        reject_reason TEXT,
        reject_details TEXT,
        reply_body BLOB,
        reply_source TEXT,
        reply_latency_ms INTEGER,
        upstream_status INTEGER,
        upstream_latency_ms INTEGER,
        upstream_body BLOB,
        transaction_id TEXT,
        sequence INTEGER,
        event_type TEXT))",
    // The handler file's log for each event it answered.
    "ALTER TABLE deliveries ADD COLUMN handler_log TEXT",
};
constexpr int migrationCount = int(sizeof(migrations) / sizeof(migrations[0]));
static_assert(migrationCount == SessionStore::schemaVersion, "one migration per schema version");

// Run on every open: what an older build's file lacks and an older build may ignore.
const char *const indexes[] = {
    "CREATE INDEX IF NOT EXISTS deliveries_by_event ON deliveries(transaction_id, sequence) WHERE rejected = 0",
    "CREATE TABLE IF NOT EXISTS used_signatures (mac BLOB PRIMARY KEY, signed_at INTEGER NOT NULL) WITHOUT ROWID",
    "CREATE INDEX IF NOT EXISTS used_signatures_by_time ON used_signatures(signed_at)",
};

// Signatures older than this are refused as stale anyway (EndpointAuth's window is 300 s);
// the margin keeps a slow clock step from letting one through.
constexpr qint64 signatureKeepSeconds = 600;

QList<QPair<QByteArray, QByteArray>> headersFromJson(const QString &text)
{
    QList<QPair<QByteArray, QByteArray>> headers;
    for (const auto &value : QJsonDocument::fromJson(text.toUtf8()).array()) {
        const QJsonArray pair = value.toArray();
        headers << qMakePair(pair.at(0).toString().toLatin1(), pair.at(1).toString().toLatin1());
    }
    return headers;
}

QString sqlError(const QString &what, const QSqlError &error)
{
    return QStringLiteral("%1: %2").arg(what, error.text());
}

// A connection of its own per thread and purpose: QSqlDatabase must not cross threads.
QSqlDatabase openConnection(const QString &path, const QString &name)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    db.setDatabaseName(path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    db.open();
    return db;
}

// The used request signatures, written in the writer's transaction. Those past any window are
// forgotten about once a minute.
class SignatureLog
{
public:
    explicit SignatureLog(const QSqlDatabase &db)
        : m_insert(db)
        , m_prune(db)
    {
        m_insert.prepare(QStringLiteral("INSERT OR IGNORE INTO used_signatures (mac, signed_at) VALUES (?, ?)"));
        m_prune.prepare(QStringLiteral("DELETE FROM used_signatures WHERE signed_at < ?"));
    }
    ~SignatureLog()
    {
        m_insert.finish();
        m_prune.finish();
    }

    QString remember(const UsedSignature &signature)
    {
        m_insert.bindValue(0, signature.mac);
        m_insert.bindValue(1, signature.signedAt);
        if (!m_insert.exec())
            return sqlError(QStringLiteral("remembering a request signature"), m_insert.lastError());
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        if (now - m_lastPrune >= 60) {
            m_lastPrune = now;
            m_prune.bindValue(0, now - signatureKeepSeconds);
            if (!m_prune.exec())
                return sqlError(QStringLiteral("forgetting old request signatures"), m_prune.lastError());
        }
        return {};
    }

private:
    QSqlQuery m_insert;
    QSqlQuery m_prune;
    qint64 m_lastPrune = 0;
};

QString migrate(QSqlDatabase &db)
{
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("PRAGMA user_version")) || !query.next())
        return sqlError(QStringLiteral("reading the schema version"), query.lastError());
    const int version = query.value(0).toInt();
    if (version > SessionStore::schemaVersion) {
        return QStringLiteral("the session was written by a newer Call Console (schema %1, this build reads up to %2)")
            .arg(version).arg(SessionStore::schemaVersion);
    }
    if (!db.transaction())
        return sqlError(QStringLiteral("starting the migration"), db.lastError());
    for (int step = version; step < migrationCount; ++step) {
        if (!query.exec(QString::fromLatin1(migrations[step]))) {
            db.rollback();
            return sqlError(QStringLiteral("migrating the session to schema %1").arg(step + 1), query.lastError());
        }
    }
    for (const char *index : indexes)
        query.exec(QString::fromLatin1(index));
    query.exec(QStringLiteral("PRAGMA user_version = %1").arg(SessionStore::schemaVersion));
    if (!db.commit())
        return sqlError(QStringLiteral("committing the migration"), db.lastError());
    return {};
}

} // namespace

SessionStore::SessionStore(QString path, Durability durability)
    : m_path(std::move(path))
    , m_durability(durability)
{
}

SessionStore::~SessionStore()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

std::unique_ptr<SessionStore> SessionStore::open(const QString &path, QString *error, Durability durability)
{
    std::unique_ptr<SessionStore> store(new SessionStore(path, durability));
    store->m_thread = std::thread([s = store.get()] { s->run(); });
    std::unique_lock lock(store->m_mutex);
    store->m_idle.wait(lock, [&] { return store->m_opened || !store->m_openError.isEmpty(); });
    if (!store->m_openError.isEmpty()) {
        if (error)
            *error = store->m_openError;
        lock.unlock();
        return nullptr; // the destructor joins the writer, which has already returned
    }
    return store;
}

void SessionStore::run()
{
    const QString connection = QStringLiteral("session-writer-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    {
        QSqlDatabase db = openConnection(m_path, connection);
        QString error;
        std::optional<DeliveryInsert> insert;
        std::optional<WalCheckpointer> checkpointer;
        if (!db.isOpen()) {
            error = QStringLiteral("%1: cannot open the session file: %2").arg(m_path, db.lastError().text());
        } else {
            QSqlQuery pragma(db);
            pragma.exec(QStringLiteral("PRAGMA journal_mode=WAL"));
            pragma.exec(m_durability == Durability::Full ? QStringLiteral("PRAGMA synchronous=FULL")
                                                         : QStringLiteral("PRAGMA synchronous=NORMAL"));
            error = migrate(db);
            if (error.isEmpty()) {
                insert.emplace(db);
                error = insert->error().isEmpty() ? QString() : QStringLiteral("preparing the writer: %1").arg(insert->error());
            }
            if (error.isEmpty())
                checkpointer.emplace(m_path, sqliteHandle(db)); // the log is copied back off this thread
            if (!error.isEmpty())
                error = QStringLiteral("%1: %2").arg(m_path, error);
        }
        {
            std::lock_guard lock(m_mutex);
            if (error.isEmpty())
                m_opened = true;
            else
                m_openError = error;
        }
        m_idle.notify_all();

        std::optional<SignatureLog> signatures;
        QSqlQuery markUnanswered(db);
        if (error.isEmpty()) {
            signatures.emplace(db);
            markUnanswered.prepare(QStringLiteral("UPDATE deliveries SET rejected = 1, status_code = 0, reject_reason = ? WHERE id = ?"));
        }
        std::vector<std::pair<qint64, QString>> unanswered;
        while (error.isEmpty()) {
            std::deque<Write> batch;
            {
                std::unique_lock lock(m_mutex);
                m_wake.wait(lock, [this] { return m_stopping || !m_queue.empty() || !m_unanswered.empty(); });
                if (m_queue.empty() && m_unanswered.empty())
                    break; // stopping with nothing left to write
                batch.swap(m_queue); // group commit: everything that queued up meanwhile
                unanswered.clear();
                unanswered.swap(m_unanswered);
                m_busy = true;
            }
            QString batchError;
            QList<qint64> ids;
            std::unique_lock gate(checkpointer->writerGate());
            if (!db.transaction())
                batchError = sqlError(QStringLiteral("starting a write"), db.lastError());
            for (const Write &pending : batch) {
                if (!batchError.isEmpty())
                    break;
                const qint64 id = insert->insert(pending.record);
                if (id < 0)
                    batchError = QStringLiteral("writing a delivery: %1").arg(insert->error());
                else
                    ids << id;
                if (batchError.isEmpty() && !pending.signature.mac.isEmpty())
                    batchError = signatures->remember(pending.signature);
            }
            for (const auto &[id, reason] : unanswered) {
                if (!batchError.isEmpty())
                    break;
                markUnanswered.bindValue(0, reason);
                markUnanswered.bindValue(1, id);
                if (!markUnanswered.exec())
                    batchError = sqlError(QStringLiteral("marking a delivery unanswered"), markUnanswered.lastError());
            }
            if (batchError.isEmpty() && !db.commit())
                batchError = sqlError(QStringLiteral("committing"), db.lastError());
            if (!batchError.isEmpty())
                db.rollback();
            gate.unlock();
            for (size_t i = 0; i < batch.size(); ++i) {
                if (batch[i].done)
                    batch[i].done(batchError.isEmpty() ? ids.value(qsizetype(i), -1) : -1, batchError);
            }
            {
                std::lock_guard lock(m_mutex);
                if (batchError.isEmpty())
                    m_committed += qint64(batch.size());
                m_busy = false;
            }
            m_idle.notify_all();
            checkpointer->waitWhileFarBehind();
        }
        checkpointer.reset(); // before the close, which checkpoints what is left and removes the log
        insert.reset(); // a prepared statement keeps SQLite from closing the connection
        signatures.reset();
        markUnanswered.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
}

void SessionStore::write(DeliveryRecord record, WriteDone done)
{
    std::vector<Write> one;
    one.push_back({std::move(record), std::move(done)});
    write(std::move(one));
}

void SessionStore::write(std::vector<Write> writes)
{
    if (writes.empty())
        return;
    bool idle = false;
    {
        std::lock_guard lock(m_mutex);
        // A busy writer takes the queue when its commit ends; only an idle one needs waking.
        idle = m_queue.empty() && m_unanswered.empty() && !m_busy;
        std::move(writes.begin(), writes.end(), std::back_inserter(m_queue));
    }
    if (idle)
        m_wake.notify_one();
}

void SessionStore::markUnanswered(qint64 id, const QString &reason)
{
    bool idle = false;
    {
        std::lock_guard lock(m_mutex);
        idle = m_queue.empty() && m_unanswered.empty() && !m_busy;
        m_unanswered.emplace_back(id, reason);
    }
    if (idle)
        m_wake.notify_one();
}

void SessionStore::flush()
{
    std::unique_lock lock(m_mutex);
    m_idle.wait(lock, [this] { return m_queue.empty() && m_unanswered.empty() && !m_busy; });
}

qint64 SessionStore::committedCount() const
{
    std::lock_guard lock(m_mutex);
    return m_committed;
}

QList<DeliveryRecord> SessionStore::readAll(const QString &path, QString *error)
{
    QList<DeliveryRecord> records;
    const QString connection = QStringLiteral("session-reader-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    {
        QSqlDatabase db = openConnection(path, connection);
        QSqlQuery query(db);
        query.setForwardOnly(true); // one pass over possibly a million rows
        if (!db.isOpen() || !query.exec(QStringLiteral(
                "SELECT id, received_at_ms, remote_address, method, path, request_headers, request_body, status_code,"
                " rejected, reject_reason, reject_details, reply_body, reply_source, reply_latency_ms, upstream_status,"
                " upstream_latency_ms, upstream_body, transaction_id, sequence, event_type, handler_log FROM deliveries ORDER BY id"))) {
            if (error)
                *error = QStringLiteral("%1: %2").arg(path, db.isOpen() ? query.lastError().text() : db.lastError().text());
        } else {
            const auto intOr = [](const QVariant &v) { return v.isNull() ? -1 : v.toInt(); };
            while (query.next()) {
                DeliveryRecord r;
                r.id = query.value(0).toLongLong();
                r.receivedAtMs = query.value(1).toLongLong();
                r.remoteAddress = query.value(2).toString();
                r.method = query.value(3).toString();
                r.path = query.value(4).toString();
                r.requestHeaders = headersFromJson(query.value(5).toString());
                r.requestBody = query.value(6).toByteArray();
                r.statusCode = query.value(7).toInt();
                r.rejected = query.value(8).toInt() != 0;
                r.rejectReason = query.value(9).toString();
                r.rejectDetails = query.value(10).toString().toUtf8();
                r.replyBody = query.value(11).toByteArray();
                r.replySource = query.value(12).toString();
                r.replyLatencyMs = intOr(query.value(13));
                r.upstreamStatus = intOr(query.value(14));
                r.upstreamLatencyMs = intOr(query.value(15));
                r.upstreamBody = query.value(16).toByteArray();
                r.transactionId = query.value(17).toString();
                r.sequence = query.value(18).toInt();
                r.eventType = query.value(19).toString();
                r.handlerLog = query.value(20).toByteArray();
                records << r;
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    return records;
}

QList<UsedSignature> SessionStore::usedSignatures(const QString &path, qint64 sinceSeconds, QString *error)
{
    QList<UsedSignature> signatures;
    const QString connection = QStringLiteral("session-signatures-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    {
        QSqlDatabase db = openConnection(path, connection);
        QSqlQuery query(db);
        query.setForwardOnly(true);
        if (db.isOpen())
            query.prepare(QStringLiteral("SELECT mac, signed_at FROM used_signatures WHERE signed_at >= ?"));
        query.bindValue(0, sinceSeconds);
        if (!db.isOpen() || !query.exec()) {
            if (error)
                *error = QStringLiteral("%1: %2").arg(path, db.isOpen() ? query.lastError().text() : db.lastError().text());
        } else {
            while (query.next())
                signatures.append({query.value(0).toByteArray(), query.value(1).toLongLong()});
        }
        query.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    return signatures;
}

QString SessionStore::integrityCheck(const QString &path)
{
    QStringList problems;
    const QString connection = QStringLiteral("session-check-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    {
        QSqlDatabase db = openConnection(path, connection);
        QSqlQuery query(db);
        if (!db.isOpen() || !query.exec(QStringLiteral("PRAGMA integrity_check")))
            problems << (db.isOpen() ? query.lastError().text() : db.lastError().text());
        while (query.next())
            problems << query.value(0).toString();
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    return problems.join(QLatin1Char('\n'));
}

} // namespace callconsole

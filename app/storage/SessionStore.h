// The session file: one SQLite database (WAL) per session holding every delivery. Writes go
// through one writer thread that commits whatever is queued together (group commit), and each
// write's callback runs only once its transaction is durable — the endpoint acknowledges an
// event after that callback, so a killed process never loses an acknowledged event.
#pragma once

#include "DeliveryRecord.h"

#include <QList>
#include <QString>

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace callconsole {

// A request signature the endpoint accepted. Kept with the delivery it signed, in the same
// commit, so a replay is refused after a restart too, for as long as it is fresh.
struct UsedSignature
{
    QByteArray mac;
    qint64 signedAt = 0; // unix seconds
};

class SessionStore
{
public:
    static constexpr int schemaVersion = 2;

    enum class Durability {
        Full,     // fsync on every group commit: survives power loss
        Process,  // WAL without fsync: survives the process being killed, not the machine
    };

    // Called on the writer thread with the row id (or -1 and an error text).
    using WriteDone = std::function<void(qint64 id, const QString &error)>;
    struct Write
    {
        Write(DeliveryRecord delivery = {}, WriteDone onDone = {}, UsedSignature used = {})
            : record(std::move(delivery)), done(std::move(onDone)), signature(std::move(used))
        {
        }
        DeliveryRecord record;
        WriteDone done;
        UsedSignature signature; // empty mac: none
    };

    ~SessionStore();
    SessionStore(const SessionStore &) = delete;
    SessionStore &operator=(const SessionStore &) = delete;

    // Creates or opens path, migrating an older schema. nullptr and *error on failure.
    static std::unique_ptr<SessionStore> open(const QString &path, QString *error,
                                              Durability durability = Durability::Full);

    // Thread-safe; return at once. done runs after the record is committed. Writes handed
    // over together join the same commit: a producer that collects what one pass of its
    // event loop accepted makes fewer, larger commits than one handing over each record.
    void write(DeliveryRecord record, WriteDone done = {});
    void write(std::vector<Write> writes);
    // Blocks until everything queued so far is committed.
    void flush();
    // The delivery with this row id was recorded, but its reply could not be sent (the client
    // had gone): it becomes a refused delivery with this reason, never an event. Queued like
    // a write.
    void markUnanswered(qint64 id, const QString &reason);

    QString path() const { return m_path; }
    qint64 committedCount() const;

    // Every delivery in id order, read on the caller's thread with its own connection.
    static QList<DeliveryRecord> readAll(const QString &path, QString *error);
    // The signatures accepted at or after sinceSeconds, read on the caller's thread.
    static QList<UsedSignature> usedSignatures(const QString &path, qint64 sinceSeconds, QString *error);
    // "ok", or the problems PRAGMA integrity_check reports.
    static QString integrityCheck(const QString &path);

private:
    explicit SessionStore(QString path, Durability durability);
    void run();

    QString m_path;
    Durability m_durability;
    QString m_openError;
    bool m_opened = false;
    std::thread m_thread;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_idle;
    std::deque<Write> m_queue;
    std::vector<std::pair<qint64, QString>> m_unanswered; // markUnanswered() calls not yet written
    bool m_busy = false;
    bool m_stopping = false;
    qint64 m_committed = 0;
};

} // namespace callconsole

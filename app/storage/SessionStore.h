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
        DeliveryRecord record;
        WriteDone done;
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

    QString path() const { return m_path; }
    qint64 committedCount() const;

    // Every delivery in id order, read on the caller's thread with its own connection.
    static QList<DeliveryRecord> readAll(const QString &path, QString *error);
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
    bool m_busy = false;
    bool m_stopping = false;
    qint64 m_committed = 0;
};

} // namespace callconsole

// Copies the session's write-ahead log into the database on a thread of its own.
//
// SQLite's automatic checkpoint runs inside the commit that fills the log past 1,000 pages:
// that commit (and every event waiting on it) stalled while ~4 MB were copied and synced, the
// endpoint's p99. Here the writer's connection only reports the log's size after each commit;
// this thread copies what is committed (PASSIVE: it never waits for the writer), then takes
// the writer's gate for one short last round so that everything is copied between two of its
// transactions — which lets the writer's next transaction start the log again from its
// beginning instead of growing it. Should this thread fall far behind (starved of CPU), the
// writer waits for one of its rounds between transactions, so the log stays bounded.
#pragma once

#include <QString>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

struct sqlite3;

namespace callconsole {

class WalCheckpointer
{
public:
    // Takes over checkpointing from the writer connection (its automatic checkpoint is
    // replaced by a hook that wakes this thread once the log holds thresholdPages) and opens
    // a connection of its own to path.
    // Past farBehindPages the writer waits for a round (waitWhileFarBehind).
    WalCheckpointer(const QString &path, sqlite3 *writer, int thresholdPages = 1000, int farBehindPages = 3000);
    // Stops the thread; the writer's connection gets no more hook calls.
    ~WalCheckpointer();
    WalCheckpointer(const WalCheckpointer &) = delete;
    WalCheckpointer &operator=(const WalCheckpointer &) = delete;

    // The writer holds this around each transaction.
    std::mutex &writerGate() { return m_writerGate; }
    // The writer calls this between transactions (not holding the gate): it returns at once
    // unless the log has grown past farBehindPages, and then after this thread's next round.
    void waitWhileFarBehind();

private:
    static int onCommit(void *self, sqlite3 *db, const char *schema, int pagesInLog);
    void run();
    void checkpoint(sqlite3 *db);

    const QString m_path;
    sqlite3 *const m_writer;
    const int m_thresholdPages;
    const int m_farBehindPages;
    std::atomic<int> m_pagesInLog{0}; // as of the writer's last commit, or this thread's last round
    std::mutex m_writerGate;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_roundDone;
    bool m_requested = false;
    bool m_stopping = false;
    quint64 m_rounds = 0;
    std::thread m_thread;
};

} // namespace callconsole

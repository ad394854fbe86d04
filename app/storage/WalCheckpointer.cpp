#include "WalCheckpointer.h"

#include "SqliteHandle.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QUuid>

#include <sqlite3.h>

namespace callconsole {

namespace {

// Unlocked rounds stop once this few frames remain: the gated round copies the rest.
constexpr int smallRemainder = 64;
constexpr int maxUnlockedRounds = 4;

} // namespace

WalCheckpointer::WalCheckpointer(const QString &path, sqlite3 *writer, int thresholdPages, int farBehindPages)
    : m_path(path)
    , m_writer(writer)
    , m_thresholdPages(thresholdPages)
    , m_farBehindPages(farBehindPages)
{
    // Replaces the automatic checkpoint, which SQLite implements as this same hook.
    sqlite3_wal_hook(m_writer, &WalCheckpointer::onCommit, this);
    m_thread = std::thread([this] { run(); });
}

WalCheckpointer::~WalCheckpointer()
{
    sqlite3_wal_hook(m_writer, nullptr, nullptr);
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    m_roundDone.notify_all();
    m_thread.join();
}

void WalCheckpointer::waitWhileFarBehind()
{
    if (m_pagesInLog.load(std::memory_order_relaxed) < m_farBehindPages)
        return;
    // One round, not "until the log is small": a reader holding an old snapshot can keep
    // frames from being copied, and the writer must still make progress then.
    std::unique_lock lock(m_mutex);
    const quint64 round = m_rounds;
    m_requested = true;
    m_wake.notify_one();
    m_roundDone.wait(lock, [&] { return m_stopping || m_rounds != round; });
}

int WalCheckpointer::onCommit(void *self, sqlite3 *, const char *, int pagesInLog)
{
    // On the writer's thread, right after each commit.
    auto *checkpointer = static_cast<WalCheckpointer *>(self);
    checkpointer->m_pagesInLog.store(pagesInLog, std::memory_order_relaxed);
    if (pagesInLog < checkpointer->m_thresholdPages)
        return SQLITE_OK;
    bool wake = false;
    {
        std::lock_guard lock(checkpointer->m_mutex);
        wake = !checkpointer->m_requested;
        checkpointer->m_requested = true;
    }
    if (wake)
        checkpointer->m_wake.notify_one();
    return SQLITE_OK;
}

void WalCheckpointer::run()
{
    const QString connection = QStringLiteral("session-checkpointer-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(m_path);
        db.open();
        // A connection learns the file is in WAL mode on its first read; until then a
        // checkpoint on it does nothing.
        QSqlQuery(QStringLiteral("PRAGMA journal_mode"), db).exec();
        sqlite3 *handle = sqliteHandle(db);
        while (true) {
            {
                std::unique_lock lock(m_mutex);
                m_wake.wait(lock, [this] { return m_stopping || m_requested; });
                if (m_stopping)
                    break;
                m_requested = false;
            }
            if (handle)
                checkpoint(handle);
            {
                std::lock_guard lock(m_mutex);
                ++m_rounds;
            }
            m_roundDone.notify_all();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
}

void WalCheckpointer::checkpoint(sqlite3 *db)
{
    // Copy what is committed while the writer goes on appending: a few rounds, each shorter.
    int framesInLog = 0;
    int framesCopied = 0;
    for (int round = 0; round < maxUnlockedRounds; ++round) {
        if (sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, &framesInLog, &framesCopied) != SQLITE_OK)
            return; // another checkpoint is running, or the log is gone: the next commit asks again
        if (round == 0 && framesInLog < m_thresholdPages)
            return; // the log restarted since a commit asked: nothing worth a round with the gate
        if (framesInLog - framesCopied <= smallRemainder)
            break;
    }
    // The last few frames with the writer between transactions: with every frame copied, its
    // next transaction restarts the log instead of appending to it.
    std::lock_guard gate(m_writerGate);
    if (sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, &framesInLog, &framesCopied) == SQLITE_OK)
        m_pagesInLog.store(framesInLog - framesCopied, std::memory_order_relaxed); // what is left to copy
}

} // namespace callconsole

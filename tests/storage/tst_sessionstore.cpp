// The session file through real SQLite: group-committed writes from many threads, batches
// that share one commit, the "callback only once durable" promise, a write-ahead log that
// stays bounded under sustained writes, reopening, and refusing a newer schema.
#include "SampleDelivery.h"
#include "SessionStore.h"

#include <QFileInfo>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <mutex>
#include <thread>

using namespace callconsole;

namespace {

int countRows(const QString &path)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("count"));
    db.setDatabaseName(path);
    int count = -1;
    if (db.open()) {
        QSqlQuery query(db);
        if (query.exec(QStringLiteral("SELECT COUNT(*) FROM deliveries")) && query.next())
            count = query.value(0).toInt();
        db.close();
    }
    db = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("count"));
    return count;
}

} // namespace

class TestSessionStore : public QObject
{
    Q_OBJECT

private slots:
    void writesFromManyThreadsAreAllKept()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("session.ccsession"));
        QString error;
        auto store = SessionStore::open(path, &error);
        QVERIFY2(store, qPrintable(error));
        std::atomic<int> acknowledged{0};
        std::atomic<int> failures{0};
        std::vector<std::thread> writers;
        for (int t = 0; t < 4; ++t) {
            writers.emplace_back([&, t] {
                for (int i = 0; i < 250; ++i) {
                    store->write(sampleDelivery(t * 1000 + i), [&](qint64 id, const QString &e) {
                        (id > 0 && e.isEmpty() ? acknowledged : failures)++;
                    });
                }
            });
        }
        for (auto &w : writers)
            w.join();
        store->flush();
        QCOMPARE(acknowledged.load(), 1000);
        QCOMPARE(failures.load(), 0);
        QCOMPARE(store->committedCount(), 1000);
        store.reset();

        const QList<DeliveryRecord> read = SessionStore::readAll(path, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(read.size(), 1000);
        QSet<int> sequences;
        for (const auto &r : read)
            sequences.insert(r.sequence);
        QCOMPARE(sequences.size(), 1000);
        QCOMPARE(SessionStore::integrityCheck(path), QStringLiteral("ok"));
    }

    void callbackRunsOnlyOnceTheRowIsCommitted()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("s.ccsession"));
        QString error;
        auto store = SessionStore::open(path, &error);
        QVERIFY(store);
        std::atomic<int> seenAtCallback{-1};
        std::atomic<bool> done{false};
        store->write(sampleDelivery(1), [&](qint64, const QString &) {
            // Another connection must already see the row: the write is committed, not queued.
            seenAtCallback = countRows(path);
            done = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(done.load(), 20000);
        QCOMPARE(seenAtCallback.load(), 1);
    }

    void writesHandedOverTogetherShareOneCommit()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("s.ccsession"));
        QString error;
        auto store = SessionStore::open(path, &error);
        QVERIFY(store);
        std::vector<SessionStore::Write> writes;
        std::atomic<int> seenAtFirstCallback{-1};
        std::vector<qint64> ids;
        std::mutex idsMutex;
        for (int i = 0; i < 50; ++i) {
            writes.push_back({sampleDelivery(i), [&](qint64 id, const QString &) {
                int expected = -1;
                seenAtFirstCallback.compare_exchange_strong(expected, countRows(path));
                std::lock_guard lock(idsMutex);
                ids.push_back(id);
            }});
        }
        store->write(std::move(writes));
        store->flush();
        // The first callback already sees all fifty rows: one commit, not fifty.
        QCOMPARE(seenAtFirstCallback.load(), 50);
        QCOMPARE(int(ids.size()), 50);
        for (int i = 0; i < 50; ++i)
            QCOMPARE(ids[size_t(i)], qint64(i + 1)); // in the order handed over
        QCOMPARE(store->committedCount(), 50);
    }

    void logStaysBoundedUnderSustainedWrites()
    {
        // The log is copied back into the database off the writer's thread; it must still
        // restart from its beginning while the writer never pauses, not grow with the session.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("s.ccsession"));
        QString error;
        auto store = SessionStore::open(path, &error);
        QVERIFY(store);
        constexpr int total = 24000;
        constexpr int perBatch = 40;
        std::atomic<int> committed{0};
        std::thread producer([&] {
            for (int n = 0; n < total; n += perBatch) {
                std::vector<SessionStore::Write> writes;
                for (int i = n; i < n + perBatch; ++i) {
                    DeliveryRecord record = sampleDelivery(i);
                    record.requestBody += QByteArray(1500, ' '); // an event's size: ~40 MB in all
                    writes.push_back({std::move(record), [&](qint64 id, const QString &) {
                        if (id > 0)
                            ++committed;
                    }});
                }
                store->write(std::move(writes));
                while (n - committed.load() > 2000) // a producer about as fast as the writer
                    std::this_thread::yield();
            }
        });
        qint64 largestLog = 0;
        while (committed.load() < total) {
            largestLog = std::max(largestLog, QFileInfo(path + QStringLiteral("-wal")).size());
            QTest::qSleep(2);
        }
        producer.join();
        store->flush();
        // Bounded even when the copying thread is starved of CPU (the writer then waits for
        // it past 3,000 pages, 12 MB): that, plus the batch committed before the writer looks.
        QVERIFY2(largestLog < 20 * 1024 * 1024, qPrintable(QStringLiteral("the log grew to %1 bytes").arg(largestLog)));
        QVERIFY(largestLog > 0);
        store.reset();
        QCOMPARE(countRows(path), total);
        QCOMPARE(SessionStore::integrityCheck(path), QStringLiteral("ok"));
        QVERIFY(!QFileInfo::exists(path + QStringLiteral("-wal"))); // the last close folds the log in
    }

    void roundTripKeepsEveryField()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("s.ccsession"));
        QString error;
        const DeliveryRecord rejected = rejectedDelivery(5);
        DeliveryRecord forwarded = sampleDelivery(2);
        forwarded.replySource = QStringLiteral("forward");
        forwarded.upstreamStatus = 502;
        forwarded.upstreamLatencyMs = 12;
        forwarded.upstreamBody = "bad gateway";
        // Header bytes that need escaping in the stored JSON: quote, backslash, control, Latin-1.
        forwarded.requestHeaders << qMakePair(QByteArray("X-Odd"), QByteArray("a\"b\\c\td\xe9"));
        {
            auto store = SessionStore::open(path, &error);
            QVERIFY(store);
            store->write(rejected);
            store->write(forwarded);
            store->flush();
        }
        // Reopening an existing session (schema already current) must work and keep the rows.
        {
            auto store = SessionStore::open(path, &error);
            QVERIFY2(store, qPrintable(error));
            store->write(sampleDelivery(3));
        }
        const auto read = SessionStore::readAll(path, &error);
        QCOMPARE(read.size(), 3);
        QVERIFY(read.at(0).rejected);
        QCOMPARE(read.at(0).rejectReason, rejected.rejectReason);
        QCOMPARE(read.at(0).rejectDetails, rejected.rejectDetails);
        QCOMPARE(read.at(0).requestBody, rejected.requestBody);
        QCOMPARE(read.at(0).replyLatencyMs, -1);
        QCOMPARE(read.at(1).requestHeaders, forwarded.requestHeaders);
        QCOMPARE(read.at(1).upstreamStatus, 502);
        QCOMPARE(read.at(1).upstreamBody, forwarded.upstreamBody);
        QCOMPARE(read.at(1).replyBody, forwarded.replyBody);
        QCOMPARE(read.at(1).transactionId, forwarded.transactionId);
        QCOMPARE(read.at(2).sequence, 3);
        QVERIFY(read.at(0).id < read.at(1).id);

        // What other tools see in the file (sqlite3, exports): absent values are SQL NULL,
        // never empty strings or zeros, and text is text.
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("types"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        {
            QSqlQuery query(db);
            QVERIFY(query.exec(QStringLiteral(
                "SELECT typeof(transaction_id), typeof(sequence), typeof(reply_body), typeof(reply_latency_ms),"
                " typeof(upstream_body), typeof(request_headers), typeof(request_body), typeof(reject_details)"
                " FROM deliveries ORDER BY id")));
            const QByteArray expected[] = {
                "null null null null null text blob text",        // rejected
                "text integer blob integer blob text blob null",  // forwarded
                "text integer blob integer null text blob null",  // answered by a rule
            };
            for (const QByteArray &row : expected) {
                QVERIFY(query.next());
                QStringList types;
                for (int i = 0; i < 8; ++i)
                    types << query.value(i).toString();
                QCOMPARE(types.join(QLatin1Char(' ')).toLatin1(), row);
            }
        }
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("types"));
    }

    void refusesANewerSchema()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("future.ccsession"));
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("future"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery(db).exec(QStringLiteral("PRAGMA user_version = 99"));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("future"));
        QString error;
        QVERIFY(!SessionStore::open(path, &error));
        QVERIFY2(error.contains(QLatin1String("newer Call Console")), qPrintable(error));
    }

    void unwritableLocationIsAClearError()
    {
        QString error;
        QVERIFY(!SessionStore::open(QStringLiteral("/nonexistent-dir/x.ccsession"), &error));
        QVERIFY2(error.contains(QLatin1String("/nonexistent-dir/x.ccsession")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestSessionStore)
#include "tst_sessionstore.moc"

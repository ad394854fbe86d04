// "Save session as…" through real SQLite: a copy taken while the writer keeps committing holds
// exactly a prefix of the session, reopens as a session, and never leaves half a file behind.
#include "SessionCopy.h"
#include "SampleDelivery.h"
#include "SessionStore.h"

#include <QDir>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <thread>

using namespace callconsole;

namespace {

bool sameRecord(const DeliveryRecord &a, const DeliveryRecord &b)
{
    return a.id == b.id && a.receivedAtMs == b.receivedAtMs && a.requestBody == b.requestBody
        && a.requestHeaders == b.requestHeaders && a.replyBody == b.replyBody && a.sequence == b.sequence
        && a.transactionId == b.transactionId && a.replyLatencyMs == b.replyLatencyMs;
}

QStringList leftovers(const QString &dir)
{
    return QDir(dir).entryList({QStringLiteral("*.partial")}, QDir::Files | QDir::Hidden);
}

} // namespace

class TestSessionCopy : public QObject
{
    Q_OBJECT

private slots:
    void copyWhileWritingIsAConsistentPrefix()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("live.ccsession"));
        const QString copy = dir.filePath(QStringLiteral("saved.ccsession"));
        QString error;
        auto store = SessionStore::open(path, &error, SessionStore::Durability::Process);
        QVERIFY2(store, qPrintable(error));
        for (int i = 0; i < 200; ++i)
            store->write(sampleDelivery(i));
        store->flush();

        std::atomic<bool> stop{false};
        std::atomic<int> written{200};
        std::thread writer([&] {
            while (!stop) {
                store->write(sampleDelivery(written++));
                std::this_thread::sleep_for(std::chrono::microseconds(200));
            }
        });
        QTRY_VERIFY_WITH_TIMEOUT(store->committedCount() > 300, 20000); // the writer is busy
        const qint64 before = store->committedCount();
        error = copySession(path, copy);
        const qint64 after = store->committedCount();
        QTRY_VERIFY_WITH_TIMEOUT(store->committedCount() > after + 50, 20000); // and stays busy after
        stop = true;
        writer.join();
        store->flush();
        QVERIFY2(error.isEmpty(), qPrintable(error));

        const QList<DeliveryRecord> copied = SessionStore::readAll(copy, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QList<DeliveryRecord> original = SessionStore::readAll(path, &error);
        QVERIFY(copied.size() >= before);
        QVERIFY(copied.size() <= after);
        QVERIFY(original.size() > copied.size());
        for (int i = 0; i < copied.size(); ++i)
            QVERIFY2(sameRecord(copied.at(i), original.at(i)), qPrintable(QStringLiteral("row %1 differs").arg(i)));
        QCOMPARE(SessionStore::integrityCheck(copy), QStringLiteral("ok"));

        // The copy is a session in its own right: it opens without re-migrating and takes writes.
        auto reopened = SessionStore::open(copy, &error);
        QVERIFY2(reopened, qPrintable(error));
        reopened->write(sampleDelivery(-1));
        reopened->flush();
        reopened.reset();
        QCOMPARE(SessionStore::readAll(copy, &error).size(), copied.size() + 1);
        QVERIFY(leftovers(dir.path()).isEmpty());
    }

    void replacesAnExistingTarget()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("live.ccsession"));
        const QString target = dir.filePath(QStringLiteral("target.ccsession"));
        QString error;
        {
            auto store = SessionStore::open(path, &error);
            QVERIFY(store);
            store->write(sampleDelivery(1));
            store->write(sampleDelivery(2));
        }
        QFile old(target);
        QVERIFY(old.open(QIODevice::WriteOnly));
        old.write("an older file the user chose to overwrite");
        old.close();
        error = copySession(path, target);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(SessionStore::readAll(target, &error).size(), 2);
    }

    void notASessionLeavesTheTargetAlone()
    {
        QTemporaryDir dir;
        const QString text = dir.filePath(QStringLiteral("notes.txt"));
        const QString empty = dir.filePath(QStringLiteral("empty.sqlite"));
        const QString target = dir.filePath(QStringLiteral("target.ccsession"));
        QFile file(text);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(4096, 'x'));
        file.close();
        QFile keep(target);
        QVERIFY(keep.open(QIODevice::WriteOnly));
        keep.write("keep me");
        keep.close();

        QString error = copySession(text, target);
        QVERIFY2(error.contains(text), qPrintable(error));
        // An SQLite file that is not a session (no schema version) is refused by name too.
        {
            auto store = SessionStore::open(empty, &error);
            QVERIFY(store);
        }
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("plain"));
            db.setDatabaseName(empty);
            QVERIFY(db.open());
            QSqlQuery(db).exec(QStringLiteral("PRAGMA user_version = 0"));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("plain"));
        error = copySession(empty, target);
        QVERIFY2(error.contains(QLatin1String("not a Call Console session")), qPrintable(error));

        QVERIFY(keep.open(QIODevice::ReadOnly));
        QCOMPARE(keep.readAll(), QByteArray("keep me"));
        QVERIFY(leftovers(dir.path()).isEmpty());
    }

    void refusesWhatCannotWork()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("live.ccsession"));
        QString error;
        {
            auto store = SessionStore::open(path, &error);
            QVERIFY(store);
        }
        error = copySession(dir.filePath(QStringLiteral("missing.ccsession")), dir.filePath(QStringLiteral("x.ccsession")));
        QVERIFY2(error.contains(QLatin1String("no such session file")), qPrintable(error));
        error = copySession(path, path);
        QVERIFY2(error.contains(QLatin1String("choose another name")), qPrintable(error));
        error = copySession(path, dir.filePath(QStringLiteral("no/such/folder/x.ccsession")));
        QVERIFY2(error.contains(QLatin1String("does not exist")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestSessionCopy)
#include "tst_sessioncopy.moc"

// SessionController through a real window: every delivery lands in the run's session file (named
// in the title); Save session as… copies it consistently while a call is still recording, and
// the copy reopens to the same transactions; Open restores a session exactly and records on
// into it; New session starts an empty file; Export writes what `callconsole export` writes; a
// file the console named that recorded nothing is removed when the window leaves it.
#include "BuiltInSession.h"
#include "SessionController.h"
#include "SessionStore.h"
#include "WindowTestSupport.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QStatusBar>

using namespace callconsole;
using namespace callconsole::testing;

namespace {

QByteArray transactionsOf(const MainWindow &window)
{
    return QJsonDocument(window.transactions()->store().toJson()).toJson(QJsonDocument::Compact);
}

} // namespace

class TestSessionController : public QObject
{
    Q_OBJECT

private slots:
    void recordsEveryDeliveryNamedInTheTitle();
    void saveAsWhileRecordingReopensToTheSameTransactions();
    void openRestoresExactlyAndRecordsOn();
    void newSessionStartsAnEmptyFile();
    void unusedOwnFilesAreRemovedOpenedOnesKept();
    void exportWritesWhatTheCommandWrites_data();
    void exportWritesWhatTheCommandWrites();
    void notASessionChangesNothing();
    void unwritableFolderStillStarts();

private:
    // Places one call from the form and waits until its HANGUP is in the window.
    QString callAndWait(MainWindow &window, const QString &to = QStringLiteral("+14155550199"), const char *until = "HANGUP");
    QTemporaryDir m_dir;
};

QString TestSessionController::callAndWait(MainWindow &window, const QString &to, const char *until)
{
    QSignalSpy placed(window.session(), &BuiltInSession::placed);
    if (!placeFromForm(window, to))
        return {};
    if (!QTest::qWaitFor([&] { return !placed.isEmpty(); }, 20000))
        return {};
    const QString id = placed.first().first().toString();
    if (!QTest::qWaitFor([&] { return eventTypes(window, id).contains(QLatin1String(until)); }, 30000))
        return {};
    return id;
}

void TestSessionController::recordsEveryDeliveryNamedInTheTitle()
{
    QList<DeliveryRecord> seen; // outlives the window, whose last deliveries arrive as it closes
    MainWindow window;
    QString error;
    QVERIFY2(window.startBuiltIn(&error, 4.0), qPrintable(error));
    const QString path = window.sessions()->currentPath();
    QVERIFY(path.startsWith(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/sessions/session-")));
    QVERIFY(path.endsWith(QLatin1String(".ccsession")));
    QVERIFY(QFile::exists(path));
    QVERIFY2(window.windowTitle().contains(path), qPrintable(window.windowTitle()));

    connect(window.session(), &BuiltInSession::deliveriesReady, this, [&](const QList<DeliveryRecord> &batch) { seen += batch; });
    QVERIFY(!callAndWait(window).isEmpty());
    QString readError;
    const QList<DeliveryRecord> stored = SessionStore::readAll(path, &readError);
    QVERIFY2(readError.isEmpty(), qPrintable(readError));
    QCOMPARE(stored.size(), seen.size());
    for (int i = 0; i < stored.size(); ++i) {
        QCOMPARE(stored.at(i).id, seen.at(i).id);
        QCOMPARE(stored.at(i).requestBody, seen.at(i).requestBody);
        QCOMPARE(stored.at(i).replyBody, seen.at(i).replyBody);
    }
    QCOMPARE(qint64(stored.size()), window.transactions()->store().eventCount());
}

void TestSessionController::saveAsWhileRecordingReopensToTheSameTransactions()
{
    MainWindow window;
    QString error;
    QVERIFY2(window.startBuiltIn(&error, 4.0), qPrintable(error));
    // Mid-call: the copy holds what was committed, while the endpoint keeps writing.
    const QString id = callAndWait(window, QStringLiteral("+14155550199"), "CALL_ANSWERED");
    QVERIFY(!id.isEmpty());
    const QString early = m_dir.filePath(QStringLiteral("early.ccsession"));
    QCOMPARE(window.sessions()->saveCopyAs(early), QString());
    QTRY_VERIFY_WITH_TIMEOUT(eventTypes(window, id).contains(QStringLiteral("HANGUP")), 30000);
    const QList<DeliveryRecord> live = SessionStore::readAll(window.sessions()->currentPath(), nullptr);
    const QList<DeliveryRecord> copied = SessionStore::readAll(early, nullptr);
    QVERIFY(!copied.isEmpty());
    QVERIFY(copied.size() < live.size());
    for (int i = 0; i < copied.size(); ++i)
        QCOMPARE(copied.at(i).requestBody, live.at(i).requestBody);

    // After the call: the copy reopens to exactly the window's transactions.
    const QString saved = m_dir.filePath(QStringLiteral("saved.ccsession"));
    QCOMPARE(window.sessions()->saveCopyAs(saved), QString());
    QVERIFY2(window.windowTitle().contains(window.sessions()->currentPath()), "recording goes on in the same file");
    MainWindow viewer; // nothing records here: Open only shows the file
    QCOMPARE(viewer.sessions()->open(saved), QString());
    QCOMPARE(viewer.transactions()->rowCount(), window.transactions()->rowCount());
    QCOMPARE(transactionsOf(viewer), transactionsOf(window));
    QVERIFY(viewer.windowTitle().contains(saved));
}

void TestSessionController::openRestoresExactlyAndRecordsOn()
{
    QString recorded;
    QByteArray expected;
    {
        MainWindow first;
        QString error;
        QVERIFY2(first.startBuiltIn(&error, 4.0), qPrintable(error));
        QVERIFY(!callAndWait(first).isEmpty());
        QVERIFY(!callAndWait(first, QStringLiteral("+12065550186")).isEmpty()); // busy
        recorded = first.sessions()->currentPath();
        expected = transactionsOf(first);
    }
    QVERIFY(QFile::exists(recorded)); // it holds calls: closing the window keeps it
    MainWindow window;
    QString error;
    QVERIFY2(window.startBuiltIn(&error, 4.0), qPrintable(error));
    const QString own = window.sessions()->currentPath();
    QCOMPARE(window.sessions()->open(recorded), QString());
    QCOMPARE(transactionsOf(window), expected);
    QCOMPARE(window.transactions()->rowCount(), 2);
    QCOMPARE(window.session()->sessionPath(), recorded);
    QVERIFY(window.windowTitle().contains(recorded));

    // New deliveries are recorded into the opened file, beside what it held.
    const int before = int(SessionStore::readAll(recorded, nullptr).size());
    QVERIFY(!callAndWait(window).isEmpty());
    QCOMPARE(window.transactions()->rowCount(), 3);
    QVERIFY(SessionStore::readAll(recorded, nullptr).size() > before);
    QVERIFY(!QFile::exists(own)); // the run's own file got nothing, so it went when the window left it
}

void TestSessionController::newSessionStartsAnEmptyFile()
{
    MainWindow window;
    QString error;
    QVERIFY2(window.startBuiltIn(&error, 4.0), qPrintable(error));
    QVERIFY(!callAndWait(window).isEmpty());
    const QString old = window.sessions()->currentPath();
    const qsizetype oldCount = SessionStore::readAll(old, nullptr).size();
    QCOMPARE(window.sessions()->newSession(), QString());
    const QString fresh = window.sessions()->currentPath();
    QVERIFY(fresh != old);
    QVERIFY(window.windowTitle().contains(fresh));
    QCOMPARE(window.transactions()->rowCount(), 0);
    QVERIFY(QFile::exists(fresh));
    QVERIFY(SessionStore::readAll(fresh, nullptr).isEmpty());
    QVERIFY(!callAndWait(window).isEmpty());
    QCOMPARE(window.transactions()->rowCount(), 1);
    QVERIFY(!SessionStore::readAll(fresh, nullptr).isEmpty());
    QCOMPARE(SessionStore::readAll(old, nullptr).size(), oldCount);
}

void TestSessionController::unusedOwnFilesAreRemovedOpenedOnesKept()
{
    QString error;
    const QString chosen = m_dir.filePath(QStringLiteral("chosen.ccsession"));
    QVERIFY2(SessionStore::open(chosen, &error), qPrintable(error)); // the user's own, empty
    QString run;
    QString fresh;
    {
        MainWindow window;
        QVERIFY2(window.startBuiltIn(&error, 4.0), qPrintable(error));
        run = window.sessions()->currentPath();
        QVERIFY(QFile::exists(run));
        QCOMPARE(window.sessions()->newSession(), QString());
        fresh = window.sessions()->currentPath();
        QVERIFY(QFile::exists(fresh));
        QVERIFY(!QFile::exists(run)); // nothing was recorded in it
        QCOMPARE(window.sessions()->open(chosen), QString());
        QVERIFY(!QFile::exists(fresh));
    }
    QVERIFY(QFile::exists(chosen)); // opened by the user: kept, empty as it is
    QVERIFY(SessionStore::readAll(chosen, nullptr).isEmpty());
    // Nothing is left of the removed ones either (no -wal or -shm beside them).
    const QStringList left = QDir(QFileInfo(run).absolutePath()).entryList({QStringLiteral("*")}, QDir::Files | QDir::Hidden);
    for (const QString &name : left)
        QVERIFY2(!name.startsWith(QFileInfo(run).fileName()) && !name.startsWith(QFileInfo(fresh).fileName()), qPrintable(name));

    QString closed;
    {
        MainWindow window;
        QVERIFY2(window.startBuiltIn(&error, 4.0), qPrintable(error));
        closed = window.sessions()->currentPath();
        QVERIFY(QFile::exists(closed));
    }
    QVERIFY(!QFile::exists(closed)); // a run without calls leaves no file behind
}

void TestSessionController::exportWritesWhatTheCommandWrites_data()
{
    QTest::addColumn<int>("format");
    QTest::addColumn<QString>("name");
    QTest::newRow("json") << int(SessionExportFormat::Json) << QStringLiteral("json");
    QTest::newRow("jsonl") << int(SessionExportFormat::JsonLines) << QStringLiteral("jsonl");
}

void TestSessionController::exportWritesWhatTheCommandWrites()
{
    QFETCH(int, format);
    QFETCH(QString, name);
    MainWindow window;
    QString error;
    QVERIFY2(window.startBuiltIn(&error, 4.0), qPrintable(error));
    QVERIFY(!callAndWait(window).isEmpty());
    const QString ours = m_dir.filePath(QStringLiteral("window.") + name);
    QCOMPARE(window.sessions()->exportTo(ours, SessionExportFormat(format)), QString());
    QProcess cli;
    cli.start(QStringLiteral(CALLCONSOLE_BINARY), {QStringLiteral("export"), window.sessions()->currentPath(), QStringLiteral("--format"), name});
    QVERIFY(cli.waitForFinished(60000));
    QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
    QFile file(ours);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray exported = file.readAll();
    QVERIFY(exported.contains("NEW_OUTBOUND_CALL"));
    QCOMPARE(exported, cli.readAllStandardOutput());
}

void TestSessionController::notASessionChangesNothing()
{
    MainWindow window;
    QString error;
    QVERIFY2(window.startBuiltIn(&error, 4.0), qPrintable(error));
    const QString path = window.sessions()->currentPath();
    const QString title = window.windowTitle();
    const QString text = m_dir.filePath(QStringLiteral("notes.txt"));
    QFile file(text);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(2048, 'x'));
    file.close();
    QVERIFY(window.sessions()->open(text).contains(text));
    QVERIFY(window.sessions()->open(m_dir.filePath(QStringLiteral("missing.ccsession"))).contains(QLatin1String("no such session file")));
    QCOMPARE(window.sessions()->currentPath(), path);
    QCOMPARE(window.windowTitle(), title);
    QVERIFY(!callAndWait(window).isEmpty());
    QVERIFY(!SessionStore::readAll(path, nullptr).isEmpty()); // still recording where it was
}

void TestSessionController::unwritableFolderStillStarts()
{
    const QString blocker = m_dir.filePath(QStringLiteral("a-file"));
    QFile file(blocker);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    MainWindow window;
    window.sessions()->setDirectory(blocker + QStringLiteral("/sessions")); // a folder inside a file cannot exist
    QString error;
    QVERIFY2(window.startBuiltIn(&error, 4.0), qPrintable(error));
    QVERIFY2(window.statusBar()->currentMessage().contains(QLatin1String("deliveries are not recorded")),
             qPrintable(window.statusBar()->currentMessage()));
    QVERIFY(window.sessions()->currentPath().isEmpty());
    QVERIFY(window.sessions()->saveCopyAs(m_dir.filePath(QStringLiteral("x.ccsession"))).contains(QLatin1String("nothing is recorded")));
    QVERIFY(!callAndWait(window).isEmpty()); // calls still work, shown but not recorded
}

int main(int argc, char **argv)
{
    isolatedHome();
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("CallConsoleTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_sessioncontroller"));
    TestSessionController test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_sessioncontroller.moc"

// Secrets typed into the console: stored in the keychain when one exists, otherwise kept in
// memory for the session — and in neither case written to any file (settings included).
#include "SecretStore.h"

#include <QDirIterator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using callconsole::aws::SecretStore;

class TestSecretStore : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;

private slots:
    void initTestCase()
    {
        // Every file the app (or QtKeychain) could write lands under this HOME.
        qputenv("HOME", m_home.path().toUtf8());
        qputenv("XDG_CONFIG_HOME", m_home.filePath(QStringLiteral("config")).toUtf8());
        qputenv("XDG_DATA_HOME", m_home.filePath(QStringLiteral("data")).toUtf8());
    }

    void storesAndLoadsWithoutWritingAFile()
    {
        const QString secret = QStringLiteral("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY-test-%1").arg(QCoreApplication::applicationPid());
        SecretStore store(QStringLiteral("Call Console tests"));
        bool stored = false;
        SecretStore::Location location = SecretStore::Location::Keychain;
        QString message;
        store.store(QStringLiteral("aws/default/secret"), secret, [&](SecretStore::Location where, const QString &why) {
            stored = true;
            location = where;
            message = why;
        });
        QTRY_VERIFY_WITH_TIMEOUT(stored, 60000);
        if (location == SecretStore::Location::SessionMemory) {
            // The headless case (no Secret Service): a clean fallback that says what happened.
            QVERIFY(store.usingSessionMemory());
            QVERIFY2(message.contains(QLatin1String("kept in memory")), qPrintable(message));
        }
        bool loaded = false;
        QString value;
        store.load(QStringLiteral("aws/default/secret"), [&](const QString &text, bool found) {
            loaded = found;
            value = text;
        });
        QTRY_VERIFY_WITH_TIMEOUT(loaded, 60000);
        QCOMPARE(value, secret);

        QDirIterator files(m_home.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (files.hasNext()) {
            QFile file(files.next());
            QVERIFY(file.open(QIODevice::ReadOnly));
            QVERIFY2(!file.readAll().contains(secret.toUtf8()), qPrintable(file.fileName()));
        }
        bool removed = false;
        store.remove(QStringLiteral("aws/default/secret"), [&] { removed = true; });
        QTRY_VERIFY_WITH_TIMEOUT(removed, 60000);
    }

    void missingKeyIsNotFound()
    {
        SecretStore store(QStringLiteral("Call Console tests"));
        bool answered = false;
        bool found = true;
        store.load(QStringLiteral("no/such/key/%1").arg(QCoreApplication::applicationPid()), [&](const QString &, bool f) {
            answered = true;
            found = f;
        });
        QTRY_VERIFY_WITH_TIMEOUT(answered, 60000);
        QVERIFY(!found);
    }
};

QTEST_GUILESS_MAIN(TestSecretStore)
#include "tst_secretstore.moc"

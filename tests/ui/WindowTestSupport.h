// What the window-level tests share: a HOME of their own (settings, session files and anything
// a keychain fallback might write all land under it, where a test can search it for secrets),
// and placing a call by typing into the form as a user would.
#pragma once

#include "CallForm.h"
#include "MainWindow.h"
#include "TransactionTableModel.h"

#include <QDirIterator>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace callconsole::testing {

// Call before QApplication exists (from main): QStandardPaths' test mode puts QSettings and
// AppDataLocation under $HOME/.qttest, and HOME is this directory.
inline QTemporaryDir &isolatedHome()
{
    static QTemporaryDir home;
    qputenv("HOME", home.path().toUtf8());
    for (const char *name : {"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                             "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION"})
        qunsetenv(name);
    qputenv("AWS_SHARED_CREDENTIALS_FILE", home.filePath(QStringLiteral(".aws/credentials")).toUtf8());
    qputenv("AWS_CONFIG_FILE", home.filePath(QStringLiteral(".aws/config")).toUtf8());
    QStandardPaths::setTestModeEnabled(true);
    return home;
}

// Files under root whose bytes contain secret.
inline QStringList filesContaining(const QString &root, const QString &secret)
{
    QStringList found;
    QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (file.open(QIODevice::ReadOnly) && file.readAll().contains(secret.toUtf8()))
            found << file.fileName();
    }
    return found;
}

inline bool placeFromForm(MainWindow &window, const QString &to)
{
    auto *edit = window.form()->findChild<QLineEdit *>(callrules::toPhoneNumber());
    edit->clear();
    QTest::keyClicks(edit, to);
    auto *place = window.form()->findChild<QPushButton *>(QStringLiteral("place"));
    if (!place->isEnabled())
        return false;
    QTest::mouseClick(place, Qt::LeftButton);
    return true;
}

inline QStringList eventTypes(const MainWindow &window, const QString &transactionId)
{
    const CallStore &store = window.transactions()->store();
    const int index = store.indexOf(transactionId);
    QStringList types;
    if (index < 0)
        return types;
    for (const int arrival : store.transaction(index).sequenceOrder())
        types << toString(store.transaction(index).eventsByArrival().at(arrival).type);
    return types;
}

inline QString lastTransactionId(const MainWindow &window)
{
    const CallStore &store = window.transactions()->store();
    return store.transactionCount() == 0 ? QString() : store.transaction(store.transactionCount() - 1).transactionId();
}

} // namespace callconsole::testing

// Where secret keys typed into the console go: the desktop's keychain through QtKeychain, never
// QSettings. Where no keychain service exists (a headless machine, a desktop without Secret
// Service), the secret is kept in this process's memory only, for the session, and the caller
// is told so. QtKeychain's insecure plaintext fallback is never enabled.
#pragma once

#include <QHash>
#include <QObject>
#include <QString>

#include <functional>

namespace callconsole::aws {

class SecretStore : public QObject
{
    Q_OBJECT

public:
    enum class Location { Keychain, SessionMemory };

    explicit SecretStore(QString service = QStringLiteral("Call Console"), QObject *parent = nullptr);

    // done(location, error): error is empty on success; SessionMemory means "kept until exit".
    void store(const QString &key, const QString &secret, std::function<void(Location, QString)> done);
    // done(secret, found)
    void load(const QString &key, std::function<void(QString, bool)> done);
    void remove(const QString &key, std::function<void()> done = {});

    // The keychain answered "no backend" or failed: secrets of this run live in memory.
    bool usingSessionMemory() const { return m_sessionOnly; }

private:
    QString m_service;
    QHash<QString, QString> m_memory;
    bool m_sessionOnly = false;
};

} // namespace callconsole::aws

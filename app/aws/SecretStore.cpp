#include "SecretStore.h"

#include <qt6keychain/keychain.h>

namespace callconsole::aws {

SecretStore::SecretStore(QString service, QObject *parent)
    : QObject(parent)
    , m_service(std::move(service))
{
}

void SecretStore::store(const QString &key, const QString &secret, std::function<void(Location, QString)> done)
{
    if (m_sessionOnly) {
        m_memory.insert(key, secret);
        done(Location::SessionMemory, {});
        return;
    }
    auto *job = new QKeychain::WritePasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // a plaintext file is exactly what must not happen
    job->setKey(key);
    job->setTextData(secret);
    connect(job, &QKeychain::Job::finished, this, [this, key, secret, done](QKeychain::Job *finished) {
        if (finished->error() == QKeychain::NoError) {
            done(Location::Keychain, {});
            return;
        }
        // No keychain here: keep it for this session only, and say why.
        m_sessionOnly = true;
        m_memory.insert(key, secret);
        done(Location::SessionMemory,
             QStringLiteral("no keychain available (%1): the key is kept in memory until Call Console exits")
                 .arg(finished->errorString()));
    });
    job->start();
}

void SecretStore::load(const QString &key, std::function<void(QString, bool)> done)
{
    if (m_memory.contains(key) || m_sessionOnly) {
        done(m_memory.value(key), m_memory.contains(key));
        return;
    }
    auto *job = new QKeychain::ReadPasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [job, done](QKeychain::Job *) {
        const bool found = job->error() == QKeychain::NoError;
        done(found ? job->textData() : QString(), found);
    });
    job->start();
}

void SecretStore::remove(const QString &key, std::function<void()> done)
{
    m_memory.remove(key);
    if (m_sessionOnly) {
        if (done)
            done();
        return;
    }
    auto *job = new QKeychain::DeletePasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [done](QKeychain::Job *) {
        if (done)
            done();
    });
    job->start();
}

} // namespace callconsole::aws

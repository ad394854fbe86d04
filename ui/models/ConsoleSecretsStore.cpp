#include "ConsoleSecretsStore.h"

#include <QEventLoop>
#include <QTimer>

#include <memory>

namespace callconsole {

QStringList neededSecretKeys(const ConsoleSettings &settings)
{
    QStringList keys;
    if (settings.authentication == EndpointAuthentication::BearerToken)
        keys << settingsfield::bearerToken();
    if (settings.authentication == EndpointAuthentication::HmacSecret)
        keys << settingsfield::hmacSecret();
    if (settings.awsCredentialSource == AwsCredentialSource::TypedKeys)
        keys << settingsfield::awsAccessKeyId() << settingsfield::awsSecretAccessKey() << ConsoleSecrets::keys().last();
    return keys;
}

void loadSecrets(aws::SecretStore &store, const QStringList &keys, std::function<void(const ConsoleSecrets &)> done)
{
    struct Pending
    {
        ConsoleSecrets secrets;
        qsizetype remaining = 0;
        std::function<void(const ConsoleSecrets &)> done;
    };
    auto pending = std::make_shared<Pending>();
    pending->remaining = keys.size();
    pending->done = std::move(done);
    if (keys.isEmpty()) {
        pending->done(pending->secrets);
        return;
    }
    for (const QString &key : keys) {
        store.load(key, [pending, key](const QString &secret, bool found) {
            if (found)
                pending->secrets.setValue(key, secret);
            if (--pending->remaining == 0)
                pending->done(pending->secrets);
        });
    }
}

ConsoleSecrets loadSecretsNow(aws::SecretStore &store, const QStringList &keys, int timeoutMs)
{
    auto result = std::make_shared<ConsoleSecrets>();
    auto finished = std::make_shared<bool>(false);
    // Shared: a keychain that answers after the timeout must not reach a loop that is gone.
    auto loop = std::make_shared<QEventLoop>();
    QTimer::singleShot(timeoutMs, loop.get(), &QEventLoop::quit);
    loadSecrets(store, keys, [result, finished, loop](const ConsoleSecrets &secrets) {
        *result = secrets;
        *finished = true;
        loop->quit();
    });
    if (!*finished)
        loop->exec();
    return *result;
}

void storeSecrets(aws::SecretStore &store, const ConsoleSecrets &before, const ConsoleSecrets &after,
                  std::function<void(const QStringList &)> done)
{
    struct Pending
    {
        QStringList notices;
        int remaining = 0;
        std::function<void(const QStringList &)> done;
    };
    auto pending = std::make_shared<Pending>();
    pending->done = std::move(done);
    QStringList changed;
    for (const QString &key : ConsoleSecrets::keys()) {
        if (before.value(key) != after.value(key))
            changed << key;
    }
    pending->remaining = int(changed.size());
    const auto finishOne = [pending] {
        if (--pending->remaining == 0 && pending->done)
            pending->done(pending->notices);
    };
    if (changed.isEmpty()) {
        if (pending->done)
            pending->done({});
        return;
    }
    for (const QString &key : std::as_const(changed)) {
        const QString value = after.value(key);
        if (value.isEmpty()) {
            store.remove(key, finishOne);
            continue;
        }
        store.store(key, value, [pending, finishOne](aws::SecretStore::Location, const QString &notice) {
            if (!notice.isEmpty() && !pending->notices.contains(notice))
                pending->notices << notice;
            finishOne();
        });
    }
}

} // namespace callconsole

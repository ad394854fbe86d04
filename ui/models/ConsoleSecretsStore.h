// ConsoleSecrets in and out of SecretStore (the keychain, or this run's memory where there is
// none): only the keys a configuration needs are read, and only changed values are written.
#pragma once

#include "ConsoleSettings.h"
#include "SecretStore.h"

#include <functional>

namespace callconsole {

// The secrets these settings use: none for a loopback endpoint and an AWS profile, so a
// default start never touches the keychain.
QStringList neededSecretKeys(const ConsoleSettings &settings);

void loadSecrets(aws::SecretStore &store, const QStringList &keys, std::function<void(const ConsoleSecrets &)> done);
// Waits (running the event loop) until the keys are read or timeoutMs passes; what was not
// read by then stays empty. For start-up, where the endpoint needs its token before it listens.
ConsoleSecrets loadSecretsNow(aws::SecretStore &store, const QStringList &keys, int timeoutMs = 20000);

// Writes what differs between before and after (an emptied value is removed). done receives
// what a person should know, such as "kept in memory until Call Console exits".
void storeSecrets(aws::SecretStore &store, const ConsoleSecrets &before, const ConsoleSecrets &after,
                  std::function<void(const QStringList &notices)> done = {});

} // namespace callconsole

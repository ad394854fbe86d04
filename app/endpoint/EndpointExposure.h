// The one rule for where the endpoint may listen: on loopback nothing needs proving; any other
// address exposes it to the network, so it needs a bearer token or the relay's HMAC secret.
// `callconsole serve` and the desktop's preferences both ask this function.
#pragma once

#include <QHostAddress>
#include <QString>

namespace callconsole {

// Why the endpoint must not listen on host, or an empty string when it may. Each surface adds
// its own way out (a command-line option, a field in the preferences).
QString exposureRefusal(const QHostAddress &host, bool authenticated);

} // namespace callconsole

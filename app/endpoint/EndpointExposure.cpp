#include "EndpointExposure.h"

namespace callconsole {

QString exposureRefusal(const QHostAddress &host, bool authenticated)
{
    if (host.isLoopback() || authenticated)
        return {};
    return QStringLiteral("listening on %1 exposes the endpoint to the network without authentication")
        .arg(host.toString());
}

} // namespace callconsole

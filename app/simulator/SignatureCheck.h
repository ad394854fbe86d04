// Verifies an incoming request's SigV4 Authorization header the way AWS does for the
// chime-sdk-voice API (service "chime"), so the simulator can insist on correctly signed
// requests when the user configures credentials.
#pragma once

#include <QtHttpServer/QHttpServerRequest>

#include <QString>

namespace callconsole {

struct SignatureFailure
{
    QString errorType;   // AWS's: MissingAuthenticationTokenException, InvalidSignatureException, …
    QString message;
};

// nullopt when the request is signed with these credentials for service (its signing name).
std::optional<SignatureFailure> checkSignature(const QHttpServerRequest &request, const QString &accessKeyId,
                                               const QString &secretAccessKey, const QString &service = QStringLiteral("chime"));

} // namespace callconsole

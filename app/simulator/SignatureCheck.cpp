#include "SignatureCheck.h"

#include "HttpServerCompat.h"
#include "SigV4Signer.h"

#include <QRegularExpression>
#include <QUrlQuery>

namespace callconsole {

std::optional<SignatureFailure> checkSignature(const QHttpServerRequest &request, const QString &accessKeyId,
                                               const QString &secretAccessKey, const QString &service)
{
    const QByteArray authorization = http::headerValue(request, "Authorization");
    if (authorization.isEmpty()) {
        return SignatureFailure{QStringLiteral("MissingAuthenticationTokenException"),
                                QStringLiteral("Missing Authentication Token: the request is not signed (SigV4)")};
    }
    static const QRegularExpression header(QStringLiteral(
        R"(^AWS4-HMAC-SHA256\s+Credential=([^/]+)/(\d{8})/([^/]+)/([^/]+)/aws4_request,\s*SignedHeaders=([^,]+),\s*Signature=([0-9a-f]{64})$)"));
    const auto match = header.match(QString::fromLatin1(authorization));
    if (!match.hasMatch()) {
        return SignatureFailure{QStringLiteral("IncompleteSignatureException"),
                                QStringLiteral("Authorization header is not a SigV4 AWS4-HMAC-SHA256 header")};
    }
    if (match.captured(1) != accessKeyId) {
        return SignatureFailure{QStringLiteral("UnrecognizedClientException"),
                                QStringLiteral("The security token included in the request is invalid (unknown access key %1)").arg(match.captured(1))};
    }
    const QDateTime time = QDateTime::fromString(QString::fromLatin1(http::headerValue(request, "X-Amz-Date")),
                                                 QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
    if (!time.isValid()) {
        return SignatureFailure{QStringLiteral("IncompleteSignatureException"), QStringLiteral("X-Amz-Date is missing or malformed")};
    }

    // Rebuild the request from exactly the headers the client signed; the signer adds
    // X-Amz-Date (and the session token) itself.
    aws::SigningRequest rebuilt;
    rebuilt.method = request.method() == QHttpServerRequest::Method::Get ? QByteArrayLiteral("GET")
                   : request.method() == QHttpServerRequest::Method::Post ? QByteArrayLiteral("POST")
                   : request.method() == QHttpServerRequest::Method::Put ? QByteArrayLiteral("PUT")
                                                                         : QByteArrayLiteral("DELETE");
    rebuilt.path = request.url().path();
    for (const auto &[key, value] : QUrlQuery(request.url()).queryItems(QUrl::FullyDecoded))
        rebuilt.query << qMakePair(key, value);
    rebuilt.body = request.body();
    const QStringList signedNames = match.captured(5).split(QLatin1Char(';'));
    for (const auto &[name, value] : http::requestHeaders(request)) {
        const QString lower = QString::fromLatin1(name).toLower();
        if (signedNames.contains(lower) && lower != QLatin1String("x-amz-date") && lower != QLatin1String("x-amz-security-token"))
            rebuilt.headers << qMakePair(name, value);
    }
    aws::SigningParams params;
    params.region = match.captured(3);
    params.service = match.captured(4);
    params.time = time;
    params.doubleEncodePath = true; // botocore encodes twice for every service but S3
    const aws::Credentials credentials(accessKeyId, secretAccessKey,
                                       QString::fromLatin1(http::headerValue(request, "X-Amz-Security-Token")));
    const aws::SignedRequest expected = aws::SigV4Signer::sign(rebuilt, credentials, params);
    const QByteArray given = match.captured(6).toLatin1();
    unsigned char difference = given.size() == expected.signature.size() ? 0 : 1;
    for (qsizetype i = 0; i < std::min(given.size(), expected.signature.size()); ++i)
        difference |= static_cast<unsigned char>(given.at(i) ^ expected.signature.at(i));
    if (difference != 0) {
        return SignatureFailure{QStringLiteral("InvalidSignatureException"),
                                QStringLiteral("The request signature we calculated does not match the signature you provided. "
                                               "Check your AWS Secret Access Key and signing method.")};
    }
    if (params.service != service) {
        return SignatureFailure{QStringLiteral("InvalidSignatureException"),
                                QStringLiteral("Credential should be scoped to the correct service: '%1', not '%2'").arg(service, params.service)};
    }
    return std::nullopt;
}

} // namespace callconsole

#include "SigV4Signer.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>
#include <QStringList>

#include <algorithm>
#include <map>

namespace callconsole::aws {

namespace {

QByteArray sha256Hex(const QByteArray &data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
}

QByteArray hmac(const QByteArray &key, const QByteArray &message)
{
    return QMessageAuthenticationCode::hash(message, key, QCryptographicHash::Sha256);
}

bool isUnreserved(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
        || c == '_' || c == '.' || c == '~';
}

// Header values are compared after trimming and collapsing runs of whitespace, which also
// unfolds obsolete multi-line values.
QByteArray canonicalHeaderValue(const QByteArray &value)
{
    return value.simplified();
}

QString normalizedPath(const QString &path)
{
    const QStringList segments = path.split(QLatin1Char('/'));
    QStringList kept;
    for (const QString &segment : segments) {
        if (segment.isEmpty() || segment == QLatin1String("."))
            continue;
        if (segment == QLatin1String("..")) {
            if (!kept.isEmpty())
                kept.removeLast();
            continue;
        }
        kept.append(segment);
    }
    QString result = QLatin1Char('/') + kept.join(QLatin1Char('/'));
    const bool trailingSlash = path.endsWith(QLatin1Char('/')) || path.endsWith(QLatin1String("/."))
        || path.endsWith(QLatin1String("/.."));
    if (trailingSlash && !kept.isEmpty())
        result += QLatin1Char('/');
    return result;
}

} // namespace

QByteArray SigV4Signer::uriEncode(const QByteArray &utf8, bool keepSlash)
{
    static const char hex[] = "0123456789ABCDEF";
    QByteArray out;
    out.reserve(utf8.size() * 3);
    for (const char c : utf8) {
        if (isUnreserved(c) || (keepSlash && c == '/')) {
            out += c;
        } else {
            const auto byte = static_cast<unsigned char>(c);
            out += '%';
            out += hex[byte >> 4];
            out += hex[byte & 0x0f];
        }
    }
    return out;
}

QByteArray SigV4Signer::canonicalUri(const QString &path, bool normalize, bool doubleEncode)
{
    QString effective = path.isEmpty() ? QStringLiteral("/") : path;
    if (normalize)
        effective = normalizedPath(effective);
    QByteArray encoded = uriEncode(effective.toUtf8(), true);
    if (doubleEncode)
        encoded = uriEncode(encoded, true);
    return encoded;
}

QByteArray SigV4Signer::canonicalQuery(const QList<QueryItem> &query)
{
    QList<QPair<QByteArray, QByteArray>> encoded;
    encoded.reserve(query.size());
    for (const QueryItem &item : query)
        encoded.append({uriEncode(item.first.toUtf8(), false), uriEncode(item.second.toUtf8(), false)});
    // Sorted by encoded key, then encoded value: repeated keys keep a stable, defined order.
    std::sort(encoded.begin(), encoded.end());
    QByteArray out;
    for (const auto &item : encoded) {
        if (!out.isEmpty())
            out += '&';
        out += item.first + '=' + item.second;
    }
    return out;
}

QByteArray SigV4Signer::signingKey(const QString &secret, const QString &date,
                                   const QString &region, const QString &service)
{
    const QByteArray kDate = hmac(QByteArrayLiteral("AWS4") + secret.toUtf8(), date.toUtf8());
    const QByteArray kRegion = hmac(kDate, region.toUtf8());
    const QByteArray kService = hmac(kRegion, service.toUtf8());
    return hmac(kService, QByteArrayLiteral("aws4_request"));
}

SignedRequest SigV4Signer::sign(const SigningRequest &request, const Credentials &credentials,
                                const SigningParams &params)
{
    const QDateTime utc = params.time.toUTC();
    const QByteArray amzDate = utc.toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'")).toLatin1();
    const QString date = utc.toString(QStringLiteral("yyyyMMdd"));
    const QByteArray payloadHash = sha256Hex(request.body);

    SignedRequest result;
    for (const HttpHeader &header : request.headers) {
        const QByteArray lower = header.first.toLower();
        if (lower == "x-amz-date" || lower == "authorization")
            continue;
        result.headers.append(header);
    }
    result.headers.append({QByteArrayLiteral("X-Amz-Date"), amzDate});
    const QByteArray token = credentials.sessionToken().toUtf8();
    if (!token.isEmpty() && !params.omitSessionTokenFromSignature)
        result.headers.append({QByteArrayLiteral("X-Amz-Security-Token"), token});
    if (params.signBodyHeader)
        result.headers.append({QByteArrayLiteral("x-amz-content-sha256"), payloadHash});

    // Repeated headers are signed as one, values joined by commas in the order sent.
    std::map<QByteArray, QList<QByteArray>> canonical;
    for (const HttpHeader &header : std::as_const(result.headers))
        canonical[header.first.toLower().trimmed()].append(canonicalHeaderValue(header.second));
    QByteArray canonicalHeaders;
    QByteArray signedHeaders;
    for (const auto &[name, value] : canonical) {
        canonicalHeaders += name + ':' + value.join(',') + '\n';
        if (!signedHeaders.isEmpty())
            signedHeaders += ';';
        signedHeaders += name;
    }

    result.canonicalRequest = request.method.toUpper() + '\n'
        + canonicalUri(request.path, params.normalizePath, params.doubleEncodePath) + '\n'
        + canonicalQuery(request.query) + '\n' + canonicalHeaders + '\n' + signedHeaders + '\n'
        + payloadHash;

    const QByteArray scope = (date + QLatin1Char('/') + params.region + QLatin1Char('/')
                              + params.service + QStringLiteral("/aws4_request"))
                                 .toUtf8();
    result.stringToSign = QByteArrayLiteral("AWS4-HMAC-SHA256\n") + amzDate + '\n' + scope + '\n'
        + sha256Hex(result.canonicalRequest);
    const QByteArray key =
        signingKey(credentials.secretAccessKey(), date, params.region, params.service);
    result.signature = hmac(key, result.stringToSign).toHex();
    result.authorization = QByteArrayLiteral("AWS4-HMAC-SHA256 Credential=")
        + credentials.accessKeyId().toUtf8() + '/' + scope + QByteArrayLiteral(", SignedHeaders=")
        + signedHeaders + QByteArrayLiteral(", Signature=") + result.signature;

    if (!token.isEmpty() && params.omitSessionTokenFromSignature)
        result.headers.append({QByteArrayLiteral("X-Amz-Security-Token"), token});
    result.headers.append({QByteArrayLiteral("Authorization"), result.authorization});
    return result;
}

} // namespace callconsole::aws

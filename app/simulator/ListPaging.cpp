#include "ListPaging.h"

#include <QCryptographicHash>
#include <QRegularExpression>

namespace callconsole::listpaging {

namespace {

QByteArray fingerprint(const QString &operation, const QStringList &keys)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(operation.toUtf8());
    for (const QString &key : keys) {
        hash.addData(QByteArrayView("\n"));
        hash.addData(key.toUtf8());
    }
    return hash.result().left(8).toHex();
}

constexpr auto base64url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

QString tokenFor(const QString &operation, const QStringList &keys, qsizetype offset)
{
    const QByteArray plain = operation.toUtf8() + '/' + QByteArray::number(offset) + '/' + fingerprint(operation, keys);
    return QString::fromLatin1(plain.toBase64(base64url));
}

// The position a token stands for, or -1 when this listing did not issue it.
qsizetype offsetOf(const QString &token, const QString &operation, const QStringList &keys)
{
    if (token.size() > 1024) // far longer than any token issued here
        return -1;
    const auto decoded = QByteArray::fromBase64Encoding(token.toLatin1(), base64url | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return -1;
    const QList<QByteArray> parts = decoded.decoded.split('/');
    if (parts.size() != 3 || parts.at(0) != operation.toUtf8() || parts.at(2) != fingerprint(operation, keys))
        return -1;
    bool ok = false;
    const qsizetype offset = parts.at(1).toLongLong(&ok);
    // A token is only issued for a position inside the listing, never for its end.
    if (!ok || offset <= 0 || offset >= keys.size())
        return -1;
    return offset;
}

} // namespace

Parsed<ListPage> page(const QString &operation, const QStringList &keys, const QUrlQuery &query)
{
    Parsed<ListPage> parsed;
    int maxResults = defaultMaxResults;
    static const QLatin1String maxResultsName("max-results");
    if (query.hasQueryItem(maxResultsName)) {
        const QString text = query.queryItemValue(maxResultsName, QUrl::FullyDecoded);
        static const QRegularExpression digits(QStringLiteral("^[0-9]{1,9}$"));
        const bool number = digits.match(text).hasMatch();
        maxResults = number ? text.toInt() : 0;
        if (!number || maxResults < minMaxResults || maxResults > maxMaxResults) {
            parsed.issues << ValidationIssue::error(QStringLiteral("MaxResults"), text,
                                                    QStringLiteral("expected a whole number from %1 to %2 (query parameter max-results)")
                                                        .arg(minMaxResults).arg(maxMaxResults));
        }
    }
    qsizetype begin = 0;
    // botocore never sends an empty token; an empty one reads as none, from the first page.
    const QString token = query.queryItemValue(QStringLiteral("next-token"), QUrl::FullyDecoded);
    if (!token.isEmpty()) {
        begin = offsetOf(token, operation, keys);
        if (begin < 0) {
            parsed.issues << ValidationIssue::error(QStringLiteral("NextToken"), token,
                                                    QStringLiteral("not a token that %1 issued for this listing; pass the previous "
                                                                   "answer's NextToken back unchanged, or leave it out to start "
                                                                   "from the first page").arg(operation));
        }
    }
    if (hasErrors(parsed.issues))
        return parsed;
    ListPage result;
    result.begin = begin;
    result.end = std::min<qsizetype>(keys.size(), begin + maxResults);
    if (result.end < keys.size())
        result.nextToken = tokenFor(operation, keys, result.end);
    parsed.value = result;
    return parsed;
}

} // namespace callconsole::listpaging

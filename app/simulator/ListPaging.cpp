#include "ListPaging.h"

#include <QCryptographicHash>
#include <QRegularExpression>

namespace callconsole::listpaging {

namespace {

// What a token is bound to: the operation, the filters it was issued under, the listing.
struct Listing
{
    const QString &operation;
    const QString &selection;
    const QStringList &keys;
};

QByteArray fingerprint(const Listing &listing)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(listing.operation.toUtf8());
    // A separator no operation name, filter string or key contains keeps the parts apart.
    hash.addData(QByteArrayView("\0", 1));
    hash.addData(listing.selection.toUtf8());
    for (const QString &key : listing.keys) {
        hash.addData(QByteArrayView("\n"));
        hash.addData(key.toUtf8());
    }
    return hash.result().left(8).toHex();
}

constexpr auto base64url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

QString tokenFor(const Listing &listing, qsizetype offset)
{
    const QByteArray plain = listing.operation.toUtf8() + '/' + QByteArray::number(offset) + '/' + fingerprint(listing);
    return QString::fromLatin1(plain.toBase64(base64url));
}

// The position a token stands for, or -1 when this listing did not issue it.
qsizetype offsetOf(const QString &token, const Listing &listing)
{
    if (token.size() > 1024) // far longer than any token issued here
        return -1;
    const auto decoded = QByteArray::fromBase64Encoding(token.toLatin1(), base64url | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return -1;
    const QList<QByteArray> parts = decoded.decoded.split('/');
    if (parts.size() != 3 || parts.at(0) != listing.operation.toUtf8() || parts.at(2) != fingerprint(listing))
        return -1;
    bool ok = false;
    const qsizetype offset = parts.at(1).toLongLong(&ok);
    // A token is only issued for a position inside the listing, never for its end.
    if (!ok || offset <= 0 || offset >= listing.keys.size())
        return -1;
    return offset;
}

} // namespace

Parsed<int> maxResults(const QUrlQuery &query)
{
    Parsed<int> parsed;
    parsed.value = defaultMaxResults;
    static const QLatin1String maxResultsName("max-results");
    if (!query.hasQueryItem(maxResultsName))
        return parsed;
    const QString text = query.queryItemValue(maxResultsName, QUrl::FullyDecoded);
    static const QRegularExpression digits(QStringLiteral("^[0-9]{1,9}$"));
    const bool number = digits.match(text).hasMatch();
    parsed.value = number ? text.toInt() : 0;
    if (!number || *parsed.value < minMaxResults || *parsed.value > maxMaxResults) {
        parsed.issues << ValidationIssue::error(QStringLiteral("MaxResults"), text,
                                                QStringLiteral("expected a whole number from %1 to %2 (query parameter max-results)")
                                                    .arg(minMaxResults).arg(maxMaxResults));
    }
    return parsed;
}

Parsed<ListPage> page(const QString &operation, const QStringList &keys, const QUrlQuery &query, const QString &selection)
{
    const Listing listing{operation, selection, keys};
    const Parsed<int> size = maxResults(query);
    Parsed<ListPage> parsed;
    parsed.issues = size.issues;
    qsizetype begin = 0;
    // botocore never sends an empty token; an empty one reads as none, from the first page.
    const QString token = query.queryItemValue(QStringLiteral("next-token"), QUrl::FullyDecoded);
    if (!token.isEmpty()) {
        begin = offsetOf(token, listing);
        if (begin < 0) {
            const QString issuedFor = selection.isEmpty() ? QStringLiteral("this listing")
                                                          : QStringLiteral("this listing with these filters (%1)").arg(selection);
            parsed.issues << ValidationIssue::error(QStringLiteral("NextToken"), token,
                                                    QStringLiteral("not a token that %1 issued for %2; pass the previous "
                                                                   "answer's NextToken back unchanged, or leave it out to start "
                                                                   "from the first page").arg(operation, issuedFor));
        }
    }
    if (hasErrors(parsed.issues))
        return parsed;
    ListPage result;
    result.begin = begin;
    result.end = std::min<qsizetype>(keys.size(), begin + *size.value);
    if (result.end < keys.size())
        result.nextToken = tokenFor(listing, result.end);
    parsed.value = result;
    return parsed;
}

} // namespace callconsole::listpaging

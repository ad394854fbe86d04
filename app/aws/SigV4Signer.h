#pragma once

#include "Credentials.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>

namespace callconsole::aws {

using HttpHeader = QPair<QByteArray, QByteArray>;
using QueryItem = QPair<QString, QString>;

// The parts of an HTTP request that SigV4 covers. Path and query are given decoded; the
// signer does the URI encoding so that callers cannot encode twice by mistake.
struct SigningRequest
{
    QByteArray method;
    QString path = QStringLiteral("/");
    QList<QueryItem> query;
    QList<HttpHeader> headers; // must include Host
    QByteArray body;
};

struct SigningParams
{
    QString region;
    QString service;
    QDateTime time; // UTC
    // Remove "." and ".." segments and empty segments (every service but S3).
    bool normalizePath = true;
    // Encode the already-encoded path again, as botocore does for every service but S3.
    bool doubleEncodePath = false;
    // Add x-amz-content-sha256 and sign it (S3 style); the payload hash is always signed.
    bool signBodyHeader = false;
    // Add X-Amz-Security-Token after signing instead of signing it (the "after" variant).
    bool omitSessionTokenFromSignature = false;
};

struct SignedRequest
{
    QByteArray canonicalRequest;
    QByteArray stringToSign;
    QByteArray signature; // hex
    QByteArray authorization;
    // Headers to send: the request's own plus X-Amz-Date, the token, the body hash and
    // Authorization, in the order they were added.
    QList<HttpHeader> headers;
};

// AWS Signature Version 4 header signing (AWS4-HMAC-SHA256).
class SigV4Signer
{
public:
    static SignedRequest sign(const SigningRequest &request, const Credentials &credentials,
                              const SigningParams &params);

    static QByteArray canonicalUri(const QString &path, bool normalize, bool doubleEncode);
    static QByteArray canonicalQuery(const QList<QueryItem> &query);
    static QByteArray uriEncode(const QByteArray &utf8, bool keepSlash);
    static QByteArray signingKey(const QString &secret, const QString &date,
                                 const QString &region, const QString &service);
};

} // namespace callconsole::aws

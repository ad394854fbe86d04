#include "SsoPortal.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUrlQuery>

namespace callconsole::aws {

namespace {

constexpr int portalTimeoutMs = 30000;

// The AWS CLI v2 writes "2026-12-04T18:00:00Z"; v1 wrote "2026-12-04T18:00:00UTC".
QDateTime parseExpiry(QString text)
{
    if (text.endsWith(QLatin1String("UTC")))
        text = text.left(text.size() - 3) + QLatin1Char('Z');
    return QDateTime::fromString(text, Qt::ISODateWithMs);
}

} // namespace

QString SsoPortal::loginAdvice(const QString &profile)
{
    return QStringLiteral("run `aws sso login --profile %1`").arg(profile);
}

QString SsoPortal::cacheFileName(const CredentialSource &sso)
{
    const QString key = sso.ssoSession.isEmpty() ? sso.ssoStartUrl : sso.ssoSession;
    return QString::fromLatin1(QCryptographicHash::hash(key.toUtf8(), QCryptographicHash::Sha1).toHex())
        + QStringLiteral(".json");
}

QByteArray SsoPortal::cachedToken(const CredentialSource &sso, QString *error)
{
    const QString session = sso.ssoSession.isEmpty() ? sso.ssoStartUrl : QStringLiteral("sso-session %1").arg(sso.ssoSession);
    QFile file(sso.ssoTokenFile);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("no IAM Identity Center token for %1 (looked for %2): %3")
                     .arg(session, sso.ssoTokenFile, loginAdvice(sso.profile));
        return {};
    }
    const QJsonObject token = QJsonDocument::fromJson(file.readAll()).object();
    const QByteArray accessToken = token.value(QStringLiteral("accessToken")).toString().toUtf8();
    const QDateTime expires = parseExpiry(token.value(QStringLiteral("expiresAt")).toString());
    if (accessToken.isEmpty() || !expires.isValid()) {
        *error = QStringLiteral("the IAM Identity Center token for %1 in %2 has no accessToken or expiresAt: %3")
                     .arg(session, sso.ssoTokenFile, loginAdvice(sso.profile));
        return {};
    }
    if (expires <= QDateTime::currentDateTimeUtc()) {
        *error = QStringLiteral("the IAM Identity Center token for %1 expired at %2: %3")
                     .arg(session, expires.toUTC().toString(Qt::ISODate), loginAdvice(sso.profile));
        return {};
    }
    return accessToken;
}

QNetworkReply *SsoPortal::getRoleCredentials(QNetworkAccessManager &network, const CredentialSource &sso,
                                             const QByteArray &accessToken)
{
    QUrl url = sso.endpoint.url;
    QString path = url.path();
    if (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    url.setPath(path + QStringLiteral("/federation/credentials"));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("role_name"), sso.ssoRoleName);
    query.addQueryItem(QStringLiteral("account_id"), sso.ssoAccountId);
    url.setQuery(query);
    QNetworkRequest request(url);
    request.setRawHeader("x-amz-sso_bearer_token", accessToken);
    sso.http.apply(request);
    request.setTransferTimeout(portalTimeoutMs);
    return network.get(request);
}

Credentials SsoPortal::credentialsFrom(QNetworkReply &reply, const CredentialSource &sso, QString *error)
{
    const int status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QString what = QStringLiteral("IAM Identity Center GetRoleCredentials for role %1 in account %2 (profile %3)")
                             .arg(sso.ssoRoleName, sso.ssoAccountId, sso.profile);
    if (status == 0) {
        *error = QStringLiteral("%1 failed: %2").arg(what, sso.http.transportError(reply));
        return {};
    }
    const QJsonObject body = QJsonDocument::fromJson(reply.readAll()).object();
    if (status == 401) {
        *error = QStringLiteral("%1: the session is no longer valid (UnauthorizedException): %2")
                     .arg(what, loginAdvice(sso.profile));
        return {};
    }
    if (status != 200) {
        const QString type = QString::fromLatin1(reply.rawHeader("x-amzn-ErrorType")).section(QLatin1Char(':'), 0, 0);
        const QString message = body.value(QStringLiteral("message")).toString(body.value(QStringLiteral("Message")).toString());
        *error = QStringLiteral("%1 was refused: %2%3 (HTTP %4)")
                     .arg(what, type.isEmpty() ? QStringLiteral("error") : type,
                          message.isEmpty() ? QString() : QStringLiteral(": ") + message)
                     .arg(status);
        return {};
    }
    const QJsonObject role = body.value(QStringLiteral("roleCredentials")).toObject();
    Credentials credentials(role.value(QStringLiteral("accessKeyId")).toString(),
                            role.value(QStringLiteral("secretAccessKey")).toString(),
                            role.value(QStringLiteral("sessionToken")).toString(), sso.describe());
    const qint64 expiration = qint64(role.value(QStringLiteral("expiration")).toDouble());
    if (!credentials.isValid() || expiration <= 0) {
        *error = QStringLiteral("%1 answered without roleCredentials").arg(what);
        return {};
    }
    credentials.setExpiration(QDateTime::fromMSecsSinceEpoch(expiration, Qt::UTC));
    return credentials;
}

} // namespace callconsole::aws

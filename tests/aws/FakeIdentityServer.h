// STS and the IAM Identity Center portal on a loopback port, for the credential providers'
// tests: AssumeRole (its SigV4 signature verified with the project's signer against the keys
// this server knows, including the ones it issued, so chained roles verify too), MFA codes,
// AssumeRoleWithWebIdentity with a known token, and the portal's GetRoleCredentials with a
// known bearer token. Every request is recorded.
#pragma once

#include "HttpServerCompat.h"
#include "SigV4Signer.h"

#include <QDateTime>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QUrl>
#include <QUrlQuery>

struct IdentityRequest
{
    QString action;              // "AssumeRole", "AssumeRoleWithWebIdentity", "GetRoleCredentials"
    QUrlQuery parameters;        // the form body, or the portal's query
    QByteArray userAgent;
    QString signedWithKey;       // AssumeRole: the access key id of a valid signature, else empty
    QString signingRegion;
    QByteArray bearerToken;      // GetRoleCredentials
};

class FakeIdentityServer : public QAbstractHttpServer
{
public:
    FakeIdentityServer()
    {
        m_tcp.listen(QHostAddress::LocalHost, 0);
        bind(&m_tcp);
    }

    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_tcp.serverPort())); }

    // Keys whose signatures AssumeRole accepts.
    void trust(const QString &accessKeyId, const QString &secret) { m_secrets.insert(accessKeyId, secret); }
    // AssumeRole of roleArn needs SerialNumber serial and TokenCode code.
    void requireMfa(const QString &roleArn, const QString &serial, const QString &code) { m_mfa.insert(roleArn, {serial, code}); }
    void acceptWebIdentityToken(const QByteArray &token) { m_webTokens << token; }
    void acceptSsoToken(const QByteArray &token) { m_ssoTokens << token; }
    // Every call is refused with this STS error code.
    void refuseAll(const QString &code) { m_refusal = code; }

    QList<IdentityRequest> requests;

    static QString issuedKeyFor(const QString &roleArn) { return QStringLiteral("ASIA") + roleArn.section(QLatin1Char('/'), -1).toUpper(); }

protected:
    CALLCONSOLE_HTTP_HANDLE_REQUEST
    {
        QHttpServerResponder responder = CALLCONSOLE_HTTP_TAKE_RESPONDER();
        IdentityRequest recorded;
        recorded.userAgent = callconsole::http::headerValue(request, "User-Agent");
        if (request.url().path() == QLatin1String("/federation/credentials")) {
            recorded.action = QStringLiteral("GetRoleCredentials");
            recorded.parameters = QUrlQuery(request.url());
            recorded.bearerToken = callconsole::http::headerValue(request, "x-amz-sso_bearer_token");
            requests << recorded;
            answerPortal(responder, recorded);
            return true;
        }
        recorded.parameters = QUrlQuery(QString::fromUtf8(request.body()).replace(QLatin1Char('+'), QLatin1Char(' ')));
        recorded.action = recorded.parameters.queryItemValue(QStringLiteral("Action"), QUrl::FullyDecoded);
        if (recorded.action == QLatin1String("AssumeRole"))
            verifySignature(request, &recorded);
        requests << recorded;
        answerSts(responder, recorded);
        return true;
    }
    CALLCONSOLE_HTTP_MISSING_HANDLER
    {
        QHttpServerResponder responder = CALLCONSOLE_HTTP_TAKE_RESPONDER();
        callconsole::http::respond(responder, 404, {}, {});
    }

private:
    static QString value(const IdentityRequest &r, const char *name)
    {
        return r.parameters.queryItemValue(QLatin1String(name), QUrl::FullyDecoded);
    }

    void verifySignature(const QHttpServerRequest &request, IdentityRequest *recorded)
    {
        using namespace callconsole::aws;
        const QByteArray authorization = callconsole::http::headerValue(request, "Authorization");
        const qsizetype credentialAt = authorization.indexOf("Credential=");
        const qsizetype signedAt = authorization.indexOf("SignedHeaders=");
        if (credentialAt < 0 || signedAt < 0)
            return;
        const QList<QByteArray> scope = authorization.mid(credentialAt + 11, authorization.indexOf(',', credentialAt) - credentialAt - 11).split('/');
        if (scope.size() != 5 || scope.at(3) != "sts" || !m_secrets.contains(QString::fromLatin1(scope.at(0))))
            return;
        SigningRequest signing;
        signing.method = "POST";
        signing.path = request.url().path().isEmpty() ? QStringLiteral("/") : request.url().path();
        const QByteArray signedList = authorization.mid(signedAt + 14, authorization.indexOf(',', signedAt) - signedAt - 14);
        for (const QByteArray &name : signedList.split(';')) {
            if (name == "x-amz-date" || name == "x-amz-security-token")
                continue;
            signing.headers.append({name, callconsole::http::headerValue(request, name)});
        }
        signing.body = request.body();
        SigningParams params;
        params.region = QString::fromLatin1(scope.at(2));
        params.service = QStringLiteral("sts");
        params.time = QDateTime::fromString(QString::fromLatin1(callconsole::http::headerValue(request, "X-Amz-Date")),
                                            QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
        params.time.setTimeSpec(Qt::UTC);
        const QString keyId = QString::fromLatin1(scope.at(0));
        const Credentials keys(keyId, m_secrets.value(keyId),
                               QString::fromUtf8(callconsole::http::headerValue(request, "X-Amz-Security-Token")));
        if (SigV4Signer::sign(signing, keys, params).authorization == authorization) {
            recorded->signedWithKey = keyId;
            recorded->signingRegion = params.region;
        }
    }

    void refuse(QHttpServerResponder &responder, int status, const QString &code, const QString &message)
    {
        const QByteArray body = QStringLiteral("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>"
                                               "<Type>Sender</Type><Code>%1</Code><Message>%2</Message></Error>"
                                               "<RequestId>req-%3</RequestId></ErrorResponse>")
                                    .arg(code, message)
                                    .arg(requests.size())
                                    .toUtf8();
        callconsole::http::respond(responder, status, {{"Content-Type", "text/xml"}}, body);
    }

    void answerSts(QHttpServerResponder &responder, const IdentityRequest &r)
    {
        const QString roleArn = value(r, "RoleArn");
        if (!m_refusal.isEmpty())
            return refuse(responder, 403, m_refusal, QStringLiteral("User is not authorized to perform: sts:AssumeRole on %1").arg(roleArn));
        if (r.action == QLatin1String("AssumeRole")) {
            if (r.signedWithKey.isEmpty())
                return refuse(responder, 403, QStringLiteral("SignatureDoesNotMatch"), QStringLiteral("The request signature we calculated does not match"));
            if (m_mfa.contains(roleArn)) {
                const auto [serial, code] = m_mfa.value(roleArn);
                if (value(r, "SerialNumber") != serial || value(r, "TokenCode") != code)
                    return refuse(responder, 403, QStringLiteral("AccessDenied"),
                                  QStringLiteral("MultiFactorAuthentication failed with invalid MFA one time pass code."));
            }
        } else if (r.action == QLatin1String("AssumeRoleWithWebIdentity")) {
            if (!m_webTokens.contains(value(r, "WebIdentityToken").toUtf8()))
                return refuse(responder, 400, QStringLiteral("InvalidIdentityToken"), QStringLiteral("Couldn't retrieve verification key"));
        } else {
            return refuse(responder, 400, QStringLiteral("InvalidAction"), QStringLiteral("Could not find operation %1").arg(r.action));
        }
        const QString keyId = issuedKeyFor(roleArn);
        const QString secret = QStringLiteral("secret-of-") + roleArn;
        m_secrets.insert(keyId, secret);
        const QString expiration = QDateTime::currentDateTimeUtc().addSecs(3600).toString(Qt::ISODateWithMs);
        const QByteArray body =
            QStringLiteral("<%1Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><%1Result><Credentials>"
                           "<AccessKeyId>%2</AccessKeyId><SecretAccessKey>%3</SecretAccessKey>"
                           "<SessionToken>token-of-%4</SessionToken><Expiration>%5</Expiration></Credentials>"
                           "</%1Result><ResponseMetadata><RequestId>req</RequestId></ResponseMetadata></%1Response>")
                .arg(r.action, keyId, secret, roleArn, expiration)
                .toUtf8();
        callconsole::http::respond(responder, 200, {{"Content-Type", "text/xml"}}, body);
    }

    void answerPortal(QHttpServerResponder &responder, const IdentityRequest &r)
    {
        if (!m_ssoTokens.contains(r.bearerToken)) {
            callconsole::http::respond(responder, 401, {{"Content-Type", "application/json"}, {"x-amzn-ErrorType", "UnauthorizedException"}},
                                       R"({"message":"Session token not found or invalid"})");
            return;
        }
        const QString role = value(r, "role_name");
        const QJsonObject credentials{{QStringLiteral("accessKeyId"), QStringLiteral("ASIASSO") + role.toUpper()},
                                      {QStringLiteral("secretAccessKey"), QStringLiteral("sso-secret-") + role},
                                      {QStringLiteral("sessionToken"), QStringLiteral("sso-token-") + value(r, "account_id")},
                                      {QStringLiteral("expiration"), double(QDateTime::currentMSecsSinceEpoch() + 3600 * 1000)}};
        callconsole::http::respond(responder, 200, {{"Content-Type", "application/json"}},
                                   QJsonDocument(QJsonObject{{QStringLiteral("roleCredentials"), credentials}}).toJson(QJsonDocument::Compact));
    }

    QTcpServer m_tcp;
    QHash<QString, QString> m_secrets;
    QHash<QString, QPair<QString, QString>> m_mfa;
    QList<QByteArray> m_webTokens;
    QList<QByteArray> m_ssoTokens;
    QString m_refusal;
};

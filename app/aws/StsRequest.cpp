#include "StsRequest.h"

#include "SigV4Signer.h"

#include <QDateTime>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QXmlStreamReader>

namespace callconsole::aws {

namespace {

constexpr int stsTimeoutMs = 30000;

QByteArray formBody(const QList<QueryItem> &parameters)
{
    QByteArray body;
    for (const QueryItem &item : parameters) {
        if (!body.isEmpty())
            body += '&';
        body += SigV4Signer::uriEncode(item.first.toUtf8(), false) + '=' + SigV4Signer::uriEncode(item.second.toUtf8(), false);
    }
    return body;
}

QList<QueryItem> roleParameters(const QByteArray &action, const CredentialSource &role)
{
    QList<QueryItem> parameters{{QStringLiteral("Action"), QString::fromLatin1(action)},
                                {QStringLiteral("Version"), QStringLiteral("2011-06-15")},
                                {QStringLiteral("RoleArn"), role.roleArn},
                                {QStringLiteral("RoleSessionName"), role.roleSessionName}};
    if (role.durationSeconds > 0)
        parameters.append({QStringLiteral("DurationSeconds"), QString::number(role.durationSeconds)});
    return parameters;
}

QNetworkReply *post(QNetworkAccessManager &network, const CredentialSource &role, const QList<QueryItem> &parameters,
                    const Credentials *signingKeys)
{
    const QByteArray body = formBody(parameters);
    const QUrl url = role.endpoint.url;
    QNetworkRequest request(url);
    request.setRawHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
    if (signingKeys) {
        QByteArray host = url.host().toUtf8();
        if (url.port() > 0)
            host += ':' + QByteArray::number(url.port());
        SigningRequest signing;
        signing.method = "POST";
        signing.path = url.path().isEmpty() ? QStringLiteral("/") : url.path();
        signing.headers = {{QByteArrayLiteral("Host"), host},
                           {QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/x-www-form-urlencoded; charset=utf-8")}};
        signing.body = body;
        SigningParams params;
        params.region = role.signingRegion;
        params.service = AwsService::sts().signingName;
        params.time = QDateTime::currentDateTimeUtc();
        for (const HttpHeader &header : SigV4Signer::sign(signing, *signingKeys, params).headers) {
            if (header.first.compare("Host", Qt::CaseInsensitive) != 0)
                request.setRawHeader(header.first, header.second);
        }
    }
    role.http.apply(request);
    request.setTransferTimeout(stsTimeoutMs);
    return network.post(request, body);
}

} // namespace

QNetworkReply *StsRequest::assumeRole(QNetworkAccessManager &network, const CredentialSource &role,
                                      const Credentials &sourceKeys, const QString &mfaCode)
{
    QList<QueryItem> parameters = roleParameters("AssumeRole", role);
    if (!role.externalId.isEmpty())
        parameters.append({QStringLiteral("ExternalId"), role.externalId});
    if (!role.mfaSerial.isEmpty()) {
        parameters.append({QStringLiteral("SerialNumber"), role.mfaSerial});
        parameters.append({QStringLiteral("TokenCode"), mfaCode});
    }
    return post(network, role, parameters, &sourceKeys);
}

QNetworkReply *StsRequest::assumeRoleWithWebIdentity(QNetworkAccessManager &network, const CredentialSource &role,
                                                     const QByteArray &webIdentityToken)
{
    QList<QueryItem> parameters = roleParameters("AssumeRoleWithWebIdentity", role);
    parameters.append({QStringLiteral("WebIdentityToken"), QString::fromUtf8(webIdentityToken)});
    return post(network, role, parameters, nullptr);
}

Credentials StsRequest::parse(const QByteArray &xml, const QString &source, QString *errorCode, QString *errorMessage)
{
    QXmlStreamReader reader(xml);
    QString accessKeyId, secretAccessKey, sessionToken, expiration;
    while (!reader.atEnd()) {
        if (reader.readNext() != QXmlStreamReader::StartElement)
            continue;
        const QStringView name = reader.name();
        if (name == QLatin1String("AccessKeyId"))
            accessKeyId = reader.readElementText();
        else if (name == QLatin1String("SecretAccessKey"))
            secretAccessKey = reader.readElementText();
        else if (name == QLatin1String("SessionToken"))
            sessionToken = reader.readElementText();
        else if (name == QLatin1String("Expiration"))
            expiration = reader.readElementText();
        else if (name == QLatin1String("Code"))
            *errorCode = reader.readElementText();
        else if (name == QLatin1String("Message"))
            *errorMessage = reader.readElementText();
    }
    Credentials credentials(accessKeyId, secretAccessKey, sessionToken, source);
    credentials.setExpiration(QDateTime::fromString(expiration, Qt::ISODateWithMs));
    return credentials;
}

Credentials StsRequest::credentialsFrom(QNetworkReply &reply, const CredentialSource &role, QString *error)
{
    const int status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QString call = role.kind == CredentialSource::Kind::WebIdentity ? QStringLiteral("AssumeRoleWithWebIdentity")
                                                                          : QStringLiteral("AssumeRole");
    const QString what = QStringLiteral("STS %1 for %2 (profile %3) at %4").arg(call, role.roleArn, role.profile,
                                                                              role.endpoint.url.toString());
    if (status == 0) {
        *error = QStringLiteral("%1 failed: %2").arg(what, role.http.transportError(reply));
        return {};
    }
    QString code, message;
    Credentials credentials = parse(reply.readAll(), role.describe(), &code, &message);
    if (status != 200 || !code.isEmpty()) {
        *error = QStringLiteral("%1 was refused: %2%3 (HTTP %4)")
                     .arg(what, code.isEmpty() ? QStringLiteral("error") : code,
                          message.isEmpty() ? QString() : QStringLiteral(": ") + message)
                     .arg(status);
        return {};
    }
    if (!credentials.isValid() || !credentials.expiration().isValid()) {
        *error = QStringLiteral("%1 answered without AccessKeyId, SecretAccessKey and Expiration").arg(what);
        return {};
    }
    return credentials;
}

} // namespace callconsole::aws

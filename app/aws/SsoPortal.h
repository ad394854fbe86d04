#pragma once

#include "CredentialSource.h"

class QNetworkAccessManager;
class QNetworkReply;

namespace callconsole::aws {

// IAM Identity Center (SSO) profiles, as the AWS CLI leaves them after `aws sso login`: the
// access token in ~/.aws/sso/cache, exchanged for the role's keys with the portal's
// GetRoleCredentials. The console never logs in itself; a missing or expired token says which
// `aws sso login` to run.
class SsoPortal
{
public:
    // <sha1 hex of the sso-session name, or of the start URL for the legacy form>.json
    static QString cacheFileName(const CredentialSource &sso);
    // The cached access token, or an error that ends with "run `aws sso login --profile P`".
    static QByteArray cachedToken(const CredentialSource &sso, QString *error);

    static QNetworkReply *getRoleCredentials(QNetworkAccessManager &network, const CredentialSource &sso,
                                             const QByteArray &accessToken);
    static Credentials credentialsFrom(QNetworkReply &reply, const CredentialSource &sso, QString *error);

    // "run `aws sso login --profile P`"
    static QString loginAdvice(const QString &profile);
};

} // namespace callconsole::aws

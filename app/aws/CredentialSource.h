#pragma once

#include "AwsHttp.h"
#include "Credentials.h"
#include "ServiceEndpoint.h"

#include <QString>

#include <memory>

namespace callconsole::aws {

// How a profile's credentials are to be had when they are not keys in a file: found in the
// shared files by CredentialsResolver::locate() without running or calling anything, and
// fetched by CredentialsLookup. AssumeRole nests the source of the keys that call STS.
struct CredentialSource
{
    enum class Kind {
        Keys,        // already known (a source_profile's static keys, the environment's)
        Process,     // credential_process
        AssumeRole,  // role_arn with source_profile or credential_source
        WebIdentity, // web_identity_token_file (AssumeRoleWithWebIdentity)
        Sso,         // IAM Identity Center: the AWS CLI's token cache, then GetRoleCredentials
    };

    Kind kind = Kind::Keys;
    QString profile;

    Credentials keys; // Keys
    QString command;  // Process

    // AssumeRole, WebIdentity
    QString roleArn;
    QString roleSessionName;
    QString externalId;
    QString mfaSerial;
    int durationSeconds = 0; // 0: STS's default (one hour)
    QString tokenFile;       // WebIdentity
    std::shared_ptr<const CredentialSource> source; // AssumeRole: the keys STS is called with

    // Sso
    QString ssoStartUrl;
    QString ssoRegion;
    QString ssoSession;   // empty for the legacy form (sso_start_url in the profile)
    QString ssoAccountId;
    QString ssoRoleName;
    QString ssoTokenFile; // ~/.aws/sso/cache/<sha1 of the session name or start URL>.json

    // Where the STS or portal request goes, signed for signingRegion, with these settings.
    ServiceEndpoint endpoint;
    QString signingRegion;
    HttpSettings http;

    // "AssumeRole arn:aws:iam::1:role/admin (profile admin)", for messages and Credentials::source().
    QString describe() const;
};

} // namespace callconsole::aws

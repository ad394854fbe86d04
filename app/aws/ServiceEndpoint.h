#pragma once

#include <QString>
#include <QUrl>

namespace callconsole::aws {

class AwsSharedConfig;

// An AWS service as endpoint resolution names it.
struct AwsService
{
    QString id;          // "chime-sdk-voice": AWS_ENDPOINT_URL_CHIME_SDK_VOICE, [services] key chime_sdk_voice
    QString hostPrefix;  // "voice-chime": https://voice-chime.REGION.amazonaws.com
    QString signingName; // "chime"

    static AwsService chimeSdkVoice();
    static AwsService sts();
    static AwsService sso(); // the IAM Identity Center portal (GetRoleCredentials)

    QString environmentVariable() const; // AWS_ENDPOINT_URL_CHIME_SDK_VOICE
    QString servicesKey() const;         // chime_sdk_voice
};

// Where a client sends its requests, and why there.
struct ServiceEndpoint
{
    QUrl url;
    // "--endpoint-url", "AWS_ENDPOINT_URL_CHIME_SDK_VOICE", "AWS_ENDPOINT_URL",
    // "chime_sdk_voice in [services local] of ~/.aws/config", "endpoint_url of profile dev", or
    // empty for the service's own regional endpoint.
    QString source;
    QString error; // the configuration is wrong: nothing may be sent anywhere

    bool ok() const { return error.isEmpty() && url.isValid(); }
    // A URL someone configured rather than the service's own endpoint.
    bool isConfigured() const { return !source.isEmpty(); }
    // "http://127.0.0.1:8081 (from AWS_ENDPOINT_URL_CHIME_SDK_VOICE)", or
    // "https://voice-chime.us-east-1.amazonaws.com (AWS)".
    QString describe() const;
};

// The endpoint as the AWS SDKs choose it: an explicit URL (an option, Preferences) first, then
// AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, the service's key in the profile's [services]
// section, the profile's endpoint_url; all four configured ones are skipped when
// AWS_IGNORE_CONFIGURED_ENDPOINT_URLS (or the profile's ignore_configured_endpoint_urls) is
// true. Otherwise the regional endpoint, FIPS and dual-stack as AWS_USE_FIPS_ENDPOINT,
// AWS_USE_DUALSTACK_ENDPOINT or the profile's use_fips_endpoint / use_dualstack_endpoint say.
// A URL that cannot be used, a missing [services] section or FIPS with a custom URL is an
// error, never a quiet fall-back to the real service.
ServiceEndpoint resolveServiceEndpoint(const AwsService &service, const AwsSharedConfig &config,
                                       const QString &profile, const QString &region,
                                       const QUrl &explicitUrl = {},
                                       const QString &explicitSource = QStringLiteral("--endpoint-url"));

// The service's own endpoint in region (empty region: STS's global endpoint; others fail).
QUrl defaultServiceEndpoint(const AwsService &service, const QString &region, bool fips, bool dualStack);

// An endpoint URL as the SDKs accept it: http(s), a host, an optional path; nullopt-like
// invalid QUrl and *error naming what from and why otherwise.
QUrl parseEndpointUrl(const QString &text, const QString &from, QString *error);

} // namespace callconsole::aws

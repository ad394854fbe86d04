#pragma once

#include <QByteArray>
#include <QList>
#include <QSslCertificate>
#include <QString>

class QNetworkReply;
class QNetworkRequest;

namespace callconsole::aws {

class AwsSharedConfig;

// What every request to an AWS endpoint (chime-sdk-voice, STS, the SSO portal) carries: who
// sends it and which certificates it trusts.
struct HttpSettings
{
    QByteArray userAgent = defaultUserAgent();
    // AWS_CA_BUNDLE or the profile's ca_bundle: as in the SDKs, these certificates replace the
    // system's for TLS to AWS endpoints. Empty: the system's.
    QString caBundle;
    QString caBundleSource; // "AWS_CA_BUNDLE", "ca_bundle of profile dev"
    QList<QSslCertificate> caCertificates;

    // User-Agent, the trusted certificates, no redirects.
    void apply(QNetworkRequest &request) const;
    // reply's transport error in words, naming the bundle when TLS failed with one.
    QString transportError(const QNetworkReply &reply) const;

    // "callconsole/0.1.0 Qt/6.4.2 os/linux": what CloudTrail records as the caller's agent.
    static QByteArray defaultUserAgent();
};

// The settings for profile: the certificates of AWS_CA_BUNDLE, else of the profile's
// ca_bundle. A bundle that cannot be read or holds no PEM certificate is an error naming where
// it was configured and the file.
HttpSettings httpSettingsFor(const AwsSharedConfig &config, const QString &profile, QString *error);

} // namespace callconsole::aws

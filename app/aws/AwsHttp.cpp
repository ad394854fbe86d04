#include "AwsHttp.h"

#include "AwsSharedConfig.h"

#include <QFileInfo>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslConfiguration>
#include <QSysInfo>

namespace callconsole::aws {

QByteArray HttpSettings::defaultUserAgent()
{
    return QByteArrayLiteral("callconsole/" CALLCONSOLE_VERSION " Qt/") + QByteArray(qVersion()) + " os/"
        + QSysInfo::kernelType().toLatin1();
}

void HttpSettings::apply(QNetworkRequest &request) const
{
    request.setRawHeader("User-Agent", userAgent);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    if (!caBundle.isEmpty()) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setCaCertificates(caCertificates);
        request.setSslConfiguration(tls);
    }
}

QString HttpSettings::transportError(const QNetworkReply &reply) const
{
    const QString url = reply.url().adjusted(QUrl::RemoveQuery | QUrl::RemovePath).toString();
    if (reply.error() == QNetworkReply::SslHandshakeFailedError && !caBundle.isEmpty())
        return QStringLiteral("%1: %2 — only the certificates in %3 (%4) are trusted")
            .arg(url, reply.errorString(), caBundle, caBundleSource);
    return QStringLiteral("%1: %2").arg(url, reply.errorString());
}

HttpSettings httpSettingsFor(const AwsSharedConfig &config, const QString &profile, QString *error)
{
    HttpSettings settings;
    QString path = config.env("AWS_CA_BUNDLE");
    settings.caBundleSource = QStringLiteral("AWS_CA_BUNDLE");
    if (path.isEmpty()) {
        path = config.profile(profile).value(QStringLiteral("ca_bundle"));
        settings.caBundleSource = QStringLiteral("ca_bundle of profile %1").arg(profile);
    }
    if (path.isEmpty()) {
        settings.caBundleSource.clear();
        return settings;
    }
    settings.caBundle = config.expandHome(path);
    if (!QFileInfo(settings.caBundle).isReadable()) {
        *error = QStringLiteral("%1 '%2': cannot read the file").arg(settings.caBundleSource, settings.caBundle);
        return settings;
    }
    settings.caCertificates =
        QSslCertificate::fromPath(settings.caBundle, QSsl::Pem, QSslCertificate::PatternSyntax::FixedString);
    if (settings.caCertificates.isEmpty())
        *error = QStringLiteral("%1 '%2': no PEM certificate in the file (expected -----BEGIN CERTIFICATE-----)")
                     .arg(settings.caBundleSource, settings.caBundle);
    return settings;
}

} // namespace callconsole::aws

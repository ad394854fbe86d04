#include "ServiceEndpoint.h"

#include "AwsSharedConfig.h"

#include <QRegularExpression>

namespace callconsole::aws {

AwsService AwsService::chimeSdkVoice()
{
    return {QStringLiteral("chime-sdk-voice"), QStringLiteral("voice-chime"), QStringLiteral("chime")};
}

AwsService AwsService::sts()
{
    return {QStringLiteral("sts"), QStringLiteral("sts"), QStringLiteral("sts")};
}

AwsService AwsService::sso()
{
    return {QStringLiteral("sso"), QStringLiteral("portal.sso"), QStringLiteral("awsssoportal")};
}

QString AwsService::servicesKey() const
{
    return QString(id).replace(QLatin1Char('-'), QLatin1Char('_')).replace(QLatin1Char(' '), QLatin1Char('_')).toLower();
}

QString AwsService::environmentVariable() const
{
    return QStringLiteral("AWS_ENDPOINT_URL_") + servicesKey().toUpper();
}

QString ServiceEndpoint::describe() const
{
    if (!error.isEmpty())
        return error;
    return url.toString() + (isConfigured() ? QStringLiteral(" (from %1)").arg(source) : QStringLiteral(" (AWS)"));
}

QUrl parseEndpointUrl(const QString &text, const QString &from, QString *error)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    const QString scheme = url.scheme();
    if (!url.isValid() || url.host().isEmpty() || (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
        || url.hasQuery() || url.hasFragment()) {
        *error = QStringLiteral("%1 '%2' — expected http(s)://HOST[:PORT][/PATH]").arg(from, text);
        return {};
    }
    return url;
}

QUrl defaultServiceEndpoint(const AwsService &service, const QString &region, bool fips, bool dualStack)
{
    if (region.isEmpty()) {
        // Only STS has a global endpoint; it signs for us-east-1.
        return service.id == QLatin1String("sts") && !fips && !dualStack ? QUrl(QStringLiteral("https://sts.amazonaws.com"))
                                                                         : QUrl();
    }
    const bool china = region.startsWith(QLatin1String("cn-"));
    const QString suffix = dualStack ? (china ? QStringLiteral("api.amazonwebservices.com.cn") : QStringLiteral("api.aws"))
                                     : (china ? QStringLiteral("amazonaws.com.cn") : QStringLiteral("amazonaws.com"));
    // "portal.sso" becomes "portal.sso-fips", as in the services' endpoint rules.
    return QUrl(QStringLiteral("https://%1%2.%3.%4")
                    .arg(service.hostPrefix, fips ? QStringLiteral("-fips") : QString(), region, suffix));
}

ServiceEndpoint resolveServiceEndpoint(const AwsService &service, const AwsSharedConfig &config, const QString &profile,
                                       const QString &region, const QUrl &explicitUrl, const QString &explicitSource)
{
    ServiceEndpoint endpoint;
    QString flagError;
    const std::optional<bool> ignore =
        config.flag("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", QStringLiteral("ignore_configured_endpoint_urls"), profile, &flagError);
    const std::optional<bool> fips =
        config.flag("AWS_USE_FIPS_ENDPOINT", QStringLiteral("use_fips_endpoint"), profile, &flagError);
    const std::optional<bool> dualStack =
        config.flag("AWS_USE_DUALSTACK_ENDPOINT", QStringLiteral("use_dualstack_endpoint"), profile, &flagError);
    if (!flagError.isEmpty()) {
        endpoint.error = flagError;
        return endpoint;
    }

    // Each candidate in the SDKs' order: the first one set wins, even when it is unusable.
    struct Candidate
    {
        QString value;
        QString source;
    };
    QList<Candidate> candidates;
    if (!explicitUrl.isEmpty())
        candidates.append({explicitUrl.toString(), explicitSource});
    if (!ignore.value_or(false)) {
        const QString serviceVariable = service.environmentVariable();
        candidates.append({config.environment().value(serviceVariable), serviceVariable});
        candidates.append({config.env("AWS_ENDPOINT_URL"), QStringLiteral("AWS_ENDPOINT_URL")});
        const AwsConfigFile::Section settings = config.profile(profile);
        const QString servicesName = settings.value(QStringLiteral("services"));
        if (!servicesName.isEmpty()) {
            const QString sectionName = QStringLiteral("services ") + servicesName;
            if (!config.hasConfigSection(sectionName)) {
                endpoint.error = QStringLiteral("profile %1 says services = %2, but %3 has no [%4] section")
                                     .arg(profile, servicesName, config.configFilePath(), sectionName);
                return endpoint;
            }
            candidates.append({config.configSection(sectionName).value(service.servicesKey() + QStringLiteral(".endpoint_url")),
                               QStringLiteral("%1 in [%2] of %3").arg(service.servicesKey(), sectionName, config.configFilePath())});
        }
        candidates.append({settings.value(QStringLiteral("endpoint_url")),
                           QStringLiteral("endpoint_url of profile %1").arg(profile)});
    }
    for (const Candidate &candidate : std::as_const(candidates)) {
        if (candidate.value.isEmpty())
            continue;
        endpoint.source = candidate.source;
        endpoint.url = parseEndpointUrl(candidate.value, candidate.source, &endpoint.error);
        if (!endpoint.error.isEmpty())
            return endpoint;
        // The SDKs' endpoint rules refuse both: a FIPS promise cannot be kept by an unknown host.
        if (fips.value_or(false) || dualStack.value_or(false)) {
            endpoint.error = QStringLiteral("%1 asks for a %2 endpoint, but the endpoint is %3 from %4; the two cannot "
                                            "be combined (as in the AWS SDKs)")
                                 .arg(fips.value_or(false) ? QStringLiteral("AWS_USE_FIPS_ENDPOINT / use_fips_endpoint")
                                                           : QStringLiteral("AWS_USE_DUALSTACK_ENDPOINT / use_dualstack_endpoint"),
                                      fips.value_or(false) ? QStringLiteral("FIPS") : QStringLiteral("dual-stack"),
                                      endpoint.url.toString(), candidate.source);
        }
        return endpoint;
    }

    static const QRegularExpression regionName(QStringLiteral("^[a-z0-9]+(-[a-z0-9]+)+$"));
    if (!region.isEmpty() && !regionName.match(region).hasMatch()) {
        endpoint.error = QStringLiteral("region '%1' — expected a region name such as us-east-1").arg(region);
        return endpoint;
    }
    endpoint.url = defaultServiceEndpoint(service, region, fips.value_or(false), dualStack.value_or(false));
    if (endpoint.url.isEmpty())
        endpoint.error = QStringLiteral("no region for %1: pass --region, set AWS_REGION, or add region to profile %2")
                             .arg(service.id, profile);
    return endpoint;
}

} // namespace callconsole::aws

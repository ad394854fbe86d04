#include "ConnectionOptions.h"

#include "CredentialsResolver.h"

#include <QHostAddress>

namespace callconsole::aws {

bool ConnectionOptions::isConnectionOption(const QString &option)
{
    return option == QLatin1String("--backend") || option == QLatin1String("--profile")
        || option == QLatin1String("--region") || option == QLatin1String("--endpoint-url");
}

bool ConnectionOptions::set(const QString &option, const QString &value, QString *error)
{
    if (option == QLatin1String("--backend")) {
        if (value != QLatin1String("sim") && value != QLatin1String("aws")) {
            *error = QStringLiteral("--backend '%1' — expected sim or aws").arg(value);
            return false;
        }
        backend = value;
    } else if (option == QLatin1String("--profile")) {
        profile = value;
    } else if (option == QLatin1String("--region")) {
        region = value;
    } else if (option == QLatin1String("--endpoint-url")) {
        endpointUrl = QUrl(value, QUrl::StrictMode);
        const QString scheme = endpointUrl.scheme();
        if (!endpointUrl.isValid() || endpointUrl.host().isEmpty()
            || (scheme != QLatin1String("http") && scheme != QLatin1String("https"))) {
            *error = QStringLiteral("--endpoint-url '%1' — expected http(s)://HOST[:PORT]").arg(value);
            return false;
        }
    } else {
        *error = QStringLiteral("%1 is not a connection option").arg(option);
        return false;
    }
    return true;
}

bool isLoopbackUrl(const QUrl &url)
{
    const QString host = url.host();
    if (host == QLatin1String("localhost"))
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

QString endpointPhrase(const ServiceEndpoint &endpoint, const QString &explicitSource)
{
    if (!endpoint.isConfigured())
        return QStringLiteral("at ") + endpoint.url.toString();
    if (endpoint.source == explicitSource)
        return QStringLiteral("via ") + endpoint.url.toString();
    return QStringLiteral("via %1 (from %2)").arg(endpoint.url.toString(), endpoint.source);
}

BackendChoice makeClientBackend(const ConnectionOptions &options, const QProcessEnvironment &environment,
                                const QString &homeDirectory, MfaPrompt mfaPrompt)
{
    CredentialsResolver resolver(environment, homeDirectory);
    resolver.setMfaPrompt(std::move(mfaPrompt));
    return makeClientBackend(options, resolver.resolve(options.profile, options.region));
}

BackendChoice makeClientBackend(const ConnectionOptions &options, const ResolvedCredentials &resolved)
{
    BackendChoice choice;
    const std::shared_ptr<const AwsSharedConfig> config = resolved.config
        ? resolved.config
        : std::make_shared<const AwsSharedConfig>(QProcessEnvironment::systemEnvironment(), QString());

    ClientConfig clientConfig;
    clientConfig.region = resolved.region;
    choice.endpoint = resolveServiceEndpoint(AwsService::chimeSdkVoice(), *config, resolved.profile, resolved.region,
                                             options.endpointUrl, options.endpointUrlSource);
    if (!choice.endpoint.ok()) {
        choice.error = resolved.region.isEmpty() && !choice.endpoint.isConfigured()
            ? QStringLiteral("no AWS region: pass --region, set AWS_REGION, or add region to profile %1 in the config file")
                  .arg(resolved.profile)
            : choice.endpoint.error;
        return choice;
    }
    clientConfig.endpointUrl = choice.endpoint.url;
    if (clientConfig.region.isEmpty()) {
        clientConfig.region = QStringLiteral("us-east-1");
        choice.notices << QStringLiteral("no region configured; signing for us-east-1");
    }
    clientConfig.http = httpSettingsFor(*config, resolved.profile, &choice.error);
    if (!choice.error.isEmpty())
        return choice;

    Credentials credentials = resolved.credentials;
    if (!resolved.ok()) {
        const bool local = choice.endpoint.isConfigured() && isLoopbackUrl(choice.endpoint.url);
        if (!local || !options.profile.isEmpty()) {
            choice.error = resolved.error;
            return choice;
        }
        credentials = Credentials(QStringLiteral("AKIDLOCALPLACEHOLDER"), QStringLiteral("local-placeholder-secret"),
                                  {}, QStringLiteral("placeholder"));
        choice.notices << QStringLiteral("%1; signing with placeholder credentials because %2 is a local endpoint")
                              .arg(resolved.error, choice.endpoint.url.toString());
    }

    const bool simulator = options.backend == QLatin1String("sim");
    choice.backend = std::make_unique<ChimeCallBackend>(
        credentials, clientConfig,
        simulator ? QStringLiteral("Simulator %1").arg(choice.endpoint.url.toString())
                  : QStringLiteral("AWS %1@%2 %3")
                        .arg(resolved.profile, clientConfig.region, endpointPhrase(choice.endpoint, options.endpointUrlSource)));
    return choice;
}

} // namespace callconsole::aws

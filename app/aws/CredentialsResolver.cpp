#include "CredentialsResolver.h"

#include "SsoPortal.h"

#include <QDateTime>
#include <QDir>
#include <QEventLoop>

namespace callconsole::aws {

namespace {

Credentials staticKeys(const AwsConfigFile::Section &section, const QString &source)
{
    return Credentials(section.value(QStringLiteral("aws_access_key_id")),
                       section.value(QStringLiteral("aws_secret_access_key")),
                       section.value(QStringLiteral("aws_session_token")), source);
}

bool hasStaticKeys(const AwsConfigFile::Section &section)
{
    return section.contains(QStringLiteral("aws_access_key_id")) || section.contains(QStringLiteral("aws_secret_access_key"));
}

std::shared_ptr<CredentialSource> keysSource(const QString &profile, const Credentials &keys)
{
    auto source = std::make_shared<CredentialSource>();
    source->profile = profile;
    source->keys = keys;
    return source;
}

// The provider chain over the shared files, as botocore builds it for a profile and again for
// each source_profile. Errors are sentences naming the profile and the key.
class ProfileChain
{
public:
    ProfileChain(const AwsSharedConfig &config, QString activeProfile, QString region, HttpSettings http,
                 QStringList *lookedAt)
        : m_config(config)
        , m_activeProfile(std::move(activeProfile))
        , m_region(std::move(region))
        , m_http(std::move(http))
        , m_lookedAt(lookedAt)
    {
        m_visited << m_activeProfile;
    }

    // The top-level profile; nullptr with no error when it holds no credentials at all.
    std::shared_ptr<CredentialSource> forProfile(const QString &profile, bool environmentAllowed, QString *error)
    {
        const AwsConfigFile::Section settings = m_config.profile(profile);
        if (settings.contains(QStringLiteral("role_arn")) && !settings.contains(QStringLiteral("web_identity_token_file")))
            return assumeRole(profile, error);
        return fromProfileProviders(profile, environmentAllowed, error);
    }

private:
    // Web identity, SSO, the credentials file's keys, credential_process, the config file's keys.
    std::shared_ptr<CredentialSource> fromProfileProviders(const QString &profile, bool environmentAllowed, QString *error)
    {
        const AwsConfigFile::Section settings = m_config.profile(profile);
        if (auto webIdentity = this->webIdentity(profile, settings, environmentAllowed, error); webIdentity || !error->isEmpty())
            return webIdentity;
        if (auto sso = this->sso(profile, settings, error); sso || !error->isEmpty())
            return sso;

        const QString credentialsPath = m_config.credentialsFilePath();
        note(QStringLiteral("[%1] in %2%3").arg(profile, credentialsPath,
                                                m_config.credentialsFile().exists() ? QString() : QStringLiteral(" (no such file)")));
        const Credentials fromCredentialsFile = staticKeys(m_config.credentialsFile().section(profile),
                                                           QStringLiteral("profile %1 in %2").arg(profile, credentialsPath));
        if (fromCredentialsFile.isValid())
            return keysSource(profile, fromCredentialsFile);

        const QString command = settings.value(QStringLiteral("credential_process"));
        if (!command.isEmpty()) {
            note(QStringLiteral("credential_process of profile %1").arg(profile));
            auto source = std::make_shared<CredentialSource>();
            source->kind = CredentialSource::Kind::Process;
            source->profile = profile;
            source->command = command;
            return source;
        }

        const QString configPath = m_config.configFilePath();
        const QString section = AwsSharedConfig::configSectionName(profile);
        note(QStringLiteral("[%1] in %2%3").arg(section, configPath,
                                                m_config.configFile().exists() ? QString() : QStringLiteral(" (no such file)")));
        const Credentials fromConfigFile = staticKeys(m_config.configSection(section),
                                                      QStringLiteral("profile %1 in %2").arg(profile, configPath));
        if (fromConfigFile.isValid())
            return keysSource(profile, fromConfigFile);
        return nullptr;
    }

    std::shared_ptr<CredentialSource> roleSource(CredentialSource::Kind kind, const QString &profile, const QString &roleArn,
                                                 const AwsConfigFile::Section &settings, QString *error)
    {
        auto role = std::make_shared<CredentialSource>();
        role->kind = kind;
        role->profile = profile;
        role->roleArn = roleArn;
        role->roleSessionName = settings.value(QStringLiteral("role_session_name"));
        if (role->roleSessionName.isEmpty())
            role->roleSessionName = QStringLiteral("callconsole-%1").arg(QDateTime::currentSecsSinceEpoch());
        const QString duration = settings.value(QStringLiteral("duration_seconds"));
        if (!duration.isEmpty()) {
            bool number = false;
            role->durationSeconds = duration.toInt(&number);
            if (!number || role->durationSeconds < 900 || role->durationSeconds > 43200) {
                *error = QStringLiteral("duration_seconds '%1' in profile %2 — expected 900 to 43200 seconds").arg(duration, profile);
                return nullptr;
            }
        }
        role->endpoint = resolveServiceEndpoint(AwsService::sts(), m_config, m_activeProfile, m_region);
        if (!role->endpoint.ok()) {
            *error = QStringLiteral("STS endpoint for profile %1: %2").arg(profile, role->endpoint.error);
            return nullptr;
        }
        role->signingRegion = m_region.isEmpty() ? QStringLiteral("us-east-1") : m_region;
        role->http = m_http;
        return role;
    }

    std::shared_ptr<CredentialSource> assumeRole(const QString &profile, QString *error)
    {
        const AwsConfigFile::Section settings = m_config.profile(profile);
        note(QStringLiteral("role_arn of profile %1").arg(profile));
        auto role = roleSource(CredentialSource::Kind::AssumeRole, profile, settings.value(QStringLiteral("role_arn")), settings, error);
        if (!role)
            return nullptr;
        role->externalId = settings.value(QStringLiteral("external_id"));
        role->mfaSerial = settings.value(QStringLiteral("mfa_serial"));

        const QString sourceProfile = settings.value(QStringLiteral("source_profile"));
        const QString credentialSource = settings.value(QStringLiteral("credential_source"));
        if (!sourceProfile.isEmpty() && !credentialSource.isEmpty()) {
            *error = QStringLiteral("profile %1 sets both source_profile and credential_source; a role takes its keys from one")
                         .arg(profile);
            return nullptr;
        }
        if (sourceProfile.isEmpty() && credentialSource.isEmpty()) {
            *error = QStringLiteral("profile %1 has role_arn but neither source_profile nor credential_source to call STS with")
                         .arg(profile);
            return nullptr;
        }
        role->source = credentialSource.isEmpty() ? fromSourceProfile(profile, sourceProfile, error)
                                                  : fromCredentialSource(profile, credentialSource, error);
        return role->source ? role : nullptr;
    }

    std::shared_ptr<CredentialSource> fromCredentialSource(const QString &profile, const QString &name, QString *error)
    {
        if (name == QLatin1String("Environment")) {
            const Credentials keys(m_config.env("AWS_ACCESS_KEY_ID"), m_config.env("AWS_SECRET_ACCESS_KEY"),
                                   m_config.env("AWS_SESSION_TOKEN"), QStringLiteral("environment"));
            if (!keys.isValid()) {
                *error = QStringLiteral("profile %1 says credential_source = Environment, but AWS_ACCESS_KEY_ID and "
                                        "AWS_SECRET_ACCESS_KEY are not both set")
                             .arg(profile);
                return nullptr;
            }
            return keysSource(profile, keys);
        }
        if (name == QLatin1String("Ec2InstanceMetadata") || name == QLatin1String("EcsContainer")) {
            *error = QStringLiteral("profile %1: credential_source = %2 is not supported by Call Console, which runs on a "
                                    "desktop; use source_profile, or credential_source = Environment")
                         .arg(profile, name);
            return nullptr;
        }
        *error = QStringLiteral("credential_source '%1' in profile %2 — expected Environment, Ec2InstanceMetadata or EcsContainer")
                     .arg(name, profile);
        return nullptr;
    }

    std::shared_ptr<CredentialSource> fromSourceProfile(const QString &profile, const QString &sourceProfile, QString *error)
    {
        if (!m_config.hasProfile(sourceProfile)) {
            *error = QStringLiteral("source_profile '%1' of profile %2 does not exist").arg(sourceProfile, profile);
            return nullptr;
        }
        const AwsConfigFile::Section settings = m_config.profile(sourceProfile);
        // A profile may name itself as the source of its own static keys; any other repeat is a loop.
        if (m_visited.contains(sourceProfile)) {
            if (sourceProfile != profile || !hasStaticKeys(settings)) {
                *error = QStringLiteral("source_profile loop: %1 → %2").arg(m_visited.join(QStringLiteral(" → ")), sourceProfile);
                return nullptr;
            }
            return keysSource(sourceProfile, staticKeys(settings, QStringLiteral("profile %1").arg(sourceProfile)));
        }
        m_visited << sourceProfile;
        std::shared_ptr<CredentialSource> source;
        if (hasStaticKeys(settings) || !settings.contains(QStringLiteral("role_arn")))
            source = fromProfileProviders(sourceProfile, false, error);
        else
            source = assumeRole(sourceProfile, error);
        if (!source && error->isEmpty())
            *error = QStringLiteral("source_profile %1 of profile %2 has no credentials").arg(sourceProfile, profile);
        return source;
    }

    std::shared_ptr<CredentialSource> webIdentity(const QString &profile, const AwsConfigFile::Section &settings,
                                                  bool environmentAllowed, QString *error)
    {
        // Each setting: the environment's variable first, unless a profile was named explicitly.
        const auto setting = [&](const char *variable, const char *key) {
            const QString fromEnv = environmentAllowed ? m_config.env(variable) : QString();
            return fromEnv.isEmpty() ? settings.value(QLatin1String(key)) : fromEnv;
        };
        const QString tokenFile = setting("AWS_WEB_IDENTITY_TOKEN_FILE", "web_identity_token_file");
        if (tokenFile.isEmpty())
            return nullptr;
        note(QStringLiteral("web identity token %1").arg(tokenFile));
        const QString roleArn = setting("AWS_ROLE_ARN", "role_arn");
        if (roleArn.isEmpty()) {
            *error = QStringLiteral("web identity token file %1 is configured (profile %2), but no role_arn or AWS_ROLE_ARN "
                                    "names the role to assume with it")
                         .arg(tokenFile, profile);
            return nullptr;
        }
        AwsConfigFile::Section roleSettings = settings;
        roleSettings.insert(QStringLiteral("role_session_name"), setting("AWS_ROLE_SESSION_NAME", "role_session_name"));
        auto role = roleSource(CredentialSource::Kind::WebIdentity, profile, roleArn, roleSettings, error);
        if (role)
            role->tokenFile = m_config.expandHome(tokenFile);
        return role;
    }

    std::shared_ptr<CredentialSource> sso(const QString &profile, const AwsConfigFile::Section &settings, QString *error)
    {
        const QStringList keys{QStringLiteral("sso_session"), QStringLiteral("sso_start_url"), QStringLiteral("sso_account_id"),
                               QStringLiteral("sso_role_name")};
        if (std::none_of(keys.begin(), keys.end(), [&](const QString &key) { return settings.contains(key); }))
            return nullptr;
        note(QStringLiteral("IAM Identity Center settings of profile %1").arg(profile));
        auto sso = std::make_shared<CredentialSource>();
        sso->kind = CredentialSource::Kind::Sso;
        sso->profile = profile;
        sso->ssoSession = settings.value(QStringLiteral("sso_session"));
        sso->ssoAccountId = settings.value(QStringLiteral("sso_account_id"));
        sso->ssoRoleName = settings.value(QStringLiteral("sso_role_name"));
        QString where = QStringLiteral("profile %1").arg(profile);
        if (!sso->ssoSession.isEmpty()) {
            const QString sectionName = QStringLiteral("sso-session ") + sso->ssoSession;
            if (!m_config.hasConfigSection(sectionName)) {
                *error = QStringLiteral("profile %1 says sso_session = %2, but %3 has no [%4] section")
                             .arg(profile, sso->ssoSession, m_config.configFilePath(), sectionName);
                return nullptr;
            }
            const AwsConfigFile::Section session = m_config.configSection(sectionName);
            sso->ssoStartUrl = session.value(QStringLiteral("sso_start_url"));
            sso->ssoRegion = session.value(QStringLiteral("sso_region"));
            where = QStringLiteral("[%1]").arg(sectionName);
            for (const char *key : {"sso_start_url", "sso_region"}) {
                const QString own = settings.value(QLatin1String(key));
                const QString shared = session.value(QLatin1String(key));
                if (!own.isEmpty() && own != shared) {
                    *error = QStringLiteral("profile %1 has %2 = %3, but its sso_session %4 has %5; remove one")
                                 .arg(profile, QLatin1String(key), own, sso->ssoSession, shared);
                    return nullptr;
                }
            }
        } else {
            sso->ssoStartUrl = settings.value(QStringLiteral("sso_start_url"));
            sso->ssoRegion = settings.value(QStringLiteral("sso_region"));
        }
        QStringList missing;
        if (sso->ssoStartUrl.isEmpty())
            missing << QStringLiteral("sso_start_url (%1)").arg(where);
        if (sso->ssoRegion.isEmpty())
            missing << QStringLiteral("sso_region (%1)").arg(where);
        if (sso->ssoAccountId.isEmpty())
            missing << QStringLiteral("sso_account_id");
        if (sso->ssoRoleName.isEmpty())
            missing << QStringLiteral("sso_role_name");
        if (!missing.isEmpty()) {
            *error = QStringLiteral("profile %1 is an IAM Identity Center profile without %2")
                         .arg(profile, missing.join(QStringLiteral(", ")));
            return nullptr;
        }
        sso->ssoTokenFile = m_config.expandHome(QStringLiteral("~/.aws/sso/cache/") + SsoPortal::cacheFileName(*sso));
        sso->endpoint = resolveServiceEndpoint(AwsService::sso(), m_config, m_activeProfile, sso->ssoRegion);
        if (!sso->endpoint.ok()) {
            *error = QStringLiteral("IAM Identity Center endpoint for profile %1: %2").arg(profile, sso->endpoint.error);
            return nullptr;
        }
        sso->http = m_http;
        return sso;
    }

    void note(const QString &place)
    {
        if (!m_lookedAt->contains(place))
            m_lookedAt->append(place);
    }

    const AwsSharedConfig &m_config;
    QString m_activeProfile;
    QString m_region;
    HttpSettings m_http;
    QStringList *m_lookedAt;
    QStringList m_visited;
};

} // namespace

CredentialsResolver::CredentialsResolver(QProcessEnvironment environment, QString homeDirectory)
    : m_environment(std::move(environment))
    , m_home(homeDirectory.isEmpty() ? QDir::homePath() : std::move(homeDirectory))
{
}

QString CredentialsResolver::credentialsFilePath() const
{
    return AwsSharedConfig(m_environment, m_home).credentialsFilePath();
}

QString CredentialsResolver::configFilePath() const
{
    return AwsSharedConfig(m_environment, m_home).configFilePath();
}

QStringList CredentialsResolver::profiles() const
{
    return AwsSharedConfig(m_environment, m_home).profiles();
}

ResolvedCredentials CredentialsResolver::resolve(const QString &explicitProfile, const QString &explicitRegion) const
{
    CredentialsLookup lookup(*this, explicitProfile, explicitRegion);
    if (lookup.isFinished())
        return lookup.result();
    QEventLoop loop;
    QObject::connect(&lookup, &CredentialsLookup::finished, &loop, &QEventLoop::quit);
    QObject::connect(&lookup, &CredentialsLookup::mfaCodeNeeded, &lookup,
                     [this, &lookup](const QString &profile, const QString &serial) {
                         QString refusal = QStringLiteral("profile %1 needs an MFA code for %2, and nothing here can ask "
                                                          "for one")
                                               .arg(profile, serial);
                         const QString code = m_mfaPrompt ? m_mfaPrompt(profile, serial, &refusal) : QString();
                         lookup.provideMfaCode(code, refusal);
                     });
    loop.exec();
    return lookup.result();
}

CredentialsLookup *CredentialsResolver::lookUp(const QString &explicitProfile, const QString &explicitRegion,
                                               QObject *parent) const
{
    return new CredentialsLookup(*this, explicitProfile, explicitRegion, parent);
}

ResolvedCredentials CredentialsResolver::locate(const QString &explicitProfile, const QString &explicitRegion) const
{
    ResolvedCredentials result;
    auto config = std::make_shared<const AwsSharedConfig>(m_environment, m_home);
    result.config = config;
    result.profile = config->profileName(explicitProfile);
    const AwsConfigFile::Section settings = config->profile(result.profile);

    result.region = !explicitRegion.isEmpty()             ? explicitRegion
        : !config->env("AWS_REGION").isEmpty()            ? config->env("AWS_REGION")
        : !config->env("AWS_DEFAULT_REGION").isEmpty()    ? config->env("AWS_DEFAULT_REGION")
                                                          : settings.value(QStringLiteral("region"));

    // As in the AWS CLI, a profile named on the command line beats keys in the environment.
    if (explicitProfile.isEmpty()) {
        result.lookedAt << QStringLiteral("environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)");
        const Credentials fromEnv(config->env("AWS_ACCESS_KEY_ID"), config->env("AWS_SECRET_ACCESS_KEY"),
                                  config->env("AWS_SESSION_TOKEN"), QStringLiteral("environment"));
        if (fromEnv.isValid()) {
            result.credentials = fromEnv;
            return result;
        }
        if (!config->env("AWS_ACCESS_KEY_ID").isEmpty() || !config->env("AWS_SECRET_ACCESS_KEY").isEmpty()) {
            result.error = QStringLiteral("the environment sets only one of AWS_ACCESS_KEY_ID and "
                                          "AWS_SECRET_ACCESS_KEY; set both or neither");
            return result;
        }
    }

    HttpSettings http = httpSettingsFor(*config, result.profile, &result.error);
    if (!result.error.isEmpty())
        return result;
    ProfileChain chain(*config, result.profile, result.region, std::move(http), &result.lookedAt);
    const std::shared_ptr<CredentialSource> source = chain.forProfile(result.profile, explicitProfile.isEmpty(), &result.error);
    if (!result.error.isEmpty())
        return result;
    if (source && source->kind == CredentialSource::Kind::Keys) {
        result.credentials = source->keys;
        return result;
    }
    if (source) {
        result.pending = source;
        return result;
    }
    const bool profileKnown = config->hasProfile(result.profile);
    result.error = QStringLiteral("no AWS credentials found%1; looked at: %2")
                       .arg(profileKnown || result.profile == QLatin1String("default")
                                ? QString()
                                : QStringLiteral(" (profile '%1' does not exist)").arg(result.profile),
                            result.lookedAt.join(QStringLiteral("; ")));
    return result;
}

} // namespace callconsole::aws

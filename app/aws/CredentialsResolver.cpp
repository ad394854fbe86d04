#include "CredentialsResolver.h"

#include "AwsConfigFile.h"
#include "CredentialProcess.h"

#include <QDir>

#include <memory>

namespace callconsole::aws {

namespace {

QString expandHome(const QString &path, const QString &home)
{
    if (path == QLatin1String("~") || path.startsWith(QLatin1String("~/")))
        return home + path.mid(1);
    return path;
}

QString configSectionName(const QString &profile)
{
    return profile == QLatin1String("default") ? profile : QStringLiteral("profile ") + profile;
}

Credentials staticKeys(const AwsConfigFile::Section &section, const QString &source)
{
    return Credentials(section.value(QStringLiteral("aws_access_key_id")),
                       section.value(QStringLiteral("aws_secret_access_key")),
                       section.value(QStringLiteral("aws_session_token")), source);
}

} // namespace

CredentialsResolver::CredentialsResolver(QProcessEnvironment environment, QString homeDirectory)
    : m_environment(std::move(environment))
    , m_home(homeDirectory.isEmpty() ? QDir::homePath() : std::move(homeDirectory))
{
}

QString CredentialsResolver::credentialsFilePath() const
{
    const QString fromEnv = m_environment.value(QStringLiteral("AWS_SHARED_CREDENTIALS_FILE"));
    return expandHome(fromEnv.isEmpty() ? QStringLiteral("~/.aws/credentials") : fromEnv, m_home);
}

QString CredentialsResolver::configFilePath() const
{
    const QString fromEnv = m_environment.value(QStringLiteral("AWS_CONFIG_FILE"));
    return expandHome(fromEnv.isEmpty() ? QStringLiteral("~/.aws/config") : fromEnv, m_home);
}

QStringList CredentialsResolver::profiles() const
{
    QStringList names = AwsConfigFile::load(credentialsFilePath()).sectionNames();
    for (const QString &section : AwsConfigFile::load(configFilePath()).sectionNames()) {
        if (section == QLatin1String("default"))
            names << section;
        else if (section.startsWith(QLatin1String("profile ")))
            names << section.mid(8).trimmed();
    }
    names.removeDuplicates();
    names.sort();
    if (names.removeAll(QStringLiteral("default")) > 0)
        names.prepend(QStringLiteral("default"));
    return names;
}

ResolvedCredentials CredentialsResolver::resolve(const QString &explicitProfile,
                                                 const QString &explicitRegion) const
{
    const ResolvedCredentials located = locate(explicitProfile, explicitRegion);
    if (located.credentialProcess.isEmpty())
        return located;
    std::unique_ptr<CredentialProcess> process(makeProcess(located));
    process->runBlocking();
    return completed(located, *process);
}

CredentialsLookup *CredentialsResolver::lookUp(const QString &explicitProfile, const QString &explicitRegion,
                                               QObject *parent) const
{
    return new CredentialsLookup(*this, explicitProfile, explicitRegion, parent);
}

CredentialProcess *CredentialsResolver::makeProcess(const ResolvedCredentials &located, QObject *parent) const
{
    auto *process = new CredentialProcess(located.credentialProcess, located.profile, m_environment, m_home, parent);
    process->setTimeoutMs(m_processTimeoutMs);
    return process;
}

ResolvedCredentials CredentialsResolver::completed(ResolvedCredentials located, const CredentialProcess &process)
{
    located.credentials = process.credentials();
    located.error = process.error();
    located.credentialProcess.clear();
    return located;
}

ResolvedCredentials CredentialsResolver::locate(const QString &explicitProfile,
                                                const QString &explicitRegion) const
{
    ResolvedCredentials result;
    const QString envProfile = m_environment.value(QStringLiteral("AWS_PROFILE"));
    result.profile = !explicitProfile.isEmpty() ? explicitProfile
        : !envProfile.isEmpty()                 ? envProfile
                                                : QStringLiteral("default");

    const AwsConfigFile credentialsFile = AwsConfigFile::load(credentialsFilePath());
    const AwsConfigFile configFile = AwsConfigFile::load(configFilePath());
    const AwsConfigFile::Section credentialsSection = credentialsFile.section(result.profile);
    const AwsConfigFile::Section configSection = configFile.section(configSectionName(result.profile));

    const auto envValue = [this](const char *name) { return m_environment.value(QLatin1String(name)); };
    result.region = !explicitRegion.isEmpty()            ? explicitRegion
        : !envValue("AWS_REGION").isEmpty()              ? envValue("AWS_REGION")
        : !envValue("AWS_DEFAULT_REGION").isEmpty()      ? envValue("AWS_DEFAULT_REGION")
                                                         : configSection.value(QStringLiteral("region"));

    // As in the AWS CLI, a profile named on the command line beats keys in the environment.
    if (explicitProfile.isEmpty()) {
        result.lookedAt << QStringLiteral("environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)");
        const Credentials fromEnv(envValue("AWS_ACCESS_KEY_ID"), envValue("AWS_SECRET_ACCESS_KEY"),
                                  envValue("AWS_SESSION_TOKEN"), QStringLiteral("environment"));
        if (fromEnv.isValid()) {
            result.credentials = fromEnv;
            return result;
        }
        if (!envValue("AWS_ACCESS_KEY_ID").isEmpty() || !envValue("AWS_SECRET_ACCESS_KEY").isEmpty()) {
            result.error = QStringLiteral("the environment sets only one of AWS_ACCESS_KEY_ID and "
                                          "AWS_SECRET_ACCESS_KEY; set both or neither");
            return result;
        }
    }

    const QString credentialsPath = credentialsFilePath();
    result.lookedAt << QStringLiteral("[%1] in %2%3")
                           .arg(result.profile, credentialsPath,
                                credentialsFile.exists() ? QString() : QStringLiteral(" (no such file)"));
    const Credentials fromCredentialsFile = staticKeys(
        credentialsSection, QStringLiteral("profile %1 in %2").arg(result.profile, credentialsPath));
    if (fromCredentialsFile.isValid()) {
        result.credentials = fromCredentialsFile;
        return result;
    }

    const QString configPath = configFilePath();
    const QString process = credentialsSection.value(QStringLiteral("credential_process"),
                                                     configSection.value(QStringLiteral("credential_process")));
    if (!process.isEmpty()) {
        result.lookedAt << QStringLiteral("credential_process of profile %1").arg(result.profile);
        result.credentialProcess = process;
        return result;
    }

    result.lookedAt << QStringLiteral("[%1] in %2%3")
                           .arg(configSectionName(result.profile), configPath,
                                configFile.exists() ? QString() : QStringLiteral(" (no such file)"));
    const Credentials fromConfigFile =
        staticKeys(configSection, QStringLiteral("profile %1 in %2").arg(result.profile, configPath));
    if (fromConfigFile.isValid()) {
        result.credentials = fromConfigFile;
        return result;
    }

    const bool profileKnown = credentialsFile.hasSection(result.profile)
        || configFile.hasSection(configSectionName(result.profile));
    result.error = QStringLiteral("no AWS credentials found%1; looked at: %2")
                       .arg(profileKnown || result.profile == QLatin1String("default")
                                ? QString()
                                : QStringLiteral(" (profile '%1' does not exist)").arg(result.profile),
                            result.lookedAt.join(QStringLiteral("; ")));
    return result;
}

CredentialsLookup::CredentialsLookup(const CredentialsResolver &resolver, const QString &explicitProfile,
                                     const QString &explicitRegion, QObject *parent)
    : QObject(parent)
    , m_result(resolver.locate(explicitProfile, explicitRegion))
{
    if (m_result.credentialProcess.isEmpty()) {
        m_finished = true;
        return;
    }
    m_process = resolver.makeProcess(m_result, this);
    connect(m_process, &CredentialProcess::finished, this, [this] {
        m_result = CredentialsResolver::completed(m_result, *m_process);
        m_finished = true;
        m_process->deleteLater();
        emit finished();
    });
    m_process->start();
}

QString CredentialsLookup::waitingFor() const
{
    if (m_finished || !m_process)
        return {};
    return QStringLiteral("credential_process of profile %1 (%2)").arg(m_result.profile, m_process->program());
}

} // namespace callconsole::aws

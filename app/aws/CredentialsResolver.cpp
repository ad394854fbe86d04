#include "CredentialsResolver.h"

#include "AwsConfigFile.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

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
        QString error;
        result.credentials = runCredentialProcess(process, result.profile, &error);
        if (!error.isEmpty())
            result.error = error;
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

Credentials CredentialsResolver::runCredentialProcess(const QString &command, const QString &profile,
                                                      QString *error) const
{
    QStringList arguments = QProcess::splitCommand(command);
    if (arguments.isEmpty()) {
        *error = QStringLiteral("credential_process of profile %1 is empty").arg(profile);
        return {};
    }
    QProcess process;
    process.setProcessEnvironment(m_environment);
    process.setProgram(expandHome(arguments.takeFirst(), m_home));
    process.setArguments(arguments);
    process.start();
    if (!process.waitForStarted(m_processTimeoutMs)) {
        *error = QStringLiteral("credential_process of profile %1 could not start: %2")
                     .arg(profile, process.errorString());
        return {};
    }
    if (!process.waitForFinished(m_processTimeoutMs)) {
        process.kill();
        process.waitForFinished();
        *error = QStringLiteral("credential_process of profile %1 did not finish within %2 s")
                     .arg(profile)
                     .arg(m_processTimeoutMs / 1000);
        return {};
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        *error = QStringLiteral("credential_process of profile %1 failed with exit code %2: %3")
                     .arg(profile)
                     .arg(process.exitCode())
                     .arg(QString::fromUtf8(process.readAllStandardError()).trimmed().left(300));
        return {};
    }
    QJsonParseError parseError;
    const QJsonObject reply = QJsonDocument::fromJson(process.readAllStandardOutput(), &parseError).object();
    if (parseError.error != QJsonParseError::NoError) {
        *error = QStringLiteral("credential_process of profile %1 printed no JSON object (%2)")
                     .arg(profile, parseError.errorString());
        return {};
    }
    if (reply.value(QStringLiteral("Version")).toInt() != 1) {
        *error = QStringLiteral("credential_process of profile %1: Version must be 1").arg(profile);
        return {};
    }
    Credentials credentials(reply.value(QStringLiteral("AccessKeyId")).toString(),
                            reply.value(QStringLiteral("SecretAccessKey")).toString(),
                            reply.value(QStringLiteral("SessionToken")).toString(),
                            QStringLiteral("credential_process of profile %1").arg(profile));
    if (!credentials.isValid())
        *error = QStringLiteral("credential_process of profile %1: AccessKeyId and SecretAccessKey "
                                "are required")
                     .arg(profile);
    return credentials;
}

} // namespace callconsole::aws

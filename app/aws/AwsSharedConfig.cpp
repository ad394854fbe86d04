#include "AwsSharedConfig.h"

#include <QDir>

namespace callconsole::aws {

AwsSharedConfig::AwsSharedConfig(QProcessEnvironment environment, QString homeDirectory)
    : m_environment(std::move(environment))
    , m_home(homeDirectory.isEmpty() ? QDir::homePath() : std::move(homeDirectory))
{
    const QString credentials = env("AWS_SHARED_CREDENTIALS_FILE");
    const QString config = env("AWS_CONFIG_FILE");
    m_credentialsPath = expandHome(credentials.isEmpty() ? QStringLiteral("~/.aws/credentials") : credentials);
    m_configPath = expandHome(config.isEmpty() ? QStringLiteral("~/.aws/config") : config);
    m_credentials = AwsConfigFile::load(m_credentialsPath);
    m_config = AwsConfigFile::load(m_configPath);
}

QString AwsSharedConfig::expandHome(const QString &path) const
{
    if (path == QLatin1String("~") || path.startsWith(QLatin1String("~/")))
        return m_home + path.mid(1);
    return path;
}

QString AwsSharedConfig::configSectionName(const QString &profile)
{
    return profile == QLatin1String("default") ? profile : QStringLiteral("profile ") + profile;
}

QString AwsSharedConfig::profileName(const QString &explicitProfile) const
{
    if (!explicitProfile.isEmpty())
        return explicitProfile;
    const QString fromEnv = env("AWS_PROFILE");
    return fromEnv.isEmpty() ? QStringLiteral("default") : fromEnv;
}

bool AwsSharedConfig::hasProfile(const QString &profile) const
{
    return m_credentials.hasSection(profile) || m_config.hasSection(configSectionName(profile));
}

AwsConfigFile::Section AwsSharedConfig::profile(const QString &profile) const
{
    AwsConfigFile::Section merged = m_config.section(configSectionName(profile));
    const AwsConfigFile::Section credentials = m_credentials.section(profile);
    for (auto it = credentials.begin(); it != credentials.end(); ++it)
        merged.insert(it.key(), it.value());
    return merged;
}

QStringList AwsSharedConfig::profiles() const
{
    QStringList names = m_credentials.sectionNames();
    for (const QString &section : m_config.sectionNames()) {
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

std::optional<bool> AwsSharedConfig::flag(const char *environmentName, const QString &profileKey,
                                          const QString &profileName, QString *error) const
{
    QString value = env(environmentName);
    QString where = QString::fromLatin1(environmentName);
    if (value.isEmpty()) {
        value = profile(profileName).value(profileKey);
        where = QStringLiteral("%1 in profile %2").arg(profileKey, profileName);
    }
    if (value.isEmpty())
        return std::nullopt;
    if (value.compare(QLatin1String("true"), Qt::CaseInsensitive) == 0)
        return true;
    if (value.compare(QLatin1String("false"), Qt::CaseInsensitive) == 0)
        return false;
    *error = QStringLiteral("%1 '%2' — expected true or false").arg(where, value);
    return std::nullopt;
}

} // namespace callconsole::aws

#pragma once

#include "AwsConfigFile.h"

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <optional>

namespace callconsole::aws {

// The shared config and credentials files and the environment, read once, as every AWS SDK
// sees them: a profile is its config-file section ("[profile P]", "[default]") with the
// credentials file's "[P]" on top; "[sso-session N]" and "[services N]" are config-file only.
class AwsSharedConfig
{
public:
    AwsSharedConfig(QProcessEnvironment environment, QString homeDirectory);

    const QProcessEnvironment &environment() const { return m_environment; }
    QString home() const { return m_home; }
    QString env(const char *name) const { return m_environment.value(QLatin1String(name)); }

    QString credentialsFilePath() const { return m_credentialsPath; }
    QString configFilePath() const { return m_configPath; }
    const AwsConfigFile &credentialsFile() const { return m_credentials; }
    const AwsConfigFile &configFile() const { return m_config; }

    // explicitProfile, else AWS_PROFILE, else "default".
    QString profileName(const QString &explicitProfile) const;
    bool hasProfile(const QString &profile) const;
    AwsConfigFile::Section profile(const QString &profile) const;
    bool hasConfigSection(const QString &section) const { return m_config.hasSection(section); }
    AwsConfigFile::Section configSection(const QString &section) const { return m_config.section(section); }
    // Every profile in either file, "default" first.
    QStringList profiles() const;

    // A boolean setting: the environment variable, else the profile's key; "true"/"false" in any
    // case. nullopt when neither is set; an error names the variable or key and the value.
    std::optional<bool> flag(const char *environmentName, const QString &profileKey, const QString &profile,
                             QString *error) const;

    // "~/x" made absolute with the home directory.
    QString expandHome(const QString &path) const;

    static QString configSectionName(const QString &profile);

private:
    QProcessEnvironment m_environment;
    QString m_home;
    QString m_credentialsPath;
    QString m_configPath;
    AwsConfigFile m_credentials;
    AwsConfigFile m_config;
};

} // namespace callconsole::aws

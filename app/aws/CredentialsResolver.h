#pragma once

#include "Credentials.h"

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace callconsole::aws {

struct ResolvedCredentials
{
    Credentials credentials;
    QString region;
    QString profile;
    // Every place consulted, in order, for the "nothing found" message.
    QStringList lookedAt;
    QString error;

    bool ok() const { return credentials.isValid() && error.isEmpty(); }
};

// Finds credentials and region the way the AWS CLI does: an explicit profile first; otherwise
// the environment, then AWS_PROFILE (or "default") in the shared credentials file, its
// credential_process, then the config file.
class CredentialsResolver
{
public:
    explicit CredentialsResolver(QProcessEnvironment environment = QProcessEnvironment::systemEnvironment(),
                                 QString homeDirectory = {});

    ResolvedCredentials resolve(const QString &explicitProfile = {},
                                const QString &explicitRegion = {}) const;

    // Every profile named in the credentials and config files ("default" first), for pickers.
    QStringList profiles() const;

    QString credentialsFilePath() const;
    QString configFilePath() const;

    // How long a credential_process may run before it is considered hung.
    void setProcessTimeoutMs(int ms) { m_processTimeoutMs = ms; }

private:
    Credentials runCredentialProcess(const QString &command, const QString &profile,
                                     QString *error) const;

    QProcessEnvironment m_environment;
    QString m_home;
    int m_processTimeoutMs = 30000;
};

} // namespace callconsole::aws

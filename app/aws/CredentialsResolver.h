#pragma once

#include "Credentials.h"

#include <QObject>
#include <QPointer>
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
    // The profile's credential_process, when the credentials are still to come from it.
    QString credentialProcess;

    bool ok() const { return credentials.isValid() && error.isEmpty(); }
};

// Finds credentials and region the way the AWS CLI does: an explicit profile first; otherwise
// the environment, then AWS_PROFILE (or "default") in the shared credentials file, its
// credential_process, then the config file.
class CredentialsLookup;
class CredentialProcess;

class CredentialsResolver
{
public:
    explicit CredentialsResolver(QProcessEnvironment environment = QProcessEnvironment::systemEnvironment(),
                                 QString homeDirectory = {});

    // Waits for a credential_process: for the command line only.
    ResolvedCredentials resolve(const QString &explicitProfile = {},
                                const QString &explicitRegion = {}) const;
    // Never waits on a process: the window's way. See CredentialsLookup.
    CredentialsLookup *lookUp(const QString &explicitProfile = {}, const QString &explicitRegion = {},
                              QObject *parent = nullptr) const;
    // Everything resolve() does short of running a credential_process; when one is to run,
    // credentialProcess names it and credentials are empty.
    ResolvedCredentials locate(const QString &explicitProfile = {},
                               const QString &explicitRegion = {}) const;

    // Every profile named in the credentials and config files ("default" first), for pickers.
    QStringList profiles() const;

    QString credentialsFilePath() const;
    QString configFilePath() const;

    // How long a credential_process may run before it is considered hung.
    void setProcessTimeoutMs(int ms) { m_processTimeoutMs = ms; }

    // The run of located.credentialProcess, not started yet.
    CredentialProcess *makeProcess(const ResolvedCredentials &located, QObject *parent = nullptr) const;
    // located completed with a finished run's credentials or error.
    static ResolvedCredentials completed(ResolvedCredentials located, const CredentialProcess &process);

private:
    QProcessEnvironment m_environment;
    QString m_home;
    int m_processTimeoutMs = 30000;
};

// Credentials being resolved without waiting: isFinished() at once when nothing has to run
// (keys in the environment or a file), otherwise finished() once the profile's
// credential_process has printed them, failed or timed out. Deleting the lookup stops the
// process and drops its result.
class CredentialsLookup : public QObject
{
    Q_OBJECT

public:
    CredentialsLookup(const CredentialsResolver &resolver, const QString &explicitProfile,
                      const QString &explicitRegion, QObject *parent = nullptr);

    bool isFinished() const { return m_finished; }
    const ResolvedCredentials &result() const { return m_result; }
    // "credential_process of profile sso (aws-sso-helper)" while one runs.
    QString waitingFor() const;

signals:
    void finished();

private:
    ResolvedCredentials m_result;
    QPointer<CredentialProcess> m_process;
    bool m_finished = false;
};

} // namespace callconsole::aws

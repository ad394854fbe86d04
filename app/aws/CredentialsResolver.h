#pragma once

#include "AwsHttp.h"
#include "AwsSharedConfig.h"
#include "CredentialSource.h"
#include "Credentials.h"

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

class QObject;

namespace callconsole::aws {

struct ResolvedCredentials
{
    Credentials credentials;
    QString region;
    QString profile;
    // Every place consulted, in order, for the "nothing found" message.
    QStringList lookedAt;
    QString error;
    // What still has to run or be called (a credential_process, STS, the SSO portal) before the
    // credentials are known; empty when they are.
    std::shared_ptr<const CredentialSource> pending;
    // The shared files and environment this was resolved from: the endpoint and CA bundle of
    // the client that uses the credentials come from the same reading.
    std::shared_ptr<const AwsSharedConfig> config;

    bool ok() const { return credentials.isValid() && error.isEmpty(); }
};

// Asks a person for the current code of an MFA device; an empty code with *error set refuses.
using MfaPrompt = std::function<QString(const QString &profile, const QString &mfaSerial, QString *error)>;

class CredentialsLookup;

// Finds credentials and region the way the AWS CLI does. Without an explicit profile the
// environment's keys come first. Then the profile (explicit, AWS_PROFILE or "default"):
// role_arn (AssumeRole with the keys of source_profile or credential_source = Environment,
// MFA when mfa_serial is set), web_identity_token_file (also AWS_WEB_IDENTITY_TOKEN_FILE with
// AWS_ROLE_ARN), IAM Identity Center (sso_session or sso_start_url), keys in the credentials
// file, credential_process, keys in the config file.
class CredentialsResolver
{
public:
    explicit CredentialsResolver(QProcessEnvironment environment = QProcessEnvironment::systemEnvironment(),
                                 QString homeDirectory = {});

    // Runs whatever has to run, in a local event loop: for the command line only.
    ResolvedCredentials resolve(const QString &explicitProfile = {}, const QString &explicitRegion = {}) const;
    // Never waits: the window's way. See CredentialsLookup.
    CredentialsLookup *lookUp(const QString &explicitProfile = {}, const QString &explicitRegion = {},
                              QObject *parent = nullptr) const;
    // Everything short of running or calling anything; when something has to, pending says what
    // and credentials are empty.
    ResolvedCredentials locate(const QString &explicitProfile = {}, const QString &explicitRegion = {}) const;

    // Every profile named in the credentials and config files ("default" first), for pickers.
    QStringList profiles() const;

    QString credentialsFilePath() const;
    QString configFilePath() const;

    // How long a credential_process may run before it is considered hung.
    void setProcessTimeoutMs(int ms) { m_processTimeoutMs = ms; }
    int processTimeoutMs() const { return m_processTimeoutMs; }
    // How resolve() asks for an MFA code; without one a role with mfa_serial fails clearly.
    void setMfaPrompt(MfaPrompt prompt) { m_mfaPrompt = std::move(prompt); }

    const QProcessEnvironment &environment() const { return m_environment; }
    QString homeDirectory() const { return m_home; }

private:
    QProcessEnvironment m_environment;
    QString m_home;
    int m_processTimeoutMs = 30000;
    MfaPrompt m_mfaPrompt;
};

} // namespace callconsole::aws

#include "CredentialsLookup.h"

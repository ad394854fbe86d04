// The AWS backend the window places calls through, made from Preferences: a profile's
// credentials resolved as the AWS CLI resolves them, or access keys typed into Preferences
// (which come from SecretStore, never from a file).
#pragma once

#include "ConsoleSettings.h"

#include <QObject>
#include <QPointer>
#include <QProcessEnvironment>

namespace callconsole {

// Waits for a profile's credential_process: not for the window's thread (AwsBackendLookup is).
aws::BackendChoice makeAwsBackend(const ConsoleSettings &settings, const ConsoleSecrets &secrets,
                                  const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment(),
                                  const QString &homeDirectory = {});

// The AWS backend made without waiting: isFinished() at once when no credential_process has to
// run, otherwise finished() when it has printed credentials, failed or timed out. Deleting the
// lookup stops the process; its result then never arrives.
class AwsBackendLookup : public QObject
{
    Q_OBJECT

public:
    AwsBackendLookup(const ConsoleSettings &settings, const ConsoleSecrets &secrets,
                     const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment(),
                     const QString &homeDirectory = {}, QObject *parent = nullptr);

    // How long a credential_process may run (30 s unless set); call before start().
    void setProcessTimeoutMs(int ms) { m_processTimeoutMs = ms; }
    // True when the backend is already made (nothing had to run).
    bool start();
    bool isFinished() const;
    // "credential_process of profile sso (aws-sso-helper)" while one runs.
    QString waitingFor() const;
    // The backend, or the error why there is none; once.
    aws::BackendChoice takeChoice();
    // The answer to mfaCodeNeeded(); empty gives up (the lookup then fails saying so).
    void provideMfaCode(const QString &code);

signals:
    void finished();
    // A role profile's mfa_serial: the lookup waits for provideMfaCode().
    void mfaCodeNeeded(const QString &profile, const QString &mfaSerial);

private:
    ConsoleSettings m_settings;
    ConsoleSecrets m_secrets;
    QProcessEnvironment m_environment;
    QString m_home;
    int m_processTimeoutMs = 30000;
    QPointer<aws::CredentialsLookup> m_lookup;
};

// An AWS API failure as the form shows it: on the field the message names, else at the top.
ValidationIssue issueFromAwsError(const aws::AwsError &error, const QString &operation);

} // namespace callconsole

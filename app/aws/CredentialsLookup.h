#pragma once

#include "CredentialsResolver.h"

#include <QObject>
#include <QPointer>

#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

namespace callconsole::aws {

class CredentialProcess;

// Credentials being resolved without waiting: isFinished() at once when nothing has to run or
// be called (keys in the environment or a file), otherwise finished() once the
// credential_process, STS or the SSO portal has answered, failed or timed out. A role with
// mfa_serial asks for the code with mfaCodeNeeded() and waits for provideMfaCode(). Roles'
// keys are kept in this process until 15 minutes before they expire, so a second lookup
// neither calls STS nor asks for the code again. Deleting the lookup stops the process, aborts
// the requests and drops the result.
class CredentialsLookup : public QObject
{
    Q_OBJECT

public:
    CredentialsLookup(const CredentialsResolver &resolver, const QString &explicitProfile,
                      const QString &explicitRegion, QObject *parent = nullptr);
    ~CredentialsLookup() override;

    bool isFinished() const { return m_finished; }
    const ResolvedCredentials &result() const { return m_result; }
    // "credential_process of profile sso (aws-sso-helper)", "an MFA code for arn:…" while waiting.
    QString waitingFor() const { return m_finished ? QString() : m_waitingFor; }
    // True between mfaCodeNeeded() and the answer.
    bool isWaitingForMfaCode() const { return bool(m_mfaAnswer); }

    // The code for the MFA question; an empty code (with why) gives up.
    void provideMfaCode(const QString &code, const QString &refusal = {});

    // Forgets the roles' keys kept in this process (tests; a user who changed the role).
    static void clearCache();

signals:
    void finished();
    void mfaCodeNeeded(const QString &profile, const QString &mfaSerial);

private:
    using Done = std::function<void(Credentials, QString)>;

    void fetch(const std::shared_ptr<const CredentialSource> &source, Done done);
    void fetchProcess(const std::shared_ptr<const CredentialSource> &source, Done done);
    void fetchAssumedRole(const std::shared_ptr<const CredentialSource> &role, Done done);
    void callAssumeRole(const std::shared_ptr<const CredentialSource> &role, const Credentials &sourceKeys,
                        const QString &mfaCode, Done done);
    void fetchWebIdentity(const std::shared_ptr<const CredentialSource> &role, Done done);
    void fetchSso(const std::shared_ptr<const CredentialSource> &sso, Done done);
    void whenReplied(QNetworkReply *reply, std::function<void(QNetworkReply &)> handle);
    void finish(Credentials credentials, QString error);
    QNetworkAccessManager &network();

    ResolvedCredentials m_result;
    int m_processTimeoutMs;
    QProcessEnvironment m_environment;
    QString m_home;
    QPointer<CredentialProcess> m_process;
    QNetworkAccessManager *m_network = nullptr;
    std::function<void(QString, QString)> m_mfaAnswer;
    QString m_waitingFor;
    bool m_finished = false;
};

} // namespace callconsole::aws

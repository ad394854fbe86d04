#pragma once

#include "Credentials.h"

#include <QObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTimer>

namespace callconsole::aws {

// One run of a profile's credential_process, as the AWS CLI defines it: an external command
// that prints {"Version": 1, "AccessKeyId", "SecretAccessKey", "SessionToken"?, "Expiration"?}.
// start() runs it through QProcess's signals, so the window's thread never waits on it (the
// command line waits in a local event loop). An error names the profile and the program (not its arguments,
// which may carry a token), the exit code and the end of stderr — never stdout, which holds
// the secret.
class CredentialProcess : public QObject
{
    Q_OBJECT

public:
    CredentialProcess(QString command, QString profile, QProcessEnvironment environment, QString homeDirectory,
                      QObject *parent = nullptr);
    // A run still going is killed: nobody is left to use its credentials.
    ~CredentialProcess() override;

    // How long the command may take before it is considered hung and killed.
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    int timeoutMs() const { return m_timeoutMs; }

    // finished() follows from the event loop (also when the command cannot start).
    void start();

    bool isFinished() const { return m_finished; }
    const Credentials &credentials() const { return m_credentials; }
    const QString &error() const { return m_error; }
    QString profile() const { return m_profile; }
    // The program the command runs, for "waiting for …" and error messages.
    QString program() const { return m_program; }

    // The command's words as the AWS CLI splits them (POSIX shell quoting, no expansion); an
    // unclosed quote is an error that does not quote the command.
    static QStringList splitCommand(const QString &command, QString *error);
    // The program command runs ("~/" expanded), as program() will say.
    static QString programOf(const QString &command, const QString &homeDirectory);

    // What a finished run printed, read as the AWS CLI reads it. The output is never quoted
    // in the error.
    static Credentials parseOutput(const QByteArray &output, const QString &profile, const QString &program,
                                   QString *error);

signals:
    void finished();

private:
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void onErrorOccurred(QProcess::ProcessError error);
    void onTimeout();
    void finish(Credentials credentials, QString error);
    QString stderrTail();
    QString name() const;

    QProcess m_process;
    QTimer m_timer;
    QString m_profile;
    QString m_program;
    QStringList m_arguments;
    QString m_splitError;
    QByteArray m_stderr;
    int m_timeoutMs = 30000;
    bool m_finished = false;
    Credentials m_credentials;
    QString m_error;
};

} // namespace callconsole::aws

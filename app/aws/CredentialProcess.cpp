#include "CredentialProcess.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

namespace callconsole::aws {

namespace {

constexpr int stderrShown = 300; // characters from the end of stderr quoted in an error

QString expandHome(const QString &path, const QString &home)
{
    if (path == QLatin1String("~") || path.startsWith(QLatin1String("~/")))
        return home + path.mid(1);
    return path;
}

} // namespace

QStringList CredentialProcess::splitCommand(const QString &command, QString *error)
{
    // Python's shlex.split in POSIX mode, which the AWS CLI runs credential_process through:
    // '…' is literal, "…" honours \\ and \" only, a backslash outside quotes escapes any
    // character, quotes join with what touches them, and '' is an empty word.
    QStringList words;
    QString word;
    bool inWord = false;
    for (qsizetype i = 0; i < command.size(); ++i) {
        const QChar c = command.at(i);
        if (c.isSpace()) {
            if (inWord)
                words << std::exchange(word, QString());
            inWord = false;
        } else if (c == QLatin1Char('\\')) {
            if (++i >= command.size()) {
                *error = QStringLiteral("the command ends with a lone backslash");
                return {};
            }
            word += command.at(i);
            inWord = true;
        } else if (c == QLatin1Char('\'') || c == QLatin1Char('"')) {
            inWord = true;
            const qsizetype close = [&] {
                for (qsizetype j = i + 1; j < command.size(); ++j) {
                    const QChar q = command.at(j);
                    if (q == c)
                        return j;
                    if (c == QLatin1Char('"') && q == QLatin1Char('\\') && j + 1 < command.size()
                        && (command.at(j + 1) == QLatin1Char('"') || command.at(j + 1) == QLatin1Char('\\'))) {
                        word += command.at(++j);
                        continue;
                    }
                    word += q;
                }
                return qsizetype(-1);
            }();
            if (close < 0) {
                *error = QStringLiteral("the command has an unclosed %1 quote").arg(c == QLatin1Char('"') ? QStringLiteral("double")
                                                                                                         : QStringLiteral("single"));
                return {};
            }
            i = close;
        } else {
            word += c;
            inWord = true;
        }
    }
    if (inWord)
        words << word;
    return words;
}

QString CredentialProcess::programOf(const QString &command, const QString &homeDirectory)
{
    QString error;
    return expandHome(splitCommand(command, &error).value(0), homeDirectory);
}

CredentialProcess::CredentialProcess(QString command, QString profile, QProcessEnvironment environment,
                                     QString homeDirectory, QObject *parent)
    : QObject(parent)
    , m_profile(std::move(profile))
{
    m_arguments = splitCommand(command, &m_splitError);
    if (!m_arguments.isEmpty())
        m_program = expandHome(m_arguments.takeFirst(), homeDirectory);
    m_process.setProcessEnvironment(environment);
    m_process.setProgram(m_program);
    m_process.setArguments(m_arguments);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &CredentialProcess::onTimeout);
    connect(&m_process, &QProcess::finished, this, &CredentialProcess::onFinished);
    connect(&m_process, &QProcess::errorOccurred, this, &CredentialProcess::onErrorOccurred);
    connect(&m_process, &QProcess::readyReadStandardError, this, [this] { stderrTail(); });
}

CredentialProcess::~CredentialProcess()
{
    m_process.disconnect(this);
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(1000); // SIGKILL: only the reaping is waited for
    }
}

QString CredentialProcess::name() const
{
    return QStringLiteral("credential_process of profile %1 (%2)").arg(m_profile, m_program);
}

void CredentialProcess::start()
{
    if (!m_splitError.isEmpty()) {
        finish({}, QStringLiteral("credential_process of profile %1: %2").arg(m_profile, m_splitError));
        return;
    }
    if (m_program.isEmpty()) {
        finish({}, QStringLiteral("credential_process of profile %1 is empty").arg(m_profile));
        return;
    }
    m_timer.start(m_timeoutMs);
    m_process.start();
}

void CredentialProcess::onErrorOccurred(QProcess::ProcessError error)
{
    // A crash and a kill also end in finished(); only a failed start does not.
    if (error == QProcess::FailedToStart)
        finish({}, QStringLiteral("%1 could not start: %2").arg(name(), m_process.errorString()));
}

void CredentialProcess::onTimeout()
{
    if (m_finished)
        return;
    m_process.kill();
    const QString tail = stderrTail();
    finish({}, QStringLiteral("%1 did not finish within %2 s and was stopped; if it waits for a login or an MFA code, "
                              "run it once in a terminal%3")
                   .arg(name())
                   .arg(m_timeoutMs / 1000.0)
                   .arg(tail.isEmpty() ? QString() : QStringLiteral(" (stderr: %1)").arg(tail)));
}

void CredentialProcess::onFinished(int exitCode, QProcess::ExitStatus status)
{
    if (m_finished)
        return;
    if (status != QProcess::NormalExit) {
        finish({}, QStringLiteral("%1 was killed by a signal: %2").arg(name(), stderrTail()));
        return;
    }
    if (exitCode != 0) {
        const QString tail = stderrTail();
        finish({}, QStringLiteral("%1 failed with exit code %2: %3")
                       .arg(name())
                       .arg(exitCode)
                       .arg(tail.isEmpty() ? QStringLiteral("(nothing on stderr)") : tail));
        return;
    }
    QString error;
    Credentials credentials = parseOutput(m_process.readAllStandardOutput(), m_profile, m_program, &error);
    finish(std::move(credentials), std::move(error));
}

QString CredentialProcess::stderrTail()
{
    // Only the end is kept: a chatty helper must not grow memory, and the end says why it stopped.
    m_stderr += m_process.readAllStandardError();
    if (m_stderr.size() > stderrShown * 4)
        m_stderr = m_stderr.right(stderrShown * 4);
    const QString tail = QString::fromUtf8(m_stderr).trimmed();
    return tail.size() > stderrShown ? QStringLiteral("…") + tail.right(stderrShown) : tail;
}

void CredentialProcess::finish(Credentials credentials, QString error)
{
    m_timer.stop();
    m_finished = true;
    m_credentials = std::move(credentials);
    m_error = std::move(error);
    if (!m_error.isEmpty())
        m_credentials = {};
    // Never from inside start(): callers connect and then start, and must not be re-entered.
    QMetaObject::invokeMethod(this, &CredentialProcess::finished, Qt::QueuedConnection);
}

Credentials CredentialProcess::parseOutput(const QByteArray &output, const QString &profile, const QString &program,
                                           QString *error)
{
    const QString name = QStringLiteral("credential_process of profile %1 (%2)").arg(profile, program);
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(output, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        *error = QStringLiteral("%1 did not print JSON with AccessKeyId/SecretAccessKey (%2)")
                     .arg(name, parseError.error != QJsonParseError::NoError ? parseError.errorString()
                                                                             : QStringLiteral("not an object"));
        return {};
    }
    const QJsonObject reply = document.object();
    if (reply.value(QStringLiteral("Version")).toInt() != 1) {
        *error = QStringLiteral("%1 printed JSON without \"Version\": 1").arg(name);
        return {};
    }
    Credentials credentials(reply.value(QStringLiteral("AccessKeyId")).toString(),
                            reply.value(QStringLiteral("SecretAccessKey")).toString(),
                            reply.value(QStringLiteral("SessionToken")).toString(),
                            QStringLiteral("credential_process of profile %1").arg(profile));
    if (!credentials.isValid()) {
        *error = QStringLiteral("%1 did not print JSON with AccessKeyId/SecretAccessKey").arg(name);
        return {};
    }
    const QString expiration = reply.value(QStringLiteral("Expiration")).toString();
    if (!expiration.isEmpty()) {
        const QDateTime expires = QDateTime::fromString(expiration, Qt::ISODateWithMs);
        if (!expires.isValid()) {
            *error = QStringLiteral("%1: Expiration '%2' is not an ISO 8601 time").arg(name, expiration);
            return {};
        }
        if (expires <= QDateTime::currentDateTimeUtc()) {
            *error = QStringLiteral("%1 printed credentials that expired at %2").arg(name, expiration);
            return {};
        }
        credentials.setExpiration(expires);
    }
    return credentials;
}

} // namespace callconsole::aws

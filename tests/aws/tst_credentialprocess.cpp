// A profile's credential_process run through CredentialsResolver::lookUp() against real shell
// scripts: a slow one leaves the event loop running until its credentials arrive, and one that
// fails, prints garbage or hangs each ends in an error naming the profile and the program —
// the same error the blocking resolve() of the command line gives.
#include "CredentialProcess.h"
#include "CredentialsResolver.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <csignal>
#include <sys/types.h>

using namespace callconsole::aws;

namespace {

const QByteArray kSecret = "cHJvY2Vzcy1zZWNyZXQtdGhhdC1tdXN0LW5vdC1sZWFr";

void writeFile(const QString &path, const QByteArray &text)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(text);
}

QByteArray credentialsJson(const QByteArray &expiration = {})
{
    return "{\"Version\": 1, \"AccessKeyId\": \"ASIAPROCESSKEY\", \"SecretAccessKey\": \"" + kSecret
        + "\", \"SessionToken\": \"proc-token\""
        + (expiration.isEmpty() ? QByteArray() : ", \"Expiration\": \"" + expiration + "\"") + "}";
}

} // namespace

class TestCredentialProcess : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void slowProcessLeavesTheEventLoopRunning();
    void failureNamesProfileProgramExitCodeAndStderr();
    void garbageOutputIsNotEchoed_data();
    void garbageOutputIsNotEchoed();
    void hangingProcessTimesOut();
    void longStderrIsTruncatedToItsEnd();
    void expiredCredentialsAreRefused();
    void deletingTheLookupStopsTheProcess();
    void keysInFilesNeedNoProcess();
    void commandIsSplitAsTheAwsCliSplitsIt_data();
    void commandIsSplitAsTheAwsCliSplitsIt();
    void unclosedQuoteIsAClearError();

private:
    // A profile "name" whose credential_process is a script with body.
    QString addProfile(const QString &name, const QByteArray &body);
    CredentialsResolver resolver(int timeoutMs = 10000) const;
    // Waits for lookup in the event loop.
    static ResolvedCredentials finish(CredentialsLookup *lookup);

    QTemporaryDir m_dir;
    QString m_config;
    QByteArray m_configText;
};

void TestCredentialProcess::init()
{
    QVERIFY(m_dir.isValid());
    m_config = m_dir.filePath(QStringLiteral("config"));
    m_configText.clear();
    writeFile(m_config, {});
}

QString TestCredentialProcess::addProfile(const QString &name, const QByteArray &body)
{
    const QString script = m_dir.filePath(name + QStringLiteral(".sh"));
    writeFile(script, "#!/bin/sh\n" + body + "\n");
    QFile::setPermissions(script, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    m_configText += "[profile " + name.toUtf8() + "]\nregion = eu-west-1\ncredential_process = " + script.toUtf8()
        + " --profile-arg " + name.toUtf8() + "\n";
    writeFile(m_config, m_configText);
    return script;
}

CredentialsResolver TestCredentialProcess::resolver(int timeoutMs) const
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("PATH"), qEnvironmentVariable("PATH"));
    env.insert(QStringLiteral("AWS_SHARED_CREDENTIALS_FILE"), m_dir.filePath(QStringLiteral("credentials")));
    env.insert(QStringLiteral("AWS_CONFIG_FILE"), m_config);
    CredentialsResolver resolver(env, m_dir.path());
    resolver.setProcessTimeoutMs(timeoutMs);
    return resolver;
}

ResolvedCredentials TestCredentialProcess::finish(CredentialsLookup *lookup)
{
    if (!lookup->isFinished()) {
        QSignalSpy finished(lookup, &CredentialsLookup::finished);
        if (!finished.wait(20000))
            return {};
    }
    return lookup->result();
}

void TestCredentialProcess::slowProcessLeavesTheEventLoopRunning()
{
    const QByteArray expiration = QDateTime::currentDateTimeUtc().addSecs(3600).toString(Qt::ISODate).toUtf8();
    addProfile(QStringLiteral("slow"), "sleep 2\necho '" + credentialsJson(expiration) + "'");

    int ticks = 0;
    QTimer ticker;
    connect(&ticker, &QTimer::timeout, this, [&ticks] { ++ticks; });
    ticker.start(50);
    QElapsedTimer clock;
    clock.start();
    std::unique_ptr<CredentialsLookup> lookup(resolver().lookUp(QStringLiteral("slow")));
    QVERIFY2(clock.elapsed() < 1000, "lookUp() waited for the process");
    QVERIFY(!lookup->isFinished());
    QCOMPARE(lookup->waitingFor(),
             QStringLiteral("credential_process of profile slow (%1)").arg(m_dir.filePath(QStringLiteral("slow.sh"))));

    const ResolvedCredentials resolved = finish(lookup.get());
    QVERIFY2(resolved.ok(), qPrintable(resolved.error));
    QVERIFY2(clock.elapsed() >= 1900, "the credentials came before the script printed them");
    // The loop went on while the script slept: a timer at 50 ms fired about 40 times.
    QVERIFY2(ticks >= 20, qPrintable(QStringLiteral("only %1 ticks").arg(ticks)));
    QCOMPARE(resolved.credentials.accessKeyId(), QStringLiteral("ASIAPROCESSKEY"));
    QCOMPARE(resolved.credentials.secretAccessKey(), QString::fromUtf8(kSecret));
    QCOMPARE(resolved.credentials.sessionToken(), QStringLiteral("proc-token"));
    QCOMPARE(resolved.credentials.expiration(), QDateTime::fromString(QString::fromUtf8(expiration), Qt::ISODate));
    QCOMPARE(resolved.region, QStringLiteral("eu-west-1"));
    QVERIFY(!resolved.pending);
    QVERIFY(!resolved.credentials.describe().contains(QString::fromUtf8(kSecret)));
}

void TestCredentialProcess::failureNamesProfileProgramExitCodeAndStderr()
{
    const QString script = addProfile(QStringLiteral("sso"), "echo 'The SSO session has expired; run aws sso login' >&2\nexit 4");
    const ResolvedCredentials resolved = finish(resolver().lookUp(QStringLiteral("sso"), {}, this));
    QVERIFY(!resolved.ok());
    QCOMPARE(resolved.error, QStringLiteral("credential_process of profile sso (%1) failed with exit code 4: "
                                            "The SSO session has expired; run aws sso login")
                                 .arg(script));
    // The command line's blocking path says the same.
    QCOMPARE(resolver().resolve(QStringLiteral("sso")).error, resolved.error);
}

void TestCredentialProcess::garbageOutputIsNotEchoed_data()
{
    QTest::addColumn<QByteArray>("output");
    QTest::addColumn<QString>("expected");
    const QString noJson = QStringLiteral("did not print JSON with AccessKeyId/SecretAccessKey");
    QTest::newRow("not JSON") << QByteArray("login ok, secret " + kSecret) << noJson;
    QTest::newRow("array") << QByteArray("[\"" + kSecret + "\"]") << noJson;
    QTest::newRow("no secret") << QByteArray("{\"Version\": 1, \"AccessKeyId\": \"ASIAONLY\"}") << noJson;
    QTest::newRow("no version") << QByteArray("{\"AccessKeyId\": \"A\", \"SecretAccessKey\": \"" + kSecret + "\"}")
                                << QStringLiteral("without \"Version\": 1");
    QTest::newRow("bad expiration") << QByteArray("{\"Version\": 1, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"" + kSecret
                                                  + "\", \"Expiration\": \"tomorrow\"}")
                                    << QStringLiteral("Expiration 'tomorrow' is not an ISO 8601 time");
}

void TestCredentialProcess::garbageOutputIsNotEchoed()
{
    QFETCH(QByteArray, output);
    QFETCH(QString, expected);
    const QString script = addProfile(QStringLiteral("garbage"), "cat <<'OUT'\n" + output + "\nOUT");
    const ResolvedCredentials resolved = finish(resolver().lookUp(QStringLiteral("garbage"), {}, this));
    QVERIFY(!resolved.ok());
    QVERIFY(!resolved.credentials.isValid());
    QVERIFY2(resolved.error.startsWith(QStringLiteral("credential_process of profile garbage (%1)").arg(script)),
             qPrintable(resolved.error));
    QVERIFY2(resolved.error.contains(expected), qPrintable(resolved.error));
    QVERIFY2(!resolved.error.contains(QString::fromUtf8(kSecret)), qPrintable(resolved.error));
    QCOMPARE(resolver().resolve(QStringLiteral("garbage")).error, resolved.error);
}

void TestCredentialProcess::hangingProcessTimesOut()
{
    addProfile(QStringLiteral("mfa"), "echo 'Enter MFA code:' >&2\nexec sleep 60");
    QElapsedTimer clock;
    clock.start();
    const ResolvedCredentials resolved = finish(resolver(500).lookUp(QStringLiteral("mfa"), {}, this));
    QVERIFY(!resolved.ok());
    QVERIFY2(resolved.error.contains(QLatin1String("did not finish within 0.5 s and was stopped")), qPrintable(resolved.error));
    QVERIFY2(resolved.error.contains(QLatin1String("Enter MFA code:")), qPrintable(resolved.error));
    QVERIFY2(clock.elapsed() < 5000, qPrintable(QString::number(clock.elapsed())));

    clock.restart();
    const ResolvedCredentials blocking = resolver(500).resolve(QStringLiteral("mfa"));
    QVERIFY2(blocking.error.contains(QLatin1String("did not finish within 0.5 s")), qPrintable(blocking.error));
    QVERIFY2(clock.elapsed() < 5000, qPrintable(QString::number(clock.elapsed())));
}

void TestCredentialProcess::longStderrIsTruncatedToItsEnd()
{
    addProfile(QStringLiteral("chatty"), "i=0\nwhile [ $i -lt 200 ]; do echo \"progress line $i\" >&2; i=$((i+1)); done\n"
                                         "echo 'final reason: token revoked' >&2\nexit 2");
    const ResolvedCredentials resolved = finish(resolver().lookUp(QStringLiteral("chatty"), {}, this));
    QVERIFY2(resolved.error.endsWith(QLatin1String("final reason: token revoked")), qPrintable(resolved.error));
    QVERIFY2(resolved.error.contains(QStringLiteral("exit code 2: …")), qPrintable(resolved.error));
    QVERIFY2(!resolved.error.contains(QLatin1String("progress line 1\n")), qPrintable(resolved.error));
    QVERIFY2(resolved.error.size() < 500, qPrintable(resolved.error));
}

void TestCredentialProcess::expiredCredentialsAreRefused()
{
    addProfile(QStringLiteral("stale"), "echo '" + credentialsJson("2020-01-01T00:00:00Z") + "'");
    const ResolvedCredentials resolved = finish(resolver().lookUp(QStringLiteral("stale"), {}, this));
    QVERIFY2(resolved.error.contains(QLatin1String("printed credentials that expired at 2020-01-01T00:00:00Z")),
             qPrintable(resolved.error));
    QVERIFY(!resolved.credentials.isValid());
}

void TestCredentialProcess::deletingTheLookupStopsTheProcess()
{
    const QString pidFile = m_dir.filePath(QStringLiteral("pid"));
    addProfile(QStringLiteral("abandoned"), "echo $$ > " + pidFile.toUtf8() + "\nexec sleep 60");
    auto *lookup = resolver().lookUp(QStringLiteral("abandoned"), {}, this);
    QSignalSpy finished(lookup, &CredentialsLookup::finished);
    QTRY_VERIFY(QFile(pidFile).size() > 0);
    QFile file(pidFile);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const pid_t pid = file.readAll().trimmed().toInt();
    QVERIFY(pid > 0);
    QCOMPARE(::kill(pid, 0), 0);
    delete lookup;
    QCOMPARE(::kill(pid, 0), -1); // killed and reaped
    QTest::qWait(100);
    QCOMPARE(finished.size(), 0);
}

void TestCredentialProcess::keysInFilesNeedNoProcess()
{
    writeFile(m_dir.filePath(QStringLiteral("credentials")), "[plain]\naws_access_key_id = AKIDPLAIN\naws_secret_access_key = s\n");
    std::unique_ptr<CredentialsLookup> lookup(resolver().lookUp(QStringLiteral("plain")));
    QVERIFY(lookup->isFinished());
    QVERIFY2(lookup->result().ok(), qPrintable(lookup->result().error));
    QCOMPARE(lookup->result().credentials.accessKeyId(), QStringLiteral("AKIDPLAIN"));
    QFile::remove(m_dir.filePath(QStringLiteral("credentials")));
}

void TestCredentialProcess::commandIsSplitAsTheAwsCliSplitsIt_data()
{
    QTest::addColumn<QString>("command");
    QTest::newRow("plain") << QStringLiteral("/usr/bin/helper --profile dev");
    QTest::newRow("sh -c") << QStringLiteral("sh -c 'aws-vault exec dev --json | jq .'");
    QTest::newRow("double quotes") << QStringLiteral("\"/opt/My Tools/helper\" --name \"a \\\"quoted\\\" word\"");
    QTest::newRow("backslashes") << QStringLiteral("helper a\\ b \"c\\d\" 'e\\f'");
    QTest::newRow("joined quotes") << QStringLiteral("helper --x='1 2'\"3\" '' end");
    QTest::newRow("tabs and runs") << QStringLiteral("  helper\t\targ   last  ");
    QTest::newRow("hash is not a comment") << QStringLiteral("helper #notacomment");
}

// The reference is Python's shlex.split itself, which the AWS CLI calls on POSIX systems.
void TestCredentialProcess::commandIsSplitAsTheAwsCliSplitsIt()
{
    QFETCH(QString, command);
    QProcess python;
    python.start(QStringLiteral("/usr/bin/python3"),
                 {QStringLiteral("-c"), QStringLiteral("import json, shlex, sys; print(json.dumps(shlex.split(sys.argv[1])))"), command});
    QVERIFY(python.waitForFinished(30000));
    QCOMPARE(python.exitCode(), 0);
    QStringList expected;
    for (const QJsonValue &word : QJsonDocument::fromJson(python.readAllStandardOutput()).array())
        expected << word.toString();
    QString error;
    QCOMPARE(CredentialProcess::splitCommand(command, &error), expected);
    QVERIFY(error.isEmpty());
}

void TestCredentialProcess::unclosedQuoteIsAClearError()
{
    m_configText += "[profile quote]\ncredential_process = sh -c 'echo {token: secret-value}\n";
    writeFile(m_config, m_configText);
    const ResolvedCredentials resolved = resolver().resolve(QStringLiteral("quote"));
    QVERIFY(!resolved.ok());
    QVERIFY2(resolved.error.contains(QStringLiteral("credential_process of profile quote: the command has an unclosed single quote")),
             qPrintable(resolved.error));
    QVERIFY(!resolved.error.contains(QStringLiteral("secret-value")));
}

QTEST_GUILESS_MAIN(TestCredentialProcess)
#include "tst_credentialprocess.moc"

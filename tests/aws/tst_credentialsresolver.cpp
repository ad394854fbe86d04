#include "CredentialsResolver.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace callconsole::aws;

namespace {

void writeFile(const QString &path, const QByteArray &text)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(text);
}

// Restores an environment variable on scope exit, so a failing test cannot leak it.
class EnvGuard
{
public:
    explicit EnvGuard(const char *name)
        : m_name(name)
        , m_had(qEnvironmentVariableIsSet(name))
        , m_value(qgetenv(name))
    {
    }
    ~EnvGuard()
    {
        if (m_had)
            qputenv(m_name, m_value);
        else
            qunsetenv(m_name);
    }

private:
    const char *m_name;
    bool m_had;
    QByteArray m_value;
};

} // namespace

class TestCredentialsResolver : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void environmentComesFirst();
    void explicitProfileBeatsEnvironment();
    void profileFromCredentialsFile_data();
    void profileFromCredentialsFile();
    void configFileUsesProfilePrefix();
    void regionPrecedence();
    void credentialProcess();
    void credentialProcessFailureIsReported();
    void nothingFoundNamesEverythingLookedAt();
    void halfSetEnvironmentIsAnError();
    void processEnvironmentIsRead();
    void describeRedactsSecret();
    void profilesFromBothFiles();

private:
    QProcessEnvironment baseEnvironment() const;
    QTemporaryDir m_dir;
    QString m_credentials;
    QString m_config;
};

void TestCredentialsResolver::init()
{
    QVERIFY(m_dir.isValid());
    m_credentials = m_dir.filePath(QStringLiteral("credentials"));
    m_config = m_dir.filePath(QStringLiteral("config"));
    QFile::remove(m_credentials);
    QFile::remove(m_config);
}

QProcessEnvironment TestCredentialsResolver::baseEnvironment() const
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("PATH"), qEnvironmentVariable("PATH"));
    env.insert(QStringLiteral("AWS_SHARED_CREDENTIALS_FILE"), m_credentials);
    env.insert(QStringLiteral("AWS_CONFIG_FILE"), m_config);
    return env;
}

void TestCredentialsResolver::environmentComesFirst()
{
    writeFile(m_credentials, "[default]\naws_access_key_id = FILEKEY\naws_secret_access_key = filesecret\n");
    QProcessEnvironment env = baseEnvironment();
    env.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), QStringLiteral("ENVKEY"));
    env.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"), QStringLiteral("envsecret"));
    env.insert(QStringLiteral("AWS_SESSION_TOKEN"), QStringLiteral("envtoken"));
    const ResolvedCredentials resolved = CredentialsResolver(env, m_dir.path()).resolve();
    QVERIFY2(resolved.ok(), qPrintable(resolved.error));
    QCOMPARE(resolved.credentials.accessKeyId(), QStringLiteral("ENVKEY"));
    QCOMPARE(resolved.credentials.secretAccessKey(), QStringLiteral("envsecret"));
    QCOMPARE(resolved.credentials.sessionToken(), QStringLiteral("envtoken"));
    QCOMPARE(resolved.credentials.source(), QStringLiteral("environment"));
}

void TestCredentialsResolver::explicitProfileBeatsEnvironment()
{
    writeFile(m_credentials, "[dev]\naws_access_key_id = DEVKEY\naws_secret_access_key = devsecret\n");
    QProcessEnvironment env = baseEnvironment();
    env.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), QStringLiteral("ENVKEY"));
    env.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"), QStringLiteral("envsecret"));
    const ResolvedCredentials resolved = CredentialsResolver(env, m_dir.path()).resolve(QStringLiteral("dev"));
    QVERIFY2(resolved.ok(), qPrintable(resolved.error));
    QCOMPARE(resolved.credentials.accessKeyId(), QStringLiteral("DEVKEY"));
}

void TestCredentialsResolver::profileFromCredentialsFile_data()
{
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<QString>("awsProfile");
    QTest::addColumn<QString>("expectedKey");
    QTest::addColumn<QString>("expectedToken");
    const QByteArray two = "# comment\n[default]\naws_access_key_id=DEFKEY\naws_secret_access_key=defsecret\n\n"
                           "[work]\naws_access_key_id = WORKKEY ; inline comment\n"
                           "aws_secret_access_key = work/secret+key\naws_session_token = tok\n"
                           "s3 =\n  max_concurrent_requests = 2\n";
    QTest::newRow("default") << two << QString() << QStringLiteral("DEFKEY") << QString();
    QTest::newRow("AWS_PROFILE") << two << QStringLiteral("work") << QStringLiteral("WORKKEY")
                                 << QStringLiteral("tok");
}

void TestCredentialsResolver::profileFromCredentialsFile()
{
    QFETCH(QByteArray, file);
    QFETCH(QString, awsProfile);
    QFETCH(QString, expectedKey);
    QFETCH(QString, expectedToken);
    writeFile(m_credentials, file);
    QProcessEnvironment env = baseEnvironment();
    if (!awsProfile.isEmpty())
        env.insert(QStringLiteral("AWS_PROFILE"), awsProfile);
    const ResolvedCredentials resolved = CredentialsResolver(env, m_dir.path()).resolve();
    QVERIFY2(resolved.ok(), qPrintable(resolved.error));
    QCOMPARE(resolved.credentials.accessKeyId(), expectedKey);
    QCOMPARE(resolved.credentials.sessionToken(), expectedToken);
    QVERIFY(resolved.credentials.source().contains(m_credentials));
}

void TestCredentialsResolver::configFileUsesProfilePrefix()
{
    // "[ops]" without the "profile " prefix is not a profile in the config file.
    writeFile(m_config, "[ops]\naws_access_key_id = WRONG\naws_secret_access_key = wrong\n"
                        "[profile ops]\naws_access_key_id = OPSKEY\naws_secret_access_key = opssecret\n"
                        "region = eu-central-1\n");
    const ResolvedCredentials resolved =
        CredentialsResolver(baseEnvironment(), m_dir.path()).resolve(QStringLiteral("ops"));
    QVERIFY2(resolved.ok(), qPrintable(resolved.error));
    QCOMPARE(resolved.credentials.accessKeyId(), QStringLiteral("OPSKEY"));
    QCOMPARE(resolved.region, QStringLiteral("eu-central-1"));
}

void TestCredentialsResolver::regionPrecedence()
{
    writeFile(m_credentials, "[default]\naws_access_key_id=K\naws_secret_access_key=S\n");
    writeFile(m_config, "[default]\nregion = us-west-2\n");
    QProcessEnvironment env = baseEnvironment();
    QCOMPARE(CredentialsResolver(env, m_dir.path()).resolve().region, QStringLiteral("us-west-2"));
    env.insert(QStringLiteral("AWS_DEFAULT_REGION"), QStringLiteral("ca-central-1"));
    QCOMPARE(CredentialsResolver(env, m_dir.path()).resolve().region, QStringLiteral("ca-central-1"));
    env.insert(QStringLiteral("AWS_REGION"), QStringLiteral("ap-southeast-1"));
    QCOMPARE(CredentialsResolver(env, m_dir.path()).resolve().region, QStringLiteral("ap-southeast-1"));
    QCOMPARE(CredentialsResolver(env, m_dir.path()).resolve({}, QStringLiteral("us-east-1")).region,
             QStringLiteral("us-east-1"));
}

void TestCredentialsResolver::credentialProcess()
{
    const QString script = m_dir.filePath(QStringLiteral("creds.sh"));
    writeFile(script, "#!/bin/sh\necho '{\"Version\": 1, \"AccessKeyId\": \"PROCKEY\", "
                      "\"SecretAccessKey\": \"procsecret\", \"SessionToken\": \"proctoken\"}'\n");
    QVERIFY(QFile::setPermissions(script, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    writeFile(m_config, "[profile proc]\ncredential_process = " + script.toUtf8() + " --flag\n");
    const ResolvedCredentials resolved =
        CredentialsResolver(baseEnvironment(), m_dir.path()).resolve(QStringLiteral("proc"));
    QVERIFY2(resolved.ok(), qPrintable(resolved.error));
    QCOMPARE(resolved.credentials.accessKeyId(), QStringLiteral("PROCKEY"));
    QCOMPARE(resolved.credentials.secretAccessKey(), QStringLiteral("procsecret"));
    QCOMPARE(resolved.credentials.sessionToken(), QStringLiteral("proctoken"));
}

void TestCredentialsResolver::credentialProcessFailureIsReported()
{
    writeFile(m_config, "[profile broken]\ncredential_process = /bin/sh -c \"echo nope >&2; exit 3\"\n");
    const ResolvedCredentials resolved =
        CredentialsResolver(baseEnvironment(), m_dir.path()).resolve(QStringLiteral("broken"));
    QVERIFY(!resolved.ok());
    QVERIFY2(resolved.error.contains(QStringLiteral("exit code 3")), qPrintable(resolved.error));
    QVERIFY2(resolved.error.contains(QStringLiteral("nope")), qPrintable(resolved.error));
}

void TestCredentialsResolver::nothingFoundNamesEverythingLookedAt()
{
    const ResolvedCredentials resolved =
        CredentialsResolver(baseEnvironment(), m_dir.path()).resolve(QStringLiteral("ghost"));
    QVERIFY(!resolved.ok());
    QVERIFY2(resolved.error.contains(QStringLiteral("profile 'ghost' does not exist")), qPrintable(resolved.error));
    QVERIFY2(resolved.error.contains(m_credentials), qPrintable(resolved.error));
    QVERIFY2(resolved.error.contains(m_config), qPrintable(resolved.error));
    QVERIFY2(resolved.error.contains(QStringLiteral("[profile ghost]")), qPrintable(resolved.error));

    const ResolvedCredentials byDefault = CredentialsResolver(baseEnvironment(), m_dir.path()).resolve();
    QVERIFY(byDefault.error.contains(QStringLiteral("environment (AWS_ACCESS_KEY_ID")));
    QVERIFY(byDefault.error.contains(QStringLiteral("no such file")));
}

void TestCredentialsResolver::halfSetEnvironmentIsAnError()
{
    QProcessEnvironment env = baseEnvironment();
    env.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), QStringLiteral("ONLYKEY"));
    const ResolvedCredentials resolved = CredentialsResolver(env, m_dir.path()).resolve();
    QVERIFY(!resolved.ok());
    QVERIFY2(resolved.error.contains(QStringLiteral("AWS_SECRET_ACCESS_KEY")), qPrintable(resolved.error));
}

// The default constructor reads the real process environment.
void TestCredentialsResolver::processEnvironmentIsRead()
{
    const EnvGuard key("AWS_ACCESS_KEY_ID");
    const EnvGuard secret("AWS_SECRET_ACCESS_KEY");
    const EnvGuard token("AWS_SESSION_TOKEN");
    const EnvGuard region("AWS_REGION");
    qputenv("AWS_ACCESS_KEY_ID", "PROCESSKEY");
    qputenv("AWS_SECRET_ACCESS_KEY", "processsecret");
    qunsetenv("AWS_SESSION_TOKEN");
    qputenv("AWS_REGION", "eu-west-2");
    const ResolvedCredentials resolved = CredentialsResolver().resolve();
    QVERIFY2(resolved.ok(), qPrintable(resolved.error));
    QCOMPARE(resolved.credentials.accessKeyId(), QStringLiteral("PROCESSKEY"));
    QCOMPARE(resolved.region, QStringLiteral("eu-west-2"));
}

void TestCredentialsResolver::describeRedactsSecret()
{
    const Credentials credentials(QStringLiteral("AKIAIOSFODNN7EXAMPLE"),
                                  QStringLiteral("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
                                  QStringLiteral("sessiontokenvalue"), QStringLiteral("environment"));
    const QString text = credentials.describe();
    QVERIFY(!text.contains(QStringLiteral("wJalr")));
    QVERIFY(!text.contains(QStringLiteral("sessiontokenvalue")));
    QVERIFY(!text.contains(QStringLiteral("AKIAIOSFODNN7EXAMPLE")));
    QVERIFY(text.contains(QStringLiteral("AKIA")));
    QVERIFY(text.contains(QStringLiteral("redacted")));
    QVERIFY(text.contains(QStringLiteral("environment")));
}

void TestCredentialsResolver::profilesFromBothFiles()
{
    writeFile(m_credentials, "[work]\naws_access_key_id = A\naws_secret_access_key = b\n[default]\naws_access_key_id = C\n");
    writeFile(m_config, "[default]\nregion = eu-west-1\n[profile dev]\nregion = us-west-2\n[sso-session corp]\nsso_region = us-east-1\n[profile work]\n");
    QCOMPARE(CredentialsResolver(baseEnvironment(), m_dir.path()).profiles(),
             (QStringList{QStringLiteral("default"), QStringLiteral("dev"), QStringLiteral("work")}));
    QFile::remove(m_credentials);
    QFile::remove(m_config);
    QVERIFY(CredentialsResolver(baseEnvironment(), m_dir.path()).profiles().isEmpty());
}

QTEST_GUILESS_MAIN(TestCredentialsResolver)
#include "tst_credentialsresolver.moc"

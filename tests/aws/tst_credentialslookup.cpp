// The credential providers beyond static keys, as the AWS CLI reads them from ~/.aws, against a
// loopback STS and IAM Identity Center portal (FakeIdentityServer) that the clients find through
// the SDKs' endpoint conventions (AWS_ENDPOINT_URL_STS, a [services] section): AssumeRole with
// source_profile / credential_source, chained roles, MFA, the role cache, web identity, SSO
// token caches in both profile forms, and every configuration mistake as a clear sentence.
#include "CredentialsResolver.h"
#include "FakeIdentityServer.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace callconsole::aws;

namespace {

const QString kBaseKey = QStringLiteral("AKIDBASEPROFILE");
const QString kBaseSecret = QStringLiteral("YmFzZS1wcm9maWxlLXNlY3JldA");
const QString kAdminRole = QStringLiteral("arn:aws:iam::111122223333:role/admin");
const QString kMfaSerial = QStringLiteral("arn:aws:iam::111122223333:mfa/dev");

void writeFile(const QString &path, const QByteArray &text)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(text);
}

} // namespace

class TestCredentialsLookup : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void assumeRoleWithSourceProfileKeys();
    void chainedRolesSignWithTheIssuedKeys();
    void credentialSourceEnvironment();
    void roleSourcedFromCredentialProcess();
    void mfaCodeAskedThroughTheSignal();
    void mfaCodeFromThePrompt();
    void mfaWithoutAWayToAskFailsClearly();
    void wrongMfaCodeFormatIsRefusedBeforeSending();
    void stsRefusalNamesRoleAndCode();
    void configurationMistakes_data();
    void configurationMistakes();
    void webIdentityFromProfile();
    void webIdentityFromEnvironment();
    void ssoSessionProfile();
    void legacySsoProfile();
    void ssoTokenProblemsSayHowToLogIn_data();
    void ssoTokenProblemsSayHowToLogIn();

private:
    QProcessEnvironment environment() const;
    ResolvedCredentials resolve(const QString &profile, const QProcessEnvironment &env) const;
    void writeConfig(const QByteArray &text) { writeFile(m_dir->filePath(QStringLiteral("config")), text); }
    void writeSsoToken(const QString &key, const QByteArray &token, const QDateTime &expires);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeIdentityServer> m_server;
};

void TestCredentialsLookup::init()
{
    CredentialsLookup::clearCache();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_server = std::make_unique<FakeIdentityServer>();
    m_server->trust(kBaseKey, kBaseSecret);
    writeFile(m_dir->filePath(QStringLiteral("credentials")),
              "[base]\naws_access_key_id = " + kBaseKey.toUtf8() + "\naws_secret_access_key = " + kBaseSecret.toUtf8() + "\n");
}

QProcessEnvironment TestCredentialsLookup::environment() const
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("PATH"), qEnvironmentVariable("PATH"));
    env.insert(QStringLiteral("AWS_SHARED_CREDENTIALS_FILE"), m_dir->filePath(QStringLiteral("credentials")));
    env.insert(QStringLiteral("AWS_CONFIG_FILE"), m_dir->filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("AWS_ENDPOINT_URL_STS"), m_server->url().toString());
    return env;
}

ResolvedCredentials TestCredentialsLookup::resolve(const QString &profile, const QProcessEnvironment &env) const
{
    return CredentialsResolver(env, m_dir->path()).resolve(profile);
}

void TestCredentialsLookup::writeSsoToken(const QString &key, const QByteArray &token, const QDateTime &expires)
{
    const QString name = QString::fromLatin1(QCryptographicHash::hash(key.toUtf8(), QCryptographicHash::Sha1).toHex());
    writeFile(m_dir->filePath(QStringLiteral(".aws/sso/cache/%1.json").arg(name)),
              R"({"startUrl": "https://corp.awsapps.com/start", "region": "eu-west-1", "accessToken": ")" + token
                  + R"(", "expiresAt": ")" + expires.toUTC().toString(Qt::ISODate).toUtf8() + "\"}");
}

void TestCredentialsLookup::assumeRoleWithSourceProfileKeys()
{
    writeConfig("[profile admin]\nrole_arn = " + kAdminRole.toUtf8() + "\nsource_profile = base\nregion = us-west-2\n"
                "role_session_name = alice\nexternal_id = ext-42\nduration_seconds = 1800\n");
    const ResolvedCredentials resolved = resolve(QStringLiteral("admin"), environment());
    QVERIFY2(resolved.ok(), qPrintable(resolved.error));
    QCOMPARE(resolved.credentials.accessKeyId(), FakeIdentityServer::issuedKeyFor(kAdminRole));
    QCOMPARE(resolved.credentials.secretAccessKey(), QStringLiteral("secret-of-") + kAdminRole);
    QCOMPARE(resolved.credentials.sessionToken(), QStringLiteral("token-of-") + kAdminRole);
    QVERIFY(resolved.credentials.expiration() > QDateTime::currentDateTimeUtc().addSecs(3000));
    QVERIFY2(resolved.credentials.source().contains(kAdminRole), qPrintable(resolved.credentials.source()));

    QCOMPARE(m_server->requests.size(), 1);
    const IdentityRequest &sent = m_server->requests.first();
    QCOMPARE(sent.action, QStringLiteral("AssumeRole"));
    QCOMPARE(sent.signedWithKey, kBaseKey); // a valid SigV4 signature with the source profile's keys
    QCOMPARE(sent.signingRegion, QStringLiteral("us-west-2"));
    QCOMPARE(sent.parameters.queryItemValue(QStringLiteral("RoleArn"), QUrl::FullyDecoded), kAdminRole);
    QCOMPARE(sent.parameters.queryItemValue(QStringLiteral("RoleSessionName")), QStringLiteral("alice"));
    QCOMPARE(sent.parameters.queryItemValue(QStringLiteral("ExternalId")), QStringLiteral("ext-42"));
    QCOMPARE(sent.parameters.queryItemValue(QStringLiteral("DurationSeconds")), QStringLiteral("1800"));
    QVERIFY2(sent.userAgent.startsWith("callconsole/" CALLCONSOLE_VERSION " Qt/"), sent.userAgent.constData());

    // Kept until shortly before they expire: the same role again calls nobody.
    const ResolvedCredentials again = resolve(QStringLiteral("admin"), environment());
    QVERIFY2(again.ok(), qPrintable(again.error));
    QCOMPARE(again.credentials.accessKeyId(), resolved.credentials.accessKeyId());
    QCOMPARE(m_server->requests.size(), 1);
}

void TestCredentialsLookup::chainedRolesSignWithTheIssuedKeys()
{
    const QString deploy = QStringLiteral("arn:aws:iam::444455556666:role/deploy");
    writeConfig("[profile admin]\nrole_arn = " + kAdminRole.toUtf8() + "\nsource_profile = base\n"
                "[profile deploy]\nrole_arn = " + deploy.toUtf8() + "\nsource_profile = admin\n");
    const ResolvedCredentials resolved = resolve(QStringLiteral("deploy"), environment());
    QVERIFY2(resolved.ok(), qPrintable(resolved.error));
    QCOMPARE(resolved.credentials.accessKeyId(), FakeIdentityServer::issuedKeyFor(deploy));
    QCOMPARE(m_server->requests.size(), 2);
    QCOMPARE(m_server->requests.at(0).signedWithKey, kBaseKey);
    QCOMPARE(m_server->requests.at(1).signedWithKey, FakeIdentityServer::issuedKeyFor(kAdminRole));
    QCOMPARE(m_server->requests.at(1).signingRegion, QStringLiteral("us-east-1")); // no region: STS's global signing region
}

void TestCredentialsLookup::credentialSourceEnvironment()
{
    writeConfig("[profile ci]\nrole_arn = " + kAdminRole.toUtf8() + "\ncredential_source = Environment\n");
    QProcessEnvironment env = environment();
    env.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), QStringLiteral("AKIDFROMENV"));
    env.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"), QStringLiteral("env-secret"));
    m_server->trust(QStringLiteral("AKIDFROMENV"), QStringLiteral("env-secret"));
    // Named explicitly, the profile wins over the environment's keys, which then sign its AssumeRole.
    const ResolvedCredentials resolved = resolve(QStringLiteral("ci"), env);
    QVERIFY2(resolved.ok(), qPrintable(resolved.error));
    QCOMPARE(resolved.credentials.accessKeyId(), FakeIdentityServer::issuedKeyFor(kAdminRole));
    QCOMPARE(m_server->requests.first().signedWithKey, QStringLiteral("AKIDFROMENV"));

    env.remove(QStringLiteral("AWS_SECRET_ACCESS_KEY"));
    CredentialsLookup::clearCache();
    const ResolvedCredentials missing = resolve(QStringLiteral("ci"), env);
    QVERIFY(!missing.ok());
    QVERIFY2(missing.error.contains(QStringLiteral("credential_source = Environment")), qPrintable(missing.error));
}

void TestCredentialsLookup::roleSourcedFromCredentialProcess()
{
    // Quoted as the AWS CLI splits it: sh -c '…' with a double-quoted JSON inside.
    writeConfig("[profile helper]\ncredential_process = sh -c 'printf \"%s\" \"{\\\"Version\\\": 1, \\\"AccessKeyId\\\": \\\""
                + kBaseKey.toUtf8() + "\\\", \\\"SecretAccessKey\\\": \\\"" + kBaseSecret.toUtf8() + "\\\"}\"'\n"
                "[profile admin]\nrole_arn = " + kAdminRole.toUtf8() + "\nsource_profile = helper\n");
    const ResolvedCredentials resolved = resolve(QStringLiteral("admin"), environment());
    QVERIFY2(resolved.ok(), qPrintable(resolved.error));
    QCOMPARE(resolved.credentials.accessKeyId(), FakeIdentityServer::issuedKeyFor(kAdminRole));
    QCOMPARE(m_server->requests.first().signedWithKey, kBaseKey);
}

void TestCredentialsLookup::mfaCodeAskedThroughTheSignal()
{
    m_server->requireMfa(kAdminRole, kMfaSerial, QStringLiteral("123456"));
    writeConfig("[profile admin]\nrole_arn = " + kAdminRole.toUtf8() + "\nsource_profile = base\nmfa_serial = "
                + kMfaSerial.toUtf8() + "\n");
    CredentialsResolver resolver(environment(), m_dir->path());
    std::unique_ptr<CredentialsLookup> lookup(resolver.lookUp(QStringLiteral("admin")));
    QSignalSpy asked(lookup.get(), &CredentialsLookup::mfaCodeNeeded);
    QSignalSpy finished(lookup.get(), &CredentialsLookup::finished);
    QVERIFY(asked.wait(10000));
    QCOMPARE(asked.first().at(0).toString(), QStringLiteral("admin"));
    QCOMPARE(asked.first().at(1).toString(), kMfaSerial);
    QVERIFY(lookup->isWaitingForMfaCode());
    QVERIFY2(lookup->waitingFor().contains(kMfaSerial), qPrintable(lookup->waitingFor()));
    QVERIFY(m_server->requests.isEmpty()); // nothing goes to STS before the code
    lookup->provideMfaCode(QStringLiteral("123456"));
    QVERIFY(finished.wait(10000));
    QVERIFY2(lookup->result().ok(), qPrintable(lookup->result().error));
    QCOMPARE(m_server->requests.first().parameters.queryItemValue(QStringLiteral("SerialNumber"), QUrl::FullyDecoded), kMfaSerial);
    QCOMPARE(m_server->requests.first().parameters.queryItemValue(QStringLiteral("TokenCode")), QStringLiteral("123456"));

    // Cached: no second question.
    std::unique_ptr<CredentialsLookup> second(resolver.lookUp(QStringLiteral("admin")));
    QSignalSpy askedAgain(second.get(), &CredentialsLookup::mfaCodeNeeded);
    QSignalSpy secondFinished(second.get(), &CredentialsLookup::finished);
    QVERIFY(secondFinished.wait(10000));
    QVERIFY(second->result().ok());
    QCOMPARE(askedAgain.size(), 0);
}

void TestCredentialsLookup::mfaCodeFromThePrompt()
{
    m_server->requireMfa(kAdminRole, kMfaSerial, QStringLiteral("654321"));
    writeConfig("[profile admin]\nrole_arn = " + kAdminRole.toUtf8() + "\nsource_profile = base\nmfa_serial = "
                + kMfaSerial.toUtf8() + "\n");
    CredentialsResolver resolver(environment(), m_dir->path());
    QString askedFor;
    resolver.setMfaPrompt([&](const QString &profile, const QString &serial, QString *) {
        askedFor = profile + QLatin1Char(' ') + serial;
        return QStringLiteral("111111"); // wrong: STS refuses
    });
    const ResolvedCredentials wrong = resolver.resolve(QStringLiteral("admin"));
    QCOMPARE(askedFor, QStringLiteral("admin ") + kMfaSerial);
    QVERIFY(!wrong.ok());
    QVERIFY2(wrong.error.contains(QStringLiteral("AccessDenied")) && wrong.error.contains(QStringLiteral("MultiFactorAuthentication")),
             qPrintable(wrong.error));
    resolver.setMfaPrompt([](const QString &, const QString &, QString *) { return QStringLiteral("654321"); });
    const ResolvedCredentials right = resolver.resolve(QStringLiteral("admin"));
    QVERIFY2(right.ok(), qPrintable(right.error));
}

void TestCredentialsLookup::mfaWithoutAWayToAskFailsClearly()
{
    writeConfig("[profile admin]\nrole_arn = " + kAdminRole.toUtf8() + "\nsource_profile = base\nmfa_serial = "
                + kMfaSerial.toUtf8() + "\n");
    const ResolvedCredentials resolved = resolve(QStringLiteral("admin"), environment());
    QVERIFY(!resolved.ok());
    QVERIFY2(resolved.error.contains(QStringLiteral("needs an MFA code for ") + kMfaSerial), qPrintable(resolved.error));
    QVERIFY(m_server->requests.isEmpty());
}

void TestCredentialsLookup::wrongMfaCodeFormatIsRefusedBeforeSending()
{
    writeConfig("[profile admin]\nrole_arn = " + kAdminRole.toUtf8() + "\nsource_profile = base\nmfa_serial = "
                + kMfaSerial.toUtf8() + "\n");
    CredentialsResolver resolver(environment(), m_dir->path());
    resolver.setMfaPrompt([](const QString &, const QString &, QString *) { return QStringLiteral("12a456"); });
    const ResolvedCredentials resolved = resolver.resolve(QStringLiteral("admin"));
    QVERIFY(!resolved.ok());
    QVERIFY2(resolved.error.contains(QStringLiteral("'12a456'")) && resolved.error.contains(QStringLiteral("6 digits")),
             qPrintable(resolved.error));
    QVERIFY(m_server->requests.isEmpty());
}

void TestCredentialsLookup::stsRefusalNamesRoleAndCode()
{
    m_server->refuseAll(QStringLiteral("AccessDenied"));
    writeConfig("[profile admin]\nrole_arn = " + kAdminRole.toUtf8() + "\nsource_profile = base\n");
    const ResolvedCredentials resolved = resolve(QStringLiteral("admin"), environment());
    QVERIFY(!resolved.ok());
    QVERIFY2(resolved.error.contains(QStringLiteral("AccessDenied")), qPrintable(resolved.error));
    QVERIFY2(resolved.error.contains(kAdminRole), qPrintable(resolved.error));
    QVERIFY2(resolved.error.contains(QStringLiteral("HTTP 403")), qPrintable(resolved.error));
    QVERIFY2(!resolved.error.contains(kBaseSecret), qPrintable(resolved.error));
}

void TestCredentialsLookup::configurationMistakes_data()
{
    QTest::addColumn<QByteArray>("config");
    QTest::addColumn<QString>("expected");
    const QByteArray role = "role_arn = arn:aws:iam::1:role/r\n";
    QTest::newRow("both sources") << "[profile p]\n" + role + "source_profile = base\ncredential_source = Environment\n"
                                  << QStringLiteral("sets both source_profile and credential_source");
    QTest::newRow("no source") << "[profile p]\n" + role << QStringLiteral("neither source_profile nor credential_source");
    QTest::newRow("unknown source profile") << "[profile p]\n" + role + "source_profile = ghost\n"
                                            << QStringLiteral("source_profile 'ghost' of profile p does not exist");
    QTest::newRow("loop") << "[profile p]\n" + role + "source_profile = q\n[profile q]\n" + role + "source_profile = p\n"
                          << QStringLiteral("source_profile loop: p → q → p");
    QTest::newRow("instance metadata") << "[profile p]\n" + role + "credential_source = Ec2InstanceMetadata\n"
                                       << QStringLiteral("Ec2InstanceMetadata is not supported");
    QTest::newRow("unknown credential_source") << "[profile p]\n" + role + "credential_source = Laptop\n"
                                               << QStringLiteral("credential_source 'Laptop' in profile p");
    QTest::newRow("duration") << "[profile p]\n" + role + "source_profile = base\nduration_seconds = 60\n"
                              << QStringLiteral("duration_seconds '60' in profile p — expected 900 to 43200");
    QTest::newRow("sso without role") << QByteArray("[profile p]\nsso_start_url = https://x\nsso_region = us-east-1\nsso_account_id = 1\n")
                                      << QStringLiteral("without sso_role_name");
    QTest::newRow("missing sso-session") << QByteArray("[profile p]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = r\n")
                                         << QStringLiteral("has no [sso-session corp] section");
    QTest::newRow("web identity without role") << QByteArray("[profile p]\nweb_identity_token_file = /tmp/t\n")
                                               << QStringLiteral("no role_arn or AWS_ROLE_ARN");
}

void TestCredentialsLookup::configurationMistakes()
{
    QFETCH(QByteArray, config);
    QFETCH(QString, expected);
    writeConfig(config);
    const ResolvedCredentials resolved = resolve(QStringLiteral("p"), environment());
    QVERIFY(!resolved.ok());
    QVERIFY2(resolved.error.contains(expected), qPrintable(resolved.error));
    QVERIFY(m_server->requests.isEmpty());
}

void TestCredentialsLookup::webIdentityFromProfile()
{
    const QString tokenFile = m_dir->filePath(QStringLiteral("token.jwt"));
    writeFile(tokenFile, "eyJhbGciOi.web-identity.token\n");
    m_server->acceptWebIdentityToken("eyJhbGciOi.web-identity.token");
    writeConfig("[profile oidc]\nrole_arn = " + kAdminRole.toUtf8() + "\nweb_identity_token_file = " + tokenFile.toUtf8()
                + "\nrole_session_name = ci-run\n");
    const ResolvedCredentials resolved = resolve(QStringLiteral("oidc"), environment());
    QVERIFY2(resolved.ok(), qPrintable(resolved.error));
    QCOMPARE(resolved.credentials.accessKeyId(), FakeIdentityServer::issuedKeyFor(kAdminRole));
    const IdentityRequest &sent = m_server->requests.first();
    QCOMPARE(sent.action, QStringLiteral("AssumeRoleWithWebIdentity"));
    QCOMPARE(sent.parameters.queryItemValue(QStringLiteral("RoleSessionName")), QStringLiteral("ci-run"));

    writeFile(tokenFile, "a-token-sts-does-not-know");
    const ResolvedCredentials refused = resolve(QStringLiteral("oidc"), environment());
    QVERIFY(!refused.ok());
    QVERIFY2(refused.error.contains(QStringLiteral("InvalidIdentityToken")), qPrintable(refused.error));
}

void TestCredentialsLookup::webIdentityFromEnvironment()
{
    const QString tokenFile = m_dir->filePath(QStringLiteral("env-token"));
    writeFile(tokenFile, "env-web-token");
    m_server->acceptWebIdentityToken("env-web-token");
    QProcessEnvironment env = environment();
    env.insert(QStringLiteral("AWS_WEB_IDENTITY_TOKEN_FILE"), tokenFile);
    env.insert(QStringLiteral("AWS_ROLE_ARN"), kAdminRole);
    env.insert(QStringLiteral("AWS_ROLE_SESSION_NAME"), QStringLiteral("pod-7"));
    const ResolvedCredentials resolved = resolve({}, env);
    QVERIFY2(resolved.ok(), qPrintable(resolved.error));
    QCOMPARE(m_server->requests.first().parameters.queryItemValue(QStringLiteral("RoleSessionName")), QStringLiteral("pod-7"));
}

void TestCredentialsLookup::ssoSessionProfile()
{
    // The portal is found through the profile's [services] section, as the SDKs do.
    writeConfig("[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Developer\n"
                "services = local\n"
                "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n"
                "sso_registration_scopes = sso:account:access\n"
                "[services local]\nsso =\n  endpoint_url = " + m_server->url().toString().toUtf8() + "\n");
    writeSsoToken(QStringLiteral("corp"), "portal-access-token", QDateTime::currentDateTimeUtc().addSecs(3600));
    m_server->acceptSsoToken("portal-access-token");
    QProcessEnvironment env = environment();
    env.remove(QStringLiteral("AWS_ENDPOINT_URL_STS"));
    const ResolvedCredentials resolved = resolve(QStringLiteral("dev"), env);
    QVERIFY2(resolved.ok(), qPrintable(resolved.error));
    QCOMPARE(resolved.credentials.accessKeyId(), QStringLiteral("ASIASSODEVELOPER"));
    QCOMPARE(resolved.credentials.sessionToken(), QStringLiteral("sso-token-111122223333"));
    QVERIFY(resolved.credentials.expiration().isValid());
    const IdentityRequest &sent = m_server->requests.first();
    QCOMPARE(sent.action, QStringLiteral("GetRoleCredentials"));
    QCOMPARE(sent.bearerToken, QByteArray("portal-access-token"));
    QCOMPARE(sent.parameters.queryItemValue(QStringLiteral("account_id")), QStringLiteral("111122223333"));
    QCOMPARE(sent.parameters.queryItemValue(QStringLiteral("role_name")), QStringLiteral("Developer"));
}

void TestCredentialsLookup::legacySsoProfile()
{
    const QString startUrl = QStringLiteral("https://legacy.awsapps.com/start");
    writeConfig("[profile old]\nsso_start_url = " + startUrl.toUtf8() + "\nsso_region = us-east-2\n"
                "sso_account_id = 444455556666\nsso_role_name = ReadOnly\n");
    writeSsoToken(startUrl, "legacy-token", QDateTime::currentDateTimeUtc().addSecs(600));
    m_server->acceptSsoToken("legacy-token");
    QProcessEnvironment env = environment();
    env.insert(QStringLiteral("AWS_ENDPOINT_URL_SSO"), m_server->url().toString());
    const ResolvedCredentials resolved = resolve(QStringLiteral("old"), env);
    QVERIFY2(resolved.ok(), qPrintable(resolved.error));
    QCOMPARE(resolved.credentials.accessKeyId(), QStringLiteral("ASIASSOREADONLY"));
}

void TestCredentialsLookup::ssoTokenProblemsSayHowToLogIn_data()
{
    QTest::addColumn<int>("tokenState"); // 0 none, 1 expired, 2 revoked
    QTest::addColumn<QString>("expected");
    QTest::newRow("no token") << 0 << QStringLiteral("no IAM Identity Center token");
    QTest::newRow("expired") << 1 << QStringLiteral("expired at");
    QTest::newRow("revoked") << 2 << QStringLiteral("UnauthorizedException");
}

void TestCredentialsLookup::ssoTokenProblemsSayHowToLogIn()
{
    QFETCH(int, tokenState);
    QFETCH(QString, expected);
    writeConfig("[profile dev]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = Developer\n"
                "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n");
    if (tokenState > 0)
        writeSsoToken(QStringLiteral("corp"), "old-token", QDateTime::currentDateTimeUtc().addSecs(tokenState == 1 ? -60 : 3600));
    QProcessEnvironment env = environment();
    env.insert(QStringLiteral("AWS_ENDPOINT_URL_SSO"), m_server->url().toString());
    const ResolvedCredentials resolved = resolve(QStringLiteral("dev"), env);
    QVERIFY(!resolved.ok());
    QVERIFY2(resolved.error.contains(expected), qPrintable(resolved.error));
    QVERIFY2(resolved.error.contains(QStringLiteral("run `aws sso login --profile dev`")), qPrintable(resolved.error));
    QCOMPARE(m_server->requests.size(), tokenState == 2 ? 1 : 0);
}

QTEST_GUILESS_MAIN(TestCredentialsLookup)
#include "tst_credentialslookup.moc"

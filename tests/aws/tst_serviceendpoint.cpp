// Which endpoint a client calls, resolved from real config files and environments as the AWS
// SDKs resolve it (the SDKs and Tools reference guide's "Service-specific endpoints"), and the
// CA bundle its TLS trusts.
#include "AwsHttp.h"
#include "AwsSharedConfig.h"
#include "ServiceEndpoint.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace callconsole::aws;

class TestServiceEndpoint : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void precedence_data();
    void precedence();
    void errorsNeverFallBackToAws_data();
    void errorsNeverFallBackToAws();
    void regionalNames_data();
    void regionalNames();
    void nestedSettingsAreParsed();
    void caBundle();
    void userAgent();

private:
    AwsSharedConfig config(const QByteArray &configText, const QStringList &environment) const;
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestServiceEndpoint::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

AwsSharedConfig TestServiceEndpoint::config(const QByteArray &configText, const QStringList &environment) const
{
    QFile file(m_dir->filePath(QStringLiteral("config")));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write the config file");
    file.write(configText);
    file.close();
    QProcessEnvironment env;
    env.insert(QStringLiteral("AWS_CONFIG_FILE"), file.fileName());
    env.insert(QStringLiteral("AWS_SHARED_CREDENTIALS_FILE"), m_dir->filePath(QStringLiteral("none")));
    for (const QString &assignment : environment)
        env.insert(assignment.section(QLatin1Char('='), 0, 0), assignment.section(QLatin1Char('='), 1));
    return AwsSharedConfig(env, m_dir->path());
}

namespace {

const QByteArray kAllConfigured = "[profile dev]\nregion = eu-west-1\nendpoint_url = http://profile.local:1\nservices = local\n"
                                  "[services local]\nchime_sdk_voice =\n  endpoint_url = http://services.local:2\n"
                                  "s3 =\n  endpoint_url = http://s3.local:9\n";
const QString kServiceEnv = QStringLiteral("AWS_ENDPOINT_URL_CHIME_SDK_VOICE=http://service-env.local:3");
const QString kGlobalEnv = QStringLiteral("AWS_ENDPOINT_URL=http://global-env.local:4");

} // namespace

void TestServiceEndpoint::precedence_data()
{
    QTest::addColumn<QByteArray>("configText");
    QTest::addColumn<QStringList>("environment");
    QTest::addColumn<QString>("explicitUrl");
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("source");
    const QStringList both{kServiceEnv, kGlobalEnv};
    QTest::newRow("explicit beats everything") << kAllConfigured << both << QStringLiteral("http://127.0.0.1:9") << QStringLiteral("http://127.0.0.1:9")
                                               << QStringLiteral("--endpoint-url");
    QTest::newRow("service variable") << kAllConfigured << both << QString() << QStringLiteral("http://service-env.local:3")
                                      << QStringLiteral("AWS_ENDPOINT_URL_CHIME_SDK_VOICE");
    QTest::newRow("global variable") << kAllConfigured << QStringList{kGlobalEnv} << QString() << QStringLiteral("http://global-env.local:4")
                                     << QStringLiteral("AWS_ENDPOINT_URL");
    QTest::newRow("services section") << kAllConfigured << QStringList() << QString() << QStringLiteral("http://services.local:2")
                                      << QStringLiteral("chime_sdk_voice in [services local]");
    QTest::newRow("profile endpoint_url")
        << QByteArray("[profile dev]\nendpoint_url = http://profile.local:1/base\nservices = local\n[services local]\ns3 =\n  endpoint_url = http://s3.local:9\n")
        << QStringList() << QString() << QStringLiteral("http://profile.local:1/base") << QStringLiteral("endpoint_url of profile dev");
    QTest::newRow("nothing configured") << QByteArray("[profile dev]\nregion = eu-west-1\n") << QStringList() << QString()
                                        << QStringLiteral("https://voice-chime.eu-west-1.amazonaws.com") << QString();
    QTest::newRow("ignored by variable") << kAllConfigured << (QStringList(both) << QStringLiteral("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=TRUE"))
                                         << QString() << QStringLiteral("https://voice-chime.eu-west-1.amazonaws.com") << QString();
    QTest::newRow("ignored by profile") << kAllConfigured + "[profile dev]\nignore_configured_endpoint_urls = true\n" << QStringList()
                                        << QString() << QStringLiteral("https://voice-chime.eu-west-1.amazonaws.com") << QString();
    QTest::newRow("ignoring keeps explicit") << kAllConfigured << QStringList{QStringLiteral("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true")}
                                             << QStringLiteral("http://localhost:7") << QStringLiteral("http://localhost:7") << QStringLiteral("--endpoint-url");
    QTest::newRow("variable says false") << kAllConfigured << QStringList{QStringLiteral("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=false")}
                                         << QString() << QStringLiteral("http://services.local:2") << QStringLiteral("chime_sdk_voice in [services local]");
}

void TestServiceEndpoint::precedence()
{
    QFETCH(QByteArray, configText);
    QFETCH(QStringList, environment);
    QFETCH(QString, explicitUrl);
    QFETCH(QString, url);
    QFETCH(QString, source);
    // The duplicate [profile dev] header of the "ignored by profile" row adds to the section.
    const AwsSharedConfig shared = config(configText, environment);
    const ServiceEndpoint endpoint = resolveServiceEndpoint(AwsService::chimeSdkVoice(), shared, QStringLiteral("dev"),
                                                            QStringLiteral("eu-west-1"), QUrl(explicitUrl));
    QVERIFY2(endpoint.ok(), qPrintable(endpoint.error));
    QCOMPARE(endpoint.url.toString(), url);
    QVERIFY2(endpoint.source.startsWith(source) && (source.isEmpty() == endpoint.source.isEmpty()), qPrintable(endpoint.source));
    QCOMPARE(endpoint.isConfigured(), !source.isEmpty());
    QVERIFY(endpoint.describe().contains(url));
}

void TestServiceEndpoint::errorsNeverFallBackToAws_data()
{
    QTest::addColumn<QByteArray>("configText");
    QTest::addColumn<QStringList>("environment");
    QTest::addColumn<QString>("expected");
    QTest::newRow("bad service variable") << QByteArray("[profile dev]\nendpoint_url = http://profile.local:1\n")
                                          << QStringList{QStringLiteral("AWS_ENDPOINT_URL_CHIME_SDK_VOICE=localhost:8081")}
                                          << QStringLiteral("AWS_ENDPOINT_URL_CHIME_SDK_VOICE 'localhost:8081' — expected http(s)://HOST");
    QTest::newRow("bad profile url") << QByteArray("[profile dev]\nendpoint_url = ftp://x\n") << QStringList()
                                     << QStringLiteral("endpoint_url of profile dev 'ftp://x'");
    QTest::newRow("missing services section") << QByteArray("[profile dev]\nservices = gone\n") << QStringList()
                                              << QStringLiteral("has no [services gone] section");
    QTest::newRow("fips with custom url") << QByteArray("[profile dev]\n") << QStringList{kGlobalEnv, QStringLiteral("AWS_USE_FIPS_ENDPOINT=true")}
                                          << QStringLiteral("cannot be combined");
    QTest::newRow("not a boolean") << QByteArray("[profile dev]\nuse_dualstack_endpoint = yes\n") << QStringList()
                                   << QStringLiteral("use_dualstack_endpoint in profile dev 'yes' — expected true or false");
}

void TestServiceEndpoint::errorsNeverFallBackToAws()
{
    QFETCH(QByteArray, configText);
    QFETCH(QStringList, environment);
    QFETCH(QString, expected);
    const ServiceEndpoint endpoint = resolveServiceEndpoint(AwsService::chimeSdkVoice(), config(configText, environment),
                                                            QStringLiteral("dev"), QStringLiteral("us-east-1"));
    QVERIFY(!endpoint.ok());
    QVERIFY2(endpoint.error.contains(expected), qPrintable(endpoint.error));
}

void TestServiceEndpoint::regionalNames_data()
{
    QTest::addColumn<QString>("service");
    QTest::addColumn<QStringList>("environment");
    QTest::addColumn<QString>("region");
    QTest::addColumn<QString>("url");
    QTest::newRow("voice") << QStringLiteral("chime-sdk-voice") << QStringList() << QStringLiteral("us-west-2")
                           << QStringLiteral("https://voice-chime.us-west-2.amazonaws.com");
    QTest::newRow("voice fips") << QStringLiteral("chime-sdk-voice") << QStringList{QStringLiteral("AWS_USE_FIPS_ENDPOINT=true")}
                                << QStringLiteral("us-east-1") << QStringLiteral("https://voice-chime-fips.us-east-1.amazonaws.com");
    QTest::newRow("voice dual-stack") << QStringLiteral("chime-sdk-voice") << QStringList{QStringLiteral("AWS_USE_DUALSTACK_ENDPOINT=true")}
                                      << QStringLiteral("eu-central-1") << QStringLiteral("https://voice-chime.eu-central-1.api.aws");
    QTest::newRow("voice both") << QStringLiteral("chime-sdk-voice")
                                << QStringList{QStringLiteral("AWS_USE_DUALSTACK_ENDPOINT=true"), QStringLiteral("AWS_USE_FIPS_ENDPOINT=true")}
                                << QStringLiteral("us-east-1") << QStringLiteral("https://voice-chime-fips.us-east-1.api.aws");
    QTest::newRow("sts global") << QStringLiteral("sts") << QStringList() << QString() << QStringLiteral("https://sts.amazonaws.com");
    QTest::newRow("sts regional") << QStringLiteral("sts") << QStringList() << QStringLiteral("ap-southeast-2")
                                  << QStringLiteral("https://sts.ap-southeast-2.amazonaws.com");
    QTest::newRow("sso portal") << QStringLiteral("sso") << QStringList() << QStringLiteral("eu-west-1")
                                << QStringLiteral("https://portal.sso.eu-west-1.amazonaws.com");
    QTest::newRow("sso portal fips") << QStringLiteral("sso") << QStringList{QStringLiteral("AWS_USE_FIPS_ENDPOINT=true")}
                                     << QStringLiteral("us-gov-west-1") << QStringLiteral("https://portal.sso-fips.us-gov-west-1.amazonaws.com");
    QTest::newRow("china") << QStringLiteral("sts") << QStringList() << QStringLiteral("cn-north-1")
                           << QStringLiteral("https://sts.cn-north-1.amazonaws.com.cn");
}

void TestServiceEndpoint::regionalNames()
{
    QFETCH(QString, service);
    QFETCH(QStringList, environment);
    QFETCH(QString, region);
    QFETCH(QString, url);
    const AwsService which = service == QLatin1String("sts") ? AwsService::sts()
        : service == QLatin1String("sso")                    ? AwsService::sso()
                                                             : AwsService::chimeSdkVoice();
    const ServiceEndpoint endpoint = resolveServiceEndpoint(which, config("[default]\n", environment), QStringLiteral("default"), region);
    QVERIFY2(endpoint.ok(), qPrintable(endpoint.error));
    QCOMPARE(endpoint.url.toString(), url);
    QVERIFY(!endpoint.isConfigured());
}

void TestServiceEndpoint::nestedSettingsAreParsed()
{
    const AwsConfigFile file = AwsConfigFile::parse(QStringLiteral(
        "[services local]\nchime_sdk_voice =\n  endpoint_url = http://a:1\n\tsigv4a = x\nsts =\n  endpoint_url = http://b:2 # note\n"
        "region = us-east-1\n  orphan = ignored\n[profile x]\n  stray = ignored\nkey = value\n"));
    const AwsConfigFile::Section services = file.section(QStringLiteral("services local"));
    QCOMPARE(services.value(QStringLiteral("chime_sdk_voice.endpoint_url")), QStringLiteral("http://a:1"));
    QCOMPARE(services.value(QStringLiteral("chime_sdk_voice.sigv4a")), QStringLiteral("x"));
    QCOMPARE(services.value(QStringLiteral("sts.endpoint_url")), QStringLiteral("http://b:2"));
    QCOMPARE(services.value(QStringLiteral("region")), QStringLiteral("us-east-1"));
    QVERIFY(!services.contains(QStringLiteral("orphan")) && !services.contains(QStringLiteral("region.orphan")));
    const AwsConfigFile::Section profile = file.section(QStringLiteral("profile x"));
    QCOMPARE(profile.keys(), QStringList{QStringLiteral("key")});
}

void TestServiceEndpoint::caBundle()
{
    const QString certificate = QStringLiteral(CALLCONSOLE_TEST_DATA "/../endpoint/tls/localhost.crt");
    QString error;
    HttpSettings fromEnv = httpSettingsFor(config("[default]\nca_bundle = /nowhere\n", {QStringLiteral("AWS_CA_BUNDLE=") + certificate}),
                                           QStringLiteral("default"), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(fromEnv.caBundleSource, QStringLiteral("AWS_CA_BUNDLE"));
    QCOMPARE(fromEnv.caCertificates.size(), 1);

    HttpSettings fromProfile = httpSettingsFor(config("[profile dev]\nca_bundle = " + certificate.toUtf8() + "\n", {}), QStringLiteral("dev"), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(fromProfile.caBundleSource, QStringLiteral("ca_bundle of profile dev"));

    httpSettingsFor(config("[profile dev]\nca_bundle = ~/missing.pem\n", {}), QStringLiteral("dev"), &error);
    QVERIFY2(error.contains(QStringLiteral("ca_bundle of profile dev '") + m_dir->path() + QStringLiteral("/missing.pem': cannot read")),
             qPrintable(error));
    error.clear();
    httpSettingsFor(config("[default]\n", {QStringLiteral("AWS_CA_BUNDLE=") + m_dir->filePath(QStringLiteral("config"))}),
                    QStringLiteral("default"), &error);
    QVERIFY2(error.contains(QStringLiteral("no PEM certificate")), qPrintable(error));
}

void TestServiceEndpoint::userAgent()
{
    const QByteArray agent = HttpSettings::defaultUserAgent();
    QVERIFY2(agent.startsWith("callconsole/" CALLCONSOLE_VERSION " Qt/" + QByteArray(qVersion())), agent.constData());
    QVERIFY(!agent.contains("Mozilla"));
}

QTEST_GUILESS_MAIN(TestServiceEndpoint)
#include "tst_serviceendpoint.moc"

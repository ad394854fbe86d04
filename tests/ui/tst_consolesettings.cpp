// ConsoleSettings: load/save through a real QSettings file, the validation rules each field
// shows (the endpoint's exposure rule above all), the configurations the settings produce, and
// which changes restart what.
#include "ConsoleSettings.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace callconsole;

Q_DECLARE_METATYPE(callconsole::ConsoleSettings)
Q_DECLARE_METATYPE(callconsole::ConsoleSecrets)

namespace {

QByteArray eventFile(const QString &name)
{
    QFile file(QStringLiteral(CALLCONSOLE_TEST_DATA "/events/") + name);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

const ValidationIssue *issueAt(const ValidationIssues &issues, const QString &path)
{
    for (const ValidationIssue &issue : issues) {
        if (issue.path == path)
            return &issue;
    }
    return nullptr;
}

ConsoleSettings customised()
{
    ConsoleSettings s;
    s.endpointHost = QStringLiteral("0.0.0.0");
    s.endpointPort = 8443;
    s.authentication = EndpointAuthentication::HmacSecret;
    s.tlsCertificateFile = QStringLiteral("/etc/callconsole/cert.pem");
    s.tlsKeyFile = QStringLiteral("/etc/callconsole/key.pem");
    s.rulesFile = QStringLiteral("/home/dev/rules.json");
    s.forwardUrl = QStringLiteral("http://127.0.0.1:3000/");
    s.handlerFile = QStringLiteral("/home/dev/sma/app.js");
    CalleeSetting slow;
    slow.to = QStringLiteral("+1415*");
    slow.outcome = CalleeBehaviour::Outcome::NoAnswer;
    slow.ringMs = 900;
    slow.answerAfterMs = 7000;
    slow.hangupAfterMs = 12000;
    slow.digits = QStringLiteral("42#");
    slow.digitsAtMs = 2500;
    s.callees = {slow};
    s.awsCredentialSource = AwsCredentialSource::TypedKeys;
    s.awsProfile = QStringLiteral("dev");
    s.awsRegion = QStringLiteral("eu-central-1");
    s.awsEndpointUrl = QStringLiteral("http://127.0.0.1:8081");
    s.theme = ThemeMode::Dark;
    return s;
}

} // namespace

class TestConsoleSettings : public QObject
{
    Q_OBJECT

private slots:
    void defaultsFollowTheSystemOnLoopback();
    void everyValueSurvivesSaveAndLoad();
    void unknownValuesReadAsDefaults();
    void exposedEndpointNeedsAuthentication_data();
    void exposedEndpointNeedsAuthentication();
    void fieldRules_data();
    void fieldRules();
    void defaultCalleesAreTheSimulatorsDefaults();
    void calleesShapeTheSimulator();
    void endpointConfigCarriesOnlyTheChosenSecret();
    void endpointConfigRunsTheHandlerFile();
    void replyRulesAddTheConsoleHangUp();
    void replyRulesReportTheFilesOwnIssues();
    void whatApplyingRestarts_data();
    void whatApplyingRestarts();

private:
    QTemporaryDir m_dir;
};

void TestConsoleSettings::defaultsFollowTheSystemOnLoopback()
{
    const ConsoleSettings s;
    QCOMPARE(s.theme, ThemeMode::FollowSystem);
    QCOMPARE(s.endpointHost, QStringLiteral("127.0.0.1"));
    QCOMPARE(s.authentication, EndpointAuthentication::None);
    QVERIFY2(s.validate({}).isEmpty(), qPrintable(messages(s.validate({})).join(QLatin1Char('\n'))));
    // Nothing stored yet: load gives the defaults.
    QSettings empty(m_dir.filePath(QStringLiteral("empty.ini")), QSettings::IniFormat);
    QVERIFY(ConsoleSettings::load(empty) == s);
}

void TestConsoleSettings::everyValueSurvivesSaveAndLoad()
{
    const QString path = m_dir.filePath(QStringLiteral("roundtrip.ini"));
    const ConsoleSettings written = customised();
    {
        QSettings settings(path, QSettings::IniFormat);
        written.save(settings);
    }
    QSettings settings(path, QSettings::IniFormat);
    const ConsoleSettings read = ConsoleSettings::load(settings);
    QCOMPARE(read.endpointHost, written.endpointHost);
    QCOMPARE(read.endpointPort, 8443);
    QCOMPARE(read.authentication, EndpointAuthentication::HmacSecret);
    QCOMPARE(read.callees.size(), 1);
    QCOMPARE(read.callees.first().digits, QStringLiteral("42#"));
    QCOMPARE(read.callees.first().hangupAfterMs, 12000);
    QCOMPARE(read.awsCredentialSource, AwsCredentialSource::TypedKeys);
    QCOMPARE(read.theme, ThemeMode::Dark);
    QVERIFY(read == written);

    // An emptied callee list stays empty (every number answers), it does not fall back.
    ConsoleSettings none;
    none.callees.clear();
    none.save(settings);
    QVERIFY(ConsoleSettings::load(settings).callees.isEmpty());
}

void TestConsoleSettings::unknownValuesReadAsDefaults()
{
    const QString path = m_dir.filePath(QStringLiteral("tampered.ini"));
    {
        QSettings settings(path, QSettings::IniFormat);
        settings.setValue(QStringLiteral("appearance/theme"), QStringLiteral("purple"));
        settings.setValue(QStringLiteral("endpoint/port"), 99999);
        settings.setValue(QStringLiteral("endpoint/authentication"), QStringLiteral("password"));
        settings.setValue(QStringLiteral("simulator/callees"), QStringLiteral("[{\"to\":\"+1*\",\"outcome\":\"explode\"}]"));
    }
    QSettings settings(path, QSettings::IniFormat);
    const ConsoleSettings read = ConsoleSettings::load(settings);
    QCOMPARE(read.theme, ThemeMode::FollowSystem);
    QCOMPARE(read.endpointPort, 0);
    QCOMPARE(read.authentication, EndpointAuthentication::None);
    QCOMPARE(read.callees.size(), 1);
    QCOMPARE(read.callees.first().outcome, CalleeBehaviour::Outcome::Answer);
}

void TestConsoleSettings::exposedEndpointNeedsAuthentication_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("authentication");
    QTest::addColumn<QString>("token");
    QTest::addColumn<QString>("errorField");
    QTest::newRow("loopback v4") << QStringLiteral("127.0.0.1") << int(EndpointAuthentication::None) << QString() << QString();
    QTest::newRow("loopback v6") << QStringLiteral("::1") << int(EndpointAuthentication::None) << QString() << QString();
    QTest::newRow("any, no auth") << QStringLiteral("0.0.0.0") << int(EndpointAuthentication::None) << QString()
                                  << settingsfield::endpointHost();
    QTest::newRow("lan, bearer without token") << QStringLiteral("192.168.1.20") << int(EndpointAuthentication::BearerToken)
                                               << QString() << settingsfield::endpointHost();
    QTest::newRow("any, bearer") << QStringLiteral("0.0.0.0") << int(EndpointAuthentication::BearerToken)
                                 << QStringLiteral("s3cret-token") << QString();
    QTest::newRow("any, hmac") << QStringLiteral("::") << int(EndpointAuthentication::HmacSecret)
                               << QStringLiteral("relay-secret") << QString();
}

void TestConsoleSettings::exposedEndpointNeedsAuthentication()
{
    QFETCH(QString, host);
    QFETCH(int, authentication);
    QFETCH(QString, token);
    QFETCH(QString, errorField);
    ConsoleSettings s;
    s.endpointHost = host;
    s.authentication = EndpointAuthentication(authentication);
    ConsoleSecrets secrets;
    secrets.bearerToken = token;
    secrets.hmacSecret = token;
    const ValidationIssues issues = s.validate(secrets);
    const ValidationIssue *hostIssue = issueAt(issues, settingsfield::endpointHost());
    if (errorField.isEmpty()) {
        QVERIFY2(!hostIssue, hostIssue ? qPrintable(hostIssue->message()) : "");
        return;
    }
    QVERIFY(hostIssue);
    QVERIFY2(hostIssue->rule.contains(QStringLiteral("listening on %1 exposes the endpoint").arg(host)), qPrintable(hostIssue->rule));
    QVERIFY2(hostIssue->rule.contains(QLatin1String("bearer token or an HMAC secret")), qPrintable(hostIssue->rule));
}

void TestConsoleSettings::fieldRules_data()
{
    QTest::addColumn<ConsoleSettings>("settings");
    QTest::addColumn<ConsoleSecrets>("secrets");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("expected");
    const auto with = [](auto change) {
        ConsoleSettings s;
        change(s);
        return s;
    };
    QTest::newRow("host not an address") << with([](ConsoleSettings &s) { s.endpointHost = QStringLiteral("localhost"); })
                                         << ConsoleSecrets() << settingsfield::endpointHost() << QStringLiteral("expected an IP address");
    QTest::newRow("bearer without token") << with([](ConsoleSettings &s) { s.authentication = EndpointAuthentication::BearerToken; })
                                          << ConsoleSecrets() << settingsfield::bearerToken() << QStringLiteral("enter the token");
    QTest::newRow("certificate without key") << with([](ConsoleSettings &s) { s.tlsCertificateFile = QStringLiteral(CALLCONSOLE_TEST_DATA "/events/ringing.json"); })
                                             << ConsoleSecrets() << settingsfield::tlsKeyFile() << QStringLiteral("needs both");
    QTest::newRow("missing certificate") << with([](ConsoleSettings &s) {
        s.tlsCertificateFile = QStringLiteral("/no/such/cert.pem");
        s.tlsKeyFile = QStringLiteral(CALLCONSOLE_TEST_DATA "/events/ringing.json");
    }) << ConsoleSecrets() << settingsfield::tlsCertificateFile() << QStringLiteral("no such file");
    QTest::newRow("forward not http") << with([](ConsoleSettings &s) { s.forwardUrl = QStringLiteral("ftp://handler"); })
                                      << ConsoleSecrets() << settingsfield::forwardUrl() << QStringLiteral("http(s) URL");
    QTest::newRow("missing handler file") << with([](ConsoleSettings &s) { s.handlerFile = QStringLiteral("/no/app.js"); })
                                          << ConsoleSecrets() << settingsfield::handlerFile() << QStringLiteral("no such file");
    QTest::newRow("handler beside forward") << with([](ConsoleSettings &s) {
        s.handlerFile = QStringLiteral(CALLCONSOLE_SOURCE_DIR "/resources/examples/menu.py");
        s.forwardUrl = QStringLiteral("http://127.0.0.1:3000/");
    }) << ConsoleSecrets() << settingsfield::handlerFile() << QStringLiteral("clear one of them");
    QTest::newRow("missing rules file") << with([](ConsoleSettings &s) { s.rulesFile = QStringLiteral("/no/rules.json"); })
                                        << ConsoleSecrets() << settingsfield::rulesFile() << QStringLiteral("no such file");
    QTest::newRow("region") << with([](ConsoleSettings &s) { s.awsRegion = QStringLiteral("US East"); })
                            << ConsoleSecrets() << settingsfield::awsRegion() << QStringLiteral("such as us-east-1");
    QTest::newRow("aws endpoint url") << with([](ConsoleSettings &s) { s.awsEndpointUrl = QStringLiteral("127.0.0.1:8081"); })
                                      << ConsoleSecrets() << settingsfield::awsEndpointUrl() << QStringLiteral("http(s)://HOST");
    QTest::newRow("typed keys without secret") << with([](ConsoleSettings &s) { s.awsCredentialSource = AwsCredentialSource::TypedKeys; })
                                               << [] { ConsoleSecrets k; k.awsAccessKeyId = QStringLiteral("AKIDEXAMPLE"); return k; }()
                                               << settingsfield::awsSecretAccessKey() << QStringLiteral("secret access key");
    QTest::newRow("callee digits") << with([](ConsoleSettings &s) { s.callees[0].digits = QStringLiteral("12a"); })
                                   << ConsoleSecrets() << settingsfield::callee(0, QStringLiteral("digits")) << QStringLiteral("0-9, * and #");
    QTest::newRow("callee number") << with([](ConsoleSettings &s) { s.callees[1].to = QStringLiteral("  "); })
                                   << ConsoleSecrets() << settingsfield::callee(1, QStringLiteral("to")) << QStringLiteral("enter a number");
    QTest::newRow("callee ring time") << with([](ConsoleSettings &s) { s.callees[2].ringMs = -5; })
                                      << ConsoleSecrets() << settingsfield::callee(2, QStringLiteral("ringMs")) << QStringLiteral("milliseconds");
}

void TestConsoleSettings::fieldRules()
{
    QFETCH(ConsoleSettings, settings);
    QFETCH(ConsoleSecrets, secrets);
    QFETCH(QString, field);
    QFETCH(QString, expected);
    const ValidationIssues issues = settings.validate(secrets);
    const ValidationIssue *issue = issueAt(issues, field);
    QVERIFY2(issue, qPrintable(messages(issues).join(QLatin1Char('\n'))));
    QVERIFY2(issue->isError(), qPrintable(issue->message()));
    QVERIFY2(issue->rule.contains(expected), qPrintable(issue->message()));
}

void TestConsoleSettings::defaultCalleesAreTheSimulatorsDefaults()
{
    const Parsed<SimulatorConfig> fromSettings = ConsoleSettings().simulatorConfig();
    QVERIFY2(fromSettings.ok(), qPrintable(messages(fromSettings.issues).join(QLatin1Char('\n'))));
    const SimulatorConfig builtIn = SimulatorConfig::defaults();
    QCOMPARE(fromSettings.value->callees.size(), builtIn.callees.size());
    for (const char *number : {"+12065550123", "+12065550129", "+12065550186", "+12065550148", "+12065550160", "+14155550199"}) {
        const CalleeBehaviour ours = fromSettings.value->calleeFor(QLatin1String(number));
        const CalleeBehaviour theirs = builtIn.calleeFor(QLatin1String(number));
        QCOMPARE(ours.outcome, theirs.outcome);
        QCOMPARE(ours.ringMs, theirs.ringMs);
        QCOMPARE(ours.answerAfterMs, theirs.answerAfterMs);
        QCOMPARE(ours.hangupAfterMs, theirs.hangupAfterMs);
        QCOMPARE(ours.digits.size(), theirs.digits.size());
        for (int i = 0; i < ours.digits.size(); ++i) {
            QCOMPARE(ours.digits.at(i).digits, theirs.digits.at(i).digits);
            QCOMPARE(ours.digits.at(i).atMs, theirs.digits.at(i).atMs);
        }
    }
}

void TestConsoleSettings::calleesShapeTheSimulator()
{
    ConsoleSettings s;
    CalleeSetting busy;
    busy.to = QStringLiteral("+1415555*");
    busy.outcome = CalleeBehaviour::Outcome::Busy;
    busy.ringMs = 50;
    s.callees.prepend(busy);
    const Parsed<SimulatorConfig> config = s.simulatorConfig(3.0);
    QVERIFY(config.ok());
    QCOMPARE(config.value->speed, 3.0);
    QCOMPARE(config.value->calleeFor(QStringLiteral("+14155550199")).outcome, CalleeBehaviour::Outcome::Busy);
    QCOMPARE(config.value->calleeFor(QStringLiteral("+14155550199")).ringMs, 50);
    QCOMPARE(config.value->calleeFor(QStringLiteral("+12065550186")).outcome, CalleeBehaviour::Outcome::Busy);
    QCOMPARE(config.value->calleeFor(QStringLiteral("+13125550100")).outcome, CalleeBehaviour::Outcome::Answer);
}

void TestConsoleSettings::endpointConfigCarriesOnlyTheChosenSecret()
{
    ConsoleSettings s;
    s.endpointHost = QStringLiteral("0.0.0.0");
    s.endpointPort = 9000;
    s.authentication = EndpointAuthentication::HmacSecret;
    ConsoleSecrets secrets;
    secrets.bearerToken = QStringLiteral("not-this-one");
    secrets.hmacSecret = QStringLiteral("relay-secret");
    const EndpointConfig config = s.endpointConfig(secrets, ReplyRules());
    QCOMPARE(config.host, QHostAddress(QHostAddress::AnyIPv4));
    QCOMPARE(config.port, quint16(9000));
    QCOMPARE(config.hmacSecret, QByteArray("relay-secret"));
    QVERIFY(config.bearerToken.isEmpty());
    QVERIFY(config.sessionPath.isEmpty()); // the session file is chosen by the window
}

void TestConsoleSettings::endpointConfigRunsTheHandlerFile()
{
    ConsoleSettings s;
    QVERIFY(!s.endpointConfig({}, ReplyRules()).handler);
    s.handlerFile = QStringLiteral(CALLCONSOLE_SOURCE_DIR "/resources/examples/menu.py");
    QVERIFY(s.validate({}).isEmpty());
    const EndpointConfig config = s.endpointConfig({}, ReplyRules());
    QVERIFY(config.handler);
    QCOMPARE(config.handler->spec.exportName, QStringLiteral("lambda_handler"));
    QCOMPARE(config.handler->spec.runtime, HandlerRuntimeKind::Python);
    QVERIFY(config.rules.handlerForAll());
}

void TestConsoleSettings::replyRulesAddTheConsoleHangUp()
{
    ConsoleSettings s;
    s.forwardUrl = QStringLiteral("http://127.0.0.1:3000/");
    const QByteArray file = R"({"rules":[{"name":"quiet","event":"CALL_UPDATE_REQUESTED",
        "reply":{"SchemaVersion":"1.0","Actions":[]}}]})";
    const Parsed<ReplyRules> rules = s.replyRules(file);
    QVERIFY2(rules.ok(), qPrintable(messages(rules.issues).join(QLatin1Char('\n'))));
    QCOMPARE(rules.value->globalForward(), QUrl(QStringLiteral("http://127.0.0.1:3000/")));

    // The console's hang-up request (UpdateSipMediaApplicationCall with its argument) is
    // answered with Hangup on the call's own CallId, ahead of the user's rule.
    QJsonObject event = QJsonDocument::fromJson(eventFile(QStringLiteral("call-update-requested.json"))).object();
    QJsonObject actionData = event.value(QStringLiteral("ActionData")).toObject();
    actionData.insert(QStringLiteral("Parameters"),
                      QJsonObject{{QStringLiteral("Arguments"), QJsonObject{{hangUpArgumentName(), hangUpArgumentValue()}}}});
    event.insert(QStringLiteral("ActionData"), actionData);
    const Parsed<InvocationEvent> hangUp = InvocationEvent::fromJson(event);
    QVERIFY(hangUp.value);
    const ReplyDecision decision = rules.value->decide(*hangUp.value, event);
    QCOMPARE(decision.source, QStringLiteral("rule:console hang-up"));
    const QJsonObject action = QJsonDocument::fromJson(decision.reply).object().value(QStringLiteral("Actions")).toArray().first().toObject();
    QCOMPARE(action.value(QStringLiteral("Type")).toString(), QStringLiteral("Hangup"));
    QCOMPARE(action.value(QStringLiteral("Parameters")).toObject().value(QStringLiteral("CallId")).toString(),
             QStringLiteral("9ff01357-23c5-4611-9dd3-f05f9d654faa"));

    // Any other update still meets the user's rule.
    const Parsed<InvocationEvent> other = InvocationEvent::parse(eventFile(QStringLiteral("call-update-requested.json")));
    QCOMPARE(rules.value->decide(*other.value).source, QStringLiteral("rule:quiet"));
    // No file: the built-in replies, plus the hang-up rule.
    QVERIFY(s.replyRules({}).ok());
}

void TestConsoleSettings::replyRulesReportTheFilesOwnIssues()
{
    const Parsed<ReplyRules> rules = ConsoleSettings().replyRules(R"({"rules":[{"event":"RINGING"},{"event":"NOT_A_TYPE"}]})");
    QVERIFY(!rules.ok());
    QCOMPARE(rules.issues.first().path, QStringLiteral("rules[1].event")); // the user's numbering, not shifted
}

void TestConsoleSettings::whatApplyingRestarts_data()
{
    QTest::addColumn<ConsoleSettings>("after");
    QTest::addColumn<ConsoleSecrets>("secretsAfter");
    QTest::addColumn<bool>("endpoint");
    QTest::addColumn<bool>("simulator");
    QTest::addColumn<bool>("aws");
    QTest::addColumn<bool>("theme");
    const auto with = [](auto change) {
        ConsoleSettings s;
        change(s);
        return s;
    };
    const ConsoleSecrets none;
    ConsoleSecrets token;
    token.bearerToken = QStringLiteral("t");
    ConsoleSecrets keys;
    keys.awsSecretAccessKey = QStringLiteral("k");
    QTest::newRow("nothing") << ConsoleSettings() << none << false << false << false << false;
    QTest::newRow("theme") << with([](ConsoleSettings &s) { s.theme = ThemeMode::Dark; }) << none << false << false << false << true;
    QTest::newRow("port") << with([](ConsoleSettings &s) { s.endpointPort = 8080; }) << none << true << false << false << false;
    QTest::newRow("forward") << with([](ConsoleSettings &s) { s.forwardUrl = QStringLiteral("http://h/"); }) << none << true << false << false << false;
    QTest::newRow("rules file") << with([](ConsoleSettings &s) { s.rulesFile = QStringLiteral("/r.json"); }) << none << true << false << false << false;
    QTest::newRow("token unused") << ConsoleSettings() << token << false << false << false << false;
    QTest::newRow("token used") << with([](ConsoleSettings &s) { s.authentication = EndpointAuthentication::BearerToken; })
                                << token << true << false << false << false;
    QTest::newRow("callee") << with([](ConsoleSettings &s) { s.callees[0].ringMs = 10; }) << none << false << true << false << false;
    QTest::newRow("region") << with([](ConsoleSettings &s) { s.awsRegion = QStringLiteral("eu-west-1"); }) << none << false << false << true << false;
    QTest::newRow("typed key unused") << ConsoleSettings() << keys << false << false << false << false;
    QTest::newRow("typed key used") << with([](ConsoleSettings &s) { s.awsCredentialSource = AwsCredentialSource::TypedKeys; })
                                    << keys << false << false << true << false;
}

void TestConsoleSettings::whatApplyingRestarts()
{
    QFETCH(ConsoleSettings, after);
    QFETCH(ConsoleSecrets, secretsAfter);
    QFETCH(bool, endpoint);
    QFETCH(bool, simulator);
    QFETCH(bool, aws);
    QFETCH(bool, theme);
    const SettingsChange change = settingsChange(ConsoleSettings(), ConsoleSecrets(), after, secretsAfter);
    QCOMPARE(change.endpoint, endpoint);
    QCOMPARE(change.simulator, simulator);
    QCOMPARE(change.awsBackend, aws);
    QCOMPARE(change.theme, theme);
}

QTEST_GUILESS_MAIN(TestConsoleSettings)
#include "tst_consolesettings.moc"

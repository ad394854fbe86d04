// Every operation the simulator serves, and one it does not, called by the three clients users
// run against it: boto3, the AWS CLI (its own driver, in one process) and the AWS SDK for
// JavaScript v3. One process per client runs the whole list (tests/sdk/operations_*), so each
// client's request shapes, error parsing and paging meet the real simulator over loopback.
#include "ScriptedHandler.h"
#include "SimulatorServer.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

using namespace callconsole;

namespace {

const QString sdkDirectory = QStringLiteral(CALLCONSOLE_SOURCE_DIR "/tests/sdk");

// The account every script expects: the built-in SMA and numbers, a dial-in number no SIP rule
// uses yet, and a number on a Voice Connector the config does not otherwise describe.
SimulatorConfig account(const QUrl &events)
{
    const QJsonObject root{
        {QStringLiteral("phoneNumbers"),
         QJsonArray{QStringLiteral("+12065550100"), QStringLiteral("+12065550101"),
                    QJsonObject{{QStringLiteral("e164PhoneNumber"), QStringLiteral("+12065550177")},
                                {QStringLiteral("associations"), QJsonArray{}}},
                    QJsonObject{{QStringLiteral("e164PhoneNumber"), QStringLiteral("+12065550178")},
                                {QStringLiteral("productType"), QStringLiteral("VoiceConnector")},
                                {QStringLiteral("associations"),
                                 QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("VoiceConnectorId")},
                                                        {QStringLiteral("value"), QStringLiteral("abcdefghijklmnopqrstu")}}}}}}}};
    Parsed<SimulatorConfig> parsed = SimulatorConfig::fromJson(QJsonDocument(root).toJson());
    if (!parsed.ok())
        qFatal("%s", qPrintable(messages(parsed.issues).join(QLatin1Char('\n'))));
    parsed.value->applications.first().endpointUrl = events;
    return *parsed.value;
}

const QStringList expectedLines{
    QStringLiteral("ListSipMediaApplications: 1f2e3d4c-5b6a-4789-8abc-def012345678"),
    QStringLiteral("CreateSipMediaApplication: ivr-v1"),
    QStringLiteral("GetSipMediaApplication: ivr-v1"),
    QStringLiteral("UpdateSipMediaApplication: ivr-v2"),
    QStringLiteral("PutSipMediaApplicationLoggingConfiguration: true"),
    QStringLiteral("GetSipMediaApplicationLoggingConfiguration: true"),
    QStringLiteral("CreateSipRule: +12065550177"),
    QStringLiteral("GetSipRule: ivr line"),
    QStringLiteral("ListSipRules: 1"),
    QStringLiteral("UpdateSipRule: true"),
    QStringLiteral("GetPhoneNumber: SipRuleId"),
    QStringLiteral("ListPhoneNumbers: 4"),
    QStringLiteral("ListVoiceConnectors: abcdefghijklmnopqrstu"),
    QStringLiteral("GetVoiceConnector: abcdefghijklmnopqrstu.voiceconnector.chime.aws"),
    QStringLiteral("CreateSipMediaApplicationCall: 36"),
    QStringLiteral("UpdateSipMediaApplicationCall: NotFoundException"),
    QStringLiteral("DeleteSipRule: NotFoundException"),
    QStringLiteral("DeleteSipMediaApplication: NotFoundException"),
    QStringLiteral("CreateVoiceConnector: UnknownOperationException CreateVoiceConnector"),
};

} // namespace

class TestSdkOperations : public QObject
{
    Q_OBJECT

private:
    // Runs one client's script against a fresh simulator, keeping its event loop turning.
    void runScript(const QString &program, const QString &script)
    {
        ScriptedHandler handler;
        SimulatorConfig config = account(handler.url());
        config.speed = 20;
        SimulatorServer simulator(config);
        QString error;
        QVERIFY2(simulator.listen(&error), qPrintable(error));
        QProcess process;
        process.setWorkingDirectory(sdkDirectory);
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("AWS_CONFIG_FILE"), QStringLiteral("/dev/null"));
        environment.insert(QStringLiteral("AWS_SHARED_CREDENTIALS_FILE"), QStringLiteral("/dev/null"));
        process.setProcessEnvironment(environment);
        process.start(program, {sdkDirectory + QLatin1Char('/') + script, simulator.url().toString()});
        QVERIFY2(process.waitForStarted(30000), qPrintable(process.errorString()));
        QElapsedTimer clock;
        clock.start();
        while (process.state() != QProcess::NotRunning && clock.elapsed() < 200000)
            QTest::qWait(20);
        const QString output = QString::fromUtf8(process.readAllStandardOutput());
        const QString errors = QString::fromUtf8(process.readAllStandardError());
        QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0, qPrintable(output + errors));
        QCOMPARE(output.split(QLatin1Char('\n'), Qt::SkipEmptyParts), expectedLines);
    }

private slots:
    void boto3()
    {
        if (QProcess::execute(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), QStringLiteral("import boto3")}) != 0)
            QSKIP("boto3 is not installed for /usr/bin/python3 (Debian: python3-boto3; scripts/install-deps.sh)");
        runScript(QStringLiteral("/usr/bin/python3"), QStringLiteral("operations_boto3.py"));
    }

    void awsCli()
    {
        if (QProcess::execute(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), QStringLiteral("import awscli.clidriver")}) != 0)
            QSKIP("the AWS CLI is not installed for /usr/bin/python3 (Debian: awscli; scripts/install-deps.sh)");
        runScript(QStringLiteral("/usr/bin/python3"), QStringLiteral("operations_awscli.py"));
    }

    void sdkForJavaScript()
    {
        const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
        if (node.isEmpty() || !QDir(sdkDirectory + QStringLiteral("/node_modules/@aws-sdk/client-chime-sdk-voice")).exists())
            QSKIP("node or @aws-sdk/client-chime-sdk-voice is missing (scripts/install-deps.sh runs npm ci in tests/sdk)");
        runScript(node, QStringLiteral("operations_sdk_js.mjs"));
    }
};

QTEST_GUILESS_MAIN(TestSdkOperations)
#include "tst_sdkoperations.moc"

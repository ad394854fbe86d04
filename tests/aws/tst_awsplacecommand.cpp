// callconsole place / update as a real process, against a signature-verifying loopback server
// and against `callconsole simulate`; the endpoint the AWS CLI conventions configure, said on
// the first line; a role's MFA code typed on a real pseudo-terminal; --json.
#include "FakeChimeServer.h"
#include "FakeIdentityServer.h"

#include <QDir>
#include <QDirIterator>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace callconsole::aws;

namespace {

const QString kSecret = QStringLiteral("Zm9vYmFyU2VjcmV0S2V5VGhhdE11c3ROb3RMZWFr");
const QString kToken = QStringLiteral("U2Vzc2lvblRva2VuVGhhdE11c3ROb3RMZWFr");
const Credentials kCredentials(QStringLiteral("AKIDPLACETEST"), kSecret, kToken);
const QString kSma = QStringLiteral("1f2e3d4c-5b6a-4789-8abc-def012345678");

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

} // namespace

class TestAwsPlaceCommand : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void placeSignsWithEnvironmentCredentials();
    void apiErrorExitsOneWithRequestId();
    void invalidRequestExitsTwoAndSendsNothing();
    void updateSendsArguments();
    void remoteEndpointWithoutCredentialsIsRefused();
    void placeAndUpdateAgainstSimulate();
    void endpointFromEnvironmentIsUsedAndNamedFirst();
    void servicesSectionOfTheProfile();
    void unusableConfiguredEndpointSendsNothing();
    void roleWithMfaAsksOnTheTerminal();
    void roleWithMfaWithoutTerminalFailsClearly();
    void jsonShapes();

private:
    Run run(const QStringList &arguments, bool withCredentials);
    Run run(const QString &program, const QStringList &arguments, const QProcessEnvironment &env);
    QStringList callArguments(const QString &command = QStringLiteral("place")) const;
    void writeRoleProfile();
    QProcessEnvironment environment(bool withCredentials) const;
    void verifyNoSecretInHome();

    std::unique_ptr<QTemporaryDir> m_home;
};

void TestAwsPlaceCommand::init()
{
    m_home = std::make_unique<QTemporaryDir>();
    QVERIFY(m_home->isValid());
}

QProcessEnvironment TestAwsPlaceCommand::environment(bool withCredentials) const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // Nothing of the machine's own AWS configuration may steer these runs.
    for (const QString &name : env.keys()) {
        if (name.startsWith(QLatin1String("AWS_")))
            env.remove(name);
    }
    // Settings, logs and caches the app writes land under this HOME, where they are grepped.
    env.insert(QStringLiteral("HOME"), m_home->path());
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home->filePath(QStringLiteral(".config")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_home->filePath(QStringLiteral(".local/share")));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), m_home->filePath(QStringLiteral(".cache")));
    if (withCredentials) {
        env.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), kCredentials.accessKeyId());
        env.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"), kSecret);
        env.insert(QStringLiteral("AWS_SESSION_TOKEN"), kToken);
        env.insert(QStringLiteral("AWS_REGION"), QStringLiteral("us-east-1"));
    }
    return env;
}

Run TestAwsPlaceCommand::run(const QStringList &arguments, bool withCredentials)
{
    return run(QStringLiteral(CALLCONSOLE_BINARY), arguments, environment(withCredentials));
}

Run TestAwsPlaceCommand::run(const QString &program, const QStringList &arguments, const QProcessEnvironment &env)
{
    QProcess process;
    process.setProcessEnvironment(env);
    process.setWorkingDirectory(m_home->path());
    process.start(program, arguments);
    Run result;
    if (!process.waitForStarted(30000))
        return result;
    // The event loop must run: the fake server lives in this process.
    if (!QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, 90000)) {
        process.kill();
        process.waitForFinished();
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

void TestAwsPlaceCommand::verifyNoSecretInHome()
{
    QDirIterator it(m_home->path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray content = file.readAll();
        QVERIFY2(!content.contains(kSecret.toUtf8()), qPrintable(path));
        QVERIFY2(!content.contains(kToken.toUtf8()), qPrintable(path));
    }
}

void TestAwsPlaceCommand::placeSignsWithEnvironmentCredentials()
{
    FakeChimeServer server(kCredentials);
    QVERIFY(server.listen());
    server.script({{201, {}, R"({"SipMediaApplicationCall":{"TransactionId":"0d6c1c5e-1111-4222-8333-444455556666"}})"}});
    const Run result = run({QStringLiteral("place"), QStringLiteral("--endpoint-url"), server.url().toString(),
                            QStringLiteral("--sma-id"), kSma, QStringLiteral("--from"), QStringLiteral("+12065550100"),
                            QStringLiteral("--to"), QStringLiteral("+12065550123"), QStringLiteral("--arg"),
                            QStringLiteral("campaign=spring"), QStringLiteral("--header"), QStringLiteral("X-Ticket=42")},
                           true);
    QVERIFY2(result.exitCode == 0, qPrintable(result.err));
    QVERIFY2(result.out.contains(QStringLiteral("TransactionId: 0d6c1c5e-1111-4222-8333-444455556666")), qPrintable(result.out));
    QCOMPARE(server.received().size(), 1);
    const ReceivedRequest &request = server.received().first();
    QVERIFY(request.signatureValid);
    QCOMPARE(request.header("X-Amz-Security-Token"), kToken.toUtf8());
    const QJsonObject body = QJsonDocument::fromJson(request.body).object();
    QCOMPARE(body.value(QStringLiteral("ArgumentsMap")).toObject().value(QStringLiteral("campaign")).toString(),
             QStringLiteral("spring"));
    QCOMPARE(body.value(QStringLiteral("SipHeaders")).toObject().value(QStringLiteral("X-Ticket")).toString(),
             QStringLiteral("42"));
    QVERIFY(!result.out.contains(kSecret) && !result.err.contains(kSecret));
    QVERIFY(!result.out.contains(kToken) && !result.err.contains(kToken));
    verifyNoSecretInHome();
}

void TestAwsPlaceCommand::apiErrorExitsOneWithRequestId()
{
    FakeChimeServer server(kCredentials);
    QVERIFY(server.listen());
    server.script({{400, "BadRequestException", R"({"Code":"BadRequestException","Message":"Invalid ToPhoneNumber"})"}});
    const Run result = run({QStringLiteral("place"), QStringLiteral("--endpoint-url"), server.url().toString(),
                            QStringLiteral("--sma-id"), kSma, QStringLiteral("--from"), QStringLiteral("+12065550100"),
                            QStringLiteral("--to"), QStringLiteral("+12065550123")},
                           true);
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.err.contains(QStringLiteral("BadRequestException: Invalid ToPhoneNumber (request id req-1)")),
             qPrintable(result.err));
}

void TestAwsPlaceCommand::invalidRequestExitsTwoAndSendsNothing()
{
    FakeChimeServer server(kCredentials);
    QVERIFY(server.listen());
    const Run result = run({QStringLiteral("place"), QStringLiteral("--endpoint-url"), server.url().toString(),
                            QStringLiteral("--sma-id"), kSma, QStringLiteral("--from"), QStringLiteral("+12065550100")},
                           true);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains(QStringLiteral("ToPhoneNumber")), qPrintable(result.err));
    QVERIFY(server.received().isEmpty());
}

void TestAwsPlaceCommand::updateSendsArguments()
{
    FakeChimeServer server(kCredentials);
    QVERIFY(server.listen());
    server.script({{202, {}, R"({"SipMediaApplicationCall":{"TransactionId":"t"}})"}});
    const Run result = run({QStringLiteral("update"), QStringLiteral("--endpoint-url"), server.url().toString(),
                            QStringLiteral("--sma-id"), kSma, QStringLiteral("--transaction-id"),
                            QStringLiteral("0d6c1c5e-1111-4222-8333-444455556666"), QStringLiteral("--arg"),
                            QStringLiteral("action=hangup")},
                           true);
    QVERIFY2(result.exitCode == 0, qPrintable(result.err));
    QCOMPARE(server.received().size(), 1);
    QVERIFY(server.received().first().signatureValid);
    QCOMPARE(server.received().first().target,
             QByteArray("/sip-media-applications/") + kSma.toUtf8() + "/calls/0d6c1c5e-1111-4222-8333-444455556666");
    verifyNoSecretInHome();
}

void TestAwsPlaceCommand::remoteEndpointWithoutCredentialsIsRefused()
{
    const Run result = run({QStringLiteral("place"), QStringLiteral("--endpoint-url"),
                            QStringLiteral("https://example.invalid"), QStringLiteral("--region"), QStringLiteral("us-east-1"),
                            QStringLiteral("--sma-id"), kSma, QStringLiteral("--from"), QStringLiteral("+12065550100"),
                            QStringLiteral("--to"), QStringLiteral("+12065550123")},
                           false);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains(QStringLiteral("no AWS credentials found")), qPrintable(result.err));
    QVERIFY2(result.err.contains(QStringLiteral(".aws/credentials")), qPrintable(result.err));
}

void TestAwsPlaceCommand::placeAndUpdateAgainstSimulate()
{
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const QString port = QString::number(probe.serverPort());
    probe.close();
    QProcess simulate;
    simulate.setProcessEnvironment(environment(false));
    simulate.start(QStringLiteral(CALLCONSOLE_BINARY), {QStringLiteral("simulate"), QStringLiteral("--port"), port});
    QVERIFY(simulate.waitForStarted(30000));
    // Ready once its port accepts connections (its stdout is block-buffered on a pipe).
    const auto accepting = [&] {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port.toUShort());
        return socket.waitForConnected(1000);
    };
    QTRY_VERIFY_WITH_TIMEOUT(accepting() || simulate.state() == QProcess::NotRunning, 60000);
    QCOMPARE(simulate.state(), QProcess::Running);
    const QString url = QStringLiteral("http://127.0.0.1:") + port;

    const Run placed = run({QStringLiteral("place"), QStringLiteral("--endpoint-url"), url, QStringLiteral("--sma-id"),
                            kSma, QStringLiteral("--from"), QStringLiteral("+12065550100"), QStringLiteral("--to"),
                            QStringLiteral("+12065550123")},
                           false);
    QVERIFY2(placed.exitCode == 0, qPrintable(placed.err));
    QVERIFY2(placed.err.contains(QStringLiteral("placeholder credentials")), qPrintable(placed.err));
    const QRegularExpressionMatch match =
        QRegularExpression(QStringLiteral("TransactionId: ([0-9a-f-]{36})")).match(placed.out);
    QVERIFY2(match.hasMatch(), qPrintable(placed.out));

    const Run updated = run({QStringLiteral("update"), QStringLiteral("--endpoint-url"), url, QStringLiteral("--sma-id"),
                             kSma, QStringLiteral("--transaction-id"), match.captured(1), QStringLiteral("--arg"),
                             QStringLiteral("k=v")},
                            false);
    QVERIFY2(updated.exitCode == 0, qPrintable(updated.err));

    const Run missing = run({QStringLiteral("place"), QStringLiteral("--endpoint-url"), url, QStringLiteral("--sma-id"),
                             QStringLiteral("00000000-0000-4000-8000-000000000000"), QStringLiteral("--from"),
                             QStringLiteral("+12065550100"), QStringLiteral("--to"), QStringLiteral("+12065550123")},
                            false);
    QCOMPARE(missing.exitCode, 1);
    QVERIFY2(missing.err.contains(QStringLiteral("NotFoundException")), qPrintable(missing.err));

    simulate.terminate();
    if (!simulate.waitForFinished(30000))
        simulate.kill();
}

QStringList TestAwsPlaceCommand::callArguments(const QString &command) const
{
    if (command == QLatin1String("update"))
        return {QStringLiteral("update"), QStringLiteral("--backend"), QStringLiteral("aws"), QStringLiteral("--sma-id"), kSma,
                QStringLiteral("--transaction-id"), QStringLiteral("0d6c1c5e-1111-4222-8333-444455556666"),
                QStringLiteral("--arg"), QStringLiteral("k=v")};
    return {QStringLiteral("place"), QStringLiteral("--backend"), QStringLiteral("aws"), QStringLiteral("--sma-id"), kSma,
            QStringLiteral("--from"), QStringLiteral("+12065550100"), QStringLiteral("--to"), QStringLiteral("+12065550123")};
}

void TestAwsPlaceCommand::endpointFromEnvironmentIsUsedAndNamedFirst()
{
    FakeChimeServer server(kCredentials);
    QVERIFY(server.listen());
    server.script({{201, {}, R"({"SipMediaApplicationCall":{"TransactionId":"0d6c1c5e-1111-4222-8333-444455556666"}})"}});
    QProcessEnvironment env = environment(true);
    env.insert(QStringLiteral("AWS_ENDPOINT_URL_CHIME_SDK_VOICE"), server.url().toString());
    env.insert(QStringLiteral("AWS_ENDPOINT_URL"), QStringLiteral("http://127.0.0.1:1")); // outranked
    const Run result = run(QStringLiteral(CALLCONSOLE_BINARY), callArguments(), env);
    QVERIFY2(result.exitCode == 0, qPrintable(result.err));
    QCOMPARE(result.out.section(QLatin1Char('\n'), 0, 0),
             QStringLiteral("Endpoint: %1 (from AWS_ENDPOINT_URL_CHIME_SDK_VOICE)").arg(server.url().toString()));
    QVERIFY2(result.out.contains(QStringLiteral("AWS default@us-east-1 via %1 (from AWS_ENDPOINT_URL_CHIME_SDK_VOICE)")
                                     .arg(server.url().toString())),
             qPrintable(result.out));
    QCOMPARE(server.received().size(), 1);
    QVERIFY(server.received().first().signatureValid);
    const QByteArray agent = server.received().first().header("User-Agent");
    QVERIFY2(agent.startsWith("callconsole/" CALLCONSOLE_VERSION " Qt/"), agent.constData());
}

void TestAwsPlaceCommand::servicesSectionOfTheProfile()
{
    FakeChimeServer server(kCredentials, QStringLiteral("eu-west-1"));
    QVERIFY(server.listen());
    server.script({{201, {}, R"({"SipMediaApplicationCall":{"TransactionId":"0d6c1c5e-1111-4222-8333-444455556666"}})"}});
    QDir().mkpath(m_home->filePath(QStringLiteral(".aws")));
    QFile config(m_home->filePath(QStringLiteral(".aws/config")));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write("[profile sim]\nregion = eu-west-1\nservices = local-sim\n"
                 "[services local-sim]\nchime_sdk_voice =\n  endpoint_url = " + server.url().toString().toUtf8() + "\n");
    config.close();
    QFile credentials(m_home->filePath(QStringLiteral(".aws/credentials")));
    QVERIFY(credentials.open(QIODevice::WriteOnly));
    credentials.write("[sim]\naws_access_key_id = " + kCredentials.accessKeyId().toUtf8() + "\naws_secret_access_key = "
                      + kSecret.toUtf8() + "\naws_session_token = " + kToken.toUtf8() + "\n");
    credentials.close();
    const Run result = run(QStringLiteral(CALLCONSOLE_BINARY),
                           callArguments() << QStringLiteral("--profile") << QStringLiteral("sim") << QStringLiteral("--json"),
                           environment(false));
    QVERIFY2(result.exitCode == 0, qPrintable(result.err));
    // With --json the Endpoint line goes to stderr; stdout is the document.
    QVERIFY2(result.err.contains(QStringLiteral("Endpoint: %1 (from chime_sdk_voice in [services local-sim]").arg(server.url().toString())),
             qPrintable(result.err));
    const QJsonObject document = QJsonDocument::fromJson(result.out.toUtf8()).object();
    QCOMPARE(document.value(QStringLiteral("transactionId")).toString(), QStringLiteral("0d6c1c5e-1111-4222-8333-444455556666"));
    const QJsonObject endpoint = document.value(QStringLiteral("endpoint")).toObject();
    QCOMPARE(endpoint.value(QStringLiteral("url")).toString(), server.url().toString());
    QCOMPARE(endpoint.value(QStringLiteral("real")).toBool(true), false);
    QVERIFY(endpoint.value(QStringLiteral("source")).toString().startsWith(QStringLiteral("chime_sdk_voice in [services local-sim]")));
    QVERIFY(server.received().first().signatureValid);
}

void TestAwsPlaceCommand::unusableConfiguredEndpointSendsNothing()
{
    QProcessEnvironment env = environment(true);
    env.insert(QStringLiteral("AWS_ENDPOINT_URL"), QStringLiteral("localhost:8081")); // no scheme: not a URL the SDKs take
    const Run result = run(QStringLiteral(CALLCONSOLE_BINARY), callArguments() << QStringLiteral("--json"), env);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains(QStringLiteral("AWS_ENDPOINT_URL 'localhost:8081' — expected http(s)://")), qPrintable(result.err));
    const QJsonObject error = QJsonDocument::fromJson(result.out.toUtf8()).object().value(QStringLiteral("error")).toObject();
    QCOMPARE(error.value(QStringLiteral("type")).toString(), QStringLiteral("Configuration"));
    QVERIFY(!result.err.contains(QStringLiteral("Endpoint:")));
}

void TestAwsPlaceCommand::writeRoleProfile()
{
    QDir().mkpath(m_home->filePath(QStringLiteral(".aws")));
    QFile config(m_home->filePath(QStringLiteral(".aws/config")));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write("[profile base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = base-secret\n"
                 "[profile admin]\nrole_arn = arn:aws:iam::111122223333:role/admin\nsource_profile = base\n"
                 "mfa_serial = arn:aws:iam::111122223333:mfa/dev\nregion = us-east-1\n");
}

void TestAwsPlaceCommand::roleWithMfaAsksOnTheTerminal()
{
    const QString role = QStringLiteral("arn:aws:iam::111122223333:role/admin");
    FakeIdentityServer sts;
    sts.trust(QStringLiteral("AKIDBASE"), QStringLiteral("base-secret"));
    sts.requireMfa(role, QStringLiteral("arn:aws:iam::111122223333:mfa/dev"), QStringLiteral("246810"));
    const Credentials assumed(FakeIdentityServer::issuedKeyFor(role), QStringLiteral("secret-of-") + role);
    FakeChimeServer chime(assumed);
    QVERIFY(chime.listen());
    chime.script({{201, {}, R"({"SipMediaApplicationCall":{"TransactionId":"0d6c1c5e-1111-4222-8333-444455556666"}})"}});
    writeRoleProfile();
    QProcessEnvironment env = environment(false);
    env.insert(QStringLiteral("AWS_ENDPOINT_URL_STS"), sts.url().toString());
    env.insert(QStringLiteral("AWS_ENDPOINT_URL_CHIME_SDK_VOICE"), chime.url().toString());
    const Run result = run(QStringLiteral("/usr/bin/python3"),
                           QStringList{QStringLiteral(CALLCONSOLE_SOURCE_DIR "/tests/aws/with_terminal.py"),
                                       QStringLiteral("Enter MFA code"), QStringLiteral("246810"), QStringLiteral(CALLCONSOLE_BINARY)}
                               + callArguments() + QStringList{QStringLiteral("--profile"), QStringLiteral("admin")},
                           env);
    QVERIFY2(result.exitCode == 0, qPrintable(result.err));
    QVERIFY2(result.err.contains(QStringLiteral("[terminal] Enter MFA code for arn:aws:iam::111122223333:mfa/dev (profile admin):")),
             qPrintable(result.err));
    QVERIFY2(!result.err.contains(QStringLiteral("246810")), qPrintable(result.err)); // not echoed
    QCOMPARE(sts.requests.size(), 1);
    QCOMPARE(sts.requests.first().parameters.queryItemValue(QStringLiteral("TokenCode")), QStringLiteral("246810"));
    QCOMPARE(chime.received().size(), 1);
    QVERIFY(chime.received().first().signatureValid); // signed with the assumed role's keys
}

void TestAwsPlaceCommand::roleWithMfaWithoutTerminalFailsClearly()
{
    FakeIdentityServer sts;
    writeRoleProfile();
    QProcessEnvironment env = environment(false);
    env.insert(QStringLiteral("AWS_ENDPOINT_URL_STS"), sts.url().toString());
    env.insert(QStringLiteral("AWS_ENDPOINT_URL_CHIME_SDK_VOICE"), QStringLiteral("http://127.0.0.1:1"));
    // setsid: a new session without a controlling terminal, as under cron or CI.
    const Run result = run(QStringLiteral("/usr/bin/setsid"),
                           QStringList{QStringLiteral("--wait"), QStringLiteral(CALLCONSOLE_BINARY)} + callArguments()
                               + QStringList{QStringLiteral("--profile"), QStringLiteral("admin")},
                           env);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains(QStringLiteral("profile admin needs an MFA code for arn:aws:iam::111122223333:mfa/dev, and there "
                                                "is no terminal to ask on")),
             qPrintable(result.err));
    QVERIFY(sts.requests.isEmpty());
}

void TestAwsPlaceCommand::jsonShapes()
{
    FakeChimeServer server(kCredentials);
    QVERIFY(server.listen());
    server.script({{202, {}, R"({"SipMediaApplicationCall":{"TransactionId":"t"}})"},
                   {400, "BadRequestException", R"({"Code":"BadRequestException","Message":"Invalid ToPhoneNumber"})"}});
    QProcessEnvironment env = environment(true);
    env.insert(QStringLiteral("AWS_ENDPOINT_URL_CHIME_SDK_VOICE"), server.url().toString());

    const Run updated = run(QStringLiteral(CALLCONSOLE_BINARY), callArguments(QStringLiteral("update")) << QStringLiteral("--json"), env);
    QVERIFY2(updated.exitCode == 0, qPrintable(updated.err));
    const QJsonObject accepted = QJsonDocument::fromJson(updated.out.toUtf8()).object();
    QCOMPARE(accepted.value(QStringLiteral("httpStatus")).toInt(), 202);
    QCOMPARE(accepted.value(QStringLiteral("transactionId")).toString(), QStringLiteral("0d6c1c5e-1111-4222-8333-444455556666"));
    QCOMPARE(accepted.value(QStringLiteral("requestId")).toString(), QStringLiteral("req-1"));
    QCOMPARE(accepted.value(QStringLiteral("attempts")).toInt(), 1);
    QVERIFY(accepted.value(QStringLiteral("backend")).toString().startsWith(QStringLiteral("AWS default@us-east-1 via ")));
    QVERIFY(!accepted.contains(QStringLiteral("error")));

    const Run refused = run(QStringLiteral(CALLCONSOLE_BINARY), callArguments() << QStringLiteral("--json"), env);
    QCOMPARE(refused.exitCode, 1);
    const QJsonObject error = QJsonDocument::fromJson(refused.out.toUtf8()).object().value(QStringLiteral("error")).toObject();
    QCOMPARE(error.value(QStringLiteral("type")).toString(), QStringLiteral("BadRequestException"));
    QCOMPARE(error.value(QStringLiteral("message")).toString(), QStringLiteral("Invalid ToPhoneNumber"));
    QCOMPARE(error.value(QStringLiteral("httpStatus")).toInt(), 400);
    QCOMPARE(error.value(QStringLiteral("requestId")).toString(), QStringLiteral("req-2"));

    const Run invalid = run(QStringLiteral(CALLCONSOLE_BINARY),
                            {QStringLiteral("place"), QStringLiteral("--backend"), QStringLiteral("aws"), QStringLiteral("--to"),
                             QStringLiteral("+0123"), QStringLiteral("--json")},
                            env);
    QCOMPARE(invalid.exitCode, 2);
    const QJsonArray issues = QJsonDocument::fromJson(invalid.out.toUtf8()).object().value(QStringLiteral("issues")).toArray();
    QVERIFY(!issues.isEmpty());
    QCOMPARE(issues.first().toObject().value(QStringLiteral("severity")).toString(), QStringLiteral("error"));
    QCOMPARE(server.received().size(), 2);
}

QTEST_GUILESS_MAIN(TestAwsPlaceCommand)
#include "tst_awsplacecommand.moc"

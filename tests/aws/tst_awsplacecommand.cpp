// callconsole place / update as a real process, against a signature-verifying loopback server
// and against `callconsole simulate`.
#include "FakeChimeServer.h"

#include <QDirIterator>
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

private:
    Run run(const QStringList &arguments, bool withCredentials);
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
    for (const char *name : {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
                             "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"})
        env.remove(QLatin1String(name));
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
    QProcess process;
    process.setProcessEnvironment(environment(withCredentials));
    process.setWorkingDirectory(m_home->path());
    process.start(QStringLiteral(CALLCONSOLE_BINARY), arguments);
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

QTEST_GUILESS_MAIN(TestAwsPlaceCommand)
#include "tst_awsplacecommand.moc"

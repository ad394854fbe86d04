// BuiltInSession with real parts on loopback: every delivery recorded in the session file,
// restarts that keep the endpoint object (and fall back when a setting cannot start), the
// simulator rebuilt with new callees, and calls placed, listed and hung up through the AWS
// backend against a simulator that verifies SigV4 signatures.
#include "AwsBackendSetup.h"
#include "BuiltInSession.h"
#include "EndpointServer.h"
#include "SessionStore.h"
#include "SimulatorServer.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace callconsole;

namespace {

const QString kAccessKey = QStringLiteral("AKIDSESSIONTEST");
const QString kSecret = QStringLiteral("c2Vzc2lvbi10ZXN0LXNlY3JldC1rZXk");

CreateCallRequest callTo(const BuiltInSession &session, const QString &to, const QString &sma = {}, const QString &from = {})
{
    CreateCallRequest request;
    request.sipMediaApplicationId = sma.isEmpty() ? session.sipMediaApplicationIds().value(0) : sma;
    request.fromPhoneNumber = from.isEmpty() ? session.phoneNumbers().value(0) : from;
    request.toPhoneNumber = to;
    return request;
}

QStringList typesOf(const QList<DeliveryRecord> &deliveries, const QString &transactionId)
{
    QStringList types;
    for (const DeliveryRecord &delivery : deliveries) {
        if (delivery.transactionId == transactionId)
            types << delivery.eventType;
    }
    return types;
}

// The AWS backend the window makes from typed keys, pointed at a simulator standing in for AWS.
aws::BackendChoice typedKeysBackend(const SimulatorServer &aws, const QString &home, const QString &secret = kSecret)
{
    ConsoleSettings settings;
    settings.awsCredentialSource = AwsCredentialSource::TypedKeys;
    settings.awsRegion = QStringLiteral("us-east-1");
    settings.awsEndpointUrl = aws.url().toString();
    ConsoleSecrets secrets;
    secrets.awsAccessKeyId = kAccessKey;
    secrets.awsSecretAccessKey = secret;
    return makeAwsBackend(settings, secrets, QProcessEnvironment(), home);
}

} // namespace

class TestBuiltInSession : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void recordsEveryDeliveryInTheSessionFile();
    void endpointRestartKeepsTheObjectAndFallsBack();
    void yourHandlerAnswersTheWindowsCalls();
    void simulatorRestartAppliesNewCallees();
    void awsBackendPlacesListsAndHangsUp();
    void awsPickersHoldEveryPage();
    void awsErrorsLandOnTheForm();
    void aCallerDialsInThroughTheSimulator();

private:
    bool startSession(BuiltInSession &session, const QString &sessionPath = {}, const ConsoleSettings &settings = {});
    void collect(BuiltInSession &session);

    std::unique_ptr<QTemporaryDir> m_dir;
    QList<DeliveryRecord> m_deliveries;
};

void TestBuiltInSession::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_deliveries.clear();
}

bool TestBuiltInSession::startSession(BuiltInSession &session, const QString &sessionPath, const ConsoleSettings &settings)
{
    EndpointConfig endpoint = settings.endpointConfig({}, *settings.replyRules({}).value);
    endpoint.sessionPath = sessionPath;
    endpoint.durability = SessionStore::Durability::Process;
    QString error;
    const bool started = session.start(endpoint, *settings.simulatorConfig(4.0).value, &error);
    if (!started)
        qWarning("%s", qPrintable(error));
    collect(session);
    return started;
}

void TestBuiltInSession::collect(BuiltInSession &session)
{
    connect(&session, &BuiltInSession::deliveriesReady, this,
            [this](const QList<DeliveryRecord> &batch) { m_deliveries += batch; });
}

void TestBuiltInSession::recordsEveryDeliveryInTheSessionFile()
{
    const QString path = m_dir->filePath(QStringLiteral("run.ccsession"));
    BuiltInSession session;
    QVERIFY(startSession(session, path));
    QCOMPARE(session.sessionPath(), path);
    QSignalSpy placed(&session, &BuiltInSession::placed);
    session.place(callTo(session, QStringLiteral("+14155550199")));
    QTRY_COMPARE_WITH_TIMEOUT(placed.size(), 1, 20000);
    const QString id = placed.first().first().toString();
    QTRY_VERIFY_WITH_TIMEOUT(typesOf(m_deliveries, id).contains(QStringLiteral("HANGUP")), 30000);

    QString error;
    const QList<DeliveryRecord> stored = SessionStore::readAll(path, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(stored.size(), m_deliveries.size());
    for (int i = 0; i < stored.size(); ++i) {
        QCOMPARE(stored.at(i).id, m_deliveries.at(i).id); // the window's ids are the file's rows
        QCOMPARE(stored.at(i).requestBody, m_deliveries.at(i).requestBody);
        QCOMPARE(stored.at(i).replyBody, m_deliveries.at(i).replyBody);
    }
    QCOMPARE(typesOf(stored, id).first(), QStringLiteral("NEW_OUTBOUND_CALL"));
}

// The form's Call in mode: the simulator routes the caller to the SMA, whose events reach the
// console's endpoint; a number the simulator does not have is refused on the dialled field.
void TestBuiltInSession::aCallerDialsInThroughTheSimulator()
{
    BuiltInSession session;
    QVERIFY(startSession(session));
    QSignalSpy placed(&session, &BuiltInSession::placed);
    QSignalSpy failed(&session, &BuiltInSession::placeFailed);
    session.dialIn(QStringLiteral("+14155550123"), session.phoneNumbers().first());
    QTRY_COMPARE_WITH_TIMEOUT(placed.size(), 1, 20000);
    const QString id = placed.first().first().toString();
    QTRY_VERIFY_WITH_TIMEOUT(typesOf(m_deliveries, id).contains(QStringLiteral("HANGUP")), 30000);
    QCOMPARE(typesOf(m_deliveries, id).first(), QStringLiteral("NEW_INBOUND_CALL"));

    session.dialIn(QStringLiteral("+14155550123"), QStringLiteral("+12065550999"));
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 20000);
    const auto issue = failed.first().first().value<ValidationIssue>();
    QCOMPARE(issue.path, callrules::toPhoneNumber());
    QVERIFY2(issue.message().contains(QLatin1String("+12065550999")), qPrintable(issue.message()));
}

void TestBuiltInSession::yourHandlerAnswersTheWindowsCalls()
{
    const QString handler = m_dir->filePath(QStringLiteral("hangup.py"));
    QFile file(handler);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("def lambda_handler(event, context):\n"
               "    print('window handler saw', event['InvocationEventType'])\n"
               "    if event['InvocationEventType'] != 'CALL_ANSWERED':\n"
               "        return {'SchemaVersion': '1.0', 'Actions': []}\n"
               "    call_id = event['CallDetails']['Participants'][0]['CallId']\n"
               "    return {'SchemaVersion': '1.0', 'Actions': [{'Type': 'Hangup', 'Parameters': {'CallId': call_id}}]}\n");
    file.close();
    ConsoleSettings settings;
    settings.handlerFile = handler;
    BuiltInSession session;
    QVERIFY(startSession(session, m_dir->filePath(QStringLiteral("handler.ccsession")), settings));
    QSignalSpy placed(&session, &BuiltInSession::placed);
    session.place(callTo(session, QStringLiteral("+14155550199")));
    QTRY_COMPARE_WITH_TIMEOUT(placed.size(), 1, 20000);
    const QString id = placed.first().first().toString();
    QTRY_VERIFY_WITH_TIMEOUT(typesOf(m_deliveries, id).contains(QStringLiteral("HANGUP")), 30000);
    const auto answered = std::find_if(m_deliveries.cbegin(), m_deliveries.cend(), [&](const DeliveryRecord &d) {
        return d.transactionId == id && d.eventType == QLatin1String("CALL_ANSWERED");
    });
    QVERIFY(answered != m_deliveries.cend());
    QCOMPARE(answered->replySource, QStringLiteral("handler"));
    QVERIFY2(answered->handlerLog.contains("window handler saw CALL_ANSWERED"), answered->handlerLog.constData());
    QVERIFY(answered->replyBody.contains("Hangup"));
}

void TestBuiltInSession::endpointRestartKeepsTheObjectAndFallsBack()
{
    BuiltInSession session;
    QVERIFY(startSession(session));
    EndpointServer *endpoint = session.endpoint();
    const QUrl before = session.endpointUrl();
    QSignalSpy restarted(&session, &BuiltInSession::endpointRestarted);

    // A port someone else holds: the restart fails with the reason, and the endpoint the
    // console had keeps running.
    QTcpServer taken;
    QVERIFY(taken.listen(QHostAddress::LocalHost, 0));
    EndpointConfig busy = session.endpointConfig();
    busy.port = taken.serverPort();
    QString error;
    bool ranBetween = false;
    QVERIFY(!session.restartEndpoint(busy, &error, [&] { ranBetween = !endpoint->isRunning(); }));
    QVERIFY(ranBetween);
    QVERIFY2(error.contains(QLatin1String("cannot listen")), qPrintable(error));
    QCOMPARE(session.endpoint(), endpoint);
    QVERIFY(endpoint->isRunning());
    QCOMPARE(session.endpointUrl(), before);
    QCOMPARE(session.endpointConfig().port, quint16(0));

    // A session file of its own: the same object records there, and the simulator follows it.
    EndpointConfig recording = session.endpointConfig();
    recording.sessionPath = m_dir->filePath(QStringLiteral("after-restart.ccsession"));
    QVERIFY2(session.restartEndpoint(recording, &error), qPrintable(error));
    QCOMPARE(session.endpoint(), endpoint);
    QCOMPARE(restarted.size(), 2);
    QCOMPARE(session.endpointUrl(), before); // "any free port" keeps the one it had
    QCOMPARE(session.endpointConfig().port, quint16(0));
    QSignalSpy placed(&session, &BuiltInSession::placed);
    session.place(callTo(session, QStringLiteral("+14155550199")));
    QTRY_COMPARE_WITH_TIMEOUT(placed.size(), 1, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(!SessionStore::readAll(recording.sessionPath, nullptr).isEmpty(), 20000);
}

void TestBuiltInSession::simulatorRestartAppliesNewCallees()
{
    BuiltInSession session;
    QVERIFY(startSession(session));
    const EndpointServer *endpoint = session.endpoint();
    QSignalSpy restarted(&session, &BuiltInSession::simulatorRestarted);
    QSignalSpy endpointRestarted(&session, &BuiltInSession::endpointRestarted);
    QSignalSpy inventory(&session, &BuiltInSession::inventoryChanged);
    ConsoleSettings settings;
    CalleeSetting busy;
    busy.to = QStringLiteral("+1415*");
    busy.outcome = CalleeBehaviour::Outcome::Busy;
    settings.callees.prepend(busy);
    QString error;
    QVERIFY2(session.restartSimulator(*settings.simulatorConfig(4.0).value, &error), qPrintable(error));
    QCOMPARE(restarted.size(), 1);
    QCOMPARE(endpointRestarted.size(), 0); // the endpoint did not depend on it
    QCOMPARE(session.endpoint(), endpoint);
    QCOMPARE(inventory.size(), 1);

    QSignalSpy placed(&session, &BuiltInSession::placed);
    session.place(callTo(session, QStringLiteral("+14155550199")));
    QTRY_COMPARE_WITH_TIMEOUT(placed.size(), 1, 20000);
    const QString id = placed.first().first().toString();
    QTRY_VERIFY_WITH_TIMEOUT(typesOf(m_deliveries, id).contains(QStringLiteral("HANGUP")), 30000);
    QVERIFY2(!typesOf(m_deliveries, id).contains(QStringLiteral("CALL_ANSWERED")), qPrintable(typesOf(m_deliveries, id).join(QLatin1Char(' '))));
}

void TestBuiltInSession::awsBackendPlacesListsAndHangsUp()
{
    BuiltInSession session;
    QVERIFY(startSession(session));
    // "AWS": the simulated control plane, refusing anything not signed with these keys.
    SimulatorConfig service = SimulatorConfig::defaults();
    service.verifyAccessKeyId = kAccessKey;
    service.verifySecretAccessKey = kSecret;
    service.speed = 4.0;
    service.applications.first().id = QStringLiteral("aaaaaaaa-1111-4222-8333-444444444444");
    service.phoneNumbers = {SimulatedPhoneNumber::assigned(QStringLiteral("+13125550100"))};
    SimulatorServer aws(service);
    QUrl events = session.endpointUrl();
    events.setPath(QStringLiteral("/events"));
    aws.setDefaultEndpoint(events);
    QString error;
    QVERIFY2(aws.listen(&error), qPrintable(error));

    aws::BackendChoice choice = typedKeysBackend(aws, m_dir->path());
    QVERIFY2(choice.backend, qPrintable(choice.error));
    QSignalSpy inventory(&session, &BuiltInSession::inventoryChanged);
    QSignalSpy names(&session, &BuiltInSession::backendChanged);
    session.setAwsBackend(std::move(choice.backend));
    session.setBackend(BuiltInSession::Backend::Aws);
    QCOMPARE(names.last().first().toString(), QStringLiteral("AWS access key AKID…TEST@us-east-1 via ") + aws.url().toString());
    QTRY_COMPARE_WITH_TIMEOUT(inventory.size(), 1, 20000);
    QCOMPARE(inventory.first().at(0).toStringList(), QStringList{service.applications.first().id});
    QCOMPARE(inventory.first().at(1).toStringList(), service.e164Numbers());

    QSignalSpy placed(&session, &BuiltInSession::placed);
    QSignalSpy failed(&session, &BuiltInSession::placeFailed);
    session.place(callTo(session, QStringLiteral("+14155550199"), service.applications.first().id, service.phoneNumbers.first().e164PhoneNumber));
    QTRY_COMPARE_WITH_TIMEOUT(placed.size() + failed.size(), 1, 20000);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().value<ValidationIssue>().message()));
    const QString id = placed.first().first().toString();
    QCOMPARE(id.size(), 36);
    QTRY_VERIFY_WITH_TIMEOUT(typesOf(m_deliveries, id).contains(QStringLiteral("RINGING")), 20000);

    // Hang-up on AWS goes through UpdateSipMediaApplicationCall and the endpoint's Hangup reply.
    QVERIFY(!session.hangUp(QStringLiteral("00000000-0000-4000-8000-000000000000"))); // not placed here
    QVERIFY(session.hangUp(id));
    QTRY_VERIFY_WITH_TIMEOUT(typesOf(m_deliveries, id).contains(QStringLiteral("HANGUP")), 20000);
    const QStringList types = typesOf(m_deliveries, id);
    QVERIFY2(types.contains(QStringLiteral("CALL_UPDATE_REQUESTED")), qPrintable(types.join(QLatin1Char(' '))));
    for (const DeliveryRecord &delivery : std::as_const(m_deliveries)) {
        if (delivery.transactionId == id && delivery.eventType == QLatin1String("CALL_UPDATE_REQUESTED"))
            QCOMPARE(delivery.replySource, QStringLiteral("rule:console hang-up"));
    }
}

// More applications and numbers than one page of ListSipMediaApplications/ListPhoneNumbers.
void TestBuiltInSession::awsPickersHoldEveryPage()
{
    BuiltInSession session;
    QVERIFY(startSession(session));
    SimulatorConfig service = SimulatorConfig::defaults();
    service.verifyAccessKeyId = kAccessKey;
    service.verifySecretAccessKey = kSecret;
    service.applications.clear();
    service.phoneNumbers.clear();
    QStringList applicationIds;
    for (int i = 0; i < 130; ++i) {
        applicationIds << QStringLiteral("aaaaaaaa-1111-4222-8333-%1").arg(i, 12, 10, QLatin1Char('0'));
        service.applications << SimulatedSma{applicationIds.last(), QStringLiteral("app-%1").arg(i), QStringLiteral("us-east-1"), {}};
    }
    for (int i = 0; i < 250; ++i)
        service.phoneNumbers << SimulatedPhoneNumber::assigned(QStringLiteral("+1312555%1").arg(9999 - i, 4, 10, QLatin1Char('0')));
    SimulatorServer aws(service);
    QString error;
    QVERIFY2(aws.listen(&error), qPrintable(error));

    aws::BackendChoice choice = typedKeysBackend(aws, m_dir->path());
    QVERIFY2(choice.backend, qPrintable(choice.error));
    QSignalSpy inventory(&session, &BuiltInSession::inventoryChanged);
    QSignalSpy failed(&session, &BuiltInSession::placeFailed);
    session.setAwsBackend(std::move(choice.backend));
    session.setBackend(BuiltInSession::Backend::Aws);
    QTRY_COMPARE_WITH_TIMEOUT(inventory.size() + failed.size(), 1, 20000);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().value<ValidationIssue>().message()));
    QCOMPARE(inventory.first().at(0).toStringList(), applicationIds);
    QCOMPARE(inventory.first().at(1).toStringList(), service.e164Numbers());
}

void TestBuiltInSession::awsErrorsLandOnTheForm()
{
    BuiltInSession session;
    QVERIFY(startSession(session));
    QSignalSpy failed(&session, &BuiltInSession::placeFailed);
    // AWS chosen but not configured: said where the user looks, with the way out.
    session.setAwsBackend(nullptr, QStringLiteral("no AWS credentials found; looked at: environment"));
    session.setBackend(BuiltInSession::Backend::Aws);
    QCOMPARE(failed.size(), 1); // from the inventory refresh
    QVERIFY(failed.first().first().value<ValidationIssue>().rule.contains(QLatin1String("no AWS credentials found")));
    session.place(callTo(session, QStringLiteral("+14155550199")));
    QCOMPARE(failed.size(), 2);

    SimulatorConfig service = SimulatorConfig::defaults();
    service.verifyAccessKeyId = kAccessKey;
    service.verifySecretAccessKey = kSecret;
    SimulatorServer aws(service);
    QString error;
    QVERIFY(aws.listen(&error));
    aws::BackendChoice choice = typedKeysBackend(aws, m_dir->path(), QStringLiteral("not-the-secret"));
    QVERIFY(choice.backend);
    session.setAwsBackend(std::move(choice.backend));
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 3, 20000); // the listing is refused already
    failed.clear();
    session.place(callTo(session, QStringLiteral("+14155550199")));
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 20000);
    const ValidationIssue issue = failed.first().first().value<ValidationIssue>();
    QCOMPARE(issue.path, callrules::sipMediaApplicationId());
    QCOMPARE(issue.code, QStringLiteral("InvalidSignatureException"));
    QVERIFY2(issue.rule.contains(QLatin1String("signature we calculated does not match")), qPrintable(issue.rule));
    QVERIFY2(issue.rule.contains(QLatin1String("check the access key, secret")), qPrintable(issue.rule));
    QVERIFY(!issue.message().contains(QLatin1String("not-the-secret")));
}

QTEST_MAIN(TestBuiltInSession)
#include "tst_builtinsession.moc"

// The control-plane operations beyond calls, over real HTTP: SIP media applications whose
// endpoint update moves delivery to the new handler, SIP rules that drive inbound routing and
// guard deletes as AWS does, model-shaped validation errors, and the refusal of operations the
// simulator does not serve — by name, never as NotFoundException.
#include "ApiOperations.h"
#include "ScriptedHandler.h"
#include "SimulatedCall.h"
#include "SimulatorServer.h"

#include "../endpoint/HttpTestClient.h"

#include <QJsonArray>
#include <QTest>

using namespace callconsole;
using Type = InvocationEventType;

namespace {

const char *const smaId = "1f2e3d4c-5b6a-4789-8abc-def012345678";
const QString lambda = QStringLiteral("arn:aws:lambda:us-east-1:123456789012:function:");

struct ControlPlane
{
    ScriptedHandler first;
    ScriptedHandler second;
    std::unique_ptr<SimulatorServer> simulator;
    QNetworkAccessManager network;

    // The built-in SMA runs "handler-v1" (first); "handler-v2" is served by second; +12065550177
    // is a dial-in number no SIP rule uses yet.
    ControlPlane()
    {
        const QJsonObject root{
            {QStringLiteral("sipMediaApplications"),
             QJsonArray{QJsonObject{{QStringLiteral("id"), QLatin1String(smaId)}, {QStringLiteral("name"), QStringLiteral("main")},
                                    {QStringLiteral("lambdaArn"), lambda + QStringLiteral("handler-v1")}}}},
            {QStringLiteral("phoneNumbers"),
             QJsonArray{QStringLiteral("+12065550100"), QJsonObject{{QStringLiteral("e164PhoneNumber"), QStringLiteral("+12065550177")},
                                                                    {QStringLiteral("associations"), QJsonArray{}}}}},
            {QStringLiteral("lambdaFunctions"),
             QJsonObject{{lambda + QStringLiteral("handler-v1"), first.url().toString()}, {QStringLiteral("handler-v2"), second.url().toString()}}},
            {QStringLiteral("speed"), 20}};
        const Parsed<SimulatorConfig> config = SimulatorConfig::fromJson(QJsonDocument(root).toJson());
        if (!config.ok())
            qFatal("%s", qPrintable(messages(config.issues).join(QLatin1Char('\n'))));
        simulator = std::make_unique<SimulatorServer>(*config.value);
        QString error;
        if (!simulator->listen(&error))
            qWarning("%s", qPrintable(error));
        for (ScriptedHandler *handler : {&first, &second})
            handler->onJson(Type::CallAnswered, R"({"SchemaVersion":"1.0","Actions":[{"Type":"Hangup","Parameters":{}}]})");
        second.onJson(Type::NewInboundCall, R"({"SchemaVersion":"1.0","Actions":[{"Type":"Hangup","Parameters":{}}]})");
    }

    HttpResult call(const QByteArray &method, const QString &path, const QJsonObject &body = {})
    {
        QUrl url = simulator->url();
        const qsizetype question = path.indexOf(QLatin1Char('?'));
        url.setPath(question < 0 ? path : path.left(question), QUrl::TolerantMode);
        if (question >= 0)
            url.setQuery(path.mid(question + 1));
        return request(network, method, url, body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson());
    }
    QString placeCall()
    {
        const HttpResult r = call("POST", QStringLiteral("/sip-media-applications/%1/calls").arg(QLatin1String(smaId)),
                                  {{QStringLiteral("FromPhoneNumber"), QStringLiteral("+12065550100")},
                                   {QStringLiteral("ToPhoneNumber"), QStringLiteral("+12065550199")}});
        return r.json().value(QStringLiteral("SipMediaApplicationCall")).toObject().value(QStringLiteral("TransactionId")).toString();
    }
    HttpResult dialIn(const QString &to)
    {
        return call("POST", QStringLiteral("/_callconsole/inbound-calls"),
                    {{QStringLiteral("FromPhoneNumber"), QStringLiteral("+14155550123")}, {QStringLiteral("ToPhoneNumber"), to}});
    }
    bool waitForEnd(const QString &id)
    {
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < 30000) {
            if (SimulatedCall *c = simulator->call(id); c && c->isEnded())
                return true;
            QTest::qWait(20);
        }
        return false;
    }
};

QJsonArray endpoint(const QString &function)
{
    return QJsonArray{QJsonObject{{QStringLiteral("LambdaArn"), lambda + function}}};
}

} // namespace

class TestControlPlane : public QObject
{
    Q_OBJECT

private slots:
    void everyOperationOfTheModelIsKnownByName()
    {
        QCOMPARE(apioperations::all().size(), 96);
        const auto named = [](const char *method, const char *path, const char *query = "") {
            const auto match = apioperations::match(QLatin1String(method), QLatin1String(path), QUrlQuery(QLatin1String(query)));
            return match ? match->operation : QString();
        };
        QCOMPARE(named("POST", "/phone-numbers", "operation=batch-delete"), QStringLiteral("BatchDeletePhoneNumber"));
        QCOMPARE(named("POST", "/phone-numbers/%2B12065550100"), QStringLiteral("UpdatePhoneNumber"));
        QCOMPARE(named("POST", "/phone-numbers/%2B12065550100", "operation=restore"), QStringLiteral("RestorePhoneNumber"));
        QCOMPARE(named("GET", "/search", "type=phone-numbers"), QStringLiteral("SearchAvailablePhoneNumbers"));
        QCOMPARE(named("GET", "/voice-connectors/abc/termination/health"), QStringLiteral("GetVoiceConnectorTerminationHealth"));
        QCOMPARE(named("POST", "/sip-media-applications/x/calls/y"), QStringLiteral("UpdateSipMediaApplicationCall"));
        const auto match = apioperations::match(QStringLiteral("GET"), QStringLiteral("/phone-numbers/%2B12065550100"), {});
        QCOMPARE(match->pathParameters.value(QStringLiteral("phoneNumberId")), QStringLiteral("+12065550100"));
        QVERIFY(!apioperations::match(QStringLiteral("GET"), QStringLiteral("/nothing-here"), {}));
    }

    void operationsItDoesNotServeAreRefusedByName_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("named");
        QTest::newRow("CreateVoiceConnector") << QByteArray("POST") << QStringLiteral("/voice-connectors") << QStringLiteral("CreateVoiceConnector");
        QTest::newRow("DeletePhoneNumber") << QByteArray("DELETE") << QStringLiteral("/phone-numbers/+12065550100") << QStringLiteral("DeletePhoneNumber");
        QTest::newRow("DeleteVoiceConnector") << QByteArray("DELETE") << QStringLiteral("/voice-connectors/abcdefghijklmnopqrstu") << QStringLiteral("DeleteVoiceConnector");
        QTest::newRow("BatchDeletePhoneNumber") << QByteArray("POST") << QStringLiteral("/phone-numbers?operation=batch-delete") << QStringLiteral("BatchDeletePhoneNumber");
        QTest::newRow("not an operation") << QByteArray("GET") << QStringLiteral("/meetings") << QStringLiteral("GET /meetings");
    }

    void operationsItDoesNotServeAreRefusedByName()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QString, named);
        ControlPlane f;
        const HttpResult r = f.call(method, path, method == "POST" ? QJsonObject{{QStringLiteral("Name"), QStringLiteral("x")}} : QJsonObject{});
        QCOMPARE(r.status, 400);
        QCOMPARE(r.header("x-amzn-ErrorType"), QByteArray("UnknownOperationException"));
        QVERIFY2(r.json().value(QStringLiteral("Message")).toString().contains(named), r.body.constData());
    }

    // The dev loop of swapping the Lambda: after UpdateSipMediaApplication, calls reach the new one.
    void anEndpointUpdateMovesDeliveryToTheNewHandler()
    {
        ControlPlane f;
        const QString before = f.placeCall();
        QVERIFY(f.waitForEnd(before));
        QCOMPARE(f.first.sequence(before).size(), 4);
        const HttpResult updated = f.call("PUT", QStringLiteral("/sip-media-applications/%1").arg(QLatin1String(smaId)),
                                          {{QStringLiteral("Endpoints"), endpoint(QStringLiteral("handler-v2"))}});
        QCOMPARE(updated.status, 200);
        QCOMPARE(updated.json().value(QStringLiteral("SipMediaApplication")).toObject().value(QStringLiteral("Endpoints")).toArray()
                     .first().toObject().value(QStringLiteral("LambdaArn")).toString(), lambda + QStringLiteral("handler-v2"));
        const QString after = f.placeCall();
        QVERIFY(f.waitForEnd(after));
        QVERIFY(f.first.sequence(after).isEmpty());
        QCOMPARE(f.second.sequence(after).size(), 4);
    }

    void sipRulesDriveRoutingAndGuardDeletes()
    {
        ControlPlane f;
        const HttpResult created = f.call("POST", QStringLiteral("/sip-media-applications"),
                                          {{QStringLiteral("AwsRegion"), QStringLiteral("us-east-1")}, {QStringLiteral("Name"), QStringLiteral("ivr")},
                                           {QStringLiteral("Endpoints"), endpoint(QStringLiteral("handler-v2"))}});
        QCOMPARE(created.status, 201);
        const QString sma = created.json().value(QStringLiteral("SipMediaApplication")).toObject().value(QStringLiteral("SipMediaApplicationId")).toString();
        QCOMPARE(f.dialIn(QStringLiteral("+12065550177")).status, 409); // no SIP rule yet
        const HttpResult rule = f.call("POST", QStringLiteral("/sip-rules"),
            {{QStringLiteral("Name"), QStringLiteral("ivr line")}, {QStringLiteral("TriggerType"), QStringLiteral("ToPhoneNumber")},
             {QStringLiteral("TriggerValue"), QStringLiteral("+12065550177")},
             {QStringLiteral("TargetApplications"), QJsonArray{QJsonObject{{QStringLiteral("SipMediaApplicationId"), sma},
                                                                           {QStringLiteral("Priority"), 1}, {QStringLiteral("AwsRegion"), QStringLiteral("us-east-1")}}}}});
        QCOMPARE(rule.status, 201);
        const QString ruleId = rule.json().value(QStringLiteral("SipRule")).toObject().value(QStringLiteral("SipRuleId")).toString();

        const HttpResult routed = f.dialIn(QStringLiteral("+12065550177"));
        QCOMPARE(routed.status, 201);
        QVERIFY(f.waitForEnd(routed.json().value(QStringLiteral("TransactionId")).toString()));
        QCOMPARE(f.second.received.first().event.callDetails.sipRuleId, ruleId);
        QCOMPARE(f.second.received.first().event.callDetails.sipMediaApplicationId, sma);

        QCOMPARE(f.call("DELETE", QStringLiteral("/sip-media-applications/%1").arg(sma)).status, 409); // an enabled rule targets it
        QCOMPARE(f.call("DELETE", QStringLiteral("/sip-rules/%1").arg(ruleId)).status, 409);          // enabled
        const HttpResult disabled = f.call("PUT", QStringLiteral("/sip-rules/%1").arg(ruleId),
                                           {{QStringLiteral("Name"), QStringLiteral("ivr line")}, {QStringLiteral("Disabled"), true}});
        QCOMPARE(disabled.status, 202);
        QCOMPARE(f.dialIn(QStringLiteral("+12065550177")).status, 409);
        QCOMPARE(f.call("DELETE", QStringLiteral("/sip-rules/%1").arg(ruleId)).status, 204);
        QVERIFY(f.call("GET", QStringLiteral("/phone-numbers/+12065550177")).json().value(QStringLiteral("PhoneNumber")).toObject()
                    .value(QStringLiteral("Associations")).toArray().isEmpty());
        QCOMPARE(f.call("DELETE", QStringLiteral("/sip-media-applications/%1").arg(sma)).status, 204);
        QCOMPARE(f.call("GET", QStringLiteral("/sip-media-applications/%1").arg(sma)).status, 404);
    }

    void badRequestsNameTheMemberTheValueAndTheRule_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QJsonObject>("body");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("trigger type") << QStringLiteral("/sip-rules")
            << QJsonObject{{QStringLiteral("Name"), QStringLiteral("r")}, {QStringLiteral("TriggerType"), QStringLiteral("Phone")},
                           {QStringLiteral("TriggerValue"), QStringLiteral("+12065550177")},
                           {QStringLiteral("TargetApplications"), QJsonArray{QJsonObject{{QStringLiteral("SipMediaApplicationId"), QLatin1String(smaId)},
                                                                                        {QStringLiteral("Priority"), 1}, {QStringLiteral("AwsRegion"), QStringLiteral("us-east-1")}}}}}
            << QStringLiteral("TriggerType: 'Phone'");
        QTest::newRow("number not ours") << QStringLiteral("/sip-rules")
            << QJsonObject{{QStringLiteral("Name"), QStringLiteral("r")}, {QStringLiteral("TriggerType"), QStringLiteral("ToPhoneNumber")},
                           {QStringLiteral("TriggerValue"), QStringLiteral("+12065550999")},
                           {QStringLiteral("TargetApplications"), QJsonArray{QJsonObject{{QStringLiteral("SipMediaApplicationId"), QLatin1String(smaId)},
                                                                                        {QStringLiteral("Priority"), 1}, {QStringLiteral("AwsRegion"), QStringLiteral("us-east-1")}}}}}
            << QStringLiteral("TriggerValue: '+12065550999'");
        QTest::newRow("priority") << QStringLiteral("/sip-rules")
            << QJsonObject{{QStringLiteral("Name"), QStringLiteral("r")}, {QStringLiteral("TriggerType"), QStringLiteral("ToPhoneNumber")},
                           {QStringLiteral("TriggerValue"), QStringLiteral("+12065550177")},
                           {QStringLiteral("TargetApplications"), QJsonArray{QJsonObject{{QStringLiteral("SipMediaApplicationId"), QLatin1String(smaId)},
                                                                                        {QStringLiteral("Priority"), 0}, {QStringLiteral("AwsRegion"), QStringLiteral("us-east-1")}}}}}
            << QStringLiteral("TargetApplications[0].Priority: '0'");
        QTest::newRow("lambda arn") << QStringLiteral("/sip-media-applications")
            << QJsonObject{{QStringLiteral("Name"), QStringLiteral("x")}, {QStringLiteral("AwsRegion"), QStringLiteral("us-east-1")},
                           {QStringLiteral("Endpoints"), QJsonArray{QJsonObject{{QStringLiteral("LambdaArn"), QStringLiteral("http://localhost")}}}}}
            << QStringLiteral("Endpoints[0].LambdaArn: 'http://localhost'");
        QTest::newRow("name") << QStringLiteral("/sip-media-applications")
            << QJsonObject{{QStringLiteral("Name"), QStringLiteral("a/b")}, {QStringLiteral("AwsRegion"), QStringLiteral("us-east-1")},
                           {QStringLiteral("Endpoints"), endpoint(QStringLiteral("f"))}}
            << QStringLiteral("Name: 'a/b'");
    }

    void badRequestsNameTheMemberTheValueAndTheRule()
    {
        QFETCH(QString, path);
        QFETCH(QJsonObject, body);
        QFETCH(QString, mentions);
        ControlPlane f;
        const HttpResult r = f.call("POST", path, body);
        QCOMPARE(r.status, 400);
        QCOMPARE(r.header("x-amzn-ErrorType"), QByteArray("BadRequestException"));
        QVERIFY2(r.json().value(QStringLiteral("Message")).toString().contains(mentions), r.body.constData());
    }
};

QTEST_GUILESS_MAIN(TestControlPlane)
#include "tst_controlplane.moc"

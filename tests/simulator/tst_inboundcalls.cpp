// Inbound calls on the simulator, against a scripted handler on loopback at 20x speed: a caller
// dials one of the account's numbers through POST /_callconsole/inbound-calls, the number's SIP
// rule picks the SMA, and the call runs as DG case-1 describes it. Also the replies the service
// ignores (NEW_OUTBOUND_CALL, RINGING, ACTION_INTERRUPTED, the last HANGUP) and the event shapes
// that depend on what the call was given (ActionData of NEW_OUTBOUND_CALL, HANGUP's code).
#include "SimulatorFixture.h"

#include <QJsonArray>

using Type = InvocationEventType;

namespace {

const QString caller = QStringLiteral("+14155550123");
const QString ourNumber = QStringLiteral("+12065550100");

// The shared simulator fixture, with the inbound route and the call status route.
struct Inbound : Fixture
{
    using Fixture::Fixture;

    QUrl url(const QString &path) const
    {
        QUrl u = simulator->url();
        u.setPath(path);
        return u;
    }
    HttpResult dialIn(const QString &to = ourNumber, const QJsonObject &callerScript = {}, const QString &from = caller)
    {
        QJsonObject body{{QStringLiteral("FromPhoneNumber"), from}, {QStringLiteral("ToPhoneNumber"), to}};
        if (!callerScript.isEmpty())
            body.insert(QStringLiteral("Caller"), callerScript);
        return request(network, "POST", url(QStringLiteral("/_callconsole/inbound-calls")), QJsonDocument(body).toJson());
    }
    QString dial(const QJsonObject &callerScript = {})
    {
        return dialIn(ourNumber, callerScript).json().value(QStringLiteral("TransactionId")).toString();
    }
    QJsonObject status(const QString &id)
    {
        return request(network, "GET", url(QStringLiteral("/_callconsole/calls/%1").arg(id))).json();
    }
};

QStringList replyUses(const QJsonObject &status)
{
    QStringList uses;
    for (const QJsonValue &invocation : status.value(QStringLiteral("Invocations")).toArray())
        uses << invocation.toObject().value(QStringLiteral("Reply")).toString();
    return uses;
}

} // namespace

class TestInboundCalls : public QObject
{
    Q_OBJECT

private slots:
    void aCallerReachesTheSmaThroughTheNumbersSipRule()
    {
        Inbound f;
        f.handler.onJson(Type::NewInboundCall, R"({"SchemaVersion":"1.0","Actions":[{"Type":"Pause","Parameters":{"DurationInMilliseconds":100}}]})");
        f.handler.onJson(Type::ActionSuccessful, R"({"SchemaVersion":"1.0","Actions":[{"Type":"Hangup","Parameters":{"SipResponseCode":"0"}}]})");
        const HttpResult created = f.dialIn();
        QCOMPARE(created.status, 201);
        const QString id = created.json().value(QStringLiteral("TransactionId")).toString();
        QCOMPARE(created.json().value(QStringLiteral("SipRuleId")).toString(), simulatedSipRuleId());
        QCOMPARE(created.json().value(QStringLiteral("Direction")).toString(), QStringLiteral("Inbound"));
        QVERIFY(f.waitForEnd(id));
        QCOMPARE(f.handler.sequence(id), words("1:NEW_INBOUND_CALL,2:ACTION_SUCCESSFUL,3:HANGUP"));
        for (const RecordedInvocation &r : std::as_const(f.handler.received)) {
            QCOMPARE(r.event.callDetails.sipRuleId, simulatedSipRuleId());
            QCOMPARE(r.event.callDetails.sipMediaApplicationId, QLatin1String(smaId));
            const Participant &legA = r.event.callDetails.participants.first();
            QVERIFY(legA.tag == ParticipantTag::LegA);
            QVERIFY(legA.direction == CallDirection::Inbound);
            QCOMPARE(legA.from, caller);
            QCOMPARE(legA.to, ourNumber);
        }
        const RecordedInvocation &first = f.handler.received.first();
        QVERIFY(!first.body.contains("\"Status\"")); // no Status on NEW_INBOUND_CALL
        QVERIFY(!first.event.actionData);
        QVERIFY(f.handler.last(Type::ActionSuccessful)->event.callDetails.participants.first().status == ParticipantStatus::Connected);
        QVERIFY(f.handler.last(Type::Hangup)->event.callDetails.participants.first().status == ParticipantStatus::Disconnected);
        const QJsonObject status = f.status(id);
        QCOMPARE(status.value(QStringLiteral("State")).toString(), QStringLiteral("Ended"));
        QVERIFY(status.value(QStringLiteral("Answered")).toBool());
    }

    // DG case-1: "Send a Hangup action, in which case the call isn't answered".
    void aFirstHangupNeverAnswers()
    {
        Inbound f;
        f.handler.onJson(Type::NewInboundCall, R"({"SchemaVersion":"1.0","Actions":[{"Type":"Hangup","Parameters":{"SipResponseCode":"486"}}]})");
        const QString id = f.dial();
        QVERIFY(f.waitForEnd(id));
        QCOMPARE(f.handler.sequence(id), words("1:NEW_INBOUND_CALL,2:HANGUP"));
        QCOMPARE(f.handler.last(Type::Hangup)->event.hangupInfo()->sipResponseCode, 486);
        const QJsonObject status = f.status(id);
        QVERIFY(!status.value(QStringLiteral("Answered")).toBool());
        QCOMPARE(status.value(QStringLiteral("SipResponseCode")).toInt(), 486);
    }

    // DG case-1: "Do nothing, the call attempt times out after 30 seconds" — not at the 20 s
    // after which an unanswered invocation of any other type gives up.
    void withNothingToRunTheAttemptEndsAfter30Seconds_data()
    {
        QTest::addColumn<bool>("reply");
        QTest::newRow("no reply at all") << false;
        QTest::newRow("an empty action list") << true;
    }

    void withNothingToRunTheAttemptEndsAfter30Seconds()
    {
        QFETCH(bool, reply);
        Inbound f(SimulatorConfig::defaults(), true); // 5 s → 250 ms, 20 s → 1 s, 30 s → 1.5 s
        ScriptedReply silent;
        silent.never = !reply;
        f.handler.on(Type::NewInboundCall, silent);
        QElapsedTimer clock;
        clock.start();
        const QString id = f.dial();
        QVERIFY(f.waitForEnd(id));
        QVERIFY2(clock.elapsed() >= 1400, qPrintable(QString::number(clock.elapsed())));
        QTRY_VERIFY_WITH_TIMEOUT(f.handler.last(Type::Hangup), 10000);
        QCOMPARE(f.handler.last(Type::Hangup)->event.hangupInfo()->sipResponseCode, 480);
        QVERIFY(!f.status(id).value(QStringLiteral("Answered")).toBool());
    }

    void theCallerHangsUpAndPressesDigitsAsScripted()
    {
        Inbound f;
        f.handler.onJson(Type::NewInboundCall, "{\"SchemaVersion\":\"1.0\",\"Actions\":[{\"Type\":\"ReceiveDigits\",\"Parameters\":"
                                               "{\"InputDigitsRegex\":\"[0-9]\\u0023\",\"InBetweenDigitsDurationInMilliseconds\":1000,"
                                               "\"FlushDigitsDurationInMilliseconds\":5000}},"
                                               "{\"Type\":\"Pause\",\"Parameters\":{\"DurationInMilliseconds\":600000}}]}");
        const QJsonObject script{{QStringLiteral("HangupAfterMs"), 6000},
                                 {QStringLiteral("Digits"), QJsonArray{QJsonObject{{QStringLiteral("AtMs"), 2000}, {QStringLiteral("Digits"), QStringLiteral("7#")}}}}};
        const QString id = f.dial(script);
        QVERIFY(f.waitForEnd(id));
        QCOMPARE(f.handler.last(Type::DigitsReceived)->event.actionData->value(QStringLiteral("ReceivedDigits")).toString(), QStringLiteral("7#"));
        const auto hangup = f.handler.last(Type::Hangup)->event.hangupInfo();
        QVERIFY(hangup->tag == ParticipantTag::LegA); // the caller hung up
        QCOMPARE(hangup->sipResponseCode, 0);
        QVERIFY(f.status(id).value(QStringLiteral("Answered")).toBool());
    }

    void theSipRuleChoosesTheTargetByPriority()
    {
        const QString second = QStringLiteral("aaaaaaaa-1111-4222-8333-444444444444");
        const QJsonObject root{
            {QStringLiteral("sipMediaApplications"),
             QJsonArray{QJsonObject{{QStringLiteral("id"), QLatin1String(smaId)}, {QStringLiteral("name"), QStringLiteral("a")}},
                        QJsonObject{{QStringLiteral("id"), second}, {QStringLiteral("name"), QStringLiteral("b")}}}},
            {QStringLiteral("phoneNumbers"), QJsonArray{ourNumber, QJsonObject{{QStringLiteral("e164PhoneNumber"), QStringLiteral("+12065550101")},
                                                                               {QStringLiteral("associations"), QJsonArray{}}}}},
            {QStringLiteral("sipRules"),
             QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("rule-1")}, {QStringLiteral("name"), QStringLiteral("main line")},
                                    {QStringLiteral("triggerType"), QStringLiteral("ToPhoneNumber")}, {QStringLiteral("triggerValue"), ourNumber},
                                    {QStringLiteral("targetApplications"),
                                     QJsonArray{QJsonObject{{QStringLiteral("sipMediaApplicationId"), QLatin1String(smaId)}, {QStringLiteral("priority"), 2}},
                                                QJsonObject{{QStringLiteral("sipMediaApplicationId"), second}, {QStringLiteral("priority"), 1}}}}},
                        QJsonObject{{QStringLiteral("id"), QStringLiteral("rule-2")}, {QStringLiteral("name"), QStringLiteral("off")},
                                    {QStringLiteral("disabled"), true}, {QStringLiteral("triggerType"), QStringLiteral("ToPhoneNumber")},
                                    {QStringLiteral("triggerValue"), QStringLiteral("+12065550101")},
                                    {QStringLiteral("targetApplications"),
                                     QJsonArray{QJsonObject{{QStringLiteral("sipMediaApplicationId"), second}}}}}}}};
        const Parsed<SimulatorConfig> config = SimulatorConfig::fromJson(QJsonDocument(root).toJson());
        QVERIFY2(config.ok(), qPrintable(messages(config.issues).join(QLatin1Char('\n'))));
        Inbound f(*config.value);
        f.handler.onJson(Type::NewInboundCall, R"({"SchemaVersion":"1.0","Actions":[{"Type":"Hangup","Parameters":{}}]})");
        const HttpResult routed = f.dialIn();
        QCOMPARE(routed.status, 201);
        QVERIFY(f.waitForEnd(routed.json().value(QStringLiteral("TransactionId")).toString()));
        QCOMPARE(f.handler.received.first().event.callDetails.sipMediaApplicationId, second); // priority 1
        QCOMPARE(f.handler.received.first().event.callDetails.sipRuleId, QStringLiteral("rule-1"));
        // The number's association shows the rule, as GetPhoneNumber answers.
        const QJsonArray associations = request(f.network, "GET", f.url(QStringLiteral("/phone-numbers/+12065550100")))
                                            .json().value(QStringLiteral("PhoneNumber")).toObject().value(QStringLiteral("Associations")).toArray();
        QCOMPARE(associations.first().toObject().value(QStringLiteral("Value")).toString(), QStringLiteral("rule-1"));

        const HttpResult disabled = f.dialIn(QStringLiteral("+12065550101"));
        QCOMPARE(disabled.status, 409);
        QVERIFY2(disabled.json().value(QStringLiteral("Message")).toString().contains(QLatin1String("rule-2")), disabled.body.constData());
        const HttpResult unknown = f.dialIn(QStringLiteral("+12065550999"));
        QCOMPARE(unknown.status, 404);
        QVERIFY(unknown.json().value(QStringLiteral("Message")).toString().contains(QLatin1String("+12065550999")));
        const HttpResult invalid = f.dialIn(ourNumber, {}, QStringLiteral("+0123"));
        QCOMPARE(invalid.status, 400);
        QVERIFY(invalid.json().value(QStringLiteral("Message")).toString().contains(QLatin1String("FromPhoneNumber")));
    }

    // DG use-create-call-api.md: "Any response … is ignored"; update-sip-call.md: ACTION_INTERRUPTED
    // is "for informational purpose only"; hangup.md: the HANGUP of a single-leg call ignores its reply.
    void repliesTheServiceIgnoresAreRecordedNotRefused()
    {
        Inbound f;
        f.handler.onJson(Type::NewOutboundCall, "[]");
        f.handler.onJson(Type::Ringing, R"({"statusCode":200,"body":"not an action list"})");
        f.handler.onJson(Type::CallAnswered, R"({"SchemaVersion":"1.0","Actions":[{"Type":"Pause","Parameters":{"DurationInMilliseconds":600000}}]})");
        f.handler.onJson(Type::CallUpdateRequested, R"({"SchemaVersion":"1.0","Actions":[{"Type":"Hangup","Parameters":{}}]})");
        f.handler.onJson(Type::ActionInterrupted, R"({"SchemaVersion":"1.0","Actions":[{"Type":"Speak","Parameters":{"Text":"never"}}]})");
        f.handler.onJson(Type::Hangup, "garbage");
        const QString id = f.place(QStringLiteral("+12065550199"));
        QTRY_VERIFY_WITH_TIMEOUT(f.handler.last(Type::CallAnswered), 30000);
        QTest::qWait(100);
        QUrl update = f.url(QStringLiteral("/sip-media-applications/%1/calls/%2").arg(QLatin1String(smaId), id));
        QCOMPARE(request(f.network, "POST", update, R"({"Arguments":{"a":"b"}})").status, 202);
        QVERIFY(f.waitForEnd(id));
        QCOMPARE(f.handler.sequence(id),
                 words("1:NEW_OUTBOUND_CALL,2:RINGING,3:CALL_ANSWERED,4:CALL_UPDATE_REQUESTED,5:ACTION_INTERRUPTED,6:HANGUP"));
        QTRY_COMPARE_WITH_TIMEOUT(replyUses(f.status(id)), words("Ignored,Ignored,Used,Used,Ignored,Ignored"), 5000);
    }

    void attributesOfAnIgnoredReplyAreKeptItsActionsAreNot()
    {
        Inbound f;
        f.handler.onJson(Type::NewOutboundCall, R"({"SchemaVersion":"1.0","Actions":[{"Type":"Hangup","Parameters":{}}],"TransactionAttributes":{"lead":"42"}})");
        f.handler.onJson(Type::CallAnswered, R"({"SchemaVersion":"1.0","Actions":[{"Type":"Hangup","Parameters":{}}]})");
        const QString id = f.place(QStringLiteral("+12065550199"));
        QVERIFY(f.waitForEnd(id));
        QCOMPARE(f.handler.sequence(id), words("1:NEW_OUTBOUND_CALL,2:RINGING,3:CALL_ANSWERED,4:HANGUP"));
        QCOMPARE(*f.handler.last(Type::CallAnswered)->event.callDetails.transactionAttributes,
                 (StringMap{{QStringLiteral("lead"), QStringLiteral("42")}}));
    }

    void eventShapesFollowWhatTheCallWasGiven()
    {
        Inbound f;
        f.handler.onJson(Type::CallAnswered, R"({"SchemaVersion":"1.0","Actions":[{"Type":"Hangup","Parameters":{}}]})");
        const QString plain = f.place(QStringLiteral("+12065550199"));
        QVERIFY(f.waitForEnd(plain));
        // Created without ArgumentsMap: no ActionData (aws/amazon-chime-sdk-js#2495's capture).
        QVERIFY(!f.handler.received.first().event.actionData);
        QVERIFY(!f.handler.received.first().body.contains("ActionData"));
        // A Hangup action without SipResponseCode: the HANGUP reports none.
        const QJsonObject parameters = f.handler.last(Type::Hangup)->event.actionData->value(QStringLiteral("Parameters")).toObject();
        QVERIFY(!parameters.contains(QStringLiteral("SipResponseCode")));
        QCOMPARE(parameters.value(QStringLiteral("ParticipantTag")).toString(), QStringLiteral("LEG-A"));

        f.handler.received.clear();
        f.handler.onJson(Type::CallAnswered, R"({"SchemaVersion":"1.0","Actions":[{"Type":"Hangup","Parameters":{"SipResponseCode":"0"}}]})");
        const QString withArguments = f.place(QStringLiteral("+12065550199"), {{QStringLiteral("k"), QStringLiteral("v")}});
        QVERIFY(f.waitForEnd(withArguments));
        QCOMPARE(f.handler.received.first().event.actionType(), QStringLiteral("CallCreateRequest"));
        QCOMPARE(f.handler.last(Type::Hangup)->event.hangupInfo()->sipResponseCode, 0);
        QVERIFY(f.handler.last(Type::Hangup)->body.contains("\"SipResponseCode\":0"));
    }
};

QTEST_GUILESS_MAIN(TestInboundCalls)
#include "tst_inboundcalls.moc"

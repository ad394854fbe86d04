// The simulator against a scripted handler on loopback, at 20× speed: every outbound flow, the
// execution rules of sma-reference.md §2.3, the service's retry/give-up/4xx behaviour, invalid
// replies, updates, fault injection, and the control plane's AWS-shaped errors.
#include "AwsCli.h"
#include "SimulatorFixture.h"

#include <QJsonArray>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>

using namespace callconsole;
using Type = InvocationEventType;

class TestSimulator : public QObject
{
    Q_OBJECT

private slots:
    void answeredCallWithTheDefaultFlowOfAHandler()
    {
        Fixture f;
        f.handler.onJson(Type::CallAnswered, R"({"SchemaVersion":"1.0","Actions":[
            {"Type":"Pause","Parameters":{"DurationInMilliseconds":200}},{"Type":"Hangup","Parameters":{"SipResponseCode":"0"}}]})");
        const HttpResult created = f.create(QStringLiteral("+12065550199"), QStringLiteral("+12065550100"), QLatin1String(smaId),
                                            {{QStringLiteral("customer"), QStringLiteral("42")}});
        QCOMPARE(created.status, 201);
        QVERIFY(!created.header("x-amzn-RequestId").isEmpty());
        const QString id = created.json().value(QStringLiteral("SipMediaApplicationCall")).toObject().value(QStringLiteral("TransactionId")).toString();
        QVERIFY(QRegularExpression(QStringLiteral("^[a-f0-9]{8}(-[a-f0-9]{4}){3}-[a-f0-9]{12}$")).match(id).hasMatch());
        QVERIFY(f.waitForEnd(id));
        // A list ending in Hangup: HANGUP follows, with no ACTION_SUCCESSFUL (§1.4, §2.3).
        QCOMPARE(f.handler.sequence(id), words("1:NEW_OUTBOUND_CALL,2:RINGING,3:CALL_ANSWERED,4:HANGUP"));

        const InvocationEvent &first = f.handler.received.at(0).event;
        QCOMPARE(first.callDetails.sipMediaApplicationId, QLatin1String(smaId));
        QCOMPARE(first.callDetails.participants.size(), 1);
        const Participant &legA = first.callDetails.participants.first();
        QCOMPARE(legA.to, QStringLiteral("+12065550199"));
        QVERIFY(legA.direction == CallDirection::Outbound);
        QVERIFY(legA.status == ParticipantStatus::Unknown); // absent on NEW_OUTBOUND_CALL
        QVERIFY(f.handler.received.at(0).body.contains("\"StartTimeInMilliseconds\":\"")); // a string
        QCOMPARE(first.actionData->value(QStringLiteral("Type")).toString(), QStringLiteral("CallCreateRequest"));
        QCOMPARE(first.actionData->value(QStringLiteral("Parameters")).toObject().value(QStringLiteral("Arguments")).toObject()
                     .value(QStringLiteral("customer")).toString(), QStringLiteral("42"));
        QVERIFY(f.handler.last(Type::CallAnswered)->event.callDetails.participants.first().status == ParticipantStatus::Connected);
        const InvocationEvent &hangup = f.handler.last(Type::Hangup)->event;
        QCOMPARE(hangup.hangupInfo()->sipResponseCode, 0);
        QVERIFY(hangup.callDetails.participants.first().status == ParticipantStatus::Disconnected);
    }

    void calleeOutcomes_data()
    {
        QTest::addColumn<QString>("to");
        QTest::addColumn<int>("sipCode");
        QTest::newRow("busy") << QStringLiteral("+12065550186") << 486;
        QTest::newRow("no answer") << QStringLiteral("+12065550148") << 480;
        QTest::newRow("reject") << QStringLiteral("+12065550160") << 603;
    }

    void calleeOutcomes()
    {
        QFETCH(QString, to);
        QFETCH(int, sipCode);
        Fixture f;
        const QString id = f.place(to);
        QVERIFY(f.waitForEnd(id));
        QCOMPARE(f.handler.sequence(id), words("1:NEW_OUTBOUND_CALL,2:RINGING,3:HANGUP"));
        QCOMPARE(f.handler.last(Type::Hangup)->event.hangupInfo()->sipResponseCode, sipCode);
    }

    void oneActionSuccessfulPerListCarryingTheLastAction()
    {
        Fixture f;
        f.handler.onJson(Type::CallAnswered, R"({"SchemaVersion":"1.0","Actions":[
            {"Type":"Pause","Parameters":{"DurationInMilliseconds":100}},{"Type":"Speak","Parameters":{"Text":"Hi","CallId":"{{}}"}}]})");
        // The Speak's CallId is filled below from the real leg: answer with a list that targets LEG-A by tag.
        f.handler.onJson(Type::CallAnswered, R"({"SchemaVersion":"1.0","Actions":[
            {"Type":"Pause","Parameters":{"DurationInMilliseconds":100}},{"Type":"PlayAudio","Parameters":{"AudioSource":{"Type":"S3","BucketName":"b","Key":"k.wav"}}}]})");
        f.handler.onJson(Type::ActionSuccessful, R"({"SchemaVersion":"1.0","Actions":[{"Type":"Hangup","Parameters":{}}]})");
        const QString id = f.place(QStringLiteral("+12065550199"));
        QVERIFY(f.waitForEnd(id));
        QCOMPARE(f.handler.sequence(id), words("1:NEW_OUTBOUND_CALL,2:RINGING,3:CALL_ANSWERED,4:ACTION_SUCCESSFUL,5:HANGUP"));
        const QJsonObject data = *f.handler.last(Type::ActionSuccessful)->event.actionData;
        QCOMPARE(data.value(QStringLiteral("Type")).toString(), QStringLiteral("PlayAudio"));
        // Normalised by the service: the target leg's CallId is filled in.
        QCOMPARE(data.value(QStringLiteral("Parameters")).toObject().value(QStringLiteral("CallId")).toString(),
                 f.handler.received.at(0).event.callDetails.participants.first().callId);
    }

    void actionFailedDropsTheRest()
    {
        Fixture f;
        f.handler.onJson(Type::CallAnswered, R"({"SchemaVersion":"1.0","Actions":[
            {"Type":"Pause","Parameters":{"DurationInMilliseconds":100}},
            {"Type":"Speak","Parameters":{"Text":"Hi","CallId":"not-a-leg"}},
            {"Type":"Pause","Parameters":{"DurationInMilliseconds":100}}]})");
        f.handler.onJson(Type::ActionFailed, R"({"SchemaVersion":"1.0","Actions":[{"Type":"Hangup","Parameters":{}}]})");
        const QString id = f.place(QStringLiteral("+12065550199"));
        QVERIFY(f.waitForEnd(id));
        QCOMPARE(f.handler.sequence(id), words("1:NEW_OUTBOUND_CALL,2:RINGING,3:CALL_ANSWERED,4:ACTION_FAILED,5:HANGUP"));
        const QJsonObject data = *f.handler.last(Type::ActionFailed)->event.actionData;
        QCOMPARE(data.value(QStringLiteral("Type")).toString(), QStringLiteral("Speak"));
        QCOMPARE(data.value(QStringLiteral("ErrorType")).toString(), QStringLiteral("InvalidActionParameter"));
    }

    void transactionAttributesReplaceAndClear()
    {
        Fixture f;
        f.handler.onJson(Type::NewOutboundCall, R"({"SchemaVersion":"1.0","Actions":[],"TransactionAttributes":{"a":"1","b":"2"}})");
        f.handler.onJson(Type::Ringing, R"({"SchemaVersion":"1.0","Actions":[],"TransactionAttributes":{"c":"3"}})");
        f.handler.onJson(Type::CallAnswered, R"({"SchemaVersion":"1.0","Actions":[{"Type":"Pause","Parameters":{"DurationInMilliseconds":50}}],"TransactionAttributes":{}})");
        f.handler.onJson(Type::ActionSuccessful, R"({"SchemaVersion":"1.0","Actions":[{"Type":"Hangup","Parameters":{}}]})");
        const QString id = f.place(QStringLiteral("+12065550199"));
        QVERIFY(f.waitForEnd(id));
        QVERIFY(!f.handler.received.at(0).event.callDetails.transactionAttributes); // none before the app sets any
        QVERIFY(f.handler.last(Type::Ringing)->event.callDetails.transactionAttributes);
        QVERIFY(f.handler.last(Type::CallAnswered)->event.callDetails.transactionAttributes);
        QCOMPARE(*f.handler.last(Type::Ringing)->event.callDetails.transactionAttributes,
                 (StringMap{{QStringLiteral("a"), QStringLiteral("1")}, {QStringLiteral("b"), QStringLiteral("2")}}));
        QCOMPARE(*f.handler.last(Type::CallAnswered)->event.callDetails.transactionAttributes,
                 (StringMap{{QStringLiteral("c"), QStringLiteral("3")}})); // replaced, not merged
        QVERIFY(!f.handler.last(Type::ActionSuccessful)->event.callDetails.transactionAttributes); // {} cleared
    }

    void receiveDigitsSucceedsAtOnceThenDigitsReceived()
    {
        Fixture f; // +12065550123 presses 1# 4 s after answering
        // An ordinary string: moc's tokenizer misreads '#' inside a multi-line raw string.
        f.handler.onJson(Type::CallAnswered, "{\"SchemaVersion\":\"1.0\",\"Actions\":[{\"Type\":\"ReceiveDigits\",\"Parameters\":"
                                             "{\"InputDigitsRegex\":\"[0-9]\\u0023\",\"InBetweenDigitsDurationInMilliseconds\":1000,"
                                             "\"FlushDigitsDurationInMilliseconds\":5000}}]}");
        f.handler.onJson(Type::DigitsReceived, R"({"SchemaVersion":"1.0","Actions":[{"Type":"Hangup","Parameters":{}}]})");
        const QString id = f.place(QStringLiteral("+12065550123"));
        QVERIFY(f.waitForEnd(id));
        QCOMPARE(f.handler.sequence(id), words("1:NEW_OUTBOUND_CALL,2:RINGING,3:CALL_ANSWERED,4:ACTION_SUCCESSFUL,5:DIGITS_RECEIVED,6:HANGUP"));
        QCOMPARE(f.handler.last(Type::ActionSuccessful)->event.actionData->value(QStringLiteral("ReceivedDigits")).toString(), QString());
        QCOMPARE(f.handler.last(Type::DigitsReceived)->event.actionData->value(QStringLiteral("ReceivedDigits")).toString(), QStringLiteral("1#"));
    }

    void callAndBridgeCreatesLegB()
    {
        Fixture f;
        f.handler.onJson(Type::CallAnswered, R"({"SchemaVersion":"1.0","Actions":[{"Type":"CallAndBridge","Parameters":{
            "CallerIdNumber":"+12065550100","Endpoints":[{"BridgeEndpointType":"PSTN","Uri":"+12065550111"}]}}]})");
        f.handler.onJson(Type::ActionSuccessful, R"({"SchemaVersion":"1.0","Actions":[{"Type":"Hangup","Parameters":{"ParticipantTag":"LEG-B"}}]})");
        f.handler.onJson(Type::Hangup, R"({"SchemaVersion":"1.0","Actions":[]})");
        const QString id = f.place(QStringLiteral("+12065550199"));
        QTRY_VERIFY_WITH_TIMEOUT(f.handler.last(Type::Hangup), 30000);
        const InvocationEvent &bridged = f.handler.last(Type::ActionSuccessful)->event;
        QCOMPARE(bridged.callDetails.participants.size(), 2);
        QVERIFY(bridged.callDetails.participants.at(1).tag == ParticipantTag::LegB);
        QVERIFY(bridged.callDetails.participants.at(1).status == ParticipantStatus::Connected);
        const InvocationEvent &legBGone = f.handler.last(Type::Hangup)->event;
        QVERIFY(legBGone.hangupInfo()->tag == ParticipantTag::LegB);
        QVERIFY(!f.simulator->call(id)->isEnded()); // LEG-A stays up: the app must hang it up itself
        f.simulator->hangUp(id);
        QVERIFY(f.waitForEnd(id));
    }

    // sma-reference.md §2.3: "The application finishes running the current action … then
    // replaces the old action set." DTMF arrives during the Pause; its reply replaces the Speak.
    void aNewListReplacesTheRestAfterTheCurrentAction()
    {
        Fixture f; // +12065550123 presses 1# 4 s (200 ms at 20x) after answering
        f.handler.onJson(Type::CallAnswered, "{\"SchemaVersion\":\"1.0\",\"Actions\":["
            "{\"Type\":\"ReceiveDigits\",\"Parameters\":{\"InputDigitsRegex\":\"[0-9]\\u0023\",\"InBetweenDigitsDurationInMilliseconds\":1000,\"FlushDigitsDurationInMilliseconds\":5000}},"
            "{\"Type\":\"Pause\",\"Parameters\":{\"DurationInMilliseconds\":8000}},"
            "{\"Type\":\"PlayAudio\",\"Parameters\":{\"AudioSource\":{\"Type\":\"S3\",\"BucketName\":\"b\",\"Key\":\"k\"}}}]}");
        f.handler.onJson(Type::DigitsReceived, R"({"SchemaVersion":"1.0","Actions":[{"Type":"Hangup","Parameters":{}}]})");
        QElapsedTimer clock;
        clock.start();
        const QString id = f.place(QStringLiteral("+12065550123"));
        QVERIFY(f.waitForEnd(id));
        QCOMPARE(f.handler.sequence(id), words("1:NEW_OUTBOUND_CALL,2:RINGING,3:CALL_ANSWERED,4:DIGITS_RECEIVED,5:HANGUP"));
        // The Pause (8 s = 400 ms here) ran to its end before the Hangup: ring 15 + answer 75 + pause 400 ms.
        QVERIFY2(clock.elapsed() >= 450, qPrintable(QString::number(clock.elapsed())));
    }

    // "If the SIP media application receives a NULL action set, it keeps the existing actions."
    void aNullActionSetKeepsTheCurrentList()
    {
        Fixture f;
        f.handler.onJson(Type::CallAnswered, "{\"SchemaVersion\":\"1.0\",\"Actions\":["
            "{\"Type\":\"ReceiveDigits\",\"Parameters\":{\"InputDigitsRegex\":\"[0-9]\\u0023\",\"InBetweenDigitsDurationInMilliseconds\":1000,\"FlushDigitsDurationInMilliseconds\":5000}},"
            "{\"Type\":\"Pause\",\"Parameters\":{\"DurationInMilliseconds\":8000}},"
            "{\"Type\":\"PlayAudio\",\"Parameters\":{\"AudioSource\":{\"Type\":\"S3\",\"BucketName\":\"b\",\"Key\":\"k\"}}}]}");
        f.handler.onJson(Type::DigitsReceived, R"({"SchemaVersion":"1.0"})");
        f.handler.onJson(Type::ActionSuccessful, R"({"SchemaVersion":"1.0","Actions":[{"Type":"Hangup","Parameters":{}}]})");
        const QString id = f.place(QStringLiteral("+12065550123"));
        QVERIFY(f.waitForEnd(id));
        QCOMPARE(f.handler.sequence(id), words("1:NEW_OUTBOUND_CALL,2:RINGING,3:CALL_ANSWERED,4:DIGITS_RECEIVED,5:ACTION_SUCCESSFUL,6:HANGUP"));
        QCOMPARE(f.handler.last(Type::ActionSuccessful)->event.actionType(), QStringLiteral("PlayAudio"));
    }

    // An empty list means "don't run any actions": the call waits, nothing is invoked.
    void anEmptyListRunsNothing()
    {
        Fixture f;
        const QString id = f.place(QStringLiteral("+12065550199")); // every reply is []
        QTRY_VERIFY_WITH_TIMEOUT(f.handler.last(Type::CallAnswered), 30000);
        QTest::qWait(500);
        QCOMPARE(f.handler.sequence(id), words("1:NEW_OUTBOUND_CALL,2:RINGING,3:CALL_ANSWERED"));
        QVERIFY(!f.simulator->call(id)->isEnded());
        QVERIFY(f.simulator->hangUp(id)); // the console's own hang-up
        QVERIFY(f.waitForEnd(id));
        QCOMPARE(f.handler.sequence(id).last(), QStringLiteral("4:HANGUP"));
    }

    // A non-interruptible action (Speak) finishes before the update's list runs; no ACTION_INTERRUPTED.
    void updateWaitsForANonInterruptibleAction()
    {
        SimulatorConfig config = SimulatorConfig::defaults();
        CalleeBehaviour slowAnswer;
        slowAnswer.to = QRegularExpression(QStringLiteral("^\\+12065550199$"));
        slowAnswer.answerAfterMs = 20000; // 1 s at 20x: time to script a reply with the real CallId
        config.callees.prepend(slowAnswer);
        Fixture f(config);
        const QString id = f.place(QStringLiteral("+12065550199"));
        QTRY_VERIFY_WITH_TIMEOUT(f.handler.last(Type::NewOutboundCall), 30000);
        const QString callId = f.handler.last(Type::NewOutboundCall)->event.callDetails.participants.first().callId;
        // 135 characters at 15 a second: 9 s of speech, 450 ms here.
        const QString speak = QStringLiteral(R"({"SchemaVersion":"1.0","Actions":[{"Type":"Speak","Parameters":{"CallId":"%1","Text":"%2"}}]})")
                                  .arg(callId, QString(135, QLatin1Char('a')));
        ScriptedReply reply;
        reply.body = speak.toUtf8();
        f.handler.on(Type::CallAnswered, reply);
        f.handler.onJson(Type::CallUpdateRequested, R"({"SchemaVersion":"1.0","Actions":[{"Type":"Hangup","Parameters":{}}]})");
        QTRY_VERIFY_WITH_TIMEOUT(f.handler.last(Type::CallAnswered), 30000);
        QCOMPARE(f.update(id, {{QStringLiteral("stop"), QStringLiteral("1")}}).status, 202);
        QVERIFY(f.waitForEnd(id));
        QCOMPARE(f.handler.sequence(id), words("1:NEW_OUTBOUND_CALL,2:RINGING,3:CALL_ANSWERED,4:CALL_UPDATE_REQUESTED,5:HANGUP"));
    }

    void omittedAttributesStayAsTheyWere()
    {
        Fixture f;
        f.handler.onJson(Type::CallAnswered, R"({"SchemaVersion":"1.0","Actions":[{"Type":"Pause","Parameters":{"DurationInMilliseconds":50}}],"TransactionAttributes":{"step":"1"}})");
        f.handler.onJson(Type::ActionSuccessful, R"({"SchemaVersion":"1.0","Actions":[{"Type":"Hangup","Parameters":{}}]})");
        const QString id = f.place(QStringLiteral("+12065550199"));
        QVERIFY(f.waitForEnd(id));
        QVERIFY(f.handler.last(Type::Hangup)->event.callDetails.transactionAttributes);
        QCOMPARE(*f.handler.last(Type::Hangup)->event.callDetails.transactionAttributes, (StringMap{{QStringLiteral("step"), QStringLiteral("1")}}));
    }

    void slowReplyIsRetriedWithTheSameSequence()
    {
        SimulatorConfig config = SimulatorConfig::defaults();
        config.retryAfterMs = 20000;   // 1 s at 20x: wide enough that only the delayed reply is late
        config.giveUpAfterMs = 400000; // 20 s
        Fixture f(config, true);
        ScriptedReply slow;
        slow.body = R"({"SchemaVersion":"1.0","Actions":[{"Type":"Hangup","Parameters":{}}]})";
        slow.delayMs = 1500;
        f.handler.on(Type::CallAnswered, slow);
        const QString id = f.place(QStringLiteral("+12065550199"));
        QVERIFY(f.waitForEnd(id));
        QCOMPARE(f.handler.sequence(id), words("1:NEW_OUTBOUND_CALL,2:RINGING,3:CALL_ANSWERED,3:CALL_ANSWERED,4:HANGUP"));
        QCOMPARE(f.handler.last(Type::Hangup)->event.hangupInfo()->sipResponseCode, 0); // the first reply was used
    }

    void noUsableReplyHangsUpWith480()
    {
        SimulatorConfig config = SimulatorConfig::defaults();
        config.retryAfterMs = 10000;  // 500 ms at 20x
        config.giveUpAfterMs = 40000; // 2 s
        Fixture f(config, true);
        ScriptedReply never;
        never.never = true;
        f.handler.on(Type::CallAnswered, never);
        const QString id = f.place(QStringLiteral("+12065550199"));
        QVERIFY(f.waitForEnd(id));
        QTRY_VERIFY_WITH_TIMEOUT(f.handler.last(Type::Hangup), 10000);
        QCOMPARE(f.handler.last(Type::Hangup)->event.hangupInfo()->sipResponseCode, 480);
        QVERIFY(f.handler.sequence(id).count(QStringLiteral("3:CALL_ANSWERED")) >= 2); // retried before giving up
    }

    void clientErrorIsRetriedOnceThenTheCallEnds()
    {
        Fixture f;
        ScriptedReply failing;
        failing.status = 403;
        f.handler.on(Type::CallAnswered, failing);
        const QString id = f.place(QStringLiteral("+12065550199"));
        QVERIFY(f.waitForEnd(id));
        // The final HANGUP is sent without waiting for a reply: it may land just after the end.
        QTRY_COMPARE_WITH_TIMEOUT(f.handler.sequence(id), words("1:NEW_OUTBOUND_CALL,2:RINGING,3:CALL_ANSWERED,3:CALL_ANSWERED,4:HANGUP"), 10000);
        QCOMPARE(f.handler.last(Type::Hangup)->event.hangupInfo()->sipResponseCode, 480);
    }

    void invalidRepliesBecomeInvalidLambdaResponse_data()
    {
        QTest::addColumn<QByteArray>("reply");
        QTest::addColumn<QString>("errorType");
        QTest::newRow("stringified body") << QByteArray("{\"statusCode\":200,\"body\":\"{\\\"SchemaVersion\\\":\\\"1.0\\\",\\\"Actions\\\":[]}\"}")
                                          << QStringLiteral("SchemaVersionMismatch");
        QByteArray eleven = R"({"SchemaVersion":"1.0","Actions":[)";
        for (int i = 0; i < 11; ++i)
            eleven += QByteArray(i ? "," : "") + R"({"Type":"Pause","Parameters":{"DurationInMilliseconds":10}})";
        QTest::newRow("11 actions") << eleven + "]}" << QStringLiteral("TooManyActions");
        QTest::newRow("unknown action type") << QByteArray(R"({"SchemaVersion":"1.0","Actions":[{"Type":"speak","Parameters":{"Text":"x"}}]})")
                                             << QStringLiteral("InvalidLambdaResponse");
        QTest::newRow("Actions not a list") << QByteArray(R"({"SchemaVersion":"1.0","Actions":{"Type":"Hangup"}})")
                                            << QStringLiteral("InvalidLambdaResponse");
        QTest::newRow("not JSON") << QByteArray("Actions: [Hangup]") << QStringLiteral("SchemaVersionMismatch");
    }

    void invalidRepliesBecomeInvalidLambdaResponse()
    {
        QFETCH(QByteArray, reply);
        QFETCH(QString, errorType);
        Fixture f;
        ScriptedReply bad;
        bad.body = reply;
        bad.times = 1;
        f.handler.on(Type::CallAnswered, bad);
        f.handler.onJson(Type::InvalidLambdaResponse, R"({"SchemaVersion":"1.0","Actions":[{"Type":"Hangup","Parameters":{}}]})");
        const QString id = f.place(QStringLiteral("+12065550199"));
        QVERIFY(f.waitForEnd(id));
        QCOMPARE(f.handler.sequence(id), words("1:NEW_OUTBOUND_CALL,2:RINGING,3:CALL_ANSWERED,4:INVALID_LAMBDA_RESPONSE,5:HANGUP"));
        const InvocationEvent &invalid = f.handler.last(Type::InvalidLambdaResponse)->event;
        QCOMPARE(invalid.errorType, errorType);
        QVERIFY(!invalid.errorMessage.isEmpty());
        QVERIFY(f.handler.last(Type::InvalidLambdaResponse)->body.contains("\"ErrorType\"")); // top level
    }

    void updateInterruptsAPause()
    {
        Fixture f;
        f.handler.onJson(Type::CallAnswered, R"({"SchemaVersion":"1.0","Actions":[{"Type":"Pause","Parameters":{"DurationInMilliseconds":60000}}]})");
        f.handler.onJson(Type::CallUpdateRequested, R"({"SchemaVersion":"1.0","Actions":[{"Type":"Hangup","Parameters":{}}]})");
        const QString id = f.place(QStringLiteral("+12065550199"));
        QTRY_VERIFY_WITH_TIMEOUT(f.handler.last(Type::CallAnswered), 30000);
        QTest::qWait(100);
        const HttpResult updated = f.update(id, {{QStringLiteral("action"), QStringLiteral("hangup")}});
        QCOMPARE(updated.status, 202);
        QVERIFY(f.waitForEnd(id));
        QCOMPARE(f.handler.sequence(id), words("1:NEW_OUTBOUND_CALL,2:RINGING,3:CALL_ANSWERED,4:CALL_UPDATE_REQUESTED,5:ACTION_INTERRUPTED,6:HANGUP"));
        QCOMPARE(f.handler.last(Type::CallUpdateRequested)->event.actionData->value(QStringLiteral("Parameters")).toObject()
                     .value(QStringLiteral("Arguments")).toObject().value(QStringLiteral("action")).toString(), QStringLiteral("hangup"));
        QCOMPARE(f.handler.last(Type::ActionInterrupted)->event.actionType(), QStringLiteral("Pause"));
        QCOMPARE(f.update(id, {}).status, 404); // ended: NotFound
    }

    void injectedDuplicatesAreMarked()
    {
        SimulatorConfig config = SimulatorConfig::defaults();
        config.faults.duplicateRate = 1.0;
        Fixture f(config);
        const QString id = f.place(QStringLiteral("+12065550186")); // busy: 3 invocations
        QVERIFY(f.waitForEnd(id));
        QTRY_COMPARE_WITH_TIMEOUT(f.handler.sequence(id).size(), 6, 10000);
        int injected = 0;
        for (const auto &r : f.handler.received)
            injected += r.injectedFault == "duplicate" ? 1 : 0;
        QCOMPARE(injected, 3);
    }

    void injectedReorderingDeliversAnOlderSequenceLate()
    {
        SimulatorConfig config = SimulatorConfig::defaults();
        config.faults.reorderRate = 1.0;
        Fixture f(config);
        const QString id = f.place(QStringLiteral("+12065550186")); // busy: NEW_OUTBOUND_CALL, RINGING, HANGUP
        QVERIFY(f.waitForEnd(id));
        QTRY_VERIFY_WITH_TIMEOUT(f.handler.received.size() >= 5, 10000);
        int reordered = 0;
        for (qsizetype i = 1; i < f.handler.received.size(); ++i) {
            const RecordedInvocation &r = f.handler.received.at(i);
            if (r.injectedFault != "reordered")
                continue;
            ++reordered;
            // Marked as injected, and older than what was delivered just before it.
            QVERIFY(r.event.sequence < f.handler.received.at(i - 1).event.sequence);
        }
        QCOMPARE(reordered, 2); // NEW_OUTBOUND_CALL after RINGING, RINGING after HANGUP
    }

    void boto3WorksUnchanged()
    {
        if (!QFile::exists(QStringLiteral("/usr/bin/python3"))
            || QProcess::execute(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), QStringLiteral("import boto3")}) != 0)
            QSKIP("boto3 is not installed for /usr/bin/python3 (Debian: python3-boto3)");
        Fixture f;
        const QString script = QStringLiteral(
            "import boto3, sys\n"
            "c = boto3.client('chime-sdk-voice', endpoint_url=sys.argv[1], region_name='us-east-1',\n"
            "                 aws_access_key_id='AKIDEXAMPLE', aws_secret_access_key='secret')\n"
            "r = c.create_sip_media_application_call(FromPhoneNumber='+12065550100', ToPhoneNumber='+12065550186',\n"
            "        SipMediaApplicationId='%1', ArgumentsMap={'k': 'v'})\n"
            "print(r['SipMediaApplicationCall']['TransactionId'])\n"
            "try:\n"
            "    c.update_sip_media_application_call(SipMediaApplicationId='%1', TransactionId='nope', Arguments={})\n"
            "except c.exceptions.NotFoundException as e:\n"
            "    print('NotFoundException', e.response['Error']['Message'])\n").arg(QLatin1String(smaId));
        QProcess python;
        python.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), script, f.simulator->url().toString()});
        while (!python.waitForFinished(50))
            QCoreApplication::processEvents();
        const QString out = QString::fromUtf8(python.readAllStandardOutput() + python.readAllStandardError());
        QVERIFY2(python.exitCode() == 0, qPrintable(out));
        QVERIFY2(QRegularExpression(QStringLiteral("^[a-f0-9-]{36}$"), QRegularExpression::MultilineOption).match(out).hasMatch(), qPrintable(out));
        QVERIFY2(out.contains(QLatin1String("NotFoundException Transaction nope")), qPrintable(out));
    }

    void controlPlaneErrorsAsAws_data()
    {
        QTest::addColumn<QString>("to");
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("sma");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("errorType");
        QTest::newRow("bad To") << QStringLiteral("+0123") << QStringLiteral("+12065550100") << QString::fromLatin1(smaId) << 400 << QByteArray("BadRequestException");
        QTest::newRow("unknown SMA") << QStringLiteral("+12065550199") << QStringLiteral("+12065550100") << QStringLiteral("nope") << 404 << QByteArray("NotFoundException");
        QTest::newRow("From not owned") << QStringLiteral("+12065550199") << QStringLiteral("+12065550999") << QString::fromLatin1(smaId) << 403 << QByteArray("AccessDeniedException");
    }

    void controlPlaneErrorsAsAws()
    {
        QFETCH(QString, to);
        QFETCH(QString, from);
        QFETCH(QString, sma);
        QFETCH(int, status);
        QFETCH(QByteArray, errorType);
        Fixture f;
        const HttpResult r = f.create(to, from, sma);
        QCOMPARE(r.status, status);
        QCOMPARE(r.header("x-amzn-ErrorType"), errorType);
        QVERIFY(!r.header("x-amzn-RequestId").isEmpty());
        QCOMPARE(r.json().value(QStringLiteral("Code")).toString(), QString::fromLatin1(errorType).chopped(9));
        QVERIFY(!r.json().value(QStringLiteral("Message")).toString().isEmpty());
    }

    void unknownTransactionOnUpdateIsNotFound()
    {
        Fixture f;
        const HttpResult r = f.update(QStringLiteral("no-such-transaction"), {});
        QCOMPARE(r.status, 404);
        QCOMPARE(r.header("x-amzn-ErrorType"), QByteArray("NotFoundException"));
    }

    void throttling()
    {
        SimulatorConfig config = SimulatorConfig::defaults();
        config.callsPerSecond = 1;
        Fixture f(config);
        QCOMPARE(f.create(QStringLiteral("+12065550186")).status, 201);
        const HttpResult second = f.create(QStringLiteral("+12065550186"));
        QCOMPARE(second.status, 429);
        QCOMPARE(second.header("x-amzn-ErrorType"), QByteArray("ThrottledClientException"));
    }

    void listsForThePickers()
    {
        Fixture f;
        QUrl url = f.simulator->url();
        url.setPath(QStringLiteral("/sip-media-applications"));
        const QJsonArray apps = request(f.network, "GET", url).json().value(QStringLiteral("SipMediaApplications")).toArray();
        QCOMPARE(apps.size(), 1);
        QCOMPARE(apps.at(0).toObject().value(QStringLiteral("SipMediaApplicationId")).toString(), QLatin1String(smaId));
        url.setPath(QStringLiteral("/sip-media-applications/%1").arg(QLatin1String(smaId)));
        QCOMPARE(request(f.network, "GET", url).status, 200);
        url.setPath(QStringLiteral("/phone-numbers"));
        const QJsonArray numbers = request(f.network, "GET", url).json().value(QStringLiteral("PhoneNumbers")).toArray();
        QCOMPARE(numbers.at(0).toObject().value(QStringLiteral("E164PhoneNumber")).toString(), QStringLiteral("+12065550100"));
    }

    void signaturesAreVerifiedWhenConfigured()
    {
        const QString aws = QStandardPaths::findExecutable(QStringLiteral("aws"));
        SimulatorConfig config = SimulatorConfig::defaults();
        config.verifyAccessKeyId = QStringLiteral("AKIDEXAMPLE");
        config.verifySecretAccessKey = QStringLiteral("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        Fixture f(config);
        const HttpResult unsigned_ = f.create(QStringLiteral("+12065550186"));
        QCOMPARE(unsigned_.status, 403);
        QCOMPARE(unsigned_.header("x-amzn-ErrorType"), QByteArray("MissingAuthenticationTokenException"));
        if (aws.isEmpty())
            QSKIP("the AWS CLI is not installed (Debian: awscli): signed requests not exercised");
        const auto run = [&](const QString &secret) {
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), QStringLiteral("AKIDEXAMPLE"));
            env.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"), secret);
            env.insert(QStringLiteral("AWS_EC2_METADATA_DISABLED"), QStringLiteral("true"));
            QProcess process;
            process.setProcessEnvironment(env);
            process.start(aws, {QStringLiteral("chime-sdk-voice"), QStringLiteral("create-sip-media-application-call"),
                                QStringLiteral("--sip-media-application-id"), QLatin1String(smaId),
                                QStringLiteral("--from-phone-number"), QStringLiteral("+12065550100"),
                                QStringLiteral("--to-phone-number"), QStringLiteral("+12065550186"),
                                QStringLiteral("--endpoint-url"), f.simulator->url().toString(), QStringLiteral("--region"), QStringLiteral("us-east-1")});
            while (!process.waitForFinished(50))
                QCoreApplication::processEvents();
            return std::make_pair(process.exitCode(), QString::fromUtf8(process.readAllStandardOutput() + process.readAllStandardError()));
        };
        const auto good = run(config.verifySecretAccessKey);
        QVERIFY2(good.first == 0 && good.second.contains(QLatin1String("TransactionId")), qPrintable(good.second));
        const auto forged = run(QStringLiteral("not-the-secret"));
        QVERIFY(forged.first != 0);
        QVERIFY2(forged.second.contains(QLatin1String("InvalidSignatureException")), qPrintable(forged.second));
    }

    void awsCliWorksUnchanged()
    {
        const QString aws = QStandardPaths::findExecutable(QStringLiteral("aws"));
        if (aws.isEmpty())
            QSKIP("the AWS CLI is not installed (Debian: awscli)");
        Fixture f;
        const auto run = [&](const QStringList &arguments) { return runAwsCli(aws, f.simulator->url(), arguments); };
        const auto created = run({QStringLiteral("create-sip-media-application-call"), QStringLiteral("--sip-media-application-id"), QLatin1String(smaId),
                                  QStringLiteral("--from-phone-number"), QStringLiteral("+12065550100"), QStringLiteral("--to-phone-number"), QStringLiteral("+12065550199")});
        QVERIFY2(created.first == 0, qPrintable(created.second));
        const QString id = QJsonDocument::fromJson(created.second.toUtf8()).object().value(QStringLiteral("SipMediaApplicationCall"))
                               .toObject().value(QStringLiteral("TransactionId")).toString();
        QVERIFY2(!id.isEmpty(), qPrintable(created.second));
        const auto updated = run({QStringLiteral("update-sip-media-application-call"), QStringLiteral("--sip-media-application-id"), QLatin1String(smaId),
                                  QStringLiteral("--transaction-id"), id, QStringLiteral("--arguments"), QStringLiteral("step=2")});
        QVERIFY2(updated.first == 0, qPrintable(updated.second));
        QTRY_VERIFY_WITH_TIMEOUT(f.handler.last(Type::CallUpdateRequested), 30000);
        QCOMPARE(f.handler.last(Type::CallUpdateRequested)->event.actionData->value(QStringLiteral("Parameters")).toObject()
                     .value(QStringLiteral("Arguments")).toObject().value(QStringLiteral("step")).toString(), QStringLiteral("2"));
        const auto notFound = run({QStringLiteral("update-sip-media-application-call"), QStringLiteral("--sip-media-application-id"), QLatin1String(smaId),
                                   QStringLiteral("--transaction-id"), QStringLiteral("unknown"), QStringLiteral("--arguments"), QStringLiteral("a=b")});
        QVERIFY(notFound.first != 0);
        QVERIFY2(notFound.second.contains(QLatin1String("NotFoundException")), qPrintable(notFound.second));
        const auto badRequest = run({QStringLiteral("create-sip-media-application-call"), QStringLiteral("--sip-media-application-id"), QLatin1String(smaId),
                                     QStringLiteral("--from-phone-number"), QStringLiteral("+12065550100"), QStringLiteral("--to-phone-number"), QStringLiteral("+0123")});
        QVERIFY2(badRequest.second.contains(QLatin1String("BadRequestException")), qPrintable(badRequest.second));
        const auto listed = run({QStringLiteral("list-sip-media-applications")});
        QVERIFY2(listed.first == 0 && listed.second.contains(QLatin1String(smaId)), qPrintable(listed.second));
    }
};

QTEST_GUILESS_MAIN(TestSimulator)
#include "tst_simulator.moc"

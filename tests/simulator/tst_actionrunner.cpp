// How the simulator runs actions, through real HTTP to a scripted handler at 20x speed: the
// remaining leg of a bridged call, per-action failures, digit gathering and its retries,
// digits per leg, one HANGUP per leg, meetings, recordings, bots and the documented
// contradictions the service tolerates.
#include "SimulatorFixture.h"

#include <QJsonArray>
#include <QObject>
#include <QTest>

using Type = InvocationEventType;

Q_DECLARE_METATYPE(QList<callconsole::ScheduledDigits>)

namespace {

// The far ends used below; the fixture's defaults stay in place after them.
CalleeBehaviour farEnd(const char *number, int hangupAfterMs = -1, QList<ScheduledDigits> digits = {})
{
    CalleeBehaviour behaviour;
    behaviour.to = QRegularExpression(QRegularExpression::anchoredPattern(QString::fromLatin1(number).replace(QLatin1Char('+'), QStringLiteral("\\+"))));
    behaviour.hangupAfterMs = hangupAfterMs;
    behaviour.digits = std::move(digits);
    return behaviour;
}

QJsonObject parametersOf(const RecordedInvocation *invocation)
{
    return invocation->event.actionData->value(QStringLiteral("Parameters")).toObject();
}

QString callIdOf(const RecordedInvocation *invocation, int leg)
{
    return invocation->event.callDetails.participants.at(leg).callId;
}

const char *const bridge = R"({"SchemaVersion":"1.0","Actions":[{"Type":"CallAndBridge","Parameters":{
    "CallerIdNumber":"+12065550100","Endpoints":[{"BridgeEndpointType":"PSTN","Uri":"+12065550177"}]}}]})";

} // namespace

class TestActionRunner : public QObject
{
    Q_OBJECT

private slots:
    // DG hangup.md: when one leg of a bridged call hangs up, the reply's actions run on the leg
    // that is left — here a Speak without CallId and a Hangup, so the call ends.
    void bridgedLegHangupRepliesRunOnTheRemainingLeg()
    {
        SimulatorConfig config = SimulatorConfig::defaults();
        config.callees.prepend(farEnd("+12065550177", 2000)); // LEG-B hangs up 100 ms after answering
        Fixture f(config);
        f.handler.onJson(Type::CallAnswered, bridge);
        f.handler.onJson(Type::Hangup, R"({"SchemaVersion":"1.0","Actions":[
            {"Type":"Speak","Parameters":{"Text":"The other party left."}},{"Type":"Hangup","Parameters":{}}]})");
        const QString id = f.place(QStringLiteral("+12065550199"));
        QVERIFY(f.waitForEnd(id));
        QCOMPARE(f.handler.sequence(id),
                 words("1:NEW_OUTBOUND_CALL,2:RINGING,3:CALL_ANSWERED,4:ACTION_SUCCESSFUL,5:HANGUP,6:HANGUP"));
        const InvocationEvent &legB = f.handler.received.at(4).event;
        const InvocationEvent &legA = f.handler.received.at(5).event;
        QVERIFY(legB.hangupInfo()->tag == ParticipantTag::LegB);
        QVERIFY(legB.callDetails.participants.at(0).status == ParticipantStatus::Connected);
        QVERIFY(legA.hangupInfo()->tag == ParticipantTag::LegA);
        QCOMPARE(legA.hangupInfo()->callId, legA.callDetails.participants.at(0).callId);
        QVERIFY(legA.callDetails.participants.at(0).status == ParticipantStatus::Disconnected);
    }

    // DG send-digits.md / speak.md: the actions before a bad parameter run; then ACTION_FAILED
    // for that action with the documented ErrorType and ErrorMessage, and the rest is dropped.
    void aBadParameterFailsThatActionOnly_data()
    {
        QTest::addColumn<QByteArray>("badAction");
        QTest::addColumn<QString>("errorType");
        QTest::addColumn<QString>("errorMessage");
        QTest::newRow("ToneDuration") << QByteArray(R"({"Type":"SendDigits","Parameters":{"CallId":"{{LEG-A}}","Digits":"1,2A\u0023","ToneDurationInMilliseconds":20000000}})")
                                      << "InvalidActionParameter" << "ToneDuration parameter value is invalid.";
        QTest::newRow("Text over 1,000") << QByteArray("{\"Type\":\"Speak\",\"Parameters\":{\"CallId\":\"{{LEG-A}}\",\"Text\":\"") + QByteArray(1001, 'a') + "\"}}"
                                         << "MissingRequiredActionParameter" << "Text is limited to 1,000 characters";
        QTest::newRow("no AudioSource") << QByteArray(R"({"Type":"PlayAudio","Parameters":{}})")
                                        << "MissingRequiredActionParameter" << "Missing required action parameter.";
    }

    void aBadParameterFailsThatActionOnly()
    {
        QFETCH(QByteArray, badAction);
        QFETCH(QString, errorType);
        QFETCH(QString, errorMessage);
        Fixture f;
        f.handler.onBody(Type::CallAnswered, (R"({"SchemaVersion":"1.0","Actions":[
            {"Type":"Pause","Parameters":{"DurationInMilliseconds":6000}},)" + badAction + R"(,
            {"Type":"Pause","Parameters":{"DurationInMilliseconds":60000}}]})"));
        f.handler.onJson(Type::ActionFailed, R"({"SchemaVersion":"1.0","Actions":[{"Type":"Hangup","Parameters":{}}]})");
        const QString id = f.place(QStringLiteral("+12065550199"));
        QVERIFY(f.waitForEnd(id));
        QCOMPARE(f.handler.sequence(id), words("1:NEW_OUTBOUND_CALL,2:RINGING,3:CALL_ANSWERED,4:ACTION_FAILED,5:HANGUP"));
        const RecordedInvocation *failed = f.handler.last(Type::ActionFailed);
        QCOMPARE(failed->event.actionData->value(QStringLiteral("ErrorType")).toString(), errorType);
        QCOMPARE(failed->event.actionData->value(QStringLiteral("ErrorMessage")).toString(), errorMessage);
        // The Pause before it ran its 6 s (300 ms here); the 60 s one after it never did.
        const qint64 ran = failed->receivedAtMs - f.handler.last(Type::CallAnswered)->receivedAtMs;
        QVERIFY2(ran >= 280 && ran < 3000, qPrintable(QString::number(ran)));
    }

    // DG play-audio-get-digits.md: input outside Min/Max, against the regex or without a digit
    // in time fails the attempt; the failure prompt plays and the next attempt starts.
    void getDigitsHonoursItsParameters_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QByteArray>("parameters");
        QTest::addColumn<QList<ScheduledDigits>>("pressed");
        QTest::addColumn<QString>("event");
        QTest::addColumn<QString>("result");  // ReceivedDigits, or the ErrorType
        // Prompts last 10 s (500 ms here): "1#" lands in the first attempt's prompt.
        const QList<ScheduledDigits> shortThenLong{{2000, QStringLiteral("1#")}, {30000, QStringLiteral("12345678901#")}};
        QTest::newRow("1# below a minimum of 11 fails")
            << "PlayAudioAndGetDigits" << QByteArray(R"("MinNumberOfDigits":11,"RepeatDurationInMilliseconds":4000,"Repeat":1)")
            << shortThenLong << "ACTION_FAILED" << "InvalidDigitsReceived";
        QTest::newRow("retried until 11 digits come")
            << "PlayAudioAndGetDigits" << QByteArray(R"("MinNumberOfDigits":11,"RepeatDurationInMilliseconds":20000,"Repeat":2)")
            << shortThenLong << "ACTION_SUCCESSFUL" << "12345678901";
        QTest::newRow("silence through every attempt")
            << "PlayAudioAndGetDigits" << QByteArray(R"("RepeatDurationInMilliseconds":2000,"Repeat":2)")
            << QList<ScheduledDigits>{} << "ACTION_FAILED" << "InvalidDigitsReceived";
        QTest::newRow("MaxNumberOfDigits ends the input")
            << "PlayAudioAndGetDigits" << QByteArray(R"("MaxNumberOfDigits":3,"RepeatDurationInMilliseconds":4000)")
            << QList<ScheduledDigits>{{2000, QStringLiteral("123456")}} << "ACTION_SUCCESSFUL" << "123";
        QTest::newRow("regex written with the terminator")
            << "PlayAudioAndGetDigits" << QByteArray(R"("InputDigitsRegex":"^\\d{2}\u0023$","RepeatDurationInMilliseconds":4000)")
            << QList<ScheduledDigits>{{2000, QStringLiteral("42#")}} << "ACTION_SUCCESSFUL" << "42";
        QTest::newRow("regex mismatch")
            << "PlayAudioAndGetDigits" << QByteArray(R"("InputDigitsRegex":"^[12]$","RepeatDurationInMilliseconds":4000)")
            << QList<ScheduledDigits>{{2000, QStringLiteral("7#")}} << "ACTION_FAILED" << "InvalidDigitsReceived";
        QTest::newRow("other terminator")
            << "PlayAudioAndGetDigits" << QByteArray(R"("TerminatorDigits":["*"],"RepeatDurationInMilliseconds":4000)")
            << QList<ScheduledDigits>{{2000, QStringLiteral("5#6*")}} << "ACTION_SUCCESSFUL" << "5#6";
        QTest::newRow("pause between digits ends the input")
            << "PlayAudioAndGetDigits" << QByteArray(R"("MinNumberOfDigits":2,"InBetweenDigitsDurationInMilliseconds":2000,"RepeatDurationInMilliseconds":60000)")
            << QList<ScheduledDigits>{{2000, QStringLiteral("12")}} << "ACTION_SUCCESSFUL" << "12";
        QTest::newRow("SpeakAndGetDigits retried")
            << "SpeakAndGetDigits" << QByteArray(R"("MinNumberOfDigits":11,"RepeatDurationInMilliseconds":20000,"Repeat":2)")
            << shortThenLong << "ACTION_SUCCESSFUL" << "12345678901";
    }

    void getDigitsHonoursItsParameters()
    {
        QFETCH(QString, type);
        QFETCH(QByteArray, parameters);
        QFETCH(QList<ScheduledDigits>, pressed);
        QFETCH(QString, event);
        QFETCH(QString, result);
        SimulatorConfig config = SimulatorConfig::defaults();
        config.audioClipMs = 10000;
        config.speakingCharsPerSecond = 1; // "Enter it" and "Again": 8 s and 5 s of speech
        config.callees.prepend(farEnd("+12065550198", -1, pressed));
        Fixture f(config);
        const QByteArray prompts = type == QLatin1String("SpeakAndGetDigits")
            ? QByteArray(R"("CallId":"{{LEG-A}}","SpeechParameters":{"Text":"Enter it"},"FailureSpeechParameters":{"Text":"Again"})")
            : QByteArray(R"("AudioSource":{"Type":"S3","BucketName":"b","Key":"pin.wav"},"FailureAudioSource":{"Type":"S3","BucketName":"b","Key":"again.wav"})");
        f.handler.onBody(Type::CallAnswered, (R"({"SchemaVersion":"1.0","Actions":[{"Type":")" + type.toLatin1()
                                                       + R"(","Parameters":{)" + prompts + "," + parameters + "}}]}"));
        const QByteArray hangup = R"({"SchemaVersion":"1.0","Actions":[{"Type":"Hangup","Parameters":{}}]})";
        f.handler.onBody(Type::ActionSuccessful, hangup);
        f.handler.onBody(Type::ActionFailed, hangup);
        const QString id = f.place(QStringLiteral("+12065550198"));
        QVERIFY(f.waitForEnd(id));
        QCOMPARE(f.handler.sequence(id), words("1:NEW_OUTBOUND_CALL,2:RINGING,3:CALL_ANSWERED")
                                             << QStringLiteral("4:") + event << QStringLiteral("5:HANGUP"));
        const QJsonObject data = *f.handler.received.at(3).event.actionData;
        QCOMPARE(data.value(QStringLiteral("Type")).toString(), type);
        if (event == QLatin1String("ACTION_SUCCESSFUL")) {
            QCOMPARE(data.value(QStringLiteral("ReceivedDigits")).toString(), result);
        } else {
            QCOMPARE(data.value(QStringLiteral("ErrorType")).toString(), result);
            QVERIFY(!data.value(QStringLiteral("ErrorMessage")).toString().isEmpty());
        }
    }

    // ReceiveDigits on both legs at once: each DIGITS_RECEIVED carries its own leg's digits and
    // CallId; the far end of LEG-B presses digits too.
    void digitsAreReceivedPerLeg()
    {
        SimulatorConfig config = SimulatorConfig::defaults();
        config.callees.prepend(farEnd("+12065550177", -1, {{4000, QStringLiteral("2#")}}));
        config.callees.prepend(farEnd("+12065550197", -1, {{9000, QStringLiteral("1#")}}));
        Fixture f(config);
        f.handler.onJson(Type::CallAnswered, bridge);
        f.handler.queue(Type::ActionSuccessful, R"({"SchemaVersion":"1.0","Actions":[
            {"Type":"ReceiveDigits","Parameters":{"ParticipantTag":"LEG-A","InputDigitsRegex":"^\\d\u0023$","InBetweenDigitsDurationInMilliseconds":500,"FlushDigitsDurationInMilliseconds":5000}},
            {"Type":"ReceiveDigits","Parameters":{"ParticipantTag":"LEG-B","InputDigitsRegex":"^\\d\u0023$","InBetweenDigitsDurationInMilliseconds":500,"FlushDigitsDurationInMilliseconds":5000}}]})");
        const QString id = f.place(QStringLiteral("+12065550197"));
        QTRY_COMPARE_WITH_TIMEOUT(f.handler.sequence(id).filter(QStringLiteral("DIGITS_RECEIVED")).size(), 2, 30000);
        QStringList byLeg;
        for (const RecordedInvocation &r : std::as_const(f.handler.received)) {
            if (r.event.type != Type::DigitsReceived)
                continue;
            const QString callId = parametersOf(&r).value(QStringLiteral("CallId")).toString();
            const int leg = callId == callIdOf(&r, 0) ? 0 : callId == callIdOf(&r, 1) ? 1 : -1;
            byLeg << QStringLiteral("%1=%2").arg(leg).arg(r.event.actionData->value(QStringLiteral("ReceivedDigits")).toString());
        }
        byLeg.sort();
        QCOMPARE(byLeg, (QStringList{QStringLiteral("0=1#"), QStringLiteral("1=2#")}));
        // The caller hangs up; the app hangs up the callee, as a bridging handler must.
        f.handler.onJson(Type::Hangup, R"({"SchemaVersion":"1.0","Actions":[{"Type":"Hangup","Parameters":{}}]})");
        f.simulator->hangUp(id);
        QVERIFY(f.waitForEnd(id));
        QCOMPARE(f.handler.sequence(id).filter(QStringLiteral("HANGUP")).size(), 2);
    }

    // A leg the app hung up is never hung up again when its far end's own timer fires.
    void oneHangupPerLeg()
    {
        SimulatorConfig config = SimulatorConfig::defaults();
        config.callees.prepend(farEnd("+12065550177", 12000)); // LEG-B leaves 600 ms after answering
        config.callees.prepend(farEnd("+12065550196", 6000));  // LEG-A would leave 300 ms after answering
        Fixture f(config);
        f.handler.onJson(Type::CallAnswered, bridge);          // LEG-B answers 90 ms later
        // The app hangs up LEG-A as soon as the bridge is up; LEG-B stays.
        f.handler.onJson(Type::ActionSuccessful, R"({"SchemaVersion":"1.0","Actions":[{"Type":"Hangup","Parameters":{"ParticipantTag":"LEG-A"}}]})");
        const QString id = f.place(QStringLiteral("+12065550196"));
        QVERIFY(f.waitForEnd(id));
        QTest::qWait(300); // past every far-end timer
        QStringList legs;
        for (const RecordedInvocation &r : std::as_const(f.handler.received)) {
            if (r.event.type == Type::Hangup)
                legs << toString(r.event.hangupInfo()->tag.value_or(ParticipantTag::LegA));
        }
        QCOMPARE(legs, (QStringList{QStringLiteral("LEG-A"), QStringLiteral("LEG-B")}));
    }

    // The console's hang-up after the app hung up the caller's leg ends the leg still left.
    void consoleHangUpEndsTheLegStillUp()
    {
        Fixture f;
        f.handler.onJson(Type::CallAnswered, bridge);
        f.handler.onJson(Type::ActionSuccessful, R"({"SchemaVersion":"1.0","Actions":[{"Type":"Hangup","Parameters":{"ParticipantTag":"LEG-A"}}]})");
        const QString id = f.place(QStringLiteral("+12065550199"));
        QTRY_VERIFY_WITH_TIMEOUT(f.handler.last(Type::Hangup), 30000);
        QVERIFY(!f.simulator->call(id)->isEnded());
        QVERIFY(f.simulator->hangUp(id));
        QVERIFY(f.waitForEnd(id));
        QCOMPARE(f.handler.last(Type::Hangup)->event.hangupInfo()->tag, std::optional<ParticipantTag>(ParticipantTag::LegB));
    }

    // DG use-cases.md: JoinChimeMeeting adds the meeting leg as LEG-B; ModifyChimeMeetingAttendees
    // acts on it (and fails on a leg that is not in a meeting); when the caller leaves, both
    // legs are Disconnected in one HANGUP.
    void meetingJoinAndAttendees()
    {
        SimulatorConfig config = SimulatorConfig::defaults();
        config.callees.prepend(farEnd("+12065550195", 8000)); // the caller leaves 400 ms after answering
        Fixture f(config);
        f.handler.onJson(Type::CallAnswered, R"({"SchemaVersion":"1.0","Actions":[{"Type":"JoinChimeMeeting","Parameters":{"JoinToken":"token"}}]})");
        const QByteArray mute = R"({"Type":"ModifyChimeMeetingAttendees","Parameters":{"Operation":"Mute","MeetingId":"m1","AttendeeList":["a1"]}})";
        f.handler.queue(Type::ActionSuccessful, R"({"SchemaVersion":"1.0","Actions":[)" + QByteArray(mute).replace("\"Operation\"", "\"ParticipantTag\":\"LEG-A\",\"Operation\"") + "]}");
        f.handler.queue(Type::ActionFailed, R"({"SchemaVersion":"1.0","Actions":[)" + mute + "]}");
        const QString id = f.place(QStringLiteral("+12065550195"));
        QVERIFY(f.waitForEnd(id));
        QCOMPARE(f.handler.sequence(id),
                 words("1:NEW_OUTBOUND_CALL,2:RINGING,3:CALL_ANSWERED,4:ACTION_SUCCESSFUL,5:ACTION_FAILED,6:ACTION_SUCCESSFUL,7:HANGUP"));
        const InvocationEvent &joined = f.handler.received.at(3).event;
        QCOMPARE(joined.actionType(), QStringLiteral("JoinChimeMeeting"));
        QCOMPARE(joined.callDetails.participants.size(), 2);
        const Participant &meeting = joined.callDetails.participants.at(1);
        QVERIFY(meeting.tag == ParticipantTag::LegB);
        QCOMPARE(meeting.to, QStringLiteral("SMA"));
        QCOMPARE(meeting.from, QStringLiteral("+17035550122"));
        QVERIFY(meeting.status == ParticipantStatus::Connected);
        const QJsonObject refused = *f.handler.received.at(4).event.actionData;
        QCOMPARE(refused.value(QStringLiteral("ErrorMessage")).toString(), QStringLiteral("Call is not connected to Chime Meeting."));
        QVERIFY(refused.value(QStringLiteral("ErrorList")).isArray());
        const RecordedInvocation *muted = &f.handler.received.at(5);
        QCOMPARE(muted->event.actionType(), QStringLiteral("ModifyChimeMeetingAttendees"));
        QCOMPARE(parametersOf(muted).value(QStringLiteral("CallId")).toString(), meeting.callId);
        const InvocationEvent &hangup = f.handler.received.at(6).event;
        QVERIFY(hangup.callDetails.participants.at(0).status == ParticipantStatus::Disconnected);
        QVERIFY(hangup.callDetails.participants.at(1).status == ParticipantStatus::Disconnected);
    }

    // DG record-audio.md: the success event carries where the recording went; a
    // RecordingTerminator ends it early and is reported.
    void recordAudioReportsItsDestination()
    {
        SimulatorConfig config = SimulatorConfig::defaults();
        config.callees.prepend(farEnd("+12065550194", -1, {{3000, QStringLiteral("#")}}));
        Fixture f(config);
        f.handler.onJson(Type::CallAnswered, R"({"SchemaVersion":"1.0","Actions":[{"Type":"RecordAudio","Parameters":{
            "DurationInSeconds":60,"RecordingTerminators":["\u0023"],"RecordingDestination":{"Type":"S3","BucketName":"voicemail","Prefix":"in/"}}}]})");
        f.handler.onJson(Type::ActionSuccessful, R"({"SchemaVersion":"1.0","Actions":[{"Type":"Hangup","Parameters":{}}]})");
        const QString id = f.place(QStringLiteral("+12065550194"));
        QVERIFY(f.waitForEnd(id, 10000)); // well before the 60 s (3 s here) the recording could last
        const RecordedInvocation *recorded = f.handler.last(Type::ActionSuccessful);
        const QJsonObject destination = recorded->event.actionData->value(QStringLiteral("RecordingDestination")).toObject();
        QCOMPARE(destination.value(QStringLiteral("Type")).toString(), QStringLiteral("S3"));
        QCOMPARE(destination.value(QStringLiteral("BucketName")).toString(), QStringLiteral("voicemail"));
        const QString key = destination.value(QStringLiteral("Key")).toString();
        QVERIFY2(key.startsWith(QLatin1String("in/") + callIdOf(recorded, 0)) && key.endsWith(QLatin1String(".wav")), qPrintable(key));
        QCOMPARE(recorded->event.actionData->value(QStringLiteral("RecordingTerminatorUsed")).toString(), QStringLiteral("#"));
    }

    // DG start-bot-conversation.md: the configured bot's result in ActionData.IntentResult, or
    // the configured failure.
    void botConversationEndsWithTheConfiguredResult()
    {
        const auto parsed = SimulatorConfig::fromJson(R"({"bots":[
            {"botAliasArn":"*/missing","errorType":"ResourceNotFound"},
            {"botAliasArn":"arn:aws:lex:*","intent":"BookHotel","slots":{"City":"Seattle","Nights":null},
             "state":"ReadyForFulfillment","confirmationState":"Confirmed","conversationMs":2000}]})");
        QVERIFY2(parsed.ok(), qPrintable(messages(parsed.issues).join(QLatin1Char('\n'))));
        Fixture f(*parsed.value);
        f.handler.onJson(Type::CallAnswered, R"({"SchemaVersion":"1.0","Actions":[{"Type":"StartBotConversation","Parameters":{
            "BotAliasArn":"arn:aws:lex:us-east-1:123456789012:bot-alias/BOT/ALIAS","LocaleId":"en_US",
            "Configuration":{"SessionState":{"SessionAttributes":{"caller":"vip"},"DialogAction":{"Type":"ElicitIntent"}}}}}]})");
        f.handler.onJson(Type::ActionSuccessful, R"({"SchemaVersion":"1.0","Actions":[{"Type":"StartBotConversation","Parameters":{
            "BotAliasArn":"arn:aws:lex:us-east-1:123456789012:bot-alias/BOT/missing"}}]})");
        f.handler.onJson(Type::ActionFailed, R"({"SchemaVersion":"1.0","Actions":[{"Type":"Hangup","Parameters":{}}]})");
        const QString id = f.place(QStringLiteral("+12065550199"));
        QVERIFY(f.waitForEnd(id));
        QCOMPARE(f.handler.sequence(id), words("1:NEW_OUTBOUND_CALL,2:RINGING,3:CALL_ANSWERED,4:ACTION_SUCCESSFUL,5:ACTION_FAILED,6:HANGUP"));
        const RecordedInvocation *talked = f.handler.last(Type::ActionSuccessful);
        const QJsonObject result = talked->event.actionData->value(QStringLiteral("IntentResult")).toObject();
        QCOMPARE(result.value(QStringLiteral("SessionId")).toString(), callIdOf(talked, 0));
        const QJsonObject state = result.value(QStringLiteral("SessionState")).toObject();
        QCOMPARE(state.value(QStringLiteral("SessionAttributes")).toObject().value(QStringLiteral("caller")).toString(), QStringLiteral("vip"));
        const QJsonObject intent = state.value(QStringLiteral("Intent")).toObject();
        QCOMPARE(intent.value(QStringLiteral("Name")).toString(), QStringLiteral("BookHotel"));
        QCOMPARE(intent.value(QStringLiteral("State")).toString(), QStringLiteral("ReadyForFulfillment"));
        QCOMPARE(intent.value(QStringLiteral("ConfirmationState")).toString(), QStringLiteral("Confirmed"));
        const QJsonObject filled = intent.value(QStringLiteral("Slots")).toObject();
        QCOMPARE(filled.value(QStringLiteral("City")).toObject().value(QStringLiteral("Value")).toObject()
                     .value(QStringLiteral("InterpretedValue")).toString(), QStringLiteral("Seattle"));
        QVERIFY(filled.value(QStringLiteral("Nights")).isNull());
        QCOMPARE(result.value(QStringLiteral("Interpretations")).toArray().first().toObject().value(QStringLiteral("Intent")).toObject()
                     .value(QStringLiteral("Name")).toString(), QStringLiteral("BookHotel"));
        QCOMPARE(f.handler.last(Type::ActionFailed)->event.actionData->value(QStringLiteral("ErrorType")).toString(),
                 QStringLiteral("ResourceNotFound"));
    }

    // Start/Pause/Resume/StopCallRecording keep a state per leg that each of them respects.
    void callRecordingKeepsItsState()
    {
        Fixture f;
        const auto actions = [](const char *types) {
            QByteArray list;
            for (const QString &type : QString::fromLatin1(types).split(QLatin1Char(','))) {
                if (!list.isEmpty())
                    list += ',';
                QJsonObject parameters{{QStringLiteral("CallId"), QStringLiteral("{{LEG-A}}")}};
                if (type == QLatin1String("StartCallRecording")) {
                    parameters.insert(QStringLiteral("Track"), QStringLiteral("BOTH"));
                    parameters.insert(QStringLiteral("Destination"), QJsonObject{{QStringLiteral("Type"), QStringLiteral("S3")},
                                                                                 {QStringLiteral("Location"), QStringLiteral("recordings")}});
                }
                list += QJsonDocument(QJsonObject{{QStringLiteral("Type"), type}, {QStringLiteral("Parameters"), parameters}})
                            .toJson(QJsonDocument::Compact);
            }
            return "{\"SchemaVersion\":\"1.0\",\"Actions\":[" + list + "]}";
        };
        f.handler.onBody(Type::CallAnswered, actions("StartCallRecording"));
        f.handler.queue(Type::ActionSuccessful, actions("ResumeCallRecording"));          // not paused: fails
        f.handler.queue(Type::ActionFailed, actions("PauseCallRecording,ResumeCallRecording,StopCallRecording"));
        f.handler.queue(Type::ActionSuccessful, actions("PauseCallRecording"));           // stopped: fails
        f.handler.queue(Type::ActionFailed, actions("Hangup"));
        const QString id = f.place(QStringLiteral("+12065550199"));
        QVERIFY(f.waitForEnd(id));
        QCOMPARE(f.handler.sequence(id),
                 words("1:NEW_OUTBOUND_CALL,2:RINGING,3:CALL_ANSWERED,4:ACTION_SUCCESSFUL,5:ACTION_FAILED,6:ACTION_SUCCESSFUL,7:ACTION_FAILED,8:HANGUP"));
        const RecordedInvocation &started = f.handler.received.at(3);
        const QString location = started.event.actionData->value(QStringLiteral("CallRecordingDestination")).toObject()
                                     .value(QStringLiteral("Location")).toString();
        QVERIFY2(location.startsWith(QLatin1String("recordings/Amazon-Chime-SMA-Call-Recordings/"))
                     && location.endsWith(QStringLiteral("_%1_%2.wav").arg(id, callIdOf(&started, 0))),
                 qPrintable(location));
        QCOMPARE(f.handler.received.at(4).event.actionType(), QStringLiteral("ResumeCallRecording"));
        QCOMPARE(f.handler.received.at(5).event.actionType(), QStringLiteral("StopCallRecording"));
        QCOMPARE(f.handler.received.at(6).event.actionType(), QStringLiteral("PauseCallRecording"));
    }

    // Readings the documents contradict but samples rely on run: VoiceFocus without CallId and
    // with "Enable": "True", and SipHeaders on a bridge to a PSTN number.
    void documentedContradictionsRun()
    {
        Fixture f;
        f.handler.onJson(Type::CallAnswered, R"({"SchemaVersion":"1.0","Actions":[
            {"Type":"VoiceFocus","Parameters":{"Enable":"True"}},
            {"Type":"CallAndBridge","Parameters":{"CallerIdNumber":"+12065550100","SipHeaders":{"x-ticket":"42"},
             "Endpoints":[{"BridgeEndpointType":"PSTN","Uri":"+12065550177"}]}}]})");
        f.handler.onJson(Type::ActionSuccessful, R"({"SchemaVersion":"1.0","Actions":[
            {"Type":"Speak","Parameters":{"Text":"Connected."}},{"Type":"Hangup","Parameters":{"ParticipantTag":"LEG-B"}}]})");
        f.handler.onJson(Type::Hangup, R"({"SchemaVersion":"1.0","Actions":[{"Type":"Hangup","Parameters":{}}]})");
        const QString id = f.place(QStringLiteral("+12065550199"));
        QVERIFY(f.waitForEnd(id));
        QCOMPARE(f.handler.sequence(id), words("1:NEW_OUTBOUND_CALL,2:RINGING,3:CALL_ANSWERED,4:ACTION_SUCCESSFUL,5:HANGUP,6:HANGUP"));
        QCOMPARE(f.handler.received.at(3).event.actionType(), QStringLiteral("CallAndBridge"));
    }
};

QTEST_GUILESS_MAIN(TestActionRunner)
#include "tst_actionrunner.moc"

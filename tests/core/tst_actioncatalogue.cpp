// The action catalogue (sma-reference.md §2.4) through ActionList: every action type with its
// required parameters and documented limits, numbers as numbers or numeric strings, and the
// error types AWS reports for each mistake.
#include "ActionCatalogue.h"
#include "ActionList.h"
#include "ActionReplies.h"

#include <QTest>

using namespace callconsole;
using namespace testing;

namespace {

QList<std::pair<QString, QJsonObject>> catalogueExamples()
{
    return {
        {QStringLiteral("Hangup"), object(R"({})")},
        {QStringLiteral("Pause"), object(R"({"DurationInMilliseconds":3000})")},
        {QStringLiteral("PlayAudio"), object(R"({"AudioSource":{"Type":"S3","BucketName":"b","Key":"k.wav"}})")},
        {QStringLiteral("PlayAudioAndGetDigits"),
         object(R"({"AudioSource":{"Type":"S3","BucketName":"b","Key":"k.wav"},
                    "FailureAudioSource":{"Type":"S3","BucketName":"b","Key":"f.wav"},
                    "RepeatDurationInMilliseconds":3000})")},
        {QStringLiteral("Speak"), object(R"({"CallId":"c1","Text":"Hello"})")},
        {QStringLiteral("SpeakAndGetDigits"),
         object(R"({"CallId":"c1","SpeechParameters":{"Text":"Press 1"},
                    "FailureSpeechParameters":{"Text":"Try again"},"RepeatDurationInMilliseconds":3000})")},
        {QStringLiteral("ReceiveDigits"),
         object(R"({"InputDigitsRegex":"^\\d{2}#$","InBetweenDigitsDurationInMilliseconds":1000,
                    "FlushDigitsDurationInMilliseconds":10000})")},
        {QStringLiteral("SendDigits"), object(R"({"CallId":"c1","Digits":"1,2#"})")},
        {QStringLiteral("RecordAudio"),
         object(R"({"RecordingDestination":{"Type":"S3","BucketName":"b"},"RecordingTerminators":["#"]})")},
        {QStringLiteral("CallAndBridge"),
         object(R"({"CallerIdNumber":"+15051234567","Endpoints":[{"BridgeEndpointType":"PSTN","Uri":"+12065550123"}]})")},
        {QStringLiteral("JoinChimeMeeting"), object(R"({"JoinToken":"token"})")},
        {QStringLiteral("ModifyChimeMeetingAttendees"),
         object(R"({"Operation":"Mute","MeetingId":"m1","AttendeeList":["a1","a2"]})")},
        {QStringLiteral("StartBotConversation"),
         object(R"({"BotAliasArn":"arn:aws:lex:us-east-1:123456789012:bot-alias/BOT/ALIAS"})")},
        {QStringLiteral("VoiceFocus"), object(R"({"CallId":"c1","Enable":true})")},
        {QStringLiteral("StartCallRecording"),
         object(R"({"CallId":"c1","Track":"BOTH","Destination":{"Type":"S3","Location":"bucket/prefix"}})")},
        {QStringLiteral("StopCallRecording"), object(R"({"CallId":"c1"})")},
        {QStringLiteral("PauseCallRecording"), object(R"({"CallId":"c1"})")},
        {QStringLiteral("ResumeCallRecording"), object(R"({"CallId":"c1"})")},
    };
}


} // namespace

class TestActionCatalogue : public QObject
{
    Q_OBJECT

private slots:
    void catalogueIsComplete();
    void minimalActions_data();
    void minimalActions();
    void fullyParameterisedActions_data();
    void fullyParameterisedActions();
    void missingParameters_data();
    void missingParameters();
    void limits_data();
    void limits();
    void unknownActionType_data();
    void unknownActionType();
    void documentedContradictionsWarn_data();
    void documentedContradictionsWarn();
    void documentedFailures_data();
    void documentedFailures();
};

void TestActionCatalogue::catalogueIsComplete()
{
    QStringList covered;
    for (const auto &[type, parameters] : catalogueExamples())
        covered << type;
    QCOMPARE(ActionList::knownActionTypes(), covered);
    QCOMPARE(covered.size(), 18);
}

void TestActionCatalogue::minimalActions_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QJsonObject>("parameters");
    for (const auto &[type, parameters] : catalogueExamples())
        QTest::newRow(qPrintable(type)) << type << parameters;
}

void TestActionCatalogue::minimalActions()
{
    QFETCH(QString, type);
    QFETCH(QJsonObject, parameters);
    const auto parsed = ActionList::fromJson(reply(type, parameters));
    QVERIFY2(parsed.ok(), qPrintable(messages(parsed.issues).join(QLatin1Char('\n'))));
    QVERIFY2(parsed.issues.isEmpty(), qPrintable(messages(parsed.issues).join(QLatin1Char('\n'))));
    QCOMPARE(parsed.value->actions.size(), 1);
    QCOMPARE(parsed.value->actions.first().type, type);
    QCOMPARE(parsed.value->actions.first().parameters, parameters);
}

void TestActionCatalogue::fullyParameterisedActions_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QJsonObject>("parameters");
    QTest::newRow("Hangup busy, strings") << "Hangup" << object(R"({"SipResponseCode":"486","ParticipantTag":"LEG-B"})");
    QTest::newRow("Hangup Workshop capture") << "Hangup" << object(R"({"SipResponseCode":"0","ParticipantTag":""})");
    QTest::newRow("Pause as string") << "Pause" << object(R"({"DurationInMilliseconds":"3000","CallId":"c1"})");
    QTest::newRow("PlayAudio all") << "PlayAudio"
        << object(R"({"CallId":"c1","ParticipantTag":"LEG-A","Repeat":"5","PlaybackTerminators":["#","*","0"],
                      "AudioSource":{"Type":"S3","BucketName":"b","Key":"k.wav"}})");
    QTest::newRow("PlayAudioAndGetDigits all") << "PlayAudioAndGetDigits"
        << object(R"({"AudioSource":{"Type":"S3","BucketName":"b","Key":"k"},"FailureAudioSource":{"Type":"S3","BucketName":"b","Key":"f"},
                      "RepeatDurationInMilliseconds":"3000","InputDigitsRegex":"^\\d+#$","MinNumberOfDigits":1,"MaxNumberOfDigits":"5",
                      "TerminatorDigits":["#"],"InBetweenDigitsDurationInMilliseconds":2000,"Repeat":3})");
    QTest::newRow("MaxNumberOfDigits past the 128 default") << "PlayAudioAndGetDigits"
        << object(R"({"AudioSource":{"Type":"S3","BucketName":"b","Key":"k"},"FailureAudioSource":{"Type":"S3","BucketName":"b","Key":"f"},
                      "RepeatDurationInMilliseconds":1,"MinNumberOfDigits":0,"MaxNumberOfDigits":200})");
    QTest::newRow("Speak ssml neural") << "Speak"
        << object(R"({"CallId":"c1","Text":"<speak>Hi</speak>","TextType":"ssml","Engine":"neural","LanguageCode":"en-US","VoiceId":"Joanna"})");
    QTest::newRow("SendDigits tone edges") << "SendDigits" << object(R"({"CallId":"c1","Digits":"0123456789*#ABCD,","ToneDurationInMilliseconds":50})");
    QTest::newRow("SendDigits 24000") << "SendDigits" << object(R"({"CallId":"c1","Digits":"1","ToneDurationInMilliseconds":"24000"})");
    QTest::newRow("RecordAudio all") << "RecordAudio"
        << object(R"({"RecordingDestination":{"Type":"S3","BucketName":"b","Prefix":"calls/"},"RecordingTerminators":["#","*"],
                      "DurationInSeconds":30,"SilenceDurationInSeconds":1000,"SilenceThreshold":"200"})");
    QTest::newRow("CallAndBridge AWS") << "CallAndBridge"
        << object(R"({"CallerIdNumber":"+15051234567","CallTimeoutSeconds":"120",
                      "Endpoints":[{"BridgeEndpointType":"AWS","Uri":"5550100","Arn":"arn:aws:chime:us-east-1:1:vc/abc"}],
                      "SipHeaders":{"x-ticket":"42","User-to-User":"abc"},
                      "RingbackTone":{"Type":"S3","BucketName":"b","Key":"ring.wav"}})");
    QTest::newRow("ModifyChimeMeetingAttendees 100") << "ModifyChimeMeetingAttendees"
        << QJsonObject{{QStringLiteral("Operation"), QStringLiteral("Unmute")}, {QStringLiteral("MeetingId"), QStringLiteral("m")},
                       {QStringLiteral("AttendeeList"), QJsonArray::fromStringList(QStringList(100, QStringLiteral("a")))}};
    QTest::newRow("StartBotConversation configured") << "StartBotConversation"
        << object(R"({"BotAliasArn":"arn:aws:lex:us-east-1:1:bot-alias/B/A","LocaleId":"en_US",
                      "Configuration":{"SessionState":{"SessionAttributes":{"k":"v"},"DialogAction":{"Type":"ElicitIntent"}},
                                       "WelcomeMessages":[{"Content":"Hi","ContentType":"PlainText"}]}})");
    QTest::newRow("VoiceFocus off") << "VoiceFocus" << object(R"({"CallId":"c1","Enable":false})");
}

void TestActionCatalogue::fullyParameterisedActions()
{
    QFETCH(QString, type);
    QFETCH(QJsonObject, parameters);
    const auto parsed = ActionList::fromJson(reply(type, parameters));
    QVERIFY2(parsed.ok(), qPrintable(messages(parsed.issues).join(QLatin1Char('\n'))));
    QVERIFY2(parsed.issues.isEmpty(), qPrintable(messages(parsed.issues).join(QLatin1Char('\n'))));
}

void TestActionCatalogue::missingParameters_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QJsonObject>("parameters");
    QTest::addColumn<QStringList>("expected");

    const auto missing = [](const char *type, const char *name) {
        return QStringLiteral("Actions[0].Parameters.%1: missing — %2 requires %1").arg(QLatin1String(name), QLatin1String(type));
    };
    QTest::newRow("Pause") << "Pause" << QJsonObject() << QStringList{missing("Pause", "DurationInMilliseconds")};
    QTest::newRow("PlayAudio") << "PlayAudio" << QJsonObject() << QStringList{missing("PlayAudio", "AudioSource")};
    QTest::newRow("PlayAudio Key") << "PlayAudio" << object(R"({"AudioSource":{"Type":"S3","BucketName":"b"}})")
                                   << QStringList{missing("PlayAudio", "AudioSource.Key")};
    QTest::newRow("PlayAudioAndGetDigits") << "PlayAudioAndGetDigits" << QJsonObject()
        << QStringList{missing("PlayAudioAndGetDigits", "AudioSource"), missing("PlayAudioAndGetDigits", "FailureAudioSource"),
                       missing("PlayAudioAndGetDigits", "RepeatDurationInMilliseconds")};
    QTest::newRow("Speak") << "Speak" << object(R"({"CallId":"c1"})") << QStringList{missing("Speak", "Text")};
    QTest::newRow("Speak empty Text") << "Speak" << object(R"({"CallId":"c1","Text":" "})")
        << QStringList{QStringLiteral("Actions[0].Parameters.Text: ' ' — must not be empty — Speak requires Text")};
    QTest::newRow("SpeakAndGetDigits") << "SpeakAndGetDigits" << object(R"({"CallId":"c1","SpeechParameters":{}})")
        << QStringList{missing("SpeakAndGetDigits", "SpeechParameters.Text"), missing("SpeakAndGetDigits", "FailureSpeechParameters"),
                       missing("SpeakAndGetDigits", "RepeatDurationInMilliseconds")};
    QTest::newRow("ReceiveDigits") << "ReceiveDigits" << QJsonObject()
        << QStringList{missing("ReceiveDigits", "InputDigitsRegex"), missing("ReceiveDigits", "InBetweenDigitsDurationInMilliseconds"),
                       missing("ReceiveDigits", "FlushDigitsDurationInMilliseconds")};
    QTest::newRow("SendDigits") << "SendDigits" << QJsonObject()
                                << QStringList{missing("SendDigits", "CallId"), missing("SendDigits", "Digits")};
    QTest::newRow("RecordAudio") << "RecordAudio" << QJsonObject()
        << QStringList{missing("RecordAudio", "RecordingDestination"), missing("RecordAudio", "RecordingTerminators")};
    QTest::newRow("CallAndBridge") << "CallAndBridge" << QJsonObject()
        << QStringList{missing("CallAndBridge", "CallerIdNumber"), missing("CallAndBridge", "Endpoints")};
    QTest::newRow("CallAndBridge AWS Arn") << "CallAndBridge"
        << object(R"({"CallerIdNumber":"+15051234567","Endpoints":[{"BridgeEndpointType":"AWS","Uri":"100"}]})")
        << QStringList{missing("CallAndBridge", "Endpoints[0].Arn")};
    QTest::newRow("JoinChimeMeeting") << "JoinChimeMeeting" << QJsonObject() << QStringList{missing("JoinChimeMeeting", "JoinToken")};
    QTest::newRow("ModifyChimeMeetingAttendees") << "ModifyChimeMeetingAttendees" << QJsonObject()
        << QStringList{missing("ModifyChimeMeetingAttendees", "Operation"), missing("ModifyChimeMeetingAttendees", "MeetingId"),
                       missing("ModifyChimeMeetingAttendees", "AttendeeList")};
    QTest::newRow("StartBotConversation") << "StartBotConversation" << QJsonObject()
                                          << QStringList{missing("StartBotConversation", "BotAliasArn")};
    QTest::newRow("VoiceFocus") << "VoiceFocus" << QJsonObject()
                                << QStringList{missing("VoiceFocus", "Enable")};
    QTest::newRow("StartCallRecording") << "StartCallRecording" << object(R"({"CallId":"c1","Destination":{"Type":"S3"}})")
        << QStringList{missing("StartCallRecording", "Track"), missing("StartCallRecording", "Destination.Location")};
    QTest::newRow("StopCallRecording") << "StopCallRecording" << QJsonObject() << QStringList{missing("StopCallRecording", "CallId")};
    QTest::newRow("PauseCallRecording") << "PauseCallRecording" << QJsonObject() << QStringList{missing("PauseCallRecording", "CallId")};
    QTest::newRow("ResumeCallRecording") << "ResumeCallRecording" << QJsonObject() << QStringList{missing("ResumeCallRecording", "CallId")};
}

void TestActionCatalogue::missingParameters()
{
    QFETCH(QString, type);
    QFETCH(QJsonObject, parameters);
    QFETCH(QStringList, expected);
    const auto parsed = ActionList::fromJson(reply(type, parameters));
    QVERIFY(!parsed.ok());
    // A missing parameter fails the action when the call reaches it, not the whole reply.
    QVERIFY(ActionList::acceptedByService(parsed));
    QCOMPARE(parsed.value->actions.first().parameterIssues.size(), expected.size());
    QCOMPARE(errorMessages(parsed.issues), expected);
    QCOMPARE(errorCodes(parsed.issues), QStringList(expected.size(), QStringLiteral("MissingRequiredActionParameter")));
}

void TestActionCatalogue::limits_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QJsonObject>("parameters");
    QTest::addColumn<QString>("path");  // empty: valid
    QTest::addColumn<QString>("code");

    const QString invalid = QStringLiteral("InvalidActionParameter");
    const QString p = QStringLiteral("Actions[0].Parameters.");
    QJsonObject speak = object(R"({"CallId":"c1"})");
    speak.insert(QStringLiteral("Text"), QString(1000, QLatin1Char('a')));
    QTest::newRow("Speak 1000 chars") << "Speak" << speak << "" << "";
    speak.insert(QStringLiteral("Text"), QString(1001, QLatin1Char('a')));
    QTest::newRow("Speak 1001 chars") << "Speak" << speak << p + QStringLiteral("Text") << "MissingRequiredActionParameter";
    QTest::newRow("Speak engine") << "Speak" << object(R"({"CallId":"c1","Text":"x","Engine":"generative"})") << p + QStringLiteral("Engine") << invalid;
    QTest::newRow("Speak TextType") << "Speak" << object(R"({"CallId":"c1","Text":"x","TextType":"SSML"})") << p + QStringLiteral("TextType") << invalid;
    QTest::newRow("SendDigits 50") << "SendDigits" << QJsonObject{{QStringLiteral("CallId"), QStringLiteral("c")},
                                                                  {QStringLiteral("Digits"), QString(50, QLatin1Char('1'))}} << "" << "";
    QTest::newRow("SendDigits 51") << "SendDigits" << QJsonObject{{QStringLiteral("CallId"), QStringLiteral("c")},
                                                                  {QStringLiteral("Digits"), QString(51, QLatin1Char('1'))}}
                                   << p + QStringLiteral("Digits") << invalid;
    QTest::newRow("SendDigits letter E") << "SendDigits" << object(R"({"CallId":"c","Digits":"12E"})") << p + QStringLiteral("Digits") << invalid;
    QTest::newRow("SendDigits lower-case a") << "SendDigits" << object(R"({"CallId":"c","Digits":"a"})") << p + QStringLiteral("Digits") << invalid;
    QTest::newRow("ToneDuration 49") << "SendDigits" << object(R"({"CallId":"c","Digits":"1","ToneDurationInMilliseconds":49})")
                                     << p + QStringLiteral("ToneDurationInMilliseconds") << invalid;
    QTest::newRow("ToneDuration 24001") << "SendDigits" << object(R"({"CallId":"c","Digits":"1","ToneDurationInMilliseconds":"24001"})")
                                        << p + QStringLiteral("ToneDurationInMilliseconds") << invalid;
    const char *bridge = R"({"CallerIdNumber":"+15051234567","Endpoints":[{"BridgeEndpointType":"PSTN","Uri":"+12065550123"}],"CallTimeoutSeconds":%1})";
    QTest::newRow("CallTimeoutSeconds 0") << "CallAndBridge" << object(qPrintable(QString::fromLatin1(bridge).arg(0)))
                                          << p + QStringLiteral("CallTimeoutSeconds") << invalid;
    QTest::newRow("CallTimeoutSeconds 1") << "CallAndBridge" << object(qPrintable(QString::fromLatin1(bridge).arg(1))) << "" << "";
    QTest::newRow("CallTimeoutSeconds 121") << "CallAndBridge" << object(qPrintable(QString::fromLatin1(bridge).arg(121)))
                                            << p + QStringLiteral("CallTimeoutSeconds") << invalid;
    QTest::newRow("CallerIdNumber not E.164") << "CallAndBridge"
        << object(R"({"CallerIdNumber":"5051234567","Endpoints":[{"BridgeEndpointType":"PSTN","Uri":"+12065550123"}]})")
        << p + QStringLiteral("CallerIdNumber") << invalid;
    QTest::newRow("PSTN Uri not E.164") << "CallAndBridge"
        << object(R"({"CallerIdNumber":"+15051234567","Endpoints":[{"BridgeEndpointType":"PSTN","Uri":"sip:x"}]})")
        << p + QStringLiteral("Endpoints[0].Uri") << invalid;
    QTest::newRow("two endpoints") << "CallAndBridge"
        << object(R"({"CallerIdNumber":"+15051234567","Endpoints":[{"BridgeEndpointType":"PSTN","Uri":"+12065550123"},{"BridgeEndpointType":"PSTN","Uri":"+12065550124"}]})")
        << p + QStringLiteral("Endpoints") << invalid;
    QTest::newRow("endpoint type") << "CallAndBridge"
        << object(R"({"CallerIdNumber":"+15051234567","Endpoints":[{"BridgeEndpointType":"SIP","Uri":"+12065550123"}]})")
        << p + QStringLiteral("Endpoints[0].BridgeEndpointType") << invalid;
    QTest::newRow("X-AMZN header") << "CallAndBridge"
        << object(R"({"CallerIdNumber":"+15051234567","Endpoints":[{"BridgeEndpointType":"AWS","Uri":"1","Arn":"arn:x"}],"SipHeaders":{"X-AMZN-Id":"1"}})")
        << p + QStringLiteral("SipHeaders.X-AMZN-Id") << invalid;
    QTest::newRow("SilenceDurationInSeconds 0") << "RecordAudio"
        << object(R"({"RecordingDestination":{"Type":"S3","BucketName":"b"},"RecordingTerminators":["#"],"SilenceDurationInSeconds":0})")
        << p + QStringLiteral("SilenceDurationInSeconds") << invalid;
    QTest::newRow("SilenceDurationInSeconds 1001") << "RecordAudio"
        << object(R"({"RecordingDestination":{"Type":"S3","BucketName":"b"},"RecordingTerminators":["#"],"SilenceDurationInSeconds":"1001"})")
        << p + QStringLiteral("SilenceDurationInSeconds") << invalid;
    QTest::newRow("RecordingTerminators letter") << "RecordAudio"
        << object(R"({"RecordingDestination":{"Type":"S3","BucketName":"b"},"RecordingTerminators":["A"]})")
        << p + QStringLiteral("RecordingTerminators[0]") << invalid;
    QTest::newRow("Repeat 0") << "PlayAudio" << object(R"({"Repeat":0,"AudioSource":{"Type":"S3","BucketName":"b","Key":"k"}})")
                              << p + QStringLiteral("Repeat") << invalid;
    QTest::newRow("Repeat 2.5") << "PlayAudio" << object(R"({"Repeat":2.5,"AudioSource":{"Type":"S3","BucketName":"b","Key":"k"}})")
                                << p + QStringLiteral("Repeat") << invalid;
    QTest::newRow("AudioSource not S3") << "PlayAudio" << object(R"({"AudioSource":{"Type":"HTTP","BucketName":"b","Key":"k"}})")
                                        << p + QStringLiteral("AudioSource.Type") << invalid;
    QTest::newRow("Pause 3s") << "Pause" << object(R"({"DurationInMilliseconds":"3s"})") << p + QStringLiteral("DurationInMilliseconds") << invalid;
    QTest::newRow("Pause 0") << "Pause" << object(R"({"DurationInMilliseconds":0})") << p + QStringLiteral("DurationInMilliseconds") << invalid;
    QTest::newRow("Pause bool") << "Pause" << object(R"({"DurationInMilliseconds":true})") << p + QStringLiteral("DurationInMilliseconds") << invalid;
    QTest::newRow("ParticipantTag LEG-C") << "Pause" << object(R"({"DurationInMilliseconds":1,"ParticipantTag":"LEG-C"})")
                                          << p + QStringLiteral("ParticipantTag") << invalid;
    QTest::newRow("Hangup 404") << "Hangup" << object(R"({"SipResponseCode":404})") << p + QStringLiteral("SipResponseCode") << invalid;
    QTest::newRow("AttendeeList 101") << "ModifyChimeMeetingAttendees"
        << QJsonObject{{QStringLiteral("Operation"), QStringLiteral("Mute")}, {QStringLiteral("MeetingId"), QStringLiteral("m")},
                       {QStringLiteral("AttendeeList"), QJsonArray::fromStringList(QStringList(101, QStringLiteral("a")))}}
        << p + QStringLiteral("AttendeeList") << invalid;
    QTest::newRow("Operation Deafen") << "ModifyChimeMeetingAttendees"
        << object(R"({"Operation":"Deafen","MeetingId":"m","AttendeeList":["a"]})") << p + QStringLiteral("Operation") << invalid;
    QTest::newRow("Min > Max digits") << "PlayAudioAndGetDigits"
        << object(R"({"AudioSource":{"Type":"S3","BucketName":"b","Key":"k"},"FailureAudioSource":{"Type":"S3","BucketName":"b","Key":"f"},
                      "RepeatDurationInMilliseconds":1,"MinNumberOfDigits":5,"MaxNumberOfDigits":2})")
        << p + QStringLiteral("MinNumberOfDigits") << invalid;
    QTest::newRow("bad regex") << "ReceiveDigits"
        << object(R"({"InputDigitsRegex":"([0-9","InBetweenDigitsDurationInMilliseconds":1,"FlushDigitsDurationInMilliseconds":1})")
        << p + QStringLiteral("InputDigitsRegex") << invalid;
    QTest::newRow("VoiceFocus string") << "VoiceFocus" << object(R"({"CallId":"c","Enable":"yes"})") << p + QStringLiteral("Enable") << invalid;
    QTest::newRow("Track both") << "StartCallRecording"
        << object(R"({"CallId":"c","Track":"both","Destination":{"Type":"S3","Location":"b"}})") << p + QStringLiteral("Track") << invalid;
    QTest::newRow("bot ARN") << "StartBotConversation" << object(R"({"BotAliasArn":"MyBot"})") << p + QStringLiteral("BotAliasArn") << invalid;
    QTest::newRow("bot dialog action") << "StartBotConversation"
        << object(R"({"BotAliasArn":"arn:x","Configuration":{"SessionState":{"DialogAction":{"Type":"Close"}}}})")
        << p + QStringLiteral("Configuration.SessionState.DialogAction.Type") << invalid;
    QJsonObject bigBot = object(R"({"BotAliasArn":"arn:x"})");
    bigBot.insert(QStringLiteral("Configuration"),
                  QJsonObject{{QStringLiteral("SessionState"),
                               QJsonObject{{QStringLiteral("SessionAttributes"),
                                            QJsonObject{{QStringLiteral("k"), QString(10 * 1024, QLatin1Char('x'))}}}}}});
    QTest::newRow("bot configuration > 10 KB") << "StartBotConversation" << bigBot << p + QStringLiteral("Configuration") << invalid;
    QTest::newRow("Hangup without parameters") << "Hangup" << QJsonObject{} << "" << "";
}

void TestActionCatalogue::limits()
{
    QFETCH(QString, type);
    QFETCH(QJsonObject, parameters);
    QFETCH(QString, path);
    QFETCH(QString, code);
    const auto parsed = ActionList::fromJson(reply(type, parameters));
    if (path.isEmpty()) {
        QVERIFY2(parsed.ok(), qPrintable(messages(parsed.issues).join(QLatin1Char('\n'))));
        return;
    }
    QVERIFY(!parsed.ok());
    QStringList paths;
    for (const auto &issue : parsed.issues) {
        if (issue.isError()) {
            paths << issue.path;
            QCOMPARE(issue.code, code);
            QVERIFY(!issue.rule.isEmpty());
        }
    }
    QCOMPARE(paths, QStringList{path});
}

void TestActionCatalogue::unknownActionType_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("suggestion");
    QTest::newRow("lower case") << "speak" << " (did you mean Speak?)";
    QTest::newRow("HangUp as in the old DG table") << "HangUp" << " (did you mean Hangup?)";
    QTest::newRow("unrelated") << "PlayTone" << "";
}

void TestActionCatalogue::unknownActionType()
{
    QFETCH(QString, type);
    QFETCH(QString, suggestion);
    const auto parsed = ActionList::fromJson(reply(type, {}));
    QVERIFY(!parsed.ok());
    QCOMPARE(errorMessages(parsed.issues),
             QStringList{QStringLiteral("Actions[0].Type: '%1' — is not an action type; known types (case-sensitive): %2%3")
                             .arg(type, ActionList::knownActionTypes().join(QStringLiteral(", ")), suggestion)});
}

// Where the DG contradicts itself and AWS's samples rely on one reading, that reading is
// accepted with a warning that names both sources.
void TestActionCatalogue::documentedContradictionsWarn_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QJsonObject>("parameters");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QStringList>("cited");
    const QString p = QStringLiteral("Actions[0].Parameters.");
    QTest::newRow("SipHeaders to PSTN") << "CallAndBridge"
        << object(R"({"CallerIdNumber":"+15051234567","Endpoints":[{"BridgeEndpointType":"PSTN","Uri":"+12065550123"}],"SipHeaders":{"x-a":"1"}})")
        << p + QStringLiteral("SipHeaders") << QStringList{QStringLiteral("call-and-bridge.md"), QStringLiteral("sip-headers.md")};
    QTest::newRow("Speak without CallId") << "Speak" << object(R"({"Text":"Hi"})") << p + QStringLiteral("CallId")
                                          << QStringList{QStringLiteral("speak.md"), QStringLiteral("invoked call leg")};
    QTest::newRow("VoiceFocus without CallId") << "VoiceFocus" << object(R"({"Enable":true})") << p + QStringLiteral("CallId")
                                               << QStringList{QStringLiteral("voice-focus.md"), QStringLiteral("invoked call leg")};
    QTest::newRow("VoiceFocus Enable \"True\"") << "VoiceFocus" << object(R"({"CallId":"c","Enable":"True"})")
                                                 << p + QStringLiteral("Enable") << QStringList{QStringLiteral("voice-focus.md")};
}

void TestActionCatalogue::documentedContradictionsWarn()
{
    QFETCH(QString, type);
    QFETCH(QJsonObject, parameters);
    QFETCH(QString, path);
    QFETCH(QStringList, cited);
    const auto parsed = ActionList::fromJson(reply(type, parameters));
    QVERIFY2(parsed.ok(), qPrintable(messages(parsed.issues).join(QLatin1Char('\n'))));
    QCOMPARE(parsed.issues.size(), 1);
    const ValidationIssue &warning = parsed.issues.first();
    QVERIFY(!warning.isError());
    QCOMPARE(warning.path, path);
    for (const QString &source : cited)
        QVERIFY2(warning.rule.contains(source), qPrintable(warning.rule));
}

// The ACTION_FAILED a parameter mistake leads to, in the DG pages' own words.
void TestActionCatalogue::documentedFailures_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QJsonObject>("parameters");
    QTest::addColumn<QString>("errorType");
    QTest::addColumn<QString>("errorMessage");
    QTest::newRow("ToneDuration") << "SendDigits" << object(R"({"CallId":"c","Digits":"1","ToneDurationInMilliseconds":20000000})")
                                  << "InvalidActionParameter" << "ToneDuration parameter value is invalid.";
    QTest::newRow("Speak Text missing") << "Speak" << object(R"({"CallId":"c"})")
                                        << "MissingRequiredActionParameter" << "Text is a required parameter.";
    QTest::newRow("Speak Text too long") << "Speak"
        << QJsonObject{{QStringLiteral("CallId"), QStringLiteral("c")}, {QStringLiteral("Text"), QString(1001, QLatin1Char('a'))}}
        << "MissingRequiredActionParameter" << "Text is limited to 1,000 characters";
    QTest::newRow("VoiceFocus Enable missing") << "VoiceFocus" << object(R"({"CallId":"c"})")
                                               << "MissingRequiredActionParameter" << "Missing required action parameter.";
    QTest::newRow("ParticipantTag") << "Pause" << object(R"({"DurationInMilliseconds":1,"ParticipantTag":"LEG-C"})")
                                    << "InvalidActionParameter" << "CallId or ParticipantTag parameter for action is invalid.";
    QTest::newRow("AudioSource") << "PlayAudio" << object(R"({"AudioSource":{"Type":"HTTP","BucketName":"b","Key":"k"}})")
                                 << "InvalidAudioSource" << "Audio Source parameter value is invalid.";
    QTest::newRow("X-AMZN header") << "CallAndBridge"
        << object(R"({"CallerIdNumber":"+15051234567","Endpoints":[{"BridgeEndpointType":"AWS","Uri":"1","Arn":"arn:x"}],"SipHeaders":{"X-AMZN-Id":"1"}})")
        << "InvalidActionParameter" << "Invalid SIP header(s) provided: X-AMZN-Id";
    QTest::newRow("Operation") << "ModifyChimeMeetingAttendees" << object(R"({"Operation":"Deafen","MeetingId":"m","AttendeeList":["a"]})")
                               << "InvalidActionParameter" << "The ModifyChimeMeetingAttendees Operation parameter value is invalid";
    QTest::newRow("other parameter") << "Pause" << object(R"({"DurationInMilliseconds":0})")
                                     << "InvalidActionParameter" << "DurationInMilliseconds parameter value is invalid.";
}

void TestActionCatalogue::documentedFailures()
{
    QFETCH(QString, type);
    QFETCH(QJsonObject, parameters);
    QFETCH(QString, errorType);
    QFETCH(QString, errorMessage);
    const auto parsed = ActionList::fromJson(reply(type, parameters));
    QVERIFY(ActionList::acceptedByService(parsed));
    const ValidationIssues found = parsed.value->actions.first().parameterIssues;
    QVERIFY(!found.isEmpty());
    QVERIFY(actioncatalogue::failsOnlyItsAction(found.first()));
    const actioncatalogue::ActionFailure failure = actioncatalogue::documentedFailure(type, found.first());
    QCOMPARE(failure.errorType, errorType);
    QCOMPARE(failure.errorMessage, errorMessage);
}

QTEST_GUILESS_MAIN(TestActionCatalogue)
#include "tst_actioncatalogue.moc"

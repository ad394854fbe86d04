// InvocationEvent: every event type, every lenient reading of §7, every error path, and the
// round trip through toJson.
#include "InvocationEvent.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace callconsole;

namespace {

QByteArray readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read test data %s", qPrintable(path));
    return file.readAll();
}

QString eventPath(const QString &name)
{
    return QStringLiteral(CALLCONSOLE_TEST_DATA "/events/") + name;
}

QJsonObject eventObject(const QString &name)
{
    return QJsonDocument::fromJson(readFile(eventPath(name))).object();
}

// Sets (or, for an Undefined value, removes) the value at a dotted path with [i] indexes.
QJsonValue withValue(const QJsonValue &root, QStringList keys, const QJsonValue &value)
{
    const QString key = keys.takeFirst();
    static const QRegularExpression indexed(QStringLiteral("^(\\w+)\\[(\\d+)\\]$"));
    const auto match = indexed.match(key);
    QJsonObject object = root.toObject();
    if (match.hasMatch()) {
        QJsonArray array = object.value(match.captured(1)).toArray();
        const int index = match.captured(2).toInt();
        if (keys.isEmpty()) {
            if (value.isUndefined())
                array.removeAt(index);
            else
                array[index] = value;
        } else {
            array[index] = withValue(array.at(index), keys, value);
        }
        object.insert(match.captured(1), array);
        return object;
    }
    if (keys.isEmpty()) {
        if (value.isUndefined())
            object.remove(key);
        else
            object.insert(key, value);
        return object;
    }
    object.insert(key, withValue(object.value(key), keys, value));
    return object;
}

QJsonObject mutated(const QJsonObject &base, const QString &path, const QJsonValue &value)
{
    return withValue(base, path.split(QLatin1Char('.')), value).toObject();
}

QJsonValue removed()
{
    return QJsonValue(QJsonValue::Undefined);
}

bool hasWarningAt(const ValidationIssues &issues, const QString &path)
{
    for (const auto &issue : issues) {
        if (!issue.isError() && issue.path == path)
            return true;
    }
    return false;
}

const QString allTypes = QStringLiteral("NEW_INBOUND_CALL, NEW_OUTBOUND_CALL, RINGING, CALL_ANSWERED, "
                                        "ACTION_SUCCESSFUL, ACTION_FAILED, ACTION_INTERRUPTED, HANGUP, "
                                        "INVALID_LAMBDA_RESPONSE, DIGITS_RECEIVED, CALL_UPDATE_REQUESTED");

} // namespace

class TestInvocationEvent : public QObject
{
    Q_OBJECT

private slots:
    void typeNames();
    void participantTags();
    void validEvents_data();
    void validEvents();
    void everyTypeHasAFixture();
    void workshopSample();
    void sipApplicationIdAlias();
    void mixedCaseParticipantTags();
    void fifteenDigitStartTime();
    void errorTypeLocation_data();
    void errorTypeLocation();
    void numbersAsStringsAndStringsAsNumbers();
    void newIncomingCallTypo();
    void errors_data();
    void errors();
    void collectsEveryError();
    void malformedBodies_data();
    void malformedBodies();
    void unknownFieldsWarn_data();
    void unknownFieldsWarn();
    void everyKnownFieldIsKnown();
    void hangupInfo();
    void roundTrip_data();
    void roundTrip();
    void roundTripCanonicalisesLenientInput();
    void equality();
};

void TestInvocationEvent::typeNames()
{
    const auto types = allInvocationEventTypes();
    QCOMPARE(types.size(), InvocationEventTypeCount);
    QStringList names;
    for (const auto type : types) {
        names << toString(type);
        QCOMPARE(invocationEventTypeFromString(toString(type)), std::optional(type));
    }
    QCOMPARE(names.join(QStringLiteral(", ")), allTypes);
    QVERIFY(!invocationEventTypeFromString(QStringLiteral("new_inbound_call")));
    QVERIFY(!invocationEventTypeFromString(QString()));
}

void TestInvocationEvent::participantTags()
{
    QCOMPARE(participantTagFromString(QStringLiteral("LEG-A")), std::optional(ParticipantTag::LegA));
    QCOMPARE(participantTagFromString(QStringLiteral("Leg-B")), std::optional(ParticipantTag::LegB));
    QCOMPARE(participantTagFromString(QStringLiteral("leg-a")), std::optional(ParticipantTag::LegA));
    QVERIFY(!participantTagFromString(QStringLiteral("LEG-C")));
    QVERIFY(!participantTagFromString(QStringLiteral("LEGA")));
    QCOMPARE(toString(ParticipantTag::LegB), QStringLiteral("LEG-B"));
}

void TestInvocationEvent::validEvents_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("type");
    QTest::addColumn<int>("sequence");
    QTest::addColumn<int>("participants");
    QTest::addColumn<QString>("actionType");

    QTest::newRow("NEW_INBOUND_CALL") << "new-inbound-call.json" << "NEW_INBOUND_CALL" << 1 << 1 << "";
    QTest::newRow("NEW_OUTBOUND_CALL") << "new-outbound-call.json" << "NEW_OUTBOUND_CALL" << 1 << 1 << "CallCreateRequest";
    QTest::newRow("RINGING") << "ringing.json" << "RINGING" << 2 << 1 << "";
    QTest::newRow("CALL_ANSWERED") << "call-answered.json" << "CALL_ANSWERED" << 3 << 1 << "";
    QTest::newRow("ACTION_SUCCESSFUL") << "action-successful.json" << "ACTION_SUCCESSFUL" << 2 << 1 << "PlayAudioAndGetDigits";
    QTest::newRow("ACTION_SUCCESSFUL bridged") << "bridged-action-successful.json" << "ACTION_SUCCESSFUL" << 2 << 2 << "CallAndBridge";
    QTest::newRow("ACTION_FAILED") << "action-failed.json" << "ACTION_FAILED" << 3 << 1 << "PlayAudio";
    QTest::newRow("ACTION_INTERRUPTED") << "action-interrupted.json" << "ACTION_INTERRUPTED" << 4 << 1 << "Pause";
    QTest::newRow("HANGUP") << "hangup.json" << "HANGUP" << 5 << 1 << "Hangup";
    QTest::newRow("INVALID_LAMBDA_RESPONSE") << "invalid-lambda-response.json" << "INVALID_LAMBDA_RESPONSE" << 2 << 1 << "";
    QTest::newRow("DIGITS_RECEIVED") << "digits-received.json" << "DIGITS_RECEIVED" << 6 << 1 << "ReceiveDigits";
    QTest::newRow("CALL_UPDATE_REQUESTED") << "call-update-requested.json" << "CALL_UPDATE_REQUESTED" << 7 << 1 << "CallUpdateRequest";
}

void TestInvocationEvent::validEvents()
{
    QFETCH(QString, file);
    QFETCH(QString, type);
    QFETCH(int, sequence);
    QFETCH(int, participants);
    QFETCH(QString, actionType);

    const auto parsed = InvocationEvent::parse(readFile(eventPath(file)));
    QVERIFY2(parsed.ok(), qPrintable(messages(parsed.issues).join(QLatin1Char('\n'))));
    QVERIFY2(parsed.issues.isEmpty(), qPrintable(messages(parsed.issues).join(QLatin1Char('\n'))));
    const InvocationEvent &event = *parsed.value;
    QCOMPARE(toString(event.type), type);
    QCOMPARE(event.sequence, sequence);
    QCOMPARE(event.callDetails.participants.size(), participants);
    QCOMPARE(event.actionType(), actionType);
    QCOMPARE(event.transactionId(), QStringLiteral("7f5e2c3a-3b1e-4c1a-9c7e-2d6a0c1b9e11"));
    QCOMPARE(event.callDetails.sipMediaApplicationId, QStringLiteral("266e0891-0fe9-4718-a3a8-15b67842c128"));
    QVERIFY(event.callDetails.participant(ParticipantTag::LegA));
}

void TestInvocationEvent::everyTypeHasAFixture()
{
    QSet<InvocationEventType> seen;
    const QDir dir(QStringLiteral(CALLCONSOLE_TEST_DATA "/events"));
    for (const auto &name : dir.entryList({QStringLiteral("*.json")})) {
        const auto parsed = InvocationEvent::parse(readFile(dir.filePath(name)));
        if (parsed.ok())
            seen.insert(parsed.value->type);
    }
    for (const auto type : allInvocationEventTypes())
        QVERIFY2(seen.contains(type), qPrintable(toString(type)));
}

void TestInvocationEvent::workshopSample()
{
    const auto parsed = InvocationEvent::parse(readFile(
        QStringLiteral(CALLCONSOLE_SHARED_REFERENCE "/sma-events/aws-samples-pstn-audio-workshop/events/inbound.json")));
    QVERIFY2(parsed.ok(), qPrintable(messages(parsed.issues).join(QLatin1Char('\n'))));
    QVERIFY(parsed.issues.isEmpty());
    const InvocationEvent &event = *parsed.value;
    QCOMPARE(toString(event.type), toString(InvocationEventType::NewInboundCall));
    QCOMPARE(event.sequence, 1);
    QCOMPARE(event.transactionId(), QStringLiteral("c5a25427-88f4-4bf6-b4b2-f44659300bdc"));
    QCOMPARE(event.callDetails.awsRegion, QStringLiteral("us-west-2"));
    QCOMPARE(event.callDetails.sipRuleId, QStringLiteral("25109ac0-3434-44cc-9108-d6e92610368c"));
    QVERIFY(!event.callDetails.transactionAttributes);
    QVERIFY(!event.actionData);
    const Participant &leg = event.callDetails.participants.first();
    QCOMPARE(leg.callId, QStringLiteral("9ff01357-23c5-4611-9dd3-f05f9d654faa"));
    QCOMPARE(toString(leg.tag), toString(ParticipantTag::LegA));
    QCOMPARE(toString(leg.direction), toString(CallDirection::Inbound));
    QCOMPARE(toString(leg.status), toString(ParticipantStatus::Unknown)); // absent on NEW_INBOUND_CALL
    QCOMPARE(leg.startTimeMs, Q_INT64_C(1645321553847));
    QCOMPARE(leg.from, QStringLiteral("+14155551212"));
}

void TestInvocationEvent::sipApplicationIdAlias()
{
    const auto parsed = InvocationEvent::parse(readFile(eventPath(QStringLiteral("doc-sip-application-id.json"))));
    QVERIFY(parsed.ok());
    QCOMPARE(parsed.value->callDetails.sipMediaApplicationId, QStringLiteral("266e0891-0fe9-4718-a3a8-15b67842c128"));
    QVERIFY(hasWarningAt(parsed.issues, QStringLiteral("CallDetails.SipApplicationId")));

    // Both present: the real name wins and the alias is reported as ignored.
    QJsonObject both = eventObject(QStringLiteral("new-inbound-call.json"));
    both = mutated(both, QStringLiteral("CallDetails.SipApplicationId"), QStringLiteral("other"));
    const auto parsedBoth = InvocationEvent::fromJson(both);
    QVERIFY(parsedBoth.ok());
    QCOMPARE(parsedBoth.value->callDetails.sipMediaApplicationId, QStringLiteral("266e0891-0fe9-4718-a3a8-15b67842c128"));
    QVERIFY(hasWarningAt(parsedBoth.issues, QStringLiteral("CallDetails.SipApplicationId")));
}

void TestInvocationEvent::mixedCaseParticipantTags()
{
    const auto parsed = InvocationEvent::parse(readFile(eventPath(QStringLiteral("doc-bridged-hangup-mixed-case.json"))));
    QVERIFY2(parsed.ok(), qPrintable(messages(parsed.issues).join(QLatin1Char('\n'))));
    const InvocationEvent &event = *parsed.value;
    QVERIFY(hasWarningAt(parsed.issues, QStringLiteral("CallDetails.Participants[0].ParticipantTag")));
    QVERIFY(hasWarningAt(parsed.issues, QStringLiteral("CallDetails.Participants[1].ParticipantTag")));
    QCOMPARE(toString(event.callDetails.participant(ParticipantTag::LegB)->status), toString(ParticipantStatus::Disconnected));
    QCOMPARE(event.callDetails.participant(ParticipantTag::LegB)->from, QStringLiteral("SMA"));
    QCOMPARE(toString(event.callDetails.participant(ParticipantTag::LegA)->status), toString(ParticipantStatus::Connected));
    // DG case-5: the in-progress action is echoed, not Hangup; the leg comes from Parameters.
    QCOMPARE(event.actionType(), QStringLiteral("ReceiveDigits"));
    const auto info = event.hangupInfo();
    QVERIFY(info);
    QCOMPARE(info->tag, std::optional(ParticipantTag::LegB));
    QCOMPARE(info->callId, QStringLiteral("e2b7c1d4-5f60-4a8b-9c0d-1e2f3a4b5c6d"));
}

void TestInvocationEvent::fifteenDigitStartTime()
{
    const auto parsed = InvocationEvent::parse(readFile(eventPath(QStringLiteral("doc-start-time-15-digits.json"))));
    QVERIFY(parsed.ok());
    QCOMPARE(parsed.value->callDetails.participants.first().startTimeMs, Q_INT64_C(159700958834234));
    QVERIFY(hasWarningAt(parsed.issues, QStringLiteral("CallDetails.Participants[0].StartTimeInMilliseconds")));
}

void TestInvocationEvent::errorTypeLocation_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("errorType");
    QTest::addColumn<QString>("errorMessage");
    QTest::newRow("top level (DG attribute-trans-invalid)") << "invalid-lambda-response.json"
        << "TransactionAttributesInvalidMapSize"
        << "Transaction Attributes has too many mappings. Maximum number of mappings is 10";
    QTest::newRow("inside ActionData") << "action-failed.json" << "InvalidAudioSource"
                                       << "Audio Source parameter value is invalid.";
    QTest::newRow("top level on ACTION_FAILED") << "doc-top-level-error-type.json"
                                                << "MissingRequiredActionParameter" << "Text is a required parameter.";
}

void TestInvocationEvent::errorTypeLocation()
{
    QFETCH(QString, file);
    QFETCH(QString, errorType);
    QFETCH(QString, errorMessage);
    const auto parsed = InvocationEvent::parse(readFile(eventPath(file)));
    QVERIFY2(parsed.ok(), qPrintable(messages(parsed.issues).join(QLatin1Char('\n'))));
    QCOMPARE(parsed.value->errorType, errorType);
    QCOMPARE(parsed.value->errorMessage, errorMessage);
}

void TestInvocationEvent::numbersAsStringsAndStringsAsNumbers()
{
    const auto parsed = InvocationEvent::parse(readFile(eventPath(QStringLiteral("lenient-numbers.json"))));
    QVERIFY2(parsed.ok(), qPrintable(messages(parsed.issues).join(QLatin1Char('\n'))));
    QCOMPARE(parsed.value->sequence, 3);
    QCOMPARE(parsed.value->callDetails.participants.first().startTimeMs, Q_INT64_C(1645321553847));
    QVERIFY(hasWarningAt(parsed.issues, QStringLiteral("Sequence")));
    QVERIFY(hasWarningAt(parsed.issues, QStringLiteral("CallDetails.Participants[0].StartTimeInMilliseconds")));

    // Status is optional: absent on NEW_*_CALL in real captures.
    QVERIFY(InvocationEvent::fromJson(mutated(eventObject(QStringLiteral("hangup.json")),
                                              QStringLiteral("CallDetails.Participants[0].Status"), removed())).ok());
}

void TestInvocationEvent::newIncomingCallTypo()
{
    const auto parsed = InvocationEvent::parse(readFile(eventPath(QStringLiteral("doc-new-incoming-call.json"))));
    QVERIFY(!parsed.ok());
    QVERIFY(!parsed.value);
    QCOMPARE(errorMessages(parsed.issues),
             QStringList{QStringLiteral("InvocationEventType: 'NEW_INCOMING_CALL' — is not one of %1 "
                                        "(did you mean NEW_INBOUND_CALL?)").arg(allTypes)});
}

void TestInvocationEvent::errors_data()
{
    QTest::addColumn<QString>("base");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("message");

    const QString inbound = QStringLiteral("new-inbound-call.json");
    const QString p0 = QStringLiteral("CallDetails.Participants[0].");
    QTest::newRow("missing CallId") << inbound << p0 + QStringLiteral("CallId") << removed()
                                    << "CallDetails.Participants[0].CallId: missing";
    QTest::newRow("CallId not a string") << inbound << p0 + QStringLiteral("CallId") << QJsonValue(5)
                                         << "CallDetails.Participants[0].CallId: '5' — expected a string, got a number";
    QTest::newRow("event type typo") << inbound << "InvocationEventType" << QJsonValue(QStringLiteral("CALL_ANSWERD"))
        << QStringLiteral("InvocationEventType: 'CALL_ANSWERD' — is not one of %1 (did you mean CALL_ANSWERED?)").arg(allTypes);
    QTest::newRow("event type unrelated") << inbound << "InvocationEventType" << QJsonValue(QStringLiteral("BANANA"))
        << QStringLiteral("InvocationEventType: 'BANANA' — is not one of %1").arg(allTypes);
    QTest::newRow("event type lower case") << inbound << "InvocationEventType" << QJsonValue(QStringLiteral("hangup"))
        << QStringLiteral("InvocationEventType: 'hangup' — is not one of %1 (did you mean HANGUP?)").arg(allTypes);
    QTest::newRow("missing event type") << inbound << "InvocationEventType" << removed() << "InvocationEventType: missing";
    QTest::newRow("SchemaVersion 2.0") << inbound << "SchemaVersion" << QJsonValue(QStringLiteral("2.0"))
                                       << "SchemaVersion: '2.0' — expected \"1.0\"";
    QTest::newRow("SchemaVersion number") << inbound << "SchemaVersion" << QJsonValue(1.0)
                                          << "SchemaVersion: '1' — expected a string, got a number";
    QTest::newRow("missing SchemaVersion") << inbound << "SchemaVersion" << removed() << "SchemaVersion: missing";
    QTest::newRow("Sequence 0") << inbound << "Sequence" << QJsonValue(0) << "Sequence: '0' — expected an integer ≥ 1";
    QTest::newRow("Sequence fraction") << inbound << "Sequence" << QJsonValue(1.5) << "Sequence: '1.5' — expected an integer ≥ 1";
    QTest::newRow("Sequence word") << inbound << "Sequence" << QJsonValue(QStringLiteral("one"))
                                   << "Sequence: 'one' — expected an integer ≥ 1";
    QTest::newRow("Sequence too large") << inbound << "Sequence" << QJsonValue(4294967296.0)
                                        << "Sequence: '4294967296' — expected an integer ≥ 1";
    QTest::newRow("missing Sequence") << inbound << "Sequence" << removed() << "Sequence: missing";
    QTest::newRow("empty TransactionId") << inbound << "CallDetails.TransactionId" << QJsonValue(QString())
                                         << "CallDetails.TransactionId: must not be empty";
    QTest::newRow("missing TransactionId") << inbound << "CallDetails.TransactionId" << removed()
                                           << "CallDetails.TransactionId: missing";
    QTest::newRow("missing CallDetails") << inbound << "CallDetails" << removed() << "CallDetails: missing";
    QTest::newRow("CallDetails array") << inbound << "CallDetails" << QJsonValue(QJsonArray())
                                       << "CallDetails: '[]' — expected an object, got an array";
    QTest::newRow("no participants") << inbound << "CallDetails.Participants" << QJsonValue(QJsonArray())
        << "CallDetails.Participants: '[]' — expected 1 or 2 participants (LEG-A, and LEG-B once bridged), got 0";
    QTest::newRow("participants not an array") << inbound << "CallDetails.Participants" << QJsonValue(QStringLiteral("LEG-A"))
        << "CallDetails.Participants: 'LEG-A' — expected an array, got a string";
    QTest::newRow("missing participants") << inbound << "CallDetails.Participants" << removed()
                                          << "CallDetails.Participants: missing";
    QTest::newRow("lower-case direction") << inbound << p0 + QStringLiteral("Direction") << QJsonValue(QStringLiteral("inbound"))
        << "CallDetails.Participants[0].Direction: 'inbound' — is not one of Inbound, Outbound";
    QTest::newRow("bad status") << inbound << p0 + QStringLiteral("Status") << QJsonValue(QStringLiteral("Ringing"))
        << "CallDetails.Participants[0].Status: 'Ringing' — is not one of Connected, Disconnected";
    QTest::newRow("bad tag") << inbound << p0 + QStringLiteral("ParticipantTag") << QJsonValue(QStringLiteral("LEG-C"))
        << "CallDetails.Participants[0].ParticipantTag: 'LEG-C' — is not one of LEG-A, LEG-B";
    QTest::newRow("bad start time") << inbound << p0 + QStringLiteral("StartTimeInMilliseconds") << QJsonValue(QStringLiteral("yesterday"))
        << "CallDetails.Participants[0].StartTimeInMilliseconds: 'yesterday' — expected epoch milliseconds as a string of digits";
    QTest::newRow("missing start time") << inbound << p0 + QStringLiteral("StartTimeInMilliseconds") << removed()
        << "CallDetails.Participants[0].StartTimeInMilliseconds: missing";
    QTest::newRow("To as number") << inbound << p0 + QStringLiteral("To") << QJsonValue(15051234567.0)
        << "CallDetails.Participants[0].To: '15051234567' — expected a string, got a number";
    QTest::newRow("SipHeaders value") << inbound << p0 + QStringLiteral("SipHeaders") << QJsonValue(QJsonObject{{QStringLiteral("x-id"), 5}})
        << "CallDetails.Participants[0].SipHeaders.x-id: '5' — expected a string value, got a number";
    QTest::newRow("attribute not a string") << inbound << "CallDetails.TransactionAttributes"
        << QJsonValue(QJsonObject{{QStringLiteral("count"), 1}})
        << "CallDetails.TransactionAttributes.count: '1' — expected a string value, got a number";
    QTest::newRow("attributes not an object") << inbound << "CallDetails.TransactionAttributes" << QJsonValue(QStringLiteral("a=b"))
        << "CallDetails.TransactionAttributes: 'a=b' — expected an object of string → string, got a string";
    QTest::newRow("missing AwsRegion") << inbound << "CallDetails.AwsRegion" << removed() << "CallDetails.AwsRegion: missing";
    QTest::newRow("missing SMA id") << inbound << "CallDetails.SipMediaApplicationId" << removed()
                                    << "CallDetails.SipMediaApplicationId: missing";
    QTest::newRow("ActionData not an object") << inbound << "ActionData" << QJsonValue(QStringLiteral("Hangup"))
        << "ActionData: 'Hangup' — expected an object, got a string";
    QTest::newRow("ACTION_SUCCESSFUL without ActionData") << "action-successful.json" << "ActionData" << removed()
        << "ActionData: missing — ACTION_SUCCESSFUL carries the action it reports on";
    QTest::newRow("ACTION_FAILED without Type") << "action-failed.json" << "ActionData.Type" << removed()
        << "ActionData.Type: missing — ActionData names the action it reports on";
    QTest::newRow("DIGITS_RECEIVED without digits") << "digits-received.json" << "ActionData.ReceivedDigits" << removed()
        << "ActionData.ReceivedDigits: missing — DIGITS_RECEIVED reports the digits";
    QTest::newRow("HANGUP bad SipResponseCode") << "hangup.json" << "ActionData.Parameters.SipResponseCode"
        << QJsonValue(QStringLiteral("busy")) << "ActionData.Parameters.SipResponseCode: 'busy' — expected 0 or a SIP status code 100–699";
    QTest::newRow("HANGUP bad tag") << "hangup.json" << "ActionData.Parameters.ParticipantTag"
        << QJsonValue(QStringLiteral("LEG-Z")) << "ActionData.Parameters.ParticipantTag: 'LEG-Z' — is not one of LEG-A, LEG-B";
    QTest::newRow("HANGUP Parameters array") << "hangup.json" << "ActionData.Parameters" << QJsonValue(QJsonArray())
        << "ActionData.Parameters: '[]' — expected an object, got an array";
    QTest::newRow("duplicate tag") << "bridged-action-successful.json" << "CallDetails.Participants[1].ParticipantTag"
        << QJsonValue(QStringLiteral("LEG-A")) << "CallDetails.Participants[1].ParticipantTag: 'LEG-A' — duplicates another participant's tag";
    QTest::newRow("duplicate CallId") << "bridged-action-successful.json" << "CallDetails.Participants[1].CallId"
        << QJsonValue(QStringLiteral("9ff01357-23c5-4611-9dd3-f05f9d654faa"))
        << "CallDetails.Participants[1].CallId: '9ff01357-23c5-4611-9dd3-f05f9d654faa' — duplicates another participant's CallId";
}

void TestInvocationEvent::errors()
{
    QFETCH(QString, base);
    QFETCH(QString, path);
    QFETCH(QJsonValue, value);
    QFETCH(QString, message);

    const auto parsed = InvocationEvent::fromJson(mutated(eventObject(base), path, value));
    QVERIFY(!parsed.ok());
    QVERIFY(!parsed.value);
    QCOMPARE(errorMessages(parsed.issues), QStringList{message});
}

void TestInvocationEvent::collectsEveryError()
{
    QJsonObject event = eventObject(QStringLiteral("bridged-action-successful.json"));
    event = mutated(event, QStringLiteral("Sequence"), 0);
    event = mutated(event, QStringLiteral("CallDetails.TransactionId"), removed());
    event = mutated(event, QStringLiteral("CallDetails.Participants[0].Direction"), QStringLiteral("Sideways"));
    event = mutated(event, QStringLiteral("CallDetails.Participants[1].CallId"), removed());
    const auto parsed = InvocationEvent::fromJson(event);
    QCOMPARE(errorMessages(parsed.issues),
             (QStringList{QStringLiteral("Sequence: '0' — expected an integer ≥ 1"),
                          QStringLiteral("CallDetails.TransactionId: missing"),
                          QStringLiteral("CallDetails.Participants[0].Direction: 'Sideways' — is not one of Inbound, Outbound"),
                          QStringLiteral("CallDetails.Participants[1].CallId: missing")}));
}

void TestInvocationEvent::malformedBodies_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("messageStart");
    QTest::newRow("truncated") << QByteArray(R"({"SchemaVersion":"1.0","Sequence":)") << "body: invalid JSON at offset 34: ";
    QTest::newRow("empty") << QByteArray() << "body: invalid JSON at offset 0: ";
    QTest::newRow("array") << QByteArray("[]") << "body: expected a JSON object, got an array";
    QTest::newRow("trailing garbage") << QByteArray(R"({"a":1} x)") << "body: invalid JSON at offset 8: ";
}

void TestInvocationEvent::malformedBodies()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, messageStart);
    const auto parsed = InvocationEvent::parse(body);
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.issues.size(), 1);
    QVERIFY2(parsed.issues.first().message().startsWith(messageStart), qPrintable(parsed.issues.first().message()));
    QVERIFY(parsed.issues.first().message().size() > messageStart.size() || !messageStart.endsWith(QLatin1Char(' ')));
}

void TestInvocationEvent::unknownFieldsWarn_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("top level") << QStringLiteral("Sequense");
    QTest::newRow("call details") << QStringLiteral("CallDetails.SipMediaAppId");
    QTest::newRow("participant") << QStringLiteral("CallDetails.Participants[0].Colour");
}

void TestInvocationEvent::unknownFieldsWarn()
{
    QFETCH(QString, path);
    const auto parsed = InvocationEvent::fromJson(mutated(eventObject(QStringLiteral("new-inbound-call.json")), path, 2));
    QVERIFY(parsed.ok());
    QVERIFY(hasWarningAt(parsed.issues, path));
    QCOMPARE(parsed.issues.size(), 1);
}

void TestInvocationEvent::everyKnownFieldIsKnown()
{
    // Every optional field present at once, the DG's SipApplicationId alias included: the
    // reader must look each one up, or it would be reported as unknown.
    QJsonObject event = eventObject(QStringLiteral("action-failed.json"));
    for (const auto &[path, value] : std::initializer_list<std::pair<QString, QJsonValue>>{
             {QStringLiteral("ErrorType"), QStringLiteral("InvalidActionParameter")},
             {QStringLiteral("ErrorMessage"), QStringLiteral("bad")},
             {QStringLiteral("CallDetails.TransactionAttributes"), QJsonObject{{QStringLiteral("k"), QStringLiteral("v")}}},
             {QStringLiteral("CallDetails.SipRuleId"), QStringLiteral("rule")},
             {QStringLiteral("CallDetails.SipApplicationId"), QStringLiteral("alias")},
             {QStringLiteral("CallDetails.Participants[0].Status"), QStringLiteral("Connected")},
             {QStringLiteral("CallDetails.Participants[0].SipHeaders"), QJsonObject{{QStringLiteral("X-A"), QStringLiteral("1")}}}}) {
        event = mutated(event, path, value);
    }
    const auto parsed = InvocationEvent::fromJson(event);
    QVERIFY(parsed.ok());
    for (const auto &issue : parsed.issues)
        QVERIFY2(!issue.rule.contains(QStringLiteral("unknown field")), qPrintable(issue.path));
    QVERIFY(hasWarningAt(parsed.issues, QStringLiteral("CallDetails.SipApplicationId"))); // ignored: both present
}

void TestInvocationEvent::hangupInfo()
{
    const auto hangup = InvocationEvent::parse(readFile(eventPath(QStringLiteral("hangup.json"))));
    QVERIFY(hangup.ok());
    const auto info = hangup.value->hangupInfo();
    QVERIFY(info);
    QCOMPARE(info->sipResponseCode, 0);
    QCOMPARE(info->tag, std::optional(ParticipantTag::LegA));
    QCOMPARE(info->callId, QStringLiteral("9ff01357-23c5-4611-9dd3-f05f9d654faa"));

    const auto busy = InvocationEvent::fromJson(mutated(eventObject(QStringLiteral("hangup.json")),
                                                        QStringLiteral("ActionData.Parameters.SipResponseCode"),
                                                        QStringLiteral("486")));
    QVERIFY(busy.ok());
    QCOMPARE(busy.value->hangupInfo()->sipResponseCode, 486);

    const auto answered = InvocationEvent::parse(readFile(eventPath(QStringLiteral("call-answered.json"))));
    QVERIFY(answered.ok());
    QVERIFY(!answered.value->hangupInfo());
}

void TestInvocationEvent::roundTrip_data()
{
    QTest::addColumn<QString>("file");
    const QDir dir(QStringLiteral(CALLCONSOLE_TEST_DATA "/events"));
    for (const auto &name : dir.entryList({QStringLiteral("*.json")})) {
        if (!name.contains(QLatin1String("incoming")))
            QTest::newRow(qPrintable(name)) << name;
    }
}

void TestInvocationEvent::roundTrip()
{
    QFETCH(QString, file);
    const auto first = InvocationEvent::parse(readFile(eventPath(file)));
    QVERIFY2(first.ok(), qPrintable(messages(first.issues).join(QLatin1Char('\n'))));
    const auto second = InvocationEvent::parse(first.value->toJsonBytes());
    QVERIFY2(second.ok(), qPrintable(messages(second.issues).join(QLatin1Char('\n'))));
    const InvocationEvent &a = *first.value;
    const InvocationEvent &b = *second.value;
    QCOMPARE(b.toJson(), a.toJson());
    QVERIFY(b == a);
    QCOMPARE(toString(b.type), toString(a.type));
    QCOMPARE(b.sequence, a.sequence);
    QCOMPARE(b.errorType, a.errorType);
    QCOMPARE(b.errorMessage, a.errorMessage);
    QCOMPARE(b.actionData, a.actionData);
    QCOMPARE(b.callDetails.transactionAttributes, a.callDetails.transactionAttributes);
    QCOMPARE(b.callDetails.participants.size(), a.callDetails.participants.size());
    for (qsizetype i = 0; i < a.callDetails.participants.size(); ++i) {
        const Participant &pa = a.callDetails.participants.at(i);
        const Participant &pb = b.callDetails.participants.at(i);
        QCOMPARE(pb.callId, pa.callId);
        QCOMPARE(toString(pb.tag), toString(pa.tag));
        QCOMPARE(toString(pb.status), toString(pa.status));
        QCOMPARE(pb.startTimeMs, pa.startTimeMs);
        QCOMPARE(toString(pb.direction), toString(pa.direction));
        QCOMPARE(pb.to, pa.to);
        QCOMPARE(pb.from, pa.from);
    }
    // The canonical form needs no lenient reading; only the 15-digit time stays suspicious.
    for (const auto &issue : second.issues)
        QVERIFY2(issue.path.endsWith(QLatin1String("StartTimeInMilliseconds")), qPrintable(issue.message()));
}

void TestInvocationEvent::roundTripCanonicalisesLenientInput()
{
    const auto alias = InvocationEvent::parse(readFile(eventPath(QStringLiteral("doc-sip-application-id.json"))));
    const QJsonObject details = alias.value->toJson().value(QStringLiteral("CallDetails")).toObject();
    QVERIFY(details.contains(QStringLiteral("SipMediaApplicationId")));
    QVERIFY(!details.contains(QStringLiteral("SipApplicationId")));
    QVERIFY(!details.contains(QStringLiteral("SipRuleId"))); // outbound: absent, not ""

    const auto mixed = InvocationEvent::parse(readFile(eventPath(QStringLiteral("doc-bridged-hangup-mixed-case.json"))));
    const QJsonArray legs = mixed.value->toJson()[QStringLiteral("CallDetails")][QStringLiteral("Participants")].toArray();
    QCOMPARE(legs.at(0)[QStringLiteral("ParticipantTag")].toString(), QStringLiteral("LEG-A"));
    QCOMPARE(legs.at(1)[QStringLiteral("ParticipantTag")].toString(), QStringLiteral("LEG-B"));

    const auto numbers = InvocationEvent::parse(readFile(eventPath(QStringLiteral("lenient-numbers.json"))));
    const QJsonObject json = numbers.value->toJson();
    QVERIFY(json.value(QStringLiteral("Sequence")).isDouble());
    QVERIFY(json[QStringLiteral("CallDetails")][QStringLiteral("Participants")][0][QStringLiteral("StartTimeInMilliseconds")].isString());
    QCOMPARE(json[QStringLiteral("CallDetails")][QStringLiteral("Participants")][0][QStringLiteral("Status")].toString(),
             QStringLiteral("Connected"));

    // ErrorType read from the top level stays there; read from ActionData it is not duplicated.
    const auto failed = InvocationEvent::parse(readFile(eventPath(QStringLiteral("action-failed.json"))));
    QVERIFY(!failed.value->toJson().contains(QStringLiteral("ErrorType")));
    const auto invalid = InvocationEvent::parse(readFile(eventPath(QStringLiteral("invalid-lambda-response.json"))));
    QCOMPARE(invalid.value->toJson().value(QStringLiteral("ErrorType")).toString(),
             QStringLiteral("TransactionAttributesInvalidMapSize"));
}

void TestInvocationEvent::equality()
{
    const auto a = InvocationEvent::parse(readFile(eventPath(QStringLiteral("hangup.json"))));
    const auto b = InvocationEvent::parse(readFile(eventPath(QStringLiteral("hangup.json"))));
    QVERIFY(*a.value == *b.value);

    InvocationEvent changed = *b.value;
    changed.callDetails.participants[0].status = ParticipantStatus::Connected;
    QVERIFY(changed != *a.value);
    changed = *b.value;
    changed.callDetails.transactionAttributes = StringMap{};
    QVERIFY(changed != *a.value); // {} (cleared) is not "never set"
    changed = *b.value;
    changed.actionData->insert(QStringLiteral("Type"), QStringLiteral("Pause"));
    QVERIFY(changed != *a.value);
}

QTEST_GUILESS_MAIN(TestInvocationEvent)
#include "tst_invocationevent.moc"

// Reading an invocation event from untrusted JSON: every finding names the path, shows the
// value and states the rule; lenient readings (sma-reference.md §7) become warnings.
#include "InvocationEvent.h"

#include "JsonValues.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

#include <limits>

namespace callconsole {

namespace {

QStringList typeNameList()
{
    QStringList names;
    for (const auto type : allInvocationEventTypes())
        names << toString(type);
    return names;
}

// The DG's own misspellings, mapped to the name the service actually sends.
QString knownMisspelling(const QString &text)
{
    if (text.compare(QLatin1String("NEW_INCOMING_CALL"), Qt::CaseInsensitive) == 0)
        return QStringLiteral("NEW_INBOUND_CALL");
    return {};
}

using json::child;
using json::element;
using json::kindName;
using json::Members;
using json::shown;

// Collects issues while reading one event; every reader reports under the path it was given.
class EventReader
{
public:
    ValidationIssues issues;

    void error(const QString &path, const QJsonValue &value, const QString &rule)
    {
        issues << ValidationIssue::error(path, shown(value), rule);
    }
    void warning(const QString &path, const QJsonValue &value, const QString &rule)
    {
        issues << ValidationIssue::warning(path, shown(value), rule);
    }
    void missing(const QString &path, const QString &rule = QStringLiteral("missing"))
    {
        issues << ValidationIssue::error(path, {}, rule);
    }

    // A required (or, with required=false, optional) string; nullopt when absent or wrong.
    std::optional<QString> string(const Members &object, const QString &parent, QLatin1String key,
                                  bool required, bool nonEmpty = true)
    {
        // The path is only spelled out for a finding: most events have none, and this runs
        // for every string field of every delivery.
        const QJsonValue value = object.value(key);
        if (value.isUndefined() || (value.isNull() && !required)) {
            if (required)
                missing(child(parent, QString(key)));
            return std::nullopt;
        }
        if (!value.isString()) {
            error(child(parent, QString(key)), value, QStringLiteral("expected a string, got %1").arg(kindName(value)));
            return std::nullopt;
        }
        QString text = value.toString();
        if (nonEmpty && text.trimmed().isEmpty()) {
            error(child(parent, QString(key)), value, QStringLiteral("must not be empty"));
            return std::nullopt;
        }
        return text;
    }

    std::optional<StringMap> optionalStringMap(const Members &object, const QString &parent, QLatin1String key)
    {
        const QJsonValue value = object.value(key);
        if (value.isUndefined() || value.isNull())
            return std::nullopt;
        if (!value.isObject()) {
            error(child(parent, QString(key)), value, QStringLiteral("expected an object of string → string, got %1").arg(kindName(value)));
            return std::nullopt;
        }
        return json::stringMap(value.toObject(), child(parent, QString(key)), issues);
    }

    // Call after looking up every key the reader knows (even those it then ignores).
    void unknownKeys(const Members &object, const QString &parent)
    {
        for (const QString &key : object.unreadKeys())
            issues << ValidationIssue::warning(child(parent, key), {}, QStringLiteral("unknown field, ignored"));
    }

    std::optional<Participant> participant(const QJsonValue &value, const QString &path);
    std::optional<CallDetails> callDetails(const QJsonValue &value);
    void actionData(InvocationEventType type, const std::optional<QJsonObject> &data);
    void hangupParameters(const QJsonObject &data);
};

std::optional<Participant> EventReader::participant(const QJsonValue &value, const QString &path)
{
    if (!value.isObject()) {
        error(path, value, QStringLiteral("expected an object, got %1").arg(kindName(value)));
        return std::nullopt;
    }
    const Members object(value.toObject());
    const qsizetype before = issues.size();
    Participant p;

    if (const auto id = string(object, path, QLatin1String("CallId"), true))
        p.callId = *id;

    const auto tagPath = [&path] { return child(path, QStringLiteral("ParticipantTag")); };
    if (const auto tagText = string(object, path, QLatin1String("ParticipantTag"), true)) {
        if (const auto tag = participantTagFromString(*tagText)) {
            p.tag = *tag;
            if (*tagText != toString(*tag)) {
                warning(tagPath(), *tagText, QStringLiteral("read as %1 (the service sends upper case; "
                                                          "some DG examples do not)").arg(toString(*tag)));
            }
        } else {
            error(tagPath(), *tagText, QStringLiteral("is not one of LEG-A, LEG-B"));
        }
    }

    // "From" may be "SMA" on a CallAndBridge B-leg, so only presence is checked.
    if (const auto to = string(object, path, QLatin1String("To"), true, false))
        p.to = *to;
    if (const auto from = string(object, path, QLatin1String("From"), true, false))
        p.from = *from;

    if (const auto direction = string(object, path, QLatin1String("Direction"), true)) {
        if (*direction == QLatin1String("Inbound"))
            p.direction = CallDirection::Inbound;
        else if (*direction == QLatin1String("Outbound"))
            p.direction = CallDirection::Outbound;
        else
            error(child(path, QStringLiteral("Direction")), *direction, QStringLiteral("is not one of Inbound, Outbound"));
    }

    const auto startPath = [&path] { return child(path, QStringLiteral("StartTimeInMilliseconds")); };
    const QJsonValue start = object.value(QLatin1String("StartTimeInMilliseconds"));
    if (start.isUndefined()) {
        missing(startPath());
    } else {
        bool wasString = false;
        const auto ms = json::integer(start, &wasString);
        if (!ms || *ms < 0) {
            error(startPath(), start, QStringLiteral("expected epoch milliseconds as a string of digits"));
        } else {
            p.startTimeMs = *ms;
            if (!wasString)
                warning(startPath(), start, QStringLiteral("read a number; the service sends a string"));
            // 13 digits covers 2001–2286; the DG's 15-digit examples are not real timestamps.
            if (*ms >= 10'000'000'000'000)
                warning(startPath(), start, QStringLiteral("more than 13 digits is not a realistic epoch-milliseconds time"));
        }
    }

    if (const auto status = string(object, path, QLatin1String("Status"), false)) {
        if (*status == QLatin1String("Connected"))
            p.status = ParticipantStatus::Connected;
        else if (*status == QLatin1String("Disconnected"))
            p.status = ParticipantStatus::Disconnected;
        else
            error(child(path, QStringLiteral("Status")), *status, QStringLiteral("is not one of Connected, Disconnected"));
    }

    if (const auto headers = optionalStringMap(object, path, QLatin1String("SipHeaders")))
        p.sipHeaders = *headers;

    unknownKeys(object, path);
    if (hasErrors(issues.mid(before)))
        return std::nullopt;
    return p;
}

std::optional<CallDetails> EventReader::callDetails(const QJsonValue &value)
{
    const QString path = QStringLiteral("CallDetails");
    if (value.isUndefined()) {
        missing(path);
        return std::nullopt;
    }
    if (!value.isObject()) {
        error(path, value, QStringLiteral("expected an object, got %1").arg(kindName(value)));
        return std::nullopt;
    }
    const Members object(value.toObject());
    CallDetails details;

    if (const auto id = string(object, path, QLatin1String("TransactionId"), true))
        details.transactionId = *id;
    details.transactionAttributes = optionalStringMap(object, path, QLatin1String("TransactionAttributes"));
    if (const auto account = string(object, path, QLatin1String("AwsAccountId"), true))
        details.awsAccountId = *account;
    if (const auto region = string(object, path, QLatin1String("AwsRegion"), true))
        details.awsRegion = *region;
    if (const auto rule = string(object, path, QLatin1String("SipRuleId"), false))
        details.sipRuleId = *rule;

    const QLatin1String smaKey("SipMediaApplicationId");
    const QLatin1String aliasKey("SipApplicationId");
    if (object.contains(smaKey) || !object.contains(aliasKey)) {
        if (const auto sma = string(object, path, smaKey, true))
            details.sipMediaApplicationId = *sma;
        if (object.contains(aliasKey))
            warning(child(path, QString(aliasKey)), object.value(aliasKey),
                    QStringLiteral("ignored: SipMediaApplicationId is also present"));
    } else if (const auto alias = string(object, path, aliasKey, true)) {
        details.sipMediaApplicationId = *alias;
        warning(child(path, QString(aliasKey)), *alias,
                QStringLiteral("read as SipMediaApplicationId (a DG typo; the service sends SipMediaApplicationId)"));
    }

    const QString participantsPath = child(path, QStringLiteral("Participants"));
    const QJsonValue participants = object.value(QLatin1String("Participants"));
    if (participants.isUndefined()) {
        missing(participantsPath);
    } else if (!participants.isArray()) {
        error(participantsPath, participants,
              QStringLiteral("expected an array, got %1").arg(kindName(participants)));
    } else {
        const QJsonArray array = participants.toArray();
        if (array.isEmpty() || array.size() > 2) {
            error(participantsPath, participants,
                  QStringLiteral("expected 1 or 2 participants (LEG-A, and LEG-B once bridged), got %1")
                      .arg(array.size()));
        }
        for (qsizetype i = 0; i < array.size() && i < 2; ++i) {
            const QString itemPath = element(participantsPath, i);
            const auto p = participant(array.at(i), itemPath);
            if (!p)
                continue;
            // At most one earlier participant to compare with: no set needed.
            for (const Participant &earlier : std::as_const(details.participants)) {
                if (earlier.callId == p->callId)
                    error(child(itemPath, QStringLiteral("CallId")), p->callId, QStringLiteral("duplicates another participant's CallId"));
                if (earlier.tag == p->tag)
                    error(child(itemPath, QStringLiteral("ParticipantTag")), toString(p->tag), QStringLiteral("duplicates another participant's tag"));
            }
            details.participants << *p;
        }
    }

    unknownKeys(object, path);
    return details;
}

void EventReader::hangupParameters(const QJsonObject &data)
{
    const QString path = QStringLiteral("ActionData.Parameters");
    const QJsonValue parameters = data.value(QStringLiteral("Parameters"));
    if (parameters.isUndefined()) {
        issues << ValidationIssue::warning(path, {}, QStringLiteral("missing — HANGUP normally says which leg hung up "
                                                                    "(SipResponseCode, CallId, ParticipantTag)"));
        return;
    }
    if (!parameters.isObject())
        return; // reported with the other ActionData checks
    const QJsonObject object = parameters.toObject();
    const QJsonValue code = object.value(QStringLiteral("SipResponseCode"));
    if (!code.isUndefined()) {
        const auto number = json::integer(code);
        if (!number || *number < 0 || *number > 699)
            error(child(path, QStringLiteral("SipResponseCode")), code, QStringLiteral("expected 0 or a SIP status code 100–699"));
    }
    const QJsonValue tag = object.value(QStringLiteral("ParticipantTag"));
    if (tag.isString() && !tag.toString().isEmpty() && !participantTagFromString(tag.toString()))
        error(child(path, QStringLiteral("ParticipantTag")), tag, QStringLiteral("is not one of LEG-A, LEG-B"));
    else if (!tag.isUndefined() && !tag.isString())
        error(child(path, QStringLiteral("ParticipantTag")), tag, QStringLiteral("expected a string, got %1").arg(kindName(tag)));
    const QJsonValue callId = object.value(QStringLiteral("CallId"));
    if (!callId.isUndefined() && !callId.isString())
        error(child(path, QStringLiteral("CallId")), callId, QStringLiteral("expected a string, got %1").arg(kindName(callId)));
}

void EventReader::actionData(InvocationEventType type, const std::optional<QJsonObject> &data)
{
    const QString path = QStringLiteral("ActionData");
    const QString name = toString(type);
    switch (type) {
    case InvocationEventType::NewInboundCall:
    case InvocationEventType::Ringing:
    case InvocationEventType::CallAnswered:
        if (data)
            issues << ValidationIssue::warning(path, {}, QStringLiteral("not documented on %1; kept as is").arg(name));
        return;
    case InvocationEventType::InvalidLambdaResponse:
        return;
    case InvocationEventType::ActionSuccessful:
    case InvocationEventType::ActionFailed:
    case InvocationEventType::ActionInterrupted:
    case InvocationEventType::DigitsReceived:
        if (!data) {
            missing(path, QStringLiteral("missing — %1 carries the action it reports on").arg(name));
            return;
        }
        break;
    case InvocationEventType::NewOutboundCall:
    case InvocationEventType::Hangup:
    case InvocationEventType::CallUpdateRequested:
        if (!data) {
            // The DG's own examples omit it for these types, so its absence is only worth a note.
            if (type != InvocationEventType::NewOutboundCall)
                issues << ValidationIssue::warning(path, {}, QStringLiteral("missing — the service sends it on %1").arg(name));
            return;
        }
        break;
    }

    const QString typePath = child(path, QStringLiteral("Type"));
    const QJsonValue actionType = data->value(QStringLiteral("Type"));
    if (actionType.isUndefined()) {
        missing(typePath, QStringLiteral("missing — ActionData names the action it reports on"));
    } else if (!actionType.isString() || actionType.toString().isEmpty()) {
        error(typePath, actionType, QStringLiteral("expected a non-empty string"));
    } else if (type == InvocationEventType::NewOutboundCall && actionType.toString() != QLatin1String("CallCreateRequest")) {
        warning(typePath, actionType, QStringLiteral("NEW_OUTBOUND_CALL carries CallCreateRequest"));
    } else if (type == InvocationEventType::CallUpdateRequested && actionType.toString() != QLatin1String("CallUpdateRequest")) {
        warning(typePath, actionType, QStringLiteral("CALL_UPDATE_REQUESTED carries CallUpdateRequest"));
    }

    const QJsonValue parameters = data->value(QStringLiteral("Parameters"));
    if (!parameters.isUndefined() && !parameters.isNull() && !parameters.isObject()) {
        error(child(path, QStringLiteral("Parameters")), parameters,
              QStringLiteral("expected an object, got %1").arg(kindName(parameters)));
    }

    if (type == InvocationEventType::Hangup)
        hangupParameters(*data);
    if (type == InvocationEventType::DigitsReceived) {
        const QJsonValue digits = data->value(QStringLiteral("ReceivedDigits"));
        if (digits.isUndefined())
            missing(child(path, QStringLiteral("ReceivedDigits")), QStringLiteral("missing — DIGITS_RECEIVED reports the digits"));
        else if (!digits.isString())
            error(child(path, QStringLiteral("ReceivedDigits")), digits, QStringLiteral("expected a string"));
    }
}

} // namespace

Parsed<InvocationEvent> InvocationEvent::parse(const QByteArray &bytes)
{
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError) {
        return {std::nullopt,
                {ValidationIssue::error(QStringLiteral("body"), {},
                                        QStringLiteral("invalid JSON at offset %1: %2").arg(error.offset).arg(error.errorString()))}};
    }
    if (const QString problem = json::strictSyntaxProblem(bytes); !problem.isEmpty())
        return {std::nullopt, {ValidationIssue::error(QStringLiteral("body"), {}, problem)}};
    if (!document.isObject()) {
        return {std::nullopt,
                {ValidationIssue::error(QStringLiteral("body"), {},
                                        QStringLiteral("expected a JSON object, got %1")
                                            .arg(document.isArray() ? QStringLiteral("an array") : QStringLiteral("nothing")))}};
    }
    return fromJson(document.object());
}

bool InvocationEvent::isStrictJson(QByteArrayView bytes)
{
    return json::strictSyntaxProblem(bytes).isEmpty();
}

Parsed<InvocationEvent> InvocationEvent::fromJson(const QJsonObject &json)
{
    const Members object(json);
    EventReader reader;
    InvocationEvent event;

    if (const auto version = reader.string(object, {}, QLatin1String("SchemaVersion"), true)) {
        if (*version != QLatin1String("1.0"))
            reader.error(QStringLiteral("SchemaVersion"), *version, QStringLiteral("expected \"1.0\""));
        event.schemaVersion = *version;
    }

    const QString sequencePath = QStringLiteral("Sequence");
    const QJsonValue sequence = object.value(QLatin1String("Sequence"));
    if (sequence.isUndefined()) {
        reader.missing(sequencePath);
    } else {
        bool wasString = false;
        const auto number = json::integer(sequence, &wasString);
        if (!number || *number < 1 || *number > std::numeric_limits<int>::max()) {
            reader.error(sequencePath, sequence, QStringLiteral("expected an integer ≥ 1"));
        } else {
            event.sequence = static_cast<int>(*number);
            if (wasString)
                reader.warning(sequencePath, sequence, QStringLiteral("read a string; the service sends a number"));
        }
    }

    std::optional<InvocationEventType> type;
    const QString typePath = QStringLiteral("InvocationEventType");
    if (const auto text = reader.string(object, {}, QLatin1String("InvocationEventType"), true)) {
        type = invocationEventTypeFromString(*text);
        if (type) {
            event.type = *type;
        } else {
            QString suggestion = knownMisspelling(*text);
            if (suggestion.isEmpty())
                suggestion = json::closestMatch(*text, typeNameList());
            QString rule = QStringLiteral("is not one of %1").arg(typeNameList().join(QStringLiteral(", ")));
            if (!suggestion.isEmpty())
                rule += QStringLiteral(" (did you mean %1?)").arg(suggestion);
            reader.error(typePath, *text, rule);
        }
    }

    const QJsonValue actionData = object.value(QLatin1String("ActionData"));
    if (actionData.isObject())
        event.actionData = actionData.toObject();
    else if (!actionData.isUndefined() && !actionData.isNull())
        reader.error(QStringLiteral("ActionData"), actionData,
                     QStringLiteral("expected an object, got %1").arg(kindName(actionData)));

    if (const auto details = reader.callDetails(object.value(QLatin1String("CallDetails"))))
        event.callDetails = *details;

    if (type)
        reader.actionData(*type, event.actionData);

    // Top level per the DG's INVALID_LAMBDA_RESPONSE example, inside ActionData per its prose
    // and for ACTION_FAILED; the top level wins when both are present.
    for (const auto &[key, target] : {std::pair{QLatin1String("ErrorType"), &event.errorType},
                                      std::pair{QLatin1String("ErrorMessage"), &event.errorMessage}}) {
        const auto top = reader.string(object, {}, key, false, false);
        if (top && !top->isEmpty())
            *target = *top;
        else if (event.actionData && event.actionData->value(key).isString())
            *target = event.actionData->value(key).toString();
    }
    if (event.type == InvocationEventType::InvalidLambdaResponse && type && event.errorType.isEmpty()) {
        reader.issues << ValidationIssue::warning(QStringLiteral("ErrorType"), {},
                                                  QStringLiteral("missing — INVALID_LAMBDA_RESPONSE normally says why the reply was rejected"));
    }
    // JoinChimeMeeting's page shows "Error" instead of ErrorType, so that counts as a reason too.
    if (event.type == InvocationEventType::ActionFailed && type && event.actionData && event.errorType.isEmpty()
        && !event.actionData->contains(QStringLiteral("Error"))) {
        reader.issues << ValidationIssue::warning(QStringLiteral("ActionData.ErrorType"), {},
                                                  QStringLiteral("missing — ACTION_FAILED normally says why"));
    }

    reader.unknownKeys(object, {});

    Parsed<InvocationEvent> result;
    result.issues = reader.issues;
    if (!hasErrors(result.issues))
        result.value = event;
    return result;
}

} // namespace callconsole

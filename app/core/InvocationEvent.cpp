// The event's names, accessors and serialisation; reading it is in InvocationEventParser.cpp.
#include "InvocationEvent.h"

#include "JsonValues.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <array>

namespace callconsole {

namespace {

struct TypeName
{
    InvocationEventType type;
    const char *name;
};

constexpr std::array<TypeName, InvocationEventTypeCount> typeNames = {{
    {InvocationEventType::NewInboundCall, "NEW_INBOUND_CALL"},
    {InvocationEventType::NewOutboundCall, "NEW_OUTBOUND_CALL"},
    {InvocationEventType::Ringing, "RINGING"},
    {InvocationEventType::CallAnswered, "CALL_ANSWERED"},
    {InvocationEventType::ActionSuccessful, "ACTION_SUCCESSFUL"},
    {InvocationEventType::ActionFailed, "ACTION_FAILED"},
    {InvocationEventType::ActionInterrupted, "ACTION_INTERRUPTED"},
    {InvocationEventType::Hangup, "HANGUP"},
    {InvocationEventType::InvalidLambdaResponse, "INVALID_LAMBDA_RESPONSE"},
    {InvocationEventType::DigitsReceived, "DIGITS_RECEIVED"},
    {InvocationEventType::CallUpdateRequested, "CALL_UPDATE_REQUESTED"},
}};

} // namespace

QString toString(InvocationEventType type)
{
    for (const auto &entry : typeNames) {
        if (entry.type == type)
            return QLatin1String(entry.name);
    }
    return {};
}

std::optional<InvocationEventType> invocationEventTypeFromString(const QString &text)
{
    for (const auto &entry : typeNames) {
        if (text == QLatin1String(entry.name))
            return entry.type;
    }
    return std::nullopt;
}

QList<InvocationEventType> allInvocationEventTypes()
{
    QList<InvocationEventType> types;
    for (const auto &entry : typeNames)
        types << entry.type;
    return types;
}

QString toString(ParticipantTag tag)
{
    return tag == ParticipantTag::LegA ? QStringLiteral("LEG-A") : QStringLiteral("LEG-B");
}

std::optional<ParticipantTag> participantTagFromString(const QString &text)
{
    if (text.compare(QLatin1String("LEG-A"), Qt::CaseInsensitive) == 0)
        return ParticipantTag::LegA;
    if (text.compare(QLatin1String("LEG-B"), Qt::CaseInsensitive) == 0)
        return ParticipantTag::LegB;
    return std::nullopt;
}

QString toString(CallDirection direction)
{
    return direction == CallDirection::Inbound ? QStringLiteral("Inbound") : QStringLiteral("Outbound");
}

QString toString(ParticipantStatus status)
{
    switch (status) {
    case ParticipantStatus::Connected:
        return QStringLiteral("Connected");
    case ParticipantStatus::Disconnected:
        return QStringLiteral("Disconnected");
    case ParticipantStatus::Unknown:
        break;
    }
    return {};
}

const Participant *CallDetails::participant(ParticipantTag tag) const
{
    for (const auto &p : participants) {
        if (p.tag == tag)
            return &p;
    }
    return nullptr;
}

bool operator==(const Participant &a, const Participant &b)
{
    return a.callId == b.callId && a.tag == b.tag && a.to == b.to && a.from == b.from
        && a.direction == b.direction && a.startTimeMs == b.startTimeMs && a.status == b.status
        && a.sipHeaders == b.sipHeaders;
}

bool operator==(const CallDetails &a, const CallDetails &b)
{
    return a.transactionId == b.transactionId && a.transactionAttributes == b.transactionAttributes
        && a.awsAccountId == b.awsAccountId && a.awsRegion == b.awsRegion && a.sipRuleId == b.sipRuleId
        && a.sipMediaApplicationId == b.sipMediaApplicationId && a.participants == b.participants;
}

bool operator==(const InvocationEvent &a, const InvocationEvent &b)
{
    return a.schemaVersion == b.schemaVersion && a.sequence == b.sequence && a.type == b.type
        && a.callDetails == b.callDetails && a.actionData == b.actionData && a.errorType == b.errorType
        && a.errorMessage == b.errorMessage;
}

QJsonObject InvocationEvent::toJson() const
{
    QJsonArray participants;
    for (const auto &p : callDetails.participants) {
        QJsonObject o{{QStringLiteral("CallId"), p.callId},
                      {QStringLiteral("ParticipantTag"), toString(p.tag)},
                      {QStringLiteral("To"), p.to},
                      {QStringLiteral("From"), p.from},
                      {QStringLiteral("Direction"), toString(p.direction)},
                      {QStringLiteral("StartTimeInMilliseconds"), QString::number(p.startTimeMs)}};
        if (p.status != ParticipantStatus::Unknown)
            o.insert(QStringLiteral("Status"), toString(p.status));
        if (!p.sipHeaders.isEmpty()) {
            QJsonObject headers;
            for (auto it = p.sipHeaders.cbegin(); it != p.sipHeaders.cend(); ++it)
                headers.insert(it.key(), it.value());
            o.insert(QStringLiteral("SipHeaders"), headers);
        }
        participants.append(o);
    }

    QJsonObject details{{QStringLiteral("TransactionId"), callDetails.transactionId},
                        {QStringLiteral("AwsAccountId"), callDetails.awsAccountId},
                        {QStringLiteral("AwsRegion"), callDetails.awsRegion},
                        {QStringLiteral("SipMediaApplicationId"), callDetails.sipMediaApplicationId},
                        {QStringLiteral("Participants"), participants}};
    if (callDetails.transactionAttributes) {
        QJsonObject attributes;
        for (auto it = callDetails.transactionAttributes->cbegin(); it != callDetails.transactionAttributes->cend(); ++it)
            attributes.insert(it.key(), it.value());
        details.insert(QStringLiteral("TransactionAttributes"), attributes);
    }
    if (!callDetails.sipRuleId.isEmpty())
        details.insert(QStringLiteral("SipRuleId"), callDetails.sipRuleId);

    QJsonObject object{{QStringLiteral("SchemaVersion"), schemaVersion},
                       {QStringLiteral("Sequence"), sequence},
                       {QStringLiteral("InvocationEventType"), toString(type)},
                       {QStringLiteral("CallDetails"), details}};
    if (actionData)
        object.insert(QStringLiteral("ActionData"), *actionData);
    // Written at the top level unless ActionData already carries the same text, so a round
    // trip does not duplicate it.
    const auto insertError = [&](const QString &key, const QString &text) {
        if (!text.isEmpty() && !(actionData && actionData->value(key).toString() == text))
            object.insert(key, text);
    };
    insertError(QStringLiteral("ErrorType"), errorType);
    insertError(QStringLiteral("ErrorMessage"), errorMessage);
    return object;
}

QByteArray InvocationEvent::toJsonBytes() const
{
    return QJsonDocument(toJson()).toJson(QJsonDocument::Compact);
}

QString InvocationEvent::actionType() const
{
    if (!actionData)
        return {};
    return actionData->value(QStringLiteral("Type")).toString();
}

std::optional<HangupInfo> InvocationEvent::hangupInfo() const
{
    if (type != InvocationEventType::Hangup || !actionData)
        return std::nullopt;
    const QJsonValue parameters = actionData->value(QStringLiteral("Parameters"));
    if (!parameters.isObject())
        return std::nullopt;
    const QJsonObject object = parameters.toObject();
    HangupInfo info;
    if (const auto code = json::integer(object.value(QStringLiteral("SipResponseCode"))))
        info.sipResponseCode = static_cast<int>(*code);
    info.callId = object.value(QStringLiteral("CallId")).toString();
    info.tag = participantTagFromString(object.value(QStringLiteral("ParticipantTag")).toString());
    return info;
}

} // namespace callconsole

// One SMA invocation event: what the PSTN audio service POSTs (or sends to a Lambda) each time a
// call needs the application's attention. Parsing is lenient exactly where AWS's own documents
// and captures disagree (sma-reference.md §7) and strict everywhere else.
#pragma once

#include "ValidationIssue.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>

#include <optional>

namespace callconsole {

enum class InvocationEventType {
    NewInboundCall,
    NewOutboundCall,
    Ringing,
    CallAnswered,
    ActionSuccessful,
    ActionFailed,
    ActionInterrupted,
    Hangup,
    InvalidLambdaResponse,
    DigitsReceived,
    CallUpdateRequested,
};
constexpr int InvocationEventTypeCount = 11;

QString toString(InvocationEventType type);              // "NEW_OUTBOUND_CALL"
std::optional<InvocationEventType> invocationEventTypeFromString(const QString &text);
QList<InvocationEventType> allInvocationEventTypes();

enum class ParticipantTag { LegA, LegB };
QString toString(ParticipantTag tag);                     // "LEG-A"
std::optional<ParticipantTag> participantTagFromString(const QString &text); // case-insensitive

enum class CallDirection { Inbound, Outbound };
QString toString(CallDirection direction);

enum class ParticipantStatus { Unknown, Connected, Disconnected }; // Unknown = field absent
QString toString(ParticipantStatus status);

using StringMap = QMap<QString, QString>;

struct Participant
{
    QString callId;
    ParticipantTag tag = ParticipantTag::LegA;
    QString to;
    QString from;
    CallDirection direction = CallDirection::Inbound;
    qint64 startTimeMs = 0;         // sent as a string of epoch milliseconds
    ParticipantStatus status = ParticipantStatus::Unknown;
    StringMap sipHeaders;
};

struct CallDetails
{
    QString transactionId;
    std::optional<StringMap> transactionAttributes; // absent until the application sets some
    QString awsAccountId;
    QString awsRegion;
    QString sipRuleId;              // inbound calls only
    QString sipMediaApplicationId;  // also accepted as "SipApplicationId" (DG typo)
    QList<Participant> participants;

    const Participant *participant(ParticipantTag tag) const;
};

// Who hung up and why, read from a HANGUP event's ActionData.Parameters (sma-reference.md §1.4).
struct HangupInfo
{
    int sipResponseCode = 0;
    QString callId;
    std::optional<ParticipantTag> tag;
};

struct InvocationEvent
{
    QString schemaVersion = QStringLiteral("1.0");
    int sequence = 0;
    InvocationEventType type = InvocationEventType::NewInboundCall;
    CallDetails callDetails;
    std::optional<QJsonObject> actionData; // kept whole: its shape depends on the action echoed
    QString errorType;                     // INVALID_LAMBDA_RESPONSE / ACTION_FAILED, either location
    QString errorMessage;

    // Parse untrusted bytes. Errors name the JSON path, the value and the rule; warnings note
    // the lenient readings that were applied (e.g. "SipApplicationId read as SipMediaApplicationId").
    static Parsed<InvocationEvent> parse(const QByteArray &bytes);
    static Parsed<InvocationEvent> fromJson(const QJsonObject &object);
    // Whether bytes that QJsonDocument reads are strict JSON too (no "\x41", no lone
    // surrogate); parse() refuses the rest with the reason.
    static bool isStrictJson(QByteArrayView bytes);

    QJsonObject toJson() const;
    QByteArray toJsonBytes() const; // compact

    QString actionType() const;                // ActionData.Type, or empty
    std::optional<HangupInfo> hangupInfo() const;
    QString transactionId() const { return callDetails.transactionId; }
};

// Field-by-field equality: parse(e.toJsonBytes()) == e for every parsed event. Two deliveries
// of one (TransactionId, Sequence) are identical duplicates exactly when they compare equal.
bool operator==(const Participant &a, const Participant &b);
bool operator==(const CallDetails &a, const CallDetails &b);
bool operator==(const InvocationEvent &a, const InvocationEvent &b);
inline bool operator!=(const Participant &a, const Participant &b) { return !(a == b); }
inline bool operator!=(const CallDetails &a, const CallDetails &b) { return !(a == b); }
inline bool operator!=(const InvocationEvent &a, const InvocationEvent &b) { return !(a == b); }

} // namespace callconsole

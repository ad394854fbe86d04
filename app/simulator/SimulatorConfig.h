// What the built-in SMA simulator emulates: the SIP media applications and phone numbers of a
// pretend account, how each dialled number behaves, the service's timing rules, and optional
// faults. Loaded from JSON; every field has a default so `callconsole simulate` runs bare.
#pragma once

#include "SimulatedBot.h"
#include "SimulatedPhoneNumber.h"
#include "SimulatedSipRule.h"
#include "ValidationIssue.h"

#include <QHash>
#include <QList>
#include <QRegularExpression>
#include <QString>
#include <QUrl>

namespace callconsole {

struct SimulatedSma
{
    SimulatedSma() = default;
    SimulatedSma(QString id, QString name, QString region, QUrl endpointUrl)
        : id(std::move(id)), name(std::move(name)), region(std::move(region)), endpointUrl(std::move(endpointUrl))
    {
    }

    QString id;
    QString name;
    QString region = QStringLiteral("us-east-1");
    QUrl endpointUrl;          // where events are POSTed; empty: the console's own endpoint
    QString lambdaArn;         // Endpoints[0].LambdaArn; empty: the built-in relay's ARN
    bool messageLogsEnabled = false; // SipMediaApplicationLoggingConfiguration
    QString createdTimestamp;
    QString updatedTimestamp;
};

// A Voice Connector of the account, listed so that numbers' VoiceConnectorId associations
// resolve (ListVoiceConnectors, GetVoiceConnector); calls never go through one here.
struct SimulatedVoiceConnector
{
    QString id;
    QString name;
    QString region = QStringLiteral("us-east-1");
    bool requireEncryption = true;
};

struct ScheduledDigits
{
    int atMs = 0;              // after the call is answered
    QString digits;
};

// How the far end behaves when a number is dialled.
struct CalleeBehaviour
{
    enum class Outcome { Answer, Busy, NoAnswer, Reject };

    QRegularExpression to;      // matched against ToPhoneNumber
    Outcome outcome = Outcome::Answer;
    int ringMs = 300;           // before RINGING
    int answerAfterMs = 1500;   // from RINGING to CALL_ANSWERED
    int hangupAfterMs = -1;     // callee hangs up this long after answering (-1: never)
    QList<ScheduledDigits> digits;
};

// How the caller of an inbound call behaves once the SIP media application answers.
struct CallerBehaviour
{
    QRegularExpression from;    // matched against the caller's number
    int hangupAfterMs = -1;     // the caller hangs up this long after the answer (-1: never)
    QList<ScheduledDigits> digits; // pressed this long after the answer
};

struct FaultInjection
{
    double duplicateRate = 0;   // probability that an invocation is delivered twice
    double reorderRate = 0;     // probability that an answered invocation arrives again after the next one
    int delayMs = 0;            // added before every delivery
    int jitterMs = 0;           // ± random extra delay
    quint32 seed = 1;
};

// The timestamp the account's built-in resources were created at.
QString simulatedTimestamp();

struct SimulatorConfig
{
    QString awsAccountId = QStringLiteral("123456789012");
    QList<SimulatedSma> applications;
    QList<SimulatedPhoneNumber> phoneNumbers; // the account's inventory: From must be one of them
    QList<CalleeBehaviour> callees;        // first match wins; unmatched numbers answer
    QList<CallerBehaviour> callers;        // inbound calls: first match wins; unmatched callers stay silent
    QList<SimulatedSipRule> sipRules;      // route dialled numbers to SMAs; without any, one per dial-in rule id
    QList<SimulatedVoiceConnector> voiceConnectors;
    QHash<QString, QUrl> lambdaFunctions;  // function name or ARN → the URL that serves it
    double speed = 1.0;                    // N× faster timing for tests and demos
    int retryAfterMs = 5000;               // no reply: the invocation is sent again
    int giveUpAfterMs = 20000;             // no usable reply: the call is hung up
    int ringTimeoutMs = 30000;             // no answer: HANGUP 480
    int inboundAnswerTimeoutMs = 30000;    // an inbound call no action list answers ends (DG case-1)
    int speakingCharsPerSecond = 15;
    int audioClipMs = 3000;                // PlayAudio clip length
    int maxInvocations = 1000;
    int maxActions = 10;
    int maxTransactionAttributes = 100;
    double callsPerSecond = 0;             // > 0: CreateSipMediaApplicationCall throttled past it
    FaultInjection faults;
    QList<SimulatedBot> bots;              // StartBotConversation: first match wins
    // JoinChimeMeeting's LEG-B comes from the meeting's dial-in number (DG use-cases.md).
    QString meetingPhoneNumber = QStringLiteral("+17035550122");
    // When set, every API request must be SigV4-signed with these (403 otherwise, as AWS).
    QString verifyAccessKeyId;
    QString verifySecretAccessKey;

    static SimulatorConfig defaults();     // one SMA, two numbers, demo callees
    static Parsed<SimulatorConfig> load(const QString &path);
    static Parsed<SimulatorConfig> fromJson(const QByteArray &bytes);

    const SimulatedSma *application(const QString &id) const;
    QStringList e164Numbers() const;       // the inventory's numbers, in its order
    bool hasPhoneNumber(const QString &e164) const;
    CalleeBehaviour calleeFor(const QString &to) const;
    CallerBehaviour callerFor(const QString &from) const;
    // The Lambda ARN an SMA's Endpoints name (its own, or the built-in relay's).
    QString lambdaArnOf(const SimulatedSma &sma) const;
    SimulatedBot botFor(const QString &botAliasArn) const;
    int scaled(int ms) const { return speed > 0 ? int(ms / speed) : ms; }
};

} // namespace callconsole

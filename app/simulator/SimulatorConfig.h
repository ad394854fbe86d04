// What the built-in SMA simulator emulates: the SIP media applications and phone numbers of a
// pretend account, how each dialled number behaves, the service's timing rules, and optional
// faults. Loaded from JSON; every field has a default so `callconsole simulate` runs bare.
#pragma once

#include "SimulatedPhoneNumber.h"
#include "ValidationIssue.h"

#include <QList>
#include <QRegularExpression>
#include <QString>
#include <QUrl>

namespace callconsole {

struct SimulatedSma
{
    QString id;
    QString name;
    QString region = QStringLiteral("us-east-1");
    QUrl endpointUrl;          // where events are POSTed; empty: the console's own endpoint
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

struct FaultInjection
{
    double duplicateRate = 0;   // probability that an invocation is delivered twice
    double reorderRate = 0;     // probability that an answered invocation arrives again after the next one
    int delayMs = 0;            // added before every delivery
    int jitterMs = 0;           // ± random extra delay
    quint32 seed = 1;
};

struct SimulatorConfig
{
    QString awsAccountId = QStringLiteral("123456789012");
    QList<SimulatedSma> applications;
    QList<SimulatedPhoneNumber> phoneNumbers; // the account's inventory: From must be one of them
    QList<CalleeBehaviour> callees;        // first match wins; unmatched numbers answer
    double speed = 1.0;                    // N× faster timing for tests and demos
    int retryAfterMs = 5000;               // no reply: the invocation is sent again
    int giveUpAfterMs = 20000;             // no usable reply: the call is hung up
    int ringTimeoutMs = 30000;             // no answer: HANGUP 480
    int speakingCharsPerSecond = 15;
    int audioClipMs = 3000;                // PlayAudio clip length
    int maxInvocations = 1000;
    int maxActions = 10;
    int maxTransactionAttributes = 100;
    double callsPerSecond = 0;             // > 0: CreateSipMediaApplicationCall throttled past it
    FaultInjection faults;
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
    int scaled(int ms) const { return speed > 0 ? int(ms / speed) : ms; }
};

} // namespace callconsole

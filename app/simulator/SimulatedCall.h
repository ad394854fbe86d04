// One call as the PSTN audio service runs it (sma-reference.md §1–2): an outbound call
// (NEW_OUTBOUND_CALL, RINGING, CALL_ANSWERED, …) or an inbound one (a caller dialled a number
// whose SIP rule chose this SMA: NEW_INBOUND_CALL, answered by the first action list). It
// invokes the SIP media application's endpoint one invocation at a time, runs each returned
// action list with realistic durations, and treats slow, failing, invalid or ignored replies the
// way the service does. Timers drive everything.
#pragma once

#include "ActionList.h"
#include "ActionRunner.h"
#include "CallLeg.h"
#include "CallRequest.h"
#include "InvocationEvent.h"
#include "SimulatorConfig.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QRandomGenerator>
#include <QStringList>
#include <QTimer>

#include <deque>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace callconsole {

// A caller dialling one of the account's numbers, and the SIP rule that routed the call.
struct InboundCallRequest
{
    QString fromPhoneNumber;    // the caller
    QString toPhoneNumber;      // the account's number
    QString sipRuleId;
    CallerBehaviour caller;
};

// What became of one invocation: how often it was sent, and whether the service used its reply.
struct InvocationRecord
{
    enum class ReplyUse { Pending, Used, Ignored, Invalid, Failed, None };

    int sequence = 0;
    QString type;
    int attempts = 0;
    int replyStatus = 0;        // HTTP status of the reply used (0: none)
    QStringList replyActions;   // the reply's action types
    ReplyUse use = ReplyUse::Pending;
    QString note;               // why a reply was ignored or refused

    QJsonObject toJson() const;
};

class SimulatedCall : public QObject
{
    Q_OBJECT

public:
    SimulatedCall(const SimulatorConfig &config, const SimulatedSma &sma, QString transactionId,
                  CreateCallRequest request, QNetworkAccessManager *network, QObject *parent = nullptr);
    SimulatedCall(const SimulatorConfig &config, const SimulatedSma &sma, QString transactionId,
                  InboundCallRequest request, QNetworkAccessManager *network, QObject *parent = nullptr);

    void start();
    // UpdateSipMediaApplicationCall: false once the call has ended.
    bool update(const StringMap &arguments);
    // The console's own hang-up (no handler cooperation needed in the simulator).
    void hangUp();

    bool isEnded() const { return m_ended; }
    QString transactionId() const { return m_transactionId; }
    int invocationCount() const { return m_sequence; }
    bool isInbound() const { return m_inbound.has_value(); }
    // The call as the simulator's status route reports it: parties, state, every invocation.
    QJsonObject statusJson() const;

signals:
    // Every POST of an invocation, retries and injected faults included.
    void invoked(const QString &transactionId, int sequence, const QString &type, int attempt, const QString &fault);
    void ended(const QString &transactionId, int sipResponseCode);
    // The service ignored a reply (its event type's replies are informational) or refused it.
    void replyNotUsed(const QString &transactionId, int sequence, const QString &type, const QString &note);
    // A reply the service accepts but that deserves a look: a documented contradiction, an
    // unknown field, a parameter that will fail its action when the call reaches it.
    void replyIssue(const QString &transactionId, int sequence, const QString &message);

private:
    struct Invocation
    {
        InvocationEventType type;
        std::optional<QJsonObject> actionData;
        QString errorType;
        QString errorMessage;
        QByteArray body;      // built when sent: Sequence and participants as of then
        int sequence = 0;
    };

    void enqueue(InvocationEventType type, std::optional<QJsonObject> actionData = {},
                 const QString &errorType = {}, const QString &errorMessage = {});
    InvocationEvent envelope(InvocationEventType type);
    void sendNext();
    void deliver(int attempt);
    void onReply(QNetworkReply *reply, int attempt);
    // Ends the in-flight invocation; true when it was the call's last HANGUP and the call is over.
    bool closeInvocation(InvocationEventType finished);
    void abortAttempts();
    // The other open attempts of an answered invocation: left to finish, their replies unused.
    void releaseAttempts();
    void apply(const ActionList &reply, int invokedLeg);
    bool replyRunsActions(InvocationEventType type) const;
    int invokedLeg(InvocationEventType type, const std::optional<QJsonObject> &eventData) const;

    void endLeg(int leg, int sipResponseCode, bool fromAction);
    void endCall(int sipResponseCode);

    void ring();
    void answer();
    void answerInbound(const QList<Action> &firstActions);
    void recordReply(int sequence, int status, const QByteArray &body, InvocationRecord::ReplyUse use, const QString &note = {});
    // The far end of a leg (callee, bridged party or caller): its DTMF and its hang-up.
    void farEndBehaves(int leg, int hangupAfterMs, const QList<ScheduledDigits> &digits);
    void schedule(int ms, std::function<void()> what);

    SimulatorConfig m_config;
    SimulatedSma m_sma;
    QString m_transactionId;
    CreateCallRequest m_request;
    QNetworkAccessManager *m_network;
    CalleeBehaviour m_callee;
    QRandomGenerator m_random;

    CallLegs m_legs;
    std::optional<StringMap> m_attributes;
    int m_sequence = 0;
    bool m_ended = false;
    bool m_endAfterDelivery = false;
    int m_endCode = 0;

    std::deque<Invocation> m_queue;
    std::optional<Invocation> m_inFlight;
    QList<QPointer<QNetworkReply>> m_attempts; // open deliveries of the in-flight invocation
    QTimer m_retryTimer;
    QTimer m_giveUpTimer;
    int m_attempt = 0;
    QByteArray m_staleCopy;              // injected reordering: re-sent after the next invocation
    int m_staleSequence = 0;
    QString m_staleType;

    ActionRunner m_runner;
    bool m_answered = false;
    std::optional<InboundCallRequest> m_inbound;
    QList<InvocationRecord> m_record;
};

} // namespace callconsole

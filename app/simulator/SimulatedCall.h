// One outbound call as the PSTN audio service runs it (sma-reference.md §1–2): it invokes the
// SIP media application's endpoint with NEW_OUTBOUND_CALL, RINGING, CALL_ANSWERED, … one
// invocation at a time, runs each returned action list with realistic durations, and treats
// slow, failing or invalid replies the way the service does. Timers drive everything.
#pragma once

#include "ActionList.h"
#include "CallRequest.h"
#include "InvocationEvent.h"
#include "SimulatorConfig.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QRandomGenerator>
#include <QTimer>

#include <deque>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace callconsole {

class SimulatedCall : public QObject
{
    Q_OBJECT

public:
    SimulatedCall(const SimulatorConfig &config, const SimulatedSma &sma, QString transactionId,
                  CreateCallRequest request, QNetworkAccessManager *network, QObject *parent = nullptr);

    void start();
    // UpdateSipMediaApplicationCall: false once the call has ended.
    bool update(const StringMap &arguments);
    // The console's own hang-up (no handler cooperation needed in the simulator).
    void hangUp();

    bool isEnded() const { return m_ended; }
    QString transactionId() const { return m_transactionId; }
    int invocationCount() const { return m_sequence; }

signals:
    // Every POST of an invocation, retries and injected faults included.
    void invoked(const QString &transactionId, int sequence, const QString &type, int attempt, const QString &fault);
    void ended(const QString &transactionId, int sipResponseCode);

private:
    struct Leg
    {
        Participant participant;
        bool present = false;
    };
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
    void apply(const ActionList &reply);
    bool replyRunsActions(InvocationEventType type) const;

    void runNextAction();
    void actionDone(const QJsonObject &result = {});
    void actionFailed(const QString &errorType, const QString &errorMessage);
    QJsonObject echoed(const Action &action, const QJsonObject &result = {}) const;
    int legIndexFor(const Action &action) const; // -1: no such leg
    void endLeg(int leg, int sipResponseCode, bool fromAction);
    void endCall(int sipResponseCode);

    void ring();
    void answer();
    void calleeDigits(const QString &digits);
    void schedule(int ms, std::function<void()> what);

    SimulatorConfig m_config;
    SimulatedSma m_sma;
    QString m_transactionId;
    CreateCallRequest m_request;
    QNetworkAccessManager *m_network;
    CalleeBehaviour m_callee;
    QRandomGenerator m_random;

    Leg m_legs[2];
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

    QList<Action> m_actions;
    int m_actionIndex = -1;              // the running action, -1 when idle
    QTimer m_actionTimer;
    std::optional<QList<Action>> m_nextActions; // a new list waiting for the current action to end
    QString m_collectedDigits;
    QString m_receiveDigitsPattern;     // ReceiveDigits armed: DIGITS_RECEIVED on a match
    Action m_receiveDigitsAction;
    bool m_answered = false;
};

} // namespace callconsole

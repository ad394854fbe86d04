// Runs the action lists a SIP media application returns, one action at a time, on the legs of
// one simulated call (sma-reference.md §2.3–2.4): each action takes a realistic time, the whole
// list ends in one ACTION_SUCCESSFUL carrying its last action or in ACTION_FAILED for the action
// that failed (a parameter the catalogue rejects fails only that action), and a new list
// replaces the rest once the current action finishes. It keeps what actions leave behind on a
// leg: ReceiveDigits listeners, call-recording state, the meeting leg. The call
// (SimulatedCall) turns what this reports into invocations.
#pragma once

#include "ActionList.h"
#include "CallLeg.h"
#include "DigitCollector.h"
#include "DigitListener.h"
#include "SimulatorConfig.h"

#include <QJsonObject>
#include <QObject>
#include <QTimer>

#include <array>
#include <functional>
#include <memory>
#include <optional>

namespace callconsole {

class ActionRunner : public QObject
{
    Q_OBJECT

public:
    ActionRunner(const SimulatorConfig &config, const QString &transactionId, CallLegs &legs, QObject *parent = nullptr);

    // A reply's actions: run now, or after the current action when one is running. invokedLeg
    // is the leg the invocation was about: actions without CallId or ParticipantTag run there.
    void run(const QList<Action> &actions, int invokedLeg);
    // An update's reply arrived: an interruptible running action (PlayAudio, RecordAudio,
    // Pause) stops at once; its echo is returned for ACTION_INTERRUPTED.
    std::optional<QJsonObject> interrupt();
    // The call is over, or no leg is left to act on.
    void stop();
    bool isRunning() const { return m_actionIndex >= 0; }

    // DTMF pressed by the far end of a leg, in order.
    void digitsPressed(int leg, const QString &digits);
    // A leg hung up: what ran or listened on it stops.
    void legDisconnected(int leg);

signals:
    void succeeded(const QJsonObject &actionData);
    void failed(const QJsonObject &actionData);
    void digitsReceived(const QJsonObject &actionData);
    void hangupRequested(int leg, int sipResponseCode);
    void legConnected(int leg); // CallAndBridge answered: LEG-B's far end starts its behaviour

private:
    enum class Recording { Off, Active, Paused };

    void runNextAction();
    void startAction(const Action &action, int leg);
    void finishAfter(int ms, const QJsonObject &result = {});
    void actionDone(const QJsonObject &result = {});
    void actionFailed(const QString &errorType, const QString &errorMessage, const QJsonObject &extra = {});
    void abandonList();
    QJsonObject echoed(const Action &action, const QJsonObject &result = {}) const;
    int legIndexFor(const Action &action) const; // -1: no such leg
    int speechMs(const QString &text) const;

    void callAndBridge(const Action &action);
    void joinChimeMeeting();
    void startBotConversation(const Action &action, int leg);
    void collectDigits(const Action &action);
    void callRecording(const Action &action, int leg);
    void recordAudio(const Action &action, int leg);

    const SimulatorConfig &m_config;
    QString m_transactionId;
    CallLegs &m_legs;

    QList<Action> m_actions;
    int m_actionIndex = -1;              // the running action, -1 when idle
    int m_actionLeg = -1;                // the leg it runs on
    int m_invokedLeg = 0;
    QTimer m_actionTimer;
    std::function<void()> m_whenTimerFires;
    QJsonObject m_pendingResult;         // what the running action reports when it ends in time
    QString m_terminators;               // digits that end the running PlayAudio / RecordAudio
    std::unique_ptr<DigitCollector> m_collector; // the running …AndGetDigits
    std::optional<QList<Action>> m_nextActions; // a new list waiting for the current action to end
    int m_nextInvokedLeg = 0;

    std::array<std::unique_ptr<DigitListener>, 2> m_listeners; // ReceiveDigits per leg
    std::array<Recording, 2> m_recording{Recording::Off, Recording::Off};
    int m_recordings = 0;                // RecordAudio files written, for their keys
};

} // namespace callconsole

#include "ActionRunner.h"

#include "ActionCatalogue.h"

#include <QDateTime>
#include <QJsonArray>
#include <QUuid>

namespace callconsole {

namespace {

const QString invalidParameter = QStringLiteral("InvalidActionParameter");

bool isInterruptible(const QString &type)
{
    return type == QLatin1String("PlayAudio") || type == QLatin1String("RecordAudio") || type == QLatin1String("Pause");
}

QString digitsOf(const QJsonArray &array)
{
    QString digits;
    for (const QJsonValue &digit : array)
        digits += digit.toString();
    return digits;
}

// DG start-call-recording.md: Location, or the default prefix when only a bucket is given, then
// the call's date and year-month-date-hour-minute-second-millisecond_transactionId_callId.wav.
QString callRecordingLocation(const QString &location, const QString &transactionId, const QString &callId)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QString base = location;
    if (!base.contains(QLatin1Char('/')))
        base += QStringLiteral("/Amazon-Chime-SMA-Call-Recordings");
    return QStringLiteral("%1/%2/%3_%4_%5.wav")
        .arg(base, now.toString(QStringLiteral("yyyy/MM/dd")), now.toString(QStringLiteral("yyyy-MM-dd-HH-mm-ss-zzz")),
             transactionId, callId);
}

} // namespace

ActionRunner::ActionRunner(const SimulatorConfig &config, const QString &transactionId, CallLegs &legs, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_transactionId(transactionId)
    , m_legs(legs)
{
    m_actionTimer.setSingleShot(true);
    connect(&m_actionTimer, &QTimer::timeout, this, [this] {
        if (m_whenTimerFires)
            m_whenTimerFires();
    });
}

void ActionRunner::run(const QList<Action> &actions, int invokedLeg)
{
    if (m_actionIndex >= 0) {
        // The running action finishes first; then the new list replaces the rest.
        m_nextActions = actions;
        m_nextInvokedLeg = invokedLeg;
        return;
    }
    m_actions = actions;
    m_invokedLeg = invokedLeg;
    if (!m_actions.isEmpty()) {
        m_actionIndex = 0;
        runNextAction();
    }
}

std::optional<QJsonObject> ActionRunner::interrupt()
{
    if (m_actionIndex < 0 || !isInterruptible(m_actions.at(m_actionIndex).type))
        return std::nullopt;
    const Action interrupted = m_actions.at(m_actionIndex);
    const QJsonObject data = echoed(interrupted);
    abandonList();
    return data;
}

void ActionRunner::abandonList()
{
    m_actionTimer.stop();
    m_whenTimerFires = nullptr;
    m_collector.reset();
    m_terminators.clear();
    m_actionIndex = -1;
    m_actionLeg = -1;
    m_nextActions.reset();
}

void ActionRunner::stop()
{
    abandonList();
    m_actions.clear();
    for (auto &listener : m_listeners)
        listener.reset();
}

void ActionRunner::legDisconnected(int leg)
{
    m_listeners[size_t(leg)].reset();
    m_recording[size_t(leg)] = Recording::Off;
    if (m_actionIndex >= 0 && m_actionLeg == leg)
        abandonList(); // the HANGUP tells the app; nothing more runs on a leg that is gone
}

int ActionRunner::legIndexFor(const Action &action) const
{
    const QString callId = action.parameters.value(QStringLiteral("CallId")).toString();
    if (!callId.isEmpty()) {
        for (int i = 0; i < 2; ++i) {
            if (m_legs[size_t(i)].present && m_legs[size_t(i)].participant.callId == callId)
                return i;
        }
        return -1;
    }
    const QString tagText = action.parameters.value(QStringLiteral("ParticipantTag")).toString();
    if (!tagText.isEmpty()) {
        const auto tag = participantTagFromString(tagText);
        const int leg = tag && *tag == ParticipantTag::LegB ? 1 : 0;
        return m_legs[size_t(leg)].present ? leg : -1;
    }
    // DG mute-unmute.md: the action applies to the leg joined to the meeting.
    if (action.type == QLatin1String("ModifyChimeMeetingAttendees") && m_legs[1].meeting)
        return 1;
    return m_legs[size_t(m_invokedLeg)].present ? m_invokedLeg : 0;
}

QJsonObject ActionRunner::echoed(const Action &action, const QJsonObject &result) const
{
    // The service echoes the action normalised: the target CallId filled in (sma-reference §1.2).
    QJsonObject parameters = action.parameters;
    const int leg = legIndexFor(action);
    if (!parameters.contains(QStringLiteral("CallId")) && leg >= 0)
        parameters.insert(QStringLiteral("CallId"), m_legs[size_t(leg)].participant.callId);
    QJsonObject data{{QStringLiteral("Type"), action.type}, {QStringLiteral("Parameters"), parameters}};
    for (auto it = result.begin(); it != result.end(); ++it)
        data.insert(it.key(), it.value());
    return data;
}

int ActionRunner::speechMs(const QString &text) const
{
    return 1000 * int(text.size()) / std::max(1, m_config.speakingCharsPerSecond);
}

void ActionRunner::runNextAction()
{
    if (m_actionIndex < 0 || m_actionIndex >= m_actions.size())
        return;
    const Action action = m_actions.at(m_actionIndex);
    if (!action.parameterIssues.isEmpty()) {
        // A parameter the catalogue rejects fails this action only: the ones before it ran.
        const auto failure = actioncatalogue::documentedFailure(action.type, action.parameterIssues.first());
        actionFailed(failure.errorType, failure.errorMessage);
        return;
    }
    const int leg = legIndexFor(action);
    if (leg < 0 || m_legs[size_t(leg)].participant.status == ParticipantStatus::Disconnected) {
        actionFailed(invalidParameter, QStringLiteral("CallId or ParticipantTag parameter for action is invalid."));
        return;
    }
    m_actionLeg = leg;
    startAction(action, leg);
}

void ActionRunner::startAction(const Action &action, int leg)
{
    const QJsonObject &p = action.parameters;
    const QString &type = action.type;
    const bool bridged = m_legs[1].isConnected() && !m_legs[1].meeting;
    if (type == QLatin1String("Hangup")) {
        if (m_legs[size_t(leg)].meeting) {
            // DG hangup.md: hanging up the meeting leg is an action like any other.
            m_legs[size_t(leg)].participant.status = ParticipantStatus::Disconnected;
            legDisconnected(leg);
            m_actionLeg = -1;
            finishAfter(0);
            return;
        }
        const int code = intParameter(p, "SipResponseCode", -1); // -1: none set, none reported
        abandonList();
        emit hangupRequested(leg, code);
    } else if (type == QLatin1String("Pause")) {
        finishAfter(intParameter(p, "DurationInMilliseconds", 1000));
    } else if (type == QLatin1String("Speak")) {
        finishAfter(speechMs(p.value(QStringLiteral("Text")).toString()));
    } else if (type == QLatin1String("PlayAudio")) {
        m_terminators = digitsOf(p.value(QStringLiteral("PlaybackTerminators")).toArray());
        finishAfter(m_config.audioClipMs * std::max(1, intParameter(p, "Repeat", 1)));
    } else if (type == QLatin1String("SendDigits")) {
        const QString digits = p.value(QStringLiteral("Digits")).toString();
        finishAfter(int(digits.count(QLatin1Char(','))) * 500
                    + int(digits.size()) * (intParameter(p, "ToneDurationInMilliseconds", 250) + 50));
    } else if (type == QLatin1String("ReceiveDigits")) {
        // Succeeds at once; DIGITS_RECEIVED comes later, each time this leg's digits match.
        Action armed = action;
        armed.parameters.insert(QStringLiteral("CallId"), m_legs[size_t(leg)].participant.callId);
        auto &listener = m_listeners[size_t(leg)];
        listener = std::make_unique<DigitListener>(m_config, armed);
        connect(listener.get(), &DigitListener::matched, this, [this, armed](const QString &digits) {
            emit digitsReceived(echoed(armed, {{QStringLiteral("ReceivedDigits"), digits}}));
        });
        finishAfter(0, {{QStringLiteral("ReceivedDigits"), QString()}});
    } else if (type == QLatin1String("PlayAudioAndGetDigits") || type == QLatin1String("SpeakAndGetDigits")) {
        collectDigits(action);
    } else if (type == QLatin1String("RecordAudio")) {
        recordAudio(action, leg);
    } else if (type == QLatin1String("CallAndBridge")) {
        if (bridged || m_legs[1].meeting)
            actionFailed(invalidParameter, QStringLiteral("Invalid action on the call: it already has a LEG-B."));
        else
            callAndBridge(action);
    } else if (type == QLatin1String("JoinChimeMeeting")) {
        // DG join-chime-meeting.md: "You can't run this action on a bridged call."
        if (bridged)
            actionFailed(invalidParameter, QStringLiteral("Invalid action on the call: JoinChimeMeeting can't run on a bridged call."));
        else
            joinChimeMeeting();
    } else if (type == QLatin1String("ModifyChimeMeetingAttendees")) {
        if (!m_legs[size_t(leg)].meeting)
            actionFailed(invalidParameter, QStringLiteral("Call is not connected to Chime Meeting."),
                         {{QStringLiteral("ErrorList"), QJsonArray()}});
        else
            finishAfter(200);
    } else if (type == QLatin1String("StartBotConversation")) {
        // DG start-bot-conversation.md: not on a bridged call, nor one joined to a meeting.
        if (bridged || m_legs[1].meeting)
            actionFailed(invalidParameter, QStringLiteral("StartBotConversation can't run on a bridged call or a call in a meeting."));
        else
            startBotConversation(action, leg);
    } else if (type.endsWith(QLatin1String("CallRecording"))) {
        callRecording(action, leg);
    } else {
        finishAfter(100); // VoiceFocus: a setting on the leg
    }
}

void ActionRunner::finishAfter(int ms, const QJsonObject &result)
{
    m_pendingResult = result;
    m_whenTimerFires = [this] {
        const QJsonObject finished = m_pendingResult;
        actionDone(finished);
    };
    m_actionTimer.start(m_config.scaled(ms));
}

void ActionRunner::callAndBridge(const Action &action)
{
    const QJsonObject &p = action.parameters;
    const QString uri = p.value(QStringLiteral("Endpoints")).toArray().at(0).toObject().value(QStringLiteral("Uri")).toString();
    const CalleeBehaviour far = m_config.calleeFor(uri);
    CallLeg &legB = m_legs[1];
    legB = CallLeg{};
    Participant &b = legB.participant;
    b.callId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    b.tag = ParticipantTag::LegB;
    b.to = uri;
    b.from = p.value(QStringLiteral("CallerIdNumber")).toString();
    b.direction = CallDirection::Outbound;
    b.startTimeMs = QDateTime::currentMSecsSinceEpoch();
    legB.present = true;
    const int timeoutMs = std::min(1000 * intParameter(p, "CallTimeoutSeconds", 30), m_config.ringTimeoutMs);
    int afterMs = far.ringMs + far.answerAfterMs;
    switch (far.outcome) {
    case CalleeBehaviour::Outcome::Answer:
        break;
    case CalleeBehaviour::Outcome::Busy:
        afterMs = 1000;
        break;
    case CalleeBehaviour::Outcome::Reject:
        afterMs = 500;
        break;
    case CalleeBehaviour::Outcome::NoAnswer:
        afterMs = timeoutMs;
        break;
    }
    const bool answers = far.outcome == CalleeBehaviour::Outcome::Answer && afterMs <= timeoutMs;
    m_whenTimerFires = [this, answers] {
        if (answers) {
            m_legs[1].participant.status = ParticipantStatus::Connected;
            emit legConnected(1);
            actionDone();
        } else {
            m_legs[1].participant.status = ParticipantStatus::Disconnected;
            actionFailed(QStringLiteral("CallNotAnswered"), QStringLiteral("Call not answered"));
        }
    };
    m_actionTimer.start(m_config.scaled(std::min(afterMs, timeoutMs)));
}

void ActionRunner::joinChimeMeeting()
{
    // DG use-cases.md: the meeting leg is LEG-B, from the meeting's dial-in number to "SMA".
    CallLeg &meeting = m_legs[1];
    meeting = CallLeg{};
    meeting.meeting = true;
    meeting.present = true;
    Participant &b = meeting.participant;
    b.callId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    b.tag = ParticipantTag::LegB;
    b.to = QStringLiteral("SMA");
    b.from = m_config.meetingPhoneNumber;
    b.direction = CallDirection::Outbound;
    b.startTimeMs = QDateTime::currentMSecsSinceEpoch();
    m_whenTimerFires = [this] {
        m_legs[1].participant.status = ParticipantStatus::Connected;
        actionDone();
    };
    m_actionTimer.start(m_config.scaled(1000));
}

void ActionRunner::startBotConversation(const Action &action, int leg)
{
    const SimulatedBot bot = m_config.botFor(action.parameters.value(QStringLiteral("BotAliasArn")).toString());
    const QString callId = m_legs[size_t(leg)].participant.callId;
    m_whenTimerFires = [this, bot, callId, parameters = action.parameters] {
        if (!bot.errorType.isEmpty()) {
            actionFailed(bot.errorType, bot.errorMessage);
            return;
        }
        // DG start-bot-conversation.md puts the CallId beside Type in ActionData.
        actionDone({{QStringLiteral("CallId"), callId}, {QStringLiteral("IntentResult"), bot.intentResult(callId, parameters)}});
    };
    m_actionTimer.start(m_config.scaled(bot.conversationMs));
}

void ActionRunner::collectDigits(const Action &action)
{
    const QJsonObject &p = action.parameters;
    const bool speaks = action.type == QLatin1String("SpeakAndGetDigits");
    const int promptMs = speaks ? speechMs(p.value(QStringLiteral("SpeechParameters")).toObject().value(QStringLiteral("Text")).toString())
                                : m_config.audioClipMs;
    const int failureMs = speaks
        ? speechMs(p.value(QStringLiteral("FailureSpeechParameters")).toObject().value(QStringLiteral("Text")).toString())
        : m_config.audioClipMs;
    m_collector = std::make_unique<DigitCollector>(m_config, p, promptMs, failureMs);
    connect(m_collector.get(), &DigitCollector::collected, this, [this](const QString &digits) {
        m_collector.release()->deleteLater(); // its signal is still being delivered
        actionDone({{QStringLiteral("ReceivedDigits"), digits}});
    });
    connect(m_collector.get(), &DigitCollector::gaveUp, this, [this](const QString &why) {
        m_collector.release()->deleteLater();
        actionFailed(QStringLiteral("InvalidDigitsReceived"), why);
    });
    m_collector->start();
}

void ActionRunner::recordAudio(const Action &action, int leg)
{
    const QJsonObject &p = action.parameters;
    const QJsonObject destination = p.value(QStringLiteral("RecordingDestination")).toObject();
    // DG record-audio.md: the success event names the file written to the bucket.
    const QString key = QStringLiteral("%1%2-%3.wav")
                            .arg(destination.value(QStringLiteral("Prefix")).toString(),
                                 m_legs[size_t(leg)].participant.callId)
                            .arg(++m_recordings);
    const QJsonObject written{{QStringLiteral("Type"), destination.value(QStringLiteral("Type")).toString(QStringLiteral("S3"))},
                              {QStringLiteral("BucketName"), destination.value(QStringLiteral("BucketName")).toString()},
                              {QStringLiteral("Key"), key}};
    m_terminators = digitsOf(p.value(QStringLiteral("RecordingTerminators")).toArray());
    finishAfter(1000 * intParameter(p, "DurationInSeconds", 5), {{QStringLiteral("RecordingDestination"), written}});
}

void ActionRunner::callRecording(const Action &action, int leg)
{
    Recording &state = m_recording[size_t(leg)];
    const QString &type = action.type;
    const auto refuse = [this](const QString &why) { actionFailed(invalidParameter, why); };
    if (type == QLatin1String("StartCallRecording")) {
        if (state != Recording::Off)
            return refuse(QStringLiteral("Call recording is already in progress on this call leg."));
        state = Recording::Active;
        const QJsonObject destination = action.parameters.value(QStringLiteral("Destination")).toObject();
        const QString location = callRecordingLocation(destination.value(QStringLiteral("Location")).toString(), m_transactionId,
                                                       m_legs[size_t(leg)].participant.callId);
        finishAfter(100, {{QStringLiteral("CallRecordingDestination"),
                           QJsonObject{{QStringLiteral("Type"), QStringLiteral("S3")}, {QStringLiteral("Location"), location}}}});
    } else if (type == QLatin1String("PauseCallRecording")) {
        if (state != Recording::Active)
            return refuse(QStringLiteral("No active call recording on this call leg to pause."));
        state = Recording::Paused;
        finishAfter(100);
    } else if (type == QLatin1String("ResumeCallRecording")) {
        if (state != Recording::Paused)
            return refuse(QStringLiteral("The call recording on this call leg is not paused."));
        state = Recording::Active;
        finishAfter(100);
    } else {
        if (state == Recording::Off)
            return refuse(QStringLiteral("No call recording on this call leg to stop."));
        state = Recording::Off;
        finishAfter(100);
    }
}

void ActionRunner::actionDone(const QJsonObject &result)
{
    if (m_actionIndex < 0)
        return;
    const Action finished = m_actions.at(m_actionIndex);
    m_whenTimerFires = nullptr;
    m_terminators.clear();
    m_actionLeg = -1;
    if (m_nextActions) {
        // A newer list arrived while this action ran: it replaces what was left.
        m_actions = *m_nextActions;
        m_invokedLeg = m_nextInvokedLeg;
        m_nextActions.reset();
        m_actionIndex = m_actions.isEmpty() ? -1 : 0;
        runNextAction();
        return;
    }
    if (m_actionIndex + 1 < m_actions.size()) {
        ++m_actionIndex;
        runNextAction();
        return;
    }
    // The whole list succeeded: one ACTION_SUCCESSFUL carrying the last action.
    m_actionIndex = -1;
    emit succeeded(echoed(finished, result));
}

void ActionRunner::actionFailed(const QString &errorType, const QString &errorMessage, const QJsonObject &extra)
{
    if (m_actionIndex < 0)
        return;
    const Action failedAction = m_actions.at(m_actionIndex);
    QJsonObject result{{QStringLiteral("ErrorType"), errorType}, {QStringLiteral("ErrorMessage"), errorMessage}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        result.insert(it.key(), it.value());
    const QJsonObject data = echoed(failedAction, result);
    abandonList(); // the rest of the list is dropped
    emit failed(data);
}

void ActionRunner::digitsPressed(int leg, const QString &digits)
{
    for (const QChar digit : digits) {
        if (m_actionIndex >= 0 && m_actionLeg == leg) {
            if (m_collector) {
                m_collector->press(digit);
                continue;
            }
            if (m_terminators.contains(digit)) {
                // A PlaybackTerminator ends the audio; a RecordingTerminator ends the recording.
                QJsonObject result = m_pendingResult;
                if (m_actions.at(m_actionIndex).type == QLatin1String("RecordAudio"))
                    result.insert(QStringLiteral("RecordingTerminatorUsed"), QString(digit));
                m_actionTimer.stop();
                actionDone(result);
                continue;
            }
        }
        if (m_listeners[size_t(leg)])
            m_listeners[size_t(leg)]->press(digit);
    }
}

} // namespace callconsole

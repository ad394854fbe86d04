#include "SimulatedCall.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QUuid>

namespace callconsole {

namespace {

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

// Numbers arrive as numbers or numeric strings (sma-reference.md §2.4).
int intParameter(const QJsonObject &parameters, const char *key, int fallback)
{
    const QJsonValue value = parameters.value(QLatin1String(key));
    if (value.isDouble())
        return value.toInt();
    bool ok = false;
    const int parsed = value.toString().toInt(&ok);
    return ok ? parsed : fallback;
}

bool isInterruptible(const QString &type)
{
    return type == QLatin1String("PlayAudio") || type == QLatin1String("RecordAudio") || type == QLatin1String("Pause");
}

} // namespace

SimulatedCall::SimulatedCall(const SimulatorConfig &config, const SimulatedSma &sma, QString transactionId,
                             CreateCallRequest request, QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_sma(sma)
    , m_transactionId(std::move(transactionId))
    , m_request(std::move(request))
    , m_network(network)
    , m_callee(config.calleeFor(m_request.toPhoneNumber))
    , m_random(config.faults.seed)
{
    Participant &a = m_legs[0].participant;
    a.callId = newId();
    a.tag = ParticipantTag::LegA;
    a.to = m_request.toPhoneNumber;
    a.from = m_request.fromPhoneNumber;
    a.direction = CallDirection::Outbound;
    a.startTimeMs = QDateTime::currentMSecsSinceEpoch();
    m_legs[0].present = true;

    m_retryTimer.setSingleShot(true);
    m_giveUpTimer.setSingleShot(true);
    m_actionTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, [this] {
        // No reply in time: the service invokes again with the same Sequence. The earlier
        // attempt stays open; whichever answers first is used.
        deliver(m_attempt + 1);
    });
    connect(&m_giveUpTimer, &QTimer::timeout, this, [this] {
        abortAttempts();
        m_retryTimer.stop();
        m_inFlight.reset();
        endCall(480); // no usable reply within the limit: the service hangs up
    });
}

SimulatedCall::SimulatedCall(const SimulatorConfig &config, const SimulatedSma &sma, QString transactionId,
                             InboundCallRequest request, QNetworkAccessManager *network, QObject *parent)
    : SimulatedCall(config, sma, std::move(transactionId),
                    CreateCallRequest{sma.id, request.fromPhoneNumber, request.toPhoneNumber, {}, {}}, network, parent)
{
    // LEG-A is the caller: From the caller, To the account's number, made to the service.
    m_legs[0].participant.direction = CallDirection::Inbound;
    m_inbound = std::move(request);
}

void SimulatedCall::schedule(int ms, std::function<void()> what)
{
    QTimer::singleShot(m_config.scaled(ms), this, [this, what = std::move(what)] {
        if (!m_ended)
            what();
    });
}

void SimulatedCall::start()
{
    if (m_inbound) {
        enqueue(InvocationEventType::NewInboundCall);
        // "Do nothing, the call attempt times out after 30 seconds" (DG case-1): no reply, or
        // replies that never give the call an action to run.
        schedule(m_config.inboundAnswerTimeoutMs, [this] {
            if (m_answered || m_legs[0].participant.status == ParticipantStatus::Disconnected)
                return;
            if (m_inFlight) {
                abortAttempts();
                m_retryTimer.stop();
                recordReply(m_inFlight->sequence, 0, {}, InvocationRecord::ReplyUse::None,
                            QStringLiteral("no reply within the inbound call's 30 s"));
                m_inFlight.reset();
                endCall(480);
            } else {
                endLeg(0, 480, false);
            }
        });
        return;
    }
    // Created without an ArgumentsMap, NEW_OUTBOUND_CALL carries no ActionData at all (the real
    // capture in aws/amazon-chime-sdk-js#2495).
    std::optional<QJsonObject> data;
    if (!m_request.argumentsMap.isEmpty()) {
        QJsonObject arguments;
        for (const KeyValue &kv : std::as_const(m_request.argumentsMap))
            arguments.insert(kv.key, kv.value);
        data = QJsonObject{{QStringLiteral("Type"), QStringLiteral("CallCreateRequest")},
                           {QStringLiteral("Parameters"), QJsonObject{{QStringLiteral("Arguments"), arguments}}}};
    }
    enqueue(InvocationEventType::NewOutboundCall, data);
    schedule(m_callee.ringMs, [this] { ring(); });
}

void SimulatedCall::ring()
{
    enqueue(InvocationEventType::Ringing);
    switch (m_callee.outcome) {
    case CalleeBehaviour::Outcome::Answer:
        schedule(m_callee.answerAfterMs, [this] { answer(); });
        break;
    case CalleeBehaviour::Outcome::Busy:
        schedule(1000, [this] { endLeg(0, 486, false); });
        break;
    case CalleeBehaviour::Outcome::Reject:
        schedule(500, [this] { endLeg(0, 603, false); });
        break;
    case CalleeBehaviour::Outcome::NoAnswer:
        schedule(m_config.ringTimeoutMs, [this] { endLeg(0, 480, false); });
        break;
    }
}

void SimulatedCall::answer()
{
    m_answered = true;
    m_legs[0].participant.status = ParticipantStatus::Connected;
    enqueue(InvocationEventType::CallAnswered);
    for (const ScheduledDigits &digits : std::as_const(m_callee.digits))
        schedule(digits.atMs, [this, d = digits.digits] { calleeDigits(d); });
    if (m_callee.hangupAfterMs >= 0)
        schedule(m_callee.hangupAfterMs, [this] { endLeg(0, 0, false); });
}

bool SimulatedCall::update(const StringMap &arguments)
{
    if (m_ended)
        return false;
    QJsonObject args;
    for (auto it = arguments.cbegin(); it != arguments.cend(); ++it)
        args.insert(it.key(), it.value());
    enqueue(InvocationEventType::CallUpdateRequested,
            QJsonObject{{QStringLiteral("Type"), QStringLiteral("CallUpdateRequest")},
                        {QStringLiteral("Parameters"), QJsonObject{{QStringLiteral("Arguments"), args}}}});
    return true;
}

void SimulatedCall::hangUp()
{
    if (!m_ended)
        endLeg(0, 0, false);
}

// ---- invocations: one at a time, as the service does ----

void SimulatedCall::enqueue(InvocationEventType type, std::optional<QJsonObject> actionData,
                            const QString &errorType, const QString &errorMessage)
{
    if (m_ended)
        return;
    if (m_sequence + int(m_queue.size()) >= m_config.maxInvocations) {
        endCall(0); // the service's limit of invocations per call
        return;
    }
    m_queue.push_back(Invocation{type, std::move(actionData), errorType, errorMessage, {}, 0});
    if (!m_inFlight)
        sendNext();
}

InvocationEvent SimulatedCall::envelope(InvocationEventType type)
{
    // The call as it is now: the next Sequence, the stored attributes, every present leg.
    InvocationEvent event;
    event.sequence = ++m_sequence;
    event.type = type;
    event.callDetails.transactionId = m_transactionId;
    event.callDetails.transactionAttributes = m_attributes;
    event.callDetails.awsAccountId = m_config.awsAccountId;
    event.callDetails.awsRegion = m_sma.region;
    event.callDetails.sipMediaApplicationId = m_sma.id;
    if (m_inbound)
        event.callDetails.sipRuleId = m_inbound->sipRuleId;
    for (const Leg &leg : m_legs) {
        if (leg.present)
            event.callDetails.participants << leg.participant;
    }
    return event;
}

void SimulatedCall::sendNext()
{
    if (m_inFlight || m_queue.empty())
        return;
    Invocation invocation = std::move(m_queue.front());
    m_queue.pop_front();
    InvocationEvent event = envelope(invocation.type);
    event.actionData = invocation.actionData;
    if (invocation.type == InvocationEventType::InvalidLambdaResponse) {
        event.errorType = invocation.errorType;     // top level, as the DG example shows
        event.errorMessage = invocation.errorMessage;
    }
    invocation.sequence = event.sequence;
    invocation.body = event.toJsonBytes();
    InvocationRecord record;
    record.sequence = event.sequence;
    record.type = toString(event.type);
    m_record << record;
    // An inbound call waits 30 s for its first action list, longer than any other invocation.
    const int giveUpMs = invocation.type == InvocationEventType::NewInboundCall
        ? std::max(m_config.giveUpAfterMs, m_config.inboundAnswerTimeoutMs) : m_config.giveUpAfterMs;
    m_inFlight = std::move(invocation);
    m_giveUpTimer.start(m_config.scaled(giveUpMs));
    deliver(1);
}

void SimulatedCall::deliver(int attempt)
{
    if (!m_inFlight)
        return;
    m_attempt = attempt;
    if (!m_record.isEmpty() && m_record.last().sequence == m_inFlight->sequence)
        m_record.last().attempts = attempt;
    QNetworkRequest request(m_sma.endpointUrl);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("User-Agent", "CallConsole-Simulator");
    QString fault;
    int delay = m_config.faults.delayMs;
    if (m_config.faults.jitterMs > 0)
        delay += int(m_random.bounded(m_config.faults.jitterMs + 1));
    if (delay > 0) {
        fault = QStringLiteral("delay=%1ms").arg(delay);
        request.setRawHeader("X-CallConsole-Injected-Fault", fault.toLatin1());
    }
    const QByteArray body = m_inFlight->body;
    const auto send = [this, request, body, attempt, fault] {
        if (!m_inFlight)
            return;
        QNetworkReply *reply = m_network->post(request, body);
        m_attempts << reply;
        const int sequence = m_inFlight->sequence;
        connect(reply, &QNetworkReply::finished, this, [this, reply, attempt, sequence] {
            if (m_inFlight && m_inFlight->sequence == sequence)
                onReply(reply, attempt);
            else
                reply->deleteLater(); // an older attempt of an invocation already answered
        });
        emit invoked(m_transactionId, m_inFlight->sequence, toString(m_inFlight->type), attempt, fault);
        if (!m_staleCopy.isEmpty()) {
            // Injected reordering: an older, already answered invocation arrives after this one,
            // as a reordering network (or a late retry) would deliver it.
            QNetworkRequest stale = request;
            stale.setRawHeader("X-CallConsole-Injected-Fault", "reordered");
            QNetworkReply *late = m_network->post(stale, m_staleCopy);
            connect(late, &QNetworkReply::finished, late, &QObject::deleteLater);
            emit invoked(m_transactionId, m_staleSequence, m_staleType, 1, QStringLiteral("reordered"));
            m_staleCopy.clear();
        }
        if (m_config.faults.duplicateRate > 0 && m_random.generateDouble() < m_config.faults.duplicateRate) {
            // An injected second delivery of the same invocation; its reply is not used.
            QNetworkRequest copy = request;
            copy.setRawHeader("X-CallConsole-Injected-Fault", "duplicate");
            QNetworkReply *duplicate = m_network->post(copy, body);
            connect(duplicate, &QNetworkReply::finished, duplicate, &QObject::deleteLater);
            emit invoked(m_transactionId, m_inFlight->sequence, toString(m_inFlight->type), attempt, QStringLiteral("duplicate"));
        }
    };
    m_retryTimer.start(m_config.scaled(m_config.retryAfterMs) + delay);
    if (delay > 0)
        QTimer::singleShot(delay, this, send);
    else
        send();
}

void SimulatedCall::abortAttempts()
{
    for (const QPointer<QNetworkReply> &attempt : std::as_const(m_attempts)) {
        if (attempt) {
            attempt->disconnect(this);
            attempt->abort();
            attempt->deleteLater();
        }
    }
    m_attempts.clear();
}

void SimulatedCall::onReply(QNetworkReply *reply, int attempt)
{
    reply->deleteLater();
    m_attempts.removeAll(reply);
    if (!m_inFlight)
        return;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if ((status < 200 || status >= 300) && !m_attempts.isEmpty())
        return; // a failed attempt while another one is still open: wait for that one
    m_retryTimer.stop();
    abortAttempts();
    const QByteArray body = reply->readAll();
    const int sequence = m_inFlight->sequence;
    if (status < 200 || status >= 300) {
        // A failing endpoint (4xx, 5xx, refused): retried once, then the call ends with 480.
        if (attempt < 2) {
            deliver(attempt + 1);
            return;
        }
        m_giveUpTimer.stop();
        m_inFlight.reset();
        recordReply(sequence, status, body, InvocationRecord::ReplyUse::Failed,
                    QStringLiteral("the endpoint failed twice (HTTP %1): the call ends with 480").arg(status));
        endCall(480);
        return;
    }
    const InvocationEventType type = m_inFlight->type;
    if (m_config.faults.reorderRate > 0 && m_random.generateDouble() < m_config.faults.reorderRate) {
        m_staleCopy = m_inFlight->body;
        m_staleSequence = m_inFlight->sequence;
        m_staleType = toString(type);
    }
    if (closeInvocation(type)) {
        recordReply(sequence, status, body, InvocationRecord::ReplyUse::Ignored,
                    QStringLiteral("the call is over: a reply to the HANGUP of its last leg is ignored"));
        return;
    }
    if (m_endAfterDelivery) {
        recordReply(sequence, status, body, InvocationRecord::ReplyUse::Ignored, QStringLiteral("the call is ending"));
        sendNext(); // the call is ending: deliver its HANGUP; no reply runs anything now
        return;
    }
    // The reply is applied before the next queued invocation is built, so that invocation
    // carries the TransactionAttributes this reply set.

    ActionListLimits limits;
    limits.maxActions = m_config.maxActions;
    limits.maxTransactionAttributes = m_config.maxTransactionAttributes;
    const Parsed<ActionList> parsed = ActionList::parse(body, limits);
    const bool runs = replyRunsActions(type);
    if (!parsed.ok() && !runs) {
        // The service never reads these replies' actions: however malformed, nothing follows.
        recordReply(sequence, status, body, InvocationRecord::ReplyUse::Ignored,
                    QStringLiteral("replies to %1 are ignored (this one is not a valid action list either)").arg(toString(type)));
        sendNext();
        return;
    }
    if (!parsed.ok()) {
        recordReply(sequence, status, body, InvocationRecord::ReplyUse::Invalid,
                    parsed.issues.isEmpty() ? QString() : parsed.issues.first().message());
        if (type == InvocationEventType::InvalidLambdaResponse) {
            endCall(480); // invalid twice in a row: nothing usable will come
            return;
        }
        const ValidationIssue *first = nullptr;
        for (const ValidationIssue &issue : parsed.issues) {
            if (issue.isError()) {
                first = &issue;
                break;
            }
        }
        enqueue(InvocationEventType::InvalidLambdaResponse, std::nullopt,
                first && !first->code.isEmpty() ? first->code : QStringLiteral("InvalidLambdaResponse"),
                first ? first->message() : QStringLiteral("the response is not a valid action list"));
        return;
    }
    if (parsed.value->transactionAttributes) {
        // A map replaces the stored one; {} clears it (sma-reference.md §2.3).
        m_attributes = parsed.value->transactionAttributes->isEmpty() ? std::nullopt : parsed.value->transactionAttributes;
    }
    if (runs) {
        recordReply(sequence, status, body, InvocationRecord::ReplyUse::Used);
    } else {
        recordReply(sequence, status, body, InvocationRecord::ReplyUse::Ignored,
                    type == InvocationEventType::ActionInterrupted
                        ? QStringLiteral("ACTION_INTERRUPTED is informational: its reply's actions are ignored")
                        : QStringLiteral("the actions of a reply to %1 are ignored (its TransactionAttributes are kept)").arg(toString(type)));
    }
    if (runs && !parsed.value->keepsCurrentActions) {
        if (type == InvocationEventType::CallUpdateRequested && m_actionIndex >= 0
            && isInterruptible(m_actions.at(m_actionIndex).type)) {
            const Action interrupted = m_actions.at(m_actionIndex);
            m_actionTimer.stop();
            m_actionIndex = -1;
            enqueue(InvocationEventType::ActionInterrupted, echoed(interrupted));
        }
        apply(*parsed.value);
    }
    sendNext();
}

bool SimulatedCall::closeInvocation(InvocationEventType finished)
{
    m_giveUpTimer.stop();
    m_inFlight.reset();
    const bool hangupPending = std::any_of(m_queue.begin(), m_queue.end(),
                                           [](const Invocation &i) { return i.type == InvocationEventType::Hangup; });
    if (m_endAfterDelivery && finished == InvocationEventType::Hangup && !hangupPending) {
        m_ended = true;
        m_actionTimer.stop();
        m_queue.clear();
        emit ended(m_transactionId, m_endCode);
        return true;
    }
    return false;
}

bool SimulatedCall::replyRunsActions(InvocationEventType type) const
{
    switch (type) {
    case InvocationEventType::NewOutboundCall:   // "any response is ignored" (attributes kept)
    case InvocationEventType::Ringing:
    case InvocationEventType::ActionInterrupted: // informational only
    case InvocationEventType::Hangup:
        return false;
    default:
        return true;
    }
}

void SimulatedCall::apply(const ActionList &reply)
{
    if (m_inbound && !m_answered && !reply.actions.isEmpty())
        answerInbound(reply.actions);
    if (m_actionIndex >= 0) {
        // The running action finishes first; then the new list replaces the rest.
        m_nextActions = reply.actions;
        return;
    }
    m_actions = reply.actions;
    if (!m_actions.isEmpty()) {
        m_actionIndex = 0;
        runNextAction();
    }
}

// ---- actions ----

int SimulatedCall::legIndexFor(const Action &action) const
{
    const QString callId = action.parameters.value(QStringLiteral("CallId")).toString();
    if (!callId.isEmpty()) {
        for (int i = 0; i < 2; ++i) {
            if (m_legs[i].present && m_legs[i].participant.callId == callId)
                return i;
        }
        return -1;
    }
    const auto tag = participantTagFromString(action.parameters.value(QStringLiteral("ParticipantTag")).toString());
    const int leg = tag && *tag == ParticipantTag::LegB ? 1 : 0;
    return m_legs[leg].present ? leg : -1;
}

QJsonObject SimulatedCall::echoed(const Action &action, const QJsonObject &result) const
{
    // The service echoes the action normalised: the target CallId filled in (sma-reference §1.2).
    QJsonObject parameters = action.parameters;
    const int leg = legIndexFor(action);
    if (!parameters.contains(QStringLiteral("CallId")) && leg >= 0)
        parameters.insert(QStringLiteral("CallId"), m_legs[leg].participant.callId);
    QJsonObject data{{QStringLiteral("Type"), action.type}, {QStringLiteral("Parameters"), parameters}};
    for (auto it = result.begin(); it != result.end(); ++it)
        data.insert(it.key(), it.value());
    return data;
}

void SimulatedCall::runNextAction()
{
    if (m_ended || m_actionIndex < 0 || m_actionIndex >= m_actions.size())
        return;
    const Action action = m_actions.at(m_actionIndex);
    const QJsonObject &p = action.parameters;
    const int leg = legIndexFor(action);
    if (leg < 0 || m_legs[leg].participant.status == ParticipantStatus::Disconnected) {
        actionFailed(QStringLiteral("InvalidActionParameter"), QStringLiteral("CallId or ParticipantTag parameter for action is invalid."));
        return;
    }
    const QString &type = action.type;
    int durationMs = 100;
    if (type == QLatin1String("Hangup")) {
        const int code = intParameter(p, "SipResponseCode", -1); // -1: none set, none reported
        m_actionIndex = -1;
        endLeg(leg, code, true);
        return;
    }
    if (type == QLatin1String("Pause")) {
        durationMs = intParameter(p, "DurationInMilliseconds", 1000);
    } else if (type == QLatin1String("Speak")) {
        durationMs = 1000 * int(p.value(QStringLiteral("Text")).toString().size()) / std::max(1, m_config.speakingCharsPerSecond);
    } else if (type == QLatin1String("PlayAudio")) {
        durationMs = m_config.audioClipMs * std::max(1, intParameter(p, "Repeat", 1));
    } else if (type == QLatin1String("SendDigits")) {
        const QString digits = p.value(QStringLiteral("Digits")).toString();
        durationMs = int(digits.count(QLatin1Char(','))) * 500
                   + int(digits.size()) * (intParameter(p, "ToneDurationInMilliseconds", 250) + 50);
    } else if (type == QLatin1String("ReceiveDigits")) {
        // Succeeds at once; DIGITS_RECEIVED comes later when the callee's digits match.
        m_receiveDigitsPattern = p.value(QStringLiteral("InputDigitsRegex")).toString();
        m_receiveDigitsAction = action;
        durationMs = 0;
    } else if (type == QLatin1String("PlayAudioAndGetDigits") || type == QLatin1String("SpeakAndGetDigits")) {
        m_collectedDigits.clear();
        durationMs = intParameter(p, "RepeatDurationInMilliseconds", 5000) * std::max(1, intParameter(p, "Repeat", 1));
        m_actionTimer.disconnect();
        connect(&m_actionTimer, &QTimer::timeout, this, [this] {
            if (m_collectedDigits.isEmpty())
                actionFailed(QStringLiteral("InvalidDigitsReceived"), QStringLiteral("No digits were received before the timeout."));
            else
                actionDone({{QStringLiteral("ReceivedDigits"), m_collectedDigits}});
        });
        m_actionTimer.start(m_config.scaled(durationMs));
        return;
    } else if (type == QLatin1String("RecordAudio")) {
        durationMs = 1000 * intParameter(p, "DurationInSeconds", 5);
    } else if (type == QLatin1String("CallAndBridge")) {
        const QString uri = p.value(QStringLiteral("Endpoints")).toArray().at(0).toObject().value(QStringLiteral("Uri")).toString();
        const CalleeBehaviour far = m_config.calleeFor(uri);
        Participant &b = m_legs[1].participant;
        b.callId = newId();
        b.tag = ParticipantTag::LegB;
        b.to = uri;
        b.from = p.value(QStringLiteral("CallerIdNumber")).toString();
        b.direction = CallDirection::Outbound;
        b.startTimeMs = QDateTime::currentMSecsSinceEpoch();
        b.status = ParticipantStatus::Unknown;
        m_legs[1].present = true;
        const bool answers = far.outcome == CalleeBehaviour::Outcome::Answer;
        const int timeoutMs = 1000 * intParameter(p, "CallTimeoutSeconds", 30);
        m_actionTimer.disconnect();
        connect(&m_actionTimer, &QTimer::timeout, this, [this, answers] {
            if (answers) {
                m_legs[1].participant.status = ParticipantStatus::Connected;
                actionDone();
            } else {
                m_legs[1].participant.status = ParticipantStatus::Disconnected;
                actionFailed(QStringLiteral("CallNotAnswered"), QStringLiteral("Call not answered"));
            }
        });
        m_actionTimer.start(m_config.scaled(answers ? far.ringMs + far.answerAfterMs : std::min(timeoutMs, 3000)));
        return;
    }
    m_actionTimer.disconnect();
    connect(&m_actionTimer, &QTimer::timeout, this, [this] { actionDone(); });
    m_actionTimer.start(m_config.scaled(durationMs));
}

void SimulatedCall::actionDone(const QJsonObject &result)
{
    if (m_actionIndex < 0)
        return;
    const Action finished = m_actions.at(m_actionIndex);
    if (m_nextActions) {
        // A newer list arrived while this action ran: it replaces what was left.
        m_actions = *m_nextActions;
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
    QJsonObject data = result;
    if (finished.type == QLatin1String("ReceiveDigits"))
        data.insert(QStringLiteral("ReceivedDigits"), QString());
    enqueue(InvocationEventType::ActionSuccessful, echoed(finished, data));
}

void SimulatedCall::actionFailed(const QString &errorType, const QString &errorMessage)
{
    if (m_actionIndex < 0)
        return;
    const Action failed = m_actions.at(m_actionIndex);
    m_actionIndex = -1; // the rest of the list is dropped
    m_nextActions.reset();
    enqueue(InvocationEventType::ActionFailed,
            echoed(failed, {{QStringLiteral("ErrorType"), errorType}, {QStringLiteral("ErrorMessage"), errorMessage}}));
}

void SimulatedCall::calleeDigits(const QString &digits)
{
    if (m_actionIndex >= 0) {
        const QString type = m_actions.at(m_actionIndex).type;
        if (type == QLatin1String("PlayAudioAndGetDigits") || type == QLatin1String("SpeakAndGetDigits")) {
            QString collected = digits;
            collected.remove(QLatin1Char('#')); // the terminator is not part of the input
            m_collectedDigits = collected;
            m_actionTimer.stop();
            actionDone({{QStringLiteral("ReceivedDigits"), collected}});
            return;
        }
    }
    if (!m_receiveDigitsPattern.isEmpty()
        && QRegularExpression(QStringLiteral("^(?:%1)$").arg(m_receiveDigitsPattern)).match(digits).hasMatch()) {
        enqueue(InvocationEventType::DigitsReceived, echoed(m_receiveDigitsAction, {{QStringLiteral("ReceivedDigits"), digits}}));
    }
}

void SimulatedCall::endLeg(int leg, int sipResponseCode, bool fromAction)
{
    Q_UNUSED(fromAction)
    if (m_ended || !m_legs[leg].present)
        return;
    m_legs[leg].participant.status = ParticipantStatus::Disconnected;
    const bool otherConnected = m_legs[1 - leg].present && m_legs[1 - leg].participant.status == ParticipantStatus::Connected;
    if (!otherConnected) {
        m_actionTimer.stop();
        m_actionIndex = -1;
        m_actions.clear();
    }
    QJsonObject parameters{{QStringLiteral("CallId"), m_legs[leg].participant.callId},
                           {QStringLiteral("ParticipantTag"), toString(m_legs[leg].participant.tag)}};
    if (sipResponseCode >= 0) // a Hangup action without SipResponseCode reports none
        parameters.insert(QStringLiteral("SipResponseCode"), sipResponseCode);
    enqueue(InvocationEventType::Hangup,
            QJsonObject{{QStringLiteral("Type"), QStringLiteral("Hangup")}, {QStringLiteral("Parameters"), parameters}});
    if (!otherConnected) {
        // The last leg is gone: the call ends once this HANGUP has been delivered.
        m_endCode = std::max(0, sipResponseCode);
        m_endAfterDelivery = true;
        m_queue.erase(std::remove_if(m_queue.begin(), m_queue.end(),
                                     [](const Invocation &i) { return i.type != InvocationEventType::Hangup; }),
                      m_queue.end());
        if (!m_inFlight)
            sendNext();
    }
}

void SimulatedCall::endCall(int sipResponseCode)
{
    if (m_ended)
        return;
    m_endCode = sipResponseCode;
    // Give-up paths (no usable reply): the HANGUP goes out once, without waiting for a reply.
    m_legs[0].participant.status = ParticipantStatus::Disconnected;
    InvocationEvent event = envelope(InvocationEventType::Hangup);
    event.actionData = QJsonObject{{QStringLiteral("Type"), QStringLiteral("Hangup")},
                                   {QStringLiteral("Parameters"),
                                    QJsonObject{{QStringLiteral("SipResponseCode"), sipResponseCode},
                                                {QStringLiteral("CallId"), m_legs[0].participant.callId},
                                                {QStringLiteral("ParticipantTag"), QStringLiteral("LEG-A")}}}};
    QNetworkRequest request(m_sma.endpointUrl);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply = m_network->post(request, event.toJsonBytes());
    connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
    emit invoked(m_transactionId, event.sequence, toString(event.type), 1, {});
    m_ended = true;
    m_actionTimer.stop();
    m_retryTimer.stop();
    m_giveUpTimer.stop();
    m_queue.clear();
    emit ended(m_transactionId, sipResponseCode);
}

void SimulatedCall::answerInbound(const QList<Action> &firstActions)
{
    // "Send a Hangup action, in which case the call isn't answered" (DG case-1); any other
    // first action answers it.
    if (firstActions.first().type == QLatin1String("Hangup"))
        return;
    m_answered = true;
    m_legs[0].participant.status = ParticipantStatus::Connected;
    for (const ScheduledDigits &digits : std::as_const(m_inbound->caller.digits))
        schedule(digits.atMs, [this, d = digits.digits] { calleeDigits(d); });
    if (m_inbound->caller.hangupAfterMs >= 0)
        schedule(m_inbound->caller.hangupAfterMs, [this] { endLeg(0, 0, false); });
}

} // namespace callconsole

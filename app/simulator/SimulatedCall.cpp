#include "SimulatedCall.h"

#include "ActionCatalogue.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUuid>

namespace callconsole {

namespace {

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
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
    , m_runner(m_config, m_transactionId, m_legs)
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
    connect(&m_runner, &ActionRunner::succeeded, this,
            [this](const QJsonObject &data) { enqueue(InvocationEventType::ActionSuccessful, data); });
    connect(&m_runner, &ActionRunner::failed, this,
            [this](const QJsonObject &data) { enqueue(InvocationEventType::ActionFailed, data); });
    connect(&m_runner, &ActionRunner::digitsReceived, this,
            [this](const QJsonObject &data) { enqueue(InvocationEventType::DigitsReceived, data); });
    connect(&m_runner, &ActionRunner::hangupRequested, this,
            [this](int leg, int sipResponseCode) { endLeg(leg, sipResponseCode, true); });
    connect(&m_runner, &ActionRunner::legConnected, this, [this](int leg) {
        const CalleeBehaviour far = m_config.calleeFor(m_legs[size_t(leg)].participant.to);
        farEndBehaves(leg, far.hangupAfterMs, far.digits);
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
    farEndBehaves(0, m_callee.hangupAfterMs, m_callee.digits);
}

void SimulatedCall::farEndBehaves(int leg, int hangupAfterMs, const QList<ScheduledDigits> &digits)
{
    // Timers outlive a leg that a later CallAndBridge replaced: each checks it is the same leg.
    const QString callId = m_legs[size_t(leg)].participant.callId;
    const auto sameLeg = [this, leg, callId] { return m_legs[size_t(leg)].participant.callId == callId; };
    for (const ScheduledDigits &pressed : digits) {
        schedule(pressed.atMs, [this, leg, sameLeg, d = pressed.digits] {
            if (sameLeg())
                m_runner.digitsPressed(leg, d);
        });
    }
    if (hangupAfterMs >= 0) {
        schedule(hangupAfterMs, [this, leg, sameLeg] {
            if (sameLeg())
                endLeg(leg, 0, false);
        });
    }
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
    // The caller's leg; once the app has hung that up on a bridged call, the leg still left.
    const int leg = m_legs[0].participant.status == ParticipantStatus::Disconnected && m_legs[1].present ? 1 : 0;
    if (!m_ended)
        endLeg(leg, 0, false);
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
    for (const CallLeg &leg : m_legs) {
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

void SimulatedCall::releaseAttempts()
{
    // The service does not cancel an invocation once another attempt of it answered: that
    // handler runs to its end and its reply is ignored. Leaving the request open keeps this so
    // for the endpoint, which counts an event as delivered only when its reply could go out.
    for (const QPointer<QNetworkReply> &attempt : std::as_const(m_attempts)) {
        if (attempt) {
            attempt->disconnect(this);
            connect(attempt, &QNetworkReply::finished, attempt, &QObject::deleteLater);
        }
    }
    m_attempts.clear();
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
    releaseAttempts();
    const QByteArray body = reply->readAll();
    const int sequence = m_inFlight->sequence;
    const std::optional<QJsonObject> eventData = m_inFlight->actionData;
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
    const bool accepted = ActionList::acceptedByService(parsed);
    if (!accepted && !runs) {
        // The service never reads these replies' actions: however malformed, nothing follows.
        recordReply(sequence, status, body, InvocationRecord::ReplyUse::Ignored,
                    QStringLiteral("replies to %1 are ignored (this one is not a valid action list either)").arg(toString(type)));
        sendNext();
        return;
    }
    if (!accepted) {
        recordReply(sequence, status, body, InvocationRecord::ReplyUse::Invalid,
                    parsed.issues.isEmpty() ? QString() : parsed.issues.first().message());
        if (type == InvocationEventType::InvalidLambdaResponse) {
            endCall(480); // invalid twice in a row: nothing usable will come
            return;
        }
        const ValidationIssue *first = nullptr;
        for (const ValidationIssue &issue : parsed.issues) {
            if (issue.isError() && !actioncatalogue::failsOnlyItsAction(issue)) {
                first = &issue;
                break;
            }
        }
        enqueue(InvocationEventType::InvalidLambdaResponse, std::nullopt,
                first && !first->code.isEmpty() ? first->code : QStringLiteral("InvalidLambdaResponse"),
                first ? first->message() : QStringLiteral("the response is not a valid action list"));
        return;
    }
    for (const ValidationIssue &issue : parsed.issues)
        emit replyIssue(m_transactionId, sequence, (issue.isError() ? QStringLiteral("error: ") : QStringLiteral("warning: "))
                                                       + issue.message() + (issue.code.isEmpty() ? QString() : QStringLiteral(" [%1]").arg(issue.code)));
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
        if (type == InvocationEventType::CallUpdateRequested) {
            if (const auto interrupted = m_runner.interrupt())
                enqueue(InvocationEventType::ActionInterrupted, *interrupted);
        }
        apply(*parsed.value, invokedLeg(type, eventData));
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
        m_runner.stop();
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
        return false;
    case InvocationEventType::Hangup:
        // DG hangup.md: for a bridged call the reply runs on the leg that is left.
        return std::any_of(m_legs.cbegin(), m_legs.cend(), [](const CallLeg &leg) { return leg.isConnected(); });
    default:
        return true;
    }
}

void SimulatedCall::apply(const ActionList &reply, int invokedLeg)
{
    if (m_inbound && !m_answered && !reply.actions.isEmpty())
        answerInbound(reply.actions);
    m_runner.run(reply.actions, invokedLeg);
}

int SimulatedCall::invokedLeg(InvocationEventType type, const std::optional<QJsonObject> &eventData) const
{
    // "The invoked call leg" that actions without CallId or ParticipantTag run on: the leg a
    // DIGITS_RECEIVED came from, the leg left after a HANGUP, LEG-A otherwise.
    const auto connected = [this](int leg) { return m_legs[size_t(leg)].isConnected() && !m_legs[size_t(leg)].meeting; };
    if (type == InvocationEventType::DigitsReceived && eventData) {
        const QString callId = eventData->value(QStringLiteral("Parameters")).toObject().value(QStringLiteral("CallId")).toString();
        if (m_legs[1].present && m_legs[1].participant.callId == callId)
            return 1;
    }
    if (type == InvocationEventType::Hangup && !connected(0) && connected(1))
        return 1;
    return 0;
}

void SimulatedCall::endLeg(int leg, int sipResponseCode, bool fromAction)
{
    Q_UNUSED(fromAction)
    CallLeg &ending = m_legs[size_t(leg)];
    // One HANGUP per leg: a leg already gone (the app hung it up) is not hung up again.
    if (m_ended || !ending.present || ending.participant.status == ParticipantStatus::Disconnected)
        return;
    ending.participant.status = ParticipantStatus::Disconnected;
    m_runner.legDisconnected(leg);
    CallLeg &other = m_legs[size_t(1 - leg)];
    if (other.meeting && other.isConnected()) {
        // The caller left the meeting: its leg goes too, both Disconnected (DG use-cases.md).
        other.participant.status = ParticipantStatus::Disconnected;
        m_runner.legDisconnected(1 - leg);
    }
    const bool otherConnected = other.isConnected();
    if (!otherConnected)
        m_runner.stop();
    QJsonObject parameters{{QStringLiteral("CallId"), ending.participant.callId},
                           {QStringLiteral("ParticipantTag"), toString(ending.participant.tag)}};
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
    m_runner.stop();
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
    farEndBehaves(0, m_inbound->caller.hangupAfterMs, m_inbound->caller.digits);
}

} // namespace callconsole

#include "SimulatorServer.h"

#include "ApiOperations.h"
#include "CallRequest.h"
#include "SignatureCheck.h"
#include "SimulatedCall.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QRegularExpression>
#include <QTimer>
#include <QUrlQuery>
#include <QUuid>

namespace callconsole {

namespace {

QString requestId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

// "BadRequestException" → "BadRequest": the model's ErrorCode spelling for the body's Code.
QString errorCode(const QString &type)
{
    QString code = type;
    if (code.endsWith(QLatin1String("Exception")))
        code.chop(9);
    return code;
}

// Every error in a request, structural (from the JSON) or a rule of the model (validate()).
template<typename Request>
QStringList requestErrors(const Parsed<Request> &parsed)
{
    ValidationIssues issues = parsed.issues;
    if (parsed.value)
        issues << parsed.value->validate();
    return errorMessages(issues);
}

const QString ownPrefix = QStringLiteral("/_callconsole/");

// The operations this simulator serves, named in the refusal of any other.
const QStringList &servedOperations()
{
    static const QStringList names{
        QStringLiteral("CreateSipMediaApplicationCall"), QStringLiteral("UpdateSipMediaApplicationCall"),
        QStringLiteral("CreateSipMediaApplication"), QStringLiteral("GetSipMediaApplication"),
        QStringLiteral("UpdateSipMediaApplication"), QStringLiteral("DeleteSipMediaApplication"),
        QStringLiteral("ListSipMediaApplications"), QStringLiteral("GetSipMediaApplicationLoggingConfiguration"),
        QStringLiteral("PutSipMediaApplicationLoggingConfiguration"), QStringLiteral("CreateSipRule"),
        QStringLiteral("GetSipRule"), QStringLiteral("UpdateSipRule"), QStringLiteral("DeleteSipRule"),
        QStringLiteral("ListSipRules"), QStringLiteral("GetPhoneNumber"), QStringLiteral("ListPhoneNumbers"),
        QStringLiteral("GetVoiceConnector"), QStringLiteral("ListVoiceConnectors")};
    return names;
}

// The caller's script of a dial-in body: {"HangupAfterMs": N, "Digits": [{"AtMs": N, "Digits": "1#"}]}.
ValidationIssues readCaller(const QJsonValue &value, CallerBehaviour &caller)
{
    ValidationIssues issues;
    if (value.isUndefined())
        return issues;
    if (!value.isObject())
        return {ValidationIssue::error(QStringLiteral("Caller"), {}, QStringLiteral("expected an object with HangupAfterMs and Digits"))};
    const QJsonObject o = value.toObject();
    caller.digits.clear();
    caller.hangupAfterMs = -1;
    if (o.contains(QStringLiteral("HangupAfterMs"))) {
        const QJsonValue after = o.value(QStringLiteral("HangupAfterMs"));
        if (!after.isDouble() || after.toDouble() < 0)
            issues << ValidationIssue::error(QStringLiteral("Caller.HangupAfterMs"), after.toVariant().toString(),
                                             QStringLiteral("expected the milliseconds after the answer at which the caller hangs up (0 or more)"));
        caller.hangupAfterMs = after.toInt();
    }
    static const QRegularExpression dtmf(QStringLiteral("^[0-9*#A-D]+$"));
    const QJsonArray digits = o.value(QStringLiteral("Digits")).toArray();
    for (qsizetype i = 0; i < digits.size(); ++i) {
        const QJsonObject press = digits.at(i).toObject();
        const QString path = QStringLiteral("Caller.Digits[%1]").arg(i);
        const QString keys = press.value(QStringLiteral("Digits")).toString();
        if (!dtmf.match(keys).hasMatch())
            issues << ValidationIssue::error(path + QStringLiteral(".Digits"), keys, QStringLiteral("expected DTMF digits: 0-9, *, #, A-D"));
        const QJsonValue at = press.value(QStringLiteral("AtMs"));
        if (!at.isDouble() || at.toDouble() < 0)
            issues << ValidationIssue::error(path + QStringLiteral(".AtMs"), at.toVariant().toString(),
                                             QStringLiteral("expected the milliseconds after the answer at which they are pressed"));
        caller.digits << ScheduledDigits{at.toInt(), keys};
    }
    return issues;
}

} // namespace

SimulatorServer::SimulatorServer(SimulatorConfig config, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_config(std::move(config))
    , m_account(m_config)
{
    // QNetworkAccessManager opens at most 6 connections per host; the service invokes calls in
    // parallel, so calls are spread over a pool of managers (6 connections each).
    for (int i = 0; i < networkPoolSize; ++i)
        m_networks << new QNetworkAccessManager(this);
}

SimulatorServer::~SimulatorServer()
{
    delete m_tcp; // its connections count in m_connections, which goes before QObject's children
}

bool SimulatorServer::listen(QString *error, quint16 port, const QHostAddress &host)
{
    // The endpoint's guard: bounded bodies and heads, stalled requests closed, and heads that
    // QHttpServer could frame differently refused. A request to the real API is a few KB (maps
    // of at most 20 entries); 1 MiB leaves room and stops a 64 MiB ArgumentsMap at the door.
    ConnectionLimits limits;
    limits.maxBodyBytes = 1024 * 1024;
    limits.maxConnections = 1024;
    m_tcp = new ConnectionGuard(limits, m_connections, this);
    if (!m_tcp->listen(host, port)) {
        if (error)
            *error = QStringLiteral("cannot listen on %1:%2: %3").arg(host.toString()).arg(port).arg(m_tcp->errorString());
        return false;
    }
    bind(m_tcp);
    m_tcp->followServerReads();
    return true;
}

QUrl SimulatorServer::url() const
{
    return QUrl(QStringLiteral("http://%1:%2").arg(m_tcp->serverAddress().toString()).arg(m_tcp->serverPort()));
}

int SimulatorServer::activeCalls() const
{
    int active = 0;
    for (const SimulatedCall *call : m_calls)
        active += call->isEnded() ? 0 : 1;
    return active;
}

bool SimulatorServer::hangUp(const QString &transactionId)
{
    SimulatedCall *call = m_calls.value(transactionId);
    if (!call || call->isEnded())
        return false;
    call->hangUp();
    return true;
}

bool SimulatorServer::handleRequest(const QHttpServerRequest &request,
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
                                    QHttpServerResponder &responderRef)
#else
                                    QTcpSocket *socketPtr)
#endif
{
    QHttpServerResponder responder = CALLCONSOLE_HTTP_TAKE_RESPONDER();
    handle(request, responder);
    answered(CALLCONSOLE_HTTP_SOCKET());
    return true;
}

void SimulatorServer::missingHandler(const QHttpServerRequest &request,
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
                                     QHttpServerResponder &&responderRef)
#else
                                     QTcpSocket *socketPtr)
#endif
{
    QHttpServerResponder responder = CALLCONSOLE_HTTP_TAKE_RESPONDER();
    handle(request, responder);
    answered(CALLCONSOLE_HTTP_SOCKET());
}

void SimulatorServer::answered(QTcpSocket *socket)
{
    // Every answer is written before handle() returns; the guard closes a connection the
    // client asked to close, and sends what it owes behind the answer.
    m_tcp->replied(socket ? socket : m_tcp->socketBeingRead());
}

void SimulatorServer::handle(const QHttpServerRequest &request, QHttpServerResponder &responder)
{
    const QString path = request.url().path(QUrl::FullyEncoded);
    const QString method = http::methodName(request.method());
    const bool own = path.startsWith(ownPrefix) || path == ownPrefix.chopped(1);
    // Signed requests are accepted as sent unless the configuration asks for verification; the
    // simulator's own routes are not AWS's and are never signed.
    if (!own && !m_config.verifyAccessKeyId.isEmpty()) {
        if (const auto failure = checkSignature(request, m_config.verifyAccessKeyId, m_config.verifySecretAccessKey))
            return answer(responder, ApiAnswer::error(403, failure->errorType, failure->message));
    }
    QJsonObject body;
    if (!request.body().trimmed().isEmpty()) {
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(request.body(), &parseError);
        if (parseError.error != QJsonParseError::NoError || !document.isObject())
            return answer(responder, ApiAnswer::error(400, QStringLiteral("BadRequestException"),
                                                      QStringLiteral("The request body is not a JSON object")));
        body = document.object();
    }
    if (own)
        return answer(responder, ownRoute(method, path, body));
    const QUrlQuery query(request.url());
    const auto match = apioperations::match(method, path, query);
    if (!match) {
        return answer(responder, ApiAnswer::error(400, QStringLiteral("UnknownOperationException"),
                                                  QStringLiteral("No chime-sdk-voice operation is %1 %2").arg(method, path)));
    }
    answer(responder, operation(match->operation, match->pathParameters, query, body));
}

ApiAnswer SimulatorServer::operation(const QString &name, const QHash<QString, QString> &path, const QUrlQuery &query,
                                     const QJsonObject &body)
{
    const QString sma = path.value(QStringLiteral("sipMediaApplicationId"));
    const QString rule = path.value(QStringLiteral("sipRuleId"));
    if (name == QLatin1String("CreateSipMediaApplicationCall"))
        return createCall(sma, body);
    if (name == QLatin1String("UpdateSipMediaApplicationCall"))
        return updateCall(sma, path.value(QStringLiteral("transactionId")), body);
    if (name == QLatin1String("CreateSipMediaApplication"))
        return m_account.createSipMediaApplication(body);
    if (name == QLatin1String("GetSipMediaApplication"))
        return m_account.getSipMediaApplication(sma);
    if (name == QLatin1String("UpdateSipMediaApplication"))
        return m_account.updateSipMediaApplication(sma, body);
    if (name == QLatin1String("DeleteSipMediaApplication"))
        return m_account.deleteSipMediaApplication(sma);
    if (name == QLatin1String("ListSipMediaApplications"))
        return m_account.listSipMediaApplications(query);
    if (name == QLatin1String("GetSipMediaApplicationLoggingConfiguration"))
        return m_account.getLoggingConfiguration(sma);
    if (name == QLatin1String("PutSipMediaApplicationLoggingConfiguration"))
        return m_account.putLoggingConfiguration(sma, body);
    if (name == QLatin1String("CreateSipRule"))
        return m_account.createSipRule(body);
    if (name == QLatin1String("GetSipRule"))
        return m_account.getSipRule(rule);
    if (name == QLatin1String("UpdateSipRule"))
        return m_account.updateSipRule(rule, body);
    if (name == QLatin1String("DeleteSipRule"))
        return m_account.deleteSipRule(rule);
    if (name == QLatin1String("ListSipRules"))
        return m_account.listSipRules(query);
    if (name == QLatin1String("GetPhoneNumber"))
        return m_account.getPhoneNumber(path.value(QStringLiteral("phoneNumberId")));
    if (name == QLatin1String("ListPhoneNumbers"))
        return m_account.listPhoneNumbers(query);
    if (name == QLatin1String("GetVoiceConnector"))
        return m_account.getVoiceConnector(path.value(QStringLiteral("voiceConnectorId")));
    if (name == QLatin1String("ListVoiceConnectors"))
        return m_account.listVoiceConnectors(query);
    // An operation of the model this simulator does not run: named, and never a NotFound that
    // "already deleted" teardown logic would take for success.
    return ApiAnswer::error(400, QStringLiteral("UnknownOperationException"),
                            QStringLiteral("%1 is an operation of chime-sdk-voice that the Call Console simulator does not "
                                           "serve; it serves %2").arg(name, servedOperations().join(QStringLiteral(", "))));
}

ApiAnswer SimulatorServer::ownRoute(const QString &method, const QString &path, const QJsonObject &body)
{
    const QStringList parts = path.mid(ownPrefix.size()).split(QLatin1Char('/'), Qt::SkipEmptyParts);
    if (method == QLatin1String("POST") && parts == QStringList{QStringLiteral("inbound-calls")})
        return dialIn(body);
    if (method == QLatin1String("GET") && parts.size() == 2 && parts.first() == QLatin1String("calls")) {
        const QString id = QUrl::fromPercentEncoding(parts.at(1).toUtf8());
        if (const SimulatedCall *call = m_calls.value(id))
            return ApiAnswer::ok(200, call->statusJson());
        return ApiAnswer::error(404, QStringLiteral("NotFoundException"), QStringLiteral("No call with TransactionId %1").arg(id));
    }
    return ApiAnswer::error(404, QStringLiteral("NotFoundException"),
                            QStringLiteral("No simulator route %1 %2: there are POST /_callconsole/inbound-calls and "
                                           "GET /_callconsole/calls/{TransactionId}").arg(method, path));
}

ApiAnswer SimulatorServer::dialIn(const QJsonObject &body)
{
    InboundCallRequest request;
    request.fromPhoneNumber = body.value(QStringLiteral("FromPhoneNumber")).toString();
    request.toPhoneNumber = body.value(QStringLiteral("ToPhoneNumber")).toString();
    ValidationIssues issues = callrules::validatePhoneNumber(QStringLiteral("FromPhoneNumber"), request.fromPhoneNumber)
                            + callrules::validatePhoneNumber(QStringLiteral("ToPhoneNumber"), request.toPhoneNumber);
    request.caller = m_config.callerFor(request.fromPhoneNumber);
    issues << readCaller(body.value(QStringLiteral("Caller")), request.caller);
    if (hasErrors(issues))
        return ApiAnswer::badRequest(issues);
    const auto routed = m_account.route(request.toPhoneNumber);
    if (const auto *refused = std::get_if<ApiAnswer>(&routed))
        return *refused;
    const InboundRoute &route = std::get<InboundRoute>(routed);
    request.sipRuleId = route.rule.id;
    SimulatedSma target = route.sma;
    target.endpointUrl = m_account.endpointFor(route.sma, m_defaultEndpoint);
    const QString transactionId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    auto *call = new SimulatedCall(m_config, target, transactionId, request, m_networks.at(m_nextNetwork++ % m_networks.size()), this);
    adopt(call, request.toPhoneNumber);
    QTimer::singleShot(0, call, &SimulatedCall::start); // after the 201, as for outbound calls
    return ApiAnswer::ok(201, call->statusJson());
}

void SimulatorServer::adopt(SimulatedCall *call, const QString &to)
{
    m_calls.insert(call->transactionId(), call);
    connect(call, &SimulatedCall::invoked, this, &SimulatorServer::invoked);
    connect(call, &SimulatedCall::ended, this, &SimulatorServer::callEnded);
    connect(call, &SimulatedCall::replyNotUsed, this, &SimulatorServer::replyNotUsed);
    connect(call, &SimulatedCall::replyIssue, this, &SimulatorServer::replyIssue);
    emit callStarted(call->transactionId(), to);
}

bool SimulatorServer::throttled()
{
    if (m_config.callsPerSecond <= 0)
        return false;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    while (!m_recentCalls.empty() && now - m_recentCalls.front() >= 1000)
        m_recentCalls.pop_front();
    if (double(m_recentCalls.size()) >= m_config.callsPerSecond)
        return true;
    m_recentCalls.push_back(now);
    return false;
}

ApiAnswer SimulatorServer::createCall(const QString &smaId, const QJsonObject &body)
{
    const Parsed<CreateCallRequest> parsed = CreateCallRequest::fromJson(smaId, body);
    const QStringList errors = requestErrors(parsed);
    if (!errors.isEmpty())
        return ApiAnswer::error(400, QStringLiteral("BadRequestException"), errors.join(QStringLiteral("; ")));
    const SimulatedSma *sma = m_account.application(smaId);
    if (!sma)
        return ApiAnswer::error(404, QStringLiteral("NotFoundException"), QStringLiteral("SIP media application %1 not found").arg(smaId));
    if (!m_account.hasPhoneNumber(parsed.value->fromPhoneNumber)) {
        return ApiAnswer::error(403, QStringLiteral("AccessDeniedException"),
                                QStringLiteral("FromPhoneNumber %1 is not in this account's phone number inventory").arg(parsed.value->fromPhoneNumber));
    }
    if (throttled())
        return ApiAnswer::error(429, QStringLiteral("ThrottledClientException"), QStringLiteral("Rate exceeded"));

    SimulatedSma target = *sma;
    target.endpointUrl = m_account.endpointFor(*sma, m_defaultEndpoint);
    const QString transactionId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    QNetworkAccessManager *network = m_networks.at(m_nextNetwork++ % m_networks.size());
    auto *call = new SimulatedCall(m_config, target, transactionId, *parsed.value, network, this);
    adopt(call, parsed.value->toPhoneNumber);
    // The 201 is written before the call starts, so NEW_OUTBOUND_CALL never overtakes it.
    QTimer::singleShot(0, call, &SimulatedCall::start);
    return ApiAnswer::ok(201, {{QStringLiteral("SipMediaApplicationCall"), QJsonObject{{QStringLiteral("TransactionId"), transactionId}}}});
}

ApiAnswer SimulatorServer::updateCall(const QString &smaId, const QString &transactionId, const QJsonObject &body)
{
    const Parsed<UpdateCallRequest> parsed = UpdateCallRequest::fromJson(smaId, transactionId, body);
    const QStringList errors = requestErrors(parsed);
    if (!errors.isEmpty())
        return ApiAnswer::error(400, QStringLiteral("BadRequestException"), errors.join(QStringLiteral("; ")));
    if (!m_account.application(smaId))
        return ApiAnswer::error(404, QStringLiteral("NotFoundException"), QStringLiteral("SIP media application %1 not found").arg(smaId));
    SimulatedCall *call = m_calls.value(transactionId);
    StringMap arguments;
    for (const KeyValue &kv : parsed.value->arguments)
        arguments.insert(kv.key, kv.value);
    if (!call || !call->update(arguments))
        return ApiAnswer::error(404, QStringLiteral("NotFoundException"), QStringLiteral("Transaction %1 not found or already ended").arg(transactionId));
    return ApiAnswer::ok(202, {{QStringLiteral("SipMediaApplicationCall"), QJsonObject{{QStringLiteral("TransactionId"), transactionId}}}});
}

void SimulatorServer::answer(QHttpServerResponder &responder, const ApiAnswer &answer)
{
    if (answer.isError()) {
        http::respond(responder, answer.status,
                      {{"Content-Type", "application/json"}, {"x-amzn-RequestId", requestId().toLatin1()},
                       {"x-amzn-ErrorType", answer.errorType.toLatin1()}},
                      QJsonDocument(QJsonObject{{QStringLiteral("Code"), errorCode(answer.errorType)},
                                                {QStringLiteral("Message"), answer.message}})
                          .toJson(QJsonDocument::Compact));
        return;
    }
    http::respond(responder, answer.status, {{"Content-Type", "application/json"}, {"x-amzn-RequestId", requestId().toLatin1()}},
                  answer.status == 204 ? QByteArray() : QJsonDocument(answer.body).toJson(QJsonDocument::Compact));
}

} // namespace callconsole

#include "SimulatorServer.h"

#include "CallRequest.h"
#include "ListPaging.h"
#include "PhoneNumberFilter.h"
#include "SignatureCheck.h"
#include "SimulatedCall.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QRegularExpression>
#include <QTcpServer>
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

// The timestamps the simulated account's resources were created and associated at.
const QString simulatedTimestamp = QStringLiteral("2026-01-01T00:00:00.000Z");

QJsonObject phoneNumberJson(const SimulatedPhoneNumber &number)
{
    QJsonArray associations;
    for (const PhoneNumberAssociation &association : number.associations) {
        associations << QJsonObject{{QStringLiteral("Value"), association.value},
                                    {QStringLiteral("Name"), association.name},
                                    {QStringLiteral("AssociatedTimestamp"), simulatedTimestamp}};
    }
    return QJsonObject{{QStringLiteral("PhoneNumberId"), number.e164PhoneNumber},
                       {QStringLiteral("E164PhoneNumber"), number.e164PhoneNumber},
                       {QStringLiteral("Country"), number.country},
                       {QStringLiteral("Type"), number.type},
                       {QStringLiteral("ProductType"), number.productType},
                       {QStringLiteral("Status"), number.status},
                       {QStringLiteral("Associations"), associations},
                       {QStringLiteral("CreatedTimestamp"), simulatedTimestamp},
                       {QStringLiteral("UpdatedTimestamp"), simulatedTimestamp}};
}

// One page of a List* answer; NextToken only while entries remain, as AWS answers.
QJsonObject listJson(const QString &key, const QJsonArray &entries, const QString &nextToken)
{
    QJsonObject body{{key, entries}};
    if (!nextToken.isEmpty())
        body.insert(QStringLiteral("NextToken"), nextToken);
    return body;
}

} // namespace

SimulatorServer::SimulatorServer(SimulatorConfig config, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_config(std::move(config))
{
    // QNetworkAccessManager opens at most 6 connections per host; the service invokes calls in
    // parallel, so calls are spread over a pool of managers (6 connections each).
    for (int i = 0; i < networkPoolSize; ++i)
        m_networks << new QNetworkAccessManager(this);
}

SimulatorServer::~SimulatorServer() = default;

bool SimulatorServer::listen(QString *error, quint16 port, const QHostAddress &host)
{
    m_tcp = new QTcpServer(this);
    if (!m_tcp->listen(host, port)) {
        if (error)
            *error = QStringLiteral("cannot listen on %1:%2: %3").arg(host.toString()).arg(port).arg(m_tcp->errorString());
        return false;
    }
    bind(m_tcp);
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
}

void SimulatorServer::handle(const QHttpServerRequest &request, QHttpServerResponder &responder)
{
    // Signed requests are accepted as sent unless the configuration asks for verification.
    if (!m_config.verifyAccessKeyId.isEmpty()) {
        if (const auto failure = checkSignature(request, m_config.verifyAccessKeyId, m_config.verifySecretAccessKey))
            return error(responder, 403, failure->errorType, failure->message);
    }
    static const QRegularExpression calls(QStringLiteral("^/sip-media-applications/([^/]+)/calls(?:/([^/]+))?/?$"));
    static const QRegularExpression application(QStringLiteral("^/sip-media-applications/([^/]+)/?$"));
    const QString path = request.url().path();
    const auto method = request.method();
    if (const auto match = calls.match(path); match.hasMatch()) {
        if (method != QHttpServerRequest::Method::Post)
            return error(responder, 405, QStringLiteral("BadRequestException"), QStringLiteral("Use POST for %1").arg(path));
        const QString smaId = QUrl::fromPercentEncoding(match.captured(1).toUtf8());
        if (match.captured(2).isEmpty())
            return createCall(smaId, request.body(), responder);
        return updateCall(smaId, QUrl::fromPercentEncoding(match.captured(2).toUtf8()), request.body(), responder);
    }
    if (method != QHttpServerRequest::Method::Get)
        return error(responder, 404, QStringLiteral("NotFoundException"), QStringLiteral("No operation at %1").arg(path));
    if (path == QLatin1String("/sip-media-applications") || path == QLatin1String("/sip-media-applications/")) {
        QStringList ids;
        for (const SimulatedSma &sma : std::as_const(m_config.applications))
            ids << sma.id;
        const Parsed<ListPage> page = listpaging::page(QStringLiteral("ListSipMediaApplications"), ids, QUrlQuery(request.url()));
        if (!page.ok())
            return error(responder, 400, QStringLiteral("BadRequestException"), errorMessages(page.issues).join(QStringLiteral("; ")));
        QJsonArray list;
        for (qsizetype i = page.value->begin; i < page.value->end; ++i)
            list << applicationJson(m_config.applications.at(i));
        return json(responder, 200, listJson(QStringLiteral("SipMediaApplications"), list, page.value->nextToken));
    }
    if (const auto match = application.match(path); match.hasMatch()) {
        const SimulatedSma *sma = m_config.application(QUrl::fromPercentEncoding(match.captured(1).toUtf8()));
        if (!sma)
            return error(responder, 404, QStringLiteral("NotFoundException"), QStringLiteral("SIP media application %1 not found").arg(match.captured(1)));
        return json(responder, 200, QJsonObject{{QStringLiteral("SipMediaApplication"), applicationJson(*sma)}});
    }
    if (path == QLatin1String("/phone-numbers") || path == QLatin1String("/phone-numbers/")) {
        return listPhoneNumbers(QUrlQuery(request.url()), responder);
    }
    error(responder, 404, QStringLiteral("NotFoundException"), QStringLiteral("No operation at %1").arg(path));
}

void SimulatorServer::listPhoneNumbers(const QUrlQuery &query, QHttpServerResponder &responder)
{
    const Parsed<PhoneNumberFilter> filter = PhoneNumberFilter::fromQuery(query);
    if (!filter.ok()) {
        // Without valid filters there is no listing to check a token against; MaxResults still is.
        const ValidationIssues issues = filter.issues + listpaging::maxResults(query).issues;
        return error(responder, 400, QStringLiteral("BadRequestException"), errorMessages(issues).join(QStringLiteral("; ")));
    }
    // Filtered first, then paged: pages and tokens count the numbers the filters let through.
    QList<const SimulatedPhoneNumber *> listed;
    QStringList keys;
    for (const SimulatedPhoneNumber &number : m_config.phoneNumbers) {
        if (filter.value->matches(number)) {
            listed << &number;
            keys << number.e164PhoneNumber;
        }
    }
    const Parsed<ListPage> page = listpaging::page(QStringLiteral("ListPhoneNumbers"), keys, query, filter.value->selection());
    if (!page.ok())
        return error(responder, 400, QStringLiteral("BadRequestException"), errorMessages(page.issues).join(QStringLiteral("; ")));
    QJsonArray numbers;
    for (qsizetype i = page.value->begin; i < page.value->end; ++i)
        numbers << phoneNumberJson(*listed.at(i));
    json(responder, 200, listJson(QStringLiteral("PhoneNumbers"), numbers, page.value->nextToken));
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

void SimulatorServer::createCall(const QString &smaId, const QByteArray &body, QHttpServerResponder &responder)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return error(responder, 400, QStringLiteral("BadRequestException"), QStringLiteral("The request body is not a JSON object"));
    const Parsed<CreateCallRequest> parsed = CreateCallRequest::fromJson(smaId, document.object());
    const QStringList errors = requestErrors(parsed);
    if (!errors.isEmpty())
        return error(responder, 400, QStringLiteral("BadRequestException"), errors.join(QStringLiteral("; ")));
    const SimulatedSma *sma = m_config.application(smaId);
    if (!sma)
        return error(responder, 404, QStringLiteral("NotFoundException"), QStringLiteral("SIP media application %1 not found").arg(smaId));
    if (!m_config.hasPhoneNumber(parsed.value->fromPhoneNumber)) {
        return error(responder, 403, QStringLiteral("AccessDeniedException"),
                     QStringLiteral("FromPhoneNumber %1 is not in this account's phone number inventory").arg(parsed.value->fromPhoneNumber));
    }
    if (throttled())
        return error(responder, 429, QStringLiteral("ThrottledClientException"), QStringLiteral("Rate exceeded"));

    SimulatedSma target = *sma;
    if (target.endpointUrl.isEmpty())
        target.endpointUrl = m_defaultEndpoint;
    const QString transactionId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    QNetworkAccessManager *network = m_networks.at(m_nextNetwork++ % m_networks.size());
    auto *call = new SimulatedCall(m_config, target, transactionId, *parsed.value, network, this);
    m_calls.insert(transactionId, call);
    connect(call, &SimulatedCall::invoked, this, &SimulatorServer::invoked);
    connect(call, &SimulatedCall::ended, this, &SimulatorServer::callEnded);
    json(responder, 201, QJsonObject{{QStringLiteral("SipMediaApplicationCall"),
                                      QJsonObject{{QStringLiteral("TransactionId"), transactionId}}}});
    emit callStarted(transactionId, parsed.value->toPhoneNumber);
    call->start();
}

void SimulatorServer::updateCall(const QString &smaId, const QString &transactionId, const QByteArray &body,
                                 QHttpServerResponder &responder)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return error(responder, 400, QStringLiteral("BadRequestException"), QStringLiteral("The request body is not a JSON object"));
    const Parsed<UpdateCallRequest> parsed = UpdateCallRequest::fromJson(smaId, transactionId, document.object());
    const QStringList errors = requestErrors(parsed);
    if (!errors.isEmpty())
        return error(responder, 400, QStringLiteral("BadRequestException"), errors.join(QStringLiteral("; ")));
    if (!m_config.application(smaId))
        return error(responder, 404, QStringLiteral("NotFoundException"), QStringLiteral("SIP media application %1 not found").arg(smaId));
    SimulatedCall *call = m_calls.value(transactionId);
    StringMap arguments;
    for (const KeyValue &kv : parsed.value->arguments)
        arguments.insert(kv.key, kv.value);
    if (!call || !call->update(arguments))
        return error(responder, 404, QStringLiteral("NotFoundException"), QStringLiteral("Transaction %1 not found or already ended").arg(transactionId));
    json(responder, 202, QJsonObject{{QStringLiteral("SipMediaApplicationCall"),
                                      QJsonObject{{QStringLiteral("TransactionId"), transactionId}}}});
}

QJsonObject SimulatorServer::applicationJson(const SimulatedSma &sma) const
{
    const QString arn = QStringLiteral("arn:aws:chime:%1:%2:sma/%3").arg(sma.region, m_config.awsAccountId, sma.id);
    return QJsonObject{{QStringLiteral("SipMediaApplicationId"), sma.id},
                       {QStringLiteral("AwsRegion"), sma.region},
                       {QStringLiteral("Name"), sma.name},
                       {QStringLiteral("Endpoints"), QJsonArray{QJsonObject{{QStringLiteral("LambdaArn"),
                            QStringLiteral("arn:aws:lambda:%1:%2:function:call-console-relay").arg(sma.region, m_config.awsAccountId)}}}},
                       {QStringLiteral("CreatedTimestamp"), simulatedTimestamp},
                       {QStringLiteral("SipMediaApplicationArn"), arn}};
}

void SimulatorServer::json(QHttpServerResponder &responder, int status, const QJsonObject &body)
{
    http::respond(responder, status,
                  {{"Content-Type", "application/json"}, {"x-amzn-RequestId", requestId().toLatin1()}},
                  QJsonDocument(body).toJson(QJsonDocument::Compact));
}

void SimulatorServer::error(QHttpServerResponder &responder, int status, const QString &type, const QString &message)
{
    http::respond(responder, status,
                  {{"Content-Type", "application/json"}, {"x-amzn-RequestId", requestId().toLatin1()},
                   {"x-amzn-ErrorType", type.toLatin1()}},
                  QJsonDocument(QJsonObject{{QStringLiteral("Code"), errorCode(type)}, {QStringLiteral("Message"), message}})
                      .toJson(QJsonDocument::Compact));
}

} // namespace callconsole

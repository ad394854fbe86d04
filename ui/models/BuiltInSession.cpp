#include "BuiltInSession.h"

#include "AwsBackendSetup.h"
#include "ConsoleSettings.h"
#include "EndpointServer.h"
#include "SimulatorServer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace callconsole {

namespace {

const QString createCall = QStringLiteral("CreateSipMediaApplicationCall");
const QString updateCall = QStringLiteral("UpdateSipMediaApplicationCall");

QStringList valuesOf(const QJsonObject &body, const QString &list, const QString &member)
{
    QStringList values;
    for (const QJsonValue &item : body.value(list).toArray()) {
        const QString value = item.toObject().value(member).toString();
        if (!value.isEmpty())
            values << value;
    }
    return values;
}

} // namespace

BuiltInSession::BuiltInSession(QObject *parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
{
}

BuiltInSession::~BuiltInSession()
{
    if (m_endpoint)
        m_endpoint->stop();
}

bool BuiltInSession::start(QString *error, double speed, const ReplyRules &rules)
{
    EndpointConfig config;
    config.rules = rules;
    SimulatorConfig simulated = SimulatorConfig::defaults();
    simulated.speed = speed;
    return start(config, simulated, error);
}

bool BuiltInSession::start(const EndpointConfig &endpoint, const SimulatorConfig &simulator, QString *error)
{
    m_endpointRequest = endpoint;
    m_endpoint = std::make_unique<EndpointServer>(endpoint);
    connect(m_endpoint.get(), &EndpointServer::deliveriesReady, this, &BuiltInSession::deliveriesReady);
    if (!m_endpoint->start(error))
        return false;
    return startSimulator(simulator, error);
}

bool BuiltInSession::startSimulator(SimulatorConfig config, QString *error)
{
    auto simulator = std::make_unique<SimulatorServer>(std::move(config));
    simulator->setDefaultEndpoint(m_endpoint->url());
    if (!simulator->listen(error))
        return false;
    m_simulator = std::move(simulator);
    return true;
}

bool BuiltInSession::isRunning() const
{
    return m_endpoint && m_endpoint->isRunning() && m_simulator;
}

bool BuiltInSession::restartEndpoint(const EndpointConfig &config, QString *error, const std::function<void()> &whileStopped)
{
    if (!m_endpoint) {
        if (error)
            *error = QStringLiteral("the endpoint is not running");
        return false;
    }
    const EndpointConfig previous = m_endpointRequest;
    // "Any free port" keeps the port it got: URLs the user copied (a tunnel, a relay) stay valid.
    const quint16 bound = quint16(m_endpoint->url().port());
    const auto startOn = [this, bound](EndpointConfig wanted, QString *why) {
        const bool keepPort = wanted.port == 0 && bound > 0;
        if (keepPort)
            wanted.port = bound;
        m_endpoint->reconfigure(wanted);
        if (m_endpoint->start(why))
            return true;
        if (!keepPort)
            return false;
        wanted.port = 0;
        m_endpoint->reconfigure(wanted);
        return m_endpoint->start(why);
    };
    m_endpoint->stop();
    if (whileStopped)
        whileStopped();
    QString startError;
    const bool started = startOn(config, &startError);
    if (started) {
        m_endpointRequest = config;
    } else {
        // The console keeps an endpoint: the one that ran before, on its own settings.
        QString ignored;
        startOn(previous, &ignored);
        if (error)
            *error = startError;
    }
    if (m_simulator)
        m_simulator->setDefaultEndpoint(m_endpoint->url());
    emit endpointRestarted(m_endpoint->url());
    return started;
}

bool BuiltInSession::restartSimulator(const SimulatorConfig &config, QString *error)
{
    if (!m_endpoint)
        return false;
    auto previous = std::move(m_simulator);
    const quint16 port = previous ? quint16(previous->url().port()) : 0;
    // The same port when it is free again, so URLs the user copied keep working.
    previous.reset();
    auto simulator = std::make_unique<SimulatorServer>(config);
    simulator->setDefaultEndpoint(m_endpoint->url());
    QString listenError;
    if (!simulator->listen(&listenError, port) && !simulator->listen(&listenError, 0)) {
        if (error)
            *error = listenError;
        return false;
    }
    m_simulator = std::move(simulator);
    emit simulatorRestarted(m_simulator->url());
    if (m_backend == Backend::Simulator) {
        emit backendChanged(backendName());
        refreshInventory();
    }
    return true;
}

EndpointConfig BuiltInSession::endpointConfig() const { return m_endpointRequest; }
QString BuiltInSession::sessionPath() const { return m_endpoint ? m_endpoint->config().sessionPath : QString(); }
QUrl BuiltInSession::endpointUrl() const { return m_endpoint ? m_endpoint->url() : QUrl(); }
QUrl BuiltInSession::simulatorUrl() const { return m_simulator ? m_simulator->url() : QUrl(); }

QStringList BuiltInSession::sipMediaApplicationIds() const
{
    QStringList ids;
    if (m_simulator) {
        for (const SimulatedSma &sma : m_simulator->config().applications)
            ids << sma.id;
    }
    return ids;
}

QStringList BuiltInSession::phoneNumbers() const
{
    return m_simulator ? m_simulator->config().e164Numbers() : QStringList();
}

void BuiltInSession::setBackend(Backend backend)
{
    if (backend == m_backend)
        return;
    m_backend = backend;
    emit backendChanged(backendName());
    refreshInventory();
}

void BuiltInSession::setAwsBackend(std::unique_ptr<aws::CallBackend> backend, const QString &unavailableReason)
{
    m_aws = std::move(backend);
    m_awsUnavailable = unavailableReason;
    m_awsPending = false;
    if (m_backend == Backend::Aws) {
        emit backendChanged(backendName());
        refreshInventory();
    }
}

void BuiltInSession::setAwsBackendPending(const QString &why)
{
    m_aws.reset();
    m_awsUnavailable = why;
    m_awsPending = true;
    if (m_backend == Backend::Aws)
        emit backendChanged(backendName());
}

QString BuiltInSession::backendName() const
{
    if (m_backend == Backend::Simulator)
        return QStringLiteral("Simulator (%1)").arg(simulatorUrl().toString());
    if (m_aws)
        return m_aws->displayName();
    return m_awsPending ? QStringLiteral("AWS (waiting for credentials…)") : QStringLiteral("AWS (not configured)");
}

bool BuiltInSession::awsUnavailable()
{
    if (m_aws)
        return false;
    const QString why = m_awsUnavailable.isEmpty() ? QStringLiteral("the AWS backend is not configured: set a profile "
                                                                     "and region in Preferences (Ctrl+,)")
                                                   : m_awsUnavailable;
    emit placeFailed(ValidationIssue::error(callrules::sipMediaApplicationId(), {}, why, QStringLiteral("AwsNotConfigured")));
    return true;
}

void BuiltInSession::awsFinished(const aws::ApiResult &result, const QString &operation, const std::function<void()> &accepted)
{
    if (result.ok)
        accepted();
    else
        emit placeFailed(issueFromAwsError(result.error, operation));
}

void BuiltInSession::refreshInventory()
{
    if (m_backend == Backend::Simulator) {
        emit inventoryChanged(sipMediaApplicationIds(), phoneNumbers());
        return;
    }
    if (m_awsPending)
        return; // asked for once the credentials are there
    if (awsUnavailable())
        return;
    // Both lists arrive before the form changes, so it never shows one account's numbers
    // beside another's applications. Each list call reads every page.
    struct Lists
    {
        QStringList applications;
        QStringList numbers;
        int remaining = 2;
        bool failed = false;
    };
    auto lists = std::make_shared<Lists>();
    const auto finished = [this, lists] {
        if (--lists->remaining == 0 && !lists->failed)
            emit inventoryChanged(lists->applications, lists->numbers);
    };
    // One refusal is enough for the form: both lists usually fail for the same reason.
    const auto failed = [this, lists](const aws::ApiResult &result, const QString &operation) {
        if (result.ok)
            return false;
        if (!lists->failed)
            emit placeFailed(issueFromAwsError(result.error, operation));
        lists->failed = true;
        return true;
    };
    m_aws->listSipMediaApplications([lists, finished, failed](const aws::ApiResult &result) {
        if (!failed(result, QStringLiteral("ListSipMediaApplications")))
            lists->applications = valuesOf(result.body, QStringLiteral("SipMediaApplications"), QStringLiteral("SipMediaApplicationId"));
        finished();
    });
    m_aws->listPhoneNumbers([lists, finished, failed](const aws::ApiResult &result) {
        if (!failed(result, QStringLiteral("ListPhoneNumbers")))
            lists->numbers = valuesOf(result.body, QStringLiteral("PhoneNumbers"), QStringLiteral("E164PhoneNumber"));
        finished();
    });
}

ValidationIssue BuiltInSession::issueFromError(int status, const QByteArray &body)
{
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    QString message = object.value(QStringLiteral("Message")).toString();
    if (message.isEmpty())
        message = object.value(QStringLiteral("message")).toString();
    if (message.isEmpty())
        message = QStringLiteral("the service answered HTTP %1").arg(status);
    QString field = callrules::sipMediaApplicationId();
    for (const QString &candidate : {callrules::toPhoneNumber(), callrules::fromPhoneNumber(), callrules::sipHeaders(),
                                     callrules::argumentsMap(), callrules::sipMediaApplicationId()}) {
        if (message.contains(candidate)) {
            field = candidate;
            break;
        }
    }
    return ValidationIssue::error(field, {}, message, object.value(QStringLiteral("Code")).toString());
}

void BuiltInSession::post(const QString &path, const QJsonObject &body, std::function<void(const QByteArray &)> accepted)
{
    if (!m_simulator) {
        emit placeFailed(ValidationIssue::error(callrules::sipMediaApplicationId(), {}, QStringLiteral("the simulator is not running")));
        return;
    }
    QUrl url = m_simulator->url();
    url.setPath(path);
    QNetworkRequest http(url);
    http.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    QNetworkReply *reply = m_network->post(http, QJsonDocument(body).toJson(QJsonDocument::Compact));
    connect(reply, &QNetworkReply::finished, this, [this, reply, accepted] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray answer = reply->readAll();
        if (status / 100 == 2)
            accepted(answer);
        else if (status == 0)
            emit placeFailed(ValidationIssue::error(callrules::sipMediaApplicationId(), {}, reply->errorString()));
        else
            emit placeFailed(issueFromError(status, answer));
    });
}

void BuiltInSession::place(const CreateCallRequest &request)
{
    if (m_backend == Backend::Aws) {
        if (awsUnavailable())
            return;
        const QString sma = request.sipMediaApplicationId;
        m_aws->createCall(request, [this, sma](const aws::ApiResult &result) {
            awsFinished(result, createCall, [&] {
                const QString id = result.body.value(QStringLiteral("SipMediaApplicationCall")).toObject()
                                       .value(QStringLiteral("TransactionId")).toString();
                m_awsCalls.insert(id, sma);
                emit placed(id);
            });
        });
        return;
    }
    post(request.path(), request.toJson(), [this](const QByteArray &answer) {
        const QJsonObject call = QJsonDocument::fromJson(answer).object().value(QStringLiteral("SipMediaApplicationCall")).toObject();
        emit placed(call.value(QStringLiteral("TransactionId")).toString());
    });
}

void BuiltInSession::dialIn(const QString &caller, const QString &dialledNumber)
{
    post(QStringLiteral("/_callconsole/inbound-calls"),
         {{QStringLiteral("FromPhoneNumber"), caller}, {QStringLiteral("ToPhoneNumber"), dialledNumber}},
         [this](const QByteArray &answer) { emit placed(QJsonDocument::fromJson(answer).object().value(QStringLiteral("TransactionId")).toString()); });
}

void BuiltInSession::update(const UpdateCallRequest &request)
{
    const QString transactionId = request.transactionId;
    if (m_backend == Backend::Aws) {
        if (awsUnavailable())
            return;
        m_aws->updateCall(request, [this, transactionId](const aws::ApiResult &result) {
            awsFinished(result, updateCall, [&] { emit updated(transactionId); });
        });
        return;
    }
    post(request.path(), request.toJson(), [this, transactionId](const QByteArray &) { emit updated(transactionId); });
}

bool BuiltInSession::hangUp(const QString &transactionId)
{
    if (m_backend == Backend::Simulator)
        return m_simulator && m_simulator->hangUp(transactionId);
    // AWS has no hang-up call: the console asks its own endpoint, through the service, to
    // answer the CALL_UPDATE_REQUESTED with a Hangup action (see ConsoleSettings::replyRules).
    const auto placedOn = m_awsCalls.constFind(transactionId);
    if (!m_aws || placedOn == m_awsCalls.cend())
        return false;
    UpdateCallRequest request;
    request.sipMediaApplicationId = *placedOn;
    request.transactionId = transactionId;
    request.arguments = {{hangUpArgumentName(), hangUpArgumentValue()}};
    update(request);
    return true;
}

} // namespace callconsole

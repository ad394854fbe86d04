#include "BuiltInSession.h"

#include "EndpointServer.h"
#include "SimulatorServer.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace callconsole {

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
    m_endpoint = std::make_unique<EndpointServer>(config);
    connect(m_endpoint.get(), &EndpointServer::deliveriesReady, this, &BuiltInSession::deliveriesReady);
    if (!m_endpoint->start(error))
        return false;
    SimulatorConfig simulated = SimulatorConfig::defaults();
    simulated.speed = speed;
    m_simulator = std::make_unique<SimulatorServer>(simulated);
    m_simulator->setDefaultEndpoint(m_endpoint->url());
    return m_simulator->listen(error);
}

bool BuiltInSession::isRunning() const
{
    return m_endpoint && m_endpoint->isRunning() && m_simulator;
}

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
    return m_simulator ? m_simulator->config().phoneNumbers : QStringList();
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
    post(request.path(), request.toJson(), [this](const QByteArray &answer) {
        const QJsonObject call = QJsonDocument::fromJson(answer).object().value(QStringLiteral("SipMediaApplicationCall")).toObject();
        emit placed(call.value(QStringLiteral("TransactionId")).toString());
    });
}

void BuiltInSession::update(const UpdateCallRequest &request)
{
    const QString transactionId = request.transactionId;
    post(request.path(), request.toJson(), [this, transactionId](const QByteArray &) { emit updated(transactionId); });
}

bool BuiltInSession::hangUp(const QString &transactionId)
{
    return m_simulator && m_simulator->hangUp(transactionId);
}

} // namespace callconsole

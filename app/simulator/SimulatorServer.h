// The simulated chime-sdk-voice control plane on loopback: the REST shapes of the botocore
// model (CreateSipMediaApplicationCall 201, UpdateSipMediaApplicationCall 202, the pickers'
// lists paged by MaxResults and NextToken, ListPhoneNumbers filtered by its query members),
// errors exactly as AWS sends them (status, x-amzn-ErrorType, x-amzn-RequestId, a JSON body
// with Code and Message) so official SDKs and the AWS CLI map them unchanged.
#pragma once

#include "HttpServerCompat.h"
#include "SimulatorConfig.h"

#include <QHash>
#include <QHostAddress>
#include <QUrl>

#include <deque>

class QNetworkAccessManager;
class QTcpServer;
class QUrlQuery;

namespace callconsole {

class SimulatedCall;
struct CreateCallRequest;

class SimulatorServer : public QAbstractHttpServer
{
    Q_OBJECT

public:
    explicit SimulatorServer(SimulatorConfig config, QObject *parent = nullptr);
    ~SimulatorServer() override;

    bool listen(QString *error, quint16 port = 0, const QHostAddress &host = QHostAddress::LocalHost);
    QUrl url() const;
    const SimulatorConfig &config() const { return m_config; }
    // Where SMAs without their own endpoint URL send events (the console's endpoint).
    void setDefaultEndpoint(const QUrl &url) { m_defaultEndpoint = url; }

    int activeCalls() const;
    SimulatedCall *call(const QString &transactionId) const { return m_calls.value(transactionId); }
    // The console's direct hang-up; false when the transaction is unknown or over.
    bool hangUp(const QString &transactionId);

signals:
    void callStarted(const QString &transactionId, const QString &to);
    void callEnded(const QString &transactionId, int sipResponseCode);
    void invoked(const QString &transactionId, int sequence, const QString &type, int attempt, const QString &fault);

protected:
    CALLCONSOLE_HTTP_HANDLE_REQUEST;
    CALLCONSOLE_HTTP_MISSING_HANDLER;

private:
    void handle(const QHttpServerRequest &request, QHttpServerResponder &responder);
    void listPhoneNumbers(const QUrlQuery &query, QHttpServerResponder &responder);
    void createCall(const QString &smaId, const QByteArray &body, QHttpServerResponder &responder);
    void updateCall(const QString &smaId, const QString &transactionId, const QByteArray &body, QHttpServerResponder &responder);
    void error(QHttpServerResponder &responder, int status, const QString &type, const QString &message);
    void json(QHttpServerResponder &responder, int status, const QJsonObject &body);
    QJsonObject applicationJson(const SimulatedSma &sma) const;
    bool throttled();

    SimulatorConfig m_config;
    QTcpServer *m_tcp = nullptr;
    static constexpr int networkPoolSize = 32;
    QList<QNetworkAccessManager *> m_networks;
    int m_nextNetwork = 0;
    QHash<QString, SimulatedCall *> m_calls;
    QUrl m_defaultEndpoint;
    std::deque<qint64> m_recentCalls; // creation times, for the calls-per-second limit
};

} // namespace callconsole

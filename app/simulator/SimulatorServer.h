// The simulated chime-sdk-voice control plane on loopback: the REST shapes of the botocore
// model (CreateSipMediaApplicationCall 201, UpdateSipMediaApplicationCall 202, the SIP media
// application, SIP rule, phone number and Voice Connector operations of SimulatedAccount),
// errors exactly as AWS sends them (status, x-amzn-ErrorType, x-amzn-RequestId, a JSON body
// with Code and Message) so official SDKs and the AWS CLI map them unchanged. An operation of
// the model it does not simulate is refused as UnknownOperationException naming it.
//
// Its own routes live under /_callconsole/, a path no AWS operation can have:
//   POST /_callconsole/inbound-calls   a caller dials one of the account's numbers (201)
//   GET  /_callconsole/calls/{id}      a call's state and what became of each invocation
#pragma once

#include "ConnectionGuard.h"
#include "HttpServerCompat.h"
#include "SimulatedAccount.h"
#include "SimulatorConfig.h"

#include <QHash>
#include <QHostAddress>
#include <QUrl>

#include <deque>

class QNetworkAccessManager;
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
    // The account as the API has changed it (applications, SIP rules, numbers).
    const SimulatedAccount &account() const { return m_account; }
    // Where SMAs without their own endpoint URL send events (the console's endpoint).
    void setDefaultEndpoint(const QUrl &url) { m_defaultEndpoint = url; }

    int activeCalls() const;
    SimulatedCall *call(const QString &transactionId) const { return m_calls.value(transactionId); }
    // The console's direct hang-up; false when the transaction is unknown or over.
    bool hangUp(const QString &transactionId);
    // A caller dials one of the account's numbers: the body of POST /_callconsole/inbound-calls
    // ({"FromPhoneNumber", "ToPhoneNumber", "Caller": {"HangupAfterMs", "Digits": [{"AtMs",
    // "Digits"}]}}). 201 with the call's status (TransactionId, SipRuleId, …), or why not.
    ApiAnswer dialIn(const QJsonObject &body);

signals:
    void callStarted(const QString &transactionId, const QString &to);
    void callEnded(const QString &transactionId, int sipResponseCode);
    void invoked(const QString &transactionId, int sequence, const QString &type, int attempt, const QString &fault);
    void replyNotUsed(const QString &transactionId, int sequence, const QString &type, const QString &note);
    void replyIssue(const QString &transactionId, int sequence, const QString &message);

protected:
    CALLCONSOLE_HTTP_HANDLE_REQUEST;
    CALLCONSOLE_HTTP_MISSING_HANDLER;

private:
    void handle(const QHttpServerRequest &request, QHttpServerResponder &responder);
    ApiAnswer operation(const QString &name, const QHash<QString, QString> &path, const QUrlQuery &query, const QJsonObject &body);
    ApiAnswer ownRoute(const QString &method, const QString &path, const QJsonObject &body);
    ApiAnswer createCall(const QString &smaId, const QJsonObject &body);
    ApiAnswer updateCall(const QString &smaId, const QString &transactionId, const QJsonObject &body);
    void answer(QHttpServerResponder &responder, const ApiAnswer &answer);
    void answered(QTcpSocket *socket);
    void adopt(SimulatedCall *call, const QString &to);
    bool throttled();

    SimulatorConfig m_config;
    SimulatedAccount m_account;
    ConnectionTally m_connections;
    ConnectionGuard *m_tcp = nullptr;
    static constexpr int networkPoolSize = 32;
    QList<QNetworkAccessManager *> m_networks;
    int m_nextNetwork = 0;
    QHash<QString, SimulatedCall *> m_calls;
    QUrl m_defaultEndpoint;
    std::deque<qint64> m_recentCalls; // creation times, for the calls-per-second limit
};

} // namespace callconsole

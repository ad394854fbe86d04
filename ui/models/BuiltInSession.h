// The console's running parts: the embedded endpoint (recording every delivery to the session
// file) and the SMA simulator on loopback, the simulator invoking the endpoint. Calls are placed
// through the simulator's real REST API (unsigned, the default) or through the AWS backend
// (ChimeVoiceClient, SigV4) when the user picks AWS.
#pragma once

#include "CallBackend.h"
#include "CallRequest.h"
#include "DeliveryRecord.h"
#include "EndpointConfig.h"
#include "ReplyRules.h"
#include "SimulatorConfig.h"

#include <QHash>
#include <QObject>
#include <QUrl>

#include <functional>
#include <memory>

class QNetworkAccessManager;

namespace callconsole {

class EndpointServer;
class SimulatorServer;

class BuiltInSession : public QObject
{
    Q_OBJECT

public:
    enum class Backend { Simulator, Aws };

    explicit BuiltInSession(QObject *parent = nullptr);
    ~BuiltInSession() override;

    // speed > 1 runs the simulated calls faster (demos, tests); rules decide the replies
    // (and which events are held at a breakpoint). Nothing is recorded.
    bool start(QString *error, double speed = 1.0, const ReplyRules &rules = {});
    // The endpoint as configured (its sessionPath: where every delivery is recorded) and the
    // simulator as configured.
    bool start(const EndpointConfig &endpoint, const SimulatorConfig &simulator, QString *error);
    bool isRunning() const;

    // Restarts the endpoint with config; the EndpointServer object stays the same, and so does
    // the port when config asks for any free one. whileStopped runs between stop and start
    // (nothing is delivered then). If config does not start, the previous configuration is
    // started again and error says why.
    bool restartEndpoint(const EndpointConfig &config, QString *error, const std::function<void()> &whileStopped = {});
    // Replaces the simulator (its calls in progress end with it).
    bool restartSimulator(const SimulatorConfig &config, QString *error);

    // The endpoint's configuration as asked for (port 0: any free port).
    EndpointConfig endpointConfig() const;
    QString sessionPath() const;
    QUrl endpointUrl() const;
    QUrl simulatorUrl() const;
    QStringList sipMediaApplicationIds() const;
    QStringList phoneNumbers() const;
    EndpointServer *endpoint() const { return m_endpoint.get(); }
    SimulatorServer *simulator() const { return m_simulator.get(); }

    // Which backend place/update/hang-up go through. For AWS, setAwsBackend() provides it
    // (or why there is none, shown on the form when the user tries to place).
    void setBackend(Backend backend);
    Backend backend() const { return m_backend; }
    void setAwsBackend(std::unique_ptr<aws::CallBackend> backend, const QString &unavailableReason = {});
    // No AWS backend until its credentials arrive (setAwsBackend then): placing is refused with
    // why, and the inventory is not asked for.
    void setAwsBackendPending(const QString &why);
    bool isAwsBackendPending() const { return m_awsPending; }
    aws::CallBackend *awsBackend() const { return m_aws.get(); }
    // "Simulator (http://127.0.0.1:PORT)", "AWS default@us-east-1"
    QString backendName() const;
    // Reads the backend's SIP media applications and phone numbers: inventoryChanged(), or
    // placeFailed() with the service's refusal.
    void refreshInventory();

    // Asynchronous: placed() with the TransactionId, or placeFailed() with the issue the
    // service reported (its path names the field when the message does).
    void place(const CreateCallRequest &request);
    // A caller dials one of the simulator's numbers (its POST /_callconsole/inbound-calls):
    // placed() with the TransactionId, or placeFailed() with the simulator's refusal.
    void dialIn(const QString &caller, const QString &dialledNumber);
    // Simulator: ends the call at once. AWS: UpdateSipMediaApplicationCall asking the console's
    // endpoint to answer with Hangup (calls placed from this window). False when not possible.
    bool hangUp(const QString &transactionId);
    // UpdateSipMediaApplicationCall: updated() or placeFailed() with the service's refusal.
    void update(const UpdateCallRequest &request);

    // Reads an AWS error body ({"Message": …}) into an issue on the field it names.
    static ValidationIssue issueFromError(int status, const QByteArray &body);

signals:
    void placed(const QString &transactionId);
    void placeFailed(const callconsole::ValidationIssue &issue);
    void updated(const QString &transactionId);
    void deliveriesReady(const QList<callconsole::DeliveryRecord> &batch);
    void endpointRestarted(const QUrl &url);
    void simulatorRestarted(const QUrl &url);
    void backendChanged(const QString &name);
    void inventoryChanged(const QStringList &sipMediaApplicationIds, const QStringList &phoneNumbers);

private:
    void post(const QString &path, const QJsonObject &body, std::function<void(const QByteArray &)> accepted);
    bool startSimulator(SimulatorConfig config, QString *error);
    bool awsUnavailable();
    void awsFinished(const aws::ApiResult &result, const QString &operation, const std::function<void()> &accepted);

    std::unique_ptr<EndpointServer> m_endpoint;
    EndpointConfig m_endpointRequest;
    std::unique_ptr<SimulatorServer> m_simulator;
    QNetworkAccessManager *m_network = nullptr;
    Backend m_backend = Backend::Simulator;
    std::unique_ptr<aws::CallBackend> m_aws;
    QString m_awsUnavailable;
    bool m_awsPending = false;
    QHash<QString, QString> m_awsCalls; // TransactionId → SipMediaApplicationId, for hang-up
};

} // namespace callconsole

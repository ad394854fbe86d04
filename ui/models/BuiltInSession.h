// The console's default set-up, no AWS account needed: the embedded endpoint and the SMA
// simulator on loopback, the simulator invoking the endpoint, calls placed through the
// simulator's real REST API (the same request the AWS backend sends, unsigned).
#pragma once

#include "CallRequest.h"
#include "DeliveryRecord.h"
#include "ReplyRules.h"

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
    explicit BuiltInSession(QObject *parent = nullptr);
    ~BuiltInSession() override;

    // speed > 1 runs the simulated calls faster (demos, tests); rules decide the replies
    // (and which events are held at a breakpoint).
    bool start(QString *error, double speed = 1.0, const ReplyRules &rules = {});
    bool isRunning() const;

    QUrl endpointUrl() const;
    QUrl simulatorUrl() const;
    QStringList sipMediaApplicationIds() const;
    QStringList phoneNumbers() const;
    EndpointServer *endpoint() const { return m_endpoint.get(); }
    SimulatorServer *simulator() const { return m_simulator.get(); }

    // Asynchronous: placed() with the TransactionId, or placeFailed() with the issue the
    // service reported (its path names the field when the message does).
    void place(const CreateCallRequest &request);
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

private:
    void post(const QString &path, const QJsonObject &body, std::function<void(const QByteArray &)> accepted);

    std::unique_ptr<EndpointServer> m_endpoint;
    std::unique_ptr<SimulatorServer> m_simulator;
    QNetworkAccessManager *m_network = nullptr;
};

} // namespace callconsole

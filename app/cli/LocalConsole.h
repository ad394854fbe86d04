// The console without a window: the endpoint and the SMA simulator started in-process and wired
// together, with every delivered event fed to a CallStore and optionally printed as a text
// timeline. `place` (without --endpoint-url), `simulate` and `demo` run on it.
#pragma once

#include "CallStore.h"
#include "EndpointServer.h"
#include "SimulatorServer.h"

#include <QElapsedTimer>
#include <QObject>
#include <QSet>

#include <functional>
#include <memory>

namespace callconsole::cli {

class LocalConsole : public QObject
{
    Q_OBJECT

public:
    LocalConsole(SimulatorConfig simulator, EndpointConfig endpoint, QObject *parent = nullptr);
    ~LocalConsole() override;

    bool start(QString *error);
    EndpointServer &endpoint() { return *m_endpoint; }
    SimulatorServer &simulator() { return *m_simulator; }
    const CallStore &store() const { return m_store; }

    // Print one line per delivered event (only these transactions, when the set is not empty).
    void printTimeline(bool enabled) { m_print = enabled; }
    void follow(const QString &transactionId) { m_followed.insert(transactionId); }
    void setLabel(const QString &transactionId, const QString &label) { m_labels.insert(transactionId, label); }

    // POSTs a call to the simulator's control plane; returns the TransactionId or an error.
    QString placeCall(const QString &smaId, const QString &from, const QString &to, const StringMap &arguments,
                      QString *error);
    // Runs the event loop until every transaction in ids has ended (or timeoutMs passes).
    bool waitForEnd(const QSet<QString> &ids, int timeoutMs);

    static void printAnalysis(const CallStore &store);

private:
    void onBatch(const QList<DeliveryRecord> &batch);

    std::unique_ptr<EndpointServer> m_endpoint;
    std::unique_ptr<SimulatorServer> m_simulator;
    CallStore m_store;
    QElapsedTimer m_clock;
    bool m_print = false;
    QSet<QString> m_followed;
    QSet<QString> m_ended;
    QHash<QString, QString> m_labels;
};

} // namespace callconsole::cli

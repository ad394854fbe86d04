// Every transaction seen in a session, each with its analysis. The desktop's models and the
// `analyze` / `export` commands read it; the endpoint's batches feed it.
#pragma once

#include "TransactionAnalysis.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <deque>

namespace callconsole {

struct StoredAnomaly
{
    int transactionIndex = -1;
    Anomaly anomaly;
};

class CallStore
{
public:
    struct AppendResult
    {
        int transactionIndex = -1;
        int arrivalIndex = -1;
        bool newTransaction = false;
    };

    AppendResult append(const InvocationEvent &event, qint64 receivedAtMs,
                        std::optional<int> replyLatencyMs = {}, qint64 eventId = -1);
    void setReplyLatency(int transactionIndex, int arrivalIndex, int latencyMs);
    // A transaction with no event yet (its first one is held at a breakpoint, so a view can
    // give it a place already); the existing one if the id is known. Returns its index.
    int openTransaction(const QString &transactionId, qint64 openedAtMs);

    int transactionCount() const { return int(m_transactions.size()); }
    const TransactionAnalysis &transaction(int index) const { return m_transactions.at(size_t(index)); }
    int indexOf(const QString &transactionId) const { return m_index.value(transactionId, -1); }

    qint64 eventCount() const { return m_eventCount; }
    int anomalyCount() const;
    // Every anomaly, ordered by transaction then Sequence: what next/previous anomaly walks.
    QList<StoredAnomaly> allAnomalies() const;

    // {"transactions":[…]} — the `analyze --json` document.
    QJsonObject toJson() const;

    void clear();

private:
    std::deque<TransactionAnalysis> m_transactions; // stable addresses while appending
    QHash<QString, int> m_index;
    qint64 m_eventCount = 0;
};

} // namespace callconsole

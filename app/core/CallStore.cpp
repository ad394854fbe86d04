#include "CallStore.h"

#include <QJsonArray>

namespace callconsole {

CallStore::AppendResult CallStore::append(const InvocationEvent &event, qint64 receivedAtMs,
                                          std::optional<int> replyLatencyMs, qint64 eventId)
{
    AppendResult result;
    const QString &id = event.callDetails.transactionId;
    auto it = m_index.constFind(id);
    if (it == m_index.constEnd()) {
        it = m_index.insert(id, int(m_transactions.size()));
        m_transactions.emplace_back(id);
        result.newTransaction = true;
    }
    result.transactionIndex = it.value();
    result.arrivalIndex = m_transactions[size_t(result.transactionIndex)].append(event, receivedAtMs, replyLatencyMs, eventId);
    ++m_eventCount;
    return result;
}

int CallStore::openTransaction(const QString &transactionId, qint64 openedAtMs)
{
    const auto it = m_index.constFind(transactionId);
    if (it != m_index.constEnd())
        return it.value();
    const int index = int(m_transactions.size());
    m_index.insert(transactionId, index);
    m_transactions.emplace_back(transactionId, openedAtMs);
    return index;
}

void CallStore::setReplyLatency(int transactionIndex, int arrivalIndex, int latencyMs)
{
    if (transactionIndex < 0 || transactionIndex >= transactionCount())
        return;
    m_transactions[size_t(transactionIndex)].setReplyLatency(arrivalIndex, latencyMs);
}

int CallStore::anomalyCount() const
{
    int count = 0;
    for (const auto &transaction : m_transactions)
        count += transaction.anomalyCount();
    return count;
}

QList<StoredAnomaly> CallStore::allAnomalies() const
{
    QList<StoredAnomaly> all;
    for (int i = 0; i < transactionCount(); ++i) {
        for (const Anomaly &anomaly : transaction(i).anomalies())
            all << StoredAnomaly{i, anomaly};
    }
    return all;
}

QJsonObject CallStore::toJson() const
{
    QJsonArray transactions;
    for (const auto &transaction : m_transactions)
        transactions << transaction.toJson();
    return QJsonObject{{QStringLiteral("transactions"), transactions}};
}

void CallStore::clear()
{
    m_transactions.clear();
    m_index.clear();
    m_eventCount = 0;
}

} // namespace callconsole

#include "TransactionTableModel.h"

#include "AnomalyKindMask.h"

#include <QDateTime>
#include <QSet>

#include <algorithm>

namespace callconsole {

TransactionTableModel::TransactionTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void TransactionTableModel::appendEvents(const QVector<TimedEvent> &events)
{
    if (events.isEmpty())
        return;
    const int oldCount = m_store.transactionCount();
    // The store is appended first and the rows announced after: begin/end must bracket the
    // change, so new transactions are counted on a scratch pass over their ids.
    QSet<QString> newIds;
    for (const TimedEvent &timed : events) {
        const QString id = timed.event.transactionId();
        if (m_store.indexOf(id) < 0)
            newIds.insert(id);
    }
    if (!newIds.isEmpty())
        beginInsertRows({}, oldCount, oldCount + int(newIds.size()) - 1);
    QSet<int> touched;
    for (const TimedEvent &timed : events) {
        const auto result = m_store.append(timed.event, timed.receivedAtMs,
                                           timed.replyLatencyMs >= 0 ? std::optional<int>(timed.replyLatencyMs) : std::nullopt,
                                           timed.deliveryId);
        touched.insert(result.transactionIndex);
    }
    if (!newIds.isEmpty())
        endInsertRows();

    QList<int> indexes(touched.cbegin(), touched.cend());
    std::sort(indexes.begin(), indexes.end());
    if (!indexes.isEmpty() && indexes.first() < oldCount) {
        const int last = std::min(indexes.last(), oldCount - 1);
        emit dataChanged(index(indexes.first(), 0), index(last, ColumnCount - 1));
    }
    emit eventsAppended(indexes);
}

void TransactionTableModel::appendDeliveries(const QList<DeliveryRecord> &batch)
{
    appendEvents(timedEventsFrom(batch));
}

int TransactionTableModel::openTransaction(const QString &transactionId, qint64 openedAtMs)
{
    const int known = m_store.indexOf(transactionId);
    if (known >= 0)
        return known;
    const int row = m_store.transactionCount();
    beginInsertRows({}, row, row);
    m_store.openTransaction(transactionId, openedAtMs);
    endInsertRows();
    return row;
}

void TransactionTableModel::setReplyLatency(int transactionIndex, int arrivalIndex, int latencyMs)
{
    if (transactionIndex < 0 || transactionIndex >= m_store.transactionCount())
        return;
    m_store.setReplyLatency(transactionIndex, arrivalIndex, latencyMs);
    emit dataChanged(index(transactionIndex, Anomalies), index(transactionIndex, Anomalies));
    emit eventsAppended({transactionIndex});
}

void TransactionTableModel::clear()
{
    beginResetModel();
    m_store.clear();
    endResetModel();
}

int TransactionTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_store.transactionCount();
}

int TransactionTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TransactionTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const TransactionAnalysis &transaction = m_store.transaction(index.row());
    switch (role) {
    case TransactionIdRole:
        return transaction.transactionId();
    case TransactionIndexRole:
        return index.row();
    case FirstMsRole:
        return transaction.firstMs();
    case LastMsRole:
        return transaction.lastMs();
    case AnomalyCountRole:
        return transaction.anomalyCount();
    case PhaseRole:
        return int(transaction.phase());
    case ShownAnomalyKindsRole:
        return allAnomalyKindsMask();
    case Qt::ToolTipRole:
        if (index.column() == Anomalies && transaction.anomalyCount() > 0) {
            QStringList lines;
            for (const Anomaly &anomaly : transaction.anomalies())
                lines << anomaly.message;
            return lines.join(QLatin1Char('\n'));
        }
        return {};
    case Qt::TextAlignmentRole:
        return index.column() >= Events ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case SortRole:
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    const bool sorting = role == SortRole;
    switch (Column(index.column())) {
    case TransactionId:
        return transaction.transactionId();
    case From:
        return transaction.from();
    case To:
        return transaction.to();
    case State:
        return transaction.stateText();
    case Events:
        return transaction.eventCount();
    case Anomalies:
        return transaction.anomalyCount();
    case Started:
        if (sorting)
            return transaction.firstMs();
        return QDateTime::fromMSecsSinceEpoch(transaction.firstMs()).toString(QStringLiteral("HH:mm:ss.zzz"));
    case Duration: {
        const qint64 ms = transaction.lastMs() - transaction.firstMs();
        if (sorting)
            return ms;
        return QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1);
    }
    case ColumnCount:
        break;
    }
    return {};
}

QVariant TransactionTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case TransactionId: return tr("Transaction");
    case From: return tr("From");
    case To: return tr("To");
    case State: return tr("State");
    case Events: return tr("Events");
    case Anomalies: return tr("Anomalies");
    case Started: return tr("Started");
    case Duration: return tr("Duration");
    case ColumnCount: break;
    }
    return {};
}

} // namespace callconsole

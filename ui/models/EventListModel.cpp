#include "EventListModel.h"

#include "TransactionTableModel.h"

namespace callconsole {

EventListModel::EventListModel(TransactionTableModel *transactions, QObject *parent)
    : QAbstractTableModel(parent)
    , m_transactions(transactions)
{
    connect(transactions, &TransactionTableModel::eventsAppended, this, &EventListModel::onEventsAppended);
    connect(transactions, &QAbstractItemModel::modelReset, this, [this] {
        beginResetModel();
        m_transaction = -1;
        m_rows = 0;
        endResetModel();
    });
}

const TransactionAnalysis *EventListModel::analysis() const
{
    if (!m_transactions || m_transaction < 0 || m_transaction >= m_transactions->store().transactionCount())
        return nullptr;
    return &m_transactions->store().transaction(m_transaction);
}

void EventListModel::setTransaction(int transactionIndex)
{
    beginResetModel();
    m_transaction = transactionIndex;
    const auto *shown = analysis();
    m_rows = shown ? shown->eventCount() : 0;
    endResetModel();
}

void EventListModel::setOrder(EventOrder order)
{
    if (order == m_order)
        return;
    beginResetModel();
    m_order = order;
    endResetModel();
}

void EventListModel::onEventsAppended(const QList<int> &transactionIndexes)
{
    const auto *shown = analysis();
    if (!shown || !transactionIndexes.contains(m_transaction))
        return;
    const int count = shown->eventCount();
    if (count == m_rows) {
        // Same events, new facts (a reply latency, an anomaly found later).
        if (m_rows > 0)
            emit dataChanged(index(0, 0), index(m_rows - 1, ColumnCount - 1));
        return;
    }
    if (m_order == EventOrder::Arrival) {
        beginInsertRows({}, m_rows, count - 1);
        m_rows = count;
        endInsertRows();
        return;
    }
    // In Sequence order late events land between earlier rows: a reset is both honest and cheap
    // for the few hundred events of one call.
    beginResetModel();
    m_rows = count;
    endResetModel();
}

int EventListModel::arrivalIndex(int row) const
{
    const auto *shown = analysis();
    if (!shown || row < 0 || row >= m_rows)
        return -1;
    return m_order == EventOrder::Arrival ? row : shown->sequenceOrder().at(row);
}

int EventListModel::rowOfArrival(int arrival) const
{
    const auto *shown = analysis();
    if (!shown || arrival < 0 || arrival >= m_rows)
        return -1;
    if (m_order == EventOrder::Arrival)
        return arrival;
    const int row = int(shown->sequenceOrder().indexOf(arrival));
    return row < m_rows ? row : -1;
}

int EventListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int EventListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString EventListModel::anomalyText(int arrival) const
{
    QStringList lines;
    for (const Anomaly &anomaly : analysis()->anomalies()) {
        if (anomaly.arrivalIndexes.contains(arrival))
            lines << anomaly.message;
    }
    return lines.join(QLatin1Char('\n'));
}

QVariant EventListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto *shown = analysis();
    const int arrival = arrivalIndex(index.row());
    if (!shown || arrival < 0)
        return {};
    const EventRecord &record = shown->eventsByArrival().at(arrival);
    switch (role) {
    case ArrivalIndexRole: return arrival;
    case EventIdRole: return record.eventId;
    case EventTypeRole: return int(record.type);
    case ReceivedMsRole: return record.receivedAtMs;
    case LatencyMsRole: return record.replyLatencyMs;
    case Qt::ToolTipRole: return index.column() == Anomalies ? QVariant(anomalyText(arrival)) : QVariant();
    case SortRole:
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    const bool sorting = role == SortRole;
    switch (Column(index.column())) {
    case Sequence:
        return record.sequence;
    case Type:
        return record.isDuplicate ? toString(record.type) + tr(" (duplicate)") : toString(record.type);
    case Received: {
        const qint64 offset = record.receivedAtMs - shown->firstMs();
        return sorting ? QVariant(offset) : QVariant(QStringLiteral("+%1 s").arg(double(offset) / 1000.0, 0, 'f', 3));
    }
    case Latency:
        if (sorting)
            return record.replyLatencyMs;
        return record.replyLatencyMs < 0 ? QString() : QStringLiteral("%1 ms").arg(record.replyLatencyMs);
    case Anomalies:
        return anomalyText(arrival).section(QLatin1Char('\n'), 0, 0);
    case ColumnCount:
        break;
    }
    return {};
}

QVariant EventListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case Sequence: return tr("Seq");
    case Type: return tr("Event");
    case Received: return tr("Received");
    case Latency: return tr("Reply");
    case Anomalies: return tr("Anomaly");
    case ColumnCount: break;
    }
    return {};
}

} // namespace callconsole

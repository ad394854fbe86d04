#include "TransactionFilterProxy.h"

#include "TransactionTableModel.h"

namespace callconsole {

TransactionFilterProxy::TransactionFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(TransactionTableModel::SortRole);
    setFilterKeyColumn(-1);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
}

void TransactionFilterProxy::setSourceModel(QAbstractItemModel *source)
{
    m_transactions = qobject_cast<TransactionTableModel *>(source);
    QSortFilterProxyModel::setSourceModel(source);
}

void TransactionFilterProxy::setShownAnomalyKinds(AnomalyKindMask shown)
{
    shown &= allAnomalyKindsMask();
    if (shown == m_shown)
        return;
    m_shown = shown;
    anomalyFilterEdited();
}

void TransactionFilterProxy::setAnomalyKindShown(AnomalyKind kind, bool shown)
{
    setShownAnomalyKinds(shown ? m_shown | anomalyKindBit(kind) : m_shown & ~anomalyKindBit(kind));
}

void TransactionFilterProxy::setOnlyWithAnomalies(bool only)
{
    if (only == m_onlyWithAnomalies)
        return;
    m_onlyWithAnomalies = only;
    anomalyFilterEdited();
}

void TransactionFilterProxy::anomalyFilterEdited()
{
    // Rows may come and go, the Anomalies column may re-sort, and every row's decoration changes.
    invalidate();
    if (rowCount() > 0)
        emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
    emit anomalyFilterChanged();
}

int TransactionFilterProxy::shownCount(int sourceRow) const
{
    if (!m_transactions || sourceRow < 0 || sourceRow >= m_transactions->store().transactionCount())
        return 0;
    return shownAnomalyCount(m_transactions->store().transaction(sourceRow), m_shown);
}

bool TransactionFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!QSortFilterProxyModel::filterAcceptsRow(sourceRow, sourceParent))
        return false;
    return !m_onlyWithAnomalies || shownCount(sourceRow) > 0;
}

bool TransactionFilterProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (left.column() == TransactionTableModel::Anomalies && m_shown != allAnomalyKindsMask())
        return shownCount(left.row()) < shownCount(right.row());
    return QSortFilterProxyModel::lessThan(left, right);
}

QVariant TransactionFilterProxy::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !m_transactions || m_shown == allAnomalyKindsMask())
        return QSortFilterProxyModel::data(index, role);
    const bool anomaliesColumn = index.column() == TransactionTableModel::Anomalies;
    switch (role) {
    case TransactionTableModel::ShownAnomalyKindsRole:
        return m_shown;
    case TransactionTableModel::AnomalyCountRole:
        return shownCount(mapToSource(index).row());
    case Qt::DisplayRole:
    case TransactionTableModel::SortRole:
        if (anomaliesColumn)
            return shownCount(mapToSource(index).row());
        break;
    case Qt::ToolTipRole:
        if (anomaliesColumn) {
            QStringList lines;
            for (const Anomaly &anomaly : shownAnomalies(m_transactions->store().transaction(mapToSource(index).row()), m_shown))
                lines << anomaly.message;
            return lines.isEmpty() ? QVariant() : QVariant(lines.join(QLatin1Char('\n')));
        }
        break;
    default:
        break;
    }
    return QSortFilterProxyModel::data(index, role);
}

} // namespace callconsole

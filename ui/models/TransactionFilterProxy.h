// The transactions as the table and the timeline show them: filtered by text (any column) and by
// anomaly — which kinds count, and optionally only transactions that have one of those. Both views
// read this one proxy, so a lane is on the timeline exactly when its row is in the table, and the
// Anomalies column counts what the timeline decorates (ShownAnomalyKindsRole tells which kinds).
#pragma once

#include "AnomalyKindMask.h"

#include <QPointer>
#include <QSortFilterProxyModel>

namespace callconsole {

class TransactionTableModel;

class TransactionFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit TransactionFilterProxy(QObject *parent = nullptr);

    void setSourceModel(QAbstractItemModel *source) override;

    AnomalyKindMask shownAnomalyKinds() const { return m_shown; }
    bool showsAnomalyKind(AnomalyKind kind) const { return callconsole::showsAnomalyKind(m_shown, kind); }
    bool onlyWithAnomalies() const { return m_onlyWithAnomalies; }

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

public slots:
    void setShownAnomalyKinds(callconsole::AnomalyKindMask shown);
    void setAnomalyKindShown(callconsole::AnomalyKind kind, bool shown);
    void setOnlyWithAnomalies(bool only);

signals:
    void anomalyFilterChanged();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    int shownCount(int sourceRow) const;
    void anomalyFilterEdited();

    QPointer<TransactionTableModel> m_transactions;
    AnomalyKindMask m_shown = allAnomalyKindsMask();
    bool m_onlyWithAnomalies = false;
};

} // namespace callconsole

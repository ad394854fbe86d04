// One row per transaction of the session, over core's CallStore. The table, the timeline and the
// inspector all read this model (through roles), so they share one selection and one store.
#pragma once

#include "CallStore.h"
#include "TimedEvent.h"

#include <QAbstractTableModel>

namespace callconsole {

class TransactionTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { TransactionId, From, To, State, Events, Anomalies, Started, Duration, ColumnCount };
    enum Role {
        TransactionIdRole = Qt::UserRole,
        TransactionIndexRole,   // int: index in the CallStore
        SortRole,               // numbers for numeric columns, text otherwise
        FirstMsRole,            // qint64 epoch ms
        LastMsRole,
        AnomalyCountRole,
        PhaseRole,              // int(CallPhase)
        ShownAnomalyKindsRole,  // AnomalyKindMask: the kinds views decorate (all, unless a proxy filters)
    };

    explicit TransactionTableModel(QObject *parent = nullptr);

    const CallStore &store() const { return m_store; }

    // One insert (new transactions) and one change (updated ones) per batch, whatever its size.
    void appendEvents(const QVector<TimedEvent> &events);
    void appendDeliveries(const QList<DeliveryRecord> &batch);
    void setReplyLatency(int transactionIndex, int arrivalIndex, int latencyMs);
    // A row for a call none of whose events is stored yet (its first one is held at a
    // breakpoint), so the views show it now; its events land in that row later. Returns the
    // transaction's index (the existing one when the id is known).
    int openTransaction(const QString &transactionId, qint64 openedAtMs);
    void clear();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

signals:
    // Emitted after the model signals, with the store's transactions touched by the batch.
    void eventsAppended(const QList<int> &transactionIndexes);

private:
    CallStore m_store;
};

} // namespace callconsole

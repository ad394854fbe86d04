// The events of the selected transaction, in arrival or in Sequence order. Follows the
// transaction model: a batch that adds events to the shown transaction inserts them at once.
#pragma once

#include "TransactionAnalysis.h"

#include <QAbstractTableModel>
#include <QPointer>

namespace callconsole {

class TransactionTableModel;

enum class EventOrder { Arrival, Sequence };

class EventListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Sequence, Type, Received, Latency, Anomalies, ColumnCount };
    enum Role {
        ArrivalIndexRole = Qt::UserRole,
        EventIdRole,            // qint64: the delivery's id in the session, -1 if none
        EventTypeRole,          // int(InvocationEventType)
        ReceivedMsRole,         // qint64 epoch ms
        LatencyMsRole,          // int, -1 unknown
        SortRole,
    };

    explicit EventListModel(TransactionTableModel *transactions, QObject *parent = nullptr);

    void setTransaction(int transactionIndex); // -1: none
    int transaction() const { return m_transaction; }
    void setOrder(EventOrder order);
    EventOrder order() const { return m_order; }

    // Arrival index of a row and the reverse; -1 when out of range / not shown.
    int arrivalIndex(int row) const;
    int rowOfArrival(int arrivalIndex) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void onEventsAppended(const QList<int> &transactionIndexes);
    const TransactionAnalysis *analysis() const;
    QString anomalyText(int arrivalIndex) const;

    QPointer<TransactionTableModel> m_transactions;
    int m_transaction = -1;
    int m_rows = 0;
    EventOrder m_order = EventOrder::Arrival;
};

} // namespace callconsole

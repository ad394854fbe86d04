// TransactionTableModel and EventListModel under QAbstractItemModelTester, fed in batches.
#include "EventListModel.h"
#include "TestEvents.h"
#include "TransactionTableModel.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

using namespace callconsole;
using namespace callconsole::testing;


class TestTransactionTableModel : public QObject
{
    Q_OBJECT

private slots:
    void oneInsertPerBatch();
    void existingRowsChangeOnLaterBatch();
    void openedRowTakesItsEventsLater();
    void rolesAndColumns();
    void sortsNumericallyThroughProxy();
    void filtersThroughProxy();
    void eventListFollowsBatches();
    void eventListSequenceOrder();
    void rejectedDeliveriesAreSkipped();
};

void TestTransactionTableModel::oneInsertPerBatch()
{
    TransactionTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy appended(&model, &TransactionTableModel::eventsAppended);

    QVector<TimedEvent> batch = outboundCall(QStringLiteral("t-1"), 1000);
    batch += outboundCall(QStringLiteral("t-2"), 2000);
    batch += outboundCall(QStringLiteral("t-3"), 3000);
    model.appendEvents(batch);

    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), 0);
    QCOMPARE(inserted.first().at(2).toInt(), 2);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(appended.size(), 1);
    QCOMPARE(appended.first().first().value<QList<int>>(), (QList<int>{0, 1, 2}));
    QCOMPARE(model.store().eventCount(), 12);

    model.appendEvents({});
    QCOMPARE(inserted.size(), 1);
}

void TestTransactionTableModel::existingRowsChangeOnLaterBatch()
{
    TransactionTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const auto call = outboundCall(QStringLiteral("t-1"), 1000);
    model.appendEvents({call.at(0)});
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.appendEvents({call.at(1), call.at(2), makeEvent(QStringLiteral("t-2"), 1, InvocationEventType::NewOutboundCall, 5000)});
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex().row(), 0);
    QCOMPARE(changed.first().at(1).toModelIndex().row(), 0);
    QCOMPARE(model.index(0, TransactionTableModel::Events).data().toInt(), 3);
    QCOMPARE(model.index(0, TransactionTableModel::State).data().toString(), QStringLiteral("connected"));
}

void TestTransactionTableModel::openedRowTakesItsEventsLater()
{
    TransactionTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QCOMPARE(model.openTransaction(QStringLiteral("held"), 4000), 0);
    QCOMPARE(model.openTransaction(QStringLiteral("held"), 4000), 0);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, 0).data(TransactionTableModel::TransactionIdRole).toString(), QStringLiteral("held"));
    QCOMPARE(model.index(0, 0).data(TransactionTableModel::FirstMsRole).toLongLong(), 4000);
    QCOMPARE(model.index(0, TransactionTableModel::Events).data().toInt(), 0);

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.appendEvents(outboundCall(QStringLiteral("held"), 4000));
    QCOMPARE(inserted.size(), 1); // the row was there already
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex().row(), 0);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, TransactionTableModel::Events).data().toInt(), 4);
}

void TestTransactionTableModel::rolesAndColumns()
{
    TransactionTableModel model;
    model.appendEvents(outboundCall(QStringLiteral("t-1"), 1000));
    // A gap: Sequence 5 never came, 6 did.
    model.appendEvents({makeEvent(QStringLiteral("t-1"), 6, InvocationEventType::ActionSuccessful, 11000)});
    QCOMPARE(model.columnCount(), int(TransactionTableModel::ColumnCount));
    const QModelIndex row = model.index(0, 0);
    QCOMPARE(row.data(TransactionTableModel::TransactionIdRole).toString(), QStringLiteral("t-1"));
    QCOMPARE(row.data(TransactionTableModel::TransactionIndexRole).toInt(), 0);
    QCOMPARE(row.data(TransactionTableModel::FirstMsRole).toLongLong(), 1000);
    QCOMPARE(row.data(TransactionTableModel::LastMsRole).toLongLong(), 11000);
    QCOMPARE(model.index(0, TransactionTableModel::From).data().toString(), QStringLiteral("+12065550100"));
    QCOMPARE(model.index(0, TransactionTableModel::To).data().toString(), QStringLiteral("+12065550199"));
    QCOMPARE(model.index(0, TransactionTableModel::Duration).data().toString(), QStringLiteral("10.0 s"));
    QCOMPARE(model.index(0, TransactionTableModel::Duration).data(TransactionTableModel::SortRole).toLongLong(), 10000);
    QVERIFY(row.data(TransactionTableModel::AnomalyCountRole).toInt() >= 1);
    QVERIFY(!model.index(0, TransactionTableModel::Anomalies).data(Qt::ToolTipRole).toString().isEmpty());
    QCOMPARE(model.headerData(TransactionTableModel::Events, Qt::Horizontal).toString(), QStringLiteral("Events"));
}

void TestTransactionTableModel::sortsNumericallyThroughProxy()
{
    TransactionTableModel model;
    // 9 events and 10 events: text order would put "10" first.
    QVector<TimedEvent> batch = outboundCall(QStringLiteral("short"), 1000);
    QVector<TimedEvent> longer = outboundCall(QStringLiteral("long"), 500);
    for (int sequence = 5; sequence <= 12; ++sequence)
        longer.append(makeEvent(QStringLiteral("long"), sequence, InvocationEventType::ActionSuccessful, 10000 + sequence));
    model.appendEvents(batch + longer);
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSortRole(TransactionTableModel::SortRole);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.sort(TransactionTableModel::Events, Qt::AscendingOrder);
    QCOMPARE(proxy.index(0, 0).data().toString(), QStringLiteral("short"));
    proxy.sort(TransactionTableModel::Started, Qt::AscendingOrder);
    QCOMPARE(proxy.index(0, 0).data().toString(), QStringLiteral("long"));
}

void TestTransactionTableModel::filtersThroughProxy()
{
    TransactionTableModel model;
    model.appendEvents(outboundCall(QStringLiteral("alpha"), 1000) + outboundCall(QStringLiteral("beta"), 2000));
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setFilterKeyColumn(TransactionTableModel::TransactionId);
    proxy.setFilterFixedString(QStringLiteral("bet"));
    QCOMPARE(proxy.rowCount(), 1);
    QCOMPARE(proxy.index(0, 0).data(TransactionTableModel::TransactionIndexRole).toInt(), 1);
}

void TestTransactionTableModel::eventListFollowsBatches()
{
    TransactionTableModel transactions;
    EventListModel events(&transactions);
    QAbstractItemModelTester tester(&events, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const auto call = outboundCall(QStringLiteral("t-1"), 1000);
    transactions.appendEvents({call.at(0)});
    QCOMPARE(events.rowCount(), 0);
    events.setTransaction(0);
    QCOMPARE(events.rowCount(), 1);

    QSignalSpy inserted(&events, &QAbstractItemModel::rowsInserted);
    transactions.appendEvents({call.at(1), call.at(2), call.at(3)});
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(events.rowCount(), 4);
    QCOMPARE(events.index(3, EventListModel::Type).data().toString(), QStringLiteral("HANGUP"));
    QCOMPARE(events.index(2, EventListModel::Received).data().toString(), QStringLiteral("+3.000 s"));
    QCOMPARE(events.index(2, 0).data(EventListModel::LatencyMsRole).toInt(), 12);

    // Another transaction's events leave this list alone.
    transactions.appendEvents(outboundCall(QStringLiteral("t-2"), 5000));
    QCOMPARE(inserted.size(), 1);
    transactions.clear();
    QCOMPARE(events.rowCount(), 0);
}

void TestTransactionTableModel::eventListSequenceOrder()
{
    TransactionTableModel transactions;
    EventListModel events(&transactions);
    QAbstractItemModelTester tester(&events, QAbstractItemModelTester::FailureReportingMode::QtTest);
    auto call = outboundCall(QStringLiteral("t-1"), 1000);
    std::swap(call[1], call[2]); // CALL_ANSWERED overtakes RINGING
    transactions.appendEvents(call);
    events.setTransaction(0);
    QCOMPARE(events.index(1, EventListModel::Sequence).data().toInt(), 3);
    events.setOrder(EventOrder::Sequence);
    QCOMPARE(events.index(1, EventListModel::Sequence).data().toInt(), 2);
    QCOMPARE(events.arrivalIndex(1), 2);
    QCOMPARE(events.rowOfArrival(2), 1);
    QVERIFY(!events.index(1, EventListModel::Anomalies).data(Qt::ToolTipRole).toString().isEmpty()
            || !events.index(2, EventListModel::Anomalies).data(Qt::ToolTipRole).toString().isEmpty());
}

void TestTransactionTableModel::rejectedDeliveriesAreSkipped()
{
    TransactionTableModel model;
    DeliveryRecord accepted;
    accepted.id = 7;
    accepted.receivedAtMs = 1000;
    QFile fixture(QStringLiteral(CALLCONSOLE_TEST_DATA "/events/call-answered.json"));
    QVERIFY(fixture.open(QIODevice::ReadOnly));
    accepted.requestBody = fixture.readAll();
    QVERIFY2(InvocationEvent::parse(accepted.requestBody).ok(), "fixture parses");
    DeliveryRecord rejected = accepted;
    rejected.rejected = true;
    DeliveryRecord garbage = accepted;
    garbage.requestBody = "{not json";
    model.appendDeliveries({accepted, rejected, garbage});
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.store().eventCount(), 1);
    QCOMPARE(model.store().transaction(0).eventsByArrival().first().eventId, 7);
}

QTEST_GUILESS_MAIN(TestTransactionTableModel)
#include "tst_transactiontablemodel.moc"

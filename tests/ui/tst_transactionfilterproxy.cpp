// TransactionFilterProxy without a GUI: the anomaly kinds shown, "only transactions with
// anomalies", the text filter on top, and a session that keeps growing underneath — checked by
// QAbstractItemModelTester throughout.
#include "TestEvents.h"
#include "TransactionFilterProxy.h"
#include "TransactionTableModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace callconsole;
using namespace callconsole::testing;

namespace {

// "clean": no anomaly; "inverted": CALL_ANSWERED overtakes RINGING; "retried": RINGING answered
// late and delivered twice.
QVector<TimedEvent> session()
{
    auto inverted = outboundCall(QStringLiteral("inverted"), 20000);
    std::swap(inverted[1], inverted[2]);
    auto retried = outboundCall(QStringLiteral("retried"), 40000);
    retried[1].replyLatencyMs = 6000;
    TimedEvent again = retried[1];
    again.receivedAtMs += 5000;
    again.replyLatencyMs = 15;
    retried.insert(2, again);
    return outboundCall(QStringLiteral("clean"), 1000) + inverted + retried;
}

QStringList shownIds(const QAbstractItemModel &model)
{
    QStringList ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids << model.index(row, 0).data(TransactionTableModel::TransactionIdRole).toString();
    return ids;
}

} // namespace

class TestTransactionFilterProxy : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void showsEverythingByDefault();
    void onlyWithAnomaliesOfShownKinds_data();
    void onlyWithAnomaliesOfShownKinds();
    void anomalyColumnCountsShownKinds();
    void sortsByShownAnomalies();
    void textFilterCombines();
    void liveEventsJoinTheFilter();

private:
    TransactionTableModel *m_source = nullptr;
    TransactionFilterProxy *m_proxy = nullptr;
    QAbstractItemModelTester *m_tester = nullptr;
};

void TestTransactionFilterProxy::init()
{
    m_source = new TransactionTableModel;
    m_source->appendEvents(session());
    m_proxy = new TransactionFilterProxy;
    m_proxy->setSourceModel(m_source);
    m_tester = new QAbstractItemModelTester(m_proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void TestTransactionFilterProxy::cleanup()
{
    delete m_tester;
    delete m_proxy;
    delete m_source;
}

void TestTransactionFilterProxy::showsEverythingByDefault()
{
    QCOMPARE(shownIds(*m_proxy), (QStringList{QStringLiteral("clean"), QStringLiteral("inverted"), QStringLiteral("retried")}));
    QCOMPARE(m_proxy->shownAnomalyKinds(), allAnomalyKindsMask());
    QCOMPARE(m_proxy->index(0, 0).data(TransactionTableModel::ShownAnomalyKindsRole).toUInt(), allAnomalyKindsMask());
    QCOMPARE(m_proxy->index(2, TransactionTableModel::Anomalies).data().toInt(), 2); // late reply + duplicate
}

void TestTransactionFilterProxy::onlyWithAnomaliesOfShownKinds_data()
{
    QTest::addColumn<QList<int>>("kinds");
    QTest::addColumn<QStringList>("expected");
    const auto k = [](AnomalyKind kind) { return int(kind); };
    QTest::newRow("all kinds") << QList<int>{k(AnomalyKind::SequenceGap), k(AnomalyKind::OutOfOrder), k(AnomalyKind::Duplicate),
                                             k(AnomalyKind::AfterHangup), k(AnomalyKind::IllegalTransition),
                                             k(AnomalyKind::MissingStart), k(AnomalyKind::LateReply)}
                               << QStringList{QStringLiteral("inverted"), QStringLiteral("retried")};
    QTest::newRow("inversions") << QList<int>{k(AnomalyKind::OutOfOrder)} << QStringList{QStringLiteral("inverted")};
    QTest::newRow("late replies") << QList<int>{k(AnomalyKind::LateReply)} << QStringList{QStringLiteral("retried")};
    QTest::newRow("gaps only: none has one") << QList<int>{k(AnomalyKind::SequenceGap)} << QStringList{};
    QTest::newRow("no kind") << QList<int>{} << QStringList{};
}

void TestTransactionFilterProxy::onlyWithAnomaliesOfShownKinds()
{
    QFETCH(QList<int>, kinds);
    QFETCH(QStringList, expected);
    QSignalSpy changed(m_proxy, &TransactionFilterProxy::anomalyFilterChanged);
    AnomalyKindMask mask = 0;
    for (const int kind : kinds)
        mask |= anomalyKindBit(AnomalyKind(kind));
    m_proxy->setShownAnomalyKinds(mask);
    // Choosing kinds alone hides no transaction; it only changes what is counted and decorated.
    QCOMPARE(m_proxy->rowCount(), 3);
    m_proxy->setOnlyWithAnomalies(true);
    QCOMPARE(shownIds(*m_proxy), expected);
    QCOMPARE(changed.size(), mask == allAnomalyKindsMask() ? 1 : 2);
    for (int row = 0; row < m_proxy->rowCount(); ++row)
        QCOMPARE(m_proxy->index(row, 0).data(TransactionTableModel::ShownAnomalyKindsRole).toUInt(), mask);
    m_proxy->setOnlyWithAnomalies(false);
    QCOMPARE(m_proxy->rowCount(), 3);
}

void TestTransactionFilterProxy::anomalyColumnCountsShownKinds()
{
    m_proxy->setAnomalyKindShown(AnomalyKind::Duplicate, false);
    QVERIFY(!m_proxy->showsAnomalyKind(AnomalyKind::Duplicate));
    const QModelIndex retried = m_proxy->index(2, TransactionTableModel::Anomalies);
    QCOMPARE(retried.data().toInt(), 1);
    QCOMPARE(retried.data(TransactionTableModel::AnomalyCountRole).toInt(), 1);
    const QString tip = retried.data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(QStringLiteral("answered after 6000 ms")), qPrintable(tip));
    QVERIFY2(!tip.contains(QStringLiteral("delivered again")), qPrintable(tip));
    QCOMPARE(m_proxy->index(1, TransactionTableModel::Anomalies).data().toInt(), 1); // the inversion still counts
    m_proxy->setAnomalyKindShown(AnomalyKind::Duplicate, true);
    QCOMPARE(m_proxy->index(2, TransactionTableModel::Anomalies).data().toInt(), 2);
}

void TestTransactionFilterProxy::sortsByShownAnomalies()
{
    m_proxy->sort(TransactionTableModel::Anomalies, Qt::DescendingOrder);
    QCOMPARE(shownIds(*m_proxy).first(), QStringLiteral("retried")); // 2 anomalies
    m_proxy->setShownAnomalyKinds(anomalyKindBit(AnomalyKind::OutOfOrder));
    QCOMPARE(shownIds(*m_proxy).first(), QStringLiteral("inverted")); // the only one with an inversion
}

void TestTransactionFilterProxy::textFilterCombines()
{
    m_proxy->setOnlyWithAnomalies(true);
    m_proxy->setFilterFixedString(QStringLiteral("RETR"));
    QCOMPARE(shownIds(*m_proxy), QStringList{QStringLiteral("retried")});
    m_proxy->setFilterFixedString(QStringLiteral("clean"));
    QCOMPARE(shownIds(*m_proxy), QStringList{});
}

void TestTransactionFilterProxy::liveEventsJoinTheFilter()
{
    m_proxy->setOnlyWithAnomalies(true);
    QCOMPARE(m_proxy->rowCount(), 2);
    // A new clean call stays out; when the clean call gets a duplicate, it comes in.
    m_source->appendEvents(outboundCall(QStringLiteral("fresh"), 60000));
    QCOMPARE(m_proxy->rowCount(), 2);
    TimedEvent again = outboundCall(QStringLiteral("clean"), 1000).at(3);
    again.receivedAtMs += 5000;
    m_source->appendEvents({again});
    QCOMPARE(shownIds(*m_proxy), (QStringList{QStringLiteral("clean"), QStringLiteral("inverted"), QStringLiteral("retried")}));
}

QTEST_MAIN(TestTransactionFilterProxy)
#include "tst_transactionfilterproxy.moc"

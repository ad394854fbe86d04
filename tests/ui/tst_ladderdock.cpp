// LadderDock over the window's models: it follows the current row of the shared selection
// (through the transactions proxy, whose anomaly filter decides which arrows are marked), grows
// with live events, switches order, exports to files and copies Mermaid to the clipboard.
#include "LadderDock.h"
#include "LadderSession.h"
#include "LadderView.h"
#include "TransactionFilterProxy.h"

#include <QAction>
#include <QClipboard>
#include <QFile>
#include <QGuiApplication>
#include <QImage>
#include <QItemSelectionModel>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace callconsole;
using namespace callconsole::testing;

namespace {

int markedArrows(const LadderDiagram &diagram)
{
    int marked = 0;
    for (const LadderArrow &arrow : diagram.arrows())
        marked += arrow.anomalies.isEmpty() ? 0 : 1;
    return marked;
}

} // namespace

class TestLadderDock : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void followsTheCurrentRow();
    void marksOnlyShownKinds();
    void growsWithLiveEvents();
    void ordersByArrivalOrSequence();
    void exportsAndCopies();

private:
    LadderSession *m_session = nullptr;
    TransactionFilterProxy *m_proxy = nullptr;
    QItemSelectionModel *m_selection = nullptr;
    LadderDock *m_dock = nullptr;
};

void TestLadderDock::init()
{
    m_session = new LadderSession;
    m_session->deliver(outboundCall(QStringLiteral("tx-clean"), 1700000000000).at(0), replyWith({}), QStringLiteral("default"), 7);
    m_session->retriedCall(QStringLiteral("tx-retried"), 1700000100000);
    m_proxy = new TransactionFilterProxy;
    m_proxy->setSourceModel(&m_session->model);
    m_selection = new QItemSelectionModel(m_proxy);
    m_dock = new LadderDock(&m_session->model, m_session->lookup());
    m_dock->setSelectionModel(m_selection);
    m_dock->resize(700, 600);
    m_dock->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_dock));
}

void TestLadderDock::cleanup()
{
    delete m_dock;
    delete m_selection;
    delete m_proxy;
    delete m_session;
}

void TestLadderDock::followsTheCurrentRow()
{
    QVERIFY(m_dock->diagram().isEmpty());
    QVERIFY(!m_dock->exportAction()->isEnabled());
    m_selection->setCurrentIndex(m_proxy->index(1, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QCOMPARE(m_dock->transaction(), 1);
    QCOMPARE(m_dock->diagram().transactionId(), QStringLiteral("tx-retried"));
    QCOMPARE(m_dock->diagram().arrows().size(), 10);
    QVERIFY(m_dock->exportAction()->isEnabled());
    // Sorting the proxy moves rows; the ladder follows the transaction, not the row number.
    m_proxy->sort(0, Qt::DescendingOrder);
    QCOMPARE(m_dock->diagram().transactionId(), QStringLiteral("tx-retried"));
    m_selection->setCurrentIndex(m_proxy->index(1, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QCOMPARE(m_dock->diagram().transactionId(), QStringLiteral("tx-clean"));
}

void TestLadderDock::marksOnlyShownKinds()
{
    m_selection->setCurrentIndex(m_proxy->index(1, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QCOMPARE(markedArrows(m_dock->diagram()), 2);
    m_proxy->setAnomalyKindShown(AnomalyKind::LateReply, false);
    QCOMPARE(markedArrows(m_dock->diagram()), 1);
    m_proxy->setShownAnomalyKinds(0);
    QCOMPARE(markedArrows(m_dock->diagram()), 0);
    QCOMPARE(m_dock->diagram().arrows().size(), 10); // the arrows stay; only their marks go
}

void TestLadderDock::growsWithLiveEvents()
{
    m_selection->setCurrentIndex(m_proxy->index(0, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QCOMPARE(m_dock->diagram().arrows().size(), 2);
    m_session->deliver(outboundCall(QStringLiteral("tx-clean"), 1700000000000).at(1), replyWith({}), QStringLiteral("default"), 7);
    QCOMPARE(m_dock->diagram().arrows().size(), 4);
    QCOMPARE(m_dock->diagram().arrows().last().label, QStringLiteral("no actions · 7 ms · default"));
}

void TestLadderDock::ordersByArrivalOrSequence()
{
    m_selection->setCurrentIndex(m_proxy->index(1, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QCOMPARE(m_dock->order(), EventOrder::Sequence);
    // In Sequence order the late reply follows its own RINGING; in arrival order it comes after the retry.
    QCOMPARE(m_dock->diagram().arrows().at(3).label, QStringLiteral("Pause · 6200 ms · breakpoint"));
    m_dock->sequenceOrderAction()->trigger();
    QCOMPARE(m_dock->order(), EventOrder::Arrival);
    // RINGING at +1 s, CALL_ANSWERED at +3 s, the retry at +6 s, the late reply at +7.2 s.
    QCOMPARE(m_dock->diagram().arrows().at(3).label, QStringLiteral("#3 CALL_ANSWERED · LEG-A"));
    QCOMPARE(m_dock->diagram().arrows().at(5).label, QStringLiteral("#2 RINGING · LEG-A"));
    QCOMPARE(m_dock->diagram().arrows().at(6).label, QStringLiteral("Pause · 6200 ms · breakpoint"));
}

void TestLadderDock::exportsAndCopies()
{
    m_selection->setCurrentIndex(m_proxy->index(1, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QTemporaryDir dir;
    for (const QString &name : {QStringLiteral("l.png"), QStringLiteral("l.svg"), QStringLiteral("l.mmd")}) {
        const QString path = dir.filePath(name);
        QCOMPARE(m_dock->exportTo(path), QString());
        QVERIFY(QFileInfo(path).size() > 500);
    }
    const QImage png(dir.filePath(QStringLiteral("l.png")));
    // Exported at full label width, whatever the dock's width on screen.
    QCOMPARE(png.size(), LadderLayout(m_dock->diagram(), LadderLayout::pixelFont(m_dock->view()->font())).size() * 2);
    m_dock->copyMermaidAction()->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(), m_dock->diagram().toMermaid());
}

QTEST_MAIN(TestLadderDock)
#include "tst_ladderdock.moc"

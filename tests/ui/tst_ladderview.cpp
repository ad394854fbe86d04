// LadderView offscreen: arrows hit-tested where they are painted, anomaly explanations in the
// tooltip of the arrow they concern, a click that activates the event, the selected event
// scrolled into view.
#include "LadderSession.h"
#include "LadderPainter.h"
#include "LadderView.h"

#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>

using namespace callconsole;
using namespace callconsole::testing;

class TestLadderView : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void hitTestsEveryArrow();
    void tooltipExplainsTheAnomaly();
    void clickActivatesTheEvent();
    void selectedEventScrollsIntoView();
    void narrowViewKeepsEveryLaneInView();
    void emptyLadderSaysWhatToDo();

private:
    LadderSession *m_session = nullptr;
    LadderView *m_view = nullptr;
};

void TestLadderView::init()
{
    m_session = new LadderSession;
    m_session->retriedCall(QStringLiteral("tx-view"), 1700000000000);
    m_view = new LadderView;
    m_view->resize(800, 700);
    m_view->setDiagram(m_session->ladder());
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view));
}

void TestLadderView::cleanup()
{
    delete m_view;
    delete m_session;
}

void TestLadderView::hitTestsEveryArrow()
{
    const QImage image = m_view->viewport()->grab().toImage();
    const QColor base = m_view->palette().color(QPalette::Base);
    const int arrows = int(m_view->diagram().arrows().size());
    QCOMPARE(arrows, 10);
    for (int i = 0; i < arrows; ++i) {
        const QPoint middle = m_view->arrowPosition(i);
        if (middle.y() > m_view->viewport()->height())
            break;
        QCOMPARE(m_view->arrowAt(middle), i);
        bool inked = false; // a line is painted through the middle (solid or dashed, ±1 px)
        for (int dx = -6; dx <= 6 && !inked; ++dx)
            for (int dy = -1; dy <= 1 && !inked; ++dy)
                inked = image.pixelColor(middle + QPoint(dx, dy)) != base;
        QVERIFY2(inked, qPrintable(QStringLiteral("arrow %1 not painted").arg(i)));
    }
    QCOMPARE(m_view->arrowAt(QPoint(5, 5)), -1); // the lane names
}

void TestLadderView::tooltipExplainsTheAnomaly()
{
    const auto &arrows = m_view->diagram().arrows();
    int late = -1;
    for (int i = 0; i < arrows.size(); ++i) {
        for (const Anomaly &anomaly : arrows.at(i).anomalies)
            late = anomaly.kind == AnomalyKind::LateReply ? i : late;
    }
    QVERIFY(late >= 0);
    QVERIFY(arrows.at(late).kind == LadderArrow::Kind::Reply);
    const QString tip = m_view->toolTipAt(m_view->arrowPosition(late));
    QVERIFY2(tip.contains(QStringLiteral("answered after 6200 ms")), qPrintable(tip));
    QVERIFY2(tip.startsWith(QStringLiteral("Pause · 6200 ms · breakpoint")), qPrintable(tip));
    QVERIFY(!m_view->toolTipAt(m_view->arrowPosition(0)).contains(QStringLiteral("⚠")));
}

void TestLadderView::clickActivatesTheEvent()
{
    QSignalSpy activated(m_view, &LadderView::arrivalActivated);
    const int arrow = m_view->diagram().arrowOfArrival(3); // CALL_ANSWERED
    QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {}, m_view->arrowPosition(arrow));
    QCOMPARE(activated.size(), 1);
    QCOMPARE(activated.first().first().toInt(), 3);
    QCOMPARE(m_view->selectedArrival(), 3);
}

void TestLadderView::selectedEventScrollsIntoView()
{
    m_view->resize(500, 160);
    QTest::qWait(1);
    QVERIFY(m_view->verticalScrollBar()->maximum() > 0);
    const int last = m_session->model.store().transaction(0).eventCount() - 1;
    m_view->setSelectedArrival(last);
    const QPoint position = m_view->arrowPosition(m_view->diagram().arrowOfArrival(last));
    QVERIFY(position.y() >= 0 && position.y() <= m_view->viewport()->height());
    QCOMPARE(m_view->arrowAt(position), m_view->diagram().arrowOfArrival(last));
}

void TestLadderView::narrowViewKeepsEveryLaneInView()
{
    const int natural = LadderLayout(m_view->diagram(), LadderLayout::pixelFont(m_view->font())).size().width();
    m_view->resize(natural - 100, 500);
    QTest::qWait(1);
    const LadderLayout &layout = m_view->ladderLayout();
    QVERIFY(layout.size().width() <= m_view->viewport()->width());
    QVERIFY(layout.laneX(1) < m_view->viewport()->width());
    // Labels that no longer fit are elided on screen; the tooltip still has them whole.
    const int late = m_view->diagram().arrowOfArrival(1) + 1;
    QVERIFY(m_view->toolTipAt(m_view->arrowPosition(late)).startsWith(m_view->diagram().arrows().at(late).label));
}

void TestLadderView::emptyLadderSaysWhatToDo()
{
    m_view->setDiagram(LadderDiagram());
    QCOMPARE(m_view->arrowAt(QPoint(100, 100)), -1);
    QCOMPARE(m_view->arrowPosition(0), QPoint());
    const QImage image = m_view->viewport()->grab().toImage();
    QVERIFY(!image.isNull()); // paints its hint without arrows
}

QTEST_MAIN(TestLadderView)
#include "tst_ladderview.moc"

// TimelineView offscreen: hit-testing against the painted geometry, zoom around the cursor,
// shared selection, keyboard event navigation, follow-live, a full paint, the anomaly filter
// through the proxy, and events held at a real endpoint's breakpoint pulsing until answered.
#include "BuiltInSession.h"
#include "EndpointServer.h"
#include "TestEvents.h"
#include "TimelineView.h"
#include "TransactionFilterProxy.h"
#include "TransactionTableModel.h"

#include <QAbstractItemModelTester>
#include <QImage>
#include <QPaintEvent>
#include <QNativeGestureEvent>
#include <QPointingDevice>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>
#include <QWheelEvent>

using namespace callconsole;
using namespace callconsole::testing;

class TestTimelineView : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void hitTestsMarkersAndLanes_data();
    void hitTestsMarkersAndLanes();
    void ctrlWheelZoomsAroundCursor();
    void pinchZoomsAroundFingers();
    void dragPansAndStopsFollowing();
    void clickSelectsLaneAndEvent();
    void keyboardWalksEvents();
    void followLiveKeepsNewestInView();
    void horizontalBarFollowsAndMovesTheRange();
    void lanesFollowProxyOrder();
    void paintsEveryLaneOffscreen();
    void anomalyFilterDecidesLanesAndRings();
    void heldEventPulsesUntilAnswered();

private:
    TransactionTableModel *m_model = nullptr;
    TimelineView *m_view = nullptr;
};

void TestTimelineView::init()
{
    m_model = new TransactionTableModel;
    m_model->appendEvents(outboundCall(QStringLiteral("t-1"), 100000) + outboundCall(QStringLiteral("t-2"), 102000));
    m_view = new TimelineView;
    m_view->setModel(m_model);
    m_view->setTransactions(m_model);
    m_view->resize(1000, 400);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view));
    m_view->setFollowLive(false);
    m_view->mapper().setRange(99000, 20); // 99 s … 119 s across 1000 px
}

void TestTimelineView::cleanup()
{
    delete m_view;
    delete m_model;
}

void TestTimelineView::hitTestsMarkersAndLanes_data()
{
    QTest::addColumn<int>("row");
    QTest::addColumn<double>("timeMs");
    QTest::addColumn<int>("dy");
    QTest::addColumn<int>("expectedRow");
    QTest::addColumn<int>("expectedArrival");
    QTest::newRow("first event") << 0 << 100000.0 << 0 << 0 << 0;
    QTest::newRow("ringing, 3 px off") << 0 << 101060.0 << 0 << 0 << 1;
    QTest::newRow("second lane hangup") << 1 << 111000.0 << 0 << 1 << 3;
    QTest::newRow("lane, between events") << 0 << 106000.0 << 0 << 0 << -1;
    QTest::newRow("lane, on phase bar") << 0 << 100000.0 << -20 << 0 << -1;
    QTest::newRow("below the lanes") << 3 << 100000.0 << 0 << -1 << -1;
}

void TestTimelineView::hitTestsMarkersAndLanes()
{
    QFETCH(int, row);
    QFETCH(double, timeMs);
    QFETCH(int, dy);
    QFETCH(int, expectedRow);
    QFETCH(int, expectedArrival);
    const QPoint pos(int(std::lround(m_view->mapper().toPixel(timeMs))),
                     TimelineView::axisHeight + row * TimelineView::laneHeight + TimelineView::markerY + dy);
    const auto hit = m_view->hitTest(pos);
    QCOMPARE(hit.row, expectedRow);
    QCOMPARE(hit.arrivalIndex, expectedArrival);
    if (expectedRow >= 0)
        QCOMPARE(hit.transactionIndex, expectedRow);
}

void TestTimelineView::ctrlWheelZoomsAroundCursor()
{
    const QPointF cursor(300, 60);
    const double before = m_view->mapper().toTime(cursor.x());
    const double msPerPixel = m_view->mapper().msPerPixel();
    QWheelEvent wheel(cursor, m_view->viewport()->mapToGlobal(cursor), {}, QPoint(0, 120), Qt::NoButton,
                      Qt::ControlModifier, Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(m_view->viewport(), &wheel);
    QVERIFY(m_view->mapper().msPerPixel() < msPerPixel);
    QCOMPARE(m_view->mapper().toTime(cursor.x()), before);
}

void TestTimelineView::pinchZoomsAroundFingers()
{
    const QPointF fingers(640, 80);
    const double before = m_view->mapper().toTime(fingers.x());
    QNativeGestureEvent pinch(Qt::ZoomNativeGesture, QPointingDevice::primaryPointingDevice(), 2, fingers, fingers,
                              m_view->viewport()->mapToGlobal(fingers), 0.5, QPointF(), 0);
    QCoreApplication::sendEvent(m_view->viewport(), &pinch);
    QCOMPARE(m_view->mapper().msPerPixel(), 20.0 / 1.5);
    QCOMPARE(m_view->mapper().toTime(fingers.x()), before);
}

void TestTimelineView::dragPansAndStopsFollowing()
{
    m_view->setFollowLive(true);
    QSignalSpy follow(m_view, &TimelineView::followLiveChanged);
    m_view->mapper().setRange(99000, 20);
    QTest::mousePress(m_view->viewport(), Qt::LeftButton, {}, QPoint(500, 200));
    QTest::mouseMove(m_view->viewport(), QPoint(550, 200));
    QTest::mouseMove(m_view->viewport(), QPoint(600, 200));
    QTest::mouseRelease(m_view->viewport(), Qt::LeftButton, {}, QPoint(600, 200));
    QCOMPARE(m_view->mapper().startMs(), 99000.0 - 100 * 20);
    QVERIFY(!m_view->followLive());
    QCOMPARE(follow.size(), 1);
}

void TestTimelineView::clickSelectsLaneAndEvent()
{
    QSignalSpy selected(m_view, &TimelineView::eventSelected);
    const QPointF marker = m_view->markerPosition(1, 2);
    QVERIFY(!marker.isNull());
    QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {}, marker.toPoint());
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.first().at(0).toInt(), 1);
    QCOMPARE(selected.first().at(1).toInt(), 2);
    QVERIFY(m_view->selectionModel()->isRowSelected(1, {}));
}

void TestTimelineView::keyboardWalksEvents()
{
    m_view->setCurrentIndex(m_model->index(0, 0));
    m_view->setFocus();
    QSignalSpy selected(m_view, &TimelineView::eventSelected);
    QTest::keyClick(m_view, Qt::Key_Right);
    QTest::keyClick(m_view, Qt::Key_Right);
    QCOMPARE(m_view->selectedArrivalIndex(), 1);
    QTest::keyClick(m_view, Qt::Key_Left);
    QCOMPARE(m_view->selectedArrivalIndex(), 0);
    QTest::keyClick(m_view, Qt::Key_Down);
    QCOMPARE(m_view->currentIndex().row(), 1);
    QCOMPARE(selected.size(), 3);
}

void TestTimelineView::followLiveKeepsNewestInView()
{
    m_view->setFollowLive(true);
    m_model->appendEvents(outboundCall(QStringLiteral("t-3"), 200000));
    const auto &mapper = m_view->mapper();
    QVERIFY(mapper.endMs() >= 209000);
    QVERIFY(mapper.startMs() <= 209000);
}

void TestTimelineView::horizontalBarFollowsAndMovesTheRange()
{
    m_view->mapper().setRange(100000, 10); // data: 100 s … 111 s → 1100 px at 10 ms/px
    m_view->viewport()->repaint();
    QScrollBar *bar = m_view->horizontalScrollBar();
    QCOMPARE(bar->value(), 0);
    QVERIFY(bar->maximum() > 0);
    bar->setValue(50);
    QCOMPARE(m_view->mapper().startMs(), 100500.0);
    QCOMPARE(m_view->mapper().msPerPixel(), 10.0);
    QVERIFY(!m_view->followLive());
}

void TestTimelineView::lanesFollowProxyOrder()
{
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(m_model);
    proxy.setSortRole(TransactionTableModel::SortRole);
    proxy.sort(TransactionTableModel::Started, Qt::DescendingOrder);
    m_view->setModel(&proxy);
    // Lane 0 is now the later call, t-2.
    const auto hit = m_view->hitTest(m_view->markerPosition(0, 0).toPoint());
    QCOMPARE(hit.transactionIndex, 1);
    QCOMPARE(hit.arrivalIndex, 0);
    m_view->setModel(m_model);
}

void TestTimelineView::paintsEveryLaneOffscreen()
{
    m_view->setOrder(EventOrder::Sequence);
    m_view->selectEvent(0, 1);
    for (const double msPerPixel : {0.01, 1.0, 20.0, 10000.0}) {
        m_view->mapper().setRange(99000, msPerPixel);
        QImage image(m_view->viewport()->size(), QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        m_view->viewport()->render(&image);
        QVERIFY(image.pixelColor(5, 5).alpha() > 0);
    }
    // A marker is painted where hit-testing finds it: its centre is not the background colour.
    m_view->mapper().setRange(99000, 20);
    const QImage image = m_view->viewport()->grab().toImage();
    const QPoint marker = m_view->markerPosition(1, 0).toPoint();
    QVERIFY(image.pixelColor(marker) != m_view->palette().color(QPalette::Base));
}

namespace {

// How red a pixel is: the anomaly ring is drawn in red around its marker.
int redness(const QColor &colour)
{
    return colour.red() - (colour.green() + colour.blue()) / 2;
}

// Paint rects the viewport receives, to check what a pulse repaints.
class PaintRecorder : public QObject
{
public:
    QList<QRect> rects;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint)
            rects << static_cast<QPaintEvent *>(event)->rect();
        return QObject::eventFilter(watched, event);
    }
};

} // namespace

void TestTimelineView::anomalyFilterDecidesLanesAndRings()
{
    // t-3: CALL_ANSWERED (3) overtakes RINGING (2), an inversion flagged on both events.
    auto inverted = outboundCall(QStringLiteral("t-3"), 104000);
    std::swap(inverted[1], inverted[2]);
    inverted[1].receivedAtMs = 105000; // arrivals keep time order: answered at +1 s, ringing at +1.5 s
    inverted[2].receivedAtMs = 105500;
    m_model->appendEvents(inverted);
    TransactionFilterProxy proxy;
    proxy.setSourceModel(m_model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_view->setModel(&proxy);
    QCOMPARE(proxy.rowCount(), 3);

    proxy.setOnlyWithAnomalies(true);
    // The table's rows and the timeline's lanes are the proxy's rows: lane 0 is now t-3.
    QCOMPARE(proxy.rowCount(), 1);
    const int ringing = 2; // arrival index of the late RINGING
    const QPoint marker = m_view->markerPosition(0, ringing).toPoint();
    auto hit = m_view->hitTest(marker);
    QCOMPARE(hit.transactionIndex, 2);
    QCOMPARE(hit.arrivalIndex, ringing);
    QVERIFY(hit.anomalous);
    QCOMPARE(m_view->hitTest(marker + QPoint(0, TimelineView::laneHeight)).row, -1); // no second lane
    const QPoint ring = marker + QPoint(TimelineView::markerRadius + 3, 0);
    QVERIFY(redness(m_view->viewport()->grab().toImage().pixelColor(ring)) > 80);
    QVERIFY2(m_view->toolTipAt(marker).contains(QStringLiteral("⚠ RINGING (Sequence 2) arrived after")),
             qPrintable(m_view->toolTipAt(marker)));

    // Inversions hidden: the same marker is a plain event, drawn without its ring, and with
    // "only with anomalies" on, its lane goes too.
    proxy.setAnomalyKindShown(AnomalyKind::OutOfOrder, false);
    QCOMPARE(proxy.rowCount(), 0);
    QCOMPARE(m_view->hitTest(marker).row, -1);
    proxy.setOnlyWithAnomalies(false);
    const QPoint plain = m_view->markerPosition(2, ringing).toPoint();
    hit = m_view->hitTest(plain);
    QCOMPARE(hit.transactionIndex, 2);
    QCOMPARE(hit.arrivalIndex, ringing);
    QVERIFY(!hit.anomalous);
    const QPoint noRing = plain + QPoint(TimelineView::markerRadius + 3, 0);
    QVERIFY(redness(m_view->viewport()->grab().toImage().pixelColor(noRing)) < 40);
    QVERIFY(!m_view->toolTipAt(plain).contains(QStringLiteral("⚠")));
    m_view->setModel(m_model);
}

void TestTimelineView::heldEventPulsesUntilAnswered()
{
    const auto rules = ReplyRules::fromJson(R"({"rules":[{"name":"hold","event":"CALL_ANSWERED","breakpoint":true}]})");
    QVERIFY(rules.ok());
    BuiltInSession session;
    QString error;
    QVERIFY2(session.start(&error, 1.0, *rules.value), qPrintable(error));
    TransactionTableModel live;
    connect(&session, &BuiltInSession::deliveriesReady, &live, &TransactionTableModel::appendDeliveries);
    m_view->setModel(&live);
    m_view->setTransactions(&live);
    m_view->watchHeldEvents(session.endpoint());
    QVERIFY(!m_view->isPulsing()); // nothing held: no timer

    CreateCallRequest request;
    request.sipMediaApplicationId = session.sipMediaApplicationIds().first();
    request.fromPhoneNumber = session.phoneNumbers().first();
    request.toPhoneNumber = QStringLiteral("+14155550199");
    session.place(request);
    QTRY_COMPARE_WITH_TIMEOUT(m_view->heldEvents().size(), 1, 30000);
    QTRY_VERIFY_WITH_TIMEOUT(live.rowCount() == 1, 10000);
    const HeldEvent held = m_view->heldEvents().first();
    QCOMPARE(held.eventType, QStringLiteral("CALL_ANSWERED"));
    QVERIFY(m_view->isPulsing());

    // Show the call up to the held event and find it where it is drawn.
    m_view->mapper().fit(double(live.store().transaction(0).firstMs()), double(held.receivedAtMs) + 1000);
    const QPointF position = m_view->heldMarkerPosition(held.id);
    QVERIFY(!position.isNull());
    const auto hit = m_view->hitTest(position.toPoint());
    QCOMPARE(hit.heldId, held.id);
    QCOMPARE(hit.transactionIndex, 0);
    QVERIFY2(m_view->toolTipAt(position.toPoint()).contains(QStringLiteral("held at a breakpoint")),
             qPrintable(m_view->toolTipAt(position.toPoint())));
    const QColor centre = m_view->viewport()->grab().toImage().pixelColor(position.toPoint() + QPoint(-4, 0));
    QVERIFY2(centre.red() > 200 && centre.green() > 90 && centre.green() < 170 && centre.blue() < 80,
             qPrintable(centre.name())); // the held orange

    // While only the pulse changes the picture, it repaints the held marker's rect, not the view.
    m_view->viewport()->repaint();
    PaintRecorder recorder;
    m_view->viewport()->installEventFilter(&recorder);
    QTest::qWait(200);
    m_view->viewport()->removeEventFilter(&recorder);
    QVERIFY(!recorder.rects.isEmpty());
    for (const QRect &rect : std::as_const(recorder.rects)) {
        QVERIFY2(rect.width() < 120 && rect.height() < 40, qPrintable(QStringLiteral("%1x%2").arg(rect.width()).arg(rect.height())));
        QVERIFY(rect.contains(position.toPoint()));
    }

    // Answered: the held marker goes, the timer stops, and the event arrives as a plain one.
    QCOMPARE(session.endpoint()->release(held.id), QString());
    QTRY_VERIFY_WITH_TIMEOUT(!m_view->isPulsing(), 10000);
    QVERIFY(m_view->heldEvents().isEmpty());
    QCOMPARE(m_view->hitTest(position.toPoint()).heldId, -1);
    const auto answered = [&live] {
        for (const EventRecord &event : live.store().transaction(0).eventsByArrival()) {
            if (event.type == InvocationEventType::CallAnswered)
                return true;
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(answered(), 10000);
    m_view->watchHeldEvents(nullptr);
    m_view->setModel(m_model);
    m_view->setTransactions(m_model);
}

QTEST_MAIN(TestTimelineView)
#include "tst_timelineview.moc"

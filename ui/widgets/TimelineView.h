// The timeline: one lane per transaction (rows of the model it views, so the transactions table
// and this view share one selection model), a phase bar per leg, event markers with Sequence
// numbers, reply latency against the service's 5 s / 20 s deadlines, the anomalies core's
// analysis found (of the kinds the model's ShownAnomalyKindsRole shows), and events held at a
// breakpoint, pulsing with their countdown. Painting touches only the exposed lanes and the
// visible time range.
#pragma once

#include "AnomalyKindMask.h"
#include "EndpointConfig.h"
#include "EventListModel.h"
#include "TimeAxisMapper.h"

#include <QAbstractItemView>
#include <QPointer>

class QTimer;

namespace callconsole {

class EndpointServer;
class TransactionTableModel;

class TimelineView : public QAbstractItemView
{
    Q_OBJECT

public:
    struct Hit
    {
        int row = -1;              // view row (model row)
        int transactionIndex = -1; // index in the CallStore
        int arrivalIndex = -1;     // -1: the lane, not an event
        bool anomalous = false;    // the event carries an anomaly of a shown kind (drawn ringed)
        qint64 heldId = -1;        // an event held at a breakpoint (not yet in the store)
    };

    static constexpr int axisHeight = 24;
    static constexpr int laneHeight = 52;
    // Within a lane: one phase bar per leg, then the row of event markers.
    static constexpr int legBarTop = 4;
    static constexpr int legBarHeight = 8;
    static constexpr int markerY = 32;
    static constexpr int markerRadius = 5;

    explicit TimelineView(QWidget *parent = nullptr);

    // The model viewed gives lane order (it may be a proxy); the store gives what is drawn.
    void setTransactions(TransactionTableModel *transactions);

    TimeAxisMapper &mapper() { return m_mapper; }
    const TimeAxisMapper &mapper() const { return m_mapper; }

    Hit hitTest(const QPoint &viewportPos) const;
    // Where an event's marker is drawn, in viewport coordinates; invalid when not shown.
    QPointF markerPosition(int row, int arrivalIndex) const;
    QString toolTipAt(const QPoint &viewportPos) const;

    // Events held at the endpoint's breakpoints pulse on their lane until they are answered.
    void watchHeldEvents(EndpointServer *endpoint);
    void setHeldEvents(const QList<HeldEvent> &held);
    const QList<HeldEvent> &heldEvents() const { return m_held; }
    bool isPulsing() const;
    // Where a held event is drawn, in viewport coordinates; invalid when its lane is not shown.
    QPointF heldMarkerPosition(qint64 heldId) const;

    bool followLive() const { return m_followLive; }
    EventOrder order() const { return m_order; }
    int selectedArrivalIndex() const { return m_selectedArrival; }

    QRect visualRect(const QModelIndex &index) const override;
    void scrollTo(const QModelIndex &index, ScrollHint hint = EnsureVisible) override;
    QModelIndex indexAt(const QPoint &point) const override;

public slots:
    void zoomIn();
    void zoomOut();
    void fitAll();
    void fitToSelection();
    void setFollowLive(bool follow);
    void setOrder(callconsole::EventOrder order);
    void setLabelMode(callconsole::TimeAxisMapper::LabelMode mode);
    void selectEvent(int transactionIndex, int arrivalIndex);
    void selectAdjacentEvent(int step); // keyboard: previous/next event of the current lane

signals:
    void eventSelected(int transactionIndex, int arrivalIndex);
    void heldEventClicked(qint64 heldId);
    void followLiveChanged(bool follow);

protected:
    QModelIndex moveCursor(CursorAction cursorAction, Qt::KeyboardModifiers modifiers) override;
    int horizontalOffset() const override { return 0; }
    int verticalOffset() const override;
    bool isIndexHidden(const QModelIndex &) const override { return false; }
    void setSelection(const QRect &rect, QItemSelectionModel::SelectionFlags command) override;
    QRegion visualRegionForSelection(const QItemSelection &selection) const override;
    void updateGeometries() override;
    // The axis stays put while lanes scroll, so a blit of the viewport would be wrong.
    void scrollContentsBy(int dx, int dy) override;

    void paintEvent(QPaintEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    bool viewportEvent(QEvent *event) override;

private:
    void onEventsAppended(const QList<int> &transactionIndexes);
    int transactionIndexOfRow(int row) const;
    int laneTop(int row) const; // viewport y
    void paintAxis(QPainter &painter, const QRect &exposed) const;
    void paintLane(QPainter &painter, int row, const QRect &exposed) const;
    void paintHeld(QPainter &painter, int row, const QString &transactionId) const;
    AnomalyKindMask shownAnomalyKinds(int row) const;
    int rowOfTransaction(const QString &transactionId) const; // among the visible lanes; -1
    QRect heldRect(int row, const HeldEvent &held) const;
    void refreshHeld();
    void pulse();
    void panBy(double dx);
    void followToEnd();
    void syncHorizontalBar();

    QPointer<TransactionTableModel> m_transactions;
    QPointer<EndpointServer> m_endpoint;
    QList<HeldEvent> m_held;
    QTimer *m_pulse = nullptr;
    TimeAxisMapper m_mapper;
    TimeAxisMapper::LabelMode m_labelMode = TimeAxisMapper::LabelMode::CallRelative;
    EventOrder m_order = EventOrder::Arrival;
    qint64 m_firstMs = 0;
    qint64 m_lastMs = 0;
    bool m_hasData = false;
    bool m_followLive = true;
    bool m_userFitted = false;
    int m_selectedTransaction = -1;
    int m_selectedArrival = -1;
    QPoint m_pressPos;
    QPoint m_lastDragPos;
    bool m_dragging = false;
};

} // namespace callconsole

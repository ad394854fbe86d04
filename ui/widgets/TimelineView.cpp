#include "TimelineView.h"

#include "TransactionTableModel.h"

#include <QDateTime>
#include <QHelpEvent>
#include <QNativeGestureEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QScrollBar>
#include <QTimer>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace callconsole {

namespace {

constexpr int dragThreshold = 4;
constexpr double wheelZoomStep = 1.25;

} // namespace

TimelineView::TimelineView(QWidget *parent)
    : QAbstractItemView(parent)
{
    setSelectionMode(SingleSelection);
    setSelectionBehavior(SelectRows);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    connect(horizontalScrollBar(), &QScrollBar::valueChanged, this, [this](int value) {
        m_mapper.setRange(double(m_firstMs) + value * m_mapper.msPerPixel(), m_mapper.msPerPixel());
        setFollowLive(false);
        viewport()->update();
    });
    setMouseTracking(true);
    viewport()->setAttribute(Qt::WA_OpaquePaintEvent);
    setFocusPolicy(Qt::StrongFocus);
    m_mapper.setRange(0, 20);
    // Runs only while an event is held: refreshHeld() starts and stops it.
    m_pulse = new QTimer(this);
    m_pulse->setInterval(40);
    connect(m_pulse, &QTimer::timeout, this, &TimelineView::pulse);
}

void TimelineView::setTransactions(TransactionTableModel *transactions)
{
    if (m_transactions)
        disconnect(m_transactions, nullptr, this, nullptr);
    m_transactions = transactions;
    connect(transactions, &TransactionTableModel::eventsAppended, this, &TimelineView::onEventsAppended);
    connect(transactions, &QAbstractItemModel::modelReset, this, [this] {
        m_hasData = false;
        m_selectedTransaction = m_selectedArrival = -1;
        viewport()->update();
    });
    onEventsAppended({});
}

void TimelineView::onEventsAppended(const QList<int> &transactionIndexes)
{
    if (!m_transactions)
        return;
    const CallStore &store = m_transactions->store();
    const auto widen = [this](const TransactionAnalysis &t) {
        if (t.eventCount() == 0)
            return;
        if (!m_hasData) {
            m_firstMs = t.firstMs();
            m_lastMs = t.lastMs();
            m_hasData = true;
        }
        m_firstMs = std::min(m_firstMs, t.firstMs());
        m_lastMs = std::max(m_lastMs, t.lastMs());
    };
    if (transactionIndexes.isEmpty()) {
        for (int i = 0; i < store.transactionCount(); ++i)
            widen(store.transaction(i));
    }
    for (const int index : transactionIndexes)
        widen(store.transaction(index));
    updateGeometries();
    if (m_followLive)
        followToEnd();
    viewport()->update();
}

void TimelineView::followToEnd()
{
    if (!m_hasData)
        return;
    // Show the whole session while it fits at a readable zoom; then keep the newest 60 s in view.
    const double span = double(m_lastMs - m_firstMs);
    if (span <= 60000) {
        m_mapper.fit(double(m_firstMs), double(m_lastMs) + 500, 0.03);
    } else {
        const double margin = m_mapper.width() * 0.05 * m_mapper.msPerPixel();
        m_mapper.setRange(double(m_lastMs) + margin - m_mapper.width() * m_mapper.msPerPixel(), m_mapper.msPerPixel());
    }
}

int TimelineView::transactionIndexOfRow(int row) const
{
    if (!model() || row < 0 || row >= model()->rowCount(rootIndex()))
        return -1;
    const QVariant value = model()->index(row, 0, rootIndex()).data(TransactionTableModel::TransactionIndexRole);
    return value.isValid() ? value.toInt() : -1;
}

int TimelineView::verticalOffset() const
{
    return verticalScrollBar()->value();
}

int TimelineView::laneTop(int row) const
{
    return axisHeight + row * laneHeight - verticalOffset();
}

void TimelineView::updateGeometries()
{
    const int rows = model() ? model()->rowCount(rootIndex()) : 0;
    const int content = rows * laneHeight;
    const int page = std::max(0, viewport()->height() - axisHeight);
    verticalScrollBar()->setRange(0, std::max(0, content - page));
    verticalScrollBar()->setPageStep(page);
    verticalScrollBar()->setSingleStep(laneHeight / 2);
    QAbstractItemView::updateGeometries();
}

void TimelineView::scrollContentsBy(int, int)
{
    viewport()->update();
}

// The horizontal bar spans the session at the current zoom; it is set from the mapper before
// each paint (signals blocked), and moving it moves the mapper.
void TimelineView::syncHorizontalBar()
{
    QScrollBar *bar = horizontalScrollBar();
    const QSignalBlocker block(bar);
    if (!m_hasData) {
        bar->setRange(0, 0);
        return;
    }
    const double limit = 1.0e9; // QScrollBar counts in int; far beyond any useful position
    const double msPerPixel = m_mapper.msPerPixel();
    const double value = std::clamp((m_mapper.startMs() - double(m_firstMs)) / msPerPixel, -limit, limit);
    const double content = std::clamp(double(m_lastMs - m_firstMs) / msPerPixel - m_mapper.width() / 2, 0.0, limit);
    bar->setRange(int(std::min(0.0, value)), int(std::max(content, value)));
    bar->setPageStep(int(m_mapper.width()));
    bar->setSingleStep(20);
    bar->setValue(int(value));
}

void TimelineView::resizeEvent(QResizeEvent *event)
{
    const double anchor = m_mapper.startMs();
    m_mapper.setWidth(viewport()->width());
    m_mapper.setRange(anchor, m_mapper.msPerPixel());
    QAbstractItemView::resizeEvent(event);
    if (m_followLive)
        followToEnd();
}

QRect TimelineView::visualRect(const QModelIndex &index) const
{
    if (!index.isValid())
        return {};
    return QRect(0, laneTop(index.row()), viewport()->width(), laneHeight);
}

void TimelineView::scrollTo(const QModelIndex &index, ScrollHint)
{
    if (!index.isValid())
        return;
    const QRect lane = visualRect(index);
    if (lane.top() < axisHeight)
        verticalScrollBar()->setValue(verticalScrollBar()->value() - (axisHeight - lane.top()));
    else if (lane.bottom() > viewport()->height())
        verticalScrollBar()->setValue(verticalScrollBar()->value() + lane.bottom() - viewport()->height());
    viewport()->update();
}

QModelIndex TimelineView::indexAt(const QPoint &point) const
{
    const Hit hit = hitTest(point);
    return hit.row < 0 ? QModelIndex() : model()->index(hit.row, 0, rootIndex());
}

TimelineView::Hit TimelineView::hitTest(const QPoint &pos) const
{
    Hit hit;
    if (!model() || !m_transactions || pos.y() < axisHeight)
        return hit;
    const int row = (pos.y() - axisHeight + verticalOffset()) / laneHeight;
    hit.transactionIndex = transactionIndexOfRow(row);
    if (hit.transactionIndex < 0 || hit.transactionIndex >= m_transactions->store().transactionCount())
        return {};
    hit.row = row;
    const int yInLane = pos.y() - laneTop(row);
    if (std::abs(yInLane - TimelineView::markerY) > TimelineView::markerRadius + 3)
        return hit;
    const TransactionAnalysis &transaction = m_transactions->store().transaction(hit.transactionIndex);
    for (const HeldEvent &held : m_held) {
        if (held.transactionId == transaction.transactionId()
            && std::abs(m_mapper.toPixel(double(held.receivedAtMs)) - pos.x()) <= TimelineView::markerRadius + 4) {
            hit.heldId = held.id;
            return hit;
        }
    }
    // Events arrive in time order, so the nearest marker is found by binary search on time.
    const auto &events = transaction.eventsByArrival();
    const double t = m_mapper.toTime(pos.x());
    const auto it = std::lower_bound(events.cbegin(), events.cend(), t,
                                     [](const EventRecord &e, double time) { return double(e.receivedAtMs) < time; });
    double best = TimelineView::markerRadius + 3;
    for (auto candidate = it == events.cbegin() ? it : it - 1; candidate != events.cend() && candidate <= it; ++candidate) {
        const double distance = std::abs(m_mapper.toPixel(double(candidate->receivedAtMs)) - pos.x());
        if (distance <= best) {
            best = distance;
            hit.arrivalIndex = candidate->arrivalIndex;
        }
    }
    if (hit.arrivalIndex >= 0) {
        for (const Anomaly &anomaly : shownAnomalies(transaction, shownAnomalyKinds(row)))
            hit.anomalous = hit.anomalous || anomaly.arrivalIndexes.contains(hit.arrivalIndex);
    }
    return hit;
}

QPointF TimelineView::markerPosition(int row, int arrivalIndex) const
{
    const int transaction = transactionIndexOfRow(row);
    if (transaction < 0 || !m_transactions)
        return {};
    const auto &events = m_transactions->store().transaction(transaction).eventsByArrival();
    if (arrivalIndex < 0 || arrivalIndex >= events.size())
        return {};
    return {m_mapper.toPixel(double(events.at(arrivalIndex).receivedAtMs)), double(laneTop(row) + TimelineView::markerY)};
}

QModelIndex TimelineView::moveCursor(CursorAction action, Qt::KeyboardModifiers)
{
    const int rows = model() ? model()->rowCount(rootIndex()) : 0;
    int row = currentIndex().isValid() ? currentIndex().row() : -1;
    const int page = std::max(1, (viewport()->height() - axisHeight) / laneHeight);
    switch (action) {
    case MoveUp: case MovePrevious: row = std::max(0, row - 1); break;
    case MoveDown: case MoveNext: row = std::min(rows - 1, row + 1); break;
    case MovePageUp: row = std::max(0, row - page); break;
    case MovePageDown: row = std::min(rows - 1, row + page); break;
    case MoveHome: row = 0; break;
    case MoveEnd: row = rows - 1; break;
    default: break;
    }
    return row < 0 || row >= rows ? QModelIndex() : model()->index(row, 0, rootIndex());
}

void TimelineView::setSelection(const QRect &rect, QItemSelectionModel::SelectionFlags command)
{
    const QModelIndex index = indexAt(rect.center());
    if (index.isValid())
        selectionModel()->select(index, command | QItemSelectionModel::Rows);
}

QRegion TimelineView::visualRegionForSelection(const QItemSelection &selection) const
{
    QRegion region;
    for (const QItemSelectionRange &range : selection)
        region += QRect(0, laneTop(range.top()), viewport()->width(), (range.bottom() - range.top() + 1) * laneHeight);
    return region;
}

void TimelineView::zoomIn() { m_mapper.zoomAround(viewport()->width() / 2.0, 2); setFollowLive(false); viewport()->update(); }
void TimelineView::zoomOut() { m_mapper.zoomAround(viewport()->width() / 2.0, 0.5); setFollowLive(false); viewport()->update(); }

void TimelineView::fitAll()
{
    if (m_hasData)
        m_mapper.fit(double(m_firstMs), double(m_lastMs), 0.03);
    viewport()->update();
}

void TimelineView::fitToSelection()
{
    const int transaction = transactionIndexOfRow(currentIndex().row());
    if (transaction < 0) {
        fitAll();
        return;
    }
    const TransactionAnalysis &t = m_transactions->store().transaction(transaction);
    m_mapper.fit(double(t.firstMs()), double(t.lastMs()), 0.05);
    setFollowLive(false);
    viewport()->update();
}

void TimelineView::setFollowLive(bool follow)
{
    if (follow == m_followLive)
        return;
    m_followLive = follow;
    if (follow)
        followToEnd();
    viewport()->update();
    emit followLiveChanged(follow);
}

void TimelineView::setOrder(EventOrder order)
{
    m_order = order;
    viewport()->update();
}

void TimelineView::setLabelMode(TimeAxisMapper::LabelMode mode)
{
    m_labelMode = mode;
    viewport()->update();
}

void TimelineView::selectEvent(int transactionIndex, int arrivalIndex)
{
    m_selectedTransaction = transactionIndex;
    m_selectedArrival = arrivalIndex;
    viewport()->update();
    emit eventSelected(transactionIndex, arrivalIndex);
}

void TimelineView::selectAdjacentEvent(int step)
{
    const int transaction = transactionIndexOfRow(currentIndex().row());
    if (transaction < 0)
        return;
    const TransactionAnalysis &t = m_transactions->store().transaction(transaction);
    if (t.eventCount() == 0)
        return;
    // Walk in the order shown, so Sequence order steps through the call as the service meant it.
    const QVector<int> &bySequence = t.sequenceOrder();
    int position = -1;
    if (transaction == m_selectedTransaction && m_selectedArrival >= 0)
        position = m_order == EventOrder::Arrival ? m_selectedArrival : int(bySequence.indexOf(m_selectedArrival));
    position = std::clamp(position < 0 ? (step > 0 ? 0 : t.eventCount() - 1) : position + step, 0, t.eventCount() - 1);
    const int arrival = m_order == EventOrder::Arrival ? position : bySequence.at(position);
    const double x = m_mapper.toPixel(double(t.eventsByArrival().at(arrival).receivedAtMs));
    if (x < 0 || x > viewport()->width())
        m_mapper.pan(viewport()->width() / 2.0 - x);
    selectEvent(transaction, arrival);
}

void TimelineView::panBy(double dx)
{
    m_mapper.pan(dx);
    setFollowLive(false);
    viewport()->update();
}

void TimelineView::wheelEvent(QWheelEvent *event)
{
    const QPoint delta = event->angleDelta();
    if (event->modifiers() & Qt::ControlModifier) {
        const double factor = std::pow(wheelZoomStep, delta.y() / 120.0);
        m_mapper.zoomAround(event->position().x(), factor);
        setFollowLive(false);
        viewport()->update();
    } else if (delta.x() != 0 || (event->modifiers() & Qt::ShiftModifier)) {
        panBy((delta.x() != 0 ? delta.x() : delta.y()) / 2.0);
    } else {
        QAbstractItemView::wheelEvent(event);
        return;
    }
    event->accept();
}

void TimelineView::mousePressEvent(QMouseEvent *event)
{
    m_pressPos = m_lastDragPos = event->position().toPoint();
    m_dragging = false;
    if (event->button() != Qt::LeftButton)
        QAbstractItemView::mousePressEvent(event);
}

void TimelineView::mouseMoveEvent(QMouseEvent *event)
{
    if (!(event->buttons() & Qt::LeftButton))
        return;
    const QPoint pos = event->position().toPoint();
    if (!m_dragging && (pos - m_pressPos).manhattanLength() < dragThreshold)
        return;
    m_dragging = true;
    const QPoint delta = pos - m_lastDragPos;
    m_lastDragPos = pos;
    verticalScrollBar()->setValue(verticalScrollBar()->value() - delta.y());
    panBy(delta.x());
}

void TimelineView::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && !m_dragging) {
        const Hit hit = hitTest(event->position().toPoint());
        if (hit.row >= 0) {
            const QModelIndex index = model()->index(hit.row, 0, rootIndex());
            selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            selectEvent(hit.transactionIndex, hit.arrivalIndex);
            if (hit.heldId >= 0)
                emit heldEventClicked(hit.heldId);
        }
    }
    m_dragging = false;
}

void TimelineView::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_Left: selectAdjacentEvent(-1); return;
    case Qt::Key_Right: selectAdjacentEvent(1); return;
    default: QAbstractItemView::keyPressEvent(event);
    }
}

bool TimelineView::viewportEvent(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QString text = toolTipAt(help->pos());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, viewport());
        return true;
    }
    if (event->type() == QEvent::NativeGesture) {
        auto *gesture = static_cast<QNativeGestureEvent *>(event);
        if (gesture->gestureType() == Qt::ZoomNativeGesture) {
            m_mapper.zoomAround(gesture->position().x(), 1.0 + gesture->value());
            setFollowLive(false);
            viewport()->update();
            return true;
        }
    }
    return QAbstractItemView::viewportEvent(event);
}

QString TimelineView::toolTipAt(const QPoint &pos) const
{
    const Hit hit = hitTest(pos);
    if (hit.row < 0)
        return {};
    const TransactionAnalysis &t = m_transactions->store().transaction(hit.transactionIndex);
    if (hit.heldId >= 0) {
        for (const HeldEvent &held : m_held) {
            if (held.id == hit.heldId) {
                const qint64 left = std::max<qint64>(0, held.deadlineAtMs - QDateTime::currentMSecsSinceEpoch());
                return tr("#%1 %2 held at a breakpoint (%3)\nthe default reply goes out in %4 s — "
                          "answer it in the Breakpoints panel")
                    .arg(held.sequence).arg(held.eventType, held.ruleSource).arg(double(left) / 1000.0, 0, 'f', 1);
            }
        }
    }
    if (hit.arrivalIndex < 0)
        return QStringLiteral("%1\n%2 → %3\n%4").arg(t.transactionId(), t.from(), t.to(), t.stateText());
    const EventRecord &e = t.eventsByArrival().at(hit.arrivalIndex);
    QStringList lines{QStringLiteral("#%1 %2").arg(e.sequence).arg(toString(e.type))};
    if (e.replyLatencyMs >= 0)
        lines << tr("reply after %1 ms").arg(e.replyLatencyMs);
    for (const Anomaly &anomaly : shownAnomalies(t, shownAnomalyKinds(hit.row))) {
        if (anomaly.arrivalIndexes.contains(hit.arrivalIndex))
            lines << QStringLiteral("⚠ ") + anomaly.message;
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace callconsole

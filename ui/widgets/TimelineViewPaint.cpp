// TimelineView's painting, apart from its interaction: everything here is bounded by the exposed
// rect — first lane by division, first event by binary search on time, markers that would land
// on an already painted pixel column merged into it.
#include "TimelineView.h"

#include "TransactionTableModel.h"

#include <QPaintEvent>
#include <QPainter>
#include <QVarLengthArray>

#include <algorithm>
#include <cmath>

namespace callconsole {

namespace {

QColor phaseColor(CallPhase phase)
{
    switch (phase) {
    case CallPhase::Dialing: return QColor(0x8e, 0x9a, 0xaf);
    case CallPhase::Ringing: return QColor(0xe0, 0xa1, 0x1b);
    case CallPhase::Connected: return QColor(0x2e, 0xa0, 0x43);
    case CallPhase::Ended: return QColor(0x70, 0x70, 0x70);
    }
    return Qt::gray;
}

QColor eventColor(InvocationEventType type)
{
    switch (type) {
    case InvocationEventType::NewInboundCall:
    case InvocationEventType::NewOutboundCall: return QColor(0x1f, 0x77, 0xd0);
    case InvocationEventType::Ringing: return QColor(0xe0, 0xa1, 0x1b);
    case InvocationEventType::CallAnswered: return QColor(0x2e, 0xa0, 0x43);
    case InvocationEventType::ActionSuccessful: return QColor(0x5c, 0x9e, 0xad);
    case InvocationEventType::ActionFailed:
    case InvocationEventType::InvalidLambdaResponse: return QColor(0xd6, 0x27, 0x28);
    case InvocationEventType::ActionInterrupted: return QColor(0xff, 0x7f, 0x0e);
    case InvocationEventType::Hangup: return QColor(0x60, 0x60, 0x60);
    case InvocationEventType::DigitsReceived: return QColor(0x94, 0x67, 0xbd);
    case InvocationEventType::CallUpdateRequested: return QColor(0x17, 0xbe, 0xcf);
    }
    return Qt::gray;
}

QColor latencyColor(int latencyMs)
{
    if (latencyMs >= hangupDeadlineMs)
        return QColor(0xd6, 0x27, 0x28);
    if (latencyMs >= retryDeadlineMs)
        return QColor(0xff, 0x7f, 0x0e);
    return QColor(0x2e, 0xa0, 0x43);
}

// One glyph per event family, so colour is not the only cue.
void drawGlyph(QPainter &painter, InvocationEventType type, const QPointF &c)
{
    const double r = TimelineView::markerRadius;
    switch (type) {
    case InvocationEventType::NewInboundCall:
    case InvocationEventType::NewOutboundCall: {
        const QPointF triangle[3] = {{c.x() - r, c.y() - r}, {c.x() + r, c.y()}, {c.x() - r, c.y() + r}};
        painter.drawPolygon(triangle, 3);
        return;
    }
    case InvocationEventType::Hangup:
        painter.drawRect(QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r));
        return;
    case InvocationEventType::ActionFailed:
    case InvocationEventType::InvalidLambdaResponse:
    case InvocationEventType::ActionInterrupted: {
        const QPointF diamond[4] = {{c.x(), c.y() - r}, {c.x() + r, c.y()}, {c.x(), c.y() + r}, {c.x() - r, c.y()}};
        painter.drawPolygon(diamond, 4);
        return;
    }
    default:
        painter.drawEllipse(c, r, r);
        return;
    }
}

} // namespace

void TimelineView::paintEvent(QPaintEvent *event)
{
    syncHorizontalBar();
    QPainter painter(viewport());
    const QRect exposed = event->rect();
    painter.fillRect(exposed, palette().base());
    if (!model() || !m_transactions)
        return;

    const QColor grid = [this] { QColor c = palette().color(QPalette::Mid); c.setAlpha(70); return c; }();
    const double origin = m_labelMode == TimeAxisMapper::LabelMode::CallRelative
                              ? double(m_selectedTransaction >= 0 && m_selectedTransaction < m_transactions->store().transactionCount()
                                           ? m_transactions->store().transaction(m_selectedTransaction).firstMs()
                                           : m_firstMs)
                              : 0.0;
    const auto ticks = m_mapper.ticks(90, m_labelMode, origin);
    painter.setPen(grid);
    for (const auto &tick : ticks)
        painter.drawLine(QPointF(tick.x, axisHeight), QPointF(tick.x, exposed.bottom()));

    const int rows = model()->rowCount(rootIndex());
    const int firstRow = std::max(0, (std::max(exposed.top(), axisHeight) - axisHeight + verticalOffset()) / laneHeight);
    const int lastRow = std::min(rows - 1, (exposed.bottom() - axisHeight + verticalOffset()) / laneHeight);
    painter.save();
    painter.setClipRect(QRect(exposed.left(), axisHeight, exposed.width(), viewport()->height()) & exposed);
    for (int row = firstRow; row <= lastRow; ++row)
        paintLane(painter, row, exposed);
    painter.restore();

    if (exposed.top() < axisHeight) {
        painter.fillRect(QRect(exposed.left(), 0, exposed.width(), axisHeight), palette().window());
        painter.setPen(palette().color(QPalette::WindowText));
        for (const auto &tick : ticks) {
            painter.drawLine(QPointF(tick.x, axisHeight - 6), QPointF(tick.x, axisHeight));
            painter.drawText(QPointF(tick.x + 3, axisHeight - 8), tick.label);
        }
        painter.setPen(palette().color(QPalette::Mid));
        painter.drawLine(0, axisHeight - 1, viewport()->width(), axisHeight - 1);
        if (m_followLive) {
            painter.setPen(QColor(0xd6, 0x27, 0x28));
            painter.fillRect(QRect(viewport()->width() - 60, 0, 60, axisHeight - 1), palette().window());
            painter.drawText(QRect(0, 0, viewport()->width() - 6, axisHeight - 4), Qt::AlignRight | Qt::AlignVCenter,
                             tr("● LIVE"));
        }
    }
}

void TimelineView::paintLane(QPainter &painter, int row, const QRect &exposed) const
{
    const int transactionIndex = transactionIndexOfRow(row);
    if (transactionIndex < 0)
        return;
    const TransactionAnalysis &t = m_transactions->store().transaction(transactionIndex);
    const int top = laneTop(row);
    const QRect lane(exposed.left(), top, exposed.width(), laneHeight);
    if (selectionModel() && selectionModel()->isRowSelected(row, rootIndex())) {
        QColor highlight = palette().color(QPalette::Highlight);
        highlight.setAlpha(50);
        painter.fillRect(lane, highlight);
    } else if (row % 2) {
        painter.fillRect(lane, palette().alternateBase());
    }

    const double left = exposed.left() - markerRadius * 4;
    const double right = exposed.right() + markerRadius * 4;
    const double clampLeft = std::max(left, -1.0e6);
    const double clampRight = std::min(right, 1.0e6);

    // Phase bars, one per leg.
    const auto legs = t.legs();
    for (int leg = 0; leg < legs.size() && leg < 2; ++leg) {
        const int y = top + legBarTop + leg * (legBarHeight + 2);
        for (const PhaseSpan &span : legs.at(leg).spans) {
            const double x1 = std::max(clampLeft, m_mapper.toPixel(double(span.startMs)));
            const qint64 end = span.endMs >= 0 ? span.endMs : t.lastMs();
            const double x2 = std::min(clampRight, m_mapper.toPixel(double(end)));
            if (span.phase == CallPhase::Ended) {
                painter.setPen(phaseColor(CallPhase::Ended));
                const double x = m_mapper.toPixel(double(span.startMs));
                painter.drawLine(QPointF(x, y), QPointF(x, y + legBarHeight));
                if (span.sipResponseCode > 0)
                    painter.drawText(QPointF(x + 3, y + legBarHeight), QString::number(span.sipResponseCode));
                continue;
            }
            if (x2 < x1)
                continue;
            painter.fillRect(QRectF(x1, y, std::max(1.0, x2 - x1), legBarHeight), phaseColor(span.phase));
        }
    }

    // Events carrying an anomaly of a shown kind, by arrival index; most lanes have none and
    // skip the lookup. Markers of hidden kinds are drawn as plain events.
    const AnomalyKindMask shown = shownAnomalyKinds(row);
    QVarLengthArray<int, 32> flagged;
    if (t.anomalyCount() > 0) {
        for (const Anomaly &anomaly : shownAnomalies(t, shown))
            for (const int arrival : anomaly.arrivalIndexes)
                flagged.append(arrival);
    }
    const bool showInversions = showsAnomalyKind(shown, AnomalyKind::OutOfOrder);
    const auto isFlagged = [&flagged](int arrival) { return std::find(flagged.cbegin(), flagged.cend(), arrival) != flagged.cend(); };

    const auto &events = t.eventsByArrival();
    const int y = top + markerY;

    // Sequence order: join the markers in the order the service numbered them; a join that runs
    // backwards in time is an inversion and is drawn red while inversions are shown.
    if (m_order == EventOrder::Sequence && events.size() > 1) {
        const QVector<int> &bySequence = t.sequenceOrder();
        QPen forward(palette().color(QPalette::Mid), 1);
        QPen backward(QColor(0xd6, 0x27, 0x28), 2);
        for (int i = 1; i < bySequence.size(); ++i) {
            const double x1 = m_mapper.toPixel(double(events.at(bySequence.at(i - 1)).receivedAtMs));
            const double x2 = m_mapper.toPixel(double(events.at(bySequence.at(i)).receivedAtMs));
            if (std::max(x1, x2) < left || std::min(x1, x2) > right)
                continue;
            const bool inversion = x2 < x1 && showInversions;
            painter.setPen(inversion ? backward : forward);
            painter.drawLine(QPointF(x1, y), QPointF(x2, y));
            if (inversion)
                painter.drawLine(QPointF(x2, y), QPointF(x2 + 5, y - 4));
        }
    }

    const auto first = std::lower_bound(events.cbegin(), events.cend(), m_mapper.toTime(left),
                                        [](const EventRecord &e, double time) { return double(e.receivedAtMs) < time; });
    int lastPixel = std::numeric_limits<int>::min();
    double lastLabelRight = -1e9;
    painter.setRenderHint(QPainter::Antialiasing, true);
    for (auto it = first; it != events.cend(); ++it) {
        const double x = m_mapper.toPixel(double(it->receivedAtMs));
        if (x > right)
            break;
        const bool selected = transactionIndex == m_selectedTransaction && it->arrivalIndex == m_selectedArrival;
        const bool anomalous = !flagged.isEmpty() && isFlagged(it->arrivalIndex);
        const int pixel = int(std::floor(x));
        if (pixel == lastPixel && !selected && !anomalous)
            continue; // merged into the marker already on this pixel column
        lastPixel = pixel;

        if (it->replyLatencyMs >= 0) {
            const double width = it->replyLatencyMs / m_mapper.msPerPixel();
            if (width >= 1) {
                painter.setPen(QPen(latencyColor(it->replyLatencyMs), 2));
                painter.drawLine(QPointF(x, y + markerRadius + 3), QPointF(std::min(right, x + width), y + markerRadius + 3));
            }
        }
        if (selected) {
            // The service's clock for this event: retry at 5 s, hang up at 20 s without a reply.
            painter.setPen(QPen(QColor(0xff, 0x7f, 0x0e), 1, Qt::DashLine));
            const double retryX = x + retryDeadlineMs / m_mapper.msPerPixel();
            const double hangupX = x + hangupDeadlineMs / m_mapper.msPerPixel();
            painter.drawLine(QPointF(retryX, top + 2), QPointF(retryX, top + laneHeight - 2));
            painter.setPen(QPen(QColor(0xd6, 0x27, 0x28), 1, Qt::DashLine));
            painter.drawLine(QPointF(hangupX, top + 2), QPointF(hangupX, top + laneHeight - 2));
        }

        const QColor colour = eventColor(it->type);
        painter.setPen(selected ? QPen(palette().color(QPalette::Highlight), 2.5) : QPen(colour.darker(130), 1));
        painter.setBrush(it->isDuplicate ? QBrush(Qt::NoBrush) : QBrush(colour));
        drawGlyph(painter, it->type, QPointF(x, y));
        if (anomalous) {
            painter.setPen(QPen(QColor(0xd6, 0x27, 0x28), 2));
            painter.setBrush(Qt::NoBrush);
            painter.drawEllipse(QPointF(x, y), markerRadius + 3, markerRadius + 3);
        }
        if (x - 6 > lastLabelRight) {
            painter.setPen(palette().color(QPalette::Text));
            const QString label = QString::number(it->sequence);
            painter.drawText(QPointF(x + markerRadius + 2, y - 2), label);
            lastLabelRight = x + markerRadius + 2 + 7 * label.size();
        }
    }
    if (!m_held.isEmpty())
        paintHeld(painter, row, t.transactionId());
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.setBrush(Qt::NoBrush);

    QFont small = painter.font();
    small.setPointSizeF(small.pointSizeF() * 0.8);
    painter.setFont(small);
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(QPointF(4, top + laneHeight - 4), t.transactionId() + QStringLiteral("  ") + t.stateText());
    painter.setFont(font());
}

} // namespace callconsole

// TimelineView's events held at a breakpoint: they are not in the store until answered, so they
// come from the endpoint itself. Each pulses on its lane with the seconds left before the default
// reply; the pulse timer runs only while something is held, and each tick repaints only the
// held markers' own rects.
#include "TimelineView.h"

#include "EndpointServer.h"
#include "TransactionTableModel.h"

#include <QDateTime>
#include <QPainter>
#include <QTimer>

#include <algorithm>
#include <cmath>

namespace callconsole {

namespace {

constexpr int pulsePeriodMs = 1000;
constexpr int pulseReach = 7;  // how far the ring grows beyond the marker

QColor heldColor()
{
    return QColor(0xff, 0x7f, 0x0e);
}

QString countdownText(const HeldEvent &held, qint64 now)
{
    const qint64 left = std::max<qint64>(0, held.deadlineAtMs - now);
    return QStringLiteral("%1 s").arg(double(left) / 1000.0, 0, 'f', 1);
}

} // namespace

void TimelineView::watchHeldEvents(EndpointServer *endpoint)
{
    if (m_endpoint)
        disconnect(m_endpoint, nullptr, this, nullptr);
    m_endpoint = endpoint;
    if (endpoint)
        connect(endpoint, &EndpointServer::heldChanged, this, &TimelineView::refreshHeld);
    refreshHeld();
}

void TimelineView::refreshHeld()
{
    setHeldEvents(m_endpoint ? m_endpoint->heldEvents() : QList<HeldEvent>());
}

void TimelineView::setHeldEvents(const QList<HeldEvent> &held)
{
    pulse(); // where the old markers were
    m_held = held;
    // A held event is the newest thing in its call: following live keeps it in view. It may
    // be the first event of the session, before any is stored: then it starts the time range.
    for (const HeldEvent &event : m_held) {
        if (!m_hasData || event.receivedAtMs > m_lastMs) {
            if (!m_hasData)
                m_firstMs = event.receivedAtMs;
            m_lastMs = event.receivedAtMs;
            m_hasData = true;
            if (m_followLive)
                followToEnd();
            viewport()->update();
        }
    }
    if (m_held.isEmpty())
        m_pulse->stop();
    else if (!m_pulse->isActive())
        m_pulse->start();
    pulse();
}

bool TimelineView::isPulsing() const
{
    return m_pulse->isActive();
}

void TimelineView::pulse()
{
    for (const HeldEvent &held : std::as_const(m_held)) {
        const int row = rowOfTransaction(held.transactionId);
        if (row >= 0)
            viewport()->update(heldRect(row, held));
    }
}

int TimelineView::rowOfTransaction(const QString &transactionId) const
{
    if (!model() || !m_transactions)
        return -1;
    const int rows = model()->rowCount(rootIndex());
    const int first = std::max(0, verticalOffset() / laneHeight);
    const int last = std::min(rows - 1, (verticalOffset() + viewport()->height() - axisHeight) / laneHeight);
    const CallStore &store = m_transactions->store();
    for (int row = first; row <= last; ++row) {
        const int transaction = transactionIndexOfRow(row);
        if (transaction >= 0 && transaction < store.transactionCount() && store.transaction(transaction).transactionId() == transactionId)
            return row;
    }
    return -1;
}

QRect TimelineView::heldRect(int row, const HeldEvent &held) const
{
    const int x = int(std::lround(m_mapper.toPixel(double(held.receivedAtMs))));
    const int y = laneTop(row) + markerY;
    const int reach = markerRadius + pulseReach + 2;
    const int text = fontMetrics().horizontalAdvance(QStringLiteral("00.0 s")) + 10;
    return QRect(x - reach, y - reach, 2 * reach + text, 2 * reach);
}

QPointF TimelineView::heldMarkerPosition(qint64 heldId) const
{
    for (const HeldEvent &held : m_held) {
        if (held.id != heldId)
            continue;
        const int row = rowOfTransaction(held.transactionId);
        if (row < 0)
            return {};
        return {m_mapper.toPixel(double(held.receivedAtMs)), double(laneTop(row) + markerY)};
    }
    return {};
}

void TimelineView::paintHeld(QPainter &painter, int row, const QString &transactionId) const
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const double phase = double(now % pulsePeriodMs) / pulsePeriodMs;
    const QColor colour = heldColor();
    const double y = laneTop(row) + markerY;
    for (const HeldEvent &held : m_held) {
        if (held.transactionId != transactionId)
            continue;
        const double x = m_mapper.toPixel(double(held.receivedAtMs));
        QColor ring = colour;
        ring.setAlphaF(float(1.0 - phase));
        painter.setBrush(Qt::NoBrush);
        painter.setPen(QPen(ring, 2));
        const double radius = markerRadius + 2 + pulseReach * phase;
        painter.drawEllipse(QPointF(x, y), radius, radius);

        painter.setPen(QPen(colour.darker(130), 1));
        painter.setBrush(colour);
        painter.drawEllipse(QPointF(x, y), markerRadius + 1, markerRadius + 1);
        // A pause sign: the event waits for the user.
        painter.setPen(Qt::NoPen);
        painter.setBrush(palette().color(QPalette::Base));
        painter.drawRect(QRectF(x - 2.5, y - 3, 1.8, 6));
        painter.drawRect(QRectF(x + 0.7, y - 3, 1.8, 6));

        const QString text = countdownText(held, now);
        const QRectF box(x + markerRadius + pulseReach + 1, y - fontMetrics().height() / 2.0,
                         fontMetrics().horizontalAdvance(text) + 6, fontMetrics().height());
        QColor back = palette().color(QPalette::Base);
        back.setAlpha(220);
        painter.fillRect(box, back);
        painter.setPen(colour.darker(palette().color(QPalette::Base).lightness() > 128 ? 140 : 100));
        painter.drawText(box, Qt::AlignCenter, text);
    }
    painter.setBrush(Qt::NoBrush);
}

AnomalyKindMask TimelineView::shownAnomalyKinds(int row) const
{
    const QVariant shown = model() ? model()->index(row, 0, rootIndex()).data(TransactionTableModel::ShownAnomalyKindsRole) : QVariant();
    return shown.isValid() ? AnomalyKindMask(shown.toUInt()) : allAnomalyKindsMask();
}

} // namespace callconsole

#include "LadderPainter.h"

#include <QCoreApplication>
#include <QFontInfo>
#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace callconsole {

namespace {

constexpr int margin = 12;
constexpr double minLaneSpacing = 160;
constexpr double maxLaneSpacing = 900;
constexpr double arrowHead = 7;

QString timeText(qint64 ms)
{
    return QStringLiteral("+%1 s").arg(double(ms) / 1000.0, 0, 'f', 3);
}

QString anomalyLine(const LadderArrow &arrow)
{
    QStringList kinds;
    for (const Anomaly &anomaly : arrow.anomalies) {
        const QString kind = toString(anomaly.kind);
        if (!kinds.contains(kind))
            kinds << kind;
    }
    return QStringLiteral("⚠ ") + kinds.join(QStringLiteral(", "));
}

} // namespace

QColor ladderAnomalyColor()
{
    return QColor(0xd6, 0x27, 0x28);
}

QFont LadderLayout::pixelFont(const QFont &font)
{
    QFont pixel = font;
    pixel.setPixelSize(std::max(9, QFontInfo(font).pixelSize()));
    return pixel;
}

LadderLayout::LadderLayout(const LadderDiagram &diagram, const QFont &font, int availableWidth)
    : m_font(font)
    , m_lanes(int(diagram.lanes().size()))
    , m_arrows(int(diagram.arrows().size()))
{
    const QFontMetricsF metrics(m_font);
    m_headerHeight = int(std::ceil(metrics.height())) + 24;
    m_rowHeight = int(std::ceil(metrics.height() * 2)) + 14;
    m_gutterWidth = int(std::ceil(metrics.horizontalAdvance(QStringLiteral("+000.000 s")))) + margin;
    // Every arrow joins neighbouring lanes and its label sits between them, so the gap between
    // lanes fits the widest label; outside the outer lanes only their names need room.
    double widest = 0;
    for (const LadderArrow &arrow : diagram.arrows()) {
        widest = std::max(widest, metrics.horizontalAdvance(arrow.label));
        if (!arrow.anomalies.isEmpty())
            widest = std::max(widest, metrics.horizontalAdvance(anomalyLine(arrow)));
    }
    double widestName = 0;
    for (const LadderLane lane : diagram.lanes())
        widestName = std::max(widestName, metrics.horizontalAdvance(LadderDiagram::laneName(lane)));
    m_laneSpacing = std::clamp(std::max(widest, widestName) + 28, minLaneSpacing, maxLaneSpacing);
    m_outerMargin = widestName / 2 + 20;
    if (availableWidth > 0 && m_lanes > 1) {
        const double room = std::floor((availableWidth - m_gutterWidth - 2 * m_outerMargin - margin - 1) / (m_lanes - 1));
        m_laneSpacing = std::clamp(room, minLaneSpacing, m_laneSpacing);
    }
    const int width = int(std::ceil(m_gutterWidth + 2 * m_outerMargin + m_laneSpacing * std::max(0, m_lanes - 1))) + margin;
    const int height = m_headerHeight + m_rowHeight * m_arrows + margin;
    m_size = QSize(width, height);
}

double LadderLayout::laneX(int laneIndex) const
{
    return m_gutterWidth + m_outerMargin + m_laneSpacing * laneIndex;
}

int LadderLayout::arrowY(int arrowIndex) const
{
    return m_headerHeight + m_rowHeight * arrowIndex + m_rowHeight / 2;
}

QRect LadderLayout::rowRect(int arrowIndex) const
{
    return QRect(0, m_headerHeight + m_rowHeight * arrowIndex, m_size.width(), m_rowHeight);
}

int LadderLayout::arrowAt(const QPoint &pos) const
{
    if (pos.y() < m_headerHeight || pos.x() < 0 || pos.x() > m_size.width())
        return -1;
    const int row = (pos.y() - m_headerHeight) / std::max(1, m_rowHeight);
    return row < m_arrows ? row : -1;
}

void paintLadder(QPainter &painter, const LadderDiagram &diagram, const LadderLayout &layout, const QPalette &palette,
                 int selectedArrival, const QRect &exposed)
{
    const QRect area = exposed.isNull() ? QRect(QPoint(0, 0), layout.size()) : exposed;
    painter.save();
    painter.setFont(layout.font());
    painter.fillRect(area, palette.base());
    const QFontMetricsF metrics(layout.font());
    const QColor text = palette.color(QPalette::Text);
    const QColor quiet = palette.color(QPalette::PlaceholderText);
    const QColor anomaly = ladderAnomalyColor();

    if (diagram.isEmpty()) {
        painter.setPen(quiet);
        painter.drawText(QRect(QPoint(0, 0), layout.size()), Qt::AlignCenter,
                         QCoreApplication::translate("LadderPainter", "Select a transaction to see its ladder"));
        painter.restore();
        return;
    }

    // Rows of the selected event, behind everything else.
    QColor highlight = palette.color(QPalette::Highlight);
    highlight.setAlpha(45);
    const auto &arrows = diagram.arrows();
    const int firstRow = std::max(0, layout.arrowAt(QPoint(1, std::max(area.top(), layout.headerHeight()))));
    const int lastRow = std::min(int(arrows.size()) - 1,
                                 (area.bottom() - layout.headerHeight()) / std::max(1, layout.rowHeight()));
    for (int i = firstRow; i <= lastRow; ++i) {
        if (selectedArrival >= 0 && arrows.at(i).arrivalIndex == selectedArrival)
            painter.fillRect(layout.rowRect(i), highlight);
    }

    // Lifelines, then the lane names on top.
    const int lanes = int(diagram.lanes().size());
    QPen lifeline(palette.color(QPalette::Mid), 1, Qt::DashLine);
    painter.setPen(lifeline);
    for (int lane = 0; lane < lanes; ++lane) {
        const double x = layout.laneX(lane);
        painter.drawLine(QPointF(x, layout.headerHeight() - 4), QPointF(x, layout.size().height() - 4));
    }
    if (area.top() < layout.headerHeight()) {
        for (int lane = 0; lane < lanes; ++lane) {
            const QString name = LadderDiagram::laneName(diagram.lanes().at(lane));
            const double width = metrics.horizontalAdvance(name) + 24;
            const QRectF box(layout.laneX(lane) - width / 2, 6, width, layout.headerHeight() - 12);
            painter.setPen(palette.color(QPalette::Mid));
            painter.setBrush(palette.button());
            painter.drawRoundedRect(box, 4, 4);
            painter.setPen(palette.color(QPalette::ButtonText));
            painter.drawText(box, Qt::AlignCenter, name);
        }
        painter.setBrush(Qt::NoBrush);
    }

    painter.setRenderHint(QPainter::Antialiasing, true);
    for (int i = firstRow; i <= lastRow; ++i) {
        const LadderArrow &arrow = arrows.at(i);
        const double y = layout.arrowY(i);
        const double fromX = layout.laneX(diagram.laneIndex(arrow.from));
        const double toX = layout.laneX(diagram.laneIndex(arrow.to));
        const bool flagged = !arrow.anomalies.isEmpty();
        const QColor colour = flagged ? anomaly : text;

        painter.setPen(quiet);
        painter.drawText(QPointF(margin / 2.0, y + metrics.ascent() / 2 - 1), timeText(arrow.atMs - diagram.firstMs()));

        QPen line(colour, flagged ? 2.0 : 1.2, arrow.isAnswer() ? Qt::DashLine : Qt::SolidLine);
        painter.setPen(line);
        const double direction = toX > fromX ? 1.0 : -1.0;
        painter.drawLine(QPointF(fromX, y), QPointF(toX - direction * arrowHead, y));
        QPainterPath head;
        head.moveTo(toX, y);
        head.lineTo(toX - direction * arrowHead * 1.6, y - arrowHead / 1.6);
        head.lineTo(toX - direction * arrowHead * 1.6, y + arrowHead / 1.6);
        head.closeSubpath();
        painter.fillPath(head, colour);

        const double left = std::min(fromX, toX) + 8;
        const double span = std::abs(toX - fromX) - 16;
        const QRectF labelBox(left, y - metrics.height() - 3, span, metrics.height());
        painter.setPen(text);
        painter.drawText(labelBox, Qt::AlignHCenter | Qt::AlignBottom,
                         metrics.elidedText(arrow.label, Qt::ElideRight, span));
        if (flagged) {
            painter.setPen(anomaly);
            const QRectF below(left, y + 3, span, metrics.height());
            painter.drawText(below, Qt::AlignHCenter | Qt::AlignTop, metrics.elidedText(anomalyLine(arrow), Qt::ElideRight, span));
        }
    }
    painter.restore();
}

} // namespace callconsole

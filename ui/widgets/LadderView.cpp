#include "LadderView.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPaintEvent>
#include <QPainter>
#include <QScrollBar>
#include <QToolTip>

namespace callconsole {

LadderView::LadderView(QWidget *parent)
    : QAbstractScrollArea(parent)
{
    setMouseTracking(true);
    viewport()->setAttribute(Qt::WA_OpaquePaintEvent);
    setBackgroundRole(QPalette::Base);
    relayout();
}

void LadderView::setDiagram(LadderDiagram diagram)
{
    m_diagram = std::move(diagram);
    relayout();
}

void LadderView::setSelectedArrival(int arrivalIndex)
{
    if (arrivalIndex == m_selectedArrival)
        return;
    m_selectedArrival = arrivalIndex;
    const int arrow = m_diagram.arrowOfArrival(arrivalIndex);
    if (arrow >= 0) {
        const QRect row = m_layout.rowRect(arrow).translated(-contentOffset());
        if (row.top() < 0 || row.bottom() > viewport()->height())
            verticalScrollBar()->setValue(m_layout.rowRect(arrow).center().y() - viewport()->height() / 2);
    }
    viewport()->update();
}

void LadderView::relayout()
{
    m_layout = LadderLayout(m_diagram, LadderLayout::pixelFont(font()), viewport()->width());
    const QSize content = m_layout.size();
    const QSize page = viewport()->size();
    horizontalScrollBar()->setRange(0, std::max(0, content.width() - page.width()));
    horizontalScrollBar()->setPageStep(page.width());
    verticalScrollBar()->setRange(0, std::max(0, content.height() - page.height()));
    verticalScrollBar()->setPageStep(page.height());
    verticalScrollBar()->setSingleStep(m_layout.rowHeight());
    viewport()->update();
}

QPoint LadderView::contentOffset() const
{
    return QPoint(horizontalScrollBar()->value(), verticalScrollBar()->value());
}

int LadderView::arrowAt(const QPoint &viewportPos) const
{
    return m_layout.arrowAt(viewportPos + contentOffset());
}

QPoint LadderView::arrowPosition(int arrowIndex) const
{
    if (arrowIndex < 0 || arrowIndex >= m_diagram.arrows().size())
        return {};
    const LadderArrow &arrow = m_diagram.arrows().at(arrowIndex);
    const double x = (m_layout.laneX(m_diagram.laneIndex(arrow.from)) + m_layout.laneX(m_diagram.laneIndex(arrow.to))) / 2;
    return QPoint(int(x), m_layout.arrowY(arrowIndex)) - contentOffset();
}

QString LadderView::toolTipAt(const QPoint &viewportPos) const
{
    const int index = arrowAt(viewportPos);
    if (index < 0)
        return {};
    const LadderArrow &arrow = m_diagram.arrows().at(index);
    QStringList lines{arrow.label};
    for (const Anomaly &anomaly : arrow.anomalies)
        lines << QStringLiteral("⚠ ") + anomaly.message;
    return lines.join(QLatin1Char('\n'));
}

void LadderView::paintEvent(QPaintEvent *event)
{
    QPainter painter(viewport());
    const QPoint offset = contentOffset();
    painter.fillRect(event->rect(), palette().base());
    painter.translate(-offset);
    const QRect exposed = event->rect().translated(offset);
    // An empty ladder fills the viewport with its hint instead of its own (empty) size.
    if (m_diagram.isEmpty()) {
        painter.resetTransform();
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(viewport()->rect(), Qt::AlignCenter | Qt::TextWordWrap, tr("Select a transaction to see its ladder"));
        return;
    }
    paintLadder(painter, m_diagram, m_layout, palette(), m_selectedArrival, exposed & QRect(QPoint(0, 0), m_layout.size()));
}

void LadderView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    relayout();
}

void LadderView::changeEvent(QEvent *event)
{
    QAbstractScrollArea::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::PaletteChange)
        relayout();
}

void LadderView::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        const int index = arrowAt(event->position().toPoint());
        if (index >= 0) {
            const int arrival = m_diagram.arrows().at(index).arrivalIndex;
            setSelectedArrival(arrival);
            emit arrivalActivated(arrival);
        }
    }
    QAbstractScrollArea::mouseReleaseEvent(event);
}

bool LadderView::viewportEvent(QEvent *event)
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
    return QAbstractScrollArea::viewportEvent(event);
}

} // namespace callconsole

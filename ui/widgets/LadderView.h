// The ladder of one transaction on screen: scrolls when it is larger than the dock, explains an
// anomaly in the tooltip of the arrow it concerns, and activates an event on click.
#pragma once

#include "LadderDiagram.h"
#include "LadderPainter.h"

#include <QAbstractScrollArea>

namespace callconsole {

class LadderView : public QAbstractScrollArea
{
    Q_OBJECT

public:
    explicit LadderView(QWidget *parent = nullptr);

    void setDiagram(LadderDiagram diagram);
    const LadderDiagram &diagram() const { return m_diagram; }
    const LadderLayout &ladderLayout() const { return m_layout; }

    void setSelectedArrival(int arrivalIndex);
    int selectedArrival() const { return m_selectedArrival; }

    // Viewport coordinates ↔ arrows.
    int arrowAt(const QPoint &viewportPos) const;
    QPoint arrowPosition(int arrowIndex) const; // the middle of its line; null when out of range
    QString toolTipAt(const QPoint &viewportPos) const;

    // Wide enough for two lanes and their labels: the dock starts at a readable width.
    QSize sizeHint() const override { return QSize(480, 360); }

signals:
    void arrivalActivated(int arrivalIndex);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void changeEvent(QEvent *event) override;
    bool viewportEvent(QEvent *event) override;

private:
    void relayout();
    QPoint contentOffset() const;

    LadderDiagram m_diagram;
    LadderLayout m_layout;
    int m_selectedArrival = -1;
};

} // namespace callconsole

// Where a ladder's lanes and arrows go, in logical pixels, and how they are painted. The view,
// the PNG export and the SVG export all paint through here, so what is exported is what is shown.
#pragma once

#include "LadderDiagram.h"

#include <QFont>
#include <QPalette>
#include <QRect>
#include <QSize>

class QPainter;

namespace callconsole {

class LadderLayout
{
public:
    LadderLayout() = default;
    // font must have a pixel size, so that text measures the same on a screen, in an image and
    // in an SVG file (whose resolutions differ).
    // availableWidth > 0 narrows the gaps between lanes (down to a readable minimum) to fit it;
    // labels that no longer fit are elided. 0: every label at full width (the exports).
    LadderLayout(const LadderDiagram &diagram, const QFont &font, int availableWidth = 0);

    QSize size() const { return m_size; }
    const QFont &font() const { return m_font; }
    int headerHeight() const { return m_headerHeight; }
    int rowHeight() const { return m_rowHeight; }
    int gutterWidth() const { return m_gutterWidth; }

    double laneX(int laneIndex) const;
    int arrowY(int arrowIndex) const;          // the y of the arrow's line
    QRect rowRect(int arrowIndex) const;       // the band the arrow and its label occupy
    int arrowAt(const QPoint &pos) const;      // -1: none

    // The font all ladders use: the given one at its current pixel size.
    static QFont pixelFont(const QFont &font);

private:
    QFont m_font;
    QSize m_size;
    int m_lanes = 0;
    int m_arrows = 0;
    int m_headerHeight = 0;
    int m_rowHeight = 0;
    int m_gutterWidth = 0;
    double m_laneSpacing = 0;
    double m_outerMargin = 0;
};

// Paints the whole ladder (or the rows meeting `exposed`, when given) with the palette's roles:
// Base behind, Text for labels, Mid for lifelines, Highlight behind the selected event's rows.
void paintLadder(QPainter &painter, const LadderDiagram &diagram, const LadderLayout &layout, const QPalette &palette,
                 int selectedArrival = -1, const QRect &exposed = {});

// The red used for anomalies, as the timeline uses it.
QColor ladderAnomalyColor();

} // namespace callconsole

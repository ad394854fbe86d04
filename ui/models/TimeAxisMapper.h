// Time (epoch milliseconds) ↔ pixel mapping of the timeline, kept free of widgets so zoom, pan
// and tick choice can be tested as plain arithmetic. The view owns one and asks it everything.
#pragma once

#include <QString>
#include <QVector>

namespace callconsole {

class TimeAxisMapper
{
public:
    enum class LabelMode { WallClock, CallRelative };

    struct Tick
    {
        double timeMs = 0;
        double x = 0;
        QString label;
    };

    // Bounds keep the arithmetic meaningful: 1 µs/px shows single events apart, 1 day/px is
    // more than any session spans.
    static constexpr double minMsPerPixel = 0.001;
    static constexpr double maxMsPerPixel = 86400000.0;

    void setWidth(double widthPx);
    double width() const { return m_width; }

    void setRange(double startMs, double msPerPixel);
    double startMs() const { return m_startMs; }
    double endMs() const { return m_startMs + m_width * m_msPerPixel; }
    double msPerPixel() const { return m_msPerPixel; }

    double toPixel(double timeMs) const { return (timeMs - m_startMs) / m_msPerPixel; }
    double toTime(double x) const { return m_startMs + x * m_msPerPixel; }

    // factor > 1 zooms in; the time under anchorX stays under anchorX.
    void zoomAround(double anchorX, double factor);
    // Positive dx moves the content right, i.e. shows earlier times.
    void pan(double dxPx);
    // Shows [fromMs, toMs] with a margin on each side (a fraction of the span).
    void fit(double fromMs, double toMs, double margin = 0.05);

    // The step between ticks so that neighbours are at least minSpacingPx apart: 1-2-5 in
    // milliseconds, then the clock's own divisions (1, 2, 5, 10, 15, 30 s; 1 … 30 min; hours).
    static double tickStepMs(double msPerPixel, double minSpacingPx);
    // Ticks covering the visible range; relative labels count from originMs.
    QVector<Tick> ticks(double minSpacingPx, LabelMode mode, double originMs = 0) const;
    static QString label(double timeMs, double stepMs, LabelMode mode, double originMs);

private:
    double m_width = 1000;
    double m_startMs = 0;
    double m_msPerPixel = 1;
};

} // namespace callconsole

#include "TimeAxisMapper.h"

#include <QDateTime>

#include <algorithm>
#include <cmath>
#include <iterator>

namespace callconsole {

namespace {

constexpr double second = 1000.0;
constexpr double minute = 60 * second;
constexpr double hour = 60 * minute;

// Sub-second steps follow 1-2-5; above that the clock's own divisions read better than 20 s or 50 s.
constexpr double clockSteps[] = {
    1 * second, 2 * second, 5 * second, 10 * second, 15 * second, 30 * second,
    1 * minute, 2 * minute, 5 * minute, 10 * minute, 15 * minute, 30 * minute,
    1 * hour, 2 * hour, 3 * hour, 6 * hour, 12 * hour, 24 * hour,
};

QString fraction(double ms, double stepMs)
{
    // Only as many decimals as the step needs: 0.5 s steps show one, 10 ms steps show two.
    const int decimals = stepMs >= second ? 0 : stepMs >= 100 ? 1 : stepMs >= 10 ? 2 : 3;
    return QString::number(ms / second, 'f', decimals);
}

} // namespace

void TimeAxisMapper::setWidth(double widthPx)
{
    m_width = std::max(1.0, widthPx);
}

void TimeAxisMapper::setRange(double startMs, double msPerPixel)
{
    m_startMs = startMs;
    m_msPerPixel = std::clamp(msPerPixel, minMsPerPixel, maxMsPerPixel);
}

void TimeAxisMapper::zoomAround(double anchorX, double factor)
{
    if (!(factor > 0))
        return;
    const double anchorMs = toTime(anchorX);
    m_msPerPixel = std::clamp(m_msPerPixel / factor, minMsPerPixel, maxMsPerPixel);
    m_startMs = anchorMs - anchorX * m_msPerPixel;
}

void TimeAxisMapper::pan(double dxPx)
{
    m_startMs -= dxPx * m_msPerPixel;
}

void TimeAxisMapper::fit(double fromMs, double toMs, double margin)
{
    if (toMs < fromMs)
        std::swap(fromMs, toMs);
    double span = toMs - fromMs;
    if (span <= 0)
        span = second; // a single instant: show a second around it
    const double padded = span * (1 + 2 * std::max(0.0, margin));
    m_msPerPixel = std::clamp(padded / m_width, minMsPerPixel, maxMsPerPixel);
    const double centre = fromMs + (toMs - fromMs) / 2;
    m_startMs = centre - m_width * m_msPerPixel / 2;
}

double TimeAxisMapper::tickStepMs(double msPerPixel, double minSpacingPx)
{
    const double raw = std::max(msPerPixel * std::max(1.0, minSpacingPx), minMsPerPixel);
    if (raw < second) {
        const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
        for (const double mantissa : {1.0, 2.0, 5.0, 10.0}) {
            if (mantissa * magnitude >= raw * (1 - 1e-9))
                return mantissa * magnitude;
        }
    }
    const auto found = std::find_if(std::begin(clockSteps), std::end(clockSteps),
                                    [raw](double step) { return step >= raw * (1 - 1e-9); });
    if (found != std::end(clockSteps))
        return *found;
    return std::ceil(raw / (24 * hour)) * 24 * hour;
}

QVector<TimeAxisMapper::Tick> TimeAxisMapper::ticks(double minSpacingPx, LabelMode mode, double originMs) const
{
    const double step = tickStepMs(m_msPerPixel, minSpacingPx);
    // Relative ticks sit on whole steps from the call's start, wall-clock ticks on whole steps
    // of UTC (local offsets are whole minutes, so steps up to a minute still land on round times).
    const double base = mode == LabelMode::CallRelative ? originMs : 0;
    const double first = base + std::ceil((m_startMs - base) / step) * step;
    QVector<Tick> result;
    result.reserve(int(m_width * m_msPerPixel / step) + 2);
    for (double t = first; t <= endMs() + step * 1e-9; t += step)
        result.append({t, toPixel(t), label(t, step, mode, originMs)});
    return result;
}

QString TimeAxisMapper::label(double timeMs, double stepMs, LabelMode mode, double originMs)
{
    if (mode == LabelMode::CallRelative) {
        const double offset = timeMs - originMs;
        const QString sign = offset < 0 ? QStringLiteral("-") : QStringLiteral("+");
        const double magnitude = std::abs(offset);
        if (stepMs >= minute && magnitude >= hour)
            return sign + QStringLiteral("%1 h %2 min").arg(qint64(magnitude / hour)).arg(qint64(std::fmod(magnitude, hour) / minute));
        if (stepMs >= minute)
            return sign + QStringLiteral("%1 min").arg(qint64(std::llround(magnitude / minute)));
        if (stepMs >= second && magnitude >= minute)
            return sign + QStringLiteral("%1:%2").arg(qint64(magnitude / minute))
                              .arg(qint64(std::llround(std::fmod(magnitude, minute) / second)), 2, 10, QLatin1Char('0'));
        if (stepMs < 1)
            return sign + QStringLiteral("%1 ms").arg(magnitude, 0, 'f', 3);
        if (stepMs < 10)
            return sign + QStringLiteral("%1 ms").arg(qint64(std::llround(magnitude)));
        return sign + fraction(magnitude, stepMs) + QStringLiteral(" s");
    }
    const QDateTime when = QDateTime::fromMSecsSinceEpoch(qint64(std::floor(timeMs)), Qt::UTC).toLocalTime();
    if (stepMs >= minute)
        return when.toString(QStringLiteral("HH:mm"));
    if (stepMs >= second)
        return when.toString(QStringLiteral("HH:mm:ss"));
    if (stepMs >= 1)
        return when.toString(QStringLiteral("HH:mm:ss.zzz"));
    return when.toString(QStringLiteral("ss.zzz")) + QString::number(std::fmod(timeMs, 1.0), 'f', 3).mid(1);
}

} // namespace callconsole

// The time↔pixel arithmetic of the timeline, without a GUI.
#include "TimeAxisMapper.h"

#include <QTest>

using namespace callconsole;

class TestTimeAxisMapper : public QObject
{
    Q_OBJECT

private slots:
    void mapsBothWays_data();
    void mapsBothWays();
    void zoomKeepsAnchor_data();
    void zoomKeepsAnchor();
    void zoomIsClamped();
    void panMovesByPixels();
    void fitShowsRangeWithMargin_data();
    void fitShowsRangeWithMargin();
    void tickStep_data();
    void tickStep();
    void ticksCoverVisibleRange();
    void relativeLabels_data();
    void relativeLabels();
    void wallClockLabelPrecision_data();
    void wallClockLabelPrecision();
};

void TestTimeAxisMapper::mapsBothWays_data()
{
    QTest::addColumn<double>("start");
    QTest::addColumn<double>("msPerPixel");
    QTest::addColumn<double>("time");
    QTest::addColumn<double>("x");
    QTest::newRow("origin") << 0.0 << 1.0 << 0.0 << 0.0;
    QTest::newRow("one ms per px") << 1000.0 << 1.0 << 1500.0 << 500.0;
    QTest::newRow("ten ms per px") << 1000.0 << 10.0 << 6000.0 << 500.0;
    QTest::newRow("before start") << 1000.0 << 2.0 << 0.0 << -500.0;
    QTest::newRow("sub-ms") << 0.0 << 0.01 << 1.0 << 100.0;
    QTest::newRow("epoch ms") << 1.7e12 << 100.0 << 1.7e12 + 50000 << 500.0;
}

void TestTimeAxisMapper::mapsBothWays()
{
    QFETCH(double, start);
    QFETCH(double, msPerPixel);
    QFETCH(double, time);
    QFETCH(double, x);
    TimeAxisMapper mapper;
    mapper.setRange(start, msPerPixel);
    QCOMPARE(mapper.toPixel(time), x);
    QCOMPARE(mapper.toTime(x), time);
}

void TestTimeAxisMapper::zoomKeepsAnchor_data()
{
    QTest::addColumn<double>("anchorX");
    QTest::addColumn<double>("factor");
    QTest::addColumn<double>("expectedMsPerPixel");
    QTest::newRow("in at left") << 0.0 << 2.0 << 5.0;
    QTest::newRow("in at middle") << 500.0 << 2.0 << 5.0;
    QTest::newRow("out at right") << 1000.0 << 0.5 << 20.0;
    QTest::newRow("in by ten off-centre") << 137.0 << 10.0 << 1.0;
}

void TestTimeAxisMapper::zoomKeepsAnchor()
{
    QFETCH(double, anchorX);
    QFETCH(double, factor);
    QFETCH(double, expectedMsPerPixel);
    TimeAxisMapper mapper;
    mapper.setWidth(1000);
    mapper.setRange(10000, 10);
    const double before = mapper.toTime(anchorX);
    mapper.zoomAround(anchorX, factor);
    QCOMPARE(mapper.msPerPixel(), expectedMsPerPixel);
    QCOMPARE(mapper.toTime(anchorX), before);
}

void TestTimeAxisMapper::zoomIsClamped()
{
    TimeAxisMapper mapper;
    mapper.setRange(0, 1);
    mapper.zoomAround(0, 1e9);
    QCOMPARE(mapper.msPerPixel(), TimeAxisMapper::minMsPerPixel);
    mapper.zoomAround(0, 1e-12);
    QCOMPARE(mapper.msPerPixel(), TimeAxisMapper::maxMsPerPixel);
    mapper.zoomAround(0, 0); // ignored, not a division by zero
    QCOMPARE(mapper.msPerPixel(), TimeAxisMapper::maxMsPerPixel);
}

void TestTimeAxisMapper::panMovesByPixels()
{
    TimeAxisMapper mapper;
    mapper.setRange(1000, 4);
    mapper.pan(25);
    QCOMPARE(mapper.startMs(), 900.0);
    mapper.pan(-50);
    QCOMPARE(mapper.startMs(), 1100.0);
    QCOMPARE(mapper.msPerPixel(), 4.0);
}

void TestTimeAxisMapper::fitShowsRangeWithMargin_data()
{
    QTest::addColumn<double>("from");
    QTest::addColumn<double>("to");
    QTest::addColumn<double>("margin");
    QTest::addColumn<double>("expectedStart");
    QTest::addColumn<double>("expectedMsPerPixel");
    QTest::newRow("no margin") << 0.0 << 1000.0 << 0.0 << 0.0 << 1.0;
    QTest::newRow("ten percent") << 1000.0 << 2000.0 << 0.1 << 900.0 << 1.2;
    QTest::newRow("reversed") << 2000.0 << 1000.0 << 0.0 << 1000.0 << 1.0;
    QTest::newRow("instant shows a second") << 5000.0 << 5000.0 << 0.0 << 4500.0 << 1.0;
}

void TestTimeAxisMapper::fitShowsRangeWithMargin()
{
    QFETCH(double, from);
    QFETCH(double, to);
    QFETCH(double, margin);
    QFETCH(double, expectedStart);
    QFETCH(double, expectedMsPerPixel);
    TimeAxisMapper mapper;
    mapper.setWidth(1000);
    mapper.fit(from, to, margin);
    QCOMPARE(mapper.startMs(), expectedStart);
    QCOMPARE(mapper.msPerPixel(), expectedMsPerPixel);
}

void TestTimeAxisMapper::tickStep_data()
{
    QTest::addColumn<double>("msPerPixel");
    QTest::addColumn<double>("spacing");
    QTest::addColumn<double>("expected");
    QTest::newRow("1 ms") << 0.01 << 80.0 << 1.0;
    QTest::newRow("2 ms") << 0.015 << 80.0 << 2.0;
    QTest::newRow("5 ms") << 0.05 << 80.0 << 5.0;
    QTest::newRow("exact 10 ms") << 0.125 << 80.0 << 10.0;
    QTest::newRow("200 ms") << 2.0 << 80.0 << 200.0;
    QTest::newRow("500 ms") << 5.0 << 80.0 << 500.0;
    QTest::newRow("1 s") << 10.0 << 80.0 << 1000.0;
    QTest::newRow("15 s not 20 s") << 140.0 << 80.0 << 15000.0;
    QTest::newRow("30 s") << 250.0 << 80.0 << 30000.0;
    QTest::newRow("1 min") << 700.0 << 80.0 << 60000.0;
    QTest::newRow("5 min") << 3000.0 << 80.0 << 300000.0;
    QTest::newRow("1 h") << 30000.0 << 80.0 << 3600000.0;
    QTest::newRow("days") << 4e6 << 80.0 << 4 * 86400000.0;
    QTest::newRow("sub-ms") << 0.001 << 80.0 << 0.1;
}

void TestTimeAxisMapper::tickStep()
{
    QFETCH(double, msPerPixel);
    QFETCH(double, spacing);
    QFETCH(double, expected);
    const double step = TimeAxisMapper::tickStepMs(msPerPixel, spacing);
    QCOMPARE(step, expected);
    QVERIFY(step / msPerPixel >= spacing * (1 - 1e-9));
}

void TestTimeAxisMapper::ticksCoverVisibleRange()
{
    TimeAxisMapper mapper;
    mapper.setWidth(800);
    mapper.setRange(1234, 10); // 1.234 s … 9.234 s, 1 s steps at 80 px
    const auto ticks = mapper.ticks(80, TimeAxisMapper::LabelMode::CallRelative, 0);
    QCOMPARE(ticks.size(), 8);
    QCOMPARE(ticks.first().timeMs, 2000.0);
    QCOMPARE(ticks.last().timeMs, 9000.0);
    QCOMPARE(ticks.first().x, 76.6);
    QCOMPARE(ticks.first().label, QStringLiteral("+2 s"));
    for (int i = 1; i < ticks.size(); ++i)
        QVERIFY(ticks.at(i).x - ticks.at(i - 1).x >= 80 - 1e-9);

    // Relative ticks align on the call's start, not on the epoch.
    const auto relative = mapper.ticks(80, TimeAxisMapper::LabelMode::CallRelative, 1234);
    QCOMPARE(relative.first().timeMs, 1234.0);
    QCOMPARE(relative.first().label, QStringLiteral("+0 s"));
}

void TestTimeAxisMapper::relativeLabels_data()
{
    QTest::addColumn<double>("offset");
    QTest::addColumn<double>("step");
    QTest::addColumn<QString>("expected");
    QTest::newRow("sub-ms") << 0.5 << 0.1 << QStringLiteral("+0.500 ms");
    QTest::newRow("ms") << 7.0 << 1.0 << QStringLiteral("+7 ms");
    QTest::newRow("10 ms steps") << 1230.0 << 10.0 << QStringLiteral("+1.23 s");
    QTest::newRow("100 ms steps") << 1500.0 << 100.0 << QStringLiteral("+1.5 s");
    QTest::newRow("seconds") << 5000.0 << 1000.0 << QStringLiteral("+5 s");
    QTest::newRow("minutes and seconds") << 65000.0 << 5000.0 << QStringLiteral("+1:05");
    QTest::newRow("minutes") << 600000.0 << 60000.0 << QStringLiteral("+10 min");
    QTest::newRow("hours") << 3900000.0 << 300000.0 << QStringLiteral("+1 h 5 min");
    QTest::newRow("before the call") << -2000.0 << 1000.0 << QStringLiteral("-2 s");
}

void TestTimeAxisMapper::relativeLabels()
{
    QFETCH(double, offset);
    QFETCH(double, step);
    QFETCH(QString, expected);
    const double origin = 1.7e12;
    QCOMPARE(TimeAxisMapper::label(origin + offset, step, TimeAxisMapper::LabelMode::CallRelative, origin), expected);
}

void TestTimeAxisMapper::wallClockLabelPrecision_data()
{
    QTest::addColumn<double>("step");
    QTest::addColumn<QString>("pattern");
    QTest::newRow("minutes") << 60000.0 << QStringLiteral("^\\d\\d:\\d\\d$");
    QTest::newRow("seconds") << 1000.0 << QStringLiteral("^\\d\\d:\\d\\d:\\d\\d$");
    QTest::newRow("milliseconds") << 10.0 << QStringLiteral("^\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d$");
}

void TestTimeAxisMapper::wallClockLabelPrecision()
{
    QFETCH(double, step);
    QFETCH(QString, pattern);
    const QString text = TimeAxisMapper::label(1.7e12 + 12345, step, TimeAxisMapper::LabelMode::WallClock, 0);
    QVERIFY2(QRegularExpression(pattern).match(text).hasMatch(), qPrintable(text));
}

QTEST_GUILESS_MAIN(TestTimeAxisMapper)
#include "tst_timeaxismapper.moc"

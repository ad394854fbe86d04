// ThemePalette: Light and Dark are complete palettes whose text reads on its background in every
// colour group; following the system hands back the system's palette untouched.
#include "ThemePalette.h"

#include <QGuiApplication>

#include <cmath>
#include <QTest>

using namespace callconsole;

namespace {

// WCAG relative-luminance contrast ratio.
double contrast(const QColor &a, const QColor &b)
{
    const auto luminance = [](const QColor &c) {
        const auto channel = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
    };
    const double la = luminance(a) + 0.05;
    const double lb = luminance(b) + 0.05;
    return la > lb ? la / lb : lb / la;
}

} // namespace

class TestThemePalette : public QObject
{
    Q_OBJECT

private slots:
    void textReadsOnItsBackground_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<bool>("dark");
        QTest::newRow("light") << int(ThemeMode::Light) << false;
        QTest::newRow("dark") << int(ThemeMode::Dark) << true;
    }

    void textReadsOnItsBackground()
    {
        QFETCH(int, mode);
        QFETCH(bool, dark);
        const QPalette palette = themePalette(ThemeMode(mode), QPalette());
        QCOMPARE(isDarkPalette(palette), dark);
        for (const auto group : {QPalette::Active, QPalette::Inactive}) {
            QVERIFY(contrast(palette.color(group, QPalette::WindowText), palette.color(group, QPalette::Window)) >= 7.0);
            QVERIFY(contrast(palette.color(group, QPalette::Text), palette.color(group, QPalette::Base)) >= 7.0);
            QVERIFY(contrast(palette.color(group, QPalette::ButtonText), palette.color(group, QPalette::Button)) >= 7.0);
            QVERIFY(contrast(palette.color(group, QPalette::HighlightedText), palette.color(group, QPalette::Highlight)) >= 3.0);
            QVERIFY(contrast(palette.color(group, QPalette::PlaceholderText), palette.color(group, QPalette::Base)) >= 3.0);
            QVERIFY(contrast(palette.color(group, QPalette::Link), palette.color(group, QPalette::Base)) >= 4.5);
            QVERIFY(contrast(palette.color(group, QPalette::ToolTipText), palette.color(group, QPalette::ToolTipBase)) >= 7.0);
        }
        // Disabled text is dimmer than enabled text, yet still there.
        const double enabled = contrast(palette.color(QPalette::Active, QPalette::Text), palette.color(QPalette::Active, QPalette::Base));
        const double disabled = contrast(palette.color(QPalette::Disabled, QPalette::Text), palette.color(QPalette::Disabled, QPalette::Base));
        QVERIFY(disabled < enabled);
        QVERIFY(disabled >= 2.0);
    }

    void errorsAndWarningsReadOnTheirBackground_data() { textReadsOnItsBackground_data(); }

    void errorsAndWarningsReadOnTheirBackground()
    {
        QFETCH(int, mode);
        const QPalette palette = themePalette(ThemeMode(mode), QPalette());
        for (const auto severity : {ValidationIssue::Severity::Error, ValidationIssue::Severity::Warning}) {
            const QColor colour = severityColor(severity, palette);
            for (const auto role : {QPalette::Window, QPalette::Base}) {
                const double ratio = contrast(colour, palette.color(QPalette::Active, role));
                QVERIFY2(ratio >= 4.5, qPrintable(QStringLiteral("%1 on %2: %3:1").arg(colour.name(),
                                                  palette.color(QPalette::Active, role).name()).arg(ratio, 0, 'f', 1)));
            }
        }
        // Still told apart from each other and from plain text.
        QVERIFY(severityColor(ValidationIssue::Severity::Error, palette) != severityColor(ValidationIssue::Severity::Warning, palette));
        QVERIFY(severityColor(ValidationIssue::Severity::Error, palette) != palette.color(QPalette::WindowText));
    }

    void followingTheSystemKeepsItsPalette()
    {
        QPalette system;
        system.setColor(QPalette::Window, QColor(0x12, 0x34, 0x56));
        QCOMPARE(themePalette(ThemeMode::FollowSystem, system), system);
        QVERIFY(themePalette(ThemeMode::Dark, system) != system);
    }
};

QTEST_MAIN(TestThemePalette)
#include "tst_themepalette.moc"

// The ladder's exports written to real files: a PNG at device pixel ratio 2 that loads at twice
// the ladder's size, an SVG that parses as XML and carries every arrow's label, the Mermaid
// text, and errors a person can act on.
#include "LadderExport.h"
#include "LadderPainter.h"
#include "LadderSession.h"

#include <QApplication>
#include <QFile>
#include <QImage>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace callconsole;
using namespace callconsole::testing;

namespace {

QPalette darkPalette()
{
    QPalette palette;
    palette.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    palette.setColor(QPalette::WindowText, QColor(0xee, 0xee, 0xee));
    palette.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    palette.setColor(QPalette::Text, QColor(0xee, 0xee, 0xee));
    palette.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
    palette.setColor(QPalette::ButtonText, QColor(0xee, 0xee, 0xee));
    palette.setColor(QPalette::Mid, QColor(0x60, 0x60, 0x60));
    palette.setColor(QPalette::PlaceholderText, QColor(0x99, 0x99, 0x99));
    return palette;
}

} // namespace

class TestLadderExport : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void pngAtTwiceTheSize();
    void svgParsesAndCarriesTheLabels();
    void mermaidFileIsTheText();
    void formatFromSuffix_data();
    void formatFromSuffix();
    void errorsSayWhatToDo();
    void followsTheDarkPalette();

private:
    LadderSession m_session;
    QTemporaryDir m_dir;
};

void TestLadderExport::init()
{
    if (m_session.model.rowCount() == 0)
        m_session.retriedCall(QStringLiteral("tx-export"), 1700000000000);
    QVERIFY(m_dir.isValid());
}

void TestLadderExport::pngAtTwiceTheSize()
{
    const LadderDiagram diagram = m_session.ladder();
    const QString path = m_dir.filePath(QStringLiteral("ladder.png"));
    QCOMPARE(writeLadderPng(diagram, path, QApplication::palette(), QApplication::font()), QString());
    const QImage image(path);
    QVERIFY(!image.isNull());
    const LadderLayout layout(diagram, LadderLayout::pixelFont(QApplication::font()));
    QCOMPARE(image.size(), layout.size() * 2);
    QVERIFY(layout.size().height() > 10 * layout.rowHeight()); // 10 arrows, not an empty picture
    // The first arrow's line is drawn where the layout puts it, at twice the coordinates.
    const int y = layout.arrowY(0) * 2;
    const int x = int((layout.laneX(0) + layout.laneX(1))) ; // the midpoint, doubled
    const QColor base = QApplication::palette().color(QPalette::Base);
    bool inked = false;
    for (int dy = -2; dy <= 2; ++dy)
        inked = inked || image.pixelColor(x, y + dy) != base;
    QVERIFY(inked);
    QSet<QRgb> colours;
    for (int px = 0; px < image.width(); px += 3)
        colours.insert(image.pixel(px, y));
    QVERIFY2(colours.size() > 2, "the arrow row is blank");
}

void TestLadderExport::svgParsesAndCarriesTheLabels()
{
    const LadderDiagram diagram = m_session.ladder();
    const QString path = m_dir.filePath(QStringLiteral("ladder.svg"));
    QCOMPARE(writeLadderSvg(diagram, path, QApplication::palette(), QApplication::font()), QString());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&file);
    QStringList texts;
    bool isSvg = false;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement() && xml.name() == QLatin1String("svg"))
            isSvg = true;
        if (xml.isStartElement() && xml.name() == QLatin1String("text"))
            texts << xml.readElementText(QXmlStreamReader::IncludeChildElements).trimmed();
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QVERIFY(isSvg);
    for (const LadderArrow &arrow : diagram.arrows())
        QVERIFY2(texts.contains(arrow.label), qPrintable(arrow.label + QStringLiteral(" not in ") + texts.join(QLatin1Char('|'))));
    QVERIFY(texts.contains(QStringLiteral("Chime SMA")));
    QVERIFY(texts.contains(QStringLiteral("⚠ late_reply")));
    QVERIFY(texts.contains(QStringLiteral("⚠ duplicate")));
}

void TestLadderExport::mermaidFileIsTheText()
{
    const LadderDiagram diagram = m_session.ladder();
    const QString path = m_dir.filePath(QStringLiteral("ladder.mmd"));
    QCOMPARE(writeLadder(diagram, path, QApplication::palette(), QApplication::font()), QString());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(file.readAll());
    QCOMPARE(text, diagram.toMermaid());
    QVERIFY(text.startsWith(QStringLiteral("sequenceDiagram\n")));
    QCOMPARE(text.count(QStringLiteral("Note over")), 2);
}

void TestLadderExport::formatFromSuffix_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("format");
    QTest::newRow("png") << QStringLiteral("a/b.PNG") << int(LadderFormat::Png);
    QTest::newRow("svg") << QStringLiteral("b.svg") << int(LadderFormat::Svg);
    QTest::newRow("mmd") << QStringLiteral("c.mmd") << int(LadderFormat::Mermaid);
    QTest::newRow("markdown") << QStringLiteral("c.md") << int(LadderFormat::Mermaid);
    QTest::newRow("none") << QStringLiteral("ladder") << -1;
    QTest::newRow("jpeg") << QStringLiteral("ladder.jpg") << -1;
}

void TestLadderExport::formatFromSuffix()
{
    QFETCH(QString, path);
    QFETCH(int, format);
    const auto found = ladderFormatFor(path);
    QCOMPARE(found ? int(*found) : -1, format);
}

void TestLadderExport::errorsSayWhatToDo()
{
    const LadderDiagram diagram = m_session.ladder();
    const QString unknown = writeLadder(diagram, m_dir.filePath(QStringLiteral("ladder.jpg")), QApplication::palette(), QApplication::font());
    QVERIFY2(unknown.contains(QStringLiteral(".png, .svg or .mmd")), qPrintable(unknown));
    const QString missingDir = m_dir.filePath(QStringLiteral("no/such/dir/ladder.svg"));
    const QString unwritable = writeLadderSvg(diagram, missingDir, QApplication::palette(), QApplication::font());
    QVERIFY2(unwritable.startsWith(missingDir + QStringLiteral(": ")), qPrintable(unwritable));
    QVERIFY(!QFile::exists(missingDir));
    const QString empty = writeLadderPng(LadderDiagram(), m_dir.filePath(QStringLiteral("empty.png")), QApplication::palette(),
                                         QApplication::font());
    QVERIFY2(empty.contains(QStringLiteral("no transaction is selected")), qPrintable(empty));
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("empty.png"))));
}

void TestLadderExport::followsTheDarkPalette()
{
    const QPalette dark = darkPalette();
    const QImage image = renderLadder(m_session.ladder(), dark, QApplication::font(), 1);
    QCOMPARE(image.pixelColor(image.width() - 2, image.height() - 2), dark.color(QPalette::Base));
    // Labels are drawn in the palette's light Text colour: some pixel is much lighter than Base.
    const LadderLayout layout(m_session.ladder(), LadderLayout::pixelFont(QApplication::font()));
    const QRect label = layout.rowRect(0);
    int lightest = 0;
    for (int y = label.top(); y < label.bottom(); ++y)
        for (int x = int(layout.laneX(0)); x < int(layout.laneX(1)); ++x)
            lightest = std::max(lightest, image.pixelColor(x, y).lightness());
    QVERIFY2(lightest > 180, qPrintable(QString::number(lightest)));
}

QTEST_MAIN(TestLadderExport)
#include "tst_ladderexport.moc"

#include "LadderExport.h"

#include "LadderPainter.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QPainter>
#include <QSaveFile>
#include <QSvgGenerator>

namespace callconsole {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("LadderExport", text);
}

} // namespace

std::optional<LadderFormat> ladderFormatFor(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("png"))
        return LadderFormat::Png;
    if (suffix == QLatin1String("svg"))
        return LadderFormat::Svg;
    if (suffix == QLatin1String("mmd") || suffix == QLatin1String("mermaid") || suffix == QLatin1String("md")
        || suffix == QLatin1String("txt"))
        return LadderFormat::Mermaid;
    return std::nullopt;
}

QImage renderLadder(const LadderDiagram &diagram, const QPalette &palette, const QFont &font, qreal devicePixelRatio)
{
    const LadderLayout layout(diagram, LadderLayout::pixelFont(font));
    QImage image(layout.size() * devicePixelRatio, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(devicePixelRatio);
    image.fill(palette.color(QPalette::Base));
    QPainter painter(&image);
    paintLadder(painter, diagram, layout, palette);
    return image;
}

QString writeLadderPng(const LadderDiagram &diagram, const QString &path, const QPalette &palette, const QFont &font)
{
    if (diagram.isEmpty())
        return tr("%1: no transaction is selected, so there is no ladder to export").arg(path);
    const QImage image = renderLadder(diagram, palette, font, 2);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QStringLiteral("%1: %2").arg(path, file.errorString());
    if (!image.save(&file, "PNG") || !file.commit())
        return QStringLiteral("%1: %2").arg(path, file.errorString().isEmpty() ? tr("the PNG could not be written") : file.errorString());
    return {};
}

QString writeLadderSvg(const LadderDiagram &diagram, const QString &path, const QPalette &palette, const QFont &font)
{
    if (diagram.isEmpty())
        return tr("%1: no transaction is selected, so there is no ladder to export").arg(path);
    const LadderLayout layout(diagram, LadderLayout::pixelFont(font));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QStringLiteral("%1: %2").arg(path, file.errorString());
    QSvgGenerator svg;
    svg.setOutputDevice(&file);
    svg.setSize(layout.size());
    svg.setResolution(96); // CSS pixels: the file's physical size matches the picture on screen
    svg.setViewBox(QRect(QPoint(0, 0), layout.size()));
    svg.setTitle(tr("Transaction %1").arg(diagram.transactionId()));
    svg.setDescription(tr("Invocations and replies of one SIP media application transaction, drawn by Call Console"));
    QPainter painter;
    if (!painter.begin(&svg))
        return tr("%1: the SVG could not be started").arg(path);
    paintLadder(painter, diagram, layout, palette);
    painter.end();
    if (!file.commit())
        return QStringLiteral("%1: %2").arg(path, file.errorString());
    return {};
}

QString writeLadderMermaid(const LadderDiagram &diagram, const QString &path)
{
    if (diagram.isEmpty())
        return tr("%1: no transaction is selected, so there is no ladder to export").arg(path);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(diagram.toMermaid().toUtf8()) < 0 || !file.commit())
        return QStringLiteral("%1: %2").arg(path, file.errorString());
    return {};
}

QString writeLadder(const LadderDiagram &diagram, const QString &path, const QPalette &palette, const QFont &font)
{
    const auto format = ladderFormatFor(path);
    if (!format)
        return tr("%1: unknown format — name the file .png, .svg or .mmd (Mermaid)").arg(path);
    switch (*format) {
    case LadderFormat::Png: return writeLadderPng(diagram, path, palette, font);
    case LadderFormat::Svg: return writeLadderSvg(diagram, path, palette, font);
    case LadderFormat::Mermaid: return writeLadderMermaid(diagram, path);
    }
    return {};
}

} // namespace callconsole

// A ladder written to a file: a PNG at twice its logical size (sharp on high-density screens and
// in documents), an SVG, or its Mermaid text. Each returns why it failed, or an empty string.
#pragma once

#include "LadderDiagram.h"

#include <QImage>
#include <QPalette>

class QFont;

namespace callconsole {

enum class LadderFormat { Png, Svg, Mermaid };

// From the file name's suffix (.png, .svg, .mmd / .mermaid / .md / .txt); nullopt otherwise.
std::optional<LadderFormat> ladderFormatFor(const QString &path);

QImage renderLadder(const LadderDiagram &diagram, const QPalette &palette, const QFont &font, qreal devicePixelRatio = 2);

QString writeLadderPng(const LadderDiagram &diagram, const QString &path, const QPalette &palette, const QFont &font);
QString writeLadderSvg(const LadderDiagram &diagram, const QString &path, const QPalette &palette, const QFont &font);
QString writeLadderMermaid(const LadderDiagram &diagram, const QString &path);
QString writeLadder(const LadderDiagram &diagram, const QString &path, const QPalette &palette, const QFont &font);

} // namespace callconsole

#include "ThemePalette.h"

namespace callconsole {

namespace {

struct Roles
{
    QColor window, windowText, base, alternateBase, text, button, buttonText, highlight, highlightedText,
        link, linkVisited, toolTipBase, toolTipText, placeholder, brightText, light, midlight, mid, dark, shadow,
        disabledText;
};

QPalette build(const Roles &r)
{
    QPalette palette;
    for (const auto group : {QPalette::Active, QPalette::Inactive, QPalette::Disabled}) {
        const bool disabled = group == QPalette::Disabled;
        palette.setColor(group, QPalette::Window, r.window);
        palette.setColor(group, QPalette::WindowText, disabled ? r.disabledText : r.windowText);
        palette.setColor(group, QPalette::Base, disabled ? r.window : r.base);
        palette.setColor(group, QPalette::AlternateBase, r.alternateBase);
        palette.setColor(group, QPalette::Text, disabled ? r.disabledText : r.text);
        palette.setColor(group, QPalette::Button, r.button);
        palette.setColor(group, QPalette::ButtonText, disabled ? r.disabledText : r.buttonText);
        palette.setColor(group, QPalette::Highlight, disabled ? r.mid : r.highlight);
        palette.setColor(group, QPalette::HighlightedText, r.highlightedText);
        palette.setColor(group, QPalette::Link, r.link);
        palette.setColor(group, QPalette::LinkVisited, r.linkVisited);
        palette.setColor(group, QPalette::ToolTipBase, r.toolTipBase);
        palette.setColor(group, QPalette::ToolTipText, r.toolTipText);
        palette.setColor(group, QPalette::PlaceholderText, r.placeholder);
        palette.setColor(group, QPalette::BrightText, r.brightText);
        palette.setColor(group, QPalette::Light, r.light);
        palette.setColor(group, QPalette::Midlight, r.midlight);
        palette.setColor(group, QPalette::Mid, r.mid);
        palette.setColor(group, QPalette::Dark, r.dark);
        palette.setColor(group, QPalette::Shadow, r.shadow);
    }
    return palette;
}

} // namespace

QPalette lightPalette()
{
    return build({QColor(0xef, 0xef, 0xef), QColor(0x1e, 0x1e, 0x1e), QColor(0xff, 0xff, 0xff), QColor(0xf5, 0xf5, 0xf5),
                  QColor(0x1e, 0x1e, 0x1e), QColor(0xef, 0xef, 0xef), QColor(0x1e, 0x1e, 0x1e), QColor(0x30, 0x8c, 0xc6),
                  QColor(0xff, 0xff, 0xff), QColor(0x00, 0x5a, 0xb4), QColor(0x6a, 0x3d, 0xb8), QColor(0xff, 0xff, 0xdc),
                  QColor(0x1e, 0x1e, 0x1e), QColor(0x80, 0x80, 0x80), QColor(0xff, 0xff, 0xff), QColor(0xff, 0xff, 0xff),
                  QColor(0xe3, 0xe3, 0xe3), QColor(0xa0, 0xa0, 0xa0), QColor(0x9f, 0x9f, 0x9f), QColor(0x76, 0x76, 0x76),
                  QColor(0x9d, 0x9d, 0x9d)});
}

QPalette darkPalette()
{
    return build({QColor(0x2b, 0x2b, 0x2b), QColor(0xe8, 0xe8, 0xe8), QColor(0x1e, 0x1e, 0x1e), QColor(0x26, 0x26, 0x26),
                  QColor(0xe8, 0xe8, 0xe8), QColor(0x35, 0x35, 0x35), QColor(0xe8, 0xe8, 0xe8), QColor(0x2f, 0x7d, 0xc4),
                  QColor(0xff, 0xff, 0xff), QColor(0x6c, 0xb4, 0xf5), QColor(0xb3, 0x9d, 0xf0), QColor(0x3a, 0x3a, 0x3a),
                  QColor(0xe8, 0xe8, 0xe8), QColor(0x8c, 0x8c, 0x8c), QColor(0xff, 0xff, 0xff), QColor(0x4a, 0x4a, 0x4a),
                  QColor(0x3c, 0x3c, 0x3c), QColor(0x24, 0x24, 0x24), QColor(0x1a, 0x1a, 0x1a), QColor(0x0a, 0x0a, 0x0a),
                  QColor(0x7a, 0x7a, 0x7a)});
}

QPalette themePalette(ThemeMode mode, const QPalette &system)
{
    switch (mode) {
    case ThemeMode::Light: return lightPalette();
    case ThemeMode::Dark: return darkPalette();
    case ThemeMode::FollowSystem: break;
    }
    return system;
}

bool isDarkPalette(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < palette.color(QPalette::WindowText).lightness();
}

QColor severityColor(ValidationIssue::Severity severity, const QPalette &palette)
{
    // One pair for each kind of background: a red or amber that reads on #efefef cannot on
    // #2b2b2b (the single pair used before had 2.8:1 and 3.0:1 there and here).
    const bool error = severity == ValidationIssue::Severity::Error;
    if (isDarkPalette(palette))
        return error ? QColor(0xff, 0x6b, 0x6b) : QColor(0xf0, 0xb4, 0x29);
    return error ? QColor(0xc6, 0x28, 0x28) : QColor(0x8a, 0x5a, 0x00);
}

} // namespace callconsole

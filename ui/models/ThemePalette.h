// The palettes behind Preferences → Appearance. Following the system (the default) uses the
// platform's own palette untouched; Light and Dark are complete palettes (every role, every
// colour group) so widgets that draw with palette roles read well in both. The colours of
// errors and warnings sit beside them: they have to read on either.
#pragma once

#include "ConsoleSettings.h"
#include "ValidationIssue.h"

#include <QPalette>

namespace callconsole {

QPalette lightPalette();
QPalette darkPalette();
// The palette to install for mode; for FollowSystem, system itself.
QPalette themePalette(ThemeMode mode, const QPalette &system);
// True when text on this palette's window is light on dark.
bool isDarkPalette(const QPalette &palette);
// The colour errors and warnings are written in, wherever the window shows one (form fields,
// Preferences, the status bar): a red and an amber that read (4.5:1) on palette's window and
// base, darker ones on a light palette and lighter ones on a dark one.
QColor severityColor(ValidationIssue::Severity severity, const QPalette &palette);

} // namespace callconsole

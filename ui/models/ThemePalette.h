// The palettes behind Preferences → Appearance. Following the system (the default) uses the
// platform's own palette untouched; Light and Dark are complete palettes (every role, every
// colour group) so widgets that draw with palette roles read well in both.
#pragma once

#include "ConsoleSettings.h"

#include <QPalette>

namespace callconsole {

QPalette lightPalette();
QPalette darkPalette();
// The palette to install for mode; for FollowSystem, system itself.
QPalette themePalette(ThemeMode mode, const QPalette &system);
// True when text on this palette's window is light on dark.
bool isDarkPalette(const QPalette &palette);

} // namespace callconsole

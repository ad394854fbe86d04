// Applies Preferences → Appearance to the running application. Following the system leaves the
// platform's palette (and, from Qt 6.8, its colour scheme) in charge; Light and Dark ask the
// style for that scheme where Qt can, and otherwise install a complete palette.
#pragma once

#include "ConsoleSettings.h"

namespace callconsole {

void applyTheme(ThemeMode mode);

} // namespace callconsole

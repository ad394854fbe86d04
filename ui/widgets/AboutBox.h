#pragma once

class QWidget;

namespace callconsole {

// Help ▸ About: the version, licence and homepage this build was configured with (the same
// CMake values `callconsole --version`, the AppStream metadata and the package carry).
void showAboutBox(QWidget *parent);

} // namespace callconsole

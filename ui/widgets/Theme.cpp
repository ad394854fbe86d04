#include "Theme.h"

#include "ThemePalette.h"

#include <QApplication>
#include <QPalette>
#include <QStyleHints>

namespace callconsole {

void applyTheme(ThemeMode mode)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    const Qt::ColorScheme wanted = mode == ThemeMode::Light ? Qt::ColorScheme::Light
        : mode == ThemeMode::Dark                          ? Qt::ColorScheme::Dark
                                                           : Qt::ColorScheme::Unknown;
    QGuiApplication::styleHints()->setColorScheme(wanted);
    // Styles that follow the requested scheme need nothing more; the rest get a palette.
    if (mode == ThemeMode::FollowSystem || QGuiApplication::styleHints()->colorScheme() == wanted) {
        QApplication::setPalette(QPalette());
        return;
    }
#endif
    // A default-constructed palette hands the application back to the platform's own.
    QApplication::setPalette(mode == ThemeMode::FollowSystem ? QPalette() : themePalette(mode, QPalette()));
}

} // namespace callconsole

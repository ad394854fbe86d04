#include "AppearancePage.h"

#include <QButtonGroup>
#include <QGroupBox>
#include <QRadioButton>
#include <QVBoxLayout>

namespace callconsole {

AppearancePage::AppearancePage(QWidget *parent)
    : PreferencesPage(parent)
    , m_theme(new QButtonGroup(this))
{
    setObjectName(QStringLiteral("appearancePage"));
    auto *group = new QGroupBox(tr("Theme"));
    auto *choices = new QVBoxLayout(group);
    const struct
    {
        ThemeMode mode;
        QString text;
        const char *name;
    } modes[] = {{ThemeMode::FollowSystem, tr("Follow the system"), "themeSystem"},
                 {ThemeMode::Light, tr("Light"), "themeLight"},
                 {ThemeMode::Dark, tr("Dark"), "themeDark"}};
    for (const auto &mode : modes) {
        auto *button = new QRadioButton(mode.text);
        button->setObjectName(QLatin1String(mode.name));
        m_theme->addButton(button, int(mode.mode));
        choices->addWidget(button);
    }
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(group);
    layout->addStretch();
    connect(m_theme, &QButtonGroup::idClicked, this, &PreferencesPage::edited);
}

void AppearancePage::load(const ConsoleSettings &settings, const ConsoleSecrets &)
{
    m_theme->button(int(settings.theme))->setChecked(true);
}

void AppearancePage::store(ConsoleSettings &settings, ConsoleSecrets &) const
{
    settings.theme = ThemeMode(m_theme->checkedId());
}

} // namespace callconsole

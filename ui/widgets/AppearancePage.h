// Preferences → Appearance: follow the system's light or dark look (the default), or pick one.
#pragma once

#include "PreferencesPage.h"

class QButtonGroup;

namespace callconsole {

class AppearancePage : public PreferencesPage
{
    Q_OBJECT

public:
    explicit AppearancePage(QWidget *parent = nullptr);

    QString title() const override { return tr("Appearance"); }
    void load(const ConsoleSettings &settings, const ConsoleSecrets &secrets) override;
    void store(ConsoleSettings &settings, ConsoleSecrets &secrets) const override;

private:
    QButtonGroup *m_theme = nullptr;
};

} // namespace callconsole

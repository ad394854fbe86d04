#include "PreferencesDialog.h"

#include "AppearancePage.h"
#include "AwsPage.h"
#include "EndpointPage.h"
#include "RulesPage.h"
#include "SimulatorPage.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QListWidget>
#include <QPushButton>
#include <QStackedWidget>
#include <QStyle>
#include <QVBoxLayout>

namespace callconsole {

PreferencesDialog::PreferencesDialog(const ConsoleSettings &settings, const ConsoleSecrets &secrets, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("preferencesDialog"));
    setWindowTitle(tr("Preferences"));
    m_list = new QListWidget;
    m_list->setObjectName(QStringLiteral("preferencesPages"));
    const int icon = style()->pixelMetric(QStyle::PM_SmallIconSize);
    m_list->setIconSize(QSize(icon, icon));
    // Pages without an issue keep the icon's room, so their names line up with one that has.
    QPixmap blank(icon, icon);
    blank.fill(Qt::transparent);
    m_noIssue = QIcon(blank);
    m_stack = new QStackedWidget;
    m_rules = new RulesPage;
    for (PreferencesPage *page : std::initializer_list<PreferencesPage *>{new EndpointPage, m_rules, new SimulatorPage, new AwsPage,
                                                                          new AppearancePage})
        addPage(page);
    m_list->setFixedWidth(m_list->sizeHintForColumn(0) + icon + 3 * style()->pixelMetric(QStyle::PM_ScrollBarExtent));
    connect(m_list, &QListWidget::currentRowChanged, m_stack, &QStackedWidget::setCurrentIndex);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Apply | QDialogButtonBox::Cancel);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_buttons->button(QDialogButtonBox::Ok), &QPushButton::clicked, this, [this] {
        m_closeAfterApply = true;
        emit applyRequested(true);
    });
    connect(m_buttons->button(QDialogButtonBox::Apply), &QPushButton::clicked, this, [this] {
        m_closeAfterApply = false;
        emit applyRequested(false);
    });

    auto *body = new QHBoxLayout;
    body->addWidget(m_list);
    body->addWidget(m_stack, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(body, 1);
    layout->addWidget(m_buttons);

    for (PreferencesPage *page : std::as_const(m_pages)) {
        page->load(settings, secrets);
        connect(page, &PreferencesPage::edited, this, &PreferencesDialog::validate);
    }
    m_list->setCurrentRow(0);
    resize(980, 760);
    validate();
}

void PreferencesDialog::addPage(PreferencesPage *page)
{
    m_pages << page;
    m_list->addItem(page->title());
    m_stack->addWidget(page);
}

PreferencesPage *PreferencesDialog::page(const QString &objectName) const
{
    for (PreferencesPage *page : m_pages) {
        if (page->objectName() == objectName)
            return page;
    }
    return nullptr;
}

void PreferencesDialog::showPage(PreferencesPage *page)
{
    m_list->setCurrentRow(int(m_pages.indexOf(page)));
}

std::pair<ConsoleSettings, ConsoleSecrets> PreferencesDialog::collect() const
{
    std::pair<ConsoleSettings, ConsoleSecrets> values;
    for (const PreferencesPage *page : m_pages)
        page->store(values.first, values.second);
    return values;
}

ConsoleSettings PreferencesDialog::settings() const
{
    return collect().first;
}

ConsoleSecrets PreferencesDialog::secrets() const
{
    return collect().second;
}

bool PreferencesDialog::canApply() const
{
    return m_buttons->button(QDialogButtonBox::Apply)->isEnabled();
}

void PreferencesDialog::validate()
{
    showIssues(settings().validate(secrets()), false);
}

void PreferencesDialog::showApplyIssues(const ValidationIssues &issues)
{
    m_closeAfterApply = false;
    showIssues(settings().validate(secrets()) + issues, true);
    // What failed while applying may pass on a second try (a port freed meanwhile).
    bool blocked = hasErrors(settings().validate(secrets()));
    for (const PreferencesPage *page : std::as_const(m_pages))
        blocked = blocked || page->hasOwnErrors();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!blocked);
    m_buttons->button(QDialogButtonBox::Apply)->setEnabled(!blocked);
}

void PreferencesDialog::showIssues(const ValidationIssues &issues, bool reveal)
{
    bool blocked = false;
    PreferencesPage *first = nullptr;
    for (int i = 0; i < m_pages.size(); ++i) {
        PreferencesPage *page = m_pages.at(i);
        const int errors = page->showIssues(issues) + (page->hasOwnErrors() ? 1 : 0);
        m_list->item(i)->setIcon(errors > 0 ? style()->standardIcon(QStyle::SP_MessageBoxCritical) : m_noIssue);
        blocked = blocked || errors > 0;
        if (errors > 0 && !first)
            first = page;
    }
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!blocked);
    m_buttons->button(QDialogButtonBox::Apply)->setEnabled(!blocked);
    if (reveal && first)
        showPage(first);
}

void PreferencesDialog::applied()
{
    if (m_closeAfterApply)
        accept();
    validate();
}

} // namespace callconsole

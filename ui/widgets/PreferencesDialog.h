// Preferences (Ctrl+,): one page per concern — Endpoint, Replies, Simulator, AWS, Appearance —
// listed on the left. Every edit is validated at once (ConsoleSettings::validate and the rules'
// own checks) and shown under its field; OK and Apply stay disabled while an error remains.
// The dialog only edits values: PreferencesController applies them.
#pragma once

#include "ConsoleSettings.h"

#include <QDialog>
#include <QIcon>

#include <utility>

class QDialogButtonBox;
class QListWidget;
class QStackedWidget;

namespace callconsole {

class PreferencesPage;
class RulesPage;

class PreferencesDialog : public QDialog
{
    Q_OBJECT

public:
    PreferencesDialog(const ConsoleSettings &settings, const ConsoleSecrets &secrets, QWidget *parent = nullptr);

    ConsoleSettings settings() const;
    ConsoleSecrets secrets() const;
    RulesPage *rulesPage() const { return m_rules; }
    QList<PreferencesPage *> pages() const { return m_pages; }
    PreferencesPage *page(const QString &objectName) const;
    void showPage(PreferencesPage *page);

    // Errors found while applying (a port in use, a certificate that does not load): shown
    // under their fields, on the first page that has one.
    void showApplyIssues(const ValidationIssues &issues);
    bool canApply() const;

    // Set by the controller when the values were applied; the dialog then closes on OK.
    void applied();

public slots:
    void validate();

signals:
    // Apply, or OK (closeAfter): the controller applies and calls applied() or showApplyIssues().
    void applyRequested(bool closeAfter);

private:
    // Every page's fields: settings and secrets come from the same pass.
    std::pair<ConsoleSettings, ConsoleSecrets> collect() const;
    void addPage(PreferencesPage *page);
    void showIssues(const ValidationIssues &issues, bool reveal);

    QListWidget *m_list = nullptr;
    QStackedWidget *m_stack = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QList<PreferencesPage *> m_pages;
    RulesPage *m_rules = nullptr;
    bool m_closeAfterApply = false;
    QIcon m_noIssue;
};

} // namespace callconsole

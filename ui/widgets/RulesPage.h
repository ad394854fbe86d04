// Preferences → Replies: how the endpoint answers. A forward URL sends every event to the
// user's own handler; otherwise the rules file answers — edited here per InvocationEventType,
// checked with core's rules as the user types, and tried on a sample event (tests/data/events,
// built in) or the delivery selected in the window, showing the reply the rules would give.
#pragma once

#include "PreferencesPage.h"
#include "RulesDocument.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QToolButton;

namespace callconsole {

class RuleEditor;

class RulesPage : public PreferencesPage
{
    Q_OBJECT

public:
    explicit RulesPage(QWidget *parent = nullptr);

    QString title() const override { return tr("Replies"); }
    void load(const ConsoleSettings &settings, const ConsoleSecrets &secrets) override;
    void store(ConsoleSettings &settings, ConsoleSecrets &secrets) const override;
    bool hasOwnErrors() const override;
    int showIssues(const ValidationIssues &issues) override;

    const RulesDocument &document() const { return m_document; }
    // True when the rules differ from the file they were loaded from (or there is no file).
    bool isModified() const { return !(m_document == m_loaded); }
    // Opens a rules file into the editor; an unreadable or malformed file shows its error.
    bool openFile(const QString &path);
    // After the controller wrote the document to path.
    void markSaved(const QString &path);

    // The event types listed on the left: "*" then every InvocationEventType.
    void selectEvent(const QString &event);
    void selectRule(int indexInEvent);
    int addRule();
    void removeRule();
    RuleEditor *editor() const { return m_editor; }

    // Sample events to try the rules on; the window's selected delivery goes first.
    void setSelectedDelivery(const QByteArray &eventJson, const QString &label);
    QStringList sampleNames() const;
    void selectSample(int index);
    // Renders the reply the current rules give to the chosen sample.
    void tryRules();
    QString preview() const;

private:
    QString currentEvent() const;
    QList<int> currentRules() const;
    void refreshEvents();
    void refreshRules(int select = 0);
    void onRuleEdited();
    void validateRules();

    RulesDocument m_document;
    RulesDocument m_loaded;
    QLineEdit *m_forward = nullptr;
    QLineEdit *m_handler = nullptr;
    QLineEdit *m_file = nullptr;
    QListWidget *m_events = nullptr;
    QComboBox *m_rules = nullptr;
    QToolButton *m_remove = nullptr;
    RuleEditor *m_editor = nullptr;
    QComboBox *m_samples = nullptr;
    QPlainTextEdit *m_preview = nullptr;
    QLabel *m_previewSource = nullptr;
    QList<QByteArray> m_sampleBodies;
    QString m_fileProblem; // why the last open or save failed
};

} // namespace callconsole

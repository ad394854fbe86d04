// The fields of one reply rule: its name, what it matches (To, From, Arguments), whether it
// holds the event at a breakpoint or forwards it, and its reply (an action list as JSON, empty
// for the built-in reply). Each field shows core's issue about it as the user types.
#pragma once

#include "RulesDocument.h"

#include <QHash>
#include <QWidget>

class QCheckBox;
class QLineEdit;
class QPlainTextEdit;

namespace callconsole {

class FieldMessage;

class RuleEditor : public QWidget
{
    Q_OBJECT

public:
    explicit RuleEditor(QWidget *parent = nullptr);

    // nullptr: nothing to edit (the editor is disabled and empty).
    void setRule(const RuleEntry *rule);
    RuleEntry rule() const;
    // The issues of this rule, by field ("name", "match", "reply", "forward", "event").
    void showIssues(const QList<RuleIssue> &issues);
    QString messageFor(const QString &field) const;

signals:
    void edited();

private:
    QLineEdit *m_name = nullptr;
    QLineEdit *m_to = nullptr;
    QLineEdit *m_from = nullptr;
    QLineEdit *m_arguments = nullptr;
    QCheckBox *m_breakpoint = nullptr;
    QLineEdit *m_forward = nullptr;
    QPlainTextEdit *m_reply = nullptr;
    QHash<QString, FieldMessage *> m_messages;
    RuleEntry m_rule; // what the fields do not show (event, unknown keys)
};

} // namespace callconsole

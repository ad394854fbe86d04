// The line under a preferences field: the field's first issue (icon, colour, one sentence) with
// the editor outlined, or nothing. The same look the call form uses for its fields.
#pragma once

#include "ValidationIssue.h"

#include <QWidget>

class QLabel;

namespace callconsole {

// Colours a shown issue: the message's text and a 1 px outline around its editor (which may be
// null). The call form's fields and the preferences' share this look.
void colourIssue(QLabel *message, QWidget *editor, const QColor &colour);

class FieldMessage : public QWidget
{
    Q_OBJECT

public:
    // editor is outlined while an issue shows; objectName lets tests find the message.
    FieldMessage(QWidget *editor, const QString &objectName, QWidget *parent = nullptr);

    // nullptr clears. The text is the issue's rule (the field's own label says where).
    void showIssue(const ValidationIssue *issue);
    void showText(const QString &text, ValidationIssue::Severity severity);
    QString text() const;
    bool isError() const { return m_error; }

protected:
    void changeEvent(QEvent *event) override; // a theme switch recolours the message shown

private:
    QWidget *m_editor;
    QLabel *m_icon;
    QLabel *m_text;
    bool m_error = false;
    ValidationIssue::Severity m_severity = ValidationIssue::Severity::Error; // of the text shown
};

} // namespace callconsole

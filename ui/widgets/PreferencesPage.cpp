#include "PreferencesPage.h"

#include "FieldMessage.h"

#include <QFormLayout>
#include <QVBoxLayout>

namespace callconsole {

FieldMessage *PreferencesPage::addField(QFormLayout *form, const QString &label, QWidget *editor, const QString &path)
{
    // Editor and message share the row: QFormLayout over-sizes a word-wrapped row of its own.
    auto *message = new FieldMessage(editor, path + QStringLiteral("#message"));
    auto *field = new QWidget;
    auto *layout = new QVBoxLayout(field);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(editor);
    layout->addWidget(message);
    form->addRow(label, field);
    m_messages.insert(path, message);
    return message;
}

int PreferencesPage::showIssues(const ValidationIssues &issues)
{
    int errors = 0;
    for (auto it = m_messages.begin(); it != m_messages.end(); ++it) {
        const ValidationIssue *shown = nullptr;
        for (const ValidationIssue &issue : issues) {
            if (issue.path == it.key() && (!shown || (issue.isError() && !shown->isError())))
                shown = &issue;
        }
        it.value()->showIssue(shown);
        errors += shown && shown->isError() ? 1 : 0;
    }
    return errors;
}

QString PreferencesPage::messageFor(const QString &path) const
{
    const FieldMessage *message = m_messages.value(path);
    return message ? message->text() : QString();
}

} // namespace callconsole

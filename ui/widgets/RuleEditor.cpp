#include "RuleEditor.h"

#include "FieldMessage.h"

#include <QCheckBox>
#include <QFontDatabase>
#include <QGridLayout>
#include <QLabel>
#include <QJsonDocument>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QVBoxLayout>

#include <algorithm>

namespace callconsole {

RuleEditor::RuleEditor(QWidget *parent)
    : QWidget(parent)
{
    // A grid rather than a form: the reply row takes the height the page has to spare.
    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    int row = 0;
    // Labels sit on the first line of their field, as QFormLayout places them.
    const int labelOffset = std::max(0, (QLineEdit().sizeHint().height() - QLabel(QStringLiteral("X")).sizeHint().height()) / 2);
    const auto line = [&](const QString &label, QWidget *editor) {
        auto *text = new QLabel(label);
        text->setBuddy(editor);
        text->setContentsMargins(0, labelOffset, 0, 0);
        grid->addWidget(text, row, 0, Qt::AlignLeft | Qt::AlignTop);
        grid->addWidget(editor, row++, 1);
    };
    const auto field = [&](const QString &label, QWidget *editor, const QString &name) {
        editor->setObjectName(QStringLiteral("rule.") + name);
        auto *message = new FieldMessage(editor, QStringLiteral("rule.%1#message").arg(name));
        auto *box = new QWidget;
        auto *column = new QVBoxLayout(box);
        column->setContentsMargins(0, 0, 0, 0);
        column->setSpacing(2);
        column->addWidget(editor, 1);
        column->addWidget(message);
        line(label, box);
        m_messages.insert(name, message);
    };
    m_name = new QLineEdit;
    field(tr("Name"), m_name, QStringLiteral("name"));
    m_to = new QLineEdit;
    m_to->setPlaceholderText(tr("any — or a number, * for any digits: +1206*"));
    m_from = new QLineEdit;
    m_from->setPlaceholderText(tr("any"));
    m_arguments = new QLineEdit;
    m_arguments->setPlaceholderText(tr("any — or key=value; key2=value2"));
    line(tr("When To is"), m_to);
    line(tr("and From is"), m_from);
    field(tr("and Arguments have"), m_arguments, QStringLiteral("match"));
    m_breakpoint = new QCheckBox(tr("Hold at a breakpoint (answered with this reply after 4.5 s)"));
    m_breakpoint->setObjectName(QStringLiteral("rule.breakpoint"));
    grid->addWidget(m_breakpoint, row++, 1);
    m_forward = new QLineEdit;
    m_forward->setPlaceholderText(tr("empty — or your handler's URL; its reply is returned"));
    field(tr("Forward to"), m_forward, QStringLiteral("forward"));
    m_reply = new QPlainTextEdit;
    m_reply->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_reply->setTabChangesFocus(true);
    m_reply->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_reply->setMinimumHeight(110);
    grid->setRowStretch(row, 1);
    field(tr("Reply"), m_reply, QStringLiteral("reply"));
    // Issues on the event (a hand-written file's typo) show under the reply, the last field.
    m_messages.insert(QStringLiteral("event"), new FieldMessage(nullptr, QStringLiteral("rule.event#message")));
    grid->addWidget(m_messages.value(QStringLiteral("event")), row++, 1);

    for (QLineEdit *edit : {m_name, m_to, m_from, m_arguments, m_forward})
        connect(edit, &QLineEdit::textEdited, this, &RuleEditor::edited);
    connect(m_breakpoint, &QCheckBox::toggled, this, &RuleEditor::edited);
    connect(m_reply, &QPlainTextEdit::textChanged, this, [this] {
        if (m_reply->isEnabled())
            emit edited();
    });
    setRule(nullptr);
}

void RuleEditor::setRule(const RuleEntry *rule)
{
    const QSignalBlocker block(this);
    m_rule = rule ? *rule : RuleEntry();
    setEnabled(rule != nullptr);
    m_name->setText(m_rule.name);
    m_to->setText(m_rule.matchTo);
    m_from->setText(m_rule.matchFrom);
    m_arguments->setText(m_rule.matchArguments);
    m_breakpoint->setChecked(m_rule.breakpoint);
    m_forward->setText(m_rule.forward);
    m_reply->setPlainText(m_rule.reply);
    // The placeholder is the reply the endpoint sends when this one is left empty.
    const auto type = invocationEventTypeFromString(m_rule.event);
    m_reply->setPlaceholderText(
        tr("Empty: the built-in reply%1").arg(type ? QStringLiteral(":\n") + QString::fromUtf8(QJsonDocument(ReplyRules::defaultReply(*type)).toJson())
                                                   : QStringLiteral(" for each event")));
}

RuleEntry RuleEditor::rule() const
{
    RuleEntry rule = m_rule;
    rule.name = m_name->text();
    rule.matchTo = m_to->text();
    rule.matchFrom = m_from->text();
    rule.matchArguments = m_arguments->text();
    rule.breakpoint = m_breakpoint->isChecked();
    rule.forward = m_forward->text();
    rule.reply = m_reply->toPlainText();
    return rule;
}

void RuleEditor::showIssues(const QList<RuleIssue> &issues)
{
    for (auto it = m_messages.begin(); it != m_messages.end(); ++it) {
        const ValidationIssue *shown = nullptr;
        for (const RuleIssue &issue : issues) {
            if (issue.field == it.key() && (!shown || (issue.issue.isError() && !shown->isError())))
                shown = &issue.issue;
        }
        it.value()->showIssue(shown);
    }
}

QString RuleEditor::messageFor(const QString &field) const
{
    const FieldMessage *message = m_messages.value(field);
    return message ? message->text() : QString();
}

} // namespace callconsole

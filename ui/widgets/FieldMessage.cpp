#include "FieldMessage.h"

#include "ThemePalette.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>

namespace callconsole {

FieldMessage::FieldMessage(QWidget *editor, const QString &objectName, QWidget *parent)
    : QWidget(parent)
    , m_editor(editor)
    , m_icon(new QLabel)
    , m_text(new QLabel)
{
    setObjectName(objectName);
    m_text->setWordWrap(true);
    m_text->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addWidget(m_text, 1);
    hide();
}

void FieldMessage::showIssue(const ValidationIssue *issue)
{
    if (!issue) {
        showText({}, ValidationIssue::Severity::Error);
        return;
    }
    QString text = issue->rule;
    if (!issue->value.isEmpty() && !text.contains(issue->value))
        text = QStringLiteral("'%1' — %2").arg(issue->value, text);
    // Issues inside a structure (a reply's action) keep their path: it says where to look.
    if (issue->path.contains(QLatin1Char('.')) || issue->path.contains(QLatin1Char('[')))
        text = issue->path + QStringLiteral(": ") + text;
    showText(text, issue->severity);
}

void FieldMessage::showText(const QString &text, ValidationIssue::Severity severity)
{
    m_error = !text.isEmpty() && severity == ValidationIssue::Severity::Error;
    if (text.isEmpty()) {
        m_text->clear();
        m_icon->clear();
        if (m_editor)
            m_editor->setStyleSheet(QString());
        hide();
        return;
    }
    const bool error = severity == ValidationIssue::Severity::Error;
    m_severity = severity;
    const int size = fontMetrics().height();
    m_icon->setPixmap(style()->standardIcon(error ? QStyle::SP_MessageBoxCritical : QStyle::SP_MessageBoxWarning).pixmap(size, size));
    m_text->setText(text);
    colourIssue(m_text, m_editor, severityColor(severity, palette()));
    show();
}

QString FieldMessage::text() const
{
    return m_text->text();
}

void FieldMessage::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && !m_text->text().isEmpty())
        colourIssue(m_text, m_editor, severityColor(m_severity, palette()));
}

void colourIssue(QLabel *message, QWidget *editor, const QColor &colour)
{
    QPalette palette = message->palette();
    palette.setColor(QPalette::WindowText, colour);
    message->setPalette(palette);
    if (editor) {
        editor->setStyleSheet(QStringLiteral("%1 { border: 1px solid %2; }")
                                  .arg(QLatin1String(editor->metaObject()->className()), colour.name()));
    }
}

} // namespace callconsole

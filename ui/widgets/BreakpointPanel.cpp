#include "BreakpointPanel.h"

#include "ActionList.h"
#include "EndpointServer.h"

#include <QDateTime>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace callconsole {

BreakpointPanel::BreakpointPanel(QWidget *parent)
    : QWidget(parent)
    , m_list(new QListWidget)
    , m_editor(new QPlainTextEdit)
    , m_status(new QLabel)
    , m_countdown(new QLabel)
    , m_send(new QPushButton(tr("Send")))
    , m_sendDefault(new QPushButton(tr("Send default")))
    , m_tick(new QTimer(this))
{
    m_list->setObjectName(QStringLiteral("heldEvents"));
    m_editor->setObjectName(QStringLiteral("heldReply"));
    m_editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_status->setWordWrap(true);
    m_list->setMaximumHeight(90);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_countdown, 1);
    buttons->addWidget(m_sendDefault);
    buttons->addWidget(m_send);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_list);
    layout->addWidget(m_editor, 1);
    layout->addWidget(m_status);
    layout->addLayout(buttons);

    connect(m_list, &QListWidget::currentRowChanged, this, &BreakpointPanel::onSelectionChanged);
    connect(m_editor, &QPlainTextEdit::textChanged, this, &BreakpointPanel::validateReply);
    connect(m_send, &QPushButton::clicked, this, &BreakpointPanel::send);
    connect(m_sendDefault, &QPushButton::clicked, this, &BreakpointPanel::sendDefault);
    m_tick->setInterval(250);
    connect(m_tick, &QTimer::timeout, this, &BreakpointPanel::updateCountdown);
    onSelectionChanged();
}

void BreakpointPanel::setEndpoint(EndpointServer *endpoint)
{
    m_endpoint = endpoint;
    connect(endpoint, &EndpointServer::heldChanged, this, &BreakpointPanel::refresh);
    refresh();
}

int BreakpointPanel::heldCount() const
{
    return int(m_held.size());
}

void BreakpointPanel::selectHeld(int row)
{
    m_list->setCurrentRow(row);
}

void BreakpointPanel::setReplyText(const QString &text)
{
    m_editor->setPlainText(text);
}

QString BreakpointPanel::validationMessage() const
{
    return m_status->text();
}

bool BreakpointPanel::canSend() const
{
    return m_send->isEnabled();
}

bool BreakpointPanel::selectHeldEvent(qint64 heldId)
{
    for (int row = 0; row < m_held.size(); ++row) {
        if (m_held.at(row).id == heldId) {
            m_list->setCurrentRow(row);
            return true;
        }
    }
    return false;
}

qint64 BreakpointPanel::selectedHeldId() const
{
    const int row = m_list->currentRow();
    return row >= 0 && row < m_held.size() ? m_held.at(row).id : -1;
}

void BreakpointPanel::refresh()
{
    if (!m_endpoint)
        return;
    const qint64 selected = selectedHeldId();
    m_held = m_endpoint->heldEvents();
    const QSignalBlocker block(m_list);
    m_list->clear();
    int keep = -1;
    for (int i = 0; i < m_held.size(); ++i) {
        const HeldEvent &held = m_held.at(i);
        m_list->addItem(QStringLiteral("#%1 %2 · %3").arg(held.sequence).arg(held.eventType, held.transactionId));
        if (held.id == selected)
            keep = i;
    }
    m_list->setCurrentRow(keep >= 0 ? keep : (m_held.isEmpty() ? -1 : 0));
    if (keep < 0)
        onSelectionChanged();
}

void BreakpointPanel::onSelectionChanged()
{
    const int row = m_list->currentRow();
    const bool any = row >= 0 && row < m_held.size();
    m_editor->setEnabled(any);
    m_sendDefault->setEnabled(any);
    if (any) {
        const QJsonDocument reply = QJsonDocument::fromJson(m_held.at(row).defaultReply);
        m_editor->setPlainText(reply.isNull() ? QString::fromUtf8(m_held.at(row).defaultReply)
                                              : QString::fromUtf8(reply.toJson(QJsonDocument::Indented)));
        m_tick->start();
    } else {
        m_editor->clear();
        m_tick->stop();
        m_countdown->setText(tr("No event is held"));
    }
    validateReply();
    updateCountdown();
}

void BreakpointPanel::validateReply()
{
    if (selectedHeldId() < 0) {
        m_status->clear();
        m_send->setEnabled(false);
        return;
    }
    const auto parsed = ActionList::parse(m_editor->toPlainText().toUtf8());
    QStringList lines;
    for (const ValidationIssue &issue : parsed.issues)
        lines << (issue.isError() ? QStringLiteral("✖ ") : QStringLiteral("⚠ ")) + issue.message();
    m_status->setText(lines.isEmpty() ? tr("✔ a valid action list") : lines.join(QLatin1Char('\n')));
    m_send->setEnabled(parsed.ok());
    m_send->setToolTip(parsed.ok() ? tr("Send this reply") : tr("Fix the reply first"));
}

void BreakpointPanel::updateCountdown()
{
    const int row = m_list->currentRow();
    if (row < 0 || row >= m_held.size())
        return;
    const qint64 left = m_held.at(row).deadlineAtMs - QDateTime::currentMSecsSinceEpoch();
    m_countdown->setText(left > 0 ? tr("Default reply in %1 s").arg(double(left) / 1000.0, 0, 'f', 1)
                                  : tr("Deadline passed: the default reply went out"));
}

void BreakpointPanel::release(const QByteArray &reply)
{
    const qint64 id = selectedHeldId();
    if (id < 0 || !m_endpoint)
        return;
    const QString error = m_endpoint->release(id, reply);
    if (!error.isEmpty()) {
        m_status->setText(error);
        return;
    }
    emit released(id);
    refresh();
}

void BreakpointPanel::send()
{
    if (canSend())
        release(m_editor->toPlainText().toUtf8());
}

void BreakpointPanel::sendDefault()
{
    release({});
}

} // namespace callconsole

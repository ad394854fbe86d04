#include "SimulatorPage.h"

#include "FieldMessage.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace callconsole {

namespace {

const CalleeBehaviour::Outcome outcomes[] = {CalleeBehaviour::Outcome::Answer, CalleeBehaviour::Outcome::Busy,
                                             CalleeBehaviour::Outcome::NoAnswer, CalleeBehaviour::Outcome::Reject};

QSpinBox *millisecondsBox(int value, int minimum = 0)
{
    auto *box = new QSpinBox;
    box->setRange(minimum, 3600000);
    box->setSingleStep(100);
    box->setSuffix(QStringLiteral(" ms"));
    if (minimum < 0)
        box->setSpecialValueText(QObject::tr("never"));
    box->setValue(value);
    box->setFrame(false);
    return box;
}

const char *const memberOfColumn[] = {"to", "outcome", "ringMs", "answerAfterMs", "hangupAfterMs", "digits", "digitsAtMs"};

} // namespace

SimulatorPage::SimulatorPage(QWidget *parent)
    : PreferencesPage(parent)
{
    setObjectName(QStringLiteral("simulatorPage"));
    auto *intro = new QLabel(tr("How the simulated far end behaves when a number is dialled. The first row whose "
                                "number matches wins (* matches any digits); other numbers answer after 1.5 s."));
    intro->setWordWrap(true);

    m_table = new QTableWidget(0, ColumnCount);
    m_table->setObjectName(settingsfield::callees());
    m_table->setHorizontalHeaderLabels({tr("Number"), tr("Outcome"), tr("Ring after"), tr("Answer after"), tr("Hang up after"),
                                        tr("DTMF"), tr("DTMF at")});
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(To, QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_message = new FieldMessage(m_table, settingsfield::callees() + QStringLiteral("#message"));

    auto *buttons = new QHBoxLayout;
    const auto button = [&buttons](const QString &text, const char *name) {
        auto *b = new QToolButton;
        b->setText(text);
        b->setObjectName(QLatin1String(name));
        buttons->addWidget(b);
        return b;
    };
    connect(button(tr("Add"), "calleeAdd"), &QToolButton::clicked, this, [this] {
        addRow();
        m_table->setCurrentCell(m_table->rowCount() - 1, To);
        m_table->editItem(m_table->item(m_table->rowCount() - 1, To));
    });
    connect(button(tr("Remove"), "calleeRemove"), &QToolButton::clicked, this, [this] {
        if (m_table->currentRow() >= 0) {
            m_table->removeRow(m_table->currentRow());
            emit edited();
        }
    });
    connect(button(tr("Move up"), "calleeUp"), &QToolButton::clicked, this, [this] { moveCurrent(-1); });
    connect(button(tr("Move down"), "calleeDown"), &QToolButton::clicked, this, [this] { moveCurrent(1); });
    buttons->addStretch();
    connect(button(tr("Restore defaults"), "calleeDefaults"), &QToolButton::clicked, this, [this] {
        setRows(ConsoleSettings::defaultCallees());
        emit edited();
    });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_message);
    layout->addLayout(buttons);
    connect(m_table, &QTableWidget::itemChanged, this, &PreferencesPage::edited);
}

void SimulatorPage::addRow(const CalleeSetting &callee)
{
    const QSignalBlocker block(m_table);
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    m_table->setItem(row, To, new QTableWidgetItem(callee.to));
    auto *outcome = new QComboBox;
    outcome->setFrame(false);
    for (const auto value : outcomes)
        outcome->addItem(CalleeSetting::outcomeName(value), int(value));
    outcome->setCurrentIndex(outcome->findData(int(callee.outcome)));
    m_table->setCellWidget(row, Outcome, outcome);
    connect(outcome, qOverload<int>(&QComboBox::currentIndexChanged), this, &PreferencesPage::edited);
    const auto spin = [&](int column, int value, int minimum = 0) {
        QSpinBox *box = millisecondsBox(value, minimum);
        m_table->setCellWidget(row, column, box);
        connect(box, qOverload<int>(&QSpinBox::valueChanged), this, &PreferencesPage::edited);
    };
    spin(RingMs, callee.ringMs);
    spin(AnswerAfterMs, callee.answerAfterMs);
    spin(HangupAfterMs, callee.hangupAfterMs, -1);
    m_table->setItem(row, Digits, new QTableWidgetItem(callee.digits));
    spin(DigitsAtMs, callee.digitsAtMs);
    emit edited();
}

void SimulatorPage::setRows(const QList<CalleeSetting> &callees)
{
    m_table->setRowCount(0);
    for (const CalleeSetting &callee : callees)
        addRow(callee);
}

void SimulatorPage::moveCurrent(int step)
{
    const int row = m_table->currentRow();
    QList<CalleeSetting> all = rows();
    if (row < 0 || row + step < 0 || row + step >= all.size())
        return;
    all.move(row, row + step);
    setRows(all);
    m_table->setCurrentCell(row + step, To);
    emit edited();
}

QList<CalleeSetting> SimulatorPage::rows() const
{
    QList<CalleeSetting> callees;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        CalleeSetting callee;
        callee.to = m_table->item(row, To) ? m_table->item(row, To)->text().trimmed() : QString();
        callee.outcome = CalleeBehaviour::Outcome(qobject_cast<QComboBox *>(m_table->cellWidget(row, Outcome))->currentData().toInt());
        callee.ringMs = qobject_cast<QSpinBox *>(m_table->cellWidget(row, RingMs))->value();
        callee.answerAfterMs = qobject_cast<QSpinBox *>(m_table->cellWidget(row, AnswerAfterMs))->value();
        callee.hangupAfterMs = qobject_cast<QSpinBox *>(m_table->cellWidget(row, HangupAfterMs))->value();
        callee.digits = m_table->item(row, Digits) ? m_table->item(row, Digits)->text().trimmed() : QString();
        callee.digitsAtMs = qobject_cast<QSpinBox *>(m_table->cellWidget(row, DigitsAtMs))->value();
        callees << callee;
    }
    return callees;
}

void SimulatorPage::load(const ConsoleSettings &settings, const ConsoleSecrets &)
{
    setRows(settings.callees);
}

void SimulatorPage::store(ConsoleSettings &settings, ConsoleSecrets &) const
{
    settings.callees = rows();
}

int SimulatorPage::showIssues(const ValidationIssues &issues)
{
    // "simulator/callees[2].digits" → row 2, the DTMF cell; the first one is spelled out.
    static const QRegularExpression cell(QStringLiteral("^simulator/callees\\[(\\d+)\\]\\.(\\w+)"));
    const ValidationIssue *first = nullptr;
    int errors = 0;
    const QSignalBlocker block(m_table); // colouring a cell is not an edit
    for (int row = 0; row < m_table->rowCount(); ++row) {
        for (int column = 0; column < ColumnCount; ++column) {
            if (QTableWidgetItem *item = m_table->item(row, column))
                item->setData(Qt::ForegroundRole, QVariant());
        }
    }
    for (const ValidationIssue &issue : issues) {
        const QRegularExpressionMatch match = cell.match(issue.path);
        if (!match.hasMatch() || !issue.isError())
            continue;
        ++errors;
        const int row = match.captured(1).toInt();
        const int column = int(std::find_if(std::begin(memberOfColumn), std::end(memberOfColumn),
                                            [&](const char *m) { return match.captured(2) == QLatin1String(m); })
                               - std::begin(memberOfColumn));
        if (QTableWidgetItem *item = m_table->item(row, column))
            item->setForeground(QColor(0xd6, 0x27, 0x28));
        if (!first)
            first = &issue;
    }
    if (first) {
        const QRegularExpressionMatch match = cell.match(first->path);
        const int column = int(std::find_if(std::begin(memberOfColumn), std::end(memberOfColumn),
                                            [&](const char *m) { return match.captured(2) == QLatin1String(m); })
                               - std::begin(memberOfColumn));
        const QString header = column < ColumnCount ? m_table->horizontalHeaderItem(column)->text() : match.captured(2);
        m_message->showText(tr("Row %1, %2: %3").arg(match.captured(1).toInt() + 1).arg(header,
                                first->value.isEmpty() ? first->rule : QStringLiteral("'%1' — %2").arg(first->value, first->rule)),
                            ValidationIssue::Severity::Error);
    } else {
        m_message->showIssue(nullptr);
    }
    return errors + PreferencesPage::showIssues(issues);
}

} // namespace callconsole

#include "RulesPage.h"

#include "FieldMessage.h"
#include "RuleEditor.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

namespace callconsole {

RulesPage::RulesPage(QWidget *parent)
    : PreferencesPage(parent)
{
    setObjectName(QStringLiteral("rulesPage"));
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_forward = new QLineEdit;
    m_forward->setObjectName(settingsfield::forwardUrl());
    m_forward->setPlaceholderText(tr("empty — or your handler, e.g. http://127.0.0.1:3000/ (every event goes there first)"));
    addField(form, tr("Forward every event to"), m_forward, settingsfield::forwardUrl());

    // The Lambda file itself, run with node or python3: edit, save, and the next event reloads it.
    m_handler = new QLineEdit;
    m_handler->setObjectName(settingsfield::handlerFile());
    m_handler->setPlaceholderText(tr("empty — or your Lambda file (.js, .mjs, .cjs, .py); its logs show in the inspector"));
    auto *handlerRow = new QWidget;
    auto *handlerLayout = new QHBoxLayout(handlerRow);
    handlerLayout->setContentsMargins(0, 0, 0, 0);
    handlerLayout->addWidget(m_handler, 1);
    auto *chooseHandler = new QToolButton;
    chooseHandler->setText(tr("Choose…"));
    handlerLayout->addWidget(chooseHandler);
    addField(form, tr("Your handler"), handlerRow, settingsfield::handlerFile());
    connect(chooseHandler, &QToolButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Your handler"), m_handler->text(),
                                                          tr("Lambda handlers (*.js *.mjs *.cjs *.py)"));
        if (!file.isEmpty())
            m_handler->setText(file);
    });
    connect(m_handler, &QLineEdit::textChanged, this, &PreferencesPage::edited);

    m_file = new QLineEdit;
    m_file->setObjectName(settingsfield::rulesFile());
    m_file->setReadOnly(true);
    m_file->setPlaceholderText(tr("none yet — the rules below are saved on Apply"));
    auto *fileRow = new QWidget;
    auto *fileLayout = new QHBoxLayout(fileRow);
    fileLayout->setContentsMargins(0, 0, 0, 0);
    fileLayout->addWidget(m_file, 1);
    auto *open = new QToolButton;
    open->setText(tr("Open…"));
    auto *saveAs = new QToolButton;
    saveAs->setText(tr("Save as…"));
    fileLayout->addWidget(open);
    fileLayout->addWidget(saveAs);
    addField(form, tr("Rules file"), fileRow, settingsfield::rulesFile());

    m_events = new QListWidget;
    m_events->setObjectName(QStringLiteral("ruleEvents"));
    m_events->setMaximumWidth(fontMetrics().horizontalAdvance(QStringLiteral("ACTION_INTERRUPTED (99)")) + 48);
    for (const QString &event : RulesDocument::eventChoices()) {
        auto *item = new QListWidgetItem(m_events);
        item->setData(Qt::UserRole, event);
    }

    m_rules = new QComboBox;
    m_rules->setObjectName(QStringLiteral("rulesOfEvent"));
    m_rules->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_rules->setMinimumContentsLength(16);
    auto *add = new QToolButton;
    add->setObjectName(QStringLiteral("ruleAdd"));
    add->setText(tr("Add rule"));
    m_remove = new QToolButton;
    m_remove->setObjectName(QStringLiteral("ruleRemove"));
    m_remove->setText(tr("Remove"));
    auto *ruleRow = new QHBoxLayout;
    ruleRow->addWidget(new QLabel(tr("Rule")));
    ruleRow->addWidget(m_rules, 1);
    ruleRow->addWidget(add);
    ruleRow->addWidget(m_remove);
    m_editor = new RuleEditor;

    auto *tryBox = new QGroupBox(tr("Try on an event"));
    m_samples = new QComboBox;
    m_samples->setObjectName(QStringLiteral("sampleEvents"));
    for (const QString &name : QDir(QStringLiteral(":/sample-events")).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
        QFile file(QStringLiteral(":/sample-events/") + name);
        if (file.open(QIODevice::ReadOnly)) {
            m_samples->addItem(tr("Sample: %1").arg(QFileInfo(name).completeBaseName()));
            m_sampleBodies << file.readAll();
        }
    }
    auto *tryButton = new QPushButton(tr("Show reply"));
    tryButton->setObjectName(QStringLiteral("tryRules"));
    m_previewSource = new QLabel;
    m_previewSource->setObjectName(QStringLiteral("previewSource"));
    m_previewSource->setWordWrap(true);
    m_preview = new QPlainTextEdit;
    m_preview->setObjectName(QStringLiteral("preview"));
    m_preview->setReadOnly(true);
    m_preview->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_preview->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_preview->setMinimumHeight(60);
    m_preview->setMaximumHeight(fontMetrics().lineSpacing() * 8); // the rule's own reply gets the rest
    auto *tryRow = new QHBoxLayout;
    tryRow->addWidget(m_samples, 1);
    tryRow->addWidget(tryButton);
    auto *tryLayout = new QVBoxLayout(tryBox);
    tryLayout->addLayout(tryRow);
    tryLayout->addWidget(m_previewSource);
    tryLayout->addWidget(m_preview, 1);

    auto *right = new QVBoxLayout;
    right->addLayout(ruleRow);
    right->addWidget(m_editor, 1);
    right->addWidget(tryBox);
    auto *split = new QHBoxLayout;
    split->addWidget(m_events);
    split->addLayout(right, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(split, 1);

    connect(m_forward, &QLineEdit::textChanged, this, &PreferencesPage::edited);
    connect(m_events, &QListWidget::currentRowChanged, this, [this] { refreshRules(); });
    connect(m_rules, qOverload<int>(&QComboBox::currentIndexChanged), this, [this](int row) {
        const QList<int> rules = currentRules();
        m_editor->setRule(row >= 0 && row < rules.size() ? &m_document.rules.at(rules.at(row)) : nullptr);
        m_remove->setEnabled(row >= 0);
        validateRules();
    });
    connect(add, &QToolButton::clicked, this, &RulesPage::addRule);
    connect(m_remove, &QToolButton::clicked, this, &RulesPage::removeRule);
    connect(m_editor, &RuleEditor::edited, this, &RulesPage::onRuleEdited);
    connect(tryButton, &QPushButton::clicked, this, &RulesPage::tryRules);
    connect(open, &QToolButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open rules"), m_file->text(), tr("Rules (*.json);;All files (*)"));
        if (!path.isEmpty() && openFile(path))
            emit edited();
    });
    connect(saveAs, &QToolButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save rules as"), m_file->text(), tr("Rules (*.json)"));
        if (path.isEmpty())
            return;
        m_fileProblem = m_document.save(path);
        if (m_fileProblem.isEmpty())
            markSaved(path);
        emit edited();
    });
    m_events->setCurrentRow(int(RulesDocument::eventChoices().indexOf(QStringLiteral("CALL_ANSWERED"))));
}

QString RulesPage::currentEvent() const
{
    const QListWidgetItem *item = m_events->currentItem();
    return item ? item->data(Qt::UserRole).toString() : QStringLiteral("*");
}

QList<int> RulesPage::currentRules() const
{
    return m_document.rulesFor(currentEvent());
}

void RulesPage::refreshEvents()
{
    const QList<RuleIssue> issues = m_document.issues();
    for (int row = 0; row < m_events->count(); ++row) {
        QListWidgetItem *item = m_events->item(row);
        const QString event = item->data(Qt::UserRole).toString();
        const QList<int> rules = m_document.rulesFor(event);
        const QString name = event == QLatin1String("*") ? tr("Every event (*)") : event;
        item->setText(rules.isEmpty() ? name : QStringLiteral("%1 (%2)").arg(name).arg(rules.size()));
        const bool broken = std::any_of(issues.cbegin(), issues.cend(), [&](const RuleIssue &i) { return rules.contains(i.rule); });
        item->setIcon(broken ? style()->standardIcon(QStyle::SP_MessageBoxCritical) : QIcon());
    }
}

void RulesPage::refreshRules(int select)
{
    const QSignalBlocker block(m_rules);
    m_rules->clear();
    for (const int index : currentRules())
        m_rules->addItem(m_document.rules.at(index).name);
    const int row = m_rules->count() == 0 ? -1 : qBound(0, select, m_rules->count() - 1);
    m_rules->setCurrentIndex(row);
    m_editor->setRule(row >= 0 ? &m_document.rules.at(currentRules().at(row)) : nullptr);
    m_remove->setEnabled(row >= 0);
    refreshEvents();
    validateRules();
}

void RulesPage::onRuleEdited()
{
    const QList<int> rules = currentRules();
    const int row = m_rules->currentIndex();
    if (row < 0 || row >= rules.size())
        return;
    m_document.rules[rules.at(row)] = m_editor->rule();
    m_rules->setItemText(row, m_document.rules.at(rules.at(row)).name);
    refreshEvents();
    validateRules();
    emit edited();
}

void RulesPage::validateRules()
{
    const QList<int> rules = currentRules();
    const int row = m_rules->currentIndex();
    const int index = row >= 0 && row < rules.size() ? rules.at(row) : -1;
    QList<RuleIssue> mine;
    for (const RuleIssue &issue : m_document.issues()) {
        if (issue.rule == index && index >= 0)
            mine << issue;
    }
    m_editor->showIssues(mine);
}

int RulesPage::addRule()
{
    const int index = m_document.addRule(currentEvent());
    refreshRules(int(currentRules().indexOf(index)));
    emit edited();
    return index;
}

void RulesPage::removeRule()
{
    const QList<int> rules = currentRules();
    const int row = m_rules->currentIndex();
    if (row < 0 || row >= rules.size())
        return;
    m_document.removeRule(rules.at(row));
    refreshRules(row);
    emit edited();
}

void RulesPage::selectEvent(const QString &event)
{
    m_events->setCurrentRow(int(RulesDocument::eventChoices().indexOf(event)));
}

void RulesPage::selectRule(int indexInEvent)
{
    m_rules->setCurrentIndex(indexInEvent);
}

bool RulesPage::openFile(const QString &path)
{
    const Parsed<RulesDocument> opened = RulesDocument::load(path);
    if (!opened.value) {
        m_fileProblem = QStringLiteral("%1: %2").arg(path, opened.issues.value(0).rule);
        showIssues({});
        return false;
    }
    m_fileProblem.clear();
    m_document = *opened.value;
    m_loaded = m_document;
    m_file->setText(path);
    refreshRules();
    return true;
}

void RulesPage::markSaved(const QString &path)
{
    m_file->setText(path);
    m_loaded = m_document;
}

void RulesPage::load(const ConsoleSettings &settings, const ConsoleSecrets &)
{
    m_forward->setText(settings.forwardUrl);
    m_handler->setText(settings.handlerFile);
    m_document = RulesDocument();
    m_loaded = m_document;
    m_file->setText(settings.rulesFile);
    if (!settings.rulesFile.isEmpty())
        openFile(settings.rulesFile);
    refreshRules();
}

void RulesPage::store(ConsoleSettings &settings, ConsoleSecrets &) const
{
    settings.forwardUrl = m_forward->text().trimmed();
    settings.handlerFile = m_handler->text().trimmed();
    settings.rulesFile = m_file->text();
}

bool RulesPage::hasOwnErrors() const
{
    return m_document.hasErrors();
}

int RulesPage::showIssues(const ValidationIssues &issues)
{
    // The file's own problems (unreadable, a bad fallback or global forward) show on its field.
    ValidationIssues all = issues;
    if (!m_fileProblem.isEmpty())
        all << ValidationIssue::error(settingsfield::rulesFile(), {}, m_fileProblem);
    for (const RuleIssue &issue : m_document.issues()) {
        if (issue.rule < 0)
            all << ValidationIssue::error(settingsfield::rulesFile(), {}, issue.issue.message());
    }
    return PreferencesPage::showIssues(all);
}

void RulesPage::setSelectedDelivery(const QByteArray &eventJson, const QString &label)
{
    m_samples->insertItem(0, tr("Selected: %1").arg(label));
    m_sampleBodies.prepend(eventJson);
    m_samples->setCurrentIndex(0);
}

QStringList RulesPage::sampleNames() const
{
    QStringList names;
    for (int i = 0; i < m_samples->count(); ++i)
        names << m_samples->itemText(i);
    return names;
}

void RulesPage::selectSample(int index)
{
    m_samples->setCurrentIndex(index);
}

void RulesPage::tryRules()
{
    const int index = m_samples->currentIndex();
    if (index < 0 || index >= m_sampleBodies.size())
        return;
    const ReplyPreview preview = m_document.preview(m_sampleBodies.at(index), m_forward->text().trimmed());
    if (!preview.error.isEmpty()) {
        m_previewSource->setText(tr("✗ %1").arg(preview.error));
        m_preview->clear();
        return;
    }
    QStringList how{preview.source == QLatin1String("default") ? tr("Answered by the built-in reply")
                                                               : tr("Answered by %1").arg(preview.source)};
    if (preview.hold)
        how << tr("held at a breakpoint first (this reply goes out after 4.5 s)");
    if (!preview.forward.isEmpty())
        how << tr("forwarded to %1 first; shown: the fallback if it fails").arg(preview.forward.toString());
    m_previewSource->setText(how.join(QStringLiteral("; ")));
    m_preview->setPlainText(QString::fromUtf8(preview.reply));
}

QString RulesPage::preview() const
{
    return m_previewSource->text() + QLatin1Char('\n') + m_preview->toPlainText();
}

} // namespace callconsole

#include "CallForm.h"

#include "FieldMessage.h"
#include "PhoneNumberAdvisor.h"
#include "ThemePalette.h"

#include <QComboBox>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QStyle>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace callconsole {

namespace {

QString settingsKey(const QString &name) { return QStringLiteral("callForm/") + name; }

// The Call in mode's fields; a dial-in refusal naming FromPhoneNumber or ToPhoneNumber lands on them.
const QString callerField = QStringLiteral("Caller");
const QString dialledField = QStringLiteral("DialledNumber");

} // namespace

CallForm::CallForm(QWidget *parent)
    : QWidget(parent)
{
    auto *form = m_form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);

    m_backend = new QComboBox;
    m_backend->setObjectName(QStringLiteral("backend"));
    m_backend->addItems({tr("Simulator"), tr("AWS")});
    m_backend->setItemData(SimulatorEntry, tr("The built-in SMA simulator: no AWS account needed"), Qt::ToolTipRole);
    m_backend->setItemData(AwsEntry, tr("The real chime-sdk-voice API, with the profile and region from Preferences (Ctrl+,)"),
                           Qt::ToolTipRole);
    // Made here, not when its action arrives, so that Tab reaches it right after the combo.
    m_awsBackendButton = new QToolButton;
    m_awsBackendButton->setObjectName(QStringLiteral("awsBackendAction"));
    m_awsBackendButton->hide();
    auto *backendRow = new QHBoxLayout;
    backendRow->addWidget(m_backend, 1);
    backendRow->addWidget(m_awsBackendButton);
    form->addRow(tr("Backend"), backendRow);
    connect(m_backend, qOverload<int>(&QComboBox::currentIndexChanged), this, &CallForm::showAwsBackendButton);

    m_mode = new QComboBox;
    m_mode->setObjectName(QStringLiteral("mode"));
    m_mode->addItems({tr("Place call"), tr("Call in")});
    m_mode->setItemData(PlaceMode, tr("CreateSipMediaApplicationCall: the SMA calls a number"), Qt::ToolTipRole);
    m_mode->setItemData(CallInMode, tr("A caller dials one of the simulator's numbers; its SIP rule picks the SMA (NEW_INBOUND_CALL)"),
                        Qt::ToolTipRole);
    form->addRow(tr("Call"), m_mode);
    connect(m_mode, qOverload<int>(&QComboBox::currentIndexChanged), this, &CallForm::showModeFields);
    // The real service has no way to make a caller dial in: Call in is the simulator's.
    connect(m_backend, qOverload<int>(&QComboBox::currentIndexChanged), this, [this](int backend) {
        if (backend == AwsEntry)
            m_mode->setCurrentIndex(PlaceMode);
        m_mode->setEnabled(backend != AwsEntry);
    });

    m_caller = new QLineEdit;
    m_caller->setObjectName(callerField);
    m_caller->setPlaceholderText(QStringLiteral("+14155550123"));
    addStatusRow(form, callerField, tr("Caller"), m_caller);
    m_dialled = new QComboBox;
    m_dialled->setObjectName(dialledField);
    m_dialled->setEditable(true);
    m_dialled->lineEdit()->setPlaceholderText(QStringLiteral("+12065550100"));
    addStatusRow(form, dialledField, tr("Your number"), m_dialled);

    m_sma = new QComboBox;
    m_sma->setObjectName(callrules::sipMediaApplicationId());
    m_sma->setEditable(true);
    m_sma->lineEdit()->setPlaceholderText(tr("SIP media application id"));
    addStatusRow(form, callrules::sipMediaApplicationId(), tr("SIP media app"), m_sma);

    m_from = new QComboBox;
    m_from->setObjectName(callrules::fromPhoneNumber());
    m_from->setEditable(true);
    m_from->lineEdit()->setPlaceholderText(QStringLiteral("+12065550100"));
    addStatusRow(form, callrules::fromPhoneNumber(), tr("From"), m_from);
    m_fromAdvice = new QLabel;
    m_fromAdvice->setObjectName(QStringLiteral("fromAdvice"));
    form->addRow(QString(), m_fromAdvice);

    m_to = new QLineEdit;
    m_to->setObjectName(callrules::toPhoneNumber());
    m_to->setPlaceholderText(QStringLiteral("+12065550199"));
    addStatusRow(form, callrules::toPhoneNumber(), tr("To"), m_to);
    m_toAdvice = new QLabel;
    m_toAdvice->setObjectName(QStringLiteral("toAdvice"));
    form->addRow(QString(), m_toAdvice);

    m_headers = makeTable(callrules::sipHeaders());
    addStatusRow(form, callrules::sipHeaders(), tr("SIP headers"), tableWithButtons(m_headers, callrules::sipHeaders()));
    m_fields[callrules::sipHeaders()].editor = m_headers;
    m_arguments = makeTable(callrules::argumentsMap());
    addStatusRow(form, callrules::argumentsMap(), tr("Arguments"), tableWithButtons(m_arguments, callrules::argumentsMap()));
    m_fields[callrules::argumentsMap()].editor = m_arguments;

    m_place = new QPushButton(tr("Place call"));
    m_place->setObjectName(QStringLiteral("place"));
    m_place->setDefault(true);
    connect(m_place, &QPushButton::clicked, this, &CallForm::place);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_place);
    layout->addStretch();

    const auto edited = [this] {
        m_serverIssues.clear();
        validate();
    };
    connect(m_sma, &QComboBox::editTextChanged, this, edited);
    connect(m_from, &QComboBox::editTextChanged, this, edited);
    connect(m_to, &QLineEdit::textChanged, this, edited);
    connect(m_caller, &QLineEdit::textChanged, this, edited);
    connect(m_dialled, &QComboBox::editTextChanged, this, edited);
    connect(m_headers, &QTableWidget::itemChanged, this, edited);
    connect(m_arguments, &QTableWidget::itemChanged, this, edited);
    showModeFields();
}

QTableWidget *CallForm::makeTable(const QString &objectName)
{
    auto *table = new QTableWidget(0, 2);
    table->setObjectName(objectName);
    table->setHorizontalHeaderLabels({tr("Name"), tr("Value")});
    table->horizontalHeader()->setStretchLastSection(true);
    table->verticalHeader()->hide();
    table->setMinimumHeight(80);
    table->setMaximumHeight(140);
    return table;
}

QWidget *CallForm::tableWithButtons(QTableWidget *table, const QString &field)
{
    auto *box = new QWidget;
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(table);
    auto *buttons = new QHBoxLayout;
    auto *add = new QToolButton;
    add->setObjectName(field + QStringLiteral("Add"));
    add->setText(tr("Add"));
    auto *remove = new QToolButton;
    remove->setObjectName(field + QStringLiteral("Remove"));
    remove->setText(tr("Remove"));
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch();
    layout->addLayout(buttons);
    connect(add, &QToolButton::clicked, this, [this, table] {
        if (table == m_headers)
            addSipHeader();
        else
            addArgument();
        table->editItem(table->item(table->rowCount() - 1, 0));
    });
    connect(remove, &QToolButton::clicked, this, [this, table] {
        const int row = table->currentRow() >= 0 ? table->currentRow() : table->rowCount() - 1;
        if (row >= 0)
            table->removeRow(row);
        validate();
    });
    return box;
}

void CallForm::addStatusRow(QFormLayout *form, const QString &field, const QString &label, QWidget *editor)
{
    FieldStatus status;
    status.editor = editor;
    status.icon = new QLabel;
    status.message = new QLabel;
    status.message->setObjectName(field + QStringLiteral("Message"));
    status.message->setWordWrap(true);
    form->addRow(label, editor);
    auto *line = new QHBoxLayout;
    line->addWidget(status.icon);
    line->addWidget(status.message, 1);
    form->addRow(QString(), line);
    status.line = line;
    m_fields.insert(field, status);
}

void CallForm::addSipHeader(const QString &key, const QString &value)
{
    const QSignalBlocker block(m_headers);
    const int row = m_headers->rowCount();
    m_headers->insertRow(row);
    m_headers->setItem(row, 0, new QTableWidgetItem(key));
    m_headers->setItem(row, 1, new QTableWidgetItem(value));
    validate();
}

void CallForm::addArgument(const QString &key, const QString &value)
{
    const QSignalBlocker block(m_arguments);
    const int row = m_arguments->rowCount();
    m_arguments->insertRow(row);
    m_arguments->setItem(row, 0, new QTableWidgetItem(key));
    m_arguments->setItem(row, 1, new QTableWidgetItem(value));
    validate();
}

KeyValueList CallForm::rows(const QTableWidget *table)
{
    KeyValueList list;
    for (int row = 0; row < table->rowCount(); ++row) {
        const auto *key = table->item(row, 0);
        const auto *value = table->item(row, 1);
        list.append({key ? key->text() : QString(), value ? value->text() : QString()});
    }
    return list;
}

CreateCallRequest CallForm::request() const
{
    CreateCallRequest request;
    request.sipMediaApplicationId = m_sma->currentText().trimmed();
    request.fromPhoneNumber = m_from->currentText();
    request.toPhoneNumber = m_to->text();
    request.sipHeaders = rows(m_headers);
    request.argumentsMap = rows(m_arguments);
    return request;
}

QString CallForm::fieldOf(const QString &path)
{
    // "SipHeaders[3].key" → "SipHeaders"
    const int end = path.indexOf(QRegularExpression(QStringLiteral("[\\[.]")));
    return end < 0 ? path : path.left(end);
}

CallForm::Mode CallForm::mode() const
{
    return Mode(m_mode->currentIndex());
}

void CallForm::setMode(Mode mode)
{
    m_mode->setCurrentIndex(mode);
}

QString CallForm::caller() const
{
    return m_caller->text();
}

QString CallForm::dialledNumber() const
{
    return m_dialled->currentText();
}

void CallForm::showModeFields()
{
    const bool callIn = mode() == CallInMode;
    const auto show = [this](const QString &field, bool visible) {
        m_form->setRowVisible(m_fields[field].editor == m_headers || m_fields[field].editor == m_arguments
                                  ? m_fields[field].editor->parentWidget() : m_fields[field].editor, visible);
        m_form->setRowVisible(m_fields[field].line, visible);
    };
    for (const QString &field : {callrules::sipMediaApplicationId(), callrules::fromPhoneNumber(), callrules::toPhoneNumber(),
                                 callrules::sipHeaders(), callrules::argumentsMap()})
        show(field, !callIn);
    show(callerField, callIn);
    show(dialledField, callIn);
    m_form->setRowVisible(m_fromAdvice, !callIn);
    m_form->setRowVisible(m_toAdvice, !callIn);
    m_place->setText(callIn ? tr("Call in") : tr("Place call"));
    m_serverIssues.clear();
    validate();
}

void CallForm::validate()
{
    if (mode() == CallInMode) {
        m_issues = callrules::validatePhoneNumber(callerField, caller()) + callrules::validatePhoneNumber(dialledField, dialledNumber());
        if (!m_dialled->currentText().isEmpty() && m_dialled->count() > 0 && m_dialled->findText(dialledNumber()) < 0)
            m_issues << ValidationIssue::warning(dialledField, dialledNumber(), tr("not one of the simulator's numbers: no SIP rule will route it"));
    } else {
        m_issues = request().validate();
    }
    // First, so that it is what the top field shows while it lasts.
    if (!m_backendWaiting.isEmpty())
        m_issues.prepend(ValidationIssue::error(callrules::sipMediaApplicationId(), {}, m_backendWaiting,
                                                QStringLiteral("BackendWaiting")));
    m_issues += m_serverIssues;
    QStringList blocking;
    for (auto it = m_fields.begin(); it != m_fields.end(); ++it) {
        // Errors first: a field shows the worst thing about it.
        const ValidationIssue *shown = nullptr;
        for (const ValidationIssue &issue : std::as_const(m_issues)) {
            if (fieldOf(issue.path) != it.key())
                continue;
            if (!shown || (issue.isError() && !shown->isError()))
                shown = &issue;
        }
        showIssue(it.key(), shown);
    }
    for (const ValidationIssue &issue : std::as_const(m_issues)) {
        if (issue.isError())
            blocking << issue.message();
    }
    m_place->setEnabled(blocking.isEmpty());
    m_place->setToolTip(blocking.isEmpty() ? (mode() == CallInMode ? tr("Dial in (Ctrl+Enter)") : tr("Place the call (Ctrl+Enter)"))
                                           : tr("Fix first:\n") + blocking.join(QLatin1Char('\n')));
    if (mode() == CallInMode)
        return; // the Place call rows, and their advice, are hidden

    const auto advise = [](QLabel *label, const QString &number) {
        const QString text = number.trimmed().isEmpty() ? QString() : PhoneNumberAdvisor::advise(number).display();
        label->setText(text);
        label->setVisible(!text.isEmpty());
    };
    advise(m_fromAdvice, m_from->currentText());
    advise(m_toAdvice, m_to->text());
}

void CallForm::showIssue(const QString &field, const ValidationIssue *issue)
{
    FieldStatus &status = m_fields[field];
    if (!issue) {
        status.severity.reset();
        status.icon->clear();
        status.message->clear();
        status.icon->hide();
        status.message->hide();
        status.editor->setStyleSheet(QString());
        return;
    }
    status.severity = issue->severity;
    const auto icon = style()->standardIcon(issue->isError() ? QStyle::SP_MessageBoxCritical : QStyle::SP_MessageBoxWarning);
    const int size = fontMetrics().height();
    status.icon->setPixmap(icon.pixmap(size, size));
    status.message->setText(issue->message());
    colourIssue(status.message, status.editor, severityColor(issue->severity, palette()));
    status.icon->show();
    status.message->show();
}

void CallForm::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() != QEvent::PaletteChange)
        return;
    for (FieldStatus &status : m_fields) {
        if (status.severity)
            colourIssue(status.message, status.editor, severityColor(*status.severity, palette()));
    }
}

QString CallForm::fieldMessage(const QString &field) const
{
    const auto it = m_fields.constFind(field);
    return it == m_fields.cend() ? QString() : it->message->text();
}

std::optional<ValidationIssue::Severity> CallForm::fieldSeverity(const QString &field) const
{
    const auto it = m_fields.constFind(field);
    return it == m_fields.cend() ? std::nullopt : it->severity;
}

QString CallForm::phoneAdvice(const QString &field) const
{
    return field == callrules::fromPhoneNumber() ? m_fromAdvice->text() : m_toAdvice->text();
}

bool CallForm::canPlace() const
{
    return m_place->isEnabled();
}

void CallForm::setSipMediaApplications(const QStringList &ids)
{
    const QString current = m_sma->currentText();
    const QSignalBlocker block(m_sma);
    m_sma->clear();
    m_sma->addItems(ids);
    m_sma->setEditText(current.isEmpty() && !ids.isEmpty() ? ids.first() : current);
    validate();
}

void CallForm::setPhoneNumbers(const QStringList &numbers)
{
    for (QComboBox *combo : {m_from, m_dialled}) {
        const QString current = combo->currentText();
        const QSignalBlocker block(combo);
        combo->clear();
        combo->addItems(numbers);
        combo->setEditText(current.isEmpty() && !numbers.isEmpty() ? numbers.first() : current);
    }
    validate();
}

void CallForm::replaceChoices(const QStringList &sipMediaApplicationIds, const QStringList &phoneNumbers)
{
    // Another backend's ids mean nothing here: keep a value only if this backend lists it.
    const auto fill = [](QComboBox *combo, const QStringList &values) {
        const QString current = combo->currentText();
        const QSignalBlocker block(combo);
        combo->clear();
        combo->addItems(values);
        combo->setEditText(values.contains(current) || values.isEmpty() ? current : values.first());
    };
    fill(m_sma, sipMediaApplicationIds);
    fill(m_from, phoneNumbers);
    m_serverIssues.clear();
    validate();
}

void CallForm::setBackendWaiting(const QString &message)
{
    m_backendWaiting = message;
    validate();
}

void CallForm::setAwsBackendAction(QAction *action)
{
    m_awsBackendButton->setDefaultAction(action);
    showAwsBackendButton();
}

void CallForm::showAwsBackendButton()
{
    m_awsBackendButton->setVisible(m_backend->currentIndex() == AwsEntry && m_awsBackendButton->defaultAction());
}

void CallForm::place()
{
    validate();
    if (!canPlace())
        return;
    if (mode() == CallInMode)
        emit dialInRequested(caller(), dialledNumber());
    else
        emit placeRequested(request());
}

void CallForm::showServerIssue(const ValidationIssue &issue)
{
    ValidationIssue shown = issue;
    if (mode() == CallInMode) {
        // The dial-in route names the caller From and the dialled number To, as the events do.
        const QString field = fieldOf(shown.path);
        shown.path = field == callrules::toPhoneNumber() ? dialledField : callerField;
    } else if (!m_fields.contains(fieldOf(shown.path)))
        shown.path = callrules::sipMediaApplicationId(); // a call-level refusal: show it at the top
    m_serverIssues.append(shown);
    validate();
}

void CallForm::saveState(QSettings &settings) const
{
    settings.setValue(settingsKey(QStringLiteral("backend")), m_backend->currentIndex());
    settings.setValue(settingsKey(QStringLiteral("sipMediaApplicationId")), m_sma->currentText());
    settings.setValue(settingsKey(QStringLiteral("from")), m_from->currentText());
    settings.setValue(settingsKey(QStringLiteral("to")), m_to->text());
    settings.setValue(settingsKey(QStringLiteral("mode")), m_mode->currentIndex());
    settings.setValue(settingsKey(QStringLiteral("caller")), m_caller->text());
    settings.setValue(settingsKey(QStringLiteral("dialled")), m_dialled->currentText());
}

void CallForm::restoreState(const QSettings &settings)
{
    const int backend = settings.value(settingsKey(QStringLiteral("backend")), 0).toInt();
    if (backend >= 0 && backend < m_backend->count() && (m_backend->model()->flags(m_backend->model()->index(backend, 0)) & Qt::ItemIsEnabled))
        m_backend->setCurrentIndex(backend);
    m_sma->setEditText(settings.value(settingsKey(QStringLiteral("sipMediaApplicationId"))).toString());
    m_from->setEditText(settings.value(settingsKey(QStringLiteral("from"))).toString());
    m_to->setText(settings.value(settingsKey(QStringLiteral("to"))).toString());
    m_caller->setText(settings.value(settingsKey(QStringLiteral("caller"))).toString());
    if (const QString dialled = settings.value(settingsKey(QStringLiteral("dialled"))).toString(); !dialled.isEmpty())
        m_dialled->setEditText(dialled);
    if (m_mode->isEnabled())
        m_mode->setCurrentIndex(settings.value(settingsKey(QStringLiteral("mode")), int(PlaceMode)).toInt() == CallInMode ? CallInMode : PlaceMode);
    validate();
}

} // namespace callconsole

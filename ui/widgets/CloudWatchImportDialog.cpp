#include "CloudWatchImportDialog.h"

#include "CloudWatchFetch.h"
#include "CredentialsLookup.h"
#include "CredentialsResolver.h"
#include "LogImporter.h"
#include "SessionFiles.h"
#include "SessionImport.h"

#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QDir>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace callconsole {

namespace {

struct SinceChoice
{
    const char *label;
    qint64 ms;
};

const SinceChoice sinceChoices[] = {{"the last 15 minutes", 15 * 60000},   {"the last hour", 3600000},
                                    {"the last 6 hours", 6 * 3600000},      {"the last 24 hours", 24 * 3600000},
                                    {"the last 7 days", 7 * 24 * qint64(3600000)}};

} // namespace

CloudWatchImportDialog::CloudWatchImportDialog(const QString &profile, const QString &region, const QString &sessionDirectory,
                                               QWidget *parent)
    : QDialog(parent)
    , m_profile(new QComboBox(this))
    , m_region(new QLineEdit(region, this))
    , m_logGroup(new QComboBox(this))
    , m_list(new QPushButton(tr("&List"), this))
    , m_since(new QComboBox(this))
    , m_transaction(new QLineEdit(this))
    , m_status(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Cancel, this))
    , m_endpointUrl(QUrl(qEnvironmentVariable("AWS_ENDPOINT_URL_CLOUDWATCH_LOGS")))
    , m_sessionDirectory(sessionDirectory)
{
    setWindowTitle(tr("Import from CloudWatch"));
    m_profile->setEditable(true);
    m_profile->setObjectName(QStringLiteral("profile"));
    m_profile->addItems(aws::CredentialsResolver().profiles());
    m_profile->setCurrentText(profile);
    m_region->setObjectName(QStringLiteral("region"));
    m_region->setPlaceholderText(tr("the profile's region"));
    m_logGroup->setEditable(true);
    m_logGroup->setObjectName(QStringLiteral("logGroup"));
    m_logGroup->setMinimumContentsLength(40);
    m_logGroup->lineEdit()->setPlaceholderText(QStringLiteral("/aws/lambda/FUNCTION"));
    m_list->setToolTip(tr("List the Lambda log groups and the SMA message log groups (DescribeLogGroups)"));
    for (const SinceChoice &choice : sinceChoices)
        m_since->addItem(tr(choice.label), choice.ms);
    m_since->setCurrentIndex(1);
    m_transaction->setObjectName(QStringLiteral("transaction"));
    m_transaction->setPlaceholderText(tr("every call (or one TransactionId)"));
    m_status->setWordWrap(true);
    m_status->setText(tr("CloudWatch Logs delivers events with a delay (seconds, sometimes minutes): a call that just "
                         "ended may not be complete yet."));

    auto *group = new QHBoxLayout;
    group->addWidget(m_logGroup, 1);
    group->addWidget(m_list);
    auto *form = new QFormLayout;
    form->addRow(tr("AWS &profile:"), m_profile);
    form->addRow(tr("&Region:"), m_region);
    form->addRow(tr("Log &group:"), group);
    form->addRow(tr("&From:"), m_since);
    form->addRow(tr("&Transaction:"), m_transaction);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_status);
    layout->addWidget(m_buttons);
    QPushButton *importButton = m_buttons->addButton(tr("&Import"), QDialogButtonBox::AcceptRole);
    importButton->setObjectName(QStringLiteral("import"));
    connect(importButton, &QPushButton::clicked, this, &CloudWatchImportDialog::import);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_list, &QPushButton::clicked, this, &CloudWatchImportDialog::listLogGroups);
}

void CloudWatchImportDialog::setLogGroup(const QString &group)
{
    m_logGroup->setCurrentText(group);
}

void CloudWatchImportDialog::setTransaction(const QString &transactionId)
{
    m_transaction->setText(transactionId);
}

void CloudWatchImportDialog::setSinceMs(qint64 ms)
{
    m_since->addItem(tr("the last %1 ms").arg(ms), ms);
    m_since->setCurrentIndex(m_since->count() - 1);
}

QString CloudWatchImportDialog::status() const
{
    return m_status->text();
}

void CloudWatchImportDialog::setBusy(bool busy, const QString &status)
{
    for (QWidget *widget : std::initializer_list<QWidget *>{m_profile, m_region, m_logGroup, m_list, m_since, m_transaction, m_buttons})
        widget->setEnabled(!busy);
    m_status->setText(status);
}

void CloudWatchImportDialog::withClient(const std::function<void(aws::CloudWatchLogsClient &)> &next)
{
    setBusy(true, tr("Looking up the credentials of profile %1…").arg(m_profile->currentText()));
    delete m_lookup;
    m_lookup = aws::CredentialsResolver().lookUp(m_profile->currentText(), m_region->text().trimmed(), this);
    const auto resolved = [this, next] {
        const aws::ResolvedCredentials credentials = m_lookup->result();
        m_lookup->deleteLater();
        if (!credentials.ok()) {
            setBusy(false, credentials.error);
            return;
        }
        aws::ClientConfig config;
        config.region = credentials.region;
        config.endpointUrl = m_endpointUrl;
        if (config.region.isEmpty()) {
            setBusy(false, tr("No AWS region: enter one, or add region to profile %1").arg(credentials.profile));
            return;
        }
        m_client = std::make_unique<aws::CloudWatchLogsClient>(credentials.credentials, config);
        next(*m_client);
    };
    if (m_lookup->isFinished())
        resolved();
    else
        connect(m_lookup, &aws::CredentialsLookup::finished, this, resolved);
}

void CloudWatchImportDialog::listLogGroups()
{
    withClient([this](aws::CloudWatchLogsClient &client) {
        setBusy(true, tr("Listing log groups…"));
        const QStringList prefixes{QStringLiteral("/aws/lambda/"), QStringLiteral("/aws/ChimeSipMediaApplicationSipMessages/")};
        // The Lambda groups first, whichever answer comes back first.
        auto found = std::make_shared<QList<QStringList>>(prefixes.size());
        auto remaining = std::make_shared<int>(int(prefixes.size()));
        auto failure = std::make_shared<QString>();
        for (int i = 0; i < prefixes.size(); ++i) {
            client.describeLogGroups(prefixes.at(i), [this, i, found, remaining, failure](const aws::LogsResult &result) {
                if (result.ok)
                    (*found)[i] = result.logGroups;
                else
                    *failure = result.error.toString(QStringLiteral("DescribeLogGroups"));
                if (--*remaining > 0)
                    return;
                QStringList groups;
                for (const QStringList &part : std::as_const(*found))
                    groups += part;
                const QString current = m_logGroup->currentText();
                m_logGroup->clear();
                m_logGroup->addItems(groups);
                m_logGroup->setCurrentText(current.isEmpty() && !groups.isEmpty() ? groups.first() : current);
                setBusy(false, failure->isEmpty() ? tr("%n log group(s)", nullptr, int(groups.size())) : *failure);
                emit logGroupsListed();
            });
        }
    });
}

void CloudWatchImportDialog::import()
{
    const QString group = m_logGroup->currentText().trimmed();
    if (group.isEmpty()) {
        m_status->setText(tr("Choose a log group: /aws/lambda/FUNCTION, or List them."));
        return;
    }
    withClient([this, group](aws::CloudWatchLogsClient &client) {
        setBusy(true, tr("Reading %1…").arg(group));
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        logs::CloudWatchFetch fetch(client, group, m_transaction->text().trimmed());
        QString error;
        const QList<aws::LogEvent> events = fetch.fetch(now - m_since->currentData().toLongLong(), now, &error);
        if (!error.isEmpty()) {
            setBusy(false, error);
            return;
        }
        logs::LogImporter importer;
        logs::addLogEvents(importer, events, group);
        const QList<logs::ImportedInvocation> invocations = importer.takeAll();
        const QString summary = importer.summary().text();
        if (invocations.isEmpty()) {
            setBusy(false, tr("No invocation event in %1 log events of %2 (%3). The handler has to log each event it "
                              "receives as JSON.").arg(events.size()).arg(group, summary));
            return;
        }
        QDir().mkpath(m_sessionDirectory);
        const QString path = sessionfiles::newSessionPath(m_sessionDirectory);
        error = logs::writeToSessionFile(path, invocations);
        if (!error.isEmpty()) {
            setBusy(false, error);
            return;
        }
        m_importedSession = path;
        setBusy(false, summary);
        emit imported(path, summary);
        accept();
    });
}

} // namespace callconsole

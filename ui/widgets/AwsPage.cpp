#include "AwsPage.h"

#include "AwsBackendSetup.h"
#include "CredentialsResolver.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QFormLayout>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace callconsole {

namespace {

const QStringList commonRegions{QStringLiteral("us-east-1"), QStringLiteral("us-west-2"), QStringLiteral("ca-central-1"),
                                QStringLiteral("eu-west-1"), QStringLiteral("eu-west-2"), QStringLiteral("eu-central-1"),
                                QStringLiteral("ap-northeast-1"), QStringLiteral("ap-northeast-2"), QStringLiteral("ap-southeast-1"),
                                QStringLiteral("ap-southeast-2")};

} // namespace

AwsPage::AwsPage(QWidget *parent)
    : PreferencesPage(parent)
    , m_source(new QButtonGroup(this))
{
    setObjectName(QStringLiteral("awsPage"));
    auto *profileButton = new QRadioButton(tr("A profile of the AWS CLI (~/.aws/credentials, ~/.aws/config, AWS_* variables)"));
    profileButton->setObjectName(QStringLiteral("awsUseProfile"));
    auto *keysButton = new QRadioButton(tr("Access keys typed here"));
    keysButton->setObjectName(QStringLiteral("awsUseTypedKeys"));
    m_source->addButton(profileButton, int(AwsCredentialSource::Profile));
    m_source->addButton(keysButton, int(AwsCredentialSource::TypedKeys));

    // One form, so every label lines up: the two ways to get credentials, then the service.
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(profileButton);
    m_profile = new QComboBox;
    m_profile->setObjectName(settingsfield::awsProfile());
    m_profile->setEditable(true);
    m_profile->lineEdit()->setPlaceholderText(tr("AWS_PROFILE, else default"));
    m_profile->addItems(aws::CredentialsResolver().profiles());
    addField(form, tr("Profile"), m_profile, settingsfield::awsProfile());

    form->addRow(keysButton);
    m_accessKeyId = new QLineEdit;
    m_accessKeyId->setObjectName(settingsfield::awsAccessKeyId());
    m_accessKeyId->setPlaceholderText(QStringLiteral("AKIA…"));
    addField(form, tr("Access key id"), m_accessKeyId, settingsfield::awsAccessKeyId());
    m_secretAccessKey = new QLineEdit;
    m_secretAccessKey->setObjectName(settingsfield::awsSecretAccessKey());
    m_secretAccessKey->setEchoMode(QLineEdit::Password);
    m_secretAccessKey->setPlaceholderText(tr("kept in the system keychain, never in a file"));
    addField(form, tr("Secret access key"), m_secretAccessKey, settingsfield::awsSecretAccessKey());
    m_sessionToken = new QLineEdit;
    m_sessionToken->setObjectName(QStringLiteral("aws/sessionToken"));
    m_sessionToken->setEchoMode(QLineEdit::Password);
    m_sessionToken->setPlaceholderText(tr("only for temporary credentials"));
    form->addRow(tr("Session token"), m_sessionToken);

    auto *separator = new QFrame;
    separator->setFrameShape(QFrame::HLine);
    separator->setFrameShadow(QFrame::Sunken);
    form->addRow(separator);
    m_region = new QComboBox;
    m_region->setObjectName(settingsfield::awsRegion());
    m_region->setEditable(true);
    m_region->addItem(QString());
    m_region->addItems(commonRegions);
    m_region->lineEdit()->setPlaceholderText(tr("AWS_REGION, else the profile's region"));
    addField(form, tr("Region"), m_region, settingsfield::awsRegion());
    m_endpointUrl = new QLineEdit;
    m_endpointUrl->setObjectName(settingsfield::awsEndpointUrl());
    m_endpointUrl->setPlaceholderText(tr("empty: the real chime-sdk-voice endpoint of the region"));
    addField(form, tr("Endpoint URL"), m_endpointUrl, settingsfield::awsEndpointUrl());

    auto *check = new QPushButton(tr("Check credentials"));
    check->setObjectName(QStringLiteral("awsCheck"));
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("awsStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    connect(check, &QPushButton::clicked, this, &AwsPage::checkCredentials);
    auto *checkRow = new QHBoxLayout;
    checkRow->addWidget(check);
    checkRow->addStretch();
    form->addRow(QString(), checkRow);
    form->addRow(QString(), m_status);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addStretch();

    connect(m_source, &QButtonGroup::idClicked, this, [this] {
        updateSource();
        emit edited();
    });
    connect(m_profile, &QComboBox::editTextChanged, this, &PreferencesPage::edited);
    connect(m_region, &QComboBox::editTextChanged, this, &PreferencesPage::edited);
    for (QLineEdit *edit : {m_endpointUrl, m_accessKeyId, m_secretAccessKey, m_sessionToken})
        connect(edit, &QLineEdit::textChanged, this, &PreferencesPage::edited);
}

void AwsPage::updateSource()
{
    const bool typed = m_source->checkedId() == int(AwsCredentialSource::TypedKeys);
    m_profile->setEnabled(!typed);
    for (QLineEdit *edit : {m_accessKeyId, m_secretAccessKey, m_sessionToken})
        edit->setEnabled(typed);
}

void AwsPage::load(const ConsoleSettings &settings, const ConsoleSecrets &secrets)
{
    m_source->button(int(settings.awsCredentialSource))->setChecked(true);
    m_profile->setEditText(settings.awsProfile);
    m_region->setEditText(settings.awsRegion);
    m_endpointUrl->setText(settings.awsEndpointUrl);
    m_accessKeyId->setText(secrets.awsAccessKeyId);
    m_secretAccessKey->setText(secrets.awsSecretAccessKey);
    m_sessionToken->setText(secrets.awsSessionToken);
    updateSource();
}

void AwsPage::store(ConsoleSettings &settings, ConsoleSecrets &secrets) const
{
    settings.awsCredentialSource = AwsCredentialSource(m_source->checkedId());
    settings.awsProfile = m_profile->currentText().trimmed();
    settings.awsRegion = m_region->currentText().trimmed();
    settings.awsEndpointUrl = m_endpointUrl->text().trimmed();
    secrets.awsAccessKeyId = m_accessKeyId->text().trimmed();
    secrets.awsSecretAccessKey = m_secretAccessKey->text();
    secrets.awsSessionToken = m_sessionToken->text();
}

void AwsPage::checkCredentials()
{
    ConsoleSettings settings;
    ConsoleSecrets secrets;
    store(settings, secrets);
    delete m_check; // a check of fields since edited
    m_check = new AwsBackendLookup(settings, secrets, QProcessEnvironment::systemEnvironment(), {}, this);
    if (m_check->start()) {
        showCheckResult();
        return;
    }
    connect(m_check, &AwsBackendLookup::finished, this, &AwsPage::showCheckResult);
    m_status->setText(tr("… waiting for %1").arg(m_check->waitingFor()));
}

void AwsPage::showCheckResult()
{
    const aws::BackendChoice choice = m_check->takeChoice();
    m_check->deleteLater();
    if (!choice.backend) {
        m_status->setText(tr("✗ %1").arg(choice.error));
        return;
    }
    const aws::Credentials &credentials = choice.backend->client().credentials();
    QString text = tr("✓ %1 — %2").arg(choice.backend->displayName(), credentials.describe());
    for (const QString &notice : choice.notices)
        text += QLatin1Char('\n') + notice;
    m_status->setText(text);
}

QString AwsPage::credentialsStatus() const
{
    return m_status->text();
}

} // namespace callconsole

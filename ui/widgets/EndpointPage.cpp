#include "EndpointPage.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRandomGenerator>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

namespace callconsole {

EndpointPage::EndpointPage(QWidget *parent)
    : PreferencesPage(parent)
{
    setObjectName(QStringLiteral("endpointPage"));
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);

    m_host = new QComboBox;
    m_host->setObjectName(settingsfield::endpointHost());
    m_host->setEditable(true);
    m_host->addItems({QStringLiteral("127.0.0.1"), QStringLiteral("::1"), QStringLiteral("0.0.0.0"), QStringLiteral("::")});
    m_host->setToolTip(tr("127.0.0.1 and ::1 reach this machine only; 0.0.0.0 and :: listen on every network"));
    addField(form, tr("Listen on"), m_host, settingsfield::endpointHost());

    m_port = new QSpinBox;
    m_port->setObjectName(settingsfield::endpointPort());
    m_port->setRange(0, 65535);
    m_port->setSpecialValueText(tr("any free port"));
    addField(form, tr("Port"), m_port, settingsfield::endpointPort());

    m_authentication = new QComboBox;
    m_authentication->setObjectName(settingsfield::endpointAuthentication());
    m_authentication->addItem(tr("None (this machine only)"), int(EndpointAuthentication::None));
    m_authentication->addItem(tr("Bearer token"), int(EndpointAuthentication::BearerToken));
    m_authentication->addItem(tr("HMAC signature (the AWS relay)"), int(EndpointAuthentication::HmacSecret));
    addField(form, tr("Authentication"), m_authentication, settingsfield::endpointAuthentication());

    m_token = new QLineEdit;
    m_tokenRow = secretEditor(m_token, settingsfield::bearerToken());
    m_token->setPlaceholderText(tr("callers send Authorization: Bearer TOKEN"));
    addField(form, tr("Token"), m_tokenRow, settingsfield::bearerToken());
    m_hmac = new QLineEdit;
    m_hmacRow = secretEditor(m_hmac, settingsfield::hmacSecret());
    m_hmac->setPlaceholderText(tr("the secret the relay Lambda signs with"));
    addField(form, tr("HMAC secret"), m_hmacRow, settingsfield::hmacSecret());

    m_certificate = new QLineEdit;
    addField(form, tr("TLS certificate"), fileEditor(m_certificate, settingsfield::tlsCertificateFile(), tr("TLS certificate (PEM)")),
             settingsfield::tlsCertificateFile());
    m_certificate->setPlaceholderText(tr("PEM chain; with a key, the endpoint serves HTTPS"));
    m_key = new QLineEdit;
    addField(form, tr("TLS private key"), fileEditor(m_key, settingsfield::tlsKeyFile(), tr("TLS private key (PEM)")),
             settingsfield::tlsKeyFile());
    m_key->setPlaceholderText(tr("unencrypted PEM RSA or EC key"));

    auto *note = new QLabel(tr("Tokens and secrets are kept in the system keychain (or, where there is none, in memory "
                               "until Call Console exits) — never in the settings file."));
    note->setWordWrap(true);
    note->setForegroundRole(QPalette::PlaceholderText);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addStretch();

    connect(m_host, &QComboBox::editTextChanged, this, &PreferencesPage::edited);
    connect(m_port, qOverload<int>(&QSpinBox::valueChanged), this, &PreferencesPage::edited);
    connect(m_authentication, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
        updateAuthentication();
        emit edited();
    });
    for (QLineEdit *edit : {m_token, m_hmac, m_certificate, m_key})
        connect(edit, &QLineEdit::textChanged, this, &PreferencesPage::edited);
    updateAuthentication();
}

QWidget *EndpointPage::secretEditor(QLineEdit *edit, const QString &objectName)
{
    edit->setObjectName(objectName);
    edit->setEchoMode(QLineEdit::Password);
    auto *row = new QWidget;
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit, 1);
    auto *show = new QToolButton;
    show->setText(tr("Show"));
    show->setCheckable(true);
    connect(show, &QToolButton::toggled, edit, [edit](bool on) { edit->setEchoMode(on ? QLineEdit::Normal : QLineEdit::Password); });
    auto *generate = new QToolButton;
    generate->setObjectName(objectName + QStringLiteral("Generate"));
    generate->setText(tr("Generate"));
    generate->setToolTip(tr("A random 256-bit value, hex-encoded"));
    connect(generate, &QToolButton::clicked, edit, [edit] {
        QByteArray bytes(32, Qt::Uninitialized);
        QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()), bytes.size() / 4);
        edit->setText(QString::fromLatin1(bytes.toHex()));
    });
    layout->addWidget(show);
    layout->addWidget(generate);
    return row;
}

QWidget *EndpointPage::fileEditor(QLineEdit *edit, const QString &objectName, const QString &caption)
{
    edit->setObjectName(objectName);
    auto *row = new QWidget;
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit, 1);
    auto *browse = new QToolButton;
    browse->setText(tr("Browse…"));
    connect(browse, &QToolButton::clicked, this, [this, edit, caption] {
        const QString path = QFileDialog::getOpenFileName(this, caption, edit->text(), tr("PEM files (*.pem *.crt *.key);;All files (*)"));
        if (!path.isEmpty())
            edit->setText(path);
    });
    layout->addWidget(browse);
    return row;
}

void EndpointPage::updateAuthentication()
{
    const auto mode = EndpointAuthentication(m_authentication->currentData().toInt());
    m_tokenRow->setEnabled(mode == EndpointAuthentication::BearerToken);
    m_hmacRow->setEnabled(mode == EndpointAuthentication::HmacSecret);
}

void EndpointPage::load(const ConsoleSettings &settings, const ConsoleSecrets &secrets)
{
    m_host->setEditText(settings.endpointHost);
    m_port->setValue(settings.endpointPort);
    m_authentication->setCurrentIndex(m_authentication->findData(int(settings.authentication)));
    m_token->setText(secrets.bearerToken);
    m_hmac->setText(secrets.hmacSecret);
    m_certificate->setText(settings.tlsCertificateFile);
    m_key->setText(settings.tlsKeyFile);
    updateAuthentication();
}

void EndpointPage::store(ConsoleSettings &settings, ConsoleSecrets &secrets) const
{
    settings.endpointHost = m_host->currentText().trimmed();
    settings.endpointPort = m_port->value();
    settings.authentication = EndpointAuthentication(m_authentication->currentData().toInt());
    secrets.bearerToken = m_token->text();
    secrets.hmacSecret = m_hmac->text();
    settings.tlsCertificateFile = m_certificate->text().trimmed();
    settings.tlsKeyFile = m_key->text().trimmed();
}

} // namespace callconsole

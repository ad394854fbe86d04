// Preferences → Endpoint: where the console's endpoint listens, how callers authenticate (a
// bearer token or the relay's HMAC secret, both kept by SecretStore) and HTTPS.
#pragma once

#include "PreferencesPage.h"

class QComboBox;
class QLineEdit;
class QSpinBox;
class QWidget;

namespace callconsole {

class EndpointPage : public PreferencesPage
{
    Q_OBJECT

public:
    explicit EndpointPage(QWidget *parent = nullptr);

    QString title() const override { return tr("Endpoint"); }
    void load(const ConsoleSettings &settings, const ConsoleSecrets &secrets) override;
    void store(ConsoleSettings &settings, ConsoleSecrets &secrets) const override;

private:
    QWidget *secretEditor(QLineEdit *edit, const QString &objectName);
    QWidget *fileEditor(QLineEdit *edit, const QString &objectName, const QString &caption);
    void updateAuthentication();

    QComboBox *m_host = nullptr;
    QSpinBox *m_port = nullptr;
    QComboBox *m_authentication = nullptr;
    QLineEdit *m_token = nullptr;
    QLineEdit *m_hmac = nullptr;
    QWidget *m_tokenRow = nullptr;
    QWidget *m_hmacRow = nullptr;
    QLineEdit *m_certificate = nullptr;
    QLineEdit *m_key = nullptr;
};

} // namespace callconsole

// Preferences → AWS: the credentials the AWS backend signs with — a profile of the AWS CLI's
// files (resolved exactly as the CLI does) or access keys typed here (kept by SecretStore) —
// the region, and an optional endpoint URL (the simulator, a proxy).
#pragma once

#include "PreferencesPage.h"

#include <QPointer>
#include <QProcessEnvironment>

class QButtonGroup;
class QComboBox;
class QLabel;
class QLineEdit;

namespace callconsole {

class AwsBackendLookup;

class AwsPage : public PreferencesPage
{
    Q_OBJECT

public:
    explicit AwsPage(QWidget *parent = nullptr);

    QString title() const override { return tr("AWS"); }
    void load(const ConsoleSettings &settings, const ConsoleSecrets &secrets) override;
    void store(ConsoleSettings &settings, ConsoleSecrets &secrets) const override;

    // Resolves the credentials these fields name and says what was found (secret redacted);
    // a credential_process runs without blocking, the status saying it is being waited for.
    void checkCredentials();
    QString credentialsStatus() const;

private:
    void updateSource();
    void showCheckResult();

    QButtonGroup *m_source = nullptr;
    QComboBox *m_profile = nullptr;
    QComboBox *m_region = nullptr;
    QLineEdit *m_endpointUrl = nullptr;
    QLineEdit *m_accessKeyId = nullptr;
    QLineEdit *m_secretAccessKey = nullptr;
    QLineEdit *m_sessionToken = nullptr;
    QLabel *m_status = nullptr;
    QPointer<AwsBackendLookup> m_check;
};

} // namespace callconsole

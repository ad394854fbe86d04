// File ▸ Import from CloudWatch…: a Lambda's log group (or the SMA's message log group) read
// with FilterLogEvents over a time range, optionally for one transaction, into a new session —
// what `callconsole logs` does, with the log group picked from DescribeLogGroups. Credentials
// come from the chosen profile as the AWS CLI would find them, resolved without blocking the
// window; the secret never reaches a field, a setting or a message.
#pragma once

#include "CloudWatchLogsClient.h"

#include <QDialog>
#include <QPointer>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace callconsole {

namespace aws {
class CredentialsLookup;
}

class CloudWatchImportDialog : public QDialog
{
    Q_OBJECT

public:
    CloudWatchImportDialog(const QString &profile, const QString &region, const QString &sessionDirectory,
                           QWidget *parent = nullptr);

    // Another CloudWatch Logs endpoint (AWS_ENDPOINT_URL_CLOUDWATCH_LOGS when set, as the SDKs read it).
    void setEndpointUrl(const QUrl &url) { m_endpointUrl = url; }
    void setLogGroup(const QString &group);
    void setTransaction(const QString &transactionId);
    void setSinceMs(qint64 ms);

    // The session file written by the last import, empty until one succeeded.
    QString importedSession() const { return m_importedSession; }
    QString status() const;

public slots:
    void listLogGroups();
    void import();

signals:
    void logGroupsListed();
    void imported(const QString &sessionPath, const QString &summary);

private:
    // Runs next with a client once credentials are there, or shows why there are none.
    void withClient(const std::function<void(aws::CloudWatchLogsClient &)> &next);
    void setBusy(bool busy, const QString &status);

    QComboBox *m_profile;
    QLineEdit *m_region;
    QComboBox *m_logGroup;
    QPushButton *m_list;
    QComboBox *m_since;
    QLineEdit *m_transaction;
    QLabel *m_status;
    QDialogButtonBox *m_buttons;
    QUrl m_endpointUrl;
    QString m_sessionDirectory;
    QString m_importedSession;
    QPointer<aws::CredentialsLookup> m_lookup;
    std::unique_ptr<aws::CloudWatchLogsClient> m_client;
};

} // namespace callconsole

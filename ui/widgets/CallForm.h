// The "Place call" form: every keystroke runs core's CreateCallRequest rules; each field shows
// its first issue (icon, colour, one line), numbers show libphonenumber's reading, and Place is
// enabled only while no error remains — its tooltip says what blocks it. In its "Call in" mode
// (the simulator only) a caller dials one of the account's numbers instead: two numbers, the
// same rules, and the SIP rule picks the SIP media application.
#pragma once

#include "CallRequest.h"

#include <QHash>
#include <QWidget>

class QAction;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSettings;
class QTableWidget;
class QToolButton;

namespace callconsole {

class CallForm : public QWidget
{
    Q_OBJECT

public:
    explicit CallForm(QWidget *parent = nullptr);

    CreateCallRequest request() const;

    // What the form does: place an outbound call, or have a caller dial in (simulator only).
    enum Mode { PlaceMode, CallInMode };
    Mode mode() const;
    void setMode(Mode mode);
    QString caller() const;        // Call in: the caller's number
    QString dialledNumber() const; // Call in: the account's number dialled
    const ValidationIssues &issues() const { return m_issues; }

    // Fields are named by callrules (API names): "ToPhoneNumber", "SipHeaders", …
    QString fieldMessage(const QString &field) const;
    std::optional<ValidationIssue::Severity> fieldSeverity(const QString &field) const;
    QString phoneAdvice(const QString &field) const;
    bool canPlace() const;

    // The Backend choice's entries, in the order the combo lists them.
    enum BackendEntry { SimulatorEntry, AwsEntry };
    QComboBox *backendCombo() const { return m_backend; }
    // A button beside the Backend choice that triggers action (looking the AWS credentials up
    // again), shown while AWS is chosen.
    void setAwsBackendAction(QAction *action);
    void setSipMediaApplications(const QStringList &ids);
    void setPhoneNumbers(const QStringList &numbers);
    // The pickers of another backend: its lists, the first entry chosen unless the current
    // value is listed (or the backend lists nothing).
    void replaceChoices(const QStringList &sipMediaApplicationIds, const QStringList &phoneNumbers);
    // While the backend cannot place yet (its credentials are being resolved) Place is disabled
    // and message shows at the top; an empty message ends that.
    void setBackendWaiting(const QString &message);

    void addSipHeader(const QString &key = {}, const QString &value = {});
    void addArgument(const QString &key = {}, const QString &value = {});

    // Form values only: nothing here is a secret.
    void saveState(QSettings &settings) const;
    void restoreState(const QSettings &settings);

public slots:
    void validate();
    void place();
    // A server-side rejection lands on the field it concerns (by the issue's path).
    void showServerIssue(const callconsole::ValidationIssue &issue);

signals:
    void placeRequested(const callconsole::CreateCallRequest &request);
    void dialInRequested(const QString &caller, const QString &dialledNumber);

protected:
    void changeEvent(QEvent *event) override; // a theme switch recolours the messages shown

private:
    struct FieldStatus
    {
        QWidget *editor = nullptr;
        QLabel *icon = nullptr;
        QLabel *message = nullptr;
        QLayout *line = nullptr; // the icon and message row under the editor
        std::optional<ValidationIssue::Severity> severity;
    };

    QTableWidget *makeTable(const QString &objectName);
    QWidget *tableWithButtons(QTableWidget *table, const QString &field);
    void addStatusRow(QFormLayout *form, const QString &field, const QString &label, QWidget *editor);
    void showIssue(const QString &field, const ValidationIssue *issue);
    void showAwsBackendButton(); // while AWS is chosen and an action is set
    void showModeFields();       // the rows of the current mode, the others hidden
    static QString fieldOf(const QString &path);
    static KeyValueList rows(const QTableWidget *table);

    QFormLayout *m_form = nullptr;
    QComboBox *m_backend = nullptr;
    QComboBox *m_mode = nullptr;
    QLineEdit *m_caller = nullptr;
    QComboBox *m_dialled = nullptr;
    QToolButton *m_awsBackendButton = nullptr;
    QComboBox *m_sma = nullptr;
    QComboBox *m_from = nullptr;
    QLineEdit *m_to = nullptr;
    QLabel *m_fromAdvice = nullptr;
    QLabel *m_toAdvice = nullptr;
    QTableWidget *m_headers = nullptr;
    QTableWidget *m_arguments = nullptr;
    QPushButton *m_place = nullptr;
    QHash<QString, FieldStatus> m_fields;
    ValidationIssues m_issues;
    QList<ValidationIssue> m_serverIssues; // shown until the field is edited
    QString m_backendWaiting;
};

} // namespace callconsole

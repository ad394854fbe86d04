// The call form's Backend choice: Simulator places calls on the built-in simulator, AWS through
// the chime-sdk-voice client with the profile (or typed keys) and region from Preferences. The
// form's SIP media application and From pickers are filled from the chosen backend's lists,
// and the status bar names it ("Backend: AWS default@us-east-1").
//
// A profile's credential_process (SSO helpers, MFA prompts, aws-vault) may take a while: it
// runs without blocking the window, which says it is waiting and keeps Place disabled until
// the credentials or the reason there are none arrive. Credentials that expire are resolved
// again shortly before they do; when that fails the keys in use are kept while they are valid
// and the refresh is tried again, and only keys that really expire leave AWS without a backend.
// Meanwhile the status bar says, in the warning colour, that the kept keys are in use and until
// when (its tooltip: why refreshing failed). The AWS backend is also rebuilt when Preferences
// change it, and on the Reload action (the form's Retry/Reload button, Ctrl+Shift+R): after an
// error, or to read ~/.aws again after editing it, without choosing the Simulator and back.
// A role profile with mfa_serial asks for the code in a dialog while the form waits. The
// backend's name, and so the status bar, says which endpoint calls go to and where that
// endpoint was configured.
#pragma once

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QTimer>

class QAction;
class QLabel;

namespace callconsole {

class AwsBackendLookup;
class BuiltInSession;
class CallForm;
class PreferencesController;
struct SettingsChange;

class BackendController : public QObject
{
    Q_OBJECT

public:
    BackendController(CallForm *form, QLabel *statusLabel, PreferencesController *preferences, QObject *parent);

    // From now on the form's choice drives session; the choice already in the form applies.
    void attach(BuiltInSession *session);

    // How long a credential_process may run (30 s unless set).
    void setCredentialProcessTimeoutMs(int ms) { m_processTimeoutMs = ms; }
    // How long before their Expiration credentials are resolved again (5 min unless set).
    void setRefreshMarginMs(int ms) { m_refreshMarginMs = ms; }
    // How long after a failed refresh it is tried again (30 s unless set); the wait doubles with
    // each failure but never reaches past the expiry.
    void setRefreshRetryMs(int ms) { m_refreshRetryMs = ms; }
    // True while AWS credentials are being resolved.
    bool isWaitingForCredentials() const;
    // Looks the AWS credentials up again as choosing AWS does (the form waits meanwhile); while
    // kept keys still work after a failed refresh, tries that refresh now instead and keeps them
    // if it fails. Disabled unless AWS is chosen, and while the form waits.
    QAction *reloadAction() const { return m_reload; }

signals:
    void notice(const QString &message);

private:
    enum class Refresh { ShowWaiting, KeepCurrent };

    void onBackendChosen(int index);
    void onPreferencesApplied(const callconsole::SettingsChange &change);
    void useAws(Refresh refresh = Refresh::ShowWaiting);
    void takeAwsBackend();
    // A role's mfa_serial: asks in a dialog (objectName "mfaCodeDialog") without blocking.
    void askMfaCode(const QString &profile, const QString &mfaSerial);
    void scheduleRefresh(const QDateTime &expires);
    void keepCurrentKeys(const QDateTime &expires);
    void dropExpiredKeys();
    void stopAws();
    void reloadAws();
    // The status-bar label and the Reload action as the backend's state has them now.
    void showBackend();

    CallForm *m_form;
    QLabel *m_label;
    PreferencesController *m_preferences;
    QAction *m_reload;
    QPointer<BuiltInSession> m_session;
    QPointer<AwsBackendLookup> m_lookup;
    QTimer m_refresh; // the next lookup for fresh keys: ahead of the expiry, or a retry
    QTimer m_expiry;  // when the keys in use stop working
    bool m_refreshing = false;
    int m_refreshFailures = 0; // since the keys in use arrived
    QString m_refreshError;    // why the last of them failed
    bool m_retryAsked = false; // the refresh under way is the user's: its failure is reported too
    int m_processTimeoutMs = 30000;
    int m_refreshMarginMs = 5 * 60 * 1000;
    int m_refreshRetryMs = 30 * 1000;
};

} // namespace callconsole

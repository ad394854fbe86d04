// The call form's Backend choice: Simulator places calls on the built-in simulator, AWS through
// the chime-sdk-voice client with the profile (or typed keys) and region from Preferences. The
// form's SIP media application and From pickers are filled from the chosen backend's lists,
// and the status bar names it ("Backend: AWS default@us-east-1"). Preferences rebuild the AWS
// backend themselves when its settings change (PreferencesController::apply).
#pragma once

#include <QObject>
#include <QPointer>

class QLabel;

namespace callconsole {

class BuiltInSession;
class CallForm;
class PreferencesController;

class BackendController : public QObject
{
    Q_OBJECT

public:
    BackendController(CallForm *form, QLabel *statusLabel, PreferencesController *preferences, QObject *parent);

    // From now on the form's choice drives session; the choice already in the form applies.
    void attach(BuiltInSession *session);

signals:
    void notice(const QString &message);

private:
    void onBackendChosen(int index);
    void useAws();

    CallForm *m_form;
    QLabel *m_label;
    PreferencesController *m_preferences;
    QPointer<BuiltInSession> m_session;
};

} // namespace callconsole

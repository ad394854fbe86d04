// Owns what Preferences set: reads ConsoleSettings from QSettings and the secrets they need from
// SecretStore, gives the running session its configurations, and applies edited values —
// saving the rules, restarting the endpoint or the simulator only when what they were started
// with changed, rebuilding the AWS backend, switching the theme, and persisting the rest.
#pragma once

#include "AwsBackendSetup.h"
#include "ConsoleSettings.h"
#include "SecretStore.h"

#include <QObject>
#include <QPointer>

class QWidget;

namespace callconsole {

class BuiltInSession;
class PreferencesDialog;
class RulesDocument;

class PreferencesController : public QObject
{
    Q_OBJECT

public:
    explicit PreferencesController(QWidget *window);

    // Reads QSettings and applies the theme. Secrets are read when first needed.
    void load();
    const ConsoleSettings &settings() const { return m_settings; }
    const ConsoleSecrets &secrets() const { return m_secrets; }
    aws::SecretStore &secretStore() { return m_secretStore; }

    // The endpoint and simulator the saved settings describe (the session file is not set).
    // Settings that cannot work here (an exposed host whose token the keychain did not give,
    // a rules file with errors) fall back to the safe default, and notices say so.
    EndpointConfig endpointConfig(QStringList *notices);
    SimulatorConfig simulatorConfig(double speed, QStringList *notices) const;
    // The session later applies restart; speed stays what it started with.
    void attach(BuiltInSession *session, double speed);
    // The AWS backend the saved settings describe, made without waiting on a credential_process.
    AwsBackendLookup *lookUpAwsBackend(QObject *parent) const;

    // Applies new values. editedRules (when the rules were edited) is written to the rules
    // file first (a default path under AppDataLocation when none is set; *rulesPath says which).
    // Returns what stopped it, on the fields concerned; the running parts and the saved
    // settings are then as they were (edited rules may already be in their file).
    ValidationIssues apply(ConsoleSettings settings, const ConsoleSecrets &secrets, const RulesDocument *editedRules = nullptr,
                           QString *rulesPath = nullptr);

    PreferencesDialog *dialog() const;

public slots:
    // Opens (or raises) the dialog, with the rules tried on eventJson when given.
    PreferencesDialog *showDialog(const QByteArray &selectedEvent = {}, const QString &selectedLabel = {});

signals:
    void notice(const QString &message);
    void applied(const callconsole::SettingsChange &change);

private:
    static QString startErrorField(const QString &error, const ConsoleSettings &settings);
    QByteArray readRules(const QString &path, QString *error) const;

    QWidget *m_window;
    ConsoleSettings m_settings;
    ConsoleSecrets m_secrets;
    QStringList m_loadedSecrets; // keys read from SecretStore so far
    QByteArray m_rulesBytes;     // the rules file as the running endpoint read it
    aws::SecretStore m_secretStore;
    QPointer<BuiltInSession> m_session;
    double m_speed = 1.0;
    QPointer<PreferencesDialog> m_dialog;
};

} // namespace callconsole

Q_DECLARE_METATYPE(callconsole::SettingsChange)

#include "PreferencesController.h"

#include "BuiltInSession.h"
#include "ConsoleSecretsStore.h"
#include "PreferencesDialog.h"
#include "RulesDocument.h"
#include "RulesPage.h"
#include "Theme.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>
#include <QWidget>

namespace callconsole {

namespace {

QString secretService()
{
    // Tests run against the same keychain as the user: never under the user's own entries.
    return QStandardPaths::isTestModeEnabled() ? QStringLiteral("Call Console tests") : QStringLiteral("Call Console");
}

QString defaultRulesPath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(QStringLiteral("rules.json"));
}

} // namespace

PreferencesController::PreferencesController(QWidget *window)
    : QObject(window)
    , m_window(window)
    , m_secretStore(secretService())
{
    qRegisterMetaType<SettingsChange>();
}

void PreferencesController::load()
{
    const QSettings stored;
    m_settings = ConsoleSettings::load(stored);
    applyTheme(m_settings.theme);
}

EndpointConfig PreferencesController::endpointConfig(QStringList *notices)
{
    const QStringList keys = neededSecretKeys(m_settings);
    if (!keys.isEmpty()) {
        m_secrets = loadSecretsNow(m_secretStore, keys);
        m_loadedSecrets = keys;
    }
    QString rulesError;
    m_rulesBytes = readRules(m_settings.rulesFile, &rulesError);
    Parsed<ReplyRules> rules = m_settings.replyRules(m_rulesBytes);
    if (!rulesError.isEmpty() || !rules.ok()) {
        *notices << tr("Replies: %1 — using the built-in replies")
                        .arg(rulesError.isEmpty() ? errorMessages(rules.issues).value(0) : rulesError);
        m_rulesBytes.clear();
        rules = ConsoleSettings().replyRules({});
    }
    const ValidationIssues issues = m_settings.validate(m_secrets);
    const auto endpointIssue = std::find_if(issues.cbegin(), issues.cend(), [](const ValidationIssue &issue) {
        return issue.isError() && issue.path.startsWith(QLatin1String("endpoint/"));
    });
    if (endpointIssue != issues.cend()) {
        // Never expose the endpoint on settings that do not hold up: loopback, no TLS.
        *notices << tr("Endpoint: %1 — listening on 127.0.0.1 instead (Preferences, Ctrl+,)").arg(endpointIssue->message());
        ConsoleSettings safe = m_settings;
        const ConsoleSettings defaults;
        safe.endpointHost = defaults.endpointHost;
        safe.endpointPort = defaults.endpointPort;
        safe.authentication = defaults.authentication;
        safe.tlsCertificateFile.clear();
        safe.tlsKeyFile.clear();
        return safe.endpointConfig({}, *rules.value);
    }
    return m_settings.endpointConfig(m_secrets, *rules.value);
}

SimulatorConfig PreferencesController::simulatorConfig(double speed, QStringList *notices) const
{
    const Parsed<SimulatorConfig> config = m_settings.simulatorConfig(speed);
    if (config.ok())
        return *config.value;
    *notices << tr("Simulator: %1 — using the built-in callees").arg(errorMessages(config.issues).value(0));
    SimulatorConfig defaults = SimulatorConfig::defaults();
    defaults.speed = speed;
    return defaults;
}

void PreferencesController::attach(BuiltInSession *session, double speed)
{
    m_session = session;
    m_speed = speed;
}

AwsBackendLookup *PreferencesController::lookUpAwsBackend(QObject *parent) const
{
    return new AwsBackendLookup(m_settings, m_secrets, QProcessEnvironment::systemEnvironment(), {}, parent);
}

QByteArray PreferencesController::readRules(const QString &path, QString *error) const
{
    if (path.isEmpty())
        return {};
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return {};
    }
    return file.readAll();
}

QString PreferencesController::startErrorField(const QString &error, const ConsoleSettings &settings)
{
    // The endpoint's start errors name the command-line option they concern.
    if (error.startsWith(QLatin1String("--tls-key")))
        return settingsfield::tlsKeyFile();
    if (error.startsWith(QLatin1String("--tls-cert")) || error.startsWith(QLatin1String("TLS")))
        return settingsfield::tlsCertificateFile();
    if (error.startsWith(QLatin1String("cannot listen")) && settings.endpointPort != 0)
        return settingsfield::endpointPort();
    return settingsfield::endpointHost();
}

ValidationIssues PreferencesController::apply(ConsoleSettings settings, const ConsoleSecrets &secrets,
                                              const RulesDocument *editedRules, QString *rulesPath)
{
    ValidationIssues issues = settings.validate(secrets);
    if (hasErrors(issues))
        return issues;
    if (editedRules) {
        if (settings.rulesFile.isEmpty()) {
            settings.rulesFile = defaultRulesPath();
            QDir().mkpath(QFileInfo(settings.rulesFile).absolutePath());
        }
        const QString error = editedRules->save(settings.rulesFile);
        if (!error.isEmpty())
            return {ValidationIssue::error(settingsfield::rulesFile(), {}, error)};
        if (rulesPath)
            *rulesPath = settings.rulesFile;
    }
    QString rulesError;
    const QByteArray rulesBytes = readRules(settings.rulesFile, &rulesError);
    if (!rulesError.isEmpty())
        return {ValidationIssue::error(settingsfield::rulesFile(), {}, rulesError)};
    const Parsed<ReplyRules> rules = settings.replyRules(rulesBytes);
    if (!rules.ok())
        return {ValidationIssue::error(settingsfield::rulesFile(), {}, errorMessages(rules.issues).join(QStringLiteral("; ")))};
    const Parsed<SimulatorConfig> simulator = settings.simulatorConfig(m_speed);

    SettingsChange change = settingsChange(m_settings, m_secrets, settings, secrets);
    change.endpoint = change.endpoint || rulesBytes != m_rulesBytes;
    if (m_session && change.endpoint) {
        EndpointConfig config = settings.endpointConfig(secrets, *rules.value);
        config.sessionPath = m_session->sessionPath();
        config.durability = m_session->endpointConfig().durability;
        QString error;
        if (!m_session->restartEndpoint(config, &error))
            return {ValidationIssue::error(startErrorField(error, settings), {}, error)};
    }
    if (m_session && change.simulator) {
        QString error;
        if (!m_session->restartSimulator(*simulator.value, &error))
            return {ValidationIssue::error(settingsfield::callees(), {}, error)};
    }
    if (change.theme)
        applyTheme(settings.theme);

    // Secrets go to SecretStore, everything else to QSettings — and only now, once it works.
    storeSecrets(m_secretStore, m_secrets, secrets, [this](const QStringList &notices) {
        for (const QString &notice : notices)
            emit this->notice(notice);
    });
    QSettings stored;
    settings.save(stored);
    m_settings = settings;
    m_secrets = secrets;
    m_loadedSecrets = ConsoleSecrets::keys();
    m_rulesBytes = rulesBytes;

    // A changed AWS backend is rebuilt by BackendController, which hears applied(): its
    // credential_process must not hold up this call.
    emit applied(change);
    return {};
}

PreferencesDialog *PreferencesController::dialog() const
{
    return m_dialog;
}

PreferencesDialog *PreferencesController::showDialog(const QByteArray &selectedEvent, const QString &selectedLabel)
{
    if (m_dialog) {
        m_dialog->raise();
        m_dialog->activateWindow();
        return m_dialog;
    }
    // Every secret field shows what is stored, so all of them are read before the dialog opens.
    QStringList missing;
    for (const QString &key : ConsoleSecrets::keys()) {
        if (!m_loadedSecrets.contains(key))
            missing << key;
    }
    if (!missing.isEmpty()) {
        const ConsoleSecrets stored = loadSecretsNow(m_secretStore, missing);
        for (const QString &key : std::as_const(missing))
            m_secrets.setValue(key, stored.value(key));
        m_loadedSecrets = ConsoleSecrets::keys();
    }
    m_dialog = new PreferencesDialog(m_settings, m_secrets, m_window);
    m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (!selectedEvent.isEmpty())
        m_dialog->rulesPage()->setSelectedDelivery(selectedEvent, selectedLabel);
    connect(m_dialog, &PreferencesDialog::applyRequested, this, [this](bool) {
        PreferencesDialog *dialog = m_dialog;
        RulesPage *rules = dialog->rulesPage();
        QString savedTo;
        const ValidationIssues issues =
            apply(dialog->settings(), dialog->secrets(), rules->isModified() ? &rules->document() : nullptr, &savedTo);
        if (!savedTo.isEmpty())
            rules->markSaved(savedTo);
        if (hasErrors(issues)) {
            dialog->showApplyIssues(issues);
            return;
        }
        emit notice(tr("Preferences applied"));
        dialog->applied();
    });
    m_dialog->show();
    return m_dialog;
}

} // namespace callconsole

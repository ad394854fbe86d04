// What the user sets in Preferences, as plain values: where the endpoint listens and how callers
// authenticate, how events are answered (rules file, forward URL), how simulated callees behave,
// which AWS profile and region the AWS backend uses, and the theme. ConsoleSettings persists in
// QSettings; the secrets beside it live in ConsoleSecrets, which only SecretStore ever sees.
#pragma once

#include "ConnectionOptions.h"
#include "EndpointConfig.h"
#include "SimulatorConfig.h"
#include "ValidationIssue.h"

#include <QList>
#include <QString>

class QSettings;

namespace callconsole {

enum class EndpointAuthentication { None, BearerToken, HmacSecret };
enum class ThemeMode { FollowSystem, Light, Dark };
enum class AwsCredentialSource { Profile, TypedKeys };

// Field paths of settings issues: each is also the setting's QSettings key (secrets excepted),
// and the preferences pages show an issue under the field with that path.
namespace settingsfield {
inline QString endpointHost() { return QStringLiteral("endpoint/host"); }
inline QString endpointPort() { return QStringLiteral("endpoint/port"); }
inline QString endpointAuthentication() { return QStringLiteral("endpoint/authentication"); }
inline QString bearerToken() { return QStringLiteral("endpoint/bearerToken"); }
inline QString hmacSecret() { return QStringLiteral("endpoint/hmacSecret"); }
inline QString tlsCertificateFile() { return QStringLiteral("endpoint/tlsCertificateFile"); }
inline QString tlsKeyFile() { return QStringLiteral("endpoint/tlsKeyFile"); }
inline QString rulesFile() { return QStringLiteral("replies/rulesFile"); }
inline QString forwardUrl() { return QStringLiteral("replies/forwardUrl"); }
inline QString handlerFile() { return QStringLiteral("replies/handlerFile"); }
inline QString callees() { return QStringLiteral("simulator/callees"); }
inline QString awsCredentialSource() { return QStringLiteral("aws/credentialSource"); }
inline QString awsProfile() { return QStringLiteral("aws/profile"); }
inline QString awsRegion() { return QStringLiteral("aws/region"); }
inline QString awsEndpointUrl() { return QStringLiteral("aws/endpointUrl"); }
inline QString awsAccessKeyId() { return QStringLiteral("aws/accessKeyId"); }
inline QString awsSecretAccessKey() { return QStringLiteral("aws/secretAccessKey"); }
inline QString theme() { return QStringLiteral("appearance/theme"); }
// "simulator/callees[2].to"
QString callee(int row, const QString &member);
} // namespace settingsfield

// One row of the simulator's callee table: how the far end behaves when a number is dialled.
struct CalleeSetting
{
    QString to = QStringLiteral("*");       // glob matched against ToPhoneNumber; first match wins
    CalleeBehaviour::Outcome outcome = CalleeBehaviour::Outcome::Answer;
    int ringMs = 300;                       // before RINGING
    int answerAfterMs = 1500;               // from RINGING to CALL_ANSWERED
    int hangupAfterMs = -1;                 // callee hangs up after answering (-1: never)
    QString digits;                         // DTMF pressed after answering (empty: none)
    int digitsAtMs = 4000;

    static QString outcomeName(CalleeBehaviour::Outcome outcome); // "answer", "busy", "no-answer", "reject"
    friend bool operator==(const CalleeSetting &a, const CalleeSetting &b);
    friend bool operator!=(const CalleeSetting &a, const CalleeSetting &b) { return !(a == b); }
};

// Typed secrets. Never in QSettings, logs, session files or exports: SecretStore keeps them.
struct ConsoleSecrets
{
    QString bearerToken;
    QString hmacSecret;
    QString awsAccessKeyId;
    QString awsSecretAccessKey;
    QString awsSessionToken;

    // SecretStore keys, one per member, in a fixed order.
    static QStringList keys();
    QString value(const QString &key) const;
    void setValue(const QString &key, const QString &value);

    friend bool operator==(const ConsoleSecrets &a, const ConsoleSecrets &b);
    friend bool operator!=(const ConsoleSecrets &a, const ConsoleSecrets &b) { return !(a == b); }
};

struct ConsoleSettings
{
    // Endpoint
    QString endpointHost = QStringLiteral("127.0.0.1");
    int endpointPort = 0;                   // 0: any free port
    EndpointAuthentication authentication = EndpointAuthentication::None;
    QString tlsCertificateFile;             // both set: HTTPS
    QString tlsKeyFile;
    // Replies
    QString rulesFile;                      // empty: the built-in replies
    QString forwardUrl;                     // non-empty: every event goes to the user's handler
    QString handlerFile;                    // non-empty: the user's Lambda file answers every event
    // Simulator
    QList<CalleeSetting> callees = defaultCallees();
    // AWS
    AwsCredentialSource awsCredentialSource = AwsCredentialSource::Profile;
    QString awsProfile;                     // empty: AWS_PROFILE, else "default" (as the AWS CLI)
    QString awsRegion;                      // empty: AWS_REGION, else the profile's region
    QString awsEndpointUrl;                 // empty: the real regional endpoint
    // Appearance
    ThemeMode theme = ThemeMode::FollowSystem;

    // The simulator's built-in callees (SimulatorConfig::defaults()) as editable rows.
    static QList<CalleeSetting> defaultCallees();

    static ConsoleSettings load(const QSettings &settings);
    void save(QSettings &settings) const;

    // Everything that would stop these settings from working, each on its field's path.
    ValidationIssues validate(const ConsoleSecrets &secrets) const;

    // The simulator as these callees describe it (read through SimulatorConfig's own rules).
    Parsed<SimulatorConfig> simulatorConfig(double speed = 1.0) const;
    // The endpoint for these settings (the session file is the caller's to choose).
    EndpointConfig endpointConfig(const ConsoleSecrets &secrets, const ReplyRules &rules) const;
    // The reply rules: the file's bytes (empty: built-in replies), the console's own rule that
    // turns a hang-up request into a Hangup action, and the forward URL.
    Parsed<ReplyRules> replyRules(const QByteArray &rulesFileBytes) const;
    aws::ConnectionOptions connectionOptions() const;

    friend bool operator==(const ConsoleSettings &a, const ConsoleSettings &b);
    friend bool operator!=(const ConsoleSettings &a, const ConsoleSettings &b) { return !(a == b); }
};

// What applying new settings has to restart: the endpoint and the simulator are restarted only
// when something they were started with changed (a restart drops calls and held events).
struct SettingsChange
{
    bool endpoint = false;
    bool simulator = false;
    bool awsBackend = false;
    bool theme = false;

    bool any() const { return endpoint || simulator || awsBackend || theme; }
};

SettingsChange settingsChange(const ConsoleSettings &before, const ConsoleSecrets &secretsBefore,
                              const ConsoleSettings &after, const ConsoleSecrets &secretsAfter);

// The UpdateSipMediaApplicationCall argument the console sends to hang up a call on AWS; the
// console's endpoint answers the CALL_UPDATE_REQUESTED that follows with a Hangup action.
QString hangUpArgumentName();
QString hangUpArgumentValue();

} // namespace callconsole

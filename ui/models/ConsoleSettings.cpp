#include "ConsoleSettings.h"

#include "EndpointExposure.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSettings>

namespace callconsole {

namespace {

const QString calleesArray = QStringLiteral("simulator/callees");

template<typename Enum>
struct Names
{
    Enum value;
    const char *name;
};

constexpr Names<EndpointAuthentication> authenticationNames[] = {
    {EndpointAuthentication::None, "none"},
    {EndpointAuthentication::BearerToken, "bearer"},
    {EndpointAuthentication::HmacSecret, "hmac"},
};
constexpr Names<ThemeMode> themeNames[] = {
    {ThemeMode::FollowSystem, "system"},
    {ThemeMode::Light, "light"},
    {ThemeMode::Dark, "dark"},
};
constexpr Names<AwsCredentialSource> credentialSourceNames[] = {
    {AwsCredentialSource::Profile, "profile"},
    {AwsCredentialSource::TypedKeys, "typed"},
};
constexpr Names<CalleeBehaviour::Outcome> outcomeNames[] = {
    {CalleeBehaviour::Outcome::Answer, "answer"},
    {CalleeBehaviour::Outcome::Busy, "busy"},
    {CalleeBehaviour::Outcome::NoAnswer, "no-answer"},
    {CalleeBehaviour::Outcome::Reject, "reject"},
};

template<typename Enum, size_t N>
QString nameOf(const Names<Enum> (&names)[N], Enum value)
{
    for (const auto &entry : names) {
        if (entry.value == value)
            return QLatin1String(entry.name);
    }
    return QLatin1String(names[0].name);
}

// An unknown name (a newer build's setting, a hand edit) reads as the default, never as garbage.
template<typename Enum, size_t N>
Enum valueOf(const Names<Enum> (&names)[N], const QString &name, Enum fallback)
{
    for (const auto &entry : names) {
        if (name == QLatin1String(entry.name))
            return entry.value;
    }
    return fallback;
}

bool isHttpUrl(const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    return url.isValid() && !url.host().isEmpty()
        && (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https"));
}

void checkFile(const QString &path, const QString &field, ValidationIssues &issues)
{
    const QFileInfo info(path);
    if (!info.exists())
        issues << ValidationIssue::error(field, path, QStringLiteral("no such file"));
    else if (!info.isFile() || !info.isReadable())
        issues << ValidationIssue::error(field, path, QStringLiteral("not a readable file"));
}

QJsonObject calleeJson(const CalleeSetting &callee)
{
    QJsonObject object{{QStringLiteral("to"), callee.to},
                       {QStringLiteral("outcome"), CalleeSetting::outcomeName(callee.outcome)},
                       {QStringLiteral("ringMs"), callee.ringMs},
                       {QStringLiteral("answerAfterMs"), callee.answerAfterMs},
                       {QStringLiteral("hangupAfterMs"), callee.hangupAfterMs}};
    if (!callee.digits.isEmpty())
        object.insert(QStringLiteral("digits"), QJsonArray{QJsonObject{{QStringLiteral("atMs"), callee.digitsAtMs},
                                                                       {QStringLiteral("digits"), callee.digits}}});
    return object;
}

QJsonObject hangUpRule()
{
    const QString callId = QStringLiteral("{{CallDetails.Participants[0].CallId}}");
    const QJsonObject hangup{{QStringLiteral("Type"), QStringLiteral("Hangup")},
                             {QStringLiteral("Parameters"), QJsonObject{{QStringLiteral("SipResponseCode"), QStringLiteral("0")},
                                                                        {QStringLiteral("CallId"), callId}}}};
    return QJsonObject{
        {QStringLiteral("name"), QStringLiteral("console hang-up")},
        {QStringLiteral("event"), QStringLiteral("CALL_UPDATE_REQUESTED")},
        {QStringLiteral("match"), QJsonObject{{QStringLiteral("Arguments"), QJsonObject{{hangUpArgumentName(), hangUpArgumentValue()}}}}},
        {QStringLiteral("reply"), QJsonObject{{QStringLiteral("SchemaVersion"), QStringLiteral("1.0")},
                                              {QStringLiteral("Actions"), QJsonArray{hangup}}}}};
}

} // namespace

QString settingsfield::callee(int row, const QString &member)
{
    return QStringLiteral("%1[%2].%3").arg(callees()).arg(row).arg(member);
}

QString hangUpArgumentName() { return QStringLiteral("CallConsoleAction"); }
QString hangUpArgumentValue() { return QStringLiteral("hangup"); }

QString CalleeSetting::outcomeName(CalleeBehaviour::Outcome outcome)
{
    return nameOf(outcomeNames, outcome);
}

bool operator==(const CalleeSetting &a, const CalleeSetting &b)
{
    return a.to == b.to && a.outcome == b.outcome && a.ringMs == b.ringMs && a.answerAfterMs == b.answerAfterMs
        && a.hangupAfterMs == b.hangupAfterMs && a.digits == b.digits && (a.digits.isEmpty() || a.digitsAtMs == b.digitsAtMs);
}

QStringList ConsoleSecrets::keys()
{
    return {settingsfield::bearerToken(), settingsfield::hmacSecret(), settingsfield::awsAccessKeyId(),
            settingsfield::awsSecretAccessKey(), QStringLiteral("aws/sessionToken")};
}

QString ConsoleSecrets::value(const QString &key) const
{
    const QStringList all = keys();
    const QString *members[] = {&bearerToken, &hmacSecret, &awsAccessKeyId, &awsSecretAccessKey, &awsSessionToken};
    const int index = int(all.indexOf(key));
    return index < 0 ? QString() : *members[index];
}

void ConsoleSecrets::setValue(const QString &key, const QString &value)
{
    const QStringList all = keys();
    QString *members[] = {&bearerToken, &hmacSecret, &awsAccessKeyId, &awsSecretAccessKey, &awsSessionToken};
    const int index = int(all.indexOf(key));
    if (index >= 0)
        *members[index] = value;
}

bool operator==(const ConsoleSecrets &a, const ConsoleSecrets &b)
{
    return a.bearerToken == b.bearerToken && a.hmacSecret == b.hmacSecret && a.awsAccessKeyId == b.awsAccessKeyId
        && a.awsSecretAccessKey == b.awsSecretAccessKey && a.awsSessionToken == b.awsSessionToken;
}

QList<CalleeSetting> ConsoleSettings::defaultCallees()
{
    // The rows SimulatorConfig::defaults() builds; the settings test holds them equal.
    CalleeSetting dtmf;
    dtmf.to = QStringLiteral("+1206555012*");
    dtmf.digits = QStringLiteral("1#");
    dtmf.digitsAtMs = 4000;
    CalleeSetting busy;
    busy.to = QStringLiteral("+12065550186");
    busy.outcome = CalleeBehaviour::Outcome::Busy;
    CalleeSetting noAnswer;
    noAnswer.to = QStringLiteral("+12065550148");
    noAnswer.outcome = CalleeBehaviour::Outcome::NoAnswer;
    CalleeSetting reject;
    reject.to = QStringLiteral("+12065550160");
    reject.outcome = CalleeBehaviour::Outcome::Reject;
    return {dtmf, busy, noAnswer, reject};
}

ConsoleSettings ConsoleSettings::load(const QSettings &settings)
{
    ConsoleSettings s;
    const auto text = [&settings](const QString &key, const QString &fallback) {
        return settings.value(key, fallback).toString();
    };
    s.endpointHost = text(settingsfield::endpointHost(), s.endpointHost).trimmed();
    bool number = false;
    const int port = settings.value(settingsfield::endpointPort(), 0).toInt(&number);
    s.endpointPort = number && port >= 0 && port <= 65535 ? port : 0;
    s.authentication = valueOf(authenticationNames, text(settingsfield::endpointAuthentication(), {}), s.authentication);
    s.tlsCertificateFile = text(settingsfield::tlsCertificateFile(), {});
    s.tlsKeyFile = text(settingsfield::tlsKeyFile(), {});
    s.rulesFile = text(settingsfield::rulesFile(), {});
    s.forwardUrl = text(settingsfield::forwardUrl(), {});
    s.handlerFile = text(settingsfield::handlerFile(), {});
    // Stored as one JSON value: QSettings arrays cannot be read through a const QSettings.
    if (settings.contains(calleesArray)) {
        s.callees.clear();
        const QJsonArray rows = QJsonDocument::fromJson(settings.value(calleesArray).toString().toUtf8()).array();
        for (const QJsonValue &value : rows) {
            const QJsonObject row = value.toObject();
            CalleeSetting callee;
            callee.to = row.value(QStringLiteral("to")).toString(callee.to);
            callee.outcome = valueOf(outcomeNames, row.value(QStringLiteral("outcome")).toString(), callee.outcome);
            callee.ringMs = row.value(QStringLiteral("ringMs")).toInt(callee.ringMs);
            callee.answerAfterMs = row.value(QStringLiteral("answerAfterMs")).toInt(callee.answerAfterMs);
            callee.hangupAfterMs = row.value(QStringLiteral("hangupAfterMs")).toInt(callee.hangupAfterMs);
            const QJsonObject digits = row.value(QStringLiteral("digits")).toArray().first().toObject();
            callee.digits = digits.value(QStringLiteral("digits")).toString();
            callee.digitsAtMs = digits.value(QStringLiteral("atMs")).toInt(callee.digitsAtMs);
            s.callees << callee;
        }
    }
    s.awsCredentialSource = valueOf(credentialSourceNames, text(settingsfield::awsCredentialSource(), {}), s.awsCredentialSource);
    s.awsProfile = text(settingsfield::awsProfile(), {}).trimmed();
    s.awsRegion = text(settingsfield::awsRegion(), {}).trimmed();
    s.awsEndpointUrl = text(settingsfield::awsEndpointUrl(), {}).trimmed();
    s.theme = valueOf(themeNames, text(settingsfield::theme(), {}), s.theme);
    return s;
}

void ConsoleSettings::save(QSettings &settings) const
{
    settings.setValue(settingsfield::endpointHost(), endpointHost);
    settings.setValue(settingsfield::endpointPort(), endpointPort);
    settings.setValue(settingsfield::endpointAuthentication(), nameOf(authenticationNames, authentication));
    settings.setValue(settingsfield::tlsCertificateFile(), tlsCertificateFile);
    settings.setValue(settingsfield::tlsKeyFile(), tlsKeyFile);
    settings.setValue(settingsfield::rulesFile(), rulesFile);
    settings.setValue(settingsfield::forwardUrl(), forwardUrl);
    settings.setValue(settingsfield::handlerFile(), handlerFile);
    QJsonArray rows;
    for (const CalleeSetting &callee : callees)
        rows << calleeJson(callee);
    settings.setValue(calleesArray, QString::fromUtf8(QJsonDocument(rows).toJson(QJsonDocument::Compact)));
    settings.setValue(settingsfield::awsCredentialSource(), nameOf(credentialSourceNames, awsCredentialSource));
    settings.setValue(settingsfield::awsProfile(), awsProfile);
    settings.setValue(settingsfield::awsRegion(), awsRegion);
    settings.setValue(settingsfield::awsEndpointUrl(), awsEndpointUrl);
    settings.setValue(settingsfield::theme(), nameOf(themeNames, theme));
}

ValidationIssues ConsoleSettings::validate(const ConsoleSecrets &secrets) const
{
    ValidationIssues issues;
    QHostAddress host;
    if (!host.setAddress(endpointHost)) {
        issues << ValidationIssue::error(settingsfield::endpointHost(), endpointHost,
                                         QStringLiteral("expected an IP address such as 127.0.0.1, ::1 or 0.0.0.0"));
    } else {
        const bool authenticated = (authentication == EndpointAuthentication::BearerToken && !secrets.bearerToken.isEmpty())
            || (authentication == EndpointAuthentication::HmacSecret && !secrets.hmacSecret.isEmpty());
        const QString refusal = exposureRefusal(host, authenticated);
        if (!refusal.isEmpty())
            issues << ValidationIssue::error(settingsfield::endpointHost(), {},
                                             refusal + QStringLiteral(": choose a bearer token or an HMAC secret, or listen on 127.0.0.1"));
    }
    if (endpointPort < 0 || endpointPort > 65535)
        issues << ValidationIssue::error(settingsfield::endpointPort(), QString::number(endpointPort), QStringLiteral("expected 0 to 65535"));
    if (authentication == EndpointAuthentication::BearerToken && secrets.bearerToken.isEmpty())
        issues << ValidationIssue::error(settingsfield::bearerToken(), {}, QStringLiteral("enter the token callers must send"));
    if (authentication == EndpointAuthentication::HmacSecret && secrets.hmacSecret.isEmpty())
        issues << ValidationIssue::error(settingsfield::hmacSecret(), {}, QStringLiteral("enter the secret the relay signs with"));
    if (tlsCertificateFile.isEmpty() != tlsKeyFile.isEmpty()) {
        issues << ValidationIssue::error(tlsCertificateFile.isEmpty() ? settingsfield::tlsCertificateFile() : settingsfield::tlsKeyFile(),
                                         {}, QStringLiteral("HTTPS needs both the certificate and its private key"));
    }
    if (!tlsCertificateFile.isEmpty())
        checkFile(tlsCertificateFile, settingsfield::tlsCertificateFile(), issues);
    if (!tlsKeyFile.isEmpty())
        checkFile(tlsKeyFile, settingsfield::tlsKeyFile(), issues);

    if (!rulesFile.isEmpty())
        checkFile(rulesFile, settingsfield::rulesFile(), issues);
    if (!forwardUrl.isEmpty() && !isHttpUrl(forwardUrl))
        issues << ValidationIssue::error(settingsfield::forwardUrl(), forwardUrl, QStringLiteral("expected an http(s) URL such as http://127.0.0.1:3000/"));
    if (!handlerFile.isEmpty()) {
        QString why;
        if (!HandlerSpec::resolve(handlerFile, &why))
            issues << ValidationIssue::error(settingsfield::handlerFile(), handlerFile, why.section(QStringLiteral(" — "), 1));
        else if (!forwardUrl.isEmpty())
            issues << ValidationIssue::error(settingsfield::handlerFile(), handlerFile,
                                             QStringLiteral("the forward URL answers every event already: clear one of them"));
    }

    static const QRegularExpression dtmf(QStringLiteral("^[0-9*#]*$"));
    for (int row = 0; row < callees.size(); ++row) {
        const CalleeSetting &callee = callees.at(row);
        if (callee.to.trimmed().isEmpty())
            issues << ValidationIssue::error(settingsfield::callee(row, QStringLiteral("to")), {},
                                             QStringLiteral("enter a number or a pattern such as +1206555012* (* for every number)"));
        const auto nonNegative = [&](int value, const char *member) {
            if (value < 0)
                issues << ValidationIssue::error(settingsfield::callee(row, QLatin1String(member)), QString::number(value),
                                                 QStringLiteral("expected milliseconds, 0 or more"));
        };
        nonNegative(callee.ringMs, "ringMs");
        nonNegative(callee.answerAfterMs, "answerAfterMs");
        nonNegative(callee.digitsAtMs, "digitsAtMs");
        if (callee.hangupAfterMs < -1)
            issues << ValidationIssue::error(settingsfield::callee(row, QStringLiteral("hangupAfterMs")), QString::number(callee.hangupAfterMs),
                                             QStringLiteral("expected milliseconds, or -1 for never"));
        if (!dtmf.match(callee.digits).hasMatch())
            issues << ValidationIssue::error(settingsfield::callee(row, QStringLiteral("digits")), callee.digits,
                                             QStringLiteral("DTMF digits are 0-9, * and #"));
    }
    const Parsed<SimulatorConfig> simulator = simulatorConfig();
    for (ValidationIssue issue : simulator.issues) {
        issue.path = QStringLiteral("simulator/") + issue.path;
        issues << issue;
    }

    static const QRegularExpression region(QStringLiteral("^[a-z]{2}(-[a-z]+)+-\\d+$"));
    if (!awsRegion.isEmpty() && !region.match(awsRegion).hasMatch())
        issues << ValidationIssue::error(settingsfield::awsRegion(), awsRegion, QStringLiteral("expected a region such as us-east-1"));
    if (!awsEndpointUrl.isEmpty()) {
        aws::ConnectionOptions options;
        QString error;
        if (!options.set(QStringLiteral("--endpoint-url"), awsEndpointUrl, &error))
            issues << ValidationIssue::error(settingsfield::awsEndpointUrl(), awsEndpointUrl, QStringLiteral("expected http(s)://HOST[:PORT]"));
    }
    if (awsCredentialSource == AwsCredentialSource::TypedKeys) {
        if (secrets.awsAccessKeyId.trimmed().isEmpty())
            issues << ValidationIssue::error(settingsfield::awsAccessKeyId(), {}, QStringLiteral("enter the access key id (AKIA… or ASIA…)"));
        if (secrets.awsSecretAccessKey.isEmpty())
            issues << ValidationIssue::error(settingsfield::awsSecretAccessKey(), {}, QStringLiteral("enter the secret access key"));
    }
    return issues;
}

Parsed<SimulatorConfig> ConsoleSettings::simulatorConfig(double speed) const
{
    QJsonArray rows;
    for (const CalleeSetting &callee : callees)
        rows << calleeJson(callee);
    const QJsonObject document{{QStringLiteral("speed"), speed}, {QStringLiteral("callees"), rows}};
    return SimulatorConfig::fromJson(QJsonDocument(document).toJson(QJsonDocument::Compact));
}

EndpointConfig ConsoleSettings::endpointConfig(const ConsoleSecrets &secrets, const ReplyRules &rules) const
{
    EndpointConfig config;
    config.host.setAddress(endpointHost);
    config.port = quint16(endpointPort);
    if (authentication == EndpointAuthentication::BearerToken)
        config.bearerToken = secrets.bearerToken.toUtf8();
    else if (authentication == EndpointAuthentication::HmacSecret)
        config.hmacSecret = secrets.hmacSecret.toUtf8();
    config.tlsCertificateFile = tlsCertificateFile;
    config.tlsKeyFile = tlsKeyFile;
    config.rules = rules;
    if (const std::optional<HandlerSpec> spec = HandlerSpec::resolve(handlerFile, nullptr); spec && !handlerFile.isEmpty()) {
        HandlerConfig handler;
        handler.spec = *spec;
        config.handler = handler;
        config.rules.setHandlerForAll(true);
    }
    return config;
}

Parsed<ReplyRules> ConsoleSettings::replyRules(const QByteArray &rulesFileBytes) const
{
    // The user's file is checked on its own first, so its issues name its own rules[i].
    const QByteArray own = rulesFileBytes.trimmed().isEmpty() ? QByteArray("{}") : rulesFileBytes;
    Parsed<ReplyRules> checked = ReplyRules::fromJson(own);
    if (!checked.ok())
        return checked;
    QJsonObject root = QJsonDocument::fromJson(own).object();
    QJsonArray list = root.value(QStringLiteral("rules")).toArray();
    list.prepend(hangUpRule());
    root.insert(QStringLiteral("rules"), list);
    Parsed<ReplyRules> combined = ReplyRules::fromJson(QJsonDocument(root).toJson(QJsonDocument::Compact));
    if (combined.value && !forwardUrl.isEmpty())
        combined.value->setGlobalForward(QUrl(forwardUrl));
    return combined;
}

aws::ConnectionOptions ConsoleSettings::connectionOptions() const
{
    aws::ConnectionOptions options;
    options.backend = QStringLiteral("aws");
    options.profile = awsCredentialSource == AwsCredentialSource::Profile ? awsProfile : QString();
    options.region = awsRegion;
    if (!awsEndpointUrl.isEmpty())
        options.endpointUrl = QUrl(awsEndpointUrl);
    options.endpointUrlSource = QStringLiteral("the endpoint URL in Preferences");
    return options;
}

bool operator==(const ConsoleSettings &a, const ConsoleSettings &b)
{
    return a.endpointHost == b.endpointHost && a.endpointPort == b.endpointPort && a.authentication == b.authentication
        && a.tlsCertificateFile == b.tlsCertificateFile && a.tlsKeyFile == b.tlsKeyFile && a.rulesFile == b.rulesFile
        && a.forwardUrl == b.forwardUrl && a.handlerFile == b.handlerFile && a.callees == b.callees && a.awsCredentialSource == b.awsCredentialSource
        && a.awsProfile == b.awsProfile && a.awsRegion == b.awsRegion && a.awsEndpointUrl == b.awsEndpointUrl
        && a.theme == b.theme;
}

SettingsChange settingsChange(const ConsoleSettings &before, const ConsoleSecrets &secretsBefore,
                              const ConsoleSettings &after, const ConsoleSecrets &secretsAfter)
{
    const auto credential = [](const ConsoleSettings &s, const ConsoleSecrets &secrets) {
        switch (s.authentication) {
        case EndpointAuthentication::BearerToken: return secrets.bearerToken;
        case EndpointAuthentication::HmacSecret: return secrets.hmacSecret;
        case EndpointAuthentication::None: break;
        }
        return QString();
    };
    const auto typedKeys = [](const ConsoleSettings &s, const ConsoleSecrets &secrets) {
        return s.awsCredentialSource == AwsCredentialSource::TypedKeys
            ? QStringList{secrets.awsAccessKeyId, secrets.awsSecretAccessKey, secrets.awsSessionToken}
            : QStringList();
    };
    SettingsChange change;
    change.endpoint = before.endpointHost != after.endpointHost || before.endpointPort != after.endpointPort
        || before.authentication != after.authentication || credential(before, secretsBefore) != credential(after, secretsAfter)
        || before.tlsCertificateFile != after.tlsCertificateFile || before.tlsKeyFile != after.tlsKeyFile
        || before.rulesFile != after.rulesFile || before.forwardUrl != after.forwardUrl
        || before.handlerFile != after.handlerFile;
    change.simulator = before.callees != after.callees;
    change.awsBackend = before.awsCredentialSource != after.awsCredentialSource || before.awsProfile != after.awsProfile
        || before.awsRegion != after.awsRegion || before.awsEndpointUrl != after.awsEndpointUrl
        || typedKeys(before, secretsBefore) != typedKeys(after, secretsAfter);
    change.theme = before.theme != after.theme;
    return change;
}

} // namespace callconsole

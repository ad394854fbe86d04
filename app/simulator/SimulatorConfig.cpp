#include "SimulatorConfig.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace callconsole {

namespace {

QRegularExpression numberPattern(const QString &glob)
{
    return QRegularExpression(QLatin1Char('^')
                              + QRegularExpression::wildcardToRegularExpression(glob, QRegularExpression::UnanchoredWildcardConversion)
                              + QLatin1Char('$'));
}

CalleeBehaviour callee(const QString &to, CalleeBehaviour::Outcome outcome)
{
    CalleeBehaviour behaviour;
    behaviour.to = numberPattern(to);
    behaviour.outcome = outcome;
    return behaviour;
}

QList<ScheduledDigits> scheduledDigits(const QJsonValue &list)
{
    QList<ScheduledDigits> digits;
    for (const auto &d : list.toArray()) {
        const QJsonObject o = d.toObject();
        digits << ScheduledDigits{o.value(QStringLiteral("atMs")).toInt(), o.value(QStringLiteral("digits")).toString()};
    }
    return digits;
}

// Without SIP rules in the config, every SipRuleId a dial-in number is associated with becomes a
// rule of its own, triggered by the first such number and routing to the first SMA, so the
// built-in numbers (and a config's bare numbers) can be dialled. Rules the config names are kept
// as written, and each ToPhoneNumber rule's number shows it among its associations.
void completeSipRules(SimulatorConfig &config, bool rulesGiven)
{
    const QString sipRuleId = QStringLiteral("SipRuleId");
    if (!rulesGiven) {
        for (const SimulatedPhoneNumber &number : std::as_const(config.phoneNumbers)) {
            for (const PhoneNumberAssociation &association : number.associations) {
                const bool known = std::any_of(config.sipRules.cbegin(), config.sipRules.cend(),
                                               [&](const SimulatedSipRule &rule) { return rule.id == association.value; });
                if (association.name != sipRuleId || known)
                    continue;
                SimulatedSipRule rule;
                rule.id = association.value;
                rule.name = config.sipRules.isEmpty() ? QStringLiteral("call-console-dial-in")
                                                      : QStringLiteral("call-console-dial-in-%1").arg(config.sipRules.size() + 1);
                rule.triggerValue = number.e164PhoneNumber;
                if (!config.applications.isEmpty())
                    rule.targets << SipRuleTarget{config.applications.first().id, 1, config.applications.first().region};
                config.sipRules << rule;
            }
        }
    }
    if (rulesGiven) {
        // A bare number's default association names the built-in rule, which these replace.
        for (SimulatedPhoneNumber &number : config.phoneNumbers) {
            number.associations.removeIf([&](const PhoneNumberAssociation &association) {
                return association.name == sipRuleId
                    && std::none_of(config.sipRules.cbegin(), config.sipRules.cend(),
                                    [&](const SimulatedSipRule &rule) { return rule.id == association.value; });
            });
        }
    }
    for (SimulatedSipRule &rule : config.sipRules) {
        if (rule.createdTimestamp.isEmpty())
            rule.createdTimestamp = rule.updatedTimestamp = simulatedTimestamp();
        if (rule.triggerType != siprules::triggerToPhoneNumber())
            continue;
        for (SimulatedPhoneNumber &number : config.phoneNumbers) {
            const PhoneNumberAssociation association{sipRuleId, rule.id};
            if (number.e164PhoneNumber == rule.triggerValue && !number.associations.contains(association))
                number.associations << association;
        }
    }
}

} // namespace

QString simulatedTimestamp()
{
    return QStringLiteral("2026-01-01T00:00:00.000Z");
}

SimulatorConfig SimulatorConfig::defaults()
{
    SimulatorConfig config;
    config.applications << SimulatedSma{QStringLiteral("1f2e3d4c-5b6a-4789-8abc-def012345678"),
                                        QStringLiteral("call-console-demo"), QStringLiteral("us-east-1"), {}};
    config.phoneNumbers << SimulatedPhoneNumber::assigned(QStringLiteral("+12065550100"))
                        << SimulatedPhoneNumber::assigned(QStringLiteral("+12065550101"));
    // Numbers that show each outcome; anything else answers after 1.5 s.
    CalleeBehaviour dtmf = callee(QStringLiteral("+1206555012*"), CalleeBehaviour::Outcome::Answer);
    dtmf.digits << ScheduledDigits{4000, QStringLiteral("1#")};
    config.callees << dtmf << callee(QStringLiteral("+12065550186"), CalleeBehaviour::Outcome::Busy)
                   << callee(QStringLiteral("+12065550148"), CalleeBehaviour::Outcome::NoAnswer)
                   << callee(QStringLiteral("+12065550160"), CalleeBehaviour::Outcome::Reject);
    completeSipRules(config, false);
    return config;
}

Parsed<SimulatorConfig> SimulatorConfig::load(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        Parsed<SimulatorConfig> failed;
        failed.issues << ValidationIssue::error(path, {}, QStringLiteral("cannot read: %1").arg(file.errorString()));
        return failed;
    }
    return fromJson(file.readAll());
}

Parsed<SimulatorConfig> SimulatorConfig::fromJson(const QByteArray &bytes)
{
    Parsed<SimulatorConfig> parsed;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        parsed.issues << ValidationIssue::error(QStringLiteral("config"), {},
                                                QStringLiteral("invalid JSON at offset %1: %2").arg(error.offset).arg(error.errorString()));
        return parsed;
    }
    const QJsonObject root = document.object();
    SimulatorConfig config = defaults();
    const auto number = [&](const char *key, auto &field) {
        const QJsonValue value = root.value(QLatin1String(key));
        if (value.isUndefined())
            return;
        if (!value.isDouble() || value.toDouble() < 0)
            parsed.issues << ValidationIssue::error(QLatin1String(key), {}, QStringLiteral("expected a non-negative number"));
        else
            field = static_cast<std::decay_t<decltype(field)>>(value.toDouble());
    };
    number("speed", config.speed);
    number("retryAfterMs", config.retryAfterMs);
    number("giveUpAfterMs", config.giveUpAfterMs);
    number("ringTimeoutMs", config.ringTimeoutMs);
    number("inboundAnswerTimeoutMs", config.inboundAnswerTimeoutMs);
    number("speakingCharsPerSecond", config.speakingCharsPerSecond);
    number("audioClipMs", config.audioClipMs);
    number("maxTransactionAttributes", config.maxTransactionAttributes);
    number("callsPerSecond", config.callsPerSecond);
    if (root.contains(QStringLiteral("awsAccountId")))
        config.awsAccountId = root.value(QStringLiteral("awsAccountId")).toString();
    if (root.contains(QStringLiteral("sipMediaApplications"))) {
        config.applications.clear();
        const QJsonArray list = root.value(QStringLiteral("sipMediaApplications")).toArray();
        for (qsizetype i = 0; i < list.size(); ++i) {
            const QJsonObject o = list.at(i).toObject();
            SimulatedSma sma;
            sma.id = o.value(QStringLiteral("id")).toString();
            sma.name = o.value(QStringLiteral("name")).toString();
            sma.region = o.value(QStringLiteral("region")).toString(QStringLiteral("us-east-1"));
            sma.endpointUrl = QUrl(o.value(QStringLiteral("endpointUrl")).toString());
            sma.lambdaArn = o.value(QStringLiteral("lambdaArn")).toString();
            if (sma.id.trimmed().isEmpty())
                parsed.issues << ValidationIssue::error(QStringLiteral("sipMediaApplications[%1].id").arg(i), {}, QStringLiteral("missing"));
            config.applications << sma;
        }
    }
    if (root.contains(QStringLiteral("phoneNumbers"))) {
        config.phoneNumbers.clear();
        const QJsonArray list = root.value(QStringLiteral("phoneNumbers")).toArray();
        for (qsizetype i = 0; i < list.size(); ++i) {
            const Parsed<SimulatedPhoneNumber> number = SimulatedPhoneNumber::fromJson(list.at(i), QStringLiteral("phoneNumbers[%1]").arg(i));
            parsed.issues << number.issues;
            if (number.value)
                config.phoneNumbers << *number.value;
        }
    }
    if (root.contains(QStringLiteral("callees"))) {
        config.callees.clear();
        const QJsonArray list = root.value(QStringLiteral("callees")).toArray();
        for (qsizetype i = 0; i < list.size(); ++i) {
            const QJsonObject o = list.at(i).toObject();
            const QString where = QStringLiteral("callees[%1]").arg(i);
            const QString outcome = o.value(QStringLiteral("outcome")).toString(QStringLiteral("answer"));
            CalleeBehaviour behaviour = callee(o.value(QStringLiteral("to")).toString(QStringLiteral("*")), CalleeBehaviour::Outcome::Answer);
            if (outcome == QLatin1String("busy"))
                behaviour.outcome = CalleeBehaviour::Outcome::Busy;
            else if (outcome == QLatin1String("no-answer"))
                behaviour.outcome = CalleeBehaviour::Outcome::NoAnswer;
            else if (outcome == QLatin1String("reject"))
                behaviour.outcome = CalleeBehaviour::Outcome::Reject;
            else if (outcome != QLatin1String("answer"))
                parsed.issues << ValidationIssue::error(where + QStringLiteral(".outcome"), outcome,
                                                        QStringLiteral("expected answer, busy, no-answer or reject"));
            behaviour.ringMs = o.value(QStringLiteral("ringMs")).toInt(behaviour.ringMs);
            behaviour.answerAfterMs = o.value(QStringLiteral("answerAfterMs")).toInt(behaviour.answerAfterMs);
            behaviour.hangupAfterMs = o.value(QStringLiteral("hangupAfterMs")).toInt(-1);
            behaviour.digits = scheduledDigits(o.value(QStringLiteral("digits")));
            config.callees << behaviour;
        }
    }
    for (const auto &c : root.value(QStringLiteral("callers")).toArray()) {
        const QJsonObject o = c.toObject();
        config.callers << CallerBehaviour{numberPattern(o.value(QStringLiteral("from")).toString(QStringLiteral("*"))),
                                          o.value(QStringLiteral("hangupAfterMs")).toInt(-1),
                                          scheduledDigits(o.value(QStringLiteral("digits")))};
    }
    const bool rulesGiven = root.contains(QStringLiteral("sipRules"));
    if (rulesGiven) {
        config.sipRules.clear();
        const QJsonArray list = root.value(QStringLiteral("sipRules")).toArray();
        for (qsizetype i = 0; i < list.size(); ++i) {
            const QString where = QStringLiteral("sipRules[%1]").arg(i);
            const QJsonObject o = list.at(i).toObject();
            SimulatedSipRule rule;
            parsed.issues << SimulatedSipRule::read(o, SimulatedSipRule::Keys::Config, where, rule);
            rule.id = o.value(QStringLiteral("id")).toString();
            if (rule.id.trimmed().isEmpty())
                parsed.issues << ValidationIssue::error(where + QStringLiteral(".id"), {}, QStringLiteral("missing: the SipRuleId events carry"));
            config.sipRules << rule;
        }
    } else {
        config.sipRules.clear();
    }
    const QJsonArray connectors = root.value(QStringLiteral("voiceConnectors")).toArray();
    for (qsizetype i = 0; i < connectors.size(); ++i) {
        const QJsonObject o = connectors.at(i).toObject();
        SimulatedVoiceConnector connector{o.value(QStringLiteral("id")).toString(), o.value(QStringLiteral("name")).toString(),
                                          o.value(QStringLiteral("region")).toString(QStringLiteral("us-east-1")),
                                          o.value(QStringLiteral("requireEncryption")).toBool(true)};
        if (connector.id.trimmed().isEmpty())
            parsed.issues << ValidationIssue::error(QStringLiteral("voiceConnectors[%1].id").arg(i), {}, QStringLiteral("missing"));
        config.voiceConnectors << connector;
    }
    const QJsonObject functions = root.value(QStringLiteral("lambdaFunctions")).toObject();
    for (auto it = functions.begin(); it != functions.end(); ++it) {
        const QUrl url(it.value().toString());
        if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
            parsed.issues << ValidationIssue::error(QStringLiteral("lambdaFunctions.%1").arg(it.key()), it.value().toString(),
                                                    QStringLiteral("expected the http(s) URL that serves this function"));
        config.lambdaFunctions.insert(it.key(), url);
    }
    config.bots = SimulatedBot::fromJson(root.value(QStringLiteral("bots")), parsed.issues);
    config.meetingPhoneNumber = root.value(QStringLiteral("meetingPhoneNumber")).toString(config.meetingPhoneNumber);
    const QJsonObject credentials = root.value(QStringLiteral("verifySignatures")).toObject();
    config.verifyAccessKeyId = credentials.value(QStringLiteral("accessKeyId")).toString();
    config.verifySecretAccessKey = credentials.value(QStringLiteral("secretAccessKey")).toString();
    if (config.verifyAccessKeyId.isEmpty() != config.verifySecretAccessKey.isEmpty())
        parsed.issues << ValidationIssue::error(QStringLiteral("verifySignatures"), {},
                                                QStringLiteral("give both accessKeyId and secretAccessKey"));
    const QJsonObject faults = root.value(QStringLiteral("faults")).toObject();
    config.faults.duplicateRate = faults.value(QStringLiteral("duplicateRate")).toDouble(0);
    config.faults.reorderRate = faults.value(QStringLiteral("reorderRate")).toDouble(0);
    config.faults.delayMs = faults.value(QStringLiteral("delayMs")).toInt(0);
    config.faults.jitterMs = faults.value(QStringLiteral("jitterMs")).toInt(0);
    config.faults.seed = quint32(faults.value(QStringLiteral("seed")).toInt(1));
    completeSipRules(config, rulesGiven);
    parsed.value = config;
    return parsed;
}

const SimulatedSma *SimulatorConfig::application(const QString &id) const
{
    for (const SimulatedSma &sma : applications) {
        if (sma.id == id)
            return &sma;
    }
    return nullptr;
}

QStringList SimulatorConfig::e164Numbers() const
{
    QStringList numbers;
    numbers.reserve(phoneNumbers.size());
    for (const SimulatedPhoneNumber &number : phoneNumbers)
        numbers << number.e164PhoneNumber;
    return numbers;
}

bool SimulatorConfig::hasPhoneNumber(const QString &e164) const
{
    return std::any_of(phoneNumbers.cbegin(), phoneNumbers.cend(),
                       [&](const SimulatedPhoneNumber &number) { return number.e164PhoneNumber == e164; });
}

CalleeBehaviour SimulatorConfig::calleeFor(const QString &to) const
{
    for (const CalleeBehaviour &behaviour : callees) {
        if (behaviour.to.match(to).hasMatch())
            return behaviour;
    }
    return callee(QStringLiteral("*"), CalleeBehaviour::Outcome::Answer);
}

CallerBehaviour SimulatorConfig::callerFor(const QString &from) const
{
    for (const CallerBehaviour &behaviour : callers) {
        if (behaviour.from.match(from).hasMatch())
            return behaviour;
    }
    return CallerBehaviour{numberPattern(QStringLiteral("*")), -1, {}};
}

QString SimulatorConfig::lambdaArnOf(const SimulatedSma &sma) const
{
    if (!sma.lambdaArn.isEmpty())
        return sma.lambdaArn;
    return QStringLiteral("arn:aws:lambda:%1:%2:function:call-console-relay").arg(sma.region, awsAccountId);
}

SimulatedBot SimulatorConfig::botFor(const QString &botAliasArn) const
{
    for (const SimulatedBot &bot : bots) {
        if (bot.botAliasArn.match(botAliasArn).hasMatch())
            return bot;
    }
    return SimulatedBot::fallback();
}

} // namespace callconsole

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

} // namespace

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
            SimulatedSma sma{o.value(QStringLiteral("id")).toString(), o.value(QStringLiteral("name")).toString(),
                             o.value(QStringLiteral("region")).toString(QStringLiteral("us-east-1")),
                             QUrl(o.value(QStringLiteral("endpointUrl")).toString())};
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
            for (const auto &d : o.value(QStringLiteral("digits")).toArray()) {
                const QJsonObject digits = d.toObject();
                behaviour.digits << ScheduledDigits{digits.value(QStringLiteral("atMs")).toInt(),
                                                    digits.value(QStringLiteral("digits")).toString()};
            }
            config.callees << behaviour;
        }
    }
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

} // namespace callconsole

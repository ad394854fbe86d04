#include "SimulatedSipRule.h"

#include <QDateTime>
#include <QJsonArray>
#include <QRegularExpression>

#include <algorithm>

namespace callconsole {

namespace siprules {
QString triggerToPhoneNumber() { return QStringLiteral("ToPhoneNumber"); }
QString triggerRequestUriHostname() { return QStringLiteral("RequestUriHostname"); }
} // namespace siprules

namespace modelrules {

ValidationIssues validateName(const QString &path, const QJsonValue &value)
{
    static const QRegularExpression pattern(QStringLiteral("^[a-zA-Z0-9 _.-]{1,256}$"));
    if (!value.isString())
        return {ValidationIssue::error(path, {}, QStringLiteral("expected a string"))};
    if (!pattern.match(value.toString()).hasMatch())
        return {ValidationIssue::error(path, value.toString(),
                                       QStringLiteral("expected 1 to 256 letters, digits, spaces, '_', '.' or '-'"))};
    return {};
}

QString now()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

} // namespace modelrules

namespace {

// "targetApplications" in the config file, "TargetApplications" in a request body.
QString keyFor(const char *camel, SimulatedSipRule::Keys keys)
{
    QString key = QLatin1String(camel);
    if (keys == SimulatedSipRule::Keys::Api)
        key[0] = key.at(0).toUpper();
    return key;
}

QString joined(const QString &where, const QString &key)
{
    return where.isEmpty() ? key : where + QLatin1Char('.') + key;
}

} // namespace

QList<SipRuleTarget> SimulatedSipRule::targetsInPriorityOrder() const
{
    QList<SipRuleTarget> ordered = targets;
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const SipRuleTarget &a, const SipRuleTarget &b) { return a.priority < b.priority; });
    return ordered;
}

QJsonObject SimulatedSipRule::toJson() const
{
    QJsonArray list;
    for (const SipRuleTarget &target : targets) {
        list << QJsonObject{{QStringLiteral("SipMediaApplicationId"), target.sipMediaApplicationId},
                            {QStringLiteral("Priority"), target.priority},
                            {QStringLiteral("AwsRegion"), target.awsRegion}};
    }
    return QJsonObject{{QStringLiteral("SipRuleId"), id},
                       {QStringLiteral("Name"), name},
                       {QStringLiteral("Disabled"), disabled},
                       {QStringLiteral("TriggerType"), triggerType},
                       {QStringLiteral("TriggerValue"), triggerValue},
                       {QStringLiteral("TargetApplications"), list},
                       {QStringLiteral("CreatedTimestamp"), createdTimestamp},
                       {QStringLiteral("UpdatedTimestamp"), updatedTimestamp}};
}

ValidationIssues SimulatedSipRule::read(const QJsonObject &object, Keys keys, const QString &where,
                                        SimulatedSipRule &rule, bool partial)
{
    ValidationIssues issues;
    const bool config = keys == Keys::Config;
    const auto present = [&](const char *camel) { return object.contains(keyFor(camel, keys)); };
    const auto value = [&](const char *camel) { return object.value(keyFor(camel, keys)); };
    const auto path = [&](const char *camel) { return joined(where, keyFor(camel, keys)); };
    const auto required = [&](const char *camel) {
        if (!present(camel))
            issues << ValidationIssue::error(path(camel), {}, QStringLiteral("missing: a SIP rule needs it"));
        return present(camel);
    };

    if (present("name") || !partial) {
        if (required("name")) {
            issues << modelrules::validateName(path("name"), value("name"));
            rule.name = value("name").toString();
        }
    }
    if (present("disabled")) {
        if (!value("disabled").isBool())
            issues << ValidationIssue::error(path("disabled"), value("disabled").toVariant().toString(), QStringLiteral("expected true or false"));
        rule.disabled = value("disabled").toBool();
    }
    if (partial) {
        for (const char *fixed : {"triggerType", "triggerValue"}) {
            if (present(fixed))
                issues << ValidationIssue::error(path(fixed), value(fixed).toString(),
                                                 QStringLiteral("UpdateSipRule cannot change it; create another SIP rule"));
        }
    } else {
        if (required("triggerType")) {
            rule.triggerType = value("triggerType").toString();
            if (rule.triggerType != siprules::triggerToPhoneNumber() && rule.triggerType != siprules::triggerRequestUriHostname())
                issues << ValidationIssue::error(path("triggerType"), rule.triggerType,
                                                 QStringLiteral("expected a SipRuleTriggerType: ToPhoneNumber or RequestUriHostname"));
        }
        if (required("triggerValue")) {
            rule.triggerValue = value("triggerValue").toString();
            static const QRegularExpression e164(QStringLiteral("^\\+?[1-9]\\d{1,14}$"));
            if (rule.triggerValue.trimmed().isEmpty())
                issues << ValidationIssue::error(path("triggerValue"), {}, QStringLiteral("expected a phone number or a host name"));
            else if (rule.triggerType == siprules::triggerToPhoneNumber() && !e164.match(rule.triggerValue).hasMatch())
                issues << ValidationIssue::error(path("triggerValue"), rule.triggerValue,
                                                 QStringLiteral("a ToPhoneNumber rule is triggered by an E.164 number such as +12065550100"));
        }
    }
    if (present("targetApplications") || !partial) {
        if (required("targetApplications")) {
            const QJsonArray list = value("targetApplications").toArray();
            if (!value("targetApplications").isArray() || list.isEmpty() || list.size() > siprules::maxTargets)
                issues << ValidationIssue::error(path("targetApplications"), {},
                                                 QStringLiteral("expected a list of 1 to %1 target applications").arg(siprules::maxTargets));
            rule.targets.clear();
            for (qsizetype i = 0; i < list.size(); ++i) {
                const QJsonObject o = list.at(i).toObject();
                const QString at = QStringLiteral("%1[%2]").arg(path("targetApplications")).arg(i);
                SipRuleTarget target;
                target.sipMediaApplicationId = o.value(keyFor("sipMediaApplicationId", keys)).toString();
                if (target.sipMediaApplicationId.trimmed().isEmpty())
                    issues << ValidationIssue::error(joined(at, keyFor("sipMediaApplicationId", keys)), {},
                                                     QStringLiteral("missing: the SIP media application to route to"));
                const QJsonValue priority = o.value(keyFor("priority", keys));
                if (!priority.isUndefined() || !config) {
                    if (!priority.isDouble() || priority.toDouble() < 1 || priority.toDouble() != double(priority.toInt()))
                        issues << ValidationIssue::error(joined(at, keyFor("priority", keys)), priority.toVariant().toString(),
                                                         QStringLiteral("expected a whole number of 1 or more (1 is tried first)"));
                    target.priority = priority.toInt();
                }
                const QJsonValue region = o.value(keyFor("awsRegion", keys));
                if (!region.isUndefined() || !config) {
                    if (region.toString().trimmed().isEmpty())
                        issues << ValidationIssue::error(joined(at, keyFor("awsRegion", keys)), {},
                                                         QStringLiteral("expected the region of the SIP media application, such as us-east-1"));
                    target.awsRegion = region.toString();
                }
                rule.targets << target;
            }
        }
    }
    return issues;
}

} // namespace callconsole

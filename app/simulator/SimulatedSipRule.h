// A SIP rule of the simulated account (botocore shape SipRule): what a dialled number or Request
// URI host is routed to — the SIP media applications of TargetApplications, tried in Priority
// order (1 first). One parser serves the config file (camelCase keys) and the CreateSipRule /
// UpdateSipRule bodies (the model's PascalCase), so both refuse the same input the same way.
#pragma once

#include "ValidationIssue.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace callconsole {

struct SipRuleTarget
{
    QString sipMediaApplicationId;
    int priority = 1;                          // SipApplicationPriority: 1 or more, 1 is tried first
    QString awsRegion = QStringLiteral("us-east-1");
};

struct SimulatedSipRule
{
    QString id;
    QString name;
    bool disabled = false;
    QString triggerType = QStringLiteral("ToPhoneNumber"); // or RequestUriHostname
    QString triggerValue;                      // an E.164 number, or a Voice Connector host name
    QList<SipRuleTarget> targets;              // 1–25
    QString createdTimestamp;
    QString updatedTimestamp;

    // Targets by Priority, lowest number first (stable for equal priorities).
    QList<SipRuleTarget> targetsInPriorityOrder() const;
    QJsonObject toJson() const;                // the model's SipRule

    enum class Keys { Config, Api };
    // Reads one rule. `where` prefixes issue paths ("sipRules[0]" or "" for a request body).
    // With `partial` (UpdateSipRule) only the members present are read into `rule`; TriggerType
    // and TriggerValue are then refused, as the model has no such members on update.
    static ValidationIssues read(const QJsonObject &object, Keys keys, const QString &where,
                                 SimulatedSipRule &rule, bool partial = false);
};

namespace siprules {
QString triggerToPhoneNumber();                // "ToPhoneNumber"
QString triggerRequestUriHostname();           // "RequestUriHostname"
constexpr int maxTargets = 25;                 // SipRuleTargetApplicationList
} // namespace siprules

namespace modelrules {
// SipRuleName, SipMediaApplicationName, VoiceConnectorName: 1–256 of [a-zA-Z0-9 _.-].
ValidationIssues validateName(const QString &path, const QJsonValue &value);
// An ISO-8601 timestamp of now, as the model's Iso8601Timestamp members are written.
QString now();
} // namespace modelrules

} // namespace callconsole

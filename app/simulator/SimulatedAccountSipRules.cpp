// The SIP rule operations of SimulatedAccount: CreateSipRule 201, GetSipRule, UpdateSipRule 202,
// DeleteSipRule 204 (only once disabled, as AWS requires), ListSipRules filtered by SMA. A
// ToPhoneNumber rule's number lists the rule among its associations while the rule exists.
#include "SimulatedAccount.h"

#include "ListPaging.h"

#include <QJsonArray>
#include <QUuid>

namespace callconsole {

namespace {

const QString sipRuleIdName = QStringLiteral("SipRuleId");

ApiAnswer ruleNotFound(const QString &id)
{
    return ApiAnswer::error(404, QStringLiteral("NotFoundException"), QStringLiteral("SIP rule %1 not found").arg(id));
}

} // namespace

SimulatedSipRule *SimulatedAccount::sipRule(const QString &id)
{
    for (SimulatedSipRule &rule : m_sipRules) {
        if (rule.id == id)
            return &rule;
    }
    return nullptr;
}

// Every target names an SMA of this account, in the region the target says.
ApiAnswer SimulatedAccount::checkTargets(const SimulatedSipRule &rule) const
{
    ValidationIssues issues;
    for (qsizetype i = 0; i < rule.targets.size(); ++i) {
        const SipRuleTarget &target = rule.targets.at(i);
        const QString path = QStringLiteral("TargetApplications[%1]").arg(i);
        const SimulatedSma *sma = application(target.sipMediaApplicationId);
        if (!sma)
            issues << ValidationIssue::error(path + QStringLiteral(".SipMediaApplicationId"), target.sipMediaApplicationId,
                                             QStringLiteral("not a SIP media application of this account (ListSipMediaApplications)"));
        else if (sma->region != target.awsRegion)
            issues << ValidationIssue::error(path + QStringLiteral(".AwsRegion"), target.awsRegion,
                                             QStringLiteral("SIP media application %1 is in %2").arg(sma->id, sma->region));
    }
    return issues.isEmpty() ? ApiAnswer{} : ApiAnswer::badRequest(issues);
}

ApiAnswer SimulatedAccount::createSipRule(const QJsonObject &body)
{
    SimulatedSipRule rule;
    const ValidationIssues issues = SimulatedSipRule::read(body, SimulatedSipRule::Keys::Api, {}, rule);
    if (hasErrors(issues))
        return ApiAnswer::badRequest(issues);
    if (const ApiAnswer targets = checkTargets(rule); targets.isError())
        return targets;
    SimulatedPhoneNumber *number = nullptr;
    if (rule.triggerType == siprules::triggerToPhoneNumber()) {
        number = phoneNumber(rule.triggerValue);
        if (!number || number->productType != QLatin1String("SipMediaApplicationDialIn"))
            return ApiAnswer::badRequest({ValidationIssue::error(QStringLiteral("TriggerValue"), rule.triggerValue,
                                                                 QStringLiteral("not a SipMediaApplicationDialIn number of this account (ListPhoneNumbers)"))});
        for (const PhoneNumberAssociation &association : std::as_const(number->associations)) {
            if (association.name == sipRuleIdName)
                return ApiAnswer::error(409, QStringLiteral("ConflictException"),
                                        QStringLiteral("TriggerValue: %1 already routes through SIP rule %2; delete that rule or "
                                                       "update its TargetApplications").arg(rule.triggerValue, association.value));
        }
    } else {
        for (const SimulatedSipRule &existing : std::as_const(m_sipRules)) {
            if (existing.triggerType == rule.triggerType && existing.triggerValue == rule.triggerValue)
                return ApiAnswer::error(409, QStringLiteral("ConflictException"),
                                        QStringLiteral("TriggerValue: %1 is already the trigger of SIP rule %2").arg(rule.triggerValue, existing.id));
        }
    }
    rule.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    rule.createdTimestamp = rule.updatedTimestamp = modelrules::now();
    m_sipRules << rule;
    if (number)
        number->associations << PhoneNumberAssociation{sipRuleIdName, rule.id};
    return ApiAnswer::ok(201, {{QStringLiteral("SipRule"), rule.toJson()}});
}

ApiAnswer SimulatedAccount::getSipRule(const QString &id) const
{
    for (const SimulatedSipRule &rule : m_sipRules) {
        if (rule.id == id)
            return ApiAnswer::ok(200, {{QStringLiteral("SipRule"), rule.toJson()}});
    }
    return ruleNotFound(id);
}

ApiAnswer SimulatedAccount::updateSipRule(const QString &id, const QJsonObject &body)
{
    SimulatedSipRule *rule = sipRule(id);
    if (!rule)
        return ruleNotFound(id);
    SimulatedSipRule updated = *rule;
    ValidationIssues issues = SimulatedSipRule::read(body, SimulatedSipRule::Keys::Api, {}, updated, true);
    if (!body.contains(QStringLiteral("Name")))
        issues << ValidationIssue::error(QStringLiteral("Name"), {}, QStringLiteral("missing: UpdateSipRule requires it (send the current name to keep it)"));
    if (hasErrors(issues))
        return ApiAnswer::badRequest(issues);
    if (const ApiAnswer targets = checkTargets(updated); targets.isError())
        return targets;
    updated.updatedTimestamp = modelrules::now();
    *rule = updated;
    return ApiAnswer::ok(202, {{QStringLiteral("SipRule"), updated.toJson()}});
}

ApiAnswer SimulatedAccount::deleteSipRule(const QString &id)
{
    const SimulatedSipRule *rule = sipRule(id);
    if (!rule)
        return ruleNotFound(id);
    if (!rule->disabled)
        return ApiAnswer::error(409, QStringLiteral("ConflictException"),
                                QStringLiteral("SIP rule %1 is enabled: disable it first (UpdateSipRule with Disabled true), "
                                               "as AWS requires before a delete").arg(id));
    for (SimulatedPhoneNumber &number : m_phoneNumbers)
        number.associations.removeAll(PhoneNumberAssociation{sipRuleIdName, id});
    m_sipRules.erase(std::remove_if(m_sipRules.begin(), m_sipRules.end(), [&](const SimulatedSipRule &r) { return r.id == id; }),
                     m_sipRules.end());
    return ApiAnswer::ok(204);
}

ApiAnswer SimulatedAccount::listSipRules(const QUrlQuery &query) const
{
    const QString sma = query.queryItemValue(QStringLiteral("sip-media-application"), QUrl::FullyDecoded);
    if (query.hasQueryItem(QStringLiteral("sip-media-application")) && !application(sma))
        return ApiAnswer::error(404, QStringLiteral("NotFoundException"), QStringLiteral("SIP media application %1 not found").arg(sma));
    QList<const SimulatedSipRule *> listed;
    QStringList keys;
    for (const SimulatedSipRule &rule : m_sipRules) {
        const bool targets = std::any_of(rule.targets.cbegin(), rule.targets.cend(),
                                         [&](const SipRuleTarget &target) { return target.sipMediaApplicationId == sma; });
        if (sma.isEmpty() || targets) {
            listed << &rule;
            keys << rule.id;
        }
    }
    const Parsed<ListPage> page = listpaging::page(QStringLiteral("ListSipRules"), keys, query,
                                                   sma.isEmpty() ? QString() : QStringLiteral("sip-media-application=") + sma);
    if (!page.ok())
        return ApiAnswer::badRequest(page.issues);
    QJsonArray list;
    for (qsizetype i = page.value->begin; i < page.value->end; ++i)
        list << listed.at(i)->toJson();
    QJsonObject body{{QStringLiteral("SipRules"), list}};
    if (!page.value->nextToken.isEmpty())
        body.insert(QStringLiteral("NextToken"), page.value->nextToken);
    return ApiAnswer::ok(200, body);
}

} // namespace callconsole

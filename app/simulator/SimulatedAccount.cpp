#include "SimulatedAccount.h"

#include "ListPaging.h"
#include "PhoneNumberFilter.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QUuid>

namespace callconsole {

namespace {

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

// One page of a List* answer; NextToken only while entries remain, as AWS answers.
QJsonObject listJson(const QString &key, const QJsonArray &entries, const QString &nextToken)
{
    QJsonObject body{{key, entries}};
    if (!nextToken.isEmpty())
        body.insert(QStringLiteral("NextToken"), nextToken);
    return body;
}

ApiAnswer notFound(const QString &what, const QString &id)
{
    return ApiAnswer::error(404, QStringLiteral("NotFoundException"), QStringLiteral("%1 %2 not found").arg(what, id));
}

// Endpoints: exactly one {LambdaArn} whose ARN names a Lambda function (FunctionArn pattern).
ValidationIssues readEndpoints(const QJsonValue &value, QString &lambdaArn)
{
    static const QRegularExpression arn(QStringLiteral(
        "^arn:(aws[a-zA-Z-]*)?:lambda:[a-z]{2}((-gov)|(-iso(b?)))?-[a-z]+-\\d{1}:\\d{12}:function:[a-zA-Z0-9-_]+(:(\\$LATEST|[a-zA-Z0-9-_]+))?$"));
    const QJsonArray list = value.toArray();
    if (!value.isArray() || list.size() != 1)
        return {ValidationIssue::error(QStringLiteral("Endpoints"), {}, QStringLiteral("expected exactly one endpoint: [{\"LambdaArn\": \"arn:aws:lambda:…\"}]"))};
    lambdaArn = list.first().toObject().value(QStringLiteral("LambdaArn")).toString();
    if (!arn.match(lambdaArn).hasMatch())
        return {ValidationIssue::error(QStringLiteral("Endpoints[0].LambdaArn"), lambdaArn,
                                       QStringLiteral("expected a Lambda function ARN such as arn:aws:lambda:us-east-1:123456789012:function:my-handler"))};
    return {};
}

// "my-handler" from "arn:aws:lambda:us-east-1:123456789012:function:my-handler[:alias]".
QString functionName(const QString &arn)
{
    const qsizetype at = arn.indexOf(QLatin1String(":function:"));
    return at < 0 ? arn : arn.mid(at + 10).section(QLatin1Char(':'), 0, 0);
}

} // namespace

ApiAnswer ApiAnswer::badRequest(const ValidationIssues &issues)
{
    return error(400, QStringLiteral("BadRequestException"), errorMessages(issues).join(QStringLiteral("; ")));
}

SimulatedAccount::SimulatedAccount(const SimulatorConfig &config)
    : m_accountId(config.awsAccountId)
    , m_applications(config.applications)
    , m_sipRules(config.sipRules)
    , m_phoneNumbers(config.phoneNumbers)
    , m_voiceConnectors(config.voiceConnectors)
    , m_lambdaFunctions(config.lambdaFunctions)
{
    for (SimulatedSma &sma : m_applications) {
        if (sma.lambdaArn.isEmpty())
            sma.lambdaArn = config.lambdaArnOf(sma);
        if (sma.createdTimestamp.isEmpty())
            sma.createdTimestamp = sma.updatedTimestamp = simulatedTimestamp();
    }
}

const SimulatedSma *SimulatedAccount::application(const QString &id) const
{
    for (const SimulatedSma &sma : m_applications) {
        if (sma.id == id)
            return &sma;
    }
    return nullptr;
}

bool SimulatedAccount::hasPhoneNumber(const QString &e164) const
{
    return std::any_of(m_phoneNumbers.cbegin(), m_phoneNumbers.cend(),
                       [&](const SimulatedPhoneNumber &number) { return number.e164PhoneNumber == e164; });
}

SimulatedPhoneNumber *SimulatedAccount::phoneNumber(const QString &e164)
{
    for (SimulatedPhoneNumber &number : m_phoneNumbers) {
        if (number.e164PhoneNumber == e164)
            return &number;
    }
    return nullptr;
}

// ---- SIP media applications ----

QJsonObject SimulatedAccount::applicationJson(const SimulatedSma &sma) const
{
    return QJsonObject{{QStringLiteral("SipMediaApplicationId"), sma.id},
                       {QStringLiteral("AwsRegion"), sma.region},
                       {QStringLiteral("Name"), sma.name},
                       {QStringLiteral("Endpoints"), QJsonArray{QJsonObject{{QStringLiteral("LambdaArn"), sma.lambdaArn}}}},
                       {QStringLiteral("CreatedTimestamp"), sma.createdTimestamp},
                       {QStringLiteral("UpdatedTimestamp"), sma.updatedTimestamp},
                       {QStringLiteral("SipMediaApplicationArn"),
                        QStringLiteral("arn:aws:chime:%1:%2:sma/%3").arg(sma.region, m_accountId, sma.id)}};
}

ApiAnswer SimulatedAccount::createSipMediaApplication(const QJsonObject &body)
{
    ValidationIssues issues;
    SimulatedSma sma;
    sma.region = body.value(QStringLiteral("AwsRegion")).toString();
    if (sma.region.trimmed().isEmpty())
        issues << ValidationIssue::error(QStringLiteral("AwsRegion"), {}, QStringLiteral("missing: the region of the SIP media application, such as us-east-1"));
    issues << modelrules::validateName(QStringLiteral("Name"), body.value(QStringLiteral("Name")));
    sma.name = body.value(QStringLiteral("Name")).toString();
    issues << readEndpoints(body.value(QStringLiteral("Endpoints")), sma.lambdaArn);
    if (hasErrors(issues))
        return ApiAnswer::badRequest(issues);
    for (const SimulatedSma &existing : std::as_const(m_applications)) {
        if (existing.name == sma.name)
            return ApiAnswer::error(409, QStringLiteral("ConflictException"),
                                    QStringLiteral("Name: '%1' is already the name of SIP media application %2").arg(sma.name, existing.id));
    }
    sma.id = newId();
    sma.createdTimestamp = sma.updatedTimestamp = modelrules::now();
    m_applications << sma;
    return ApiAnswer::ok(201, {{QStringLiteral("SipMediaApplication"), applicationJson(sma)}});
}

ApiAnswer SimulatedAccount::getSipMediaApplication(const QString &id) const
{
    const SimulatedSma *sma = application(id);
    if (!sma)
        return notFound(QStringLiteral("SIP media application"), id);
    return ApiAnswer::ok(200, {{QStringLiteral("SipMediaApplication"), applicationJson(*sma)}});
}

ApiAnswer SimulatedAccount::updateSipMediaApplication(const QString &id, const QJsonObject &body)
{
    auto it = std::find_if(m_applications.begin(), m_applications.end(), [&](const SimulatedSma &sma) { return sma.id == id; });
    if (it == m_applications.end())
        return notFound(QStringLiteral("SIP media application"), id);
    ValidationIssues issues;
    SimulatedSma updated = *it;
    if (body.contains(QStringLiteral("Name"))) {
        issues << modelrules::validateName(QStringLiteral("Name"), body.value(QStringLiteral("Name")));
        updated.name = body.value(QStringLiteral("Name")).toString();
    }
    if (body.contains(QStringLiteral("Endpoints")))
        issues << readEndpoints(body.value(QStringLiteral("Endpoints")), updated.lambdaArn);
    if (hasErrors(issues))
        return ApiAnswer::badRequest(issues);
    updated.updatedTimestamp = modelrules::now();
    *it = updated;
    return ApiAnswer::ok(200, {{QStringLiteral("SipMediaApplication"), applicationJson(updated)}});
}

ApiAnswer SimulatedAccount::deleteSipMediaApplication(const QString &id)
{
    if (!application(id))
        return notFound(QStringLiteral("SIP media application"), id);
    for (const SimulatedSipRule &rule : std::as_const(m_sipRules)) {
        const bool targets = std::any_of(rule.targets.cbegin(), rule.targets.cend(),
                                         [&](const SipRuleTarget &target) { return target.sipMediaApplicationId == id; });
        if (targets && !rule.disabled)
            return ApiAnswer::error(409, QStringLiteral("ConflictException"),
                                    QStringLiteral("SIP media application %1 is a target of SIP rule %2 (%3), which is enabled: "
                                                   "disable that rule first (UpdateSipRule with Disabled true)").arg(id, rule.id, rule.name));
    }
    m_applications.erase(std::remove_if(m_applications.begin(), m_applications.end(), [&](const SimulatedSma &sma) { return sma.id == id; }),
                         m_applications.end());
    return ApiAnswer::ok(204);
}

ApiAnswer SimulatedAccount::listSipMediaApplications(const QUrlQuery &query) const
{
    QStringList ids;
    for (const SimulatedSma &sma : m_applications)
        ids << sma.id;
    const Parsed<ListPage> page = listpaging::page(QStringLiteral("ListSipMediaApplications"), ids, query);
    if (!page.ok())
        return ApiAnswer::badRequest(page.issues);
    QJsonArray list;
    for (qsizetype i = page.value->begin; i < page.value->end; ++i)
        list << applicationJson(m_applications.at(i));
    return ApiAnswer::ok(200, listJson(QStringLiteral("SipMediaApplications"), list, page.value->nextToken));
}

ApiAnswer SimulatedAccount::getLoggingConfiguration(const QString &id) const
{
    const SimulatedSma *sma = application(id);
    if (!sma)
        return notFound(QStringLiteral("SIP media application"), id);
    return ApiAnswer::ok(200, {{QStringLiteral("SipMediaApplicationLoggingConfiguration"),
                                QJsonObject{{QStringLiteral("EnableSipMediaApplicationMessageLogs"), sma->messageLogsEnabled}}}});
}

ApiAnswer SimulatedAccount::putLoggingConfiguration(const QString &id, const QJsonObject &body)
{
    auto it = std::find_if(m_applications.begin(), m_applications.end(), [&](const SimulatedSma &sma) { return sma.id == id; });
    if (it == m_applications.end())
        return notFound(QStringLiteral("SIP media application"), id);
    const QJsonValue enable = body.value(QStringLiteral("SipMediaApplicationLoggingConfiguration"))
                                  .toObject().value(QStringLiteral("EnableSipMediaApplicationMessageLogs"));
    if (!enable.isUndefined() && !enable.isBool())
        return ApiAnswer::badRequest({ValidationIssue::error(
            QStringLiteral("SipMediaApplicationLoggingConfiguration.EnableSipMediaApplicationMessageLogs"),
            enable.toVariant().toString(), QStringLiteral("expected true or false"))});
    it->messageLogsEnabled = enable.toBool(false);
    return getLoggingConfiguration(id);
}

// ---- phone numbers and Voice Connectors ----

QJsonObject SimulatedAccount::phoneNumberJson(const SimulatedPhoneNumber &number) const
{
    QJsonArray associations;
    for (const PhoneNumberAssociation &association : number.associations) {
        associations << QJsonObject{{QStringLiteral("Value"), association.value},
                                    {QStringLiteral("Name"), association.name},
                                    {QStringLiteral("AssociatedTimestamp"), simulatedTimestamp()}};
    }
    const bool dialIn = number.productType == QLatin1String("SipMediaApplicationDialIn");
    return QJsonObject{{QStringLiteral("PhoneNumberId"), number.e164PhoneNumber},
                       {QStringLiteral("E164PhoneNumber"), number.e164PhoneNumber},
                       {QStringLiteral("PhoneNumberArn"),
                        QStringLiteral("arn:aws:chime:us-east-1:%1:phone-number/%2").arg(m_accountId, number.e164PhoneNumber)},
                       {QStringLiteral("Country"), number.country},
                       {QStringLiteral("Type"), number.type},
                       {QStringLiteral("ProductType"), number.productType},
                       {QStringLiteral("Status"), number.status},
                       {QStringLiteral("Capabilities"), QJsonObject{{QStringLiteral("InboundCall"), true},
                                                                    {QStringLiteral("OutboundCall"), true},
                                                                    {QStringLiteral("InboundSMS"), !dialIn},
                                                                    {QStringLiteral("OutboundSMS"), !dialIn},
                                                                    {QStringLiteral("InboundMMS"), false},
                                                                    {QStringLiteral("OutboundMMS"), false}}},
                       {QStringLiteral("Associations"), associations},
                       {QStringLiteral("CreatedTimestamp"), simulatedTimestamp()},
                       {QStringLiteral("UpdatedTimestamp"), simulatedTimestamp()}};
}

ApiAnswer SimulatedAccount::getPhoneNumber(const QString &id) const
{
    for (const SimulatedPhoneNumber &number : m_phoneNumbers) {
        if (number.e164PhoneNumber == id)
            return ApiAnswer::ok(200, {{QStringLiteral("PhoneNumber"), phoneNumberJson(number)}});
    }
    return notFound(QStringLiteral("Phone number"), id);
}

ApiAnswer SimulatedAccount::listPhoneNumbers(const QUrlQuery &query) const
{
    const Parsed<PhoneNumberFilter> filter = PhoneNumberFilter::fromQuery(query);
    if (!filter.ok()) {
        // Without valid filters there is no listing to check a token against; MaxResults still is.
        return ApiAnswer::badRequest(filter.issues + listpaging::maxResults(query).issues);
    }
    // Filtered first, then paged: pages and tokens count the numbers the filters let through.
    QList<const SimulatedPhoneNumber *> listed;
    QStringList keys;
    for (const SimulatedPhoneNumber &number : m_phoneNumbers) {
        if (filter.value->matches(number)) {
            listed << &number;
            keys << number.e164PhoneNumber;
        }
    }
    const Parsed<ListPage> page = listpaging::page(QStringLiteral("ListPhoneNumbers"), keys, query, filter.value->selection());
    if (!page.ok())
        return ApiAnswer::badRequest(page.issues);
    QJsonArray numbers;
    for (qsizetype i = page.value->begin; i < page.value->end; ++i)
        numbers << phoneNumberJson(*listed.at(i));
    return ApiAnswer::ok(200, listJson(QStringLiteral("PhoneNumbers"), numbers, page.value->nextToken));
}

QList<SimulatedVoiceConnector> SimulatedAccount::voiceConnectors() const
{
    // The configured ones, then every Voice Connector a number is associated with but the
    // config does not describe, so that each association resolves.
    QList<SimulatedVoiceConnector> connectors = m_voiceConnectors;
    for (const SimulatedPhoneNumber &number : m_phoneNumbers) {
        for (const PhoneNumberAssociation &association : number.associations) {
            const bool known = std::any_of(connectors.cbegin(), connectors.cend(),
                                           [&](const SimulatedVoiceConnector &c) { return c.id == association.value; });
            if (association.name == QLatin1String("VoiceConnectorId") && !known)
                connectors << SimulatedVoiceConnector{association.value, QStringLiteral("voice-connector-%1").arg(connectors.size() + 1),
                                                      QStringLiteral("us-east-1"), true};
        }
    }
    return connectors;
}

namespace {

QJsonObject voiceConnectorJson(const SimulatedVoiceConnector &connector, const QString &accountId)
{
    return QJsonObject{{QStringLiteral("VoiceConnectorId"), connector.id},
                       {QStringLiteral("AwsRegion"), connector.region},
                       {QStringLiteral("Name"), connector.name},
                       {QStringLiteral("OutboundHostName"), QStringLiteral("%1.voiceconnector.chime.aws").arg(connector.id)},
                       {QStringLiteral("RequireEncryption"), connector.requireEncryption},
                       {QStringLiteral("CreatedTimestamp"), simulatedTimestamp()},
                       {QStringLiteral("UpdatedTimestamp"), simulatedTimestamp()},
                       {QStringLiteral("VoiceConnectorArn"),
                        QStringLiteral("arn:aws:chime:%1:%2:vc/%3").arg(connector.region, accountId, connector.id)},
                       {QStringLiteral("NetworkType"), QStringLiteral("IPV4_ONLY")}};
}

} // namespace

ApiAnswer SimulatedAccount::getVoiceConnector(const QString &id) const
{
    for (const SimulatedVoiceConnector &connector : voiceConnectors()) {
        if (connector.id == id)
            return ApiAnswer::ok(200, {{QStringLiteral("VoiceConnector"), voiceConnectorJson(connector, m_accountId)}});
    }
    return notFound(QStringLiteral("Voice Connector"), id);
}

ApiAnswer SimulatedAccount::listVoiceConnectors(const QUrlQuery &query) const
{
    const QList<SimulatedVoiceConnector> connectors = voiceConnectors();
    QStringList ids;
    for (const SimulatedVoiceConnector &connector : connectors)
        ids << connector.id;
    const Parsed<ListPage> page = listpaging::page(QStringLiteral("ListVoiceConnectors"), ids, query);
    if (!page.ok())
        return ApiAnswer::badRequest(page.issues);
    QJsonArray list;
    for (qsizetype i = page.value->begin; i < page.value->end; ++i)
        list << voiceConnectorJson(connectors.at(i), m_accountId);
    return ApiAnswer::ok(200, listJson(QStringLiteral("VoiceConnectors"), list, page.value->nextToken));
}

// ---- where calls go ----

QUrl SimulatedAccount::endpointFor(const SimulatedSma &sma, const QUrl &fallback) const
{
    if (const auto it = m_lambdaFunctions.constFind(sma.lambdaArn); it != m_lambdaFunctions.cend())
        return *it;
    if (const auto it = m_lambdaFunctions.constFind(functionName(sma.lambdaArn)); it != m_lambdaFunctions.cend())
        return *it;
    return sma.endpointUrl.isEmpty() ? fallback : sma.endpointUrl;
}

std::variant<InboundRoute, ApiAnswer> SimulatedAccount::route(const QString &dialledNumber) const
{
    const auto conflict = [](const QString &message) { return ApiAnswer::error(409, QStringLiteral("ConflictException"), message); };
    const SimulatedPhoneNumber *number = nullptr;
    for (const SimulatedPhoneNumber &candidate : m_phoneNumbers) {
        if (candidate.e164PhoneNumber == dialledNumber)
            number = &candidate;
    }
    if (!number)
        return ApiAnswer::error(404, QStringLiteral("NotFoundException"),
                                QStringLiteral("ToPhoneNumber %1 is not a phone number of the simulated account (see ListPhoneNumbers)").arg(dialledNumber));
    if (number->status != QLatin1String("Assigned"))
        return conflict(QStringLiteral("ToPhoneNumber %1 is %2, not Assigned: it takes no calls").arg(dialledNumber, number->status));
    QStringList disabled;
    for (const PhoneNumberAssociation &association : number->associations) {
        if (association.name != QLatin1String("SipRuleId"))
            continue;
        for (const SimulatedSipRule &rule : m_sipRules) {
            if (rule.id != association.value)
                continue;
            if (rule.disabled) {
                disabled << rule.id;
                continue;
            }
            for (const SipRuleTarget &target : rule.targetsInPriorityOrder()) {
                if (const SimulatedSma *sma = application(target.sipMediaApplicationId))
                    return InboundRoute{rule, *sma};
            }
            return conflict(QStringLiteral("SIP rule %1 routes ToPhoneNumber %2, but none of its target applications exists").arg(rule.id, dialledNumber));
        }
    }
    if (!disabled.isEmpty())
        return conflict(QStringLiteral("ToPhoneNumber %1 is on SIP rule %2, which is disabled").arg(dialledNumber, disabled.join(QStringLiteral(", "))));
    return conflict(QStringLiteral("ToPhoneNumber %1 is not the trigger of any SIP rule: create one (CreateSipRule with TriggerType ToPhoneNumber, "
                                   "TriggerValue %1)").arg(dialledNumber));
}

} // namespace callconsole

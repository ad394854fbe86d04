#include "CallRequest.h"

#include "PhoneNumberAdvisor.h"

#include <QJsonValue>
#include <QRegularExpression>
#include <QSet>
#include <QUrl>

namespace callconsole {

namespace callrules {

QString rowField(const QString &map, int row, bool key)
{
    return QStringLiteral("%1[%2].%3").arg(map).arg(row).arg(key ? QStringLiteral("key") : QStringLiteral("value"));
}

ValidationIssues validateNonEmptyId(const QString &field, const QString &value)
{
    // The model's NonEmptyString pattern `.*\S.*`: at least one non-space character.
    static const QRegularExpression nonEmpty(QStringLiteral("\\S"));
    if (value.isEmpty())
        return {ValidationIssue::error(field, {}, QStringLiteral("required"))};
    if (!nonEmpty.match(value).hasMatch())
        return {ValidationIssue::error(field, value, QStringLiteral("must contain a non-space character"))};
    return {};
}

ValidationIssues validatePhoneNumber(const QString &field, const QString &value, const QString &defaultRegion)
{
    static const QRegularExpression e164(QStringLiteral("^\\+?[1-9]\\d{1,14}$"));
    if (value.isEmpty())
        return {ValidationIssue::error(field, {}, QStringLiteral("required"))};
    if (e164.match(value).hasMatch())
        return PhoneNumberAdvisor::warningsFor(field, value, defaultRegion);

    // Say which part of the pattern broke, then what libphonenumber thinks was meant.
    QString rule;
    const QString digits = value.startsWith(QLatin1Char('+')) ? value.mid(1) : value;
    static const QRegularExpression onlyDigits(QStringLiteral("^\\d*$"));
    if (!onlyDigits.match(digits).hasMatch())
        rule = QStringLiteral("only digits after an optional leading + (no spaces, dashes or brackets)");
    else if (digits.isEmpty())
        rule = QStringLiteral("digits are missing after +");
    else if (digits.startsWith(QLatin1Char('0')))
        rule = QStringLiteral("E.164 numbers start with + and a digit 1-9 (no trunk prefix 0)");
    else if (digits.size() > 15)
        rule = QStringLiteral("E.164 numbers have at most 15 digits, this has %1").arg(digits.size());
    else
        rule = QStringLiteral("E.164 numbers have at least 2 digits");
    const QString suggestion = PhoneNumberAdvisor::suggestion(value, defaultRegion);
    if (!suggestion.isEmpty() && suggestion != value)
        rule += QStringLiteral(" — did you mean %1?").arg(suggestion);
    return {ValidationIssue::error(field, value, rule, QStringLiteral("BadRequestException"))};
}

namespace {

// Shared map rules: entry count, empty and duplicate keys, per row.
ValidationIssues validateMap(const QString &field, const KeyValueList &rows)
{
    ValidationIssues issues;
    if (rows.size() > maxMapEntries) {
        issues << ValidationIssue::error(field, QString::number(rows.size()),
                                         QStringLiteral("at most %1 entries").arg(maxMapEntries));
    }
    QSet<QString> seen;
    for (int row = 0; row < rows.size(); ++row) {
        const QString &key = rows.at(row).key;
        if (key.isEmpty()) {
            issues << ValidationIssue::error(rowField(field, row, true), {}, QStringLiteral("key is required"));
        } else if (seen.contains(key)) {
            issues << ValidationIssue::error(rowField(field, row, true), key,
                                             QStringLiteral("duplicate key: a map holds each key once"));
        }
        seen.insert(key);
    }
    return issues;
}

bool isAllowedHeaderName(const QString &name)
{
    return name.startsWith(QLatin1String("x-"), Qt::CaseInsensitive)
        || name.compare(QLatin1String("User-to-User"), Qt::CaseInsensitive) == 0
        || name.compare(QLatin1String("Diversion"), Qt::CaseInsensitive) == 0;
}

} // namespace

ValidationIssues validateSipHeaders(const KeyValueList &headers)
{
    ValidationIssues issues = validateMap(sipHeaders(), headers);
    for (int row = 0; row < headers.size(); ++row) {
        const KeyValue &header = headers.at(row);
        if (header.key.isEmpty())
            continue;
        if (header.key.startsWith(QLatin1String("X-AMZN"), Qt::CaseInsensitive)) {
            issues << ValidationIssue::error(rowField(sipHeaders(), row, true), header.key,
                                             QStringLiteral("X-AMZN headers are reserved by the service (the call fails)"));
        } else if (!isAllowedHeaderName(header.key)) {
            issues << ValidationIssue::error(rowField(sipHeaders(), row, true), header.key,
                                             QStringLiteral("custom headers start with x- or are User-to-User or Diversion"));
        }
        if (header.value.size() > maxSipHeaderValueLength) {
            issues << ValidationIssue::error(rowField(sipHeaders(), row, false), header.value,
                                             QStringLiteral("at most %1 characters, this has %2")
                                                 .arg(maxSipHeaderValueLength).arg(header.value.size()));
        }
    }
    return issues;
}

ValidationIssues validateArguments(const QString &field, const KeyValueList &arguments)
{
    return validateMap(field, arguments);
}

} // namespace callrules

namespace {

QJsonObject toObject(const KeyValueList &rows)
{
    QJsonObject object;
    for (const auto &row : rows)
        object.insert(row.key, row.value);
    return object;
}

// A map member of a REST body: an object of strings, or absent.
KeyValueList readMap(const QJsonObject &body, const QString &member, ValidationIssues &issues)
{
    KeyValueList rows;
    const QJsonValue value = body.value(member);
    if (value.isUndefined() || value.isNull())
        return rows;
    if (!value.isObject()) {
        issues << ValidationIssue::error(member, {}, QStringLiteral("expected an object of strings"));
        return rows;
    }
    const QJsonObject object = value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!it.value().isString()) {
            issues << ValidationIssue::error(QStringLiteral("%1.%2").arg(member, it.key()), {},
                                             QStringLiteral("expected a string value"));
            continue;
        }
        rows << KeyValue{it.key(), it.value().toString()};
    }
    return rows;
}

QString stringMember(const QJsonObject &body, const QString &member, ValidationIssues &issues)
{
    const QJsonValue value = body.value(member);
    if (value.isUndefined() || value.isNull())
        return {};
    if (!value.isString()) {
        issues << ValidationIssue::error(member, {}, QStringLiteral("expected a string"));
        return {};
    }
    return value.toString();
}

QString encoded(const QString &segment)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(segment));
}

} // namespace

ValidationIssues CreateCallRequest::validate(const QString &defaultRegion) const
{
    ValidationIssues issues;
    issues << callrules::validateNonEmptyId(callrules::sipMediaApplicationId(), sipMediaApplicationId);
    issues << callrules::validatePhoneNumber(callrules::fromPhoneNumber(), fromPhoneNumber, defaultRegion);
    issues << callrules::validatePhoneNumber(callrules::toPhoneNumber(), toPhoneNumber, defaultRegion);
    issues << callrules::validateSipHeaders(sipHeaders);
    if (!sipHeaders.isEmpty()) {
        issues << ValidationIssue::warning(
            callrules::sipHeaders(), {},
            QStringLiteral("SIP headers go on the outbound INVITE only; the SMA handler does not see them "
                           "— pass context to it in ArgumentsMap"));
    }
    issues << callrules::validateArguments(callrules::argumentsMap(), argumentsMap);
    return issues;
}

QString CreateCallRequest::path() const
{
    return QStringLiteral("/sip-media-applications/%1/calls").arg(encoded(sipMediaApplicationId));
}

QJsonObject CreateCallRequest::toJson() const
{
    QJsonObject body{{QStringLiteral("FromPhoneNumber"), fromPhoneNumber},
                     {QStringLiteral("ToPhoneNumber"), toPhoneNumber}};
    if (!sipHeaders.isEmpty())
        body.insert(QStringLiteral("SipHeaders"), toObject(sipHeaders));
    if (!argumentsMap.isEmpty())
        body.insert(QStringLiteral("ArgumentsMap"), toObject(argumentsMap));
    return body;
}

Parsed<CreateCallRequest> CreateCallRequest::fromJson(const QString &sipMediaApplicationId, const QJsonObject &body)
{
    Parsed<CreateCallRequest> parsed;
    CreateCallRequest request;
    request.sipMediaApplicationId = sipMediaApplicationId;
    request.fromPhoneNumber = stringMember(body, QStringLiteral("FromPhoneNumber"), parsed.issues);
    request.toPhoneNumber = stringMember(body, QStringLiteral("ToPhoneNumber"), parsed.issues);
    request.sipHeaders = readMap(body, QStringLiteral("SipHeaders"), parsed.issues);
    request.argumentsMap = readMap(body, QStringLiteral("ArgumentsMap"), parsed.issues);
    parsed.value = request;
    return parsed;
}

ValidationIssues UpdateCallRequest::validate() const
{
    ValidationIssues issues;
    issues << callrules::validateNonEmptyId(callrules::sipMediaApplicationId(), sipMediaApplicationId);
    issues << callrules::validateNonEmptyId(callrules::transactionId(), transactionId);
    issues << callrules::validateArguments(callrules::arguments(), arguments);
    return issues;
}

QString UpdateCallRequest::path() const
{
    return QStringLiteral("/sip-media-applications/%1/calls/%2").arg(encoded(sipMediaApplicationId), encoded(transactionId));
}

QJsonObject UpdateCallRequest::toJson() const
{
    // Arguments is required by the model, so an empty map is still sent.
    return QJsonObject{{QStringLiteral("Arguments"), toObject(arguments)}};
}

Parsed<UpdateCallRequest> UpdateCallRequest::fromJson(const QString &sipMediaApplicationId,
                                                      const QString &transactionId, const QJsonObject &body)
{
    Parsed<UpdateCallRequest> parsed;
    UpdateCallRequest request{sipMediaApplicationId, transactionId, {}};
    if (!body.contains(QStringLiteral("Arguments")))
        parsed.issues << ValidationIssue::error(QStringLiteral("Arguments"), {}, QStringLiteral("required"));
    request.arguments = readMap(body, QStringLiteral("Arguments"), parsed.issues);
    parsed.value = request;
    return parsed;
}

std::optional<KeyValue> keyValueFromArgument(const QString &text)
{
    const int equals = text.indexOf(QLatin1Char('='));
    if (equals <= 0)
        return std::nullopt;
    return KeyValue{text.left(equals), text.mid(equals + 1)};
}

} // namespace callconsole

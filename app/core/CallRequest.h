// The inputs of CreateSipMediaApplicationCall and UpdateSipMediaApplicationCall, validated field
// by field with the API's exact rules (botocore model) plus advice from libphonenumber. The form
// validates on every keystroke, the CLI before sending, the simulator on receipt: one rule set.
#pragma once

#include "ValidationIssue.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace callconsole {

// A map as the user edits it: ordered rows, so an empty or duplicate key can be named by row.
struct KeyValue
{
    QString key;
    QString value;
    friend bool operator==(const KeyValue &a, const KeyValue &b) { return a.key == b.key && a.value == b.value; }
};
using KeyValueList = QList<KeyValue>;

namespace callrules {
constexpr int maxMapEntries = 20;          // SipHeaders, ArgumentsMap, Arguments (model)
constexpr int maxSipHeaderValueLength = 2048;

// Field names, exactly as the API names them; the form maps them to its widgets.
inline QString sipMediaApplicationId() { return QStringLiteral("SipMediaApplicationId"); }
inline QString fromPhoneNumber() { return QStringLiteral("FromPhoneNumber"); }
inline QString toPhoneNumber() { return QStringLiteral("ToPhoneNumber"); }
inline QString sipHeaders() { return QStringLiteral("SipHeaders"); }
inline QString argumentsMap() { return QStringLiteral("ArgumentsMap"); }
inline QString arguments() { return QStringLiteral("Arguments"); }
inline QString transactionId() { return QStringLiteral("TransactionId"); }

// "SipHeaders[3].key"
QString rowField(const QString &map, int row, bool key);

// Single-field rules, usable on their own (the form checks one field per keystroke).
ValidationIssues validateNonEmptyId(const QString &field, const QString &value);
ValidationIssues validatePhoneNumber(const QString &field, const QString &value,
                                     const QString &defaultRegion = QStringLiteral("US"));
ValidationIssues validateSipHeaders(const KeyValueList &headers);
ValidationIssues validateArguments(const QString &field, const KeyValueList &arguments);
} // namespace callrules

struct CreateCallRequest
{
    QString sipMediaApplicationId;
    QString fromPhoneNumber;
    QString toPhoneNumber;
    KeyValueList sipHeaders;
    KeyValueList argumentsMap;

    // Errors block sending; warnings advise. Every issue's path is a field name of callrules.
    ValidationIssues validate(const QString &defaultRegion = QStringLiteral("US")) const;

    QString path() const;          // "/sip-media-applications/{id}/calls", id percent-encoded
    QJsonObject toJson() const;    // the REST body (the id travels in the path)
    // Reads a REST body as the API receives it; structural errors name the member.
    static Parsed<CreateCallRequest> fromJson(const QString &sipMediaApplicationId, const QJsonObject &body);
};

struct UpdateCallRequest
{
    QString sipMediaApplicationId;
    QString transactionId;
    KeyValueList arguments;

    ValidationIssues validate() const;

    QString path() const;          // "/sip-media-applications/{id}/calls/{transactionId}"
    QJsonObject toJson() const;
    static Parsed<UpdateCallRequest> fromJson(const QString &sipMediaApplicationId,
                                              const QString &transactionId, const QJsonObject &body);
};

// Parses "K=V" command-line pairs; the first '=' separates key and value.
std::optional<KeyValue> keyValueFromArgument(const QString &text);

} // namespace callconsole

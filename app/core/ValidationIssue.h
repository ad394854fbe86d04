// A finding about one piece of input: where it is, what it was, and which rule it broke.
// Every parser and validator in Call Console reports through this one value type so that the
// CLI, the endpoint's 400 bodies and the form's per-field messages all read the same way.
#pragma once

#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

namespace callconsole {

struct ValidationIssue
{
    enum class Severity { Error, Warning };

    QString path;      // JSON path or form field: "CallDetails.Participants[0].CallId", "ToPhoneNumber"
    QString value;     // the offending value as the user wrote it (may be empty when missing)
    QString rule;      // what was expected, in words a person can act on
    Severity severity = Severity::Error;
    QString code;      // machine-readable category, e.g. AWS's INVALID_LAMBDA_RESPONSE ErrorType

    bool isError() const { return severity == Severity::Error; }

    // "path: 'value' — rule" (value omitted when empty), the one format every surface prints.
    QString message() const;

    static ValidationIssue error(QString path, QString value, QString rule, QString code = {});
    static ValidationIssue warning(QString path, QString value, QString rule, QString code = {});

    friend bool operator==(const ValidationIssue &a, const ValidationIssue &b)
    {
        return a.path == b.path && a.value == b.value && a.rule == b.rule
            && a.severity == b.severity && a.code == b.code;
    }
};

using ValidationIssues = QList<ValidationIssue>;

bool hasErrors(const ValidationIssues &issues);
QStringList messages(const ValidationIssues &issues);
QStringList errorMessages(const ValidationIssues &issues); // errors only, warnings left out

// The result of parsing untrusted bytes: a value when nothing blocks it, and every issue found.
template<typename T>
struct Parsed
{
    std::optional<T> value;
    ValidationIssues issues;

    bool ok() const { return value.has_value() && !hasErrors(issues); }
};

} // namespace callconsole

Q_DECLARE_METATYPE(callconsole::ValidationIssue)

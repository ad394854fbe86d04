#include "ValidationIssue.h"

#include <QStringList>

#include <algorithm>

namespace callconsole {

QString ValidationIssue::message() const
{
    if (value.isEmpty())
        return QStringLiteral("%1: %2").arg(path, rule);
    QString shown = value;
    constexpr int maxShown = 80; // a multi-kilobyte value would drown the rule it broke
    if (shown.size() > maxShown)
        shown = shown.left(maxShown) + QStringLiteral("…");
    return QStringLiteral("%1: '%2' — %3").arg(path, shown, rule);
}

ValidationIssue ValidationIssue::error(QString path, QString value, QString rule, QString code)
{
    return {std::move(path), std::move(value), std::move(rule), Severity::Error, std::move(code)};
}

ValidationIssue ValidationIssue::warning(QString path, QString value, QString rule, QString code)
{
    return {std::move(path), std::move(value), std::move(rule), Severity::Warning, std::move(code)};
}

bool hasErrors(const ValidationIssues &issues)
{
    return std::any_of(issues.cbegin(), issues.cend(),
                       [](const ValidationIssue &i) { return i.isError(); });
}

QStringList messages(const ValidationIssues &issues)
{
    QStringList out;
    out.reserve(issues.size());
    for (const auto &i : issues)
        out << i.message();
    return out;
}

QStringList errorMessages(const ValidationIssues &issues)
{
    QStringList out;
    for (const auto &i : issues) {
        if (i.isError())
            out << i.message();
    }
    return out;
}

} // namespace callconsole

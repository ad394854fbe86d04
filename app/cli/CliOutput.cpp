#include "CliOutput.h"

#include <QJsonDocument>

#include <cstdio>

namespace callconsole::cli {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

int fail(const QString &command, const QString &reason, int exitCode)
{
    out().flush();
    err() << "callconsole" << (command.isEmpty() ? QString() : QLatin1Char(' ') + command) << ": " << reason << Qt::endl;
    return exitCode;
}

void printJson(const QJsonObject &document)
{
    out() << QJsonDocument(document).toJson(QJsonDocument::Indented);
    out().flush();
}

QJsonArray issuesJson(const ValidationIssues &issues)
{
    QJsonArray array;
    for (const ValidationIssue &issue : issues) {
        QJsonObject entry{{QStringLiteral("severity"), issue.isError() ? QStringLiteral("error") : QStringLiteral("warning")},
                          {QStringLiteral("path"), issue.path},
                          {QStringLiteral("value"), issue.value},
                          {QStringLiteral("rule"), issue.rule},
                          {QStringLiteral("message"), issue.message()}};
        if (!issue.code.isEmpty())
            entry.insert(QStringLiteral("code"), issue.code);
        array.append(entry);
    }
    return array;
}

} // namespace callconsole::cli

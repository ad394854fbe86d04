// Where headless commands write: stdout for results, stderr for one-line reasons.
#pragma once

#include "ValidationIssue.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QTextStream>

namespace callconsole::cli {

QTextStream &out();
QTextStream &err();

// Prints "callconsole COMMAND: reason" ("callconsole: reason" without a command) to stderr and returns the exit code to use.
int fail(const QString &command, const QString &reason, int exitCode = 2);

// --json: one indented document on stdout.
void printJson(const QJsonObject &document);
// [{"severity": "error"|"warning", "path", "value", "rule", "code", "message"}]
QJsonArray issuesJson(const ValidationIssues &issues);

} // namespace callconsole::cli

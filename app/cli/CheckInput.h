// What check-event and check-actions share: reading FILE or "-" (stdin), printing each
// file's findings one per line prefixed with the file, and the 0/1/2 exit-code contract.
#pragma once

#include "ValidationIssue.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace callconsole::cli {

struct CheckOptions
{
    bool strict = false;  // warnings make a file invalid too
    bool quiet = false;   // print errors only
    // One document instead of lines: {"valid": bool, "files": [{"file", "valid", "issues": […]}
    // or {"file", "error"} for one that could not be read]}.
    bool json = false;
};

// Validates every file with check; returns 0 if all are valid, 1 if any is invalid, 2 if any
// could not be read (the others are still checked).
int checkFiles(const QString &command, const QStringList &files, const CheckOptions &options,
               const std::function<ValidationIssues(const QByteArray &)> &check);

} // namespace callconsole::cli

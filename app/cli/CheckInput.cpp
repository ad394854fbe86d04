#include "CheckInput.h"

#include "CliOutput.h"

#include <QFile>

namespace callconsole::cli {

namespace {

// An event or a reply is kilobytes; anything this large is the wrong file.
constexpr qint64 maxInputBytes = 64 * 1024 * 1024;

std::optional<QByteArray> readInput(const QString &name, QString *reason)
{
    QFile file;
    const bool isStdin = name == QLatin1String("-");
    if (isStdin) {
        if (!file.open(stdin, QIODevice::ReadOnly)) {
            *reason = QStringLiteral("cannot read standard input");
            return std::nullopt;
        }
    } else {
        file.setFileName(name);
        if (!file.open(QIODevice::ReadOnly)) {
            *reason = QStringLiteral("cannot read %1: %2").arg(name, file.errorString());
            return std::nullopt;
        }
    }
    const QByteArray bytes = file.read(maxInputBytes + 1);
    if (bytes.size() > maxInputBytes) {
        *reason = QStringLiteral("%1: larger than %2 MB; not an SMA event or reply")
                      .arg(isStdin ? QStringLiteral("stdin") : name).arg(maxInputBytes / (1024 * 1024));
        return std::nullopt;
    }
    return bytes;
}

} // namespace

int checkFiles(const QString &command, const QStringList &files, const CheckOptions &options,
               const std::function<ValidationIssues(const QByteArray &)> &check)
{
    bool unreadable = false;
    bool invalid = false;
    QJsonArray results;
    for (const auto &name : files) {
        QString reason;
        const auto bytes = readInput(name, &reason);
        const QString shownName = name == QLatin1String("-") ? QStringLiteral("stdin") : name;
        if (!bytes) {
            fail(command, reason, 2);
            results.append(QJsonObject{{QStringLiteral("file"), shownName}, {QStringLiteral("error"), reason}});
            unreadable = true;
            continue;
        }
        ValidationIssues issues = check(*bytes);
        const bool valid = !hasErrors(issues) && !(options.strict && !issues.isEmpty());
        invalid = invalid || !valid;
        if (options.json) {
            if (options.quiet)
                issues.removeIf([](const ValidationIssue &issue) { return !issue.isError(); });
            results.append(QJsonObject{{QStringLiteral("file"), shownName},
                                       {QStringLiteral("valid"), valid},
                                       {QStringLiteral("issues"), issuesJson(issues)}});
            continue;
        }
        if (valid)
            out() << shownName << ": OK\n";
        for (const auto &issue : issues) {
            if (!issue.isError() && options.quiet)
                continue;
            out() << shownName << ": " << (issue.isError() ? "error: " : "warning: ") << issue.message();
            if (!issue.code.isEmpty())
                out() << " [" << issue.code << "]";
            out() << "\n";
        }
        out().flush();
    }
    if (options.json)
        printJson({{QStringLiteral("valid"), !invalid && !unreadable}, {QStringLiteral("files"), results}});
    if (unreadable)
        return 2;
    return invalid ? 1 : 0;
}

} // namespace callconsole::cli

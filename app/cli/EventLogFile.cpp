#include "EventLogFile.h"

#include "CliOutput.h"

#include <QFile>

namespace callconsole::cli {

EventLogReadResult readEventLog(const QString &path, const std::function<void(int lineNumber, EventLogLine &&line)> &onLine)
{
    EventLogReadResult result;
    QFile file(path);
    const bool opened = path == QLatin1String("-") ? file.open(stdin, QIODevice::ReadOnly)
                                                   : file.open(QIODevice::ReadOnly);
    if (!opened) {
        result.error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return result;
    }
    int lineNumber = 0;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        ++lineNumber;
        if (line.isEmpty())
            continue;
        Parsed<EventLogLine> parsed = parseEventLogLine(line);
        if (!parsed.ok()) {
            ++result.rejected;
            for (const ValidationIssue &issue : std::as_const(parsed.issues)) {
                if (issue.isError())
                    err() << path << ":" << lineNumber << ": " << issue.message() << "\n";
            }
            continue;
        }
        onLine(lineNumber, std::move(*parsed.value));
    }
    err().flush();
    return result;
}

} // namespace callconsole::cli

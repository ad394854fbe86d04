#include "CliOutput.h"

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

} // namespace callconsole::cli

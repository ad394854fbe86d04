// callconsole export SESSION : a session's transactions (the `analyze --json` shape) with every
// raw delivery and reply, or its events as .jsonl that `analyze` and `replay` read back.
#include "CliOutput.h"
#include "SessionExport.h"
#include "SessionStore.h"

#include <QFile>

namespace callconsole::cli {

namespace {

const QString commandName = QStringLiteral("export");

void printHelp()
{
    out() << "Usage: callconsole export SESSION [--format json|jsonl] [--output FILE]\n\n"
             "Write a session recorded by `callconsole serve --session` (or the desktop console).\n"
             "  json   {\"transactions\":[…analyze --json…], \"deliveries\":[…every request, reply and\n"
             "         rejection, with its headers…]}  (default)\n"
             "  jsonl  one accepted event per line as {\"receivedAtMs\",\"replyLatencyMs\",\"event\",\n"
             "         \"reply\",\"replySource\"} — the input format of `analyze` and `replay`\n"
             "Credentials (Authorization, signatures) were redacted when the session was written.\n";
    out().flush();
}

} // namespace

int runExport(const QStringList &arguments)
{
    QString session;
    QString format = QStringLiteral("json");
    QString output;
    for (int i = 0; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (argument == QLatin1String("--help") || argument == QLatin1String("-h")) {
            printHelp();
            return 0;
        }
        if ((argument == QLatin1String("--format") || argument == QLatin1String("--output") || argument == QLatin1String("-o"))) {
            if (i + 1 >= arguments.size())
                return fail(commandName, QStringLiteral("%1 needs a value; see --help").arg(argument));
            (argument == QLatin1String("--format") ? format : output) = arguments.at(++i);
        } else if (argument.startsWith(QLatin1Char('-'))) {
            return fail(commandName, QStringLiteral("unknown option %1; see --help").arg(argument));
        } else if (!session.isEmpty()) {
            return fail(commandName, QStringLiteral("one SESSION at a time; see --help"));
        } else {
            session = argument;
        }
    }
    if (session.isEmpty())
        return fail(commandName, QStringLiteral("no SESSION given; see --help"));
    const std::optional<SessionExportFormat> exportFormat = sessionExportFormat(format);
    if (!exportFormat)
        return fail(commandName, QStringLiteral("--format: '%1' — expected json or jsonl").arg(format));
    if (!QFile::exists(session))
        return fail(commandName, QStringLiteral("%1: no such session file").arg(session));

    if (!output.isEmpty()) {
        const QString error = exportSessionFile(session, output, *exportFormat);
        return error.isEmpty() ? 0 : fail(commandName, error);
    }
    QString error;
    const QList<DeliveryRecord> deliveries = SessionStore::readAll(session, &error);
    if (!error.isEmpty())
        return fail(commandName, error);
    QFile file;
    file.open(stdout, QIODevice::WriteOnly);
    writeSessionExport(deliveries, *exportFormat, file);
    return 0;
}

} // namespace callconsole::cli

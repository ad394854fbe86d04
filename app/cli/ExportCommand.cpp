// callconsole export SESSION : a session's transactions (the `analyze --json` shape) with every
// raw delivery and reply, or its events as .jsonl that `analyze` and `replay` read back.
#include "CliOutput.h"
#include "CommandOptions.h"
#include "SessionExport.h"
#include "SessionStore.h"

#include <QFile>

namespace callconsole::cli {

CommandDefinition exportDefinition()
{
    return {"export", "Write a recorded session as JSON or .jsonl",
            {Argument::one("SESSION", "a session file (.ccsession) written by serve --session or the desktop console").file()},
            {Option::value("format", "FORMAT", "json: the transactions and every delivery; jsonl: one accepted event a line")
                 .choices({"json", "jsonl"}).byDefault("json"),
             Option::value("output", "FILE", "write to FILE instead of standard output").alias('o').file()},
            "Write a session recorded by `callconsole serve --session` (or the desktop console).\n"
            "  json   {\"transactions\":[…analyze --json…], \"deliveries\":[…every request, reply and\n"
            "         rejection, with its headers…]}  (default)\n"
            "  jsonl  one accepted event per line as {\"receivedAtMs\",\"replyLatencyMs\",\"event\",\n"
            "         \"reply\",\"replySource\"} — the input format of `analyze` and `replay`\n"
            "Credentials (Authorization, signatures) were redacted when the session was written."};
}

int runExport(const CommandLine &line)
{
    const QString commandName = line.definition().name;
    const QString session = line.positional().first();
    const QString format = line.value("format");
    const QString output = line.value("output");
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

#include "Command.h"

namespace callconsole::cli {

// Each command's entry point, defined in its own file.
int runCheckEvent(const QStringList &arguments);
int runCheckActions(const QStringList &arguments);
int runAnalyze(const QStringList &arguments);
int runServe(const QStringList &arguments);
int runExport(const QStringList &arguments);
int runSimulate(const QStringList &arguments);
int runPlace(const QStringList &arguments);
int runUpdate(const QStringList &arguments);
int runDemo(const QStringList &arguments);
int runReplay(const QStringList &arguments);

const QList<Command> &commands()
{
    static const QList<Command> table = {
        {QStringLiteral("check-event"), QStringLiteral("Validate SMA invocation event files (or - for stdin)"), runCheckEvent},
        {QStringLiteral("check-actions"), QStringLiteral("Validate an endpoint reply (action list)"), runCheckActions},
        {QStringLiteral("analyze"), QStringLiteral("Per-transaction state and ordering anomalies of a .jsonl event log"), runAnalyze},
        {QStringLiteral("serve"), QStringLiteral("Run the endpoint that receives and answers SMA events"), runServe},
        {QStringLiteral("export"), QStringLiteral("Write a recorded session as JSON or .jsonl"), runExport},
        {QStringLiteral("replay"), QStringLiteral("Send a .jsonl event log to a handler again; check and compare its replies"), runReplay},
        {QStringLiteral("simulate"), QStringLiteral("Run the built-in SMA simulator (the chime-sdk-voice API on loopback)"), runSimulate},
        {QStringLiteral("place"), QStringLiteral("Place an outbound call (CreateSipMediaApplicationCall)"), runPlace},
        {QStringLiteral("update"), QStringLiteral("Update a call in progress (UpdateSipMediaApplicationCall)"), runUpdate},
        {QStringLiteral("demo"), QStringLiteral("A scripted tour of calls on the built-in simulator"), runDemo},
    };
    return table;
}

const Command *findCommand(const QString &name)
{
    for (const auto &command : commands()) {
        if (command.name == name)
            return &command;
    }
    return nullptr;
}

} // namespace callconsole::cli

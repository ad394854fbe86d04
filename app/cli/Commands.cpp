#include "Command.h"

namespace callconsole::cli {

// Each command's definition and entry point, in its own file.
CommandDefinition checkEventDefinition();
int runCheckEvent(const CommandLine &line);
CommandDefinition checkActionsDefinition();
int runCheckActions(const CommandLine &line);
CommandDefinition analyzeDefinition();
int runAnalyze(const CommandLine &line);
CommandDefinition serveDefinition();
int runServe(const CommandLine &line);
CommandDefinition exportDefinition();
int runExport(const CommandLine &line);
CommandDefinition replayDefinition();
int runReplay(const CommandLine &line);
CommandDefinition simulateDefinition();
int runSimulate(const CommandLine &line);
CommandDefinition placeDefinition();
int runPlace(const CommandLine &line);
CommandDefinition dialInDefinition();
int runDialIn(const CommandLine &line);
CommandDefinition updateDefinition();
int runUpdate(const CommandLine &line);
CommandDefinition demoDefinition();
int runDemo(const CommandLine &line);
CommandDefinition importDefinition();
int runImport(const CommandLine &line);
CommandDefinition logsDefinition();
int runLogs(const CommandLine &line);
CommandDefinition runFlowDefinition();
int runRunFlow(const CommandLine &line);
CommandDefinition diffDefinition();
int runDiff(const CommandLine &line);

const QList<Command> &commands()
{
    static const QList<Command> table = {
        {checkEventDefinition(), runCheckEvent},
        {checkActionsDefinition(), runCheckActions},
        {analyzeDefinition(), runAnalyze},
        {serveDefinition(), runServe},
        {exportDefinition(), runExport},
        {importDefinition(), runImport},
        {logsDefinition(), runLogs},
        {replayDefinition(), runReplay},
        {runFlowDefinition(), runRunFlow},
        {diffDefinition(), runDiff},
        {simulateDefinition(), runSimulate},
        {placeDefinition(), runPlace},
        {dialInDefinition(), runDialIn},
        {updateDefinition(), runUpdate},
        {demoDefinition(), runDemo},
    };
    return table;
}

const Command *findCommand(const QString &name)
{
    for (const auto &command : commands()) {
        if (command.definition.name == name)
            return &command;
    }
    return nullptr;
}

const CommandDefinition &programDefinition()
{
    static const CommandDefinition program = [] {
        CommandDefinition definition{
        "callconsole", "place, answer and watch Amazon Chime SDK PSTN audio (SIP media application) calls",
        {},
        {Option::flag("demo", "open the console and place a few simulated calls; without a display, run the "
                              "headless demo instead"),
         Option::value("screenshot", "FILE.png", "with --demo: save the window as PNG and quit (renders "
                                                 "offscreen when there is no display)").file(),
         Option::flag("version", "print the version and exit").alias('v'),
         Option::flag("man", "write the man page callconsole(1) to standard output").hidden(),
         Option::value("completion", "SHELL", "write the completion script for SHELL to standard output")
             .choices({"bash", "zsh"}).hidden()},
        "Without a command, callconsole opens the desktop console on the built-in SMA simulator: place a\n"
        "call, watch its invocation events and replies on the timeline, answer them from rules or at a\n"
        "breakpoint. The commands run the same parts headless, for scripts and CI.",
        "Qt's own options (-style, -platform, ...) are passed to the desktop console."};
        definition.passesOtherArguments = true;
        return definition;
    }();
    return program;
}

} // namespace callconsole::cli

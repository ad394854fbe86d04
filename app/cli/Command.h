// A headless subcommand of `callconsole`. Each lives in its own file, declares its options
// there (CommandOptions.h) and is listed once in Commands.cpp; main() dispatches on the first
// argument.
#pragma once

#include "CommandOptions.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace callconsole::cli {

struct Command
{
    CommandDefinition definition;  // name, summary, arguments, options, help text
    // Runs once the arguments after the command name parsed cleanly; returns the exit code.
    // A QCoreApplication exists when it is called; long-running commands may exec() it.
    int (*run)(const CommandLine &line) = nullptr;

    int operator()(const QStringList &arguments) const { return runCommand(definition, run, arguments); }
};

const QList<Command> &commands();
const Command *findCommand(const QString &name);

// `callconsole` itself: the desktop console's options, --version, --help, and the hidden
// --man and --completion the build runs to write the man page and the completions.
const CommandDefinition &programDefinition();

} // namespace callconsole::cli

// A headless subcommand of `callconsole`. Each lives in its own file and is listed once in
// Commands.cpp; main() dispatches on the first argument.
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace callconsole::cli {

struct Command
{
    QString name;        // "check-event"
    QString summary;     // one line for `callconsole --help`
    // Runs with the arguments after the command name; returns the process exit code.
    // A QCoreApplication exists when it is called; long-running commands may exec() it.
    int (*run)(const QStringList &arguments) = nullptr;
};

const QList<Command> &commands();
const Command *findCommand(const QString &name);

} // namespace callconsole::cli

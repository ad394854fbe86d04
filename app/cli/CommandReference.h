// Everything written about the command line, rendered from the commands' definitions so that
// none of it can drift from what the parser accepts: each command's --help, `callconsole
// --help`, the man page callconsole(1), and the bash and zsh completions. The build runs
// `callconsole --man` and `callconsole --completion bash|zsh` to write the installed files.
#pragma once

#include "CommandOptions.h"

#include <QList>
#include <QString>

namespace callconsole::cli {

struct Command;

// One command's --help.
QString helpText(const CommandDefinition &definition);
// `callconsole --help`: the program's own options and the list of commands.
QString programHelpText(const CommandDefinition &program, const QList<Command> &commands);
// callconsole(1) in roff (man(7) macros): one subsection per command.
QString manPage(const CommandDefinition &program, const QList<Command> &commands, const QString &version);
QString bashCompletion(const CommandDefinition &program, const QList<Command> &commands);
QString zshCompletion(const CommandDefinition &program, const QList<Command> &commands);

} // namespace callconsole::cli

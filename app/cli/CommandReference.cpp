#include "CommandReference.h"

#include "Command.h"

#include <algorithm>

namespace callconsole::cli {

namespace {

constexpr int lineWidth = 79;
constexpr int widestOptionColumn = 28;

QString withDefault(const Option &option)
{
    QString description = option.description;
    if (!option.defaultValue.isEmpty())
        description += QStringLiteral(" (default %1)").arg(option.defaultValue);
    if (option.isRepeatable)
        description += QStringLiteral(" May be given more than once.");
    return description;
}

QList<Option> documented(const QList<Option> &options)
{
    QList<Option> shown;
    for (const Option &option : options) {
        if (!option.isHidden)
            shown << option;
    }
    return shown;
}

// Words of text filled into lines of lineWidth that start at column indent; the first line
// continues whatever precedes it.
QString fill(const QString &text, int indent, int firstColumn)
{
    QString filled;
    int column = firstColumn;
    for (const QString &word : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (column > indent && column + 1 + word.size() > lineWidth) {
            filled += QLatin1Char('\n') + QString(indent, QLatin1Char(' '));
            column = indent;
        } else if (column > indent) {
            filled += QLatin1Char(' ');
            ++column;
        }
        filled += word;
        column += int(word.size());
    }
    return filled;
}

// "  --port N          port to listen on (default 0)" for each option, descriptions aligned.
QString optionTable(const QList<Option> &options)
{
    int column = 0;
    for (const Option &option : options)
        column = std::max(column, int(option.synopsis().size()));
    column = std::min(column, widestOptionColumn) + 4;
    QString table;
    for (const Option &option : options) {
        QString line = QStringLiteral("  ") + option.synopsis();
        if (line.size() + 1 > column)
            line += QLatin1Char('\n') + QString(column, QLatin1Char(' '));
        else
            line = line.leftJustified(column);
        table += line + fill(withDefault(option), column, column) + QLatin1Char('\n');
    }
    return table;
}

QString argumentTable(const QList<Argument> &arguments)
{
    QString table;
    for (const Argument &argument : arguments) {
        if (!argument.description.isEmpty())
            table += QStringLiteral("  %1").arg(argument.synopsis()).leftJustified(16) + QLatin1Char(' ')
                     + fill(argument.description, 17, 17) + QLatin1Char('\n');
    }
    return table;
}

// --- roff -------------------------------------------------------------------------------

// Text as roff reads it literally: backslashes and minus signs escaped, anything past ASCII
// as a \[uXXXX] glyph so that groff needs no preprocessor, and no line read as a request.
QString roff(const QString &text)
{
    QString escaped;
    for (const QChar c : text) {
        if (c == QLatin1Char('\\'))
            escaped += QStringLiteral("\\e");
        else if (c == QLatin1Char('-'))
            escaped += QStringLiteral("\\-");
        else if (c.unicode() > 0x7e)
            escaped += QStringLiteral("\\[u%1]").arg(QString::number(c.unicode(), 16).toUpper().rightJustified(4, QLatin1Char('0')));
        else
            escaped += c;
    }
    escaped.replace(QLatin1String("\n."), QLatin1String("\n\\&."));
    escaped.replace(QLatin1String("\n'"), QLatin1String("\n\\&'"));
    if (escaped.startsWith(QLatin1Char('.')) || escaped.startsWith(QLatin1Char('\'')))
        escaped.prepend(QStringLiteral("\\&"));
    return escaped;
}

// Paragraphs become .PP; lines that start with two spaces (examples) are kept as they are.
QString roffParagraphs(const QString &text)
{
    QString page;
    for (const QString &paragraph : text.split(QStringLiteral("\n\n"), Qt::SkipEmptyParts)) {
        page += QStringLiteral(".PP\n");
        bool literal = false;
        for (const QString &line : paragraph.split(QLatin1Char('\n'))) {
            const bool example = line.startsWith(QLatin1String("  "));
            if (example != literal)
                page += example ? QStringLiteral(".RS 2\n.nf\n") : QStringLiteral(".fi\n.RE\n");
            literal = example;
            page += roff(example ? line.mid(2) : line) + QLatin1Char('\n');
        }
        if (literal)
            page += QStringLiteral(".fi\n.RE\n");
    }
    return page;
}

QString roffOption(const Option &option)
{
    QString names = QStringLiteral("\\fB\\-\\-%1\\fR").arg(roff(option.name));
    if (!option.shortName.isNull())
        names = QStringLiteral("\\fB\\-%1\\fR, ").arg(option.shortName) + names;
    if (option.takesValue()) {
        QStringList values;
        for (const QString &value : option.choiceList.isEmpty() ? QStringList{option.valueName} : option.choiceList)
            values << QStringLiteral("\\fI%1\\fR").arg(roff(value));
        names += QLatin1Char(' ') + values.join(QLatin1Char('|'));
    }
    return QStringLiteral(".TP\n%1\n%2\n").arg(names, roff(withDefault(option)));
}

QString roffOptions(const CommandDefinition &definition)
{
    QString page;
    for (const Argument &argument : definition.arguments) {
        if (!argument.description.isEmpty())
            page += QStringLiteral(".TP\n\\fI%1\\fR\n%2\n").arg(roff(argument.synopsis()), roff(argument.description));
    }
    for (const Option &option : documented(definition.allOptions()))
        page += roffOption(option);
    return page;
}

// --- completions ------------------------------------------------------------------------

QString shellWords(const QStringList &words)
{
    return words.join(QLatin1Char(' '));
}

QStringList optionWords(const QList<Option> &options)
{
    QStringList words;
    for (const Option &option : documented(options)) {
        words << QStringLiteral("--") + option.name;
        if (!option.shortName.isNull())
            words << QStringLiteral("-") + option.shortName;
    }
    return words;
}

bool completesFiles(const CommandDefinition &definition)
{
    for (const Argument &argument : definition.arguments) {
        if (argument.isFile)
            return true;
    }
    return false;
}

// The body of one `case` branch: values after an option that takes one, else options or files.
QString bashBranch(const CommandDefinition &definition)
{
    QString branch = QStringLiteral("            case $prev in\n");
    for (const Option &option : definition.allOptions()) {
        if (!option.takesValue())
            continue;
        QString pattern = QStringLiteral("--") + option.name;
        if (!option.shortName.isNull())
            pattern += QStringLiteral("|-") + option.shortName;
        QString reply = QStringLiteral("return");
        if (!option.choiceList.isEmpty())
            reply = QStringLiteral("_callconsole_reply -W '%1'; return").arg(shellWords(option.choiceList));
        else if (option.isFile)
            reply = QStringLiteral("_callconsole_reply -f; return");
        branch += QStringLiteral("                %1) %2 ;;\n").arg(pattern, reply);
    }
    branch += QStringLiteral("            esac\n");
    branch += QStringLiteral("            if [[ $cur == -* ]]; then _callconsole_reply -W '%1'\n")
                  .arg(shellWords(optionWords(definition.allOptions())));
    if (completesFiles(definition))
        branch += QStringLiteral("            else _callconsole_reply -f\n");
    branch += QStringLiteral("            fi ;;\n");
    return branch;
}

// Text for a zsh _arguments spec: brackets, colons and quotes would end the field.
QString zshText(QString text)
{
    const qsizetype sentence = text.indexOf(QLatin1String(". "));
    if (sentence > 0)
        text.truncate(sentence);
    text.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
        .replace(QLatin1Char('['), QLatin1String("\\["))
        .replace(QLatin1Char(']'), QLatin1String("\\]"))
        .replace(QLatin1Char(':'), QLatin1String("\\:"))
        .replace(QLatin1Char('\''), QLatin1String("'\\''"));
    return text;
}

QString zshSpecs(const CommandDefinition &definition)
{
    QStringList specs;
    for (const Option &option : documented(definition.allOptions())) {
        const QString repeat = option.isRepeatable ? QStringLiteral("*") : QString();
        const QString value = option.takesValue() ? QStringLiteral("=") : QString();
        QString names = QStringLiteral("'%1--%2%3").arg(repeat, option.name, value);
        if (!option.shortName.isNull()) {
            const QString exclusion = option.isRepeatable ? QStringLiteral("'*'") : QStringLiteral("'(-%1 --%2)'").arg(option.shortName).arg(option.name);
            names = QStringLiteral("%1{-%2,--%3%4}'").arg(exclusion).arg(option.shortName).arg(option.name, value);
        }
        QString spec = names + QStringLiteral("[%1]").arg(zshText(option.description));
        if (option.takesValue()) {
            QString action = QStringLiteral(" ");
            if (!option.choiceList.isEmpty())
                action = QStringLiteral("(%1)").arg(shellWords(option.choiceList));
            else if (option.isFile)
                action = QStringLiteral("_files");
            spec += QStringLiteral(":%1:%2").arg(zshText(option.valueName), action);
        }
        specs << spec + QLatin1Char('\'');
    }
    for (const Argument &argument : definition.arguments) {
        const QString position = argument.count == Argument::Count::OneOrMore ? QStringLiteral("*:")
                                 : argument.count == Argument::Count::Optional ? QStringLiteral("::")
                                                                                : QStringLiteral(":");
        specs << QStringLiteral("'%1%2:%3'").arg(position, zshText(argument.name),
                                                argument.isFile ? QStringLiteral("_files") : QStringLiteral(" "));
    }
    return specs.join(QStringLiteral(" \\\n        "));
}

} // namespace

QString helpText(const CommandDefinition &definition)
{
    QString text = QStringLiteral("Usage: callconsole %1 %2\n\n").arg(definition.name, definition.synopsis());
    if (!definition.description.isEmpty())
        text += definition.description.trimmed() + QStringLiteral("\n\n");
    const QString arguments = argumentTable(definition.arguments);
    if (!arguments.isEmpty())
        text += QStringLiteral("Arguments:\n") + arguments + QLatin1Char('\n');
    text += QStringLiteral("Options (--opt=value or --opt value):\n") + optionTable(documented(definition.allOptions()));
    if (!definition.notes.isEmpty())
        text += QLatin1Char('\n') + definition.notes.trimmed() + QLatin1Char('\n');
    return text;
}

QString programHelpText(const CommandDefinition &program, const QList<Command> &commands)
{
    QString text = QStringLiteral("Call Console %1 — %2.\n\n").arg(QStringLiteral(CALLCONSOLE_VERSION), program.summary);
    text += QStringLiteral("Usage:\n  callconsole [OPTIONS]\n  callconsole COMMAND [OPTIONS] [ARGUMENTS]  (COMMAND --help for its options)\n\n");
    text += program.description.trimmed() + QStringLiteral("\n\nOptions:\n") + optionTable(documented(program.allOptions()));
    text += QStringLiteral("\nCommands:\n");
    for (const Command &command : commands)
        text += QStringLiteral("  %1 %2\n").arg(command.definition.name.leftJustified(15), command.definition.summary);
    if (!program.notes.isEmpty())
        text += QLatin1Char('\n') + program.notes.trimmed() + QLatin1Char('\n');
    return text;
}

QString manPage(const CommandDefinition &program, const QList<Command> &commands, const QString &version)
{
    QString page = QStringLiteral(".\\\" callconsole(1), generated by `callconsole --man` from the commands' option definitions.\n");
    page += QStringLiteral(".TH CALLCONSOLE 1 \"\" \"callconsole %1\" \"User Commands\"\n").arg(roff(version));
    // No hyphenation: option names and JSON keys are typed as printed.
    page += QStringLiteral(".nh\n.ad l\n");
    page += QStringLiteral(".SH NAME\ncallconsole \\- %1\n").arg(roff(program.summary));
    page += QStringLiteral(".SH SYNOPSIS\n.B callconsole\n[\\fIOPTIONS\\fR]\n.br\n.B callconsole\n"
                           "\\fICOMMAND\\fR [\\fIOPTIONS\\fR] [\\fIARGUMENTS\\fR]\n");
    page += QStringLiteral(".SH DESCRIPTION\n") + roffParagraphs(program.description);
    page += QStringLiteral(".PP\nAn option's value follows it as \\fB\\-\\-opt=\\fIvalue\\fR or as the next argument, "
                           "\\fB\\-\\-opt \\fIvalue\\fR; after \\fB\\-\\-\\fR every argument is a file or other operand, "
                           "and \\fB\\-\\fR stands for standard input where a command reads a file.\n");
    page += QStringLiteral(".SH OPTIONS\n") + roffOptions(program);
    page += QStringLiteral(".SH COMMANDS\n");
    for (const Command &command : commands)
        page += QStringLiteral(".TP\n\\fB%1\\fR\n%2\n").arg(roff(command.definition.name), roff(command.definition.summary));
    for (const Command &command : commands) {
        const CommandDefinition &definition = command.definition;
        page += QStringLiteral(".SS \"callconsole %1\"\n").arg(roff(definition.name));
        page += QStringLiteral(".B callconsole %1\n%2\n").arg(roff(definition.name), roff(definition.synopsis()));
        page += QStringLiteral(".PP\n%1.\n").arg(roff(definition.summary));
        page += roffParagraphs(definition.description) + roffOptions(definition);
        page += roffParagraphs(definition.notes);
    }
    if (!program.notes.isEmpty())
        page += QStringLiteral(".SH NOTES\n") + roffParagraphs(program.notes);
    page += QStringLiteral(".SH \"SEE ALSO\"\n\\fBaws\\fR(1), \\fBsam\\fR(1)\n");
    return page;
}

QString bashCompletion(const CommandDefinition &program, const QList<Command> &commands)
{
    QStringList names;
    for (const Command &command : commands)
        names << command.definition.name;
    QString script = QStringLiteral(
        "# bash completion for callconsole, generated by `callconsole --completion bash` from the\n"
        "# commands' option definitions.\n"
        "_callconsole_reply()\n"
        "{\n"
        "    if [[ $1 == -f ]]; then\n"
        "        compopt -o filenames 2>/dev/null\n"
        "        COMPREPLY=($(compgen -P \"$prefix\" -f -- \"$cur\"))\n"
        "    else\n"
        "        COMPREPLY=($(compgen -P \"$prefix\" -W \"$2\" -- \"$cur\"))\n"
        "    fi\n"
        "}\n\n"
        "_callconsole()\n"
        "{\n"
        "    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} prefix=\n"
        "    # --opt=value: bash splits the word at '=' unless COMP_WORDBREAKS was changed.\n"
        "    if [[ $cur == = ]]; then\n"
        "        cur=\n"
        "    elif [[ $prev == = ]]; then\n"
        "        prev=${COMP_WORDS[COMP_CWORD-2]}\n"
        "    elif [[ $cur == -*=* ]]; then\n"
        "        prev=${cur%%=*} prefix=${cur%%=*}= cur=${cur#*=}\n"
        "    fi\n"
        "    COMPREPLY=()\n"
        "    if (( COMP_CWORD == 1 )) && [[ $cur != -* ]]; then\n"
        "        _callconsole_reply -W '%1'\n"
        "        return\n"
        "    fi\n"
        "    case ${COMP_WORDS[1]} in\n")
                         .arg(shellWords(names));
    for (const Command &command : commands)
        script += QStringLiteral("        %1)\n").arg(command.definition.name) + bashBranch(command.definition);
    script += QStringLiteral("        *)\n") + bashBranch(program);
    script += QStringLiteral("    esac\n}\ncomplete -F _callconsole callconsole\n");
    return script;
}

QString zshCompletion(const CommandDefinition &program, const QList<Command> &commands)
{
    QString script = QStringLiteral(
        "#compdef callconsole\n"
        "# zsh completion for callconsole, generated by `callconsole --completion zsh` from the\n"
        "# commands' option definitions.\n\n"
        "_callconsole() {\n"
        "  local -a commands\n"
        "  commands=(\n");
    for (const Command &command : commands)
        script += QStringLiteral("    '%1:%2'\n").arg(command.definition.name, zshText(command.definition.summary));
    script += QStringLiteral("  )\n"
                             "  if (( CURRENT == 2 )) && [[ $words[2] != -* ]]; then\n"
                             "    _describe -t commands 'callconsole command' commands\n"
                             "    return\n"
                             "  fi\n"
                             "  case $words[2] in\n");
    for (const Command &command : commands) {
        script += QStringLiteral("    %1)\n      shift words; (( CURRENT-- ))\n      _arguments -s : \\\n        %2 ;;\n")
                      .arg(command.definition.name, zshSpecs(command.definition));
    }
    script += QStringLiteral("    *)\n      _arguments -s : \\\n        %1 ;;\n  esac\n}\n\n_callconsole \"$@\"\n")
                  .arg(zshSpecs(program));
    return script;
}

} // namespace callconsole::cli

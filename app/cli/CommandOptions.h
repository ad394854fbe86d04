// Each headless command declares its options once, in its own file. From that one definition
// QCommandLineParser reads the command line (`--opt=value` and `--opt value` alike), `--help`
// is printed, usage errors name the option, and the man page and the bash and zsh completions
// are generated (CommandReference.h). A command's declaration, for example:
//
//   CommandDefinition exportDefinition()
//   {
//       return {"export", "Write a recorded session as JSON or .jsonl",             // name, summary
//               {Argument::one("SESSION", "a session file").file()},                 // operands
//               {Option::value("format", "FORMAT", "json: every delivery; jsonl: one event a line")
//                    .choices({"json", "jsonl"}).byDefault("json"),
//                Option::value("output", "FILE", "write to FILE instead of standard output").alias('o').file(),
//                Option::value("port", "N", "port to listen on").byDefault("0"),
//                Option::value("arg", "K=V", "an argument for the handler").repeatable(),
//                Option::value("to", "URL", "where to send the events").required(),
//                Option::flag("json", "print JSON instead of lines")},
//               "What the command does, in paragraphs; a line starting with two spaces is an example.",
//               "Exit status: 0 …, 1 …, 2 usage error."};
//   }
//
//   int runExport(const CommandLine &line)    // called only once the line parsed cleanly
//   {
//       const QString format = line.value("format");          // already checked against choices
//       const QString session = line.positional().first();   // the count of operands is checked too
//       int port = 0;
//       if (!line.read("port", &port, 0, 65535))              // "--port: '70000' — expected a whole number from 0 to 65535"
//           return line.usageError();
//       if (!isGood(line.value("to")))
//           return line.reject("to", QStringLiteral("expected …"));  // "--to: 'x' — expected …"
//       for (const QString &argument : line.values("arg")) …
//   }
//
// and the command is listed once in Commands.cpp (`{exportDefinition(), runExport}`). `--help`
// (-h) is added to every command. Options several commands share are declared once too
// (connectionOptions() in OptionValues.h) and appended: `QList<Option>{…} + connectionOptions()`.
#pragma once

#include <QCommandLineParser>
#include <QList>
#include <QString>
#include <QStringList>

#include <initializer_list>

namespace callconsole::cli {

// One option: `--name` (or `-a` with an alias), a flag or one that takes a value.
struct Option
{
    QString name;            // "max-actions", without dashes
    QChar shortName;         // 'q' for -q; null for none
    QString valueName;       // "N", "FILE"; empty for a flag
    QString description;     // for --help and the man page, one paragraph
    QStringList choiceList;  // the only values accepted; offered by the completions
    QString defaultValue;    // shown as "(default X)" and returned by value() when not given
    bool isFile = false;     // the completions offer file names
    bool isRepeatable = false;
    bool isRequired = false;
    bool isHidden = false;   // parsed, never documented

    static Option flag(const char *name, const char *description);
    static Option value(const char *name, const char *valueName, const char *description);

    Option alias(char letter) const;
    Option choices(std::initializer_list<const char *> values) const;
    Option choices(const QStringList &values) const;
    Option byDefault(const char *value) const;
    Option byDefault(const QString &value) const;
    Option file() const;
    Option repeatable() const;  // given more than once, values() holds every value
    Option required() const;
    Option hidden() const;

    // "-q, --quiet", "--port N", "--durability full|process"
    QString synopsis() const;
    bool takesValue() const { return !valueName.isEmpty(); }
};

// A positional argument: FILE, SESSION.
struct Argument
{
    enum class Count { One, OneOrMore, Optional };
    QString name;
    QString description;
    Count count = Count::One;
    bool isFile = false;

    static Argument one(const char *name, const char *description);
    static Argument oneOrMore(const char *name, const char *description);
    static Argument optional(const char *name, const char *description);
    Argument file() const;

    // "FILE", "FILE...", "[FILE]"
    QString synopsis() const;
};

struct CommandDefinition
{
    QString name;         // "check-event"
    QString summary;      // one line for `callconsole --help` and the man page
    QList<Argument> arguments;
    QList<Option> options;
    QString description;  // paragraphs separated by blank lines; "  " starts an example line
    QString notes;        // after the options: exit status, environment, where to look next
    // Unknown options and stray arguments are left for someone else (Qt's -style, -platform).
    bool passesOtherArguments = false;

    CommandDefinition(const char *name, const char *summary, QList<Argument> arguments, QList<Option> options,
                      const char *description, const char *notes = "");

    // The options as parsed: the declared ones and --help.
    QList<Option> allOptions() const;
    // "[OPTIONS] --to URL FILE"
    QString synopsis() const;
};

// A command line parsed by a definition; the command reads its values from here.
class CommandLine
{
public:
    // arguments: what follows the command's name.
    CommandLine(const CommandDefinition &definition, const QStringList &arguments);

    const CommandDefinition &definition() const { return m_definition; }
    bool helpRequested() const;
    // Why the line is not usable ("--to: missing value", "unknown option --frm; see --help"),
    // or empty.
    const QString &error() const { return m_error; }

    bool isSet(const char *name) const;
    QString value(const char *name) const;     // the last one given, or the default
    QStringList values(const char *name) const;
    QStringList positional() const { return m_parser.positionalArguments(); }

    // Value checks worded alike: each returns false and keeps "--NAME: 'VALUE' — RULE" as
    // error() when the option is given and its value breaks the rule; target is left alone
    // when the option is not given.
    bool read(const char *name, int *target, int min, int max) const;
    bool read(const char *name, double *target, double min, double max) const;

    // Prints error() as "callconsole COMMAND: …" and returns 2, the usage-error exit code.
    int usageError() const;
    // The same for a rule the command checks itself: "--NAME: 'VALUE' — RULE".
    int reject(const char *name, const QString &rule) const;

private:
    QString checkDeclaredRules() const;
    QString parseError(const QStringList &arguments) const;
    const Option *find(const QString &typedName) const;

    const CommandDefinition &m_definition;
    QCommandLineParser m_parser;
    mutable QString m_error;
};

// Parses arguments by the command's definition, prints its help or its usage error, and
// otherwise runs it; returns the exit code.
int runCommand(const CommandDefinition &definition, int (*run)(const CommandLine &), const QStringList &arguments);

} // namespace callconsole::cli

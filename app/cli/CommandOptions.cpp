#include "CommandOptions.h"

#include "CliOutput.h"
#include "CommandReference.h"

#include <cmath>

namespace callconsole::cli {

namespace {

QString text(const char *utf8)
{
    return QString::fromUtf8(utf8);
}

const Option &helpOption()
{
    static const Option help = Option::flag("help", "show this help").alias('h');
    return help;
}

// "json or jsonl", "a, b or c"
QString alternatives(const QStringList &values)
{
    if (values.size() < 2)
        return values.join(QString());
    return values.mid(0, values.size() - 1).join(QStringLiteral(", ")) + QStringLiteral(" or ") + values.last();
}

} // namespace

Option Option::flag(const char *name, const char *description)
{
    Option option;
    option.name = text(name);
    option.description = text(description);
    return option;
}

Option Option::value(const char *name, const char *valueName, const char *description)
{
    Option option = flag(name, description);
    option.valueName = text(valueName);
    return option;
}

Option Option::alias(char letter) const
{
    Option option = *this;
    option.shortName = QLatin1Char(letter);
    return option;
}

Option Option::choices(std::initializer_list<const char *> values) const
{
    QStringList list;
    for (const char *value : values)
        list << text(value);
    return choices(list);
}

Option Option::choices(const QStringList &values) const
{
    Option option = *this;
    option.choiceList = values;
    return option;
}

Option Option::byDefault(const char *value) const
{
    return byDefault(text(value));
}

Option Option::byDefault(const QString &value) const
{
    Option option = *this;
    option.defaultValue = value;
    return option;
}

Option Option::file() const
{
    Option option = *this;
    option.isFile = true;
    return option;
}

Option Option::repeatable() const
{
    Option option = *this;
    option.isRepeatable = true;
    return option;
}

Option Option::required() const
{
    Option option = *this;
    option.isRequired = true;
    return option;
}

Option Option::hidden() const
{
    Option option = *this;
    option.isHidden = true;
    return option;
}

QString Option::synopsis() const
{
    QString names = QStringLiteral("--") + name;
    if (!shortName.isNull())
        names = QStringLiteral("-%1, %2").arg(shortName, names);
    if (takesValue())
        names += QLatin1Char(' ') + (choiceList.isEmpty() ? valueName : choiceList.join(QLatin1Char('|')));
    return names;
}

Argument Argument::one(const char *name, const char *description)
{
    return {text(name), text(description), Count::One, false};
}

Argument Argument::oneOrMore(const char *name, const char *description)
{
    return {text(name), text(description), Count::OneOrMore, false};
}

Argument Argument::optional(const char *name, const char *description)
{
    return {text(name), text(description), Count::Optional, false};
}

Argument Argument::file() const
{
    Argument argument = *this;
    argument.isFile = true;
    return argument;
}

QString Argument::synopsis() const
{
    switch (count) {
    case Count::One:
        return name;
    case Count::OneOrMore:
        return name + QStringLiteral("...");
    case Count::Optional:
        break;
    }
    return QStringLiteral("[%1]").arg(name);
}

CommandDefinition::CommandDefinition(const char *name_, const char *summary_, QList<Argument> arguments_,
                                     QList<Option> options_, const char *description_, const char *notes_)
    : name(text(name_))
    , summary(text(summary_))
    , arguments(std::move(arguments_))
    , options(std::move(options_))
    , description(text(description_))
    , notes(text(notes_))
{
}

QList<Option> CommandDefinition::allOptions() const
{
    return options + QList<Option>{helpOption()};
}

QString CommandDefinition::synopsis() const
{
    QStringList parts{QStringLiteral("[OPTIONS]")};
    for (const Option &option : options) {
        if (option.isRequired)
            parts << QStringLiteral("--%1 %2").arg(option.name, option.valueName);
    }
    for (const Argument &argument : arguments)
        parts << argument.synopsis();
    return parts.join(QLatin1Char(' '));
}

CommandLine::CommandLine(const CommandDefinition &definition, const QStringList &arguments)
    : m_definition(definition)
{
    // -x is read as --x: no command bundles short flags, and Qt's own -style or -platform
    // must not be taken apart into letters.
    m_parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    for (const Option &option : definition.allOptions()) {
        QStringList names{option.name};
        if (!option.shortName.isNull())
            names.prepend(option.shortName);
        QCommandLineOption parsed(names, option.description, option.valueName);
        if (!option.defaultValue.isEmpty())
            parsed.setDefaultValue(option.defaultValue);
        m_parser.addOption(parsed);
    }
    // QCommandLineParser skips the first argument, the program.
    if (!m_parser.parse(QStringList{definition.name} + arguments))
        m_error = parseError(arguments);
    else
        m_error = checkDeclaredRules();
}

bool CommandLine::helpRequested() const
{
    return m_parser.isSet(QStringLiteral("help"));
}

bool CommandLine::isSet(const char *name) const
{
    return m_parser.isSet(QString::fromLatin1(name));
}

QString CommandLine::value(const char *name) const
{
    return m_parser.value(QString::fromLatin1(name));
}

QStringList CommandLine::values(const char *name) const
{
    return m_parser.values(QString::fromLatin1(name));
}

// The declared option written as typed ("--to", "-o"), or null.
const Option *CommandLine::find(const QString &typed) const
{
    QString name = typed.mid(1);
    if (name.startsWith(QLatin1Char('-')))
        name.remove(0, 1);
    const auto named = [&name](const Option &option) {
        return option.name == name || (!option.shortName.isNull() && name == QString(option.shortName));
    };
    for (const Option &option : m_definition.options) {
        if (named(option))
            return &option;
    }
    return named(helpOption()) ? &helpOption() : nullptr;
}

// QCommandLineParser says what went wrong in prose; the definition lets the message name the
// option as it was typed and use the same words as every other usage error.
QString CommandLine::parseError(const QStringList &arguments) const
{
    const QStringList unknown = m_parser.unknownOptionNames();
    for (const QString &argument : arguments) {
        if (argument == QLatin1String("--"))
            break;
        if (!argument.startsWith(QLatin1Char('-')) || argument.size() < 2)
            continue;
        const QString typed = argument.section(QLatin1Char('='), 0, 0);
        QString name = typed.mid(1);
        if (name.startsWith(QLatin1Char('-')))
            name.remove(0, 1);
        if (unknown.contains(name)) {
            if (m_definition.passesOtherArguments)
                continue;
            return QStringLiteral("unknown option %1; see --help").arg(typed);
        }
        const Option *option = find(typed);
        if (option && !option->takesValue() && argument.contains(QLatin1Char('=')))
            return QStringLiteral("%1: takes no value").arg(typed);
    }
    // The only other failure: an option that takes a value ends the line.
    if (!arguments.isEmpty()) {
        const Option *last = find(arguments.last());
        if (last && last->takesValue() && !arguments.last().contains(QLatin1Char('=')))
            return QStringLiteral("%1: missing value").arg(arguments.last());
    }
    return m_definition.passesOtherArguments ? checkDeclaredRules() : m_parser.errorText();
}

QString CommandLine::checkDeclaredRules() const
{
    for (const Option &option : m_definition.options) {
        const QString name = option.name;
        if (option.isRequired && !m_parser.isSet(name))
            return QStringLiteral("no --%1 %2 given; see --help").arg(name, option.valueName);
        if (!option.isRepeatable && m_parser.values(name).size() > 1)
            return QStringLiteral("--%1 given more than once").arg(name);
        if (!option.choiceList.isEmpty() && m_parser.isSet(name) && !option.choiceList.contains(m_parser.value(name)))
            return QStringLiteral("--%1: '%2' — expected %3").arg(name, m_parser.value(name), alternatives(option.choiceList));
    }
    if (m_definition.passesOtherArguments)
        return {};
    const QStringList given = m_parser.positionalArguments();
    qsizetype least = 0;
    bool unbounded = false;
    for (const Argument &argument : m_definition.arguments) {
        least += argument.count == Argument::Count::Optional ? 0 : 1;
        unbounded = unbounded || argument.count == Argument::Count::OneOrMore;
    }
    if (given.size() < least)
        return QStringLiteral("no %1 given; see --help").arg(m_definition.arguments.at(given.size()).name);
    if (!unbounded && given.size() > m_definition.arguments.size()) {
        if (m_definition.arguments.isEmpty())
            return QStringLiteral("unexpected argument '%1'; see --help").arg(given.first());
        return QStringLiteral("one %1 at a time; see --help").arg(m_definition.arguments.last().name);
    }
    return {};
}

bool CommandLine::read(const char *name, int *target, int min, int max) const
{
    if (!isSet(name))
        return true;
    bool ok = false;
    const int number = value(name).toInt(&ok);
    if (!ok || number < min || number > max) {
        m_error = QStringLiteral("--%1: '%2' — expected a whole number from %3 to %4")
                      .arg(QLatin1String(name), value(name)).arg(min).arg(max);
        return false;
    }
    *target = number;
    return true;
}

bool CommandLine::read(const char *name, double *target, double min, double max) const
{
    if (!isSet(name))
        return true;
    bool ok = false;
    const double number = value(name).toDouble(&ok);
    if (!ok || !std::isfinite(number) || number < min || number > max) {
        m_error = QStringLiteral("--%1: '%2' — expected a number from %3 to %4")
                      .arg(QLatin1String(name), value(name)).arg(min).arg(max);
        return false;
    }
    *target = number;
    return true;
}

int CommandLine::usageError() const
{
    const bool program = m_definition.name == QLatin1String("callconsole");
    return fail(program ? QString() : m_definition.name, m_error);
}

int CommandLine::reject(const char *name, const QString &rule) const
{
    m_error = QStringLiteral("--%1: '%2' — %3").arg(QLatin1String(name), value(name), rule);
    return usageError();
}

int runCommand(const CommandDefinition &definition, int (*run)(const CommandLine &), const QStringList &arguments)
{
    const CommandLine line(definition, arguments);
    if (line.helpRequested()) {
        out() << helpText(definition);
        out().flush();
        return 0;
    }
    if (!line.error().isEmpty())
        return line.usageError();
    return run(line);
}

} // namespace callconsole::cli

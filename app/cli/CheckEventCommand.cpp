// callconsole check-event FILE... : validates SMA invocation events the way the console's
// endpoint reads them, so a hand-written test event can be checked before it is replayed.
#include "CheckInput.h"
#include "CliOutput.h"
#include "InvocationEvent.h"

namespace callconsole::cli {

namespace {

const QString commandName = QStringLiteral("check-event");

void printHelp()
{
    out() << "Usage: callconsole check-event [--strict] [--quiet] FILE...\n\n"
             "Validate SMA invocation event JSON files (use - for standard input).\n"
             "Prints 'FILE: OK' for a valid event, and every error and warning on its own line\n"
             "as 'FILE: error: PATH: 'VALUE' — RULE'. Lenient where AWS's documents disagree\n"
             "(SipApplicationId, Leg-A, numbers as strings, ErrorType location) with a warning.\n\n"
             "Options:\n"
             "  --strict   treat warnings as errors\n"
             "  --quiet    print errors only\n"
             "  --help     show this help\n\n"
             "Exit status: 0 all valid, 1 any invalid, 2 usage error or unreadable file.\n";
    out().flush();
}

} // namespace

int runCheckEvent(const QStringList &arguments)
{
    CheckOptions options;
    QStringList files;
    bool onlyFiles = false;
    for (const auto &argument : arguments) {
        if (onlyFiles || argument == QLatin1String("-") || !argument.startsWith(QLatin1Char('-')))
            files << argument;
        else if (argument == QLatin1String("--"))
            onlyFiles = true;
        else if (argument == QLatin1String("--help") || argument == QLatin1String("-h")) {
            printHelp();
            return 0;
        } else if (argument == QLatin1String("--strict"))
            options.strict = true;
        else if (argument == QLatin1String("--quiet") || argument == QLatin1String("-q"))
            options.quiet = true;
        else
            return fail(commandName, QStringLiteral("unknown option %1; see --help").arg(argument));
    }
    if (files.isEmpty())
        return fail(commandName, QStringLiteral("no FILE given; see --help"));
    return checkFiles(commandName, files, options,
                      [](const QByteArray &bytes) { return InvocationEvent::parse(bytes).issues; });
}

} // namespace callconsole::cli

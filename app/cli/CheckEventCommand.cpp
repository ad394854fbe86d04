// callconsole check-event FILE... : validates SMA invocation events the way the console's
// endpoint reads them, so a hand-written test event can be checked before it is replayed.
#include "CheckInput.h"
#include "CommandOptions.h"
#include "InvocationEvent.h"

namespace callconsole::cli {

CommandDefinition checkEventDefinition()
{
    return {"check-event", "Validate SMA invocation event files (or - for stdin)",
            {Argument::oneOrMore("FILE", "an invocation event as JSON; - reads standard input").file()},
            {Option::flag("strict", "treat warnings as errors"),
             Option::flag("quiet", "print errors only").alias('q'),
             Option::flag("json", "print {\"valid\", \"files\": [{\"file\", \"valid\", \"issues\": [{\"severity\", \"path\", "
                                  "\"value\", \"rule\", \"code\"?, \"message\"}]} or {\"file\", \"error\"}]}")},
            "Validate SMA invocation event JSON files (use - for standard input).\n"
            "Prints 'FILE: OK' for a valid event, and every error and warning on its own line\n"
            "as 'FILE: error: PATH: 'VALUE' — RULE'. Lenient where AWS's documents disagree\n"
            "(SipApplicationId, Leg-A, numbers as strings, ErrorType location) with a warning.",
            "Exit status: 0 all valid, 1 any invalid, 2 usage error or unreadable file."};
}

int runCheckEvent(const CommandLine &line)
{
    CheckOptions options;
    options.strict = line.isSet("strict");
    options.quiet = line.isSet("quiet");
    options.json = line.isSet("json");
    return checkFiles(line.definition().name, line.positional(), options,
                      [](const QByteArray &bytes) { return InvocationEvent::parse(bytes).issues; });
}

} // namespace callconsole::cli

// callconsole check-actions FILE... : validates an endpoint's reply (action list) against the
// catalogue's required parameters and limits, before the service turns a mistake into
// INVALID_LAMBDA_RESPONSE on a live call.
#include "ActionList.h"
#include "CheckInput.h"
#include "CommandOptions.h"

namespace callconsole::cli {

CommandDefinition checkActionsDefinition()
{
    const ActionListLimits defaults;
    return {"check-actions", "Validate an endpoint reply (action list)",
            {Argument::oneOrMore("FILE", "an action-list reply as JSON; - reads standard input").file()},
            {Option::value("max-actions", "N", "actions per reply").byDefault(QString::number(defaults.maxActions)),
             Option::value("max-attributes", "N", "TransactionAttributes entries; older documents say 10")
                 .byDefault(QString::number(defaults.maxTransactionAttributes)),
             Option::flag("strict", "treat warnings as errors"),
             Option::flag("quiet", "print errors only").alias('q'),
             Option::flag("json", "print {\"valid\", \"files\": [{\"file\", \"valid\", \"issues\": [{\"severity\", \"path\", "
                                  "\"value\", \"rule\", \"code\"?, \"message\"}]} or {\"file\", \"error\"}]}")},
            "Validate SMA action-list replies ({SchemaVersion, Actions, TransactionAttributes})\n"
            "from JSON files (use - for standard input). Prints 'FILE: OK' for a valid reply, and\n"
            "every error and warning on its own line with the error type AWS would report.",
            "Exit status: 0 all valid, 1 any invalid, 2 usage error or unreadable file."};
}

int runCheckActions(const CommandLine &line)
{
    CheckOptions options;
    options.strict = line.isSet("strict");
    options.quiet = line.isSet("quiet");
    options.json = line.isSet("json");
    ActionListLimits limits;
    constexpr int most = 1000000;
    if (!line.read("max-actions", &limits.maxActions, 0, most) || !line.read("max-attributes", &limits.maxTransactionAttributes, 0, most))
        return line.usageError();
    return checkFiles(line.definition().name, line.positional(), options,
                      [&limits](const QByteArray &bytes) { return ActionList::parse(bytes, limits).issues; });
}

} // namespace callconsole::cli

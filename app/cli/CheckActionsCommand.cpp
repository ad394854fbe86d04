// callconsole check-actions FILE... : validates an endpoint's reply (action list) against the
// catalogue's required parameters and limits, before the service turns a mistake into
// INVALID_LAMBDA_RESPONSE on a live call.
#include "ActionList.h"
#include "CheckInput.h"
#include "CliOutput.h"

namespace callconsole::cli {

namespace {

const QString commandName = QStringLiteral("check-actions");

void printHelp()
{
    const ActionListLimits defaults;
    out() << "Usage: callconsole check-actions [OPTIONS] FILE...\n\n"
             "Validate SMA action-list replies ({SchemaVersion, Actions, TransactionAttributes})\n"
             "from JSON files (use - for standard input). Prints 'FILE: OK' for a valid reply, and\n"
             "every error and warning on its own line with the error type AWS would report.\n\n"
             "Options:\n"
             "  --max-actions N      actions per reply (default " << defaults.maxActions << ")\n"
             "  --max-attributes N   TransactionAttributes entries (default " << defaults.maxTransactionAttributes
          << "; older documents say 10)\n"
             "  --strict             treat warnings as errors\n"
             "  --quiet              print errors only\n"
             "  --help               show this help\n\n"
             "Exit status: 0 all valid, 1 any invalid, 2 usage error or unreadable file.\n";
    out().flush();
}

} // namespace

int runCheckActions(const QStringList &arguments)
{
    CheckOptions options;
    ActionListLimits limits;
    QStringList files;
    bool onlyFiles = false;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (onlyFiles || argument == QLatin1String("-") || !argument.startsWith(QLatin1Char('-'))) {
            files << argument;
        } else if (argument == QLatin1String("--")) {
            onlyFiles = true;
        } else if (argument == QLatin1String("--help") || argument == QLatin1String("-h")) {
            printHelp();
            return 0;
        } else if (argument == QLatin1String("--strict")) {
            options.strict = true;
        } else if (argument == QLatin1String("--quiet") || argument == QLatin1String("-q")) {
            options.quiet = true;
        } else if (argument == QLatin1String("--max-actions") || argument == QLatin1String("--max-attributes")) {
            bool ok = false;
            const int value = i + 1 < arguments.size() ? arguments.at(i + 1).toInt(&ok) : 0;
            if (!ok || value < 0)
                return fail(commandName, QStringLiteral("%1 needs a whole number ≥ 0").arg(argument));
            (argument == QLatin1String("--max-actions") ? limits.maxActions : limits.maxTransactionAttributes) = value;
            ++i;
        } else {
            return fail(commandName, QStringLiteral("unknown option %1; see --help").arg(argument));
        }
    }
    if (files.isEmpty())
        return fail(commandName, QStringLiteral("no FILE given; see --help"));
    return checkFiles(commandName, files, options,
                      [&limits](const QByteArray &bytes) { return ActionList::parse(bytes, limits).issues; });
}

} // namespace callconsole::cli

// callconsole place : CreateSipMediaApplicationCall from the command line — against the
// built-in simulator started in-process (the default), or any compatible endpoint.
#include "CallRequest.h"
#include "BlockingCall.h"
#include "CliOutput.h"
#include "ConnectionOptions.h"
#include "LocalConsole.h"

#include <QEventLoop>

#include <optional>

namespace callconsole::cli {

namespace {

const QString commandName = QStringLiteral("place");

void printHelp()
{
    out() << "Usage: callconsole place --to NUMBER [--from NUMBER] [--sma-id ID] [--header K=V]...\n"
             "                        [--arg K=V]... [--endpoint-url URL] [--backend sim|aws]\n"
             "                        [--profile P] [--region R] [--wait]\n\n"
             "Validate and place an outbound call (CreateSipMediaApplicationCall).\n"
             "Without --endpoint-url the built-in simulator and the console's endpoint run in-process:\n"
             "the call's events are printed as they arrive until HANGUP (--wait is implied), with\n"
             "--from and --sma-id defaulting to the simulator's first number and application.\n"
             "With --endpoint-url URL the request goes to that control plane (e.g. `callconsole\n"
             "simulate`) and the TransactionId is printed. --backend aws (without --endpoint-url) calls\n"
             "the real chime-sdk-voice API with the credentials the AWS CLI would use (--profile,\n"
             "--region, AWS_* environment, ~/.aws/credentials and ~/.aws/config).\n\n"
             "Exit status: 0 placed (and, in-process, ended), 1 the API refused it, 2 invalid input.\n";
    out().flush();
}

// Places the call through the chime-sdk-voice client (real AWS or any compatible endpoint).
int placeThroughClient(const CreateCallRequest &request, const aws::ConnectionOptions &connection)
{
    aws::BackendChoice choice = aws::makeClientBackend(connection);
    for (const QString &notice : std::as_const(choice.notices))
        err() << "note: " << notice << "\n";
    err().flush();
    if (!choice.backend)
        return fail(commandName, choice.error, 2);
    const aws::ApiResult result = blockingCall([&](auto done) { choice.backend->createCall(request, done); });
    if (!result.ok)
        return fail(commandName, result.error.toString(QStringLiteral("CreateSipMediaApplicationCall")), 1);
    out() << "TransactionId: "
          << result.body.value(QStringLiteral("SipMediaApplicationCall")).toObject().value(QStringLiteral("TransactionId")).toString()
          << "  (" << choice.backend->displayName() << ")" << Qt::endl;
    return 0;
}

} // namespace

int runPlace(const QStringList &arguments)
{
    CreateCallRequest request;
    aws::ConnectionOptions connection;
    for (int i = 0; i < arguments.size(); ++i) {
        const QString &option = arguments.at(i);
        if (option == QLatin1String("--help") || option == QLatin1String("-h")) {
            printHelp();
            return 0;
        }
        if (option == QLatin1String("--wait"))
            continue;
        if (i + 1 >= arguments.size())
            return fail(commandName, QStringLiteral("unknown option or missing value: %1; see --help").arg(option));
        const QString value = arguments.at(++i);
        if (option == QLatin1String("--to")) {
            request.toPhoneNumber = value;
        } else if (option == QLatin1String("--from")) {
            request.fromPhoneNumber = value;
        } else if (option == QLatin1String("--sma-id")) {
            request.sipMediaApplicationId = value;
        } else if (option == QLatin1String("--header") || option == QLatin1String("--arg")) {
            const auto pair = keyValueFromArgument(value);
            if (!pair)
                return fail(commandName, QStringLiteral("%1 '%2' — expected KEY=VALUE").arg(option, value));
            (option == QLatin1String("--header") ? request.sipHeaders : request.argumentsMap) << *pair;
        } else if (aws::ConnectionOptions::isConnectionOption(option)) {
            QString error;
            if (!connection.set(option, value, &error))
                return fail(commandName, error);
        } else {
            return fail(commandName, QStringLiteral("unknown option %1; see --help").arg(option));
        }
    }

    const SimulatorConfig simulator = SimulatorConfig::defaults();
    if (!connection.usesClient()) {
        if (request.sipMediaApplicationId.isEmpty())
            request.sipMediaApplicationId = simulator.applications.first().id;
        if (request.fromPhoneNumber.isEmpty())
            request.fromPhoneNumber = simulator.phoneNumbers.first().e164PhoneNumber;
    }
    const ValidationIssues issues = request.validate();
    for (const ValidationIssue &issue : issues)
        err() << (issue.isError() ? "error: " : "warning: ") << issue.message() << "\n";
    err().flush();
    if (hasErrors(issues))
        return fail(commandName, QStringLiteral("the request is not valid; nothing was sent"));

    if (connection.usesClient())
        return placeThroughClient(request, connection);

    LocalConsole console(simulator, EndpointConfig{});
    QString error;
    if (!console.start(&error))
        return fail(commandName, error);
    StringMap callArguments;
    for (const KeyValue &kv : std::as_const(request.argumentsMap))
        callArguments.insert(kv.key, kv.value);
    console.printTimeline(true);
    const QString id = console.placeCall(request.sipMediaApplicationId, request.fromPhoneNumber, request.toPhoneNumber,
                                         callArguments, &error);
    if (id.isEmpty())
        return fail(commandName, error, 1);
    out() << "TransactionId: " << id << "  (built-in simulator; events follow until HANGUP)" << Qt::endl;
    const bool ended = console.waitForEnd({id}, 120000);
    LocalConsole::printAnalysis(console.store());
    return ended ? 0 : fail(commandName, QStringLiteral("the call did not end within 120 s"), 1);
}

} // namespace callconsole::cli

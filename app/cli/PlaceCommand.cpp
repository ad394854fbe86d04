// callconsole place : CreateSipMediaApplicationCall from the command line — against the
// built-in simulator started in-process (the default), or any compatible endpoint.
#include "CallRequest.h"
#include "BlockingCall.h"
#include "CliOutput.h"
#include "CommandOptions.h"
#include "OptionValues.h"
#include "ConnectionOptions.h"
#include "LocalConsole.h"

#include <QEventLoop>

#include <optional>

namespace callconsole::cli {

namespace {

const QString commandName = QStringLiteral("place");

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

CommandDefinition placeDefinition()
{
    return {"place", "Place an outbound call (CreateSipMediaApplicationCall)",
            {},
            QList<Option>{Option::value("to", "NUMBER", "the number to call (E.164)"),
                          Option::value("from", "NUMBER", "the calling number (E.164); the simulator's first number "
                                                          "without --endpoint-url"),
                          Option::value("sma-id", "ID", "the SIP media application; the simulator's first without "
                                                        "--endpoint-url"),
                          Option::value("header", "K=V", "a SIP header (X-* or User-to-User) for the call").repeatable(),
                          Option::value("arg", "K=V", "an argument the handler receives in ArgumentsMap").repeatable(),
                          Option::flag("wait", "print the call's events until HANGUP; always so without --endpoint-url")}
                + connectionOptions(),
            "Validate and place an outbound call (CreateSipMediaApplicationCall).\n"
            "Without --endpoint-url the built-in simulator and the console's endpoint run in-process:\n"
            "the call's events are printed as they arrive until HANGUP (--wait is implied), with\n"
            "--from and --sma-id defaulting to the simulator's first number and application.\n"
            "With --endpoint-url URL the request goes to that control plane (e.g. `callconsole\n"
            "simulate`) and the TransactionId is printed. --backend aws (without --endpoint-url) calls\n"
            "the real chime-sdk-voice API with the credentials the AWS CLI would use (--profile,\n"
            "--region, AWS_* environment, ~/.aws/credentials and ~/.aws/config).",
            "Exit status: 0 placed (and, in-process, ended), 1 the API refused it, 2 invalid input."};
}

int runPlace(const CommandLine &line)
{
    CreateCallRequest request;
    request.toPhoneNumber = line.value("to");
    request.fromPhoneNumber = line.value("from");
    request.sipMediaApplicationId = line.value("sma-id");
    aws::ConnectionOptions connection;
    QString error = readKeyValues(line, "header", &request.sipHeaders);
    if (error.isEmpty())
        error = readKeyValues(line, "arg", &request.argumentsMap);
    if (error.isEmpty())
        error = readConnectionOptions(line, &connection);
    if (!error.isEmpty())
        return fail(commandName, error);

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

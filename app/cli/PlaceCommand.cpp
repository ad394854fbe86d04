// callconsole place : CreateSipMediaApplicationCall from the command line — against the
// built-in simulator started in-process (the default), or any compatible endpoint.
#include "CallRequest.h"
#include "BlockingCall.h"
#include "ClientCommandOutput.h"
#include "CliOutput.h"
#include "CommandOptions.h"
#include "OptionValues.h"
#include "ConnectionOptions.h"
#include "HandlerOptions.h"
#include "LocalConsole.h"

#include <QEventLoop>

#include <optional>

namespace callconsole::cli {

namespace {

const QString commandName = QStringLiteral("place");

const QString operation = QStringLiteral("CreateSipMediaApplicationCall");

// Places the call through the chime-sdk-voice client (real AWS or any compatible endpoint).
int placeThroughClient(const CreateCallRequest &request, const aws::ConnectionOptions &connection, bool json)
{
    int exitCode = 0;
    aws::BackendChoice choice = openClientBackend(commandName, connection, json, &exitCode);
    if (!choice.backend)
        return exitCode;
    const aws::ApiResult result = blockingCall([&](auto done) { choice.backend->createCall(request, done); });
    const QString transactionId =
        result.body.value(QStringLiteral("SipMediaApplicationCall")).toObject().value(QStringLiteral("TransactionId")).toString();
    if (json) {
        QJsonObject document = apiResultJson(choice, result, operation);
        if (result.ok)
            document.insert(QStringLiteral("transactionId"), transactionId);
        printJson(document);
    }
    if (!result.ok)
        return fail(commandName, result.error.toString(operation), 1);
    if (!json)
        out() << "TransactionId: " << transactionId << "  (" << choice.backend->displayName() << ")" << Qt::endl;
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
                          Option::flag("wait", "print the call's events until HANGUP; always so without --endpoint-url"),
                          Option::flag("json", "print one JSON document (below) instead of lines; the Endpoint line "
                                               "goes to standard error")}
                + connectionOptions() + handlerOptions(),
            "Validate and place an outbound call (CreateSipMediaApplicationCall).\n"
            "Without --endpoint-url the built-in simulator and the console's endpoint run in-process:\n"
            "the call's events are printed as they arrive until HANGUP (--wait is implied), with\n"
            "--from and --sma-id defaulting to the simulator's first number and application.\n"
            "With --endpoint-url URL the request goes to that control plane (e.g. `callconsole\n"
            "simulate`) and the TransactionId is printed. --backend aws (without --endpoint-url) calls\n"
            "the real chime-sdk-voice API with the credentials the AWS CLI would use (--profile,\n"
            "--region, AWS_* environment, ~/.aws/credentials and ~/.aws/config). The endpoint is the one\n"
            "the AWS CLI would use: --endpoint-url, else AWS_ENDPOINT_URL_CHIME_SDK_VOICE, AWS_ENDPOINT_URL,\n"
            "the profile's [services] chime_sdk_voice or endpoint_url, else the real service; the first\n"
            "line printed names it (and where it came from) before anything is sent.\n\n"
            "--json prints {\"endpoint\": {\"url\", \"source\", \"real\"}, \"backend\", \"transactionId\",\n"
            "\"httpStatus\", \"requestId\", \"attempts\"}, or the same with \"error\": {\"type\", \"message\",\n"
            "\"httpStatus\", \"requestId\", \"advice\"} (through the client); {\"endpoint\", \"transactionId\",\n"
            "\"ended\", \"transactions\"} in-process; {\"issues\"} for an invalid request; {\"error\": {\"type\":\n"
            "\"Configuration\", \"message\"}} when no backend could be made.\n\n"
            "In-process, the built-in replies answer the events, or your handler file (--handler):\n"
            "its log lines follow each event.",
            "Exit status: 0 placed (and, in-process, ended), 1 the API refused it, 2 invalid input."};
}

int runPlace(const CommandLine &line)
{
    CreateCallRequest request;
    request.toPhoneNumber = line.value("to");
    request.fromPhoneNumber = line.value("from");
    request.sipMediaApplicationId = line.value("sma-id");
    aws::ConnectionOptions connection;
    const bool json = line.isSet("json");
    QString error = readKeyValues(line, "header", &request.sipHeaders);
    if (error.isEmpty())
        error = readKeyValues(line, "arg", &request.argumentsMap);
    if (error.isEmpty())
        error = readConnectionOptions(line, &connection);
    EndpointConfig endpoint;
    if (error.isEmpty())
        error = readHandlerOptions(line, &endpoint);
    if (!error.isEmpty())
        return fail(commandName, error);
    if (connection.usesClient() && endpoint.handler)
        return fail(commandName, QStringLiteral("--handler runs with the built-in simulator only; the real service invokes your Lambda"));

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
    if (hasErrors(issues)) {
        if (json)
            printJson({{QStringLiteral("issues"), issuesJson(issues)}});
        return fail(commandName, QStringLiteral("the request is not valid; nothing was sent"));
    }

    if (connection.usesClient())
        return placeThroughClient(request, connection, json);

    LocalConsole console(simulator, endpoint);
    if (!console.start(&error))
        return fail(commandName, error);
    StringMap callArguments;
    for (const KeyValue &kv : std::as_const(request.argumentsMap))
        callArguments.insert(kv.key, kv.value);
    const QString simulatorUrl = console.simulator().url().toString();
    (json ? err() : out()) << "Endpoint: " << simulatorUrl << " (the built-in simulator, in this process)" << Qt::endl;
    console.printTimeline(!json);
    const QString id = console.placeCall(request.sipMediaApplicationId, request.fromPhoneNumber, request.toPhoneNumber,
                                         callArguments, &error);
    if (id.isEmpty())
        return fail(commandName, error, 1);
    if (!json)
        out() << "TransactionId: " << id << "  (built-in simulator; events follow until HANGUP)" << Qt::endl;
    const bool ended = console.waitForEnd({id}, 120000);
    if (json) {
        QJsonObject document = console.store().toJson();
        document.insert(QStringLiteral("endpoint"),
                        QJsonObject{{QStringLiteral("url"), simulatorUrl},
                                    {QStringLiteral("source"), QStringLiteral("built-in simulator")},
                                    {QStringLiteral("real"), false}});
        document.insert(QStringLiteral("transactionId"), id);
        document.insert(QStringLiteral("ended"), ended);
        printJson(document);
    } else {
        LocalConsole::printAnalysis(console.store());
    }
    return ended ? 0 : fail(commandName, QStringLiteral("the call did not end within 120 s"), 1);
}

} // namespace callconsole::cli

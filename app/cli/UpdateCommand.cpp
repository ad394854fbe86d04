// callconsole update : UpdateSipMediaApplicationCall for a call in progress.
#include "CallRequest.h"
#include "BlockingCall.h"
#include "ClientCommandOutput.h"
#include "CliOutput.h"
#include "CommandOptions.h"
#include "OptionValues.h"
#include "ConnectionOptions.h"

#include <QEventLoop>

#include <optional>

namespace callconsole::cli {

CommandDefinition updateDefinition()
{
    return {"update", "Update a call in progress (UpdateSipMediaApplicationCall)",
            {},
            QList<Option>{Option::value("sma-id", "ID", "the SIP media application"),
                          Option::value("transaction-id", "T", "the call's TransactionId"),
                          Option::value("arg", "K=V", "an argument the handler receives with CALL_UPDATE_REQUESTED")
                              .repeatable(),
                          Option::flag("json", "print one JSON document (below) instead of lines; the Endpoint line "
                                               "goes to standard error")}
                + connectionOptions(),
            "Send UpdateSipMediaApplicationCall: the call's handler receives CALL_UPDATE_REQUESTED\n"
            "with the arguments. Give --endpoint-url for the simulator or a compatible API, or\n"
            "--backend aws for the real API (at the endpoint the AWS CLI would use, named on the\n"
            "first line before anything is sent).\n\n"
            "--json prints {\"endpoint\": {\"url\", \"source\", \"real\"}, \"backend\", \"transactionId\",\n"
            "\"httpStatus\", \"requestId\", \"attempts\"}, with \"error\": {\"type\", \"message\", \"httpStatus\",\n"
            "\"requestId\", \"advice\"} when the API refused; {\"issues\"} for an invalid request.",
            "Exit status: 0 accepted, 1 the API refused it, 2 invalid input."};
}

int runUpdate(const CommandLine &line)
{
    const QString commandName = line.definition().name;
    UpdateCallRequest request;
    request.sipMediaApplicationId = line.value("sma-id");
    request.transactionId = line.value("transaction-id");
    aws::ConnectionOptions connection;
    const bool json = line.isSet("json");
    QString error = readKeyValues(line, "arg", &request.arguments);
    if (error.isEmpty())
        error = readConnectionOptions(line, &connection);
    if (!error.isEmpty())
        return fail(commandName, error);
    if (!connection.usesClient())
        return fail(commandName, QStringLiteral("give --endpoint-url (the simulator's or a compatible API's URL) "
                                                "or --backend aws"));
    const ValidationIssues issues = request.validate();
    for (const ValidationIssue &issue : issues)
        err() << (issue.isError() ? "error: " : "warning: ") << issue.message() << "\n";
    err().flush();
    if (hasErrors(issues)) {
        if (json)
            printJson({{QStringLiteral("issues"), issuesJson(issues)}});
        return fail(commandName, QStringLiteral("the request is not valid; nothing was sent"));
    }

    int exitCode = 0;
    aws::BackendChoice choice = openClientBackend(commandName, connection, json, &exitCode);
    if (!choice.backend)
        return exitCode;
    const QString operation = QStringLiteral("UpdateSipMediaApplicationCall");
    const aws::ApiResult result = blockingCall([&](auto done) { choice.backend->updateCall(request, done); });
    if (json) {
        QJsonObject document = apiResultJson(choice, result, operation);
        document.insert(QStringLiteral("transactionId"), request.transactionId);
        printJson(document);
    }
    if (!result.ok)
        return fail(commandName, result.error.toString(operation), 1);
    if (!json)
        out() << "accepted (HTTP " << result.httpStatus << "): CALL_UPDATE_REQUESTED goes to the call's handler"
              << Qt::endl;
    return 0;
}

} // namespace callconsole::cli

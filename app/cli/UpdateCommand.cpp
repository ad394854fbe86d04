// callconsole update : UpdateSipMediaApplicationCall for a call in progress.
#include "CallRequest.h"
#include "BlockingCall.h"
#include "CliOutput.h"
#include "ConnectionOptions.h"

#include <QEventLoop>

#include <optional>

namespace callconsole::cli {

int runUpdate(const QStringList &arguments)
{
    const QString commandName = QStringLiteral("update");
    UpdateCallRequest request;
    aws::ConnectionOptions connection;
    for (int i = 0; i < arguments.size(); ++i) {
        const QString &option = arguments.at(i);
        if (option == QLatin1String("--help") || option == QLatin1String("-h")) {
            out() << "Usage: callconsole update --sma-id ID --transaction-id T --arg K=V...\n"
                     "                         [--endpoint-url URL] [--backend sim|aws] [--profile P] [--region R]\n\n"
                     "Send UpdateSipMediaApplicationCall: the call's handler receives CALL_UPDATE_REQUESTED\n"
                     "with the arguments. Give --endpoint-url for the simulator or a compatible API, or\n"
                     "--backend aws for the real API. Exit 0 when accepted, 1 when the API refuses, 2 on\n"
                     "invalid input.\n";
            out().flush();
            return 0;
        }
        if (i + 1 >= arguments.size())
            return fail(commandName, QStringLiteral("unknown option or missing value: %1; see --help").arg(option));
        const QString value = arguments.at(++i);
        if (option == QLatin1String("--sma-id")) {
            request.sipMediaApplicationId = value;
        } else if (option == QLatin1String("--transaction-id")) {
            request.transactionId = value;
        } else if (option == QLatin1String("--arg")) {
            const auto pair = keyValueFromArgument(value);
            if (!pair)
                return fail(commandName, QStringLiteral("--arg '%1' — expected KEY=VALUE").arg(value));
            request.arguments << *pair;
        } else if (aws::ConnectionOptions::isConnectionOption(option)) {
            QString error;
            if (!connection.set(option, value, &error))
                return fail(commandName, error);
        } else {
            return fail(commandName, QStringLiteral("unknown option %1; see --help").arg(option));
        }
    }
    if (!connection.usesClient())
        return fail(commandName, QStringLiteral("give --endpoint-url (the simulator's or a compatible API's URL) "
                                                "or --backend aws"));
    const ValidationIssues issues = request.validate();
    for (const ValidationIssue &issue : issues)
        err() << (issue.isError() ? "error: " : "warning: ") << issue.message() << "\n";
    err().flush();
    if (hasErrors(issues))
        return fail(commandName, QStringLiteral("the request is not valid; nothing was sent"));

    aws::BackendChoice choice = aws::makeClientBackend(connection);
    for (const QString &notice : std::as_const(choice.notices))
        err() << "note: " << notice << "\n";
    err().flush();
    if (!choice.backend)
        return fail(commandName, choice.error);
    const aws::ApiResult result = blockingCall([&](auto done) { choice.backend->updateCall(request, done); });
    if (!result.ok)
        return fail(commandName, result.error.toString(QStringLiteral("UpdateSipMediaApplicationCall")), 1);
    out() << "accepted (HTTP " << result.httpStatus << "): CALL_UPDATE_REQUESTED goes to the call's handler"
          << Qt::endl;
    return 0;
}

} // namespace callconsole::cli

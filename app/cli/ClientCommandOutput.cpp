#include "ClientCommandOutput.h"

#include "CliOutput.h"
#include "TerminalPrompt.h"

namespace callconsole::cli {

QString endpointLine(const aws::ServiceEndpoint &endpoint)
{
    if (!endpoint.isConfigured())
        return QStringLiteral("Endpoint: %1 (AWS: real calls, billed)").arg(endpoint.url.toString());
    return QStringLiteral("Endpoint: %1 (from %2)").arg(endpoint.url.toString(), endpoint.source);
}

QJsonObject endpointJson(const aws::ServiceEndpoint &endpoint)
{
    QJsonObject json{{QStringLiteral("url"), endpoint.url.toString()}, {QStringLiteral("real"), !endpoint.isConfigured()}};
    if (endpoint.isConfigured())
        json.insert(QStringLiteral("source"), endpoint.source);
    return json;
}

aws::BackendChoice openClientBackend(const QString &command, const aws::ConnectionOptions &options, bool json,
                                     int *exitCode)
{
    aws::BackendChoice choice = aws::makeClientBackend(options, QProcessEnvironment::systemEnvironment(), {}, askMfaCode);
    for (const QString &notice : std::as_const(choice.notices))
        err() << "note: " << notice << "\n";
    err().flush();
    if (!choice.backend) {
        if (json) {
            QJsonObject document{{QStringLiteral("error"), QJsonObject{{QStringLiteral("type"), QStringLiteral("Configuration")},
                                                                        {QStringLiteral("message"), choice.error}}}};
            if (choice.endpoint.ok())
                document.insert(QStringLiteral("endpoint"), endpointJson(choice.endpoint));
            printJson(document);
        }
        *exitCode = fail(command, choice.error, 2);
        return choice;
    }
    (json ? err() : out()) << endpointLine(choice.endpoint) << Qt::endl;
    return choice;
}

QJsonObject apiResultJson(const aws::BackendChoice &choice, const aws::ApiResult &result, const QString &operation)
{
    QJsonObject json{{QStringLiteral("endpoint"), endpointJson(choice.endpoint)},
                     {QStringLiteral("backend"), choice.backend->displayName()},
                     {QStringLiteral("httpStatus"), result.httpStatus},
                     {QStringLiteral("attempts"), result.attempts}};
    if (!result.requestId.isEmpty())
        json.insert(QStringLiteral("requestId"), result.requestId);
    if (!result.ok) {
        QJsonObject error{{QStringLiteral("type"), result.error.type},
                          {QStringLiteral("message"), result.error.message},
                          {QStringLiteral("httpStatus"), result.error.httpStatus}};
        if (!result.error.requestId.isEmpty())
            error.insert(QStringLiteral("requestId"), result.error.requestId);
        const QString advice = result.error.advice(operation);
        if (!advice.isEmpty())
            error.insert(QStringLiteral("advice"), advice);
        json.insert(QStringLiteral("error"), error);
    }
    return json;
}

} // namespace callconsole::cli

// callconsole update : UpdateSipMediaApplicationCall for a call in progress.
#include "CallRequest.h"
#include "CliOutput.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUrl>

namespace callconsole::cli {

int runUpdate(const QStringList &arguments)
{
    const QString commandName = QStringLiteral("update");
    UpdateCallRequest request;
    QUrl endpointUrl;
    for (int i = 0; i < arguments.size(); ++i) {
        const QString &option = arguments.at(i);
        if (option == QLatin1String("--help") || option == QLatin1String("-h")) {
            out() << "Usage: callconsole update --endpoint-url URL --sma-id ID --transaction-id T --arg K=V...\n\n"
                     "Send UpdateSipMediaApplicationCall: the call's handler receives CALL_UPDATE_REQUESTED\n"
                     "with the arguments. Exit 0 when accepted, 1 when the API refuses, 2 on invalid input.\n";
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
        } else if (option == QLatin1String("--endpoint-url")) {
            endpointUrl = QUrl(value);
        } else {
            return fail(commandName, QStringLiteral("unknown option %1; see --help").arg(option));
        }
    }
    if (!endpointUrl.isValid() || endpointUrl.scheme().isEmpty())
        return fail(commandName, QStringLiteral("--endpoint-url is required (the simulator's or a compatible API's URL)"));
    const ValidationIssues issues = request.validate();
    for (const ValidationIssue &issue : issues)
        err() << (issue.isError() ? "error: " : "warning: ") << issue.message() << "\n";
    if (hasErrors(issues))
        return fail(commandName, QStringLiteral("the request is not valid; nothing was sent"));

    QUrl url = endpointUrl;
    url.setPath(request.path());
    QNetworkRequest http(url);
    http.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkAccessManager network;
    QNetworkReply *reply = network.post(http, QJsonDocument(request.toJson()).toJson(QJsonDocument::Compact));
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QJsonObject body = QJsonDocument::fromJson(reply->readAll()).object();
    if (status / 100 != 2) {
        if (status == 0)
            return fail(commandName, QStringLiteral("%1: %2").arg(url.toString(), reply->errorString()), 1);
        return fail(commandName, QStringLiteral("%1: %2").arg(QString::fromLatin1(reply->rawHeader("x-amzn-ErrorType")),
                                                              body.value(QStringLiteral("Message")).toString()), 1);
    }
    out() << "accepted (HTTP " << status << "): CALL_UPDATE_REQUESTED goes to the call's handler" << Qt::endl;
    return 0;
}

} // namespace callconsole::cli

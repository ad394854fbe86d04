// callconsole place : CreateSipMediaApplicationCall from the command line — against the
// built-in simulator started in-process (the default), or any compatible endpoint.
#include "CallRequest.h"
#include "CliOutput.h"
#include "LocalConsole.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace callconsole::cli {

namespace {

const QString commandName = QStringLiteral("place");

void printHelp()
{
    out() << "Usage: callconsole place --to NUMBER [--from NUMBER] [--sma-id ID] [--header K=V]...\n"
             "                        [--arg K=V]... [--endpoint-url URL] [--wait]\n\n"
             "Validate and place an outbound call (CreateSipMediaApplicationCall).\n"
             "Without --endpoint-url the built-in simulator and the console's endpoint run in-process:\n"
             "the call's events are printed as they arrive until HANGUP (--wait is implied), with\n"
             "--from and --sma-id defaulting to the simulator's first number and application.\n"
             "With --endpoint-url URL the request goes to that control plane (e.g. `callconsole\n"
             "simulate`) and the TransactionId is printed.\n\n"
             "Exit status: 0 placed (and, in-process, ended), 1 the API refused it, 2 invalid input.\n";
    out().flush();
}

} // namespace

int runPlace(const QStringList &arguments)
{
    CreateCallRequest request;
    QUrl endpointUrl;
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
        } else if (option == QLatin1String("--endpoint-url")) {
            endpointUrl = QUrl(value);
            if (!endpointUrl.isValid() || endpointUrl.scheme().isEmpty())
                return fail(commandName, QStringLiteral("--endpoint-url '%1' — expected http(s)://HOST:PORT").arg(value));
        } else {
            return fail(commandName, QStringLiteral("unknown option %1; see --help").arg(option));
        }
    }

    const SimulatorConfig simulator = SimulatorConfig::defaults();
    if (endpointUrl.isEmpty()) {
        if (request.sipMediaApplicationId.isEmpty())
            request.sipMediaApplicationId = simulator.applications.first().id;
        if (request.fromPhoneNumber.isEmpty())
            request.fromPhoneNumber = simulator.phoneNumbers.first();
    }
    const ValidationIssues issues = request.validate();
    for (const ValidationIssue &issue : issues)
        err() << (issue.isError() ? "error: " : "warning: ") << issue.message() << "\n";
    err().flush();
    if (hasErrors(issues))
        return fail(commandName, QStringLiteral("the request is not valid; nothing was sent"));

    if (!endpointUrl.isEmpty()) {
        QUrl url = endpointUrl;
        url.setPath(endpointUrl.path().chopped(endpointUrl.path().endsWith(QLatin1Char('/')) ? 1 : 0) + request.path());
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
            return fail(commandName, QStringLiteral("%1: %2 (request id %3)")
                                         .arg(QString::fromLatin1(reply->rawHeader("x-amzn-ErrorType")),
                                              body.value(QStringLiteral("Message")).toString(),
                                              QString::fromLatin1(reply->rawHeader("x-amzn-RequestId"))), 1);
        }
        out() << "TransactionId: "
              << body.value(QStringLiteral("SipMediaApplicationCall")).toObject().value(QStringLiteral("TransactionId")).toString()
              << Qt::endl;
        return 0;
    }

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

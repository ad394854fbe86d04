// callconsole dial-in : a caller dials one of the simulator's numbers. The number's SIP rule
// picks the SIP media application, which receives NEW_INBOUND_CALL — on the built-in simulator
// started in-process (the default), or on a running `callconsole simulate` (--endpoint-url),
// through its POST /_callconsole/inbound-calls route.
#include "CliOutput.h"
#include "CommandOptions.h"
#include "OptionValues.h"
#include "LocalConsole.h"
#include "SimulatedCall.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QThread>

namespace callconsole::cli {

namespace {

const QString commandName = QStringLiteral("dial-in");
constexpr int waitLimitMs = 120000;

struct HttpAnswer
{
    int status = 0;
    QJsonObject body;
    QString error;      // transport failure or the simulator's "Type: Message"
};

HttpAnswer send(QNetworkAccessManager &network, const QByteArray &verb, const QUrl &url, const QJsonObject &body = {})
{
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply = network.sendCustomRequest(request, verb, verb == "GET" ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact));
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    reply->deleteLater();
    HttpAnswer answer;
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.body = QJsonDocument::fromJson(reply->readAll()).object();
    if (answer.status == 0)
        answer.error = QStringLiteral("%1: %2").arg(url.toString(), reply->errorString());
    else if (answer.status / 100 != 2)
        answer.error = QStringLiteral("%1: %2").arg(QString::fromLatin1(reply->rawHeader("x-amzn-ErrorType")),
                                                    answer.body.value(QStringLiteral("Message")).toString());
    return answer;
}

void printInvocation(const QJsonObject &invocation)
{
    QStringList actions;
    for (const QJsonValue &action : invocation.value(QStringLiteral("ReplyActions")).toArray())
        actions << action.toString();
    out() << QStringLiteral("  seq %1  %2  → %3  (%4%5)")
                 .arg(invocation.value(QStringLiteral("Sequence")).toInt(), 2)
                 .arg(invocation.value(QStringLiteral("InvocationEventType")).toString(), -22)
                 .arg(actions.isEmpty() ? QStringLiteral("[]") : actions.join(QStringLiteral(", ")))
                 .arg(invocation.value(QStringLiteral("Reply")).toString().toLower())
                 .arg(invocation.contains(QStringLiteral("Note")) ? QStringLiteral(": ") + invocation.value(QStringLiteral("Note")).toString() : QString())
          << Qt::endl;
}

void printOutcome(const QJsonObject &status)
{
    out() << "  " << status.value(QStringLiteral("From")).toString() << " → " << status.value(QStringLiteral("To")).toString() << "  "
          << (status.value(QStringLiteral("Answered")).toBool() ? "answered" : "never answered") << ", ended with SIP "
          << status.value(QStringLiteral("SipResponseCode")).toInt() << Qt::endl;
}

// On a running simulator: the call's status is polled and each invocation printed once its
// reply is known.
int followRemote(QNetworkAccessManager &network, const QUrl &base, const QString &id, bool json)
{
    QUrl url = base;
    url.setPath(QStringLiteral("/_callconsole/calls/%1").arg(id));
    QElapsedTimer clock;
    clock.start();
    int printed = 0;
    QJsonObject status;
    while (clock.elapsed() < waitLimitMs) {
        const HttpAnswer answer = send(network, "GET", url);
        if (!answer.error.isEmpty())
            return fail(commandName, answer.error, 1);
        status = answer.body;
        const QJsonArray invocations = status.value(QStringLiteral("Invocations")).toArray();
        for (; !json && printed < invocations.size(); ++printed) {
            const QJsonObject invocation = invocations.at(printed).toObject();
            if (invocation.value(QStringLiteral("Reply")).toString() == QLatin1String("Pending"))
                break;
            printInvocation(invocation);
        }
        if (status.value(QStringLiteral("State")).toString() == QLatin1String("Ended"))
            break;
        QThread::msleep(200);
    }
    if (json)
        out() << QJsonDocument(status).toJson(QJsonDocument::Compact) << Qt::endl;
    else if (status.value(QStringLiteral("State")).toString() == QLatin1String("Ended"))
        printOutcome(status);
    return status.value(QStringLiteral("State")).toString() == QLatin1String("Ended")
        ? 0 : fail(commandName, QStringLiteral("the call did not end within 120 s"), 1);
}

// "1#@2.5" → pressed 2.5 s after the answer; "1#" → after 1 s.
std::optional<QJsonObject> digitsFromArgument(const QString &value)
{
    const qsizetype at = value.lastIndexOf(QLatin1Char('@'));
    bool ok = true;
    const double seconds = at < 0 ? 1.0 : value.mid(at + 1).toDouble(&ok);
    if (!ok || seconds < 0)
        return std::nullopt;
    return QJsonObject{{QStringLiteral("Digits"), at < 0 ? value : value.left(at)}, {QStringLiteral("AtMs"), qRound(seconds * 1000)}};
}

} // namespace

CommandDefinition dialInDefinition()
{
    return {"dial-in", "Call one of the simulator's numbers: an inbound call through its SIP rule",
            {},
            {Option::value("from", "NUMBER", "the caller: any E.164 number").required(),
             Option::value("to", "NUMBER", "one of the simulator's numbers (E.164)").required(),
             Option::value("digits", "DIGITS[@SECONDS]", "the caller presses DIGITS at SECONDS after the "
                                                         "answer, 1 by default.").repeatable(),
             Option::value("hangup-after", "SECONDS", "the caller hangs up SECONDS after the answer"),
             Option::value("config", "FILE", "the built-in simulator's configuration (JSON), as for simulate").file(),
             Option::value("endpoint-url", "URL", "make the call on a running `callconsole simulate` at URL"),
             Option::flag("wait", "follow the call until HANGUP; always so without --endpoint-url"),
             Option::flag("json", "print the call as one JSON object")},
            "A caller (any E.164 number) dials one of the simulator's numbers: the number's SIP rule\n"
            "picks the SIP media application, whose endpoint receives NEW_INBOUND_CALL with LEG-A\n"
            "From the caller, To the number. The caller presses --digits after the answer, hangs up\n"
            "--hangup-after it, and otherwise stays silent on the line until the application hangs up.\n\n"
            "Without --endpoint-url the built-in simulator (--config FILE, else its defaults: numbers\n"
            "+12065550100 and +12065550101) and the console's endpoint run in-process and the call's\n"
            "events are printed until HANGUP. With --endpoint-url URL the call is made on a running\n"
            "`callconsole simulate` at URL (its POST /_callconsole/inbound-calls); --wait then follows it\n"
            "until HANGUP.\n\n"
            "--json prints the call as one JSON object instead: TransactionId, SipRuleId,\n"
            "SipMediaApplicationId, Direction, From, To, State (Ringing, Answered or Ended), Answered,\n"
            "SipResponseCode (once ended) and Invocations, each with Sequence, InvocationEventType,\n"
            "Attempts, ReplyStatus, ReplyActions, Reply (Used, Ignored, Invalid, Failed, None or\n"
            "Pending) and Note.\n\n"
            "  callconsole dial-in --from +14155550123 --to +12065550100 --digits 1#@2 --hangup-after 20",
            "Exit status: 0 the call was made (and, when followed, ended), 1 the simulator refused it or\n"
            "it did not end within 120 s, 2 invalid input."};
}

int runDialIn(const CommandLine &line)
{
    QJsonObject body{{QStringLiteral("FromPhoneNumber"), line.value("from")}, {QStringLiteral("ToPhoneNumber"), line.value("to")}};
    QJsonObject caller;
    QJsonArray digits;
    for (const QString &value : line.values("digits")) {
        const auto press = digitsFromArgument(value);
        if (!press)
            return line.reject("digits", QStringLiteral("expected DIGITS or DIGITS@SECONDS, e.g. 1#@2.5"));
        digits << *press;
    }
    double hangupAfter = -1;
    if (!line.read("hangup-after", &hangupAfter, 0, 86400))
        return line.usageError();
    if (hangupAfter >= 0)
        caller.insert(QStringLiteral("HangupAfterMs"), qRound(hangupAfter * 1000));
    QUrl endpointUrl;
    if (line.isSet("endpoint-url")) {
        const auto url = httpUrl(line.value("endpoint-url"));
        if (!url)
            return line.reject("endpoint-url", QStringLiteral("expected the URL `callconsole simulate` printed"));
        endpointUrl = *url;
    }
    const QString configPath = line.value("config");
    const bool wait = line.isSet("wait");
    const bool json = line.isSet("json");
    if (!digits.isEmpty() || caller.contains(QStringLiteral("HangupAfterMs"))) {
        caller.insert(QStringLiteral("Digits"), digits);
        body.insert(QStringLiteral("Caller"), caller);
    }

    if (!endpointUrl.isEmpty()) {
        if (!configPath.isEmpty())
            return fail(commandName, QStringLiteral("--config belongs to the simulator; with --endpoint-url the running simulator's own applies"));
        QNetworkAccessManager network;
        QUrl url = endpointUrl;
        url.setPath(QStringLiteral("/_callconsole/inbound-calls"));
        const HttpAnswer created = send(network, "POST", url, body);
        if (!created.error.isEmpty())
            return fail(commandName, created.error, created.status == 400 ? 2 : 1);
        const QString id = created.body.value(QStringLiteral("TransactionId")).toString();
        if (!wait) {
            if (json)
                out() << QJsonDocument(created.body).toJson(QJsonDocument::Compact) << Qt::endl;
            else
                out() << "TransactionId: " << id << "  (SIP rule " << created.body.value(QStringLiteral("SipRuleId")).toString()
                      << ", SIP media application " << created.body.value(QStringLiteral("SipMediaApplicationId")).toString() << ")" << Qt::endl;
            return 0;
        }
        if (!json)
            out() << "TransactionId: " << id << "  (events follow until HANGUP)" << Qt::endl;
        return followRemote(network, endpointUrl, id, json);
    }

    SimulatorConfig config = SimulatorConfig::defaults();
    if (!configPath.isEmpty()) {
        const Parsed<SimulatorConfig> loaded = SimulatorConfig::load(configPath);
        for (const ValidationIssue &issue : loaded.issues)
            err() << configPath << ": " << issue.message() << "\n";
        if (!loaded.ok())
            return fail(commandName, QStringLiteral("%1: the configuration is not valid").arg(configPath));
        config = *loaded.value;
    }
    LocalConsole console(config, EndpointConfig{});
    QString error;
    if (!console.start(&error))
        return fail(commandName, error);
    const ApiAnswer created = console.simulator().dialIn(body);
    if (created.isError())
        return fail(commandName, QStringLiteral("%1: %2").arg(created.errorType, created.message), created.status == 400 ? 2 : 1);
    const QString id = created.body.value(QStringLiteral("TransactionId")).toString();
    console.setLabel(id, body.value(QStringLiteral("FromPhoneNumber")).toString());
    console.printTimeline(!json);
    if (!json)
        out() << "TransactionId: " << id << "  (built-in simulator; events follow until HANGUP)" << Qt::endl;
    const bool ended = console.waitForEnd({id}, waitLimitMs);
    const QJsonObject status = console.simulator().call(id)->statusJson();
    if (json)
        out() << QJsonDocument(status).toJson(QJsonDocument::Compact) << Qt::endl;
    else if (ended)
        printOutcome(status);
    return ended ? 0 : fail(commandName, QStringLiteral("the call did not end within 120 s"), 1);
}

} // namespace callconsole::cli

// callconsole replay FILE.jsonl --to URL : sends a recorded event log's invocation events to a
// handler again, one at a time as the service invokes them, and reports every reply: checked
// as an action list and, where the log recorded the reply, compared with it (the diff of two
// runs of the same flow).
#include "ActionList.h"
#include "CliOutput.h"
#include "CommandOptions.h"
#include "EventLogFile.h"
#include "JsonValues.h"
#include "OptionValues.h"
#include "ReplayChaos.h"
#include "ReplayClient.h"
#include "ReplyComparison.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QSet>
#include <QTimer>

#include <cmath>

namespace callconsole::cli {

CommandDefinition replayDefinition()
{
    return {"replay", "Send a .jsonl event log to a handler again; check and compare its replies",
            {Argument::one("FILE.jsonl", "the event log; - reads standard input").file()},
            {Option::value("to", "URL", "where to POST the events (http:// or https://)").required(),
             Option::value("speed", "X", "0 sends back to back; 1 keeps the recorded gaps between receivedAtMs values, "
                                         "2 halves them, 0.5 doubles them (0.01 to 1000); events without "
                                         "receivedAtMs go back to back").byDefault("0"),
             Option::value("transaction", "ID", "replay only this transaction; repeat it or give a comma list; the "
                                                "start of an id (as printed) is enough when it names one transaction")
                 .repeatable(),
             Option::value("timeout-ms", "N", "a reply later than N ms is a timeout (1 to 600000; the default is the "
                                              "service's retry deadline)").byDefault(QString::number(serviceRetryDeadlineMs)),
             Option::value("token", "T", "send 'Authorization: Bearer T' (or set CALLCONSOLE_TOKEN)"),
             Option::value("cacert", "FILE", "also trust the PEM certificate(s) in FILE for https://, e.g. the "
                                             "self-signed one a `serve --tls-cert` uses").file(),
             Option::value("hmac-secret-file", "F", "sign every body with the secret in F as the relay does "
                                                    "(X-CallConsole-Signature: t=…,v1=…); a body sent again within "
                                                    "the same second is signed a second later, so an endpoint that "
                                                    "accepts each signature once takes it").file(),
             Option::value("chaos", "SPEC", "inject faults, as a network and the service would: duplicate=P (send "
                                            "again), reorder=P (after the next event of its call), delay=MS (before "
                                            "every event), drop-reply=P (reply lost: the event is sent again as the "
                                            "service's retry), e.g. duplicate=0.2,drop-reply=0.1; each injected delivery "
                                            "carries X-CallConsole-Injected-Fault as the simulator's do, so a `serve "
                                            "--session` records them"),
             Option::value("seed", "S", "the faults' seed: the same seed and log give the same faults").byDefault("1"),
             Option::flag("fail-on-diff", "a reply that differs from the recorded one fails the run"),
             Option::flag("json", "print {\"to\", \"events\":[{\"line\",\"transactionId\",\"sequence\",\"type\","
                                  "\"status\",\"latencyMs\",\"reply\",\"recordedReply\",\"same\",\"difference\","
                                  "\"error\",\"issues\",\"ok\",\"injectedFault\"}], \"summary\":{…}} instead of lines (status 0 and "
                                  "reply null: no response)")},
            "POST each invocation event of an event log (- for stdin) to URL — your own handler\n"
            "(a Node server, sam local start-lambda, …) or a `callconsole serve` endpoint — in\n"
            "the log's order, one at a time as the service does: the next event is sent once\n"
            "the reply to the previous one has arrived. Prints one line per event: its line\n"
            "number, TransactionId (first 8 characters), Sequence and type, the HTTP status, the\n"
            "latency and the reply's actions, or why it failed.\n\n"
            "A Lambda handler under `sam local start-lambda` gets each event as the service\n"
            "invokes it at http://127.0.0.1:3001/2015-03-31/functions/NAME/invocations (the\n"
            "Lambda Invoke API; a function error there fails the event); `sam local start-api`\n"
            "would hand it an API Gateway request instead.\n\n"
            "FILE is what `callconsole export SESSION --format jsonl` writes (or `analyze` reads):\n"
            "one event per line, bare or as {\"receivedAtMs\", \"event\", \"reply\", …}. A malformed\n"
            "line is reported with its number and skipped. Each event is sent as its JSON, compact.\n\n"
            "Every reply is checked as an action list (the rules of check-actions); an invalid one\n"
            "is listed with each finding as path: 'value' — rule [ErrorType]. When the line holds\n"
            "the reply recorded with the event, the new reply is compared with it as JSON (member\n"
            "order aside) and the line says 'same' or what differs first, e.g.\n"
            "  differs: recorded Speak, Pause, Hangup → now Hangup\n"
            "  differs: Actions[0].Parameters.Text: 'Hello' → 'Goodbye'",
            "Neither the token nor the secret is ever printed.\n\n"
            "Exit status: 0 every event answered 2xx with a valid action list (and, with\n"
            "--fail-on-diff, the same as recorded); 1 some event failed (non-2xx, timeout, no\n"
            "connection, invalid reply, a difference with --fail-on-diff) or some lines were\n"
            "malformed; 2 usage error, unreadable FILE, bad URL or unknown --transaction."};
}

namespace {

constexpr int maxTimeoutMs = 600000;
constexpr double maxSpeed = 1000;

struct Options
{
    QString path;
    ReplayTarget target;
    double speed = 0;
    QStringList transactions;
    bool failOnDiff = false;
    bool json = false;
    ChaosOptions chaos;
};

// Returns the exit code of a usage error, or nothing when the options are good.
std::optional<int> readOptions(const CommandLine &line, Options &options)
{
    const QString commandName = line.definition().name;
    options.path = line.positional().first();
    options.json = line.isSet("json");
    options.failOnDiff = line.isSet("fail-on-diff");
    const std::optional<QUrl> url = httpUrl(line.value("to"));
    if (!url)
        return line.reject("to", QStringLiteral("expected an http:// or https:// URL with a host, such as http://127.0.0.1:3000/"));
    options.target.url = *url;
    if (!line.read("timeout-ms", &options.target.timeoutMs, 1, maxTimeoutMs))
        return line.usageError();
    if (line.isSet("speed")) {
        bool number = false;
        options.speed = line.value("speed").toDouble(&number);
        if (!number || !std::isfinite(options.speed) || options.speed < 0 || options.speed > maxSpeed
            || (options.speed > 0 && options.speed < 0.01))
            return line.reject("speed", QStringLiteral("expected 0 (back to back) or a number from 0.01 to %1 "
                                                       "(1 keeps the recorded gaps)").arg(maxSpeed));
    }
    for (const QString &value : line.values("transaction")) {
        const QStringList ids = value.split(QLatin1Char(','), Qt::SkipEmptyParts);
        for (const QString &id : ids)
            options.transactions << id.trimmed();
        if (ids.isEmpty())
            return line.reject("transaction", QStringLiteral("expected a TransactionId"));
    }
    if (line.isSet("chaos")) {
        QString error;
        const std::optional<ChaosOptions> chaos = ChaosOptions::parse(line.value("chaos"), &error);
        if (!chaos)
            return fail(commandName, error);
        options.chaos = *chaos;
    }
    bool number = false;
    const qulonglong seed = line.value("seed").toULongLong(&number);
    if (!number || seed > 0xffffffffULL)
        return line.reject("seed", QStringLiteral("expected a whole number from 0 to 4294967295"));
    options.chaos.seed = quint32(seed);
    options.target.bearerToken = qgetenv("CALLCONSOLE_TOKEN");
    if (line.isSet("token")) {
        options.target.bearerToken = line.value("token").toUtf8();
        if (options.target.bearerToken.isEmpty())
            return fail(commandName, QStringLiteral("--token: the value is empty"));
    }
    if (line.isSet("cacert")) {
        const QString file = line.value("cacert");
        if (!QFileInfo(file).isReadable())
            return fail(commandName, QStringLiteral("--cacert %1: cannot read the file").arg(file));
        const QList<QSslCertificate> certificates = QSslCertificate::fromPath(file, QSsl::Pem, QSslCertificate::PatternSyntax::FixedString);
        if (certificates.isEmpty())
            return fail(commandName, QStringLiteral("--cacert %1: no PEM certificate in the file "
                                                    "(expected -----BEGIN CERTIFICATE-----)").arg(file));
        options.target.trusted += certificates;
    }
    if (line.isSet("hmac-secret-file")) {
        QString error;
        options.target.hmacSecret = readSecretFile(QStringLiteral("--hmac-secret-file"), line.value("hmac-secret-file"), &error);
        if (!error.isEmpty())
            return fail(commandName, error);
    }
    return std::nullopt;
}

struct LogEvent
{
    int line = 0;
    EventLogLine entry;
};

// Resolves each --transaction value to the TransactionIds of the log (an exact id, or the
// start of exactly one); returns why one does not resolve.
QString selectTransactions(const QList<LogEvent> &events, const QStringList &wanted, QSet<QString> *selected)
{
    QStringList ids;
    QSet<QString> seen;
    for (const LogEvent &event : events) {
        const QString id = event.entry.event.transactionId();
        if (!seen.contains(id)) {
            seen.insert(id);
            ids << id;
        }
    }
    for (const QString &value : wanted) {
        QStringList matches;
        for (const QString &id : std::as_const(ids)) {
            if (id.compare(value, Qt::CaseInsensitive) == 0) {
                matches = QStringList{id};
                break;
            }
            if (id.startsWith(value, Qt::CaseInsensitive))
                matches << id;
        }
        if (matches.size() == 1) {
            selected->insert(matches.first());
            continue;
        }
        constexpr int shownIds = 5;
        const QStringList &listed = matches.isEmpty() ? ids : matches;
        QString names = listed.mid(0, shownIds).join(QStringLiteral(", "));
        if (listed.size() > shownIds)
            names += QStringLiteral(", … (%1 in all)").arg(listed.size());
        if (matches.isEmpty())
            return QStringLiteral("--transaction: '%1' — no event in the log has this TransactionId; it has: %2")
                .arg(value, names.isEmpty() ? QStringLiteral("none") : names);
        return QStringLiteral("--transaction: '%1' — starts %2 TransactionIds (%3); give more of it")
            .arg(value).arg(matches.size()).arg(names);
    }
    return {};
}

// Runs the event loop for ms, so a pause between events still lets sockets close cleanly.
void pause(qint64 ms)
{
    while (ms > 0) {
        const int step = int(std::min<qint64>(ms, 60000));
        QEventLoop loop;
        QTimer::singleShot(step, Qt::PreciseTimer, &loop, &QEventLoop::quit);
        loop.exec();
        ms -= step;
    }
}

struct EventResult
{
    Exchange exchange;
    QJsonValue reply;                     // the body as JSON when a response arrived, else null
    QString replySummary;                 // "Speak, Pause, Hangup" for a valid reply
    ValidationIssues issues;              // the reply checked as an action list
    std::optional<bool> same;             // compared with the recorded reply (2xx replies only)
    std::optional<ReplyDifference> difference;
    bool ok = false;
    QByteArray injectedFault;             // --chaos: the fault this delivery carried
};

EventResult evaluate(const LogEvent &event, Exchange exchange, bool failOnDiff)
{
    EventResult result;
    result.exchange = std::move(exchange);
    if (result.exchange.status > 0)
        result.reply = json::bodyValue(result.exchange.body);
    if (!result.exchange.error.isEmpty())
        return result;
    const Parsed<ActionList> reply = ActionList::parse(result.exchange.body);
    result.issues = reply.issues;
    if (reply.ok())
        result.replySummary = reply.value->summary();
    if (event.entry.recordedReply) {
        result.difference = compareReplies(*event.entry.recordedReply, result.reply);
        result.same = !result.difference.has_value();
    }
    result.ok = reply.ok() && !(failOnDiff && result.same == false);
    return result;
}

QString shortId(const QString &transactionId)
{
    return transactionId.left(8);
}

void printLine(const LogEvent &event, const EventResult &result)
{
    const InvocationEvent &e = event.entry.event;
    const Exchange &x = result.exchange;
    QString line = QStringLiteral("line %1  %2  seq %3  %4  %5  %6 ms  ")
                       .arg(event.line)
                       .arg(shortId(e.transactionId()))
                       .arg(e.sequence)
                       .arg(toString(e.type).leftJustified(23))
                       .arg(x.status > 0 ? QString::number(x.status) : QStringLiteral("---"))
                       .arg(x.latencyMs);
    if (!x.error.isEmpty())
        line += x.error;
    else if (!result.replySummary.isEmpty())
        line += QStringLiteral("→ ") + result.replySummary;
    else
        line += QStringLiteral("→ invalid reply");
    if (result.same == true)
        line += QStringLiteral("  [same]");
    else if (result.difference)
        line += QStringLiteral("  [differs: %1]").arg(result.difference->summary);
    if (!result.injectedFault.isEmpty())
        line += QStringLiteral("  [injected: %1]").arg(QString::fromLatin1(result.injectedFault));
    auto &o = out();
    o << line << "\n";
    for (const QString &detail : x.details)
        o << "    " << detail << "\n";
    for (const ValidationIssue &issue : result.issues) {
        o << "    " << (issue.isError() ? "error: " : "warning: ") << issue.message();
        if (!issue.code.isEmpty())
            o << " [" << issue.code << "]";
        o << "\n";
    }
    o.flush();
}

QJsonObject eventJson(const LogEvent &event, const EventResult &result)
{
    const InvocationEvent &e = event.entry.event;
    const Exchange &x = result.exchange;
    QJsonArray issues;
    for (const ValidationIssue &issue : result.issues) {
        issues << QJsonObject{{QStringLiteral("severity"), issue.isError() ? QStringLiteral("error") : QStringLiteral("warning")},
                              {QStringLiteral("path"), issue.path},
                              {QStringLiteral("value"), issue.value},
                              {QStringLiteral("rule"), issue.rule},
                              {QStringLiteral("code"), issue.code},
                              {QStringLiteral("message"), issue.message()}};
    }
    QJsonValue difference;
    if (result.difference) {
        QJsonObject object{{QStringLiteral("path"), result.difference->path},
                           {QStringLiteral("summary"), result.difference->summary}};
        // An absent value stays absent: Undefined is not inserted.
        object.insert(QStringLiteral("recorded"), result.difference->recorded);
        object.insert(QStringLiteral("now"), result.difference->now);
        difference = object;
    }
    QJsonObject object{{QStringLiteral("line"), event.line},
                       {QStringLiteral("transactionId"), e.transactionId()},
                       {QStringLiteral("sequence"), e.sequence},
                       {QStringLiteral("type"), toString(e.type)},
                       {QStringLiteral("status"), x.status},
                       {QStringLiteral("latencyMs"), double(x.latencyMs)},
                       {QStringLiteral("reply"), result.reply},
                       {QStringLiteral("recordedReply"), event.entry.recordedReply.value_or(QJsonValue())},
                       {QStringLiteral("same"), result.same ? QJsonValue(*result.same) : QJsonValue()},
                       {QStringLiteral("difference"), difference},
                       {QStringLiteral("error"), x.error.isEmpty() ? QJsonValue() : QJsonValue(x.error)},
                       {QStringLiteral("issues"), issues},
                       {QStringLiteral("ok"), result.ok}};
    if (!x.details.isEmpty())
        object.insert(QStringLiteral("details"), QJsonArray::fromStringList(x.details));
    if (!result.injectedFault.isEmpty())
        object.insert(QStringLiteral("injectedFault"), QString::fromLatin1(result.injectedFault));
    return object;
}

struct Tally
{
    int events = 0;
    int ok = 0;
    int failed = 0;
    int timeouts = 0;
    int noConnection = 0;    // no HTTP response, and not for want of time
    int httpErrors = 0;
    int invalidReplies = 0;
    int compared = 0;
    int same = 0;
    int different = 0;
    QMap<QString, int> injected;         // fault kind → deliveries that carried it

    void add(const EventResult &r)
    {
        ++events;
        ++(r.ok ? ok : failed);
        const bool answered = r.exchange.status > 0;
        timeouts += r.exchange.timedOut ? 1 : 0;
        noConnection += !answered && !r.exchange.timedOut ? 1 : 0;
        httpErrors += answered && !r.exchange.error.isEmpty() ? 1 : 0;
        invalidReplies += r.exchange.error.isEmpty() && hasErrors(r.issues) ? 1 : 0;
        compared += r.same.has_value() ? 1 : 0;
        same += r.same == true ? 1 : 0;
        different += r.same == false ? 1 : 0;
        for (const QByteArray &fault : r.injectedFault.split(';')) {
            if (!fault.isEmpty())
                ++injected[QString::fromLatin1(fault.startsWith("delay=") ? QByteArray("delay") : fault)];
        }
    }

    QString injectedText(quint32 seed) const
    {
        QStringList kinds;
        for (auto it = injected.cbegin(); it != injected.cend(); ++it)
            kinds << QStringLiteral("%1 %2").arg(it.value()).arg(it.key());
        return QStringLiteral("faults injected (seed %1): %2").arg(seed).arg(kinds.isEmpty() ? QStringLiteral("none") : kinds.join(QStringLiteral(", ")));
    }

    // "6 events replayed to URL: 4 ok, 2 failed (1 timeout, 1 invalid reply); 6 compared with the
    // recorded reply: 5 same, 1 different; 0 rejected lines"
    QString text(const QString &url, int rejectedLines) const
    {
        const auto count = [](int n, const char *one, const char *many) {
            return QStringLiteral("%1 %2").arg(n).arg(QLatin1String(n == 1 ? one : many));
        };
        QStringList why;
        if (timeouts > 0)
            why << count(timeouts, "timeout", "timeouts");
        if (noConnection > 0)
            why << count(noConnection, "without a response", "without a response");
        if (httpErrors > 0)
            why << count(httpErrors, "non-2xx status", "non-2xx statuses");
        if (invalidReplies > 0)
            why << count(invalidReplies, "invalid reply", "invalid replies");
        QString line = QStringLiteral("%1 replayed to %2: %3 ok, %4 failed")
                           .arg(count(events, "event", "events"), url).arg(ok).arg(failed);
        if (!why.isEmpty())
            line += QStringLiteral(" (%1)").arg(why.join(QStringLiteral(", ")));
        line += QStringLiteral("; %1 compared with the recorded reply: %2 same, %3 different; %4")
                    .arg(compared).arg(same).arg(different).arg(count(rejectedLines, "rejected line", "rejected lines"));
        return line;
    }

    QJsonObject json(int rejectedLines) const
    {
        QJsonObject faults;
        for (auto it = injected.cbegin(); it != injected.cend(); ++it)
            faults.insert(it.key(), it.value());
        return {{QStringLiteral("events"), events},
                {QStringLiteral("injectedFaults"), faults},
                {QStringLiteral("ok"), ok},
                {QStringLiteral("failed"), failed},
                {QStringLiteral("timeouts"), timeouts},
                {QStringLiteral("noResponse"), noConnection},
                {QStringLiteral("httpErrors"), httpErrors},
                {QStringLiteral("invalidReplies"), invalidReplies},
                {QStringLiteral("compared"), compared},
                {QStringLiteral("same"), same},
                {QStringLiteral("different"), different},
                {QStringLiteral("rejectedLines"), rejectedLines}};
    }
};

} // namespace

int runReplay(const CommandLine &line)
{
    const QString commandName = line.definition().name;
    Options options;
    if (const std::optional<int> usageError = readOptions(line, options))
        return *usageError;

    QList<LogEvent> events;
    const EventLogReadResult read = readEventLog(options.path, [&events](int lineNumber, EventLogLine &&line) {
        events.append(LogEvent{lineNumber, std::move(line)});
    });
    if (!read.error.isEmpty())
        return fail(commandName, read.error);
    if (!options.transactions.isEmpty()) {
        QSet<QString> selected;
        const QString error = selectTransactions(events, options.transactions, &selected);
        if (!error.isEmpty())
            return fail(commandName, error);
        events.removeIf([&selected](const LogEvent &event) { return !selected.contains(event.entry.event.transactionId()); });
    }
    if (events.isEmpty())
        err() << "callconsole replay: " << options.path << " holds no event to replay" << Qt::endl;

    ReplayClient client(options.target);
    const QString shownUrl = client.shownUrl();
    QList<ChaosSend> sends;
    if (options.chaos.isActive()) {
        QStringList transactionIds;
        for (const LogEvent &event : std::as_const(events))
            transactionIds << event.entry.event.transactionId();
        sends = planChaos(transactionIds, options.chaos);
    } else {
        for (int i = 0; i < events.size(); ++i)
            sends << ChaosSend{i, {}, false};
    }
    Tally tally;
    QJsonArray reports;
    std::optional<qint64> previousReceivedAt;
    QElapsedTimer sincePreviousSend;
    bool previousReplyDropped = false;
    for (const ChaosSend &send : std::as_const(sends)) {
        const LogEvent &event = events.at(send.event);
        const std::optional<qint64> receivedAt = event.entry.receivedAtMs;
        if (options.speed > 0 && receivedAt && previousReceivedAt && sincePreviousSend.isValid()) {
            // The gap is kept from send to send; a reply slower than the gap delays the next event.
            const qint64 gap = std::max<qint64>(0, *receivedAt - *previousReceivedAt);
            pause(std::llround(double(gap) / options.speed) - sincePreviousSend.elapsed());
        }
        if (previousReplyDropped && options.speed > 0)
            pause(std::llround(serviceRetryDeadlineMs / options.speed) - sincePreviousSend.elapsed()); // the service's retry
        pause(options.chaos.delayMs);
        if (receivedAt)
            previousReceivedAt = receivedAt;
        previousReplyDropped = send.replyDropped;
        sincePreviousSend.start();
        EventResult result = evaluate(event, client.post(event.entry.eventBytes, send.fault), options.failOnDiff);
        result.injectedFault = send.fault;
        tally.add(result);
        if (options.json)
            reports << eventJson(event, result);
        else
            printLine(event, result);
    }

    if (options.json) {
        out() << QJsonDocument(QJsonObject{{QStringLiteral("to"), shownUrl},
                                           {QStringLiteral("events"), reports},
                                           {QStringLiteral("summary"), tally.json(read.rejected)}})
                     .toJson(QJsonDocument::Indented);
    } else {
        out() << tally.text(shownUrl, read.rejected) << "\n";
        if (options.chaos.isActive())
            out() << tally.injectedText(options.chaos.seed) << "\n";
    }
    out().flush();
    return tally.failed > 0 || read.rejected > 0 ? 1 : 0;
}

} // namespace callconsole::cli

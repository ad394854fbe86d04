// callconsole logs --log-group G : a production call flow straight from CloudWatch Logs —
// FilterLogEvents over a time range (or following the group as it grows), read as `import`
// reads a downloaded log, analysed and optionally written to a session.
#include "BlockingCall.h"
#include "CallStore.h"
#include "CliOutput.h"
#include "CloudWatchFetch.h"
#include "CommandOptions.h"
#include "CloudWatchLogsClient.h"
#include "ConnectionOptions.h"
#include "CredentialsResolver.h"
#include "ImportOutput.h"
#include "LogFormats.h"
#include "LogImporter.h"
#include "SessionImport.h"
#include "SessionStore.h"
#include "SignalWatcher.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QRegularExpression>
#include <QTimer>

#include <algorithm>

namespace callconsole::cli {

namespace {

const QString commandName = QStringLiteral("logs");

// Events ingested late carry earlier timestamps: each poll of --follow looks back this far.
constexpr qint64 followOverlapMs = 120000;

std::optional<qint64> durationMs(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral(R"(^(\d+)\s*(s|m|h|d)$)"));
    const auto match = pattern.match(text.trimmed());
    if (!match.hasMatch())
        return std::nullopt;
    const qint64 unit = match.captured(2) == QLatin1String("s") ? 1000
                      : match.captured(2) == QLatin1String("m") ? 60000
                      : match.captured(2) == QLatin1String("h") ? 3600000
                                                                 : 86400000;
    return match.captured(1).toLongLong() * unit;
}

struct Options
{
    aws::ConnectionOptions connection;
    QString logGroup;
    qint64 startMs = -1;
    qint64 endMs = -1;
    QString transaction;
    bool follow = false;
    int intervalMs = 5000;
    ImportOutputOptions output;
};

// Returns the exit code of a usage error, or nothing when the options are good.
std::optional<int> readOptions(const CommandLine &line, Options &options)
{
    for (const char *name : {"profile", "region", "endpoint-url"}) {
        QString error;
        if (line.isSet(name) && !options.connection.set(QStringLiteral("--") + QLatin1String(name), line.value(name), &error))
            return fail(commandName, error);
    }
    options.logGroup = line.value("log-group");
    const QString smaId = line.value("sma-id");
    options.transaction = line.value("transaction");
    options.follow = line.isSet("follow");
    options.output.json = line.isSet("json");
    options.output.sessionPath = line.value("session");
    int seconds = options.intervalMs / 1000;
    if (!line.read("interval", &seconds, 1, 600))
        return line.usageError();
    options.intervalMs = seconds * 1000;
    std::optional<qint64> since;
    if (line.isSet("since")) {
        since = durationMs(line.value("since"));
        if (!since || *since <= 0)
            return line.reject("since", QStringLiteral("expected a duration such as 90s, 30m, 1h or 2d"));
    }
    for (const char *name : {"start", "end"}) {
        if (!line.isSet(name))
            continue;
        const std::optional<qint64> time = logs::parseLogTimestamp(line.value(name));
        if (!time)
            return line.reject(name, QStringLiteral("expected ISO 8601 (2022-11-09T14:52:44Z) or epoch milliseconds"));
        (qstrcmp(name, "start") == 0 ? options.startMs : options.endMs) = *time;
    }
    if (options.logGroup.isEmpty() == smaId.isEmpty())
        return fail(commandName, QStringLiteral("name the log group: --log-group /aws/lambda/FUNCTION, or --sma-id ID for the SMA's message log"));
    if (!smaId.isEmpty())
        options.logGroup = aws::CloudWatchLogsClient::sipMessageLogGroup(smaId);
    if (since && options.startMs >= 0)
        return fail(commandName, QStringLiteral("--since and --start both say where to begin; give one"));
    if (options.endMs >= 0 && options.follow)
        return fail(commandName, QStringLiteral("--end and --follow: a followed log has no end"));
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (options.startMs < 0)
        options.startMs = now - since.value_or(3600000);
    if (options.endMs >= 0 && options.endMs <= options.startMs)
        return line.reject("end", QStringLiteral("it is not after the start"));
    return std::nullopt;
}

QString clock(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(QStringLiteral("HH:mm:ss.zzz"));
}

void printInvocation(const logs::ImportedInvocation &invocation)
{
    auto &o = out();
    o << clock(invocation.receivedAtMs) << "  " << invocation.event.transactionId().left(8) << "  seq "
      << QString::number(invocation.event.sequence).rightJustified(3) << "  " << toString(invocation.event.type).leftJustified(23);
    if (invocation.replyLatencyMs)
        o << "  " << *invocation.replyLatencyMs << " ms";
    if (!invocation.failure.isEmpty())
        o << "  (" << invocation.failure << ")";
    o << Qt::endl;
}

int follow(aws::CloudWatchLogsClient &client, const Options &options)
{
    std::unique_ptr<SessionStore> session;
    if (!options.output.sessionPath.isEmpty()) {
        QString error;
        session = SessionStore::open(options.output.sessionPath, &error);
        if (!session)
            return fail(commandName, error);
    }
    err() << "following " << options.logGroup << " from " << QDateTime::fromMSecsSinceEpoch(options.startMs, Qt::UTC).toString(Qt::ISODate)
          << " every " << options.intervalMs / 1000 << " s. CloudWatch Logs delivers events with a delay (seconds, "
          << "sometimes minutes): a call shows up here after it happened. Ctrl-C stops." << Qt::endl;
    logs::CloudWatchFetch fetcher(client, options.logGroup, options.transaction);
    logs::LogImporter importer;
    CallStore store;
    QString error;
    qint64 newestMs = options.startMs;
    int written = 0;
    const auto poll = [&] {
        const qint64 from = std::max(options.startMs, newestMs - followOverlapMs);
        const QList<aws::LogEvent> events = fetcher.fetch(from, -1, &error);
        if (!error.isEmpty()) {
            QCoreApplication::exit(2);
            return;
        }
        for (const aws::LogEvent &event : events)
            newestMs = std::max(newestMs, event.timestampMs);
        logs::addLogEvents(importer, events, options.logGroup);
        const QList<logs::ImportedInvocation> settled = importer.takeSettled();
        for (const logs::ImportedInvocation &invocation : settled) {
            const int before = store.anomalyCount();
            const CallStore::AppendResult added = store.append(invocation.event, invocation.receivedAtMs, invocation.replyLatencyMs);
            printInvocation(invocation);
            if (store.anomalyCount() > before) {
                const QList<Anomaly> anomalies = store.transaction(added.transactionIndex).anomalies();
                for (const Anomaly &anomaly : anomalies) {
                    if (anomaly.arrivalIndexes.contains(added.arrivalIndex))
                        out() << "    " << toString(anomaly.kind) << ": " << anomaly.message << Qt::endl;
                }
            }
        }
        if (session && !settled.isEmpty()) {
            error = logs::writeToSession(*session, settled);
            written += int(settled.size());
            if (!error.isEmpty())
                QCoreApplication::exit(2);
        }
    };
    QTimer timer;
    QObject::connect(&timer, &QTimer::timeout, poll);
    SignalWatcher watcher;
    QObject::connect(&watcher, &SignalWatcher::terminationRequested, qApp, [](int) { QCoreApplication::exit(0); });
    QTimer::singleShot(0, poll);
    timer.start(options.intervalMs);
    const int code = QCoreApplication::exec();
    timer.stop();
    if (code != 0 || !error.isEmpty())
        return fail(commandName, error);
    // What had not settled yet (an invocation whose REPORT never came) is kept too.
    const QList<logs::ImportedInvocation> rest = importer.takeAll();
    if (session && !rest.isEmpty()) {
        error = logs::writeToSession(*session, rest);
        if (!error.isEmpty())
            return fail(commandName, error);
    }
    logs::appendToStore(store, rest);
    reportMalformed(importer.summary());
    out() << "stopped; " << importer.summary().text() << "\n";
    if (session)
        out() << "session: " << options.output.sessionPath << " (" << written + rest.size() << " deliveries added)\n";
    out().flush();
    return importer.summary().malformed.isEmpty() ? 0 : 1;
}

} // namespace

CommandDefinition logsDefinition()
{
    return {"logs", "Read a Lambda's CloudWatch log group (FilterLogEvents) into a session and analyse the calls",
            {},
            {Option::value("log-group", "NAME", "the log group, e.g. /aws/lambda/my-sma-handler"),
             Option::value("sma-id", "ID", "the SMA's own message log, /aws/ChimeSipMediaApplicationSipMessages/ID (once "
                                           "PutSipMediaApplicationLoggingConfiguration enabled it): SIP messages, counted; "
                                           "the invocation events are in the Lambda's group"),
             Option::value("since", "D", "from D ago until now: 90s, 30m, 1h (the default), 2d"),
             Option::value("start", "T", "from T: ISO 8601 (2022-11-09T14:52:44Z) or epoch milliseconds"),
             Option::value("end", "T", "until T"),
             Option::value("transaction", "ID", "only this call: the events that name it, then every line of the "
                                                "invocations they were logged in (START, reply, REPORT)"),
             Option::flag("follow", "keep reading as the group grows, printing each invocation once its REPORT arrives; "
                                    "Ctrl-C stops, writes the session and prints the analysis. CloudWatch Logs delivers "
                                    "events with a delay (seconds, sometimes minutes): a call appears after it happened"),
             Option::value("interval", "S", "with --follow: seconds between reads (1 to 600)").byDefault("5"),
             Option::value("session", "OUT", "also write the invocations to the session file OUT").file(),
             Option::flag("json", "print the `analyze --json` document with an \"import\" summary"),
             Option::value("profile", "P", "the AWS profile (~/.aws/config, ~/.aws/credentials)"),
             Option::value("region", "R", "the AWS region (else AWS_REGION or the profile's)"),
             Option::value("endpoint-url", "URL", "send the requests to this CloudWatch Logs endpoint instead")},
            "Read a Lambda's CloudWatch log group (/aws/lambda/FUNCTION) with FilterLogEvents, every page\n"
            "of it, and show each call the way `import` does: events at their log line's time, the\n"
            "replies logged in the same RequestId, the REPORT Duration as the reply latency, the\n"
            "service's retries as duplicates and a handler past 5 s as a late reply. The credentials\n"
            "are the ones the AWS CLI would use, and need logs:FilterLogEvents on the group.",
            "Exit status: 0 read, 1 malformed events or no event found, 2 usage error or the API refused\n"
            "(the error says why)."};
}

int runLogs(const CommandLine &line)
{
    Options options;
    if (const std::optional<int> usageError = readOptions(line, options))
        return *usageError;

    const aws::ResolvedCredentials resolved = aws::CredentialsResolver().resolve(options.connection.profile, options.connection.region);
    if (!resolved.ok())
        return fail(commandName, resolved.error);
    aws::ClientConfig config;
    config.region = resolved.region;
    config.endpointUrl = options.connection.endpointUrl;
    if (config.region.isEmpty())
        return fail(commandName, QStringLiteral("no AWS region: pass --region, set AWS_REGION, or add region to profile %1").arg(resolved.profile));
    aws::CloudWatchLogsClient client(resolved.credentials, config);

    if (options.follow)
        return follow(client, options);

    logs::CloudWatchFetch fetcher(client, options.logGroup, options.transaction);
    QString error;
    const QList<aws::LogEvent> events = fetcher.fetch(options.startMs, options.endMs, &error);
    if (!error.isEmpty())
        return fail(commandName, error);
    err() << options.logGroup << ": " << events.size() << " log events in " << fetcher.pages() << " pages ("
          << fetcher.attempts() << " requests)\n";
    logs::LogImporter importer;
    logs::addLogEvents(importer, events, options.logGroup);
    return finishImport(commandName, importer, options.output);
}

} // namespace callconsole::cli

// callconsole serve : the embedded endpoint on its own, for relays, replays and scripted tests.
#include "CliOutput.h"
#include "CommandOptions.h"
#include "DeliveryLog.h"
#include "EndpointExposure.h"
#include "EndpointServer.h"
#include "HandlerOptions.h"
#include "OptionValues.h"
#include "SignalWatcher.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QThread>

#include <algorithm>
#include <limits>

namespace callconsole::cli {

CommandDefinition serveDefinition()
{
    const EndpointConfig defaults;
    return {"serve", "Run the endpoint that receives and answers SMA events",
            {},
            QList<Option>{Option::value("host", "H", "address to listen on").byDefault("127.0.0.1"),
             Option::value("port", "N", "port; 0 takes any free port").byDefault("0"),
             Option::value("session", "FILE", "record deliveries in this session file (SQLite); an event is "
                                              "acknowledged only once it is written there").file(),
             Option::value("durability", "MODE", "fsync every commit (full) or survive only a killed process (process)")
                 .choices({"full", "process"}).byDefault("full"),
             Option::value("rules", "FILE", "reply rules (JSON); without them: greet, pause and hang up").file(),
             Option::value("forward", "URL", "forward every event to your own handler and return its reply"),
             Option::value("token-file", "F", "require 'Authorization: Bearer T', T the token in F (or set "
                                              "CALLCONSOLE_TOKEN=T)").file(),
             Option::value("token", "T", "the same with T on the command line, where the process list shows "
                                         "it: prefer --token-file or CALLCONSOLE_TOKEN"),
             Option::value("hmac-secret-file", "F", "require the relay's X-CallConsole-Signature made with the "
                                                    "secret in F").file(),
             Option::value("tls-cert", "C", "serve HTTPS with this PEM certificate chain (with --tls-key)").file(),
             Option::value("tls-key", "K", "the PEM private key of --tls-cert").file(),
             Option::value("breakpoint-deadline", "MS", "answer held events with the default after MS")
                 .byDefault(QString::number(defaults.breakpointDeadlineMs)),
             Option::value("idle-timeout", "MS", "close stalled or idle connections after MS (at least 100)")
                 .byDefault(QString::number(defaults.limits.idleTimeoutMs)),
             Option::value("max-connections", "N", "refuse connections past N")
                 .byDefault(QString::number(defaults.limits.maxConnections)),
             Option::value("workers", "N", "HTTP threads sharing the port, 1 to 64; by default one per core left "
                                           "after the session writer's, 1 to 4; 1 keeps the log in the order "
                                           "events were answered")}
                + handlerOptions(),
            "Run the console's endpoint: it receives SMA invocation events (POST / or /events),\n"
            "answers each with an action list from the reply rules, and records every delivery.\n"
            "Prints 'listening on http://HOST:PORT', then one line per delivery.",
            "Authentication is off on loopback by default and required on any other address:\n"
            "  CALLCONSOLE_TOKEN=$(cat token) callconsole serve --host 0.0.0.0 --session s.db\n"
            "Held events: GET /held lists them; POST /held/ID with an action list answers one.\n"
            "Stops cleanly on SIGINT/SIGTERM, closing the session after its last write."};
}

int runServe(const CommandLine &line)
{
    const QString commandName = line.definition().name;
    EndpointConfig config;
    config.bearerToken = qgetenv("CALLCONSOLE_TOKEN");
    config.workers = 0; // not given: chosen below from the cores and whether a writer runs
    if (!config.host.setAddress(line.value("host")))
        return line.reject("host", QStringLiteral("expected an IP address"));
    int port = 0;
    constexpr int unbounded = std::numeric_limits<int>::max();
    if (!line.read("port", &port, 0, 65535) || !line.read("workers", &config.workers, 1, 64)
        || !line.read("breakpoint-deadline", &config.breakpointDeadlineMs, 0, unbounded)
        // 0 would close every connection at once; a negative value turned the timers off.
        || !line.read("idle-timeout", &config.limits.idleTimeoutMs, 100, unbounded)
        || !line.read("max-connections", &config.limits.maxConnections, 1, unbounded))
        return line.usageError();
    config.port = quint16(port);
    config.sessionPath = line.value("session");
    if (line.value("durability") == QLatin1String("process"))
        config.durability = SessionStore::Durability::Process;
    if (line.isSet("forward")) {
        const std::optional<QUrl> url = httpUrl(line.value("forward"));
        if (!url)
            return line.reject("forward", QStringLiteral("expected an http(s) URL"));
        config.rules.setGlobalForward(*url);
    }
    if (line.isSet("token")) {
        config.bearerToken = line.value("token").toUtf8();
        if (config.bearerToken.isEmpty())
            return line.reject("token", QStringLiteral("the value is empty"));
    }
    if (line.isSet("token-file")) {
        QString error;
        config.bearerToken = readSecretFile(QStringLiteral("--token-file"), line.value("token-file"), &error);
        if (!error.isEmpty())
            return fail(commandName, error);
    }
    config.tlsCertificateFile = line.value("tls-cert");
    config.tlsKeyFile = line.value("tls-key");
    const QString rulesPath = line.value("rules");
    const QString secretFile = line.value("hmac-secret-file");
    if (config.tlsCertificateFile.isEmpty() != config.tlsKeyFile.isEmpty())
        return fail(commandName, QStringLiteral("TLS needs both --tls-cert and --tls-key"));
    if (config.workers == 0) {
        // Under load the session writer keeps a core busy too: leave it one (measured with
        // tests/bench/endpoint/run.sh on 2 cores: one HTTP thread used ~15 % less CPU per
        // event than two, at the same or better throughput).
        const int writerCores = config.sessionPath.isEmpty() ? 0 : 1;
        config.workers = std::clamp(QThread::idealThreadCount() - writerCores, 1, 4);
    }
    if (!secretFile.isEmpty()) {
        QString error;
        config.hmacSecret = readSecretFile(QStringLiteral("--hmac-secret-file"), secretFile, &error);
        if (!error.isEmpty())
            return fail(commandName, error);
    }
    const QString refusal = exposureRefusal(config.host, !config.bearerToken.isEmpty() || !config.hmacSecret.isEmpty());
    if (!refusal.isEmpty())
        return fail(commandName, refusal + QStringLiteral(": give --token-file, CALLCONSOLE_TOKEN or --hmac-secret-file"));
    if (!rulesPath.isEmpty()) {
        const QUrl forward = config.rules.globalForward();
        const Parsed<ReplyRules> rules = ReplyRules::load(rulesPath);
        if (!rules.ok()) {
            for (const ValidationIssue &issue : rules.issues)
                err() << rulesPath << ": " << issue.message() << "\n";
            return fail(commandName, QStringLiteral("%1: the rules are not valid").arg(rulesPath));
        }
        config.rules = *rules.value;
        if (!forward.isEmpty())
            config.rules.setGlobalForward(forward);
    }

    if (const QString error = readHandlerOptions(line, &config); !error.isEmpty())
        return fail(commandName, error);

    EndpointServer server(config);
    QString error;
    if (!server.start(&error))
        return fail(commandName, error);
    out() << "listening on " << server.url().toString() << Qt::endl;
    if (config.sessionPath.isEmpty())
        err() << "callconsole serve: no --session: deliveries are not recorded" << Qt::endl;

    DeliveryLog log(out());
    QObject::connect(&server, &EndpointServer::deliveriesReady, &server, [&log](const QList<DeliveryRecord> &batch) {
        for (const DeliveryRecord &record : batch)
            log.write(record);
        out().flush();
    });
    QObject::connect(&server, &EndpointServer::handlerNotice, &server, [&log](const QString &text) {
        out() << log.utcTime(QDateTime::currentMSecsSinceEpoch()) << "  " << text << Qt::endl;
    });
    QObject::connect(&server, &EndpointServer::limitHit, &server, [](const QString &remote, int status, const QString &why) {
        out() << QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs) << "  refused " << status << " from "
              << remote << ": " << why << Qt::endl;
    });
    SignalWatcher watcher;
    QObject::connect(&watcher, &SignalWatcher::terminationRequested, qApp, [&server](int) {
        server.stop();
        QCoreApplication::exit(0);
    });
    const int code = QCoreApplication::exec();
    server.stop();
    out() << "stopped; " << server.eventCount() << " events, " << server.rejectedCount() << " rejected" << Qt::endl;
    return code;
}

} // namespace callconsole::cli

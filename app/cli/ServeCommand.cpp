// callconsole serve : the embedded endpoint on its own, for relays, replays and scripted tests.
#include "CliOutput.h"
#include "DeliveryLog.h"
#include "EndpointExposure.h"
#include "EndpointServer.h"
#include "OptionValues.h"
#include "SignalWatcher.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QThread>

#include <algorithm>

namespace callconsole::cli {

namespace {

const QString commandName = QStringLiteral("serve");

void printHelp()
{
    out() << "Usage: callconsole serve [OPTIONS]\n\n"
             "Run the console's endpoint: it receives SMA invocation events (POST / or /events),\n"
             "answers each with an action list from the reply rules, and records every delivery.\n"
             "Prints 'listening on http://HOST:PORT', then one line per delivery.\n\n"
             "Options:\n"
             "  --host H                 address to listen on (default 127.0.0.1)\n"
             "  --port N                 port (default 0: any free port)\n"
             "  --session FILE           record deliveries in this session file (SQLite); an event\n"
             "                           is acknowledged only once it is written there\n"
             "  --durability full|process  fsync every commit (full, default) or survive only a\n"
             "                           killed process (process)\n"
             "  --rules FILE             reply rules (JSON); default: greet, pause and hang up\n"
             "  --forward URL            forward every event to your own handler and return its reply\n"
             "  --token T                require 'Authorization: Bearer T' (or CALLCONSOLE_TOKEN)\n"
             "  --hmac-secret-file F     require the relay's X-CallConsole-Signature made with the\n"
             "                           secret in F\n"
             "  --tls-cert C --tls-key K serve HTTPS with this PEM certificate chain and key\n"
             "  --breakpoint-deadline MS answer held events with the default after MS (default 4500)\n"
             "  --idle-timeout MS        close stalled or idle connections after MS (default 30000)\n"
             "  --max-connections N      refuse connections past N (default 4096)\n"
             "  --workers N              HTTP threads sharing the port (default: one per core\n"
             "                           left after the session writer's, 1 to 4; 1 keeps the log\n"
             "                           in the order events were answered)\n"
             "  --help                   show this help\n\n"
             "Authentication is off on loopback by default and required on any other address.\n"
             "Held events: GET /held lists them; POST /held/ID with an action list answers one.\n"
             "Stops cleanly on SIGINT/SIGTERM, closing the session after its last write.\n";
    out().flush();
}

} // namespace

int runServe(const QStringList &arguments)
{
    EndpointConfig config;
    QString rulesPath;
    QString secretFile;
    config.bearerToken = qgetenv("CALLCONSOLE_TOKEN");
    config.workers = 0; // not given: chosen below from the cores and whether a writer runs
    for (int i = 0; i < arguments.size(); ++i) {
        const QString &option = arguments.at(i);
        if (option == QLatin1String("--help") || option == QLatin1String("-h")) {
            printHelp();
            return 0;
        }
        const bool hasValue = i + 1 < arguments.size();
        const QString value = hasValue ? arguments.at(i + 1) : QString();
        const auto needValue = [&]() -> bool {
            if (!hasValue)
                return false;
            ++i;
            return true;
        };
        bool number = true;
        if (option == QLatin1String("--host") && needValue()) {
            if (!config.host.setAddress(value))
                return fail(commandName, QStringLiteral("--host: '%1' is not an IP address").arg(value));
        } else if (option == QLatin1String("--port") && needValue()) {
            const uint port = value.toUInt(&number);
            if (!number || port > 65535)
                return fail(commandName, QStringLiteral("--port: '%1' — expected 0 to 65535").arg(value));
            config.port = quint16(port);
        } else if (option == QLatin1String("--session") && needValue()) {
            config.sessionPath = value;
        } else if (option == QLatin1String("--durability") && needValue()) {
            if (value == QLatin1String("full"))
                config.durability = SessionStore::Durability::Full;
            else if (value == QLatin1String("process"))
                config.durability = SessionStore::Durability::Process;
            else
                return fail(commandName, QStringLiteral("--durability: '%1' — expected full or process").arg(value));
        } else if (option == QLatin1String("--rules") && needValue()) {
            rulesPath = value;
        } else if (option == QLatin1String("--forward") && needValue()) {
            const std::optional<QUrl> url = httpUrl(value);
            if (!url)
                return fail(commandName, QStringLiteral("--forward: '%1' — expected an http(s) URL").arg(value));
            config.rules.setGlobalForward(*url);
        } else if (option == QLatin1String("--token") && needValue()) {
            config.bearerToken = value.toUtf8();
        } else if (option == QLatin1String("--hmac-secret-file") && needValue()) {
            secretFile = value;
        } else if (option == QLatin1String("--breakpoint-deadline") && needValue()) {
            config.breakpointDeadlineMs = value.toInt(&number);
        } else if (option == QLatin1String("--idle-timeout") && needValue()) {
            config.limits.idleTimeoutMs = value.toInt(&number);
        } else if (option == QLatin1String("--max-connections") && needValue()) {
            config.limits.maxConnections = value.toInt(&number);
        } else if (option == QLatin1String("--workers") && needValue()) {
            config.workers = value.toInt(&number);
            if (number && (config.workers < 1 || config.workers > 64))
                return fail(commandName, QStringLiteral("--workers: '%1' — expected 1 to 64").arg(value));
        } else if (option == QLatin1String("--tls-cert") && needValue()) {
            config.tlsCertificateFile = value;
        } else if (option == QLatin1String("--tls-key") && needValue()) {
            config.tlsKeyFile = value;
        } else if (option.startsWith(QLatin1Char('-')) && !hasValue && option != QLatin1String("-")) {
            return fail(commandName, QStringLiteral("%1 needs a value; see --help").arg(option));
        } else {
            return fail(commandName, QStringLiteral("unknown option %1; see --help").arg(option));
        }
        if (!number)
            return fail(commandName, QStringLiteral("%1: '%2' is not a number").arg(option, value));
    }
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
        return fail(commandName, refusal + QStringLiteral(": give --token or --hmac-secret-file"));
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

// callconsole simulate : the built-in SMA simulator on its own, serving the chime-sdk-voice API
// on loopback for the AWS CLI, SDKs and `callconsole place --endpoint-url`.
#include "CliOutput.h"
#include "DeliveryLog.h"
#include "CommandOptions.h"
#include "EndpointServer.h"
#include "HandlerOptions.h"
#include "SignalWatcher.h"
#include "SimulatorServer.h"

#include <QCoreApplication>
#include <QDateTime>

namespace callconsole::cli {

CommandDefinition simulateDefinition()
{
    return {"simulate", "Run the built-in SMA simulator (the chime-sdk-voice API on loopback)",
            {},
            QList<Option>{Option::value("port", "N", "port on 127.0.0.1; 0 takes any free port").byDefault("0"),
             Option::value("config", "FILE", "the simulator's SIP media applications, numbers and behaviour (JSON)").file(),
             Option::value("speed", "X", "run calls X times faster than real time").byDefault("1"),
             Option::value("endpoint-url", "URL", "POST the invocation events there instead of the console's "
                                                  "endpoint in-process")}
                + handlerOptions(),
            "Serve the chime-sdk-voice control plane on 127.0.0.1 (calls, SIP media applications, SIP\n"
            "rules, phone numbers, Voice Connectors; any other operation is refused by name) and run\n"
            "each call, POSTing its invocation events to the SMA's endpoint. Without --endpoint-url\n"
            "(and no endpointUrl or lambdaFunctions in the config) the console's endpoint runs\n"
            "in-process with its default replies, or with your handler file (--handler), each\n"
            "answered event followed by the handler's log lines.\n\n"
            "Inbound calls: `callconsole dial-in --endpoint-url URL`, or POST\n"
            "/_callconsole/inbound-calls {\"FromPhoneNumber\", \"ToPhoneNumber\"}; GET\n"
            "/_callconsole/calls/TRANSACTION-ID tells what became of a call and of each reply.\n\n"
            "Try:\n"
            "  aws chime-sdk-voice create-sip-media-application-call --endpoint-url URL \\\n"
            "    --region us-east-1 --sip-media-application-id ID --from-phone-number +12065550100 \\\n"
            "    --to-phone-number +12065550123\n"
            "with any credentials: signatures are not checked."};
}

int runSimulate(const CommandLine &line)
{
    const QString commandName = line.definition().name;
    SimulatorConfig config = SimulatorConfig::defaults();
    int port = 0;
    double speed = 1.0;
    if (!line.read("port", &port, 0, 65535) || !line.read("speed", &speed, 0.001, 1000))
        return line.usageError();
    QUrl endpointUrl;
    if (line.isSet("endpoint-url")) {
        endpointUrl = QUrl(line.value("endpoint-url"));
        if (!endpointUrl.isValid() || endpointUrl.scheme().isEmpty())
            return line.reject("endpoint-url", QStringLiteral("expected a URL such as http://127.0.0.1:8080/events"));
    }
    if (line.isSet("config")) {
        const QString file = line.value("config");
        const Parsed<SimulatorConfig> loaded = SimulatorConfig::load(file);
        if (!loaded.ok()) {
            for (const ValidationIssue &issue : loaded.issues)
                err() << file << ": " << issue.message() << "\n";
            return fail(commandName, QStringLiteral("%1: the configuration is not valid").arg(file));
        }
        config = *loaded.value;
    }
    if (line.isSet("speed"))
        config.speed = speed;

    EndpointConfig endpointConfig;
    QString error = readHandlerOptions(line, &endpointConfig);
    if (!error.isEmpty())
        return fail(commandName, error);
    if (endpointConfig.handler && !endpointUrl.isEmpty())
        return fail(commandName, QStringLiteral("--handler answers on the in-process endpoint; --endpoint-url sends events elsewhere"));
    std::unique_ptr<EndpointServer> endpoint;
    if (endpointUrl.isEmpty()) {
        endpoint = std::make_unique<EndpointServer>(endpointConfig);
        if (!endpoint->start(&error))
            return fail(commandName, error);
        endpointUrl = endpoint->url();
        endpointUrl.setPath(QStringLiteral("/events"));
    }
    SimulatorServer simulator(config);
    simulator.setDefaultEndpoint(endpointUrl);
    if (!simulator.listen(&error, quint16(port)))
        return fail(commandName, error);
    out() << "listening on " << simulator.url().toString() << Qt::endl;
    out() << "events go to " << endpointUrl.toString() << (endpoint ? " (the console's endpoint, in-process)" : "")
          << "; SIP media application " << config.applications.first().id << ", numbers "
          << config.e164Numbers().join(QStringLiteral(", ")) << Qt::endl;
    QObject::connect(&simulator, &SimulatorServer::invoked, &simulator,
                     [](const QString &id, int sequence, const QString &type, int attempt, const QString &fault) {
                         out() << id << "  seq " << sequence << "  " << type;
                         if (attempt > 1)
                             out() << "  (retry " << attempt - 1 << ")";
                         if (!fault.isEmpty())
                             out() << "  [injected " << fault << "]";
                         out() << Qt::endl;
                     });
    QObject::connect(&simulator, &SimulatorServer::replyNotUsed, &simulator,
                     [](const QString &id, int sequence, const QString &type, const QString &note) {
                         out() << id << "  seq " << sequence << "  " << type << "  reply not used: " << note << Qt::endl;
                     });
    // With a handler file, each answered event follows with the reply and the handler's log.
    DeliveryLog log(out());
    if (endpoint && endpointConfig.handler) {
        QObject::connect(endpoint.get(), &EndpointServer::deliveriesReady, &simulator, [&log](const QList<DeliveryRecord> &batch) {
            for (const DeliveryRecord &record : batch)
                log.write(record);
            out().flush();
        });
        QObject::connect(endpoint.get(), &EndpointServer::handlerNotice, &simulator, [&log](const QString &text) {
            out() << log.utcTime(QDateTime::currentMSecsSinceEpoch()) << "  " << text << Qt::endl;
        });
    }
    QObject::connect(&simulator, &SimulatorServer::replyIssue, &simulator,
                     [](const QString &id, int sequence, const QString &message) {
                         out() << id << "  seq " << sequence << "  reply " << message << Qt::endl;
                     });
    SignalWatcher watcher;
    QObject::connect(&watcher, &SignalWatcher::terminationRequested, qApp, [] { QCoreApplication::exit(0); });
    const int code = QCoreApplication::exec();
    if (endpoint)
        endpoint->stop();
    return code;
}

} // namespace callconsole::cli

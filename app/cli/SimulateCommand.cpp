// callconsole simulate : the built-in SMA simulator on its own, serving the chime-sdk-voice API
// on loopback for the AWS CLI, SDKs and `callconsole place --endpoint-url`.
#include "CliOutput.h"
#include "EndpointServer.h"
#include "SignalWatcher.h"
#include "SimulatorServer.h"

#include <QCoreApplication>

namespace callconsole::cli {

namespace {

const QString commandName = QStringLiteral("simulate");

void printHelp()
{
    out() << "Usage: callconsole simulate [--port N] [--config FILE] [--speed N] [--endpoint-url URL]\n\n"
             "Serve the chime-sdk-voice control plane (CreateSipMediaApplicationCall,\n"
             "UpdateSipMediaApplicationCall, ListSipMediaApplications, GetSipMediaApplication,\n"
             "ListPhoneNumbers) on 127.0.0.1 and run each call, POSTing its invocation events to the\n"
             "SMA's endpoint. Without --endpoint-url (and no endpointUrl in the config) the console's\n"
             "endpoint runs in-process with its default replies.\n"
             "Try: aws chime-sdk-voice create-sip-media-application-call --endpoint-url URL \\\n"
             "       --region us-east-1 --sip-media-application-id ID --from-phone-number +12065550100 \\\n"
             "       --to-phone-number +12065550123   (any credentials; signatures are not checked)\n";
    out().flush();
}

} // namespace

int runSimulate(const QStringList &arguments)
{
    SimulatorConfig config = SimulatorConfig::defaults();
    quint16 port = 0;
    QUrl endpointUrl;
    for (int i = 0; i < arguments.size(); ++i) {
        const QString &option = arguments.at(i);
        if (option == QLatin1String("--help") || option == QLatin1String("-h")) {
            printHelp();
            return 0;
        }
        if (i + 1 >= arguments.size())
            return fail(commandName, QStringLiteral("unknown option or missing value: %1; see --help").arg(option));
        const QString value = arguments.at(++i);
        bool ok = true;
        if (option == QLatin1String("--port")) {
            port = quint16(value.toUInt(&ok));
        } else if (option == QLatin1String("--speed")) {
            const double speed = value.toDouble(&ok);
            ok = ok && speed > 0;
            config.speed = speed;
        } else if (option == QLatin1String("--endpoint-url")) {
            endpointUrl = QUrl(value);
            ok = endpointUrl.isValid() && !endpointUrl.scheme().isEmpty();
        } else if (option == QLatin1String("--config")) {
            const Parsed<SimulatorConfig> loaded = SimulatorConfig::load(value);
            if (!loaded.ok()) {
                for (const ValidationIssue &issue : loaded.issues)
                    err() << value << ": " << issue.message() << "\n";
                return fail(commandName, QStringLiteral("%1: the configuration is not valid").arg(value));
            }
            const double speed = config.speed;
            config = *loaded.value;
            if (speed != 1.0)
                config.speed = speed;
        } else {
            return fail(commandName, QStringLiteral("unknown option %1; see --help").arg(option));
        }
        if (!ok)
            return fail(commandName, QStringLiteral("%1: '%2' is not valid").arg(option, value));
    }

    std::unique_ptr<EndpointServer> endpoint;
    QString error;
    if (endpointUrl.isEmpty()) {
        endpoint = std::make_unique<EndpointServer>(EndpointConfig{});
        if (!endpoint->start(&error))
            return fail(commandName, error);
        endpointUrl = endpoint->url();
        endpointUrl.setPath(QStringLiteral("/events"));
    }
    SimulatorServer simulator(config);
    simulator.setDefaultEndpoint(endpointUrl);
    if (!simulator.listen(&error, port))
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
    SignalWatcher watcher;
    QObject::connect(&watcher, &SignalWatcher::terminationRequested, qApp, [] { QCoreApplication::exit(0); });
    const int code = QCoreApplication::exec();
    if (endpoint)
        endpoint->stop();
    return code;
}

} // namespace callconsole::cli

#include "HandlerOptions.h"

#include <cmath>

namespace callconsole::cli {

QList<Option> handlerOptions()
{
    const HandlerConfig defaults;
    return {Option::value("handler", "FILE", "run this Lambda handler file as the upstream of every event: a "
                                             ".js/.mjs/.cjs file exporting handler (Node.js) or a .py file with "
                                             "lambda_handler (Python); MODULE.FUNCTION names another function, as "
                                             "Lambda's Handler setting does. Its logs are kept with each event; an "
                                             "edit reloads it on the next event").file(),
            Option::value("handler-env", "FILE", "the handler's environment: KEY=VALUE lines or SAM's env.json").file(),
            Option::value("handler-timeout", "S", "the handler's function timeout in seconds, 0.01 to 900")
                .byDefault(QString::number(defaults.timeoutMs / 1000)),
            Option::value("handler-memory", "MB", "the memory limit the handler's context reports, 128 to 10240")
                .byDefault(QString::number(defaults.memoryMb)),
            Option::value("handler-concurrency", "N", "warm handler processes, each running one invocation at a time, "
                                                      "1 to 64")
                .byDefault(QString::number(defaults.concurrency))};
}

QString readHandlerOptions(const CommandLine &line, EndpointConfig *config)
{
    if (!line.isSet("handler")) {
        for (const char *name : {"handler-env", "handler-timeout", "handler-memory", "handler-concurrency"}) {
            if (line.isSet(name))
                return QStringLiteral("--%1 needs --handler FILE").arg(QLatin1String(name));
        }
        return {};
    }
    QString error;
    const std::optional<HandlerSpec> spec = HandlerSpec::resolve(line.value("handler"), &error);
    if (!spec)
        return error;
    HandlerConfig handler;
    handler.spec = *spec;
    double seconds = handler.timeoutMs / 1000.0;
    if (!line.read("handler-timeout", &seconds, 0.01, 900) || !line.read("handler-memory", &handler.memoryMb, 128, 10240)
        || !line.read("handler-concurrency", &handler.concurrency, 1, 64))
        return line.error();
    handler.timeoutMs = int(std::lround(seconds * 1000));
    if (line.isSet("handler-env")) {
        const auto environment = loadHandlerEnvironment(line.value("handler-env"), spec->functionName(), &error);
        if (!environment)
            return error;
        handler.environment = *environment;
        handler.environmentFile = line.value("handler-env");
    }
    if (!config->rules.globalForward().isEmpty())
        return QStringLiteral("--handler and --forward both name the upstream: give one");
    config->handler = handler;
    config->rules.setHandlerForAll(true);
    return {};
}

} // namespace callconsole::cli

#include "HandlerRuntime.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace callconsole {

namespace {

struct RuntimeFiles
{
    const char *interpreter;
    const char *debianPackage;
    const char *shim;
};

RuntimeFiles filesFor(HandlerRuntimeKind kind)
{
    if (kind == HandlerRuntimeKind::Node)
        return {"node", "nodejs", "node-runtime.js"};
    return {"python3", "python3", "python-runtime.py"};
}

bool hasShims(const QString &folder)
{
    return QFileInfo::exists(folder + QStringLiteral("/node-runtime.js"))
        && QFileInfo::exists(folder + QStringLiteral("/python-runtime.py"));
}

} // namespace

QString handlerRuntimeFolder()
{
    QStringList candidates;
    const QString overridden = qEnvironmentVariable("CALLCONSOLE_RUNTIME_DIR");
    if (!overridden.isEmpty())
        candidates << overridden;
    if (QCoreApplication::instance())
        candidates << QCoreApplication::applicationDirPath() + QStringLiteral("/../share/callconsole/handler");
    candidates << QStringLiteral(CALLCONSOLE_BUILD_RUNTIME_DIR);
    for (const QString &folder : std::as_const(candidates)) {
        if (hasShims(folder))
            return QDir(folder).canonicalPath();
    }
    return {};
}

std::optional<HandlerLaunch> handlerLaunch(const HandlerConfig &config, QString *error)
{
    const RuntimeFiles files = filesFor(config.spec.runtime);
    const QString interpreter = QStandardPaths::findExecutable(QString::fromLatin1(files.interpreter));
    if (interpreter.isEmpty()) {
        if (error) {
            *error = QStringLiteral("%1 needs %2, which is not on PATH: install it (Debian/Ubuntu: apt install %3)")
                         .arg(QFileInfo(config.spec.file).fileName(), QString::fromLatin1(files.interpreter),
                              QString::fromLatin1(files.debianPackage));
        }
        return std::nullopt;
    }
    const QString folder = handlerRuntimeFolder();
    if (folder.isEmpty()) {
        if (error) {
            *error = QStringLiteral("the handler runtime (%1) is missing: it installs with Call Console into "
                                    "share/callconsole/handler; set CALLCONSOLE_RUNTIME_DIR to its folder")
                         .arg(QString::fromLatin1(files.shim));
        }
        return std::nullopt;
    }
    HandlerLaunch launch;
    launch.program = interpreter;
    launch.arguments = {folder + QLatin1Char('/') + QString::fromLatin1(files.shim), config.spec.file,
                        config.spec.exportName, config.spec.functionName(), QString::number(config.memoryMb)};
    launch.workingDirectory = config.spec.folder();

    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    // The console's own secrets are not the function's business.
    for (const QString &key : environment.keys()) {
        if (key.startsWith(QLatin1String("CALLCONSOLE_")))
            environment.remove(key);
    }
    if (!environment.contains(QStringLiteral("AWS_REGION")))
        environment.insert(QStringLiteral("AWS_REGION"), environment.value(QStringLiteral("AWS_DEFAULT_REGION"), QStringLiteral("us-east-1")));
    environment.insert(QStringLiteral("AWS_LAMBDA_FUNCTION_NAME"), config.spec.functionName());
    environment.insert(QStringLiteral("AWS_LAMBDA_FUNCTION_VERSION"), QStringLiteral("$LATEST"));
    environment.insert(QStringLiteral("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"), QString::number(config.memoryMb));
    environment.insert(QStringLiteral("LAMBDA_TASK_ROOT"), launch.workingDirectory);
    // print() reaches the log as it happens, and no __pycache__ appears among the sources
    // (which would count as a change and reload the handler).
    environment.insert(QStringLiteral("PYTHONUNBUFFERED"), QStringLiteral("1"));
    environment.insert(QStringLiteral("PYTHONDONTWRITEBYTECODE"), QStringLiteral("1"));
    for (auto it = config.environment.cbegin(); it != config.environment.cend(); ++it)
        environment.insert(it.key(), it.value());
    launch.environment = environment;
    return launch;
}

} // namespace callconsole

// How a handler file is started: the system's node or python3, the console's runtime shim for
// that language (resources/handler, installed with the app), and the environment Lambda
// would give the function. Missing pieces are errors that say what to install.
#pragma once

#include "HandlerConfig.h"

#include <QProcessEnvironment>
#include <QStringList>

#include <optional>

namespace callconsole {

struct HandlerLaunch
{
    QString program;           // absolute path of node or python3
    QStringList arguments;     // the shim, then what it needs to load the handler
    QProcessEnvironment environment;
    QString workingDirectory;  // the handler's folder, as Lambda's LAMBDA_TASK_ROOT
};

// The folder holding node-runtime.js and python-runtime.py: $CALLCONSOLE_RUNTIME_DIR, else
// share/callconsole/handler beside the executable's bin folder (installed, and the build
// tree, which mirrors it), else the build tree this binary came from. Empty if none has them.
QString handlerRuntimeFolder();

std::optional<HandlerLaunch> handlerLaunch(const HandlerConfig &config, QString *error);

} // namespace callconsole

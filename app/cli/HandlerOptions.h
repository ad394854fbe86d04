// The --handler options that serve, simulate, place and run-flow share: which handler file
// runs as the endpoint's upstream, and the Lambda settings it runs with. Declared once and
// appended to each command's options.
#pragma once

#include "CommandOptions.h"
#include "EndpointConfig.h"

#include <QList>
#include <QString>

namespace callconsole::cli {

QList<Option> handlerOptions();

// Reads them from line into config: the handler, and every event sent to it. Returns the
// usage error that names the option, value and rule, or empty (also when --handler is absent).
QString readHandlerOptions(const CommandLine &line, EndpointConfig *config);

} // namespace callconsole::cli

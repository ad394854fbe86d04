// Runs one asynchronous backend call to completion for a command-line tool.
#pragma once

#include "ChimeVoiceClient.h"

#include <QEventLoop>

#include <optional>

namespace callconsole::cli {

// start(callback) begins the call; the result is returned once callback has run. A backend
// may answer at once (e.g. a request refused before sending): the loop only runs if needed.
template<typename Start>
aws::ApiResult blockingCall(Start start)
{
    std::optional<aws::ApiResult> result;
    QEventLoop loop;
    start([&](const aws::ApiResult &r) {
        result = r;
        loop.quit();
    });
    if (!result)
        loop.exec();
    return *result;
}

} // namespace callconsole::cli

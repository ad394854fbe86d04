// Runs one asynchronous backend call to completion for a command-line tool.
#pragma once

#include "ChimeVoiceClient.h"

#include <QEventLoop>

#include <optional>

namespace callconsole::cli {

// start(callback) begins the call; the result is returned once callback has run. A backend
// may answer at once (e.g. a request refused before sending): the loop only runs if needed.
template<typename Result, typename Start>
Result awaitResult(Start start)
{
    std::optional<Result> result;
    QEventLoop loop;
    start([&](const Result &r) {
        result = r;
        loop.quit();
    });
    if (!result)
        loop.exec();
    return *result;
}

template<typename Start>
aws::ApiResult blockingCall(Start start)
{
    return awaitResult<aws::ApiResult>(start);
}

} // namespace callconsole::cli

// Driving ChimeVoiceClient from a test: a config with short retry delays against a local
// server, and one call run to its callback.
#pragma once

#include "ChimeVoiceClient.h"

#include <QTest>
#include <QUrl>

#include <optional>

inline callconsole::aws::ClientConfig fastConfig(const QUrl &url)
{
    callconsole::aws::ClientConfig config;
    config.endpointUrl = url;
    config.baseDelayMs = 5;
    config.maxDelayMs = 20;
    config.timeoutMs = 60000;
    return config;
}

// Runs one call and waits for its callback (an empty result if it never comes).
template<typename Start>
callconsole::aws::ApiResult runCall(Start start)
{
    std::optional<callconsole::aws::ApiResult> result;
    start([&](const callconsole::aws::ApiResult &r) { result = r; });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 90000))
        return {};
    return *result;
}

// What the endpoint's threads share. Each thread (EndpointWorker) owns its connections and the
// requests on them; everything a request may need from beyond its own thread lives here and
// is safe to use from any of them.
#pragma once

#include "ConnectionGuard.h"
#include "EndpointAuth.h"
#include "EndpointConfig.h"
#include "HandlerHost.h"
#include "HeldRegistry.h"
#include "RefusalBudget.h"
#include "SessionStore.h"

#include <atomic>
#include <memory>

namespace callconsole {

struct EndpointCounters
{
    std::atomic<qint64> events{0};
    std::atomic<qint64> rejected{0};
    std::atomic<qint64> held{0};
    std::atomic<qint64> unanswered{0};   // recorded, but the client was gone before the reply
    std::atomic<qint64> nextExchange{1}; // request ids, unique across threads: held events use them
};

struct EndpointShared
{
    explicit EndpointShared(EndpointConfig endpointConfig) : config(std::move(endpointConfig)) {}

    const EndpointConfig config;
    EndpointCounters counters;
    ConnectionTally connections;
    EndpointAuth auth;
    HeldRegistry held;
    RefusalBudget refusals;
    std::unique_ptr<SessionStore> store; // null: nothing persisted
    std::unique_ptr<HandlerHost> handler; // null: no handler file configured
};

} // namespace callconsole

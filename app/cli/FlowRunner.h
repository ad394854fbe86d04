// Runs call flows on the built-in simulator, in-process, against the endpoint's upstream of
// choice (a handler file, a forward URL, or the reply rules). The simulator has no virtual
// clock: call time (rings, speech, pauses, the callee's digits, updates) runs `speed` times
// faster, while the service's 5 s retry and 20 s give-up stay in real time, because those wait
// on the handler, which runs at its own pace.
#pragma once

#include "CallFlow.h"
#include "EndpointConfig.h"
#include "FlowCheck.h"

#include <QList>

namespace callconsole::cli {

struct FlowCallResult
{
    const FlowCall *call = nullptr;
    ObservedCall observed;
    QList<FlowFailure> failures;
    QString error;          // the call could not be placed, or did not end
    qint64 durationMs = 0;

    bool passed() const { return error.isEmpty() && failures.isEmpty(); }
};

struct FlowRun
{
    const CallFlow *flow = nullptr;
    QList<FlowCallResult> calls;
    QList<DeliveryRecord> deliveries;
    QString error;          // the flow could not run at all (endpoint, handler, simulator)
    qint64 durationMs = 0;

    bool passed() const;
};

// endpoint: the upstream and rules to run with; its handler warms up before the first call.
FlowRun runFlow(const CallFlow &flow, const EndpointConfig &endpoint);

} // namespace callconsole::cli

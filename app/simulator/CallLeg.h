// The legs of one simulated call: LEG-A, the call the transaction began with, and LEG-B once
// CallAndBridge or JoinChimeMeeting adds one (sma-reference.md §1.1). Both the call's
// lifecycle (SimulatedCall) and its action execution (ActionRunner) read and change them.
#pragma once

#include "InvocationEvent.h"

#include <array>

namespace callconsole {

struct CallLeg
{
    Participant participant;
    bool present = false;
    bool meeting = false;   // JoinChimeMeeting's leg to the Amazon Chime SDK meeting, not a phone

    bool isConnected() const { return present && participant.status == ParticipantStatus::Connected; }
};

using CallLegs = std::array<CallLeg, 2>;

} // namespace callconsole

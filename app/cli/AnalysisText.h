// The text `analyze` prints for each transaction — its state, legs, events in Sequence order
// and anomalies — shared by every command that ends with an analysis (analyze, import, logs).
#pragma once

#include "CallStore.h"

namespace callconsole::cli {

void printAnalysisText(const CallStore &store);

} // namespace callconsole::cli

#include "AnalysisText.h"

#include "CliOutput.h"

namespace callconsole::cli {

void printAnalysisText(const CallStore &store)
{
    auto &o = out();
    for (int i = 0; i < store.transactionCount(); ++i) {
        const TransactionAnalysis &t = store.transaction(i);
        o << "Transaction " << t.transactionId();
        if (!t.from().isEmpty())
            o << " (" << t.from() << " → " << t.to() << ")";
        o << ": " << t.stateText() << "\n";
        for (const LegState &leg : t.legs()) {
            o << "  " << toString(leg.tag) << "  " << toString(leg.phase);
            if (leg.phase == CallPhase::Ended)
                o << " (SIP " << leg.sipResponseCode << ")";
            o << "\n";
        }
        o << "  events in Sequence order:\n";
        for (const int index : t.sequenceOrder()) {
            const EventRecord &r = t.eventsByArrival().at(index);
            o << "    Seq " << QString::number(r.sequence).rightJustified(3) << "  "
              << toString(r.type).leftJustified(24) << " arrived #" << r.arrivalIndex;
            if (r.replyLatencyMs >= 0)
                o << ", reply " << r.replyLatencyMs << " ms";
            if (r.isDuplicate)
                o << ", duplicate";
            o << "\n";
        }
        const QList<Anomaly> anomalies = t.anomalies();
        if (anomalies.isEmpty()) {
            o << "  no anomalies\n";
        } else {
            o << "  anomalies:\n";
            for (const Anomaly &a : anomalies)
                o << "    " << toString(a.kind).leftJustified(19) << " Seq " << a.sequence << ": " << a.message << "\n";
        }
    }
}

} // namespace callconsole::cli

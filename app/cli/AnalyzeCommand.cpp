// callconsole analyze FILE.jsonl : per-transaction state and ordering anomalies of an event log,
// the same analysis the timeline draws, for CI jobs and bug reports.
#include "AnalysisText.h"
#include "CallStore.h"
#include "CliOutput.h"
#include "CommandOptions.h"
#include "EventLogFile.h"

#include <QJsonDocument>

namespace callconsole::cli {

CommandDefinition analyzeDefinition()
{
    return {"analyze", "Per-transaction state and ordering anomalies of a .jsonl event log",
            {Argument::one("FILE.jsonl", "the event log; - reads standard input").file()},
            {Option::flag("json", "print {\"transactions\":[{\"transactionId\",\"state\",\"legs\",\"events\",\"anomalies\"}]}")},
            "Read SMA invocation events, one JSON object per line in arrival order (- for stdin),\n"
            "and print each transaction's state, its legs, its events and its ordering anomalies:\n"
            "sequence_gap, out_of_order, duplicate, after_hangup, illegal_transition, missing_start,\n"
            "late_reply.\n\n"
            "A line is either a bare invocation event, or a wrapper that also gives the arrival time\n"
            "and the reply latency:\n"
            "  {\"receivedAtMs\": 1700000000000, \"replyLatencyMs\": 5200, \"event\": {...}}\n"
            "Blank lines are skipped. A malformed line is reported with its number and skipped.",
            "Exit status: 0 every line read, 1 some lines rejected, 2 usage error or unreadable file."};
}

int runAnalyze(const CommandLine &line)
{
    const QString commandName = line.definition().name;
    const bool asJson = line.isSet("json");
    const QString path = line.positional().first();

    CallStore store;
    const EventLogReadResult read = readEventLog(path, [&store](int lineNumber, EventLogLine &&line) {
        // Without an arrival time, the line number keeps arrival order on the time axis.
        store.append(line.event, line.receivedAtMs.value_or(lineNumber), line.replyLatencyMs);
    });
    if (!read.error.isEmpty())
        return fail(commandName, read.error);
    const int rejected = read.rejected;

    if (asJson) {
        QJsonObject document = store.toJson();
        document.insert(QStringLiteral("rejectedLines"), rejected);
        out() << QJsonDocument(document).toJson(QJsonDocument::Indented);
    } else {
        printAnalysisText(store);
        out() << store.eventCount() << " events in " << store.transactionCount() << " transactions, "
              << store.anomalyCount() << " anomalies, " << rejected << " rejected lines\n";
    }
    out().flush();
    return rejected > 0 ? 1 : 0;
}

} // namespace callconsole::cli

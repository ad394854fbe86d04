// callconsole diff A B : two runs of the same calls compared — sessions, exports, event logs or
// run-flow results — paired by their flow, with where the events, replies, anomalies differ.
#include "CliOutput.h"
#include "CommandOptions.h"
#include "ObservedRun.h"
#include "RunComparison.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace callconsole::cli {

namespace {

QString callName(const ObservedRun &run, const ObservedCall *call)
{
    const qsizetype index = call - run.calls.constData();
    return run.callNames.value(index, call->transactionId);
}

} // namespace

CommandDefinition diffDefinition()
{
    return {"diff", "Compare two runs (sessions, logs, flow results) call by call",
            {Argument::one("A", "a session file, its JSON export, an event log (.jsonl) or run-flow --json output").file(),
             Argument::one("B", "the run to compare with A, in any of the same forms").file()},
            {Option::flag("json", "print the comparison as JSON")},
            "Compare two runs of the same calls. Calls are paired by their flow (event types in\n"
            "Sequence order), since TransactionIds differ on every run; for each pair the report shows\n"
            "where the events, the replies (action types, or the first differing value, with each\n"
            "run's own CallIds read as the leg they stand for), the anomalies or the SIP code at the\n"
            "end differ: what your handler changed between yesterday and today.",
            "Exit status: 0 the runs agree, 1 they differ, 2 a file could not be read."};
}

int runDiff(const CommandLine &line)
{
    const QString commandName = line.definition().name;
    const QStringList files = line.positional();
    const bool json = line.isSet("json");
    QString error;
    const std::optional<ObservedRun> a = readObservedRun(files.at(0), &error);
    if (!a)
        return fail(commandName, error);
    const std::optional<ObservedRun> b = readObservedRun(files.at(1), &error);
    if (!b)
        return fail(commandName, error);
    const RunDifference difference = compareRuns(a->calls, b->calls);

    if (json) {
        QJsonArray pairs;
        for (const CallPair &pair : difference.pairs) {
            QJsonArray differences;
            for (const CallDifference &d : pair.differences)
                differences << QJsonObject{{QStringLiteral("sequence"), d.sequence}, {QStringLiteral("text"), d.text}};
            pairs << QJsonObject{{QStringLiteral("a"), callName(*a, pair.a)},
                                 {QStringLiteral("b"), callName(*b, pair.b)},
                                 {QStringLiteral("aTransactionId"), pair.a->transactionId},
                                 {QStringLiteral("bTransactionId"), pair.b->transactionId},
                                 {QStringLiteral("differences"), differences}};
        }
        QJsonArray onlyA;
        for (const ObservedCall *call : difference.onlyA)
            onlyA << callName(*a, call);
        QJsonArray onlyB;
        for (const ObservedCall *call : difference.onlyB)
            onlyB << callName(*b, call);
        out() << QJsonDocument(QJsonObject{{QStringLiteral("identical"), difference.identical()},
                                           {QStringLiteral("pairs"), pairs},
                                           {QStringLiteral("onlyA"), onlyA},
                                           {QStringLiteral("onlyB"), onlyB}})
                     .toJson(QJsonDocument::Indented);
        out().flush();
        return difference.identical() ? 0 : 1;
    }

    out() << "A: " << a->label << " (" << a->calls.size() << " calls)\n"
          << "B: " << b->label << " (" << b->calls.size() << " calls)\n\n";
    int differing = 0;
    for (const CallPair &pair : difference.pairs) {
        const QString nameA = callName(*a, pair.a);
        const QString nameB = callName(*b, pair.b);
        out() << (pair.differences.isEmpty() ? "same  " : "DIFF  ") << nameA;
        if (nameB != nameA)
            out() << "  ↔  " << nameB;
        out() << "  (" << pair.a->events.size() << " events: " << flowText(*pair.a) << ")\n";
        for (const CallDifference &d : pair.differences)
            out() << "      " << d.text << "\n";
        differing += pair.differences.isEmpty() ? 0 : 1;
    }
    for (const ObservedCall *call : difference.onlyA)
        out() << "ONLY IN A  " << callName(*a, call) << "  (" << flowText(*call) << ")\n";
    for (const ObservedCall *call : difference.onlyB)
        out() << "ONLY IN B  " << callName(*b, call) << "  (" << flowText(*call) << ")\n";
    out() << "\n" << difference.pairs.size() << " calls paired: " << differing << " differ";
    if (!difference.onlyA.isEmpty() || !difference.onlyB.isEmpty())
        out() << "; " << difference.onlyA.size() << " only in A, " << difference.onlyB.size() << " only in B";
    out() << "\n";
    out().flush();
    return difference.identical() ? 0 : 1;
}

} // namespace callconsole::cli

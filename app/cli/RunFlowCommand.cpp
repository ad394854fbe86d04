// callconsole run-flow : call flows as tests, on the built-in simulator, against a handler file,
// a forward URL or the reply rules; a report a person reads, JUnit XML for CI, JSON for scripts.
#include "CliOutput.h"
#include "CommandOptions.h"
#include "FlowReport.h"
#include "FlowRunner.h"
#include "HandlerOptions.h"
#include "OptionValues.h"

#include <QJsonDocument>
#include <QSaveFile>

namespace callconsole::cli {

CommandDefinition runFlowDefinition()
{
    return {"run-flow", "Run call flows as tests against your handler; a report, JUnit XML",
            {Argument::oneOrMore("FLOW", "a flow file (JSON): the calls to place and what must happen").file()},
            handlerOptions()
                + QList<Option>{Option::value("forward", "URL", "your handler, already running behind this URL"),
                                Option::value("rules", "FILE", "reply rules (JSON); without them: the built-in replies").file(),
                                Option::value("junit", "FILE", "write JUnit XML, one test case per call").file(),
                                Option::value("speed", "X", "run every flow's call time X times faster (default: the "
                                                            "flow's own speed, else 10)"),
                                Option::flag("json", "print the results as JSON (which diff reads) instead of the report")},
            "Run each flow's calls on the built-in simulator with the console's endpoint answering\n"
            "them, then check the flow's expectations: event order (per leg), the reply actions to\n"
            "given events, TransactionAttributes, no anomalies (of given kinds), the SIP code the\n"
            "call ended with, a maximum reply latency, lines in the handler's log.\n\n"
            "Call time runs at the flow's speed; the service's retry and give-up deadlines stay in\n"
            "real time, since they wait on the handler. Call time also runs while the handler works,\n"
            "so lower the speed for a slow handler.",
            "Exit status: 0 every expectation held, 1 one did not, 2 a flow or option is invalid."};
}

int runRunFlow(const CommandLine &line)
{
    const QString commandName = line.definition().name;
    double speed = 0; // 0: each flow's own
    if (!line.read("speed", &speed, 0.001, 1000))
        return line.usageError();

    EndpointConfig endpoint;
    if (line.isSet("rules")) {
        const QString rulesPath = line.value("rules");
        const Parsed<ReplyRules> rules = ReplyRules::load(rulesPath);
        if (!rules.ok()) {
            for (const ValidationIssue &issue : rules.issues)
                err() << rulesPath << ": " << issue.message() << "\n";
            return fail(commandName, QStringLiteral("%1: the rules are not valid").arg(rulesPath));
        }
        endpoint.rules = *rules.value;
    }
    if (line.isSet("forward")) {
        const std::optional<QUrl> url = httpUrl(line.value("forward"));
        if (!url)
            return line.reject("forward", QStringLiteral("expected an http(s) URL"));
        endpoint.rules.setGlobalForward(*url);
    }
    if (const QString error = readHandlerOptions(line, &endpoint); !error.isEmpty())
        return fail(commandName, error);

    // Every flow is read before any runs: a typo in the last file should not wait for the first.
    QList<CallFlow> flows;
    bool valid = true;
    for (const QString &file : line.positional()) {
        const Parsed<CallFlow> flow = CallFlow::load(file);
        for (const ValidationIssue &issue : flow.issues)
            err() << file << ": " << issue.message() << "\n";
        if (!flow.ok()) {
            valid = false;
            continue;
        }
        flows << *flow.value;
        if (speed > 0)
            flows.last().speed = speed;
    }
    if (!valid)
        return fail(commandName, QStringLiteral("the flows are not valid"));

    QList<FlowRun> runs;
    for (const CallFlow &flow : std::as_const(flows))
        runs << runFlow(flow, endpoint);

    if (line.isSet("json"))
        out() << QJsonDocument(flowRunsJson(runs)).toJson(QJsonDocument::Indented);
    else
        writeFlowReport(runs, out());
    out().flush();
    if (line.isSet("junit")) {
        const QString junitPath = line.value("junit");
        QSaveFile file(junitPath);
        if (!file.open(QIODevice::WriteOnly))
            return fail(commandName, QStringLiteral("--junit %1: %2").arg(junitPath, file.errorString()));
        writeJUnit(runs, file);
        if (!file.commit())
            return fail(commandName, QStringLiteral("--junit %1: %2").arg(junitPath, file.errorString()));
    }
    const bool passed = std::all_of(runs.cbegin(), runs.cend(), [](const FlowRun &run) { return run.passed(); });
    return passed ? 0 : 1;
}

} // namespace callconsole::cli

// callconsole demo : a scripted tour on the built-in simulator — an answered call with speech
// and DTMF, a busy line, an unanswered call, and a slow handler that makes the service retry —
// printed as a text timeline with the anomalies the analysis finds.
#include "CliOutput.h"
#include "CommandOptions.h"
#include "LocalConsole.h"

namespace callconsole::cli {

namespace {

const char *const demoRules = R"({"rules": [
  {"name": "menu", "event": "CALL_ANSWERED", "match": {"To": "+12065550123"},
   "reply": {"SchemaVersion": "1.0", "Actions": [
     {"Type": "Speak", "Parameters": {"Text": "Welcome to the demo. Press 1, then pound.", "CallId": "{{CallDetails.Participants[0].CallId}}"}},
     {"Type": "ReceiveDigits", "Parameters": {"InputDigitsRegex": "[0-9]+#", "InBetweenDigitsDurationInMilliseconds": 1000,
                                              "FlushDigitsDurationInMilliseconds": 10000, "CallId": "{{CallDetails.Participants[0].CallId}}"}},
     {"Type": "Pause", "Parameters": {"DurationInMilliseconds": 3000, "CallId": "{{CallDetails.Participants[0].CallId}}"}}]}},
  {"name": "digits", "event": "DIGITS_RECEIVED",
   "reply": {"SchemaVersion": "1.0", "Actions": [
     {"Type": "Speak", "Parameters": {"Text": "You pressed {{ActionData.ReceivedDigits}}. Goodbye.", "CallId": "{{CallDetails.Participants[0].CallId}}"}},
     {"Type": "Hangup", "Parameters": {"SipResponseCode": "0"}}]}},
  {"name": "slow handler", "event": "CALL_ANSWERED", "match": {"To": "+12065550177"}, "breakpoint": true}
]})";

} // namespace

CommandDefinition demoDefinition()
{
    return {"demo", "A scripted tour of calls on the built-in simulator",
            {},
            {Option::value("speed", "X", "run the calls X times faster (0.1 to 100)").byDefault("1"),
             // `callconsole --demo` without a display lands here with its own option.
             Option::flag("demo", "the desktop demo's option").hidden()},
            "Runs the built-in SMA simulator and the console's endpoint in-process and places four\n"
            "calls: an answered call with speech and DTMF, a busy line, an unanswered call, and a\n"
            "slow handler (held at a breakpoint past the service's 5 s retry). Prints each event as\n"
            "it is answered, then every transaction's state and anomalies. Takes about 20 s at --speed 1."};
}

int runDemo(const CommandLine &line)
{
    double speed = 1.0;
    if (!line.read("speed", &speed, 0.1, 100))
        return line.usageError();
    SimulatorConfig simulator = SimulatorConfig::defaults();
    simulator.speed = speed;
    simulator.ringTimeoutMs = 6000;
    EndpointConfig endpoint;
    endpoint.rules = *ReplyRules::fromJson(demoRules).value;
    // Longer than the service's 5 s retry, so the held event is delivered twice.
    endpoint.breakpointDeadlineMs = int(6000 / speed);
    LocalConsole console(simulator, endpoint);
    QString error;
    if (!console.start(&error))
        return fail(QStringLiteral("demo"), error);

    const SimulatedSma &sma = simulator.applications.first();
    out() << "Call Console demo: the built-in SMA simulator (" << console.simulator().url().toString()
          << ") calls the console's endpoint (" << console.endpoint().url().toString() << ").\n"
          << "Placing four calls from " << simulator.phoneNumbers.first().e164PhoneNumber << " through CreateSipMediaApplicationCall:\n"
          << "  +12065550123 answers, listens and presses 1#\n  +12065550186 is busy\n"
          << "  +12065550148 never answers\n  +12065550177 answers, but the handler is slow (held at a breakpoint)\n\n";
    out().flush();
    console.printTimeline(true);
    QSet<QString> ids;
    for (const QString &to : {QStringLiteral("+12065550123"), QStringLiteral("+12065550186"),
                             QStringLiteral("+12065550148"), QStringLiteral("+12065550177")}) {
        const QString id = console.placeCall(sma.id, simulator.phoneNumbers.first().e164PhoneNumber, to, {{QStringLiteral("demo"), QStringLiteral("tour")}}, &error);
        if (id.isEmpty())
            return fail(QStringLiteral("demo"), error, 1);
        ids.insert(id);
    }
    const bool finished = console.waitForEnd(ids, int(90000 / speed) + 30000);
    out() << "\nWhat the console saw (TransactionId per call, state, and ordering anomalies):\n";
    LocalConsole::printAnalysis(console.store());
    out() << "\nNext: `callconsole` opens the desktop console; `callconsole place --to +12065550123 --wait`\n"
             "places one call; `callconsole serve` / `simulate` run each half on its own.\n";
    out().flush();
    return finished ? 0 : fail(QStringLiteral("demo"), QStringLiteral("not every call ended in time"), 1);
}

} // namespace callconsole::cli

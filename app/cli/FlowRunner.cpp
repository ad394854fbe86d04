#include "FlowRunner.h"

#include "LocalConsole.h"
#include "SimulatedAccount.h"
#include "SimulatedCall.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>

#include <algorithm>
#include <cmath>

namespace callconsole::cli {

namespace {

constexpr int handlerWarmUpMs = 15000;
constexpr int realTimeAllowanceMs = 30000; // a handler's own time on top of the call time

// The simulator for this flow: its overrides, then each call's callee first in line.
Parsed<SimulatorConfig> simulatorFor(const CallFlow &flow)
{
    QJsonObject root = flow.simulator;
    Parsed<SimulatorConfig> base = SimulatorConfig::fromJson(QJsonDocument(root).toJson(QJsonDocument::Compact));
    if (!base.ok())
        return base;
    QList<CalleeBehaviour> callees;
    for (qsizetype i = 0; i < flow.calls.size(); ++i) {
        if (flow.calls.at(i).inbound)
            continue;
        QJsonObject callee = flow.calls.at(i).callee;
        callee.insert(QStringLiteral("to"), flow.calls.at(i).to);
        const Parsed<SimulatorConfig> one = SimulatorConfig::fromJson(
            QJsonDocument(QJsonObject{{QStringLiteral("callees"), QJsonArray{callee}}}).toJson(QJsonDocument::Compact));
        for (ValidationIssue issue : one.issues) {
            issue.path.replace(QStringLiteral("callees[0]"), QStringLiteral("calls[%1].callee").arg(i));
            base.issues << issue;
        }
        if (one.value && !one.value->callees.isEmpty())
            callees << one.value->callees.first();
    }
    if (hasErrors(base.issues)) {
        base.value.reset();
        return base;
    }
    base.value->callees = callees + base.value->callees;
    base.value->speed = flow.speed;
    // The service's waits on the handler stay in real time (see the header).
    base.value->retryAfterMs = int(std::lround(base.value->retryAfterMs * flow.speed));
    base.value->giveUpAfterMs = int(std::lround(base.value->giveUpAfterMs * flow.speed));
    return base;
}

// The flow's caller in the dial-in route's own shape (SimulatorServer::dialIn).
QJsonObject dialInBody(const FlowCall &call)
{
    QJsonObject body{{QStringLiteral("FromPhoneNumber"), call.from}, {QStringLiteral("ToPhoneNumber"), call.to}};
    if (call.caller.isEmpty())
        return body;
    QJsonObject caller;
    if (call.caller.contains(QStringLiteral("hangupAfterMs")))
        caller.insert(QStringLiteral("HangupAfterMs"), call.caller.value(QStringLiteral("hangupAfterMs")));
    QJsonArray digits;
    for (const QJsonValue &press : call.caller.value(QStringLiteral("digits")).toArray()) {
        digits << QJsonObject{{QStringLiteral("AtMs"), press.toObject().value(QStringLiteral("atMs"))},
                              {QStringLiteral("Digits"), press.toObject().value(QStringLiteral("digits"))}};
    }
    if (!digits.isEmpty())
        caller.insert(QStringLiteral("Digits"), digits);
    body.insert(QStringLiteral("Caller"), caller);
    return body;
}

void waitFor(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    while (!done() && clock.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 20);
}

} // namespace

bool FlowRun::passed() const
{
    return error.isEmpty() && std::all_of(calls.cbegin(), calls.cend(), [](const FlowCallResult &c) { return c.passed(); });
}

FlowRun runFlow(const CallFlow &flow, const EndpointConfig &endpoint)
{
    FlowRun run;
    run.flow = &flow;
    QElapsedTimer clock;
    clock.start();
    const Parsed<SimulatorConfig> simulator = simulatorFor(flow);
    if (!simulator.ok()) {
        run.error = messages(simulator.issues).join(QStringLiteral("; "));
        return run;
    }
    EndpointConfig config = endpoint;
    config.sessionPath.clear(); // the run's deliveries are kept here, not in a file
    LocalConsole console(*simulator.value, config);
    QObject::connect(&console.endpoint(), &EndpointServer::deliveriesReady, &console,
                     [&run](const QList<DeliveryRecord> &batch) { run.deliveries << batch; });
    bool warm = !config.handler;
    QString loadError;
    QObject::connect(&console.endpoint(), &EndpointServer::handlerNotice, &console, [&](const QString &text) {
        warm = true;
        if (text.contains(QLatin1String("did not load")))
            loadError = text;
    });
    QString error;
    if (!console.start(&error)) {
        run.error = error;
        return run;
    }
    // A cold start belongs to no call: it would make the first call's timing differ run to run.
    waitFor([&] { return warm; }, handlerWarmUpMs);
    Q_UNUSED(loadError) // the calls show it, as function errors with the interpreter's message

    const QString smaId = simulator.value->applications.first().id;
    const auto scaled = [&flow](int ms) { return int(ms / flow.speed); };
    QHash<int, QString> transactions;
    QHash<int, qint64> startedAt;
    QSet<QString> ids;
    int started = 0;
    for (qsizetype i = 0; i < flow.calls.size(); ++i) {
        QTimer::singleShot(scaled(flow.calls.at(i).startAtMs), &console, [&, i, &call = flow.calls.at(i)] {
            StringMap arguments;
            for (auto it = call.arguments.cbegin(); it != call.arguments.cend(); ++it)
                arguments.insert(it.key(), it.value());
            QString placeError;
            QString id;
            if (call.inbound) {
                const ApiAnswer answer = console.simulator().dialIn(dialInBody(call));
                if (answer.isError())
                    placeError = QStringLiteral("%1: %2").arg(answer.errorType, answer.message);
                else
                    id = answer.body.value(QStringLiteral("TransactionId")).toString();
            } else {
                id = console.placeCall(smaId, call.from, call.to, arguments, &placeError);
            }
            ++started;
            startedAt.insert(int(i), clock.elapsed());
            if (id.isEmpty()) {
                transactions.insert(int(i), QStringLiteral("error:") + placeError);
                return;
            }
            transactions.insert(int(i), id);
            ids.insert(id);
            console.setLabel(id, call.name);
            for (const FlowUpdate &update : call.updates) {
                QTimer::singleShot(scaled(update.atMs), &console, [&console, id, update] {
                    if (SimulatedCall *live = console.simulator().call(id)) {
                        StringMap arguments;
                        for (auto it = update.arguments.cbegin(); it != update.arguments.cend(); ++it)
                            arguments.insert(it.key(), it.value());
                        live->update(arguments);
                    }
                });
            }
            if (call.hangupAtMs)
                QTimer::singleShot(scaled(*call.hangupAtMs), &console, [&console, id] { console.simulator().hangUp(id); });
        });
    }
    const int timeoutMs = scaled(flow.timeoutMs) + realTimeAllowanceMs;
    waitFor([&] { return started == flow.calls.size(); }, timeoutMs);
    const bool ended = console.waitForEnd(ids, timeoutMs);
    QCoreApplication::processEvents(); // the last batch of deliveries

    for (qsizetype i = 0; i < flow.calls.size(); ++i) {
        FlowCallResult result;
        result.call = &flow.calls.at(i);
        const QString id = transactions.value(int(i));
        if (id.isEmpty() || id.startsWith(QLatin1String("error:"))) {
            result.error = id.isEmpty() ? QStringLiteral("the call was never placed")
                                        : QStringLiteral("the call could not be placed: %1").arg(id.mid(6));
        } else {
            result.observed = ObservedCall::fromDeliveries(id, run.deliveries);
            result.failures = checkFlowCall(result.call->expect, result.observed);
            if (!ended && console.simulator().call(id) && !console.simulator().call(id)->isEnded())
                result.error = QStringLiteral("the call had not ended after %1 s of call time").arg(flow.timeoutMs / 1000);
        }
        result.durationMs = clock.elapsed() - startedAt.value(int(i));
        run.calls << result;
    }
    run.durationMs = clock.elapsed();
    return run;
}

} // namespace callconsole::cli

#include "FlowReport.h"

#include <QJsonArray>
#include <QXmlStreamWriter>

namespace callconsole::cli {

namespace {

constexpr int eventsAround = 2;

QString seconds(qint64 ms)
{
    return QString::number(ms / 1000.0, 'f', 2);
}

// The failure in a few lines: what was expected, what happened, the events around it.
QString failureText(const FlowFailure &failure, const ObservedCall &observed)
{
    QString text;
    QTextStream out(&text);
    out << failure.expectation << ":\n"
        << "    expected  " << failure.expected << "\n"
        << "    got       " << failure.actual << "\n";
    if (observed.events.isEmpty())
        return text;
    qsizetype at = 0;
    while (at + 1 < observed.events.size() && observed.events.at(at).sequence < failure.sequence)
        ++at;
    if (failure.sequence == 0)
        at = observed.events.size() - 1;
    const qsizetype from = std::max<qsizetype>(0, at - eventsAround);
    const qsizetype to = std::min<qsizetype>(observed.events.size() - 1, at + eventsAround);
    out << "    events around it:\n";
    for (qsizetype i = from; i <= to; ++i)
        out << (i == at && failure.sequence > 0 ? "  ▶   " : "      ") << describeObservedEvent(observed.events.at(i)) << "\n";
    const QByteArray log = failure.sequence > 0 ? observed.events.at(at).handlerLog : QByteArray();
    if (!log.isEmpty()) {
        out << "    handler log at seq " << failure.sequence << ":\n";
        for (const QByteArray &line : log.trimmed().split('\n'))
            out << "      | " << QString::fromUtf8(line) << "\n";
    }
    return text;
}

QString callTitle(const FlowRun &run, const FlowCallResult &call)
{
    return run.flow->name + QStringLiteral(" › ") + call.call->name;
}

QString fullLog(const ObservedCall &observed)
{
    QString log;
    for (const ObservedEvent &event : observed.events) {
        if (!event.handlerLog.isEmpty())
            log += QStringLiteral("seq %1 %2\n%3").arg(event.sequence).arg(event.type, QString::fromUtf8(event.handlerLog));
    }
    return log;
}

QJsonObject eventJson(const ObservedEvent &event)
{
    QJsonObject object{{QStringLiteral("sequence"), event.sequence},
                       {QStringLiteral("type"), event.type},
                       {QStringLiteral("leg"), event.leg},
                       {QStringLiteral("statusCode"), event.statusCode},
                       {QStringLiteral("replySource"), event.replySource},
                       {QStringLiteral("replyLatencyMs"), event.replyLatencyMs}};
    if (!event.actionType.isEmpty())
        object.insert(QStringLiteral("actionType"), event.actionType);
    if (event.replyIsActionList)
        object.insert(QStringLiteral("replyActions"), QJsonArray::fromStringList(event.replyActions));
    object.insert(QStringLiteral("reply"), event.reply);
    if (event.transactionAttributes)
        object.insert(QStringLiteral("transactionAttributes"), *event.transactionAttributes);
    if (!event.handlerLog.isEmpty())
        object.insert(QStringLiteral("handlerLog"), QString::fromUtf8(event.handlerLog));
    return object;
}

} // namespace

void writeFlowReport(const QList<FlowRun> &runs, QTextStream &out)
{
    int passed = 0;
    int failed = 0;
    for (const FlowRun &run : runs) {
        if (!run.error.isEmpty()) {
            out << "ERROR " << run.flow->name << " (" << run.flow->file << "): " << run.error << "\n";
            ++failed;
            continue;
        }
        for (const FlowCallResult &call : run.calls) {
            out << (call.passed() ? "PASS  " : "FAIL  ") << callTitle(run, call) << "  (" << call.observed.events.size()
                << " events, " << seconds(call.durationMs) << " s)\n";
            call.passed() ? ++passed : ++failed;
            if (!call.error.isEmpty())
                out << "  " << call.error << "\n";
            for (const FlowFailure &failure : call.failures) {
                for (const QString &line : failureText(failure, call.observed).split(QLatin1Char('\n'), Qt::SkipEmptyParts))
                    out << "  " << line << "\n";
            }
        }
    }
    out << "\n" << passed + failed << (passed + failed == 1 ? " call" : " calls") << " in " << runs.size()
        << (runs.size() == 1 ? " flow" : " flows") << ": " << passed << " passed, " << failed << " failed\n";
    out.flush();
}

void writeJUnit(const QList<FlowRun> &runs, QIODevice &device)
{
    QXmlStreamWriter xml(&device);
    xml.setAutoFormatting(true);
    xml.writeStartDocument();
    xml.writeStartElement(QStringLiteral("testsuites"));
    xml.writeAttribute(QStringLiteral("name"), QStringLiteral("callconsole run-flow"));
    for (const FlowRun &run : runs) {
        int failures = run.error.isEmpty() ? 0 : 1;
        for (const FlowCallResult &call : run.calls)
            failures += call.passed() ? 0 : 1;
        xml.writeStartElement(QStringLiteral("testsuite"));
        xml.writeAttribute(QStringLiteral("name"), run.flow->name);
        xml.writeAttribute(QStringLiteral("file"), run.flow->file);
        xml.writeAttribute(QStringLiteral("tests"), QString::number(std::max<qsizetype>(1, run.calls.size())));
        xml.writeAttribute(QStringLiteral("failures"), QString::number(failures));
        xml.writeAttribute(QStringLiteral("errors"), QStringLiteral("0"));
        xml.writeAttribute(QStringLiteral("time"), seconds(run.durationMs));
        if (!run.error.isEmpty()) {
            xml.writeStartElement(QStringLiteral("testcase"));
            xml.writeAttribute(QStringLiteral("classname"), run.flow->name);
            xml.writeAttribute(QStringLiteral("name"), QStringLiteral("run"));
            xml.writeStartElement(QStringLiteral("failure"));
            xml.writeAttribute(QStringLiteral("message"), run.error);
            xml.writeCharacters(run.error);
            xml.writeEndElement();
            xml.writeEndElement();
        }
        for (const FlowCallResult &call : run.calls) {
            xml.writeStartElement(QStringLiteral("testcase"));
            xml.writeAttribute(QStringLiteral("classname"), run.flow->name);
            xml.writeAttribute(QStringLiteral("name"), call.call->name);
            xml.writeAttribute(QStringLiteral("time"), seconds(call.durationMs));
            if (!call.passed()) {
                QString details = call.error.isEmpty() ? QString() : call.error + QLatin1Char('\n');
                for (const FlowFailure &failure : call.failures)
                    details += failureText(failure, call.observed);
                const QString message = !call.error.isEmpty() ? call.error
                                      : QStringLiteral("%1: expected %2, got %3")
                                            .arg(call.failures.first().expectation, call.failures.first().expected, call.failures.first().actual);
                xml.writeStartElement(QStringLiteral("failure"));
                xml.writeAttribute(QStringLiteral("message"), message);
                xml.writeAttribute(QStringLiteral("type"), call.failures.isEmpty() ? QStringLiteral("call") : call.failures.first().expectation);
                xml.writeCharacters(details);
                xml.writeEndElement();
            }
            const QString log = fullLog(call.observed);
            if (!log.isEmpty())
                xml.writeTextElement(QStringLiteral("system-out"), log);
            xml.writeEndElement();
        }
        xml.writeEndElement();
    }
    xml.writeEndElement();
    xml.writeEndDocument();
}

QJsonObject flowRunsJson(const QList<FlowRun> &runs)
{
    QJsonArray flows;
    bool allPassed = true;
    for (const FlowRun &run : runs) {
        allPassed = allPassed && run.passed();
        QJsonArray calls;
        for (const FlowCallResult &call : run.calls) {
            QJsonArray failures;
            for (const FlowFailure &failure : call.failures) {
                failures << QJsonObject{{QStringLiteral("expectation"), failure.expectation},
                                        {QStringLiteral("expected"), failure.expected},
                                        {QStringLiteral("actual"), failure.actual},
                                        {QStringLiteral("sequence"), failure.sequence}};
            }
            QJsonArray events;
            for (const ObservedEvent &event : call.observed.events)
                events << eventJson(event);
            QJsonArray anomalies;
            for (const Anomaly &anomaly : call.observed.anomalies) {
                anomalies << QJsonObject{{QStringLiteral("kind"), toString(anomaly.kind)},
                                         {QStringLiteral("sequence"), anomaly.sequence},
                                         {QStringLiteral("message"), anomaly.message}};
            }
            QJsonObject object{{QStringLiteral("name"), call.call->name},
                               {QStringLiteral("transactionId"), call.observed.transactionId},
                               {QStringLiteral("passed"), call.passed()},
                               {QStringLiteral("failures"), failures},
                               {QStringLiteral("events"), events},
                               {QStringLiteral("anomalies"), anomalies},
                               {QStringLiteral("durationMs"), double(call.durationMs)}};
            QJsonObject identifiers;
            for (auto it = call.observed.identifiers.cbegin(); it != call.observed.identifiers.cend(); ++it)
                identifiers.insert(it.key(), it.value());
            object.insert(QStringLiteral("identifiers"), identifiers);
            if (call.observed.endSipCode)
                object.insert(QStringLiteral("endSipCode"), *call.observed.endSipCode);
            if (!call.error.isEmpty())
                object.insert(QStringLiteral("error"), call.error);
            calls << object;
        }
        QJsonObject flow{{QStringLiteral("name"), run.flow->name},
                         {QStringLiteral("file"), run.flow->file},
                         {QStringLiteral("passed"), run.passed()},
                         {QStringLiteral("calls"), calls},
                         {QStringLiteral("durationMs"), double(run.durationMs)}};
        if (!run.error.isEmpty())
            flow.insert(QStringLiteral("error"), run.error);
        flows << flow;
    }
    return QJsonObject{{QStringLiteral("passed"), allPassed}, {QStringLiteral("flows"), flows}};
}

} // namespace callconsole::cli

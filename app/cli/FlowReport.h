// What `run-flow` prints and writes: a report a person reads (each failed expectation with the
// expected against what happened, the events around it and the handler's log there), JUnit XML
// that CI systems display, and JSON for scripts and `diff`.
#pragma once

#include "FlowRunner.h"

#include <QIODevice>
#include <QJsonObject>
#include <QTextStream>

namespace callconsole::cli {

void writeFlowReport(const QList<FlowRun> &runs, QTextStream &out);
void writeJUnit(const QList<FlowRun> &runs, QIODevice &out);
QJsonObject flowRunsJson(const QList<FlowRun> &runs);

} // namespace callconsole::cli

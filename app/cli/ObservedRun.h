// The calls of one recorded run, whatever recorded it: a session file (.ccsession), its JSON
// export, an event log (.jsonl, with the recorded replies) or `run-flow --json` output. What
// `diff` compares.
#pragma once

#include "FlowCheck.h"

#include <QList>
#include <QString>

#include <optional>

namespace callconsole::cli {

struct ObservedRun
{
    QString label;               // the file, or "FLOW › CALL" names for flow runs
    QList<ObservedCall> calls;   // in the order they started
    QStringList callNames;       // one per call: its flow name, or the number it dialled
};

std::optional<ObservedRun> readObservedRun(const QString &path, QString *error);

} // namespace callconsole::cli

// Two runs of the same calls compared — two sessions, or two flow runs: "what did my handler
// change between yesterday and today". Calls are paired by their flow (event types in Sequence
// order), not by TransactionId, which differs on every run; each pair then shows where the
// events, the replies, the anomalies or the end differ.
#pragma once

#include "FlowCheck.h"

#include <QList>
#include <QString>

namespace callconsole {

struct CallDifference
{
    int sequence = 0;      // 0: the call as a whole
    QString text;          // "seq 4 ACTION_SUCCESSFUL: reply A Speak, Hangup → B Hangup"
};

struct CallPair
{
    const ObservedCall *a = nullptr;
    const ObservedCall *b = nullptr;
    QList<CallDifference> differences;
};

struct RunDifference
{
    QList<CallPair> pairs;
    QList<const ObservedCall *> onlyA;
    QList<const ObservedCall *> onlyB;

    bool identical() const;
};

// The calls are kept by reference: a and b must outlive the result.
RunDifference compareRuns(const QList<ObservedCall> &a, const QList<ObservedCall> &b);

// "NEW_OUTBOUND_CALL, RINGING, CALL_ANSWERED, HANGUP"
QString flowText(const ObservedCall &call);

} // namespace callconsole

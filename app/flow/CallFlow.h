// A call flow as a test: the calls to place on the built-in simulator, how the far end behaves
// (the simulator config's callee shape: outcome, ring and answer times, timed digits, hang-up),
// updates and hang-ups at given times, and what must have happened. Read from JSON:
//
// {"name": "menu: press 1", "speed": 10,
//  "calls": [{"name": "presses 1", "to": "+12065550150", "from": "+12065550100", "arguments": {…},
//             (or "direction": "inbound", "from": the caller, "to": one of the simulator's numbers,
//              "caller": {"hangupAfterMs": 9000, "digits": [{"atMs": 2000, "digits": "1"}]}),
//             "callee": {"outcome": "answer", "answerAfterMs": 800, "digits": [{"atMs": 2000, "digits": "1#"}]},
//             "updates": [{"atMs": 4000, "arguments": {"k": "v"}}], "hangupAtMs": 30000,
//             "expect": {"events": ["NEW_OUTBOUND_CALL", "RINGING", "CALL_ANSWERED", …],
//                        "legs": {"LEG-B": […]},
//                        "replies": ["CALL_ANSWERED → PlayAudioAndGetDigits", "HANGUP → []"],
//                        "transactionAttributes": {"choice": "1"},
//                        "noAnomalies": true (or ["duplicate", "late_reply"]),
//                        "endSipCode": 0, "maxReplyLatencyMs": 1000, "log": ["caller chose 1"]}}]}
#pragma once

#include "ValidationIssue.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace callconsole {

// "CALL_ANSWERED → PlayAudioAndGetDigits, Pause": the next CALL_ANSWERED is answered with
// exactly these action types, in this order ("[]" for none).
struct ExpectedReply
{
    QString eventType;
    QStringList actionTypes;
    QString text;               // as written, for the report
};

struct FlowExpectations
{
    std::optional<QStringList> events;              // every event of the call, in Sequence order
    QMap<QString, QStringList> legs;                // "LEG-B" → that leg's events
    QList<ExpectedReply> replies;
    std::optional<QJsonObject> transactionAttributes; // as the last event carried them
    std::optional<QStringList> noAnomalies;         // empty list: none of any kind
    std::optional<int> endSipCode;
    std::optional<int> maxReplyLatencyMs;
    QStringList logLines;                           // each in the handler's log for the call
};

struct FlowUpdate
{
    int atMs = 0;                                   // after the call was placed (call time)
    QMap<QString, QString> arguments;
};

struct FlowCall
{
    QString name;
    bool inbound = false;                           // a caller dials one of the simulator's numbers
    QString to;
    QString from;
    QMap<QString, QString> arguments;
    int startAtMs = 0;
    QJsonObject callee;                             // a simulator config "callees" entry, without "to"
    QJsonObject caller;                             // inbound: hangupAfterMs, digits [{atMs, digits}]
    QList<FlowUpdate> updates;
    std::optional<int> hangupAtMs;                  // the console hangs up
    FlowExpectations expect;
};

struct CallFlow
{
    QString name;
    QString file;
    // Call time runs this much faster; the handler's deadlines do not. The simulator has no
    // virtual clock, so call time also runs while the handler works: a reply slower than the
    // next call-time step (say a 1 s ring at 10x: 100 ms) lets that step overtake it.
    double speed = 10;
    int timeoutMs = 120000;   // call time for the whole flow
    QJsonObject simulator;    // simulator config overrides (applications, numbers, timing)
    QList<FlowCall> calls;

    static Parsed<CallFlow> fromJson(const QByteArray &bytes, const QString &file = {});
    static Parsed<CallFlow> load(const QString &path);
};

} // namespace callconsole

// The one line per delivery that `serve` prints. It runs on the main thread for every event
// the endpoint answers, so at tens of thousands of events a second its cost competes with the
// endpoint itself: timestamps are formatted from a per-second prefix, and the reply's action
// types come from the rule that produced it rather than from re-parsing each reply.
#pragma once

#include "DeliveryRecord.h"

#include <QHash>
#include <QString>
#include <QTextStream>

#include <limits>

namespace callconsole::cli {

class DeliveryLog
{
public:
    explicit DeliveryLog(QTextStream &stream) : m_stream(stream) {}

    // "2026-11-29T22:28:06.504Z  <TransactionId>  seq 3  CALL_ANSWERED  → Speak, Pause, Hangup  (default, 0 ms)",
    // then the handler file's log lines for the event, if it has any, each as "    | line".
    void write(const DeliveryRecord &record);

    // ISO 8601 UTC with milliseconds, as QDateTime::toString(Qt::ISODateWithMs) spells it.
    QString utcTime(qint64 epochMs);
    // "Speak, Pause, Hangup", "[]" for an empty list, "not an action list" otherwise.
    static QString actionSummary(const QByteArray &reply);
    // The handler's own lines, each as "    | line\n", to go under the event they belong to.
    static QString handlerLogLines(const QByteArray &log);

private:
    QString summary(const DeliveryRecord &record);

    QTextStream &m_stream;
    qint64 m_second = std::numeric_limits<qint64>::min(); // no second formatted yet
    QString m_secondPrefix;                 // "2026-11-29T22:28:06."
    QHash<QString, QString> m_ruleSummaries; // a rule's replies differ in values, never in action types
};

} // namespace callconsole::cli

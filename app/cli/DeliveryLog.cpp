#include "DeliveryLog.h"

#include "ReplyComparison.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringBuilder>

namespace callconsole::cli {

QString DeliveryLog::utcTime(qint64 epochMs)
{
    const qint64 second = epochMs >= 0 ? epochMs / 1000 : (epochMs - 999) / 1000;
    if (second != m_second) {
        m_second = second;
        m_secondPrefix = QDateTime::fromSecsSinceEpoch(second, Qt::UTC).toString(Qt::ISODate);
        m_secondPrefix.chop(1); // the 'Z': milliseconds go before it
        m_secondPrefix += QLatin1Char('.');
    }
    const int millis = int(epochMs - second * 1000);
    QString time;
    time.reserve(m_secondPrefix.size() + 4);
    time += m_secondPrefix;
    time += QLatin1Char(char('0' + millis / 100));
    time += QLatin1Char(char('0' + millis / 10 % 10));
    time += QLatin1Char(char('0' + millis % 10));
    time += QLatin1Char('Z');
    return time;
}

QString DeliveryLog::actionSummary(const QByteArray &reply)
{
    return actionTypeSummary(QJsonDocument::fromJson(reply).object());
}

QString DeliveryLog::summary(const DeliveryRecord &record)
{
    // Rule and default replies are templates whose placeholders only fill in values, so one
    // parse per rule and event type serves every later reply. Breakpoint and forwarded
    // replies are whatever a person or a handler wrote: those are read each time.
    const bool fromTemplate = record.replySource.startsWith(QLatin1String("rule:"))
                           || record.replySource == QLatin1String("default");
    if (record.replySource.endsWith(QLatin1String("-error"))) {
        const QJsonObject error = QJsonDocument::fromJson(record.replyBody).object();
        return QStringLiteral("function error %1: %2")
            .arg(error.value(QLatin1String("errorType")).toString(), error.value(QLatin1String("errorMessage")).toString());
    }
    if (!fromTemplate)
        return actionSummary(record.replyBody);
    const QString key = record.replySource + QLatin1Char('\n') + record.eventType;
    auto it = m_ruleSummaries.constFind(key);
    if (it == m_ruleSummaries.constEnd())
        it = m_ruleSummaries.insert(key, actionSummary(record.replyBody));
    return *it;
}

QString DeliveryLog::handlerLogLines(const QByteArray &log)
{
    QString lines;
    if (log.isEmpty())
        return lines;
    for (const QByteArray &line : log.chopped(log.endsWith('\n') ? 1 : 0).split('\n'))
        lines += QLatin1String("    | ") % QString::fromUtf8(line) % QLatin1Char('\n');
    return lines;
}

void DeliveryLog::write(const DeliveryRecord &record)
{
    // The line is built in one string and streamed once: QTextStream converts each `const
    // char *` piece to a QString of its own, which cost as much as the rest of the line.
    QString line = utcTime(record.receivedAtMs);
    line.reserve(200);
    if (record.rejected) {
        line += QLatin1String("  rejected ") % QString::number(record.statusCode) % QLatin1String(" from ")
              % record.remoteAddress % QLatin1String(": ") % record.rejectReason % QLatin1Char('\n');
    } else {
        line += QLatin1String("  ") % record.transactionId % QLatin1String("  seq ") % QString::number(record.sequence)
              % QLatin1String("  ") % record.eventType % QStringLiteral("  → ") % summary(record) % QLatin1String("  (")
              % record.replySource % QLatin1String(", ") % QString::number(record.replyLatencyMs) % QLatin1String(" ms)\n");
        line += handlerLogLines(record.handlerLog);
    }
    m_stream << line;
}

} // namespace callconsole::cli

#include "DeliveryLog.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

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
    return m_secondPrefix + QStringLiteral("%1Z").arg(millis, 3, 10, QLatin1Char('0'));
}

QString DeliveryLog::actionSummary(const QByteArray &reply)
{
    const QJsonDocument document = QJsonDocument::fromJson(reply);
    if (!document.isObject() || !document.object().value(QStringLiteral("Actions")).isArray())
        return QStringLiteral("not an action list");
    QStringList types;
    for (const auto &action : document.object().value(QStringLiteral("Actions")).toArray())
        types << action.toObject().value(QStringLiteral("Type")).toString();
    return types.isEmpty() ? QStringLiteral("[]") : types.join(QStringLiteral(", "));
}

QString DeliveryLog::summary(const DeliveryRecord &record)
{
    // Rule and default replies are templates whose placeholders only fill in values, so one
    // parse per rule and event type serves every later reply. Breakpoint and forwarded
    // replies are whatever a person or a handler wrote: those are read each time.
    const bool fromTemplate = record.replySource.startsWith(QLatin1String("rule:"))
                           || record.replySource == QLatin1String("default");
    if (!fromTemplate)
        return actionSummary(record.replyBody);
    const QString key = record.replySource + QLatin1Char('\n') + record.eventType;
    auto it = m_ruleSummaries.constFind(key);
    if (it == m_ruleSummaries.constEnd())
        it = m_ruleSummaries.insert(key, actionSummary(record.replyBody));
    return *it;
}

void DeliveryLog::write(const DeliveryRecord &record)
{
    const QString time = utcTime(record.receivedAtMs);
    if (record.rejected) {
        m_stream << time << "  rejected " << record.statusCode << " from " << record.remoteAddress << ": "
                 << record.rejectReason << '\n';
        return;
    }
    m_stream << time << "  " << record.transactionId << "  seq " << record.sequence << "  " << record.eventType
             << "  → " << summary(record) << "  (" << record.replySource << ", " << record.replyLatencyMs << " ms)\n";
}

} // namespace callconsole::cli

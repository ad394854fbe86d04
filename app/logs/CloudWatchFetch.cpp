#include "CloudWatchFetch.h"

#include "LambdaLogLine.h"

#include <QEventLoop>

#include <algorithm>
#include <optional>

namespace callconsole::logs {

namespace {

// CloudWatch Logs accepts filter patterns up to 1024 characters: RequestIds go in batches.
constexpr int requestIdsPerFilter = 20;

QString quotedTerm(const QString &text)
{
    QString escaped = text;
    escaped.replace(QLatin1Char('"'), QStringLiteral("\\\""));
    return QLatin1Char('"') + escaped + QLatin1Char('"');
}

} // namespace

CloudWatchFetch::CloudWatchFetch(aws::CloudWatchLogsClient &client, QString logGroup, QString transactionId)
    : m_client(client)
    , m_logGroup(std::move(logGroup))
    , m_transactionId(std::move(transactionId))
{
}

QList<aws::LogEvent> CloudWatchFetch::fetch(qint64 startMs, qint64 endMs, QString *error)
{
    QList<aws::LogEvent> events;
    if (m_transactionId.isEmpty()) {
        events = filter(startMs, endMs, {}, error);
    } else {
        for (const aws::LogEvent &event : filter(startMs, endMs, quotedTerm(m_transactionId), error)) {
            const QString requestId = LambdaLogLine::read(event.message).requestId;
            if (!requestId.isEmpty() && !m_requestIds.contains(requestId))
                m_requestIds << requestId;
            events << event;
        }
        for (qsizetype i = 0; error->isEmpty() && i < m_requestIds.size(); i += requestIdsPerFilter) {
            QStringList terms;
            for (const QString &id : m_requestIds.mid(i, requestIdsPerFilter))
                terms << QLatin1Char('?') + quotedTerm(id);
            events += filter(startMs, endMs, terms.join(QLatin1Char(' ')), error);
        }
    }
    QList<aws::LogEvent> fresh;
    for (const aws::LogEvent &event : std::as_const(events)) {
        const QString key = event.eventId.isEmpty() ? event.logStreamName + QString::number(event.timestampMs) + event.message
                                                    : event.eventId;
        if (!m_seen.contains(key)) {
            m_seen.insert(key);
            fresh << event;
        }
    }
    std::stable_sort(fresh.begin(), fresh.end(), [](const aws::LogEvent &a, const aws::LogEvent &b) { return a.timestampMs < b.timestampMs; });
    return fresh;
}

QList<aws::LogEvent> CloudWatchFetch::filter(qint64 startMs, qint64 endMs, const QString &pattern, QString *error)
{
    aws::FilterLogEventsQuery query;
    query.logGroupName = m_logGroup;
    query.startTimeMs = startMs;
    query.endTimeMs = endMs;
    query.filterPattern = pattern;
    std::optional<aws::LogsResult> result;
    QEventLoop loop;
    m_client.filterLogEvents(query, [&](const aws::LogsResult &r) {
        result = r;
        loop.quit();
    });
    if (!result)
        loop.exec();
    m_pages += result->pages;
    m_attempts += result->attempts;
    if (!result->ok)
        *error = result->error.toString(QStringLiteral("FilterLogEvents"));
    return result->events;
}

void addLogEvents(LogImporter &importer, const QList<aws::LogEvent> &events, const QString &logGroup)
{
    for (const aws::LogEvent &event : events) {
        LogRecord record;
        record.message = event.message.endsWith(QLatin1Char('\n')) ? event.message.chopped(1) : event.message;
        record.timestampMs = event.timestampMs;
        record.logStream = event.logStreamName;
        record.source = logGroup;
        record.entry = event.eventId.isEmpty() ? event.logStreamName : QStringLiteral("event %1").arg(event.eventId);
        importer.add(record);
    }
}

} // namespace callconsole::logs

// A log group's events for one time window, as `logs` and the window's Import from CloudWatch
// read them: every event, or — for one transaction — the events that name it and then every
// event of the invocations they were logged in (their START, reply and REPORT lines name only
// the RequestId). Each event is returned once however often it is fetched, so a follow can
// read overlapping windows.
#pragma once

#include "CloudWatchLogsClient.h"
#include "LogImporter.h"

#include <QSet>
#include <QString>
#include <QStringList>

namespace callconsole::logs {

class CloudWatchFetch
{
public:
    CloudWatchFetch(aws::CloudWatchLogsClient &client, QString logGroup, QString transactionId = {});

    // Events in [startMs, endMs] (endMs -1: until now) not returned before, in timestamp order;
    // runs a local event loop until every page has arrived. *error when the API refused.
    QList<aws::LogEvent> fetch(qint64 startMs, qint64 endMs, QString *error);

    const QString &logGroup() const { return m_logGroup; }
    int pages() const { return m_pages; }
    int attempts() const { return m_attempts; }

private:
    QList<aws::LogEvent> filter(qint64 startMs, qint64 endMs, const QString &pattern, QString *error);

    aws::CloudWatchLogsClient &m_client;
    QString m_logGroup;
    QString m_transactionId;
    QStringList m_requestIds;
    QSet<QString> m_seen;
    int m_pages = 0;
    int m_attempts = 0;
};

// The events handed to importer as records of logGroup.
void addLogEvents(LogImporter &importer, const QList<aws::LogEvent> &events, const QString &logGroup);

} // namespace callconsole::logs

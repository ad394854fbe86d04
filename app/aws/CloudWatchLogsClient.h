// The CloudWatch Logs calls that bring production call flows into the console: FilterLogEvents
// (a Lambda's log group, or the SMA's message logs in /aws/ChimeSipMediaApplicationSipMessages/
// <SMA id>) and DescribeLogGroups (the window's picker). The JSON 1.1 protocol — POST / with
// X-Amz-Target: Logs_20140328.<Operation> — signed with SigV4 (signing name "logs") by the
// project's signer; every page read through nextToken; throttling and 5xx retried with the
// SDKs' full-jitter backoff. Results arrive through the callback, on this object's thread.
#pragma once

#include "AwsError.h"
#include "ChimeVoiceClient.h"
#include "Credentials.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <functional>
#include <memory>

class QNetworkAccessManager;

namespace callconsole::aws {

struct LogEvent
{
    qint64 timestampMs = 0;
    qint64 ingestionTimeMs = 0;
    QString logStreamName;
    QString message;
    QString eventId;
};

struct FilterLogEventsQuery
{
    QString logGroupName;
    qint64 startTimeMs = -1;       // -1: from the group's beginning
    qint64 endTimeMs = -1;         // -1: until now
    QString filterPattern;         // CloudWatch Logs filter syntax; empty: every event
    int pageLimit = 10000;         // the API's maximum per page
};

struct LogsResult
{
    bool ok = false;
    QList<LogEvent> events;        // FilterLogEvents: every page's, in the order returned
    QStringList logGroups;         // DescribeLogGroups: names
    int pages = 0;
    int attempts = 0;              // requests sent, retries included
    AwsError error;
};

class CloudWatchLogsClient : public QObject
{
    Q_OBJECT

public:
    using Callback = std::function<void(const LogsResult &)>;

    CloudWatchLogsClient(Credentials credentials, ClientConfig config, QObject *parent = nullptr);

    QUrl endpoint() const;
    const ClientConfig &config() const { return m_config; }

    void filterLogEvents(const FilterLogEventsQuery &query, Callback done);
    void describeLogGroups(const QString &namePrefix, Callback done);

    // The SMA's own message log group, once PutSipMediaApplicationLoggingConfiguration enabled it.
    static QString sipMessageLogGroup(const QString &sipMediaApplicationId);

private:
    struct Paging;
    void requestPage(const std::shared_ptr<Paging> &paging, const QString &nextToken);
    void send(const std::shared_ptr<Paging> &paging, const QByteArray &body, int attempt);

    Credentials m_credentials;
    ClientConfig m_config;
    QNetworkAccessManager *m_network;
};

} // namespace callconsole::aws

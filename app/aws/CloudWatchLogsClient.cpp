#include "CloudWatchLogsClient.h"

#include "AwsRetry.h"
#include "SigV4Signer.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QTimer>

namespace callconsole::aws {

struct CloudWatchLogsClient::Paging
{
    QString operation;             // "FilterLogEvents"
    QJsonObject request;           // without nextToken
    Callback done;
    LogsResult result;
    QString sentToken;
};

namespace {

constexpr int maxPages = 1000;

QByteArray target(const QString &operation)
{
    return "Logs_20140328." + operation.toLatin1();
}

} // namespace

CloudWatchLogsClient::CloudWatchLogsClient(Credentials credentials, ClientConfig config, QObject *parent)
    : QObject(parent)
    , m_credentials(std::move(credentials))
    , m_config(std::move(config))
    , m_network(new QNetworkAccessManager(this))
{
}

QUrl CloudWatchLogsClient::endpoint() const
{
    if (!m_config.endpointUrl.isEmpty())
        return m_config.endpointUrl;
    return QUrl(QStringLiteral("https://logs%1.%2.amazonaws.com")
                    .arg(m_config.fips ? QStringLiteral("-fips") : QString(), m_config.region));
}

QString CloudWatchLogsClient::sipMessageLogGroup(const QString &sipMediaApplicationId)
{
    return QStringLiteral("/aws/ChimeSipMediaApplicationSipMessages/") + sipMediaApplicationId;
}

void CloudWatchLogsClient::filterLogEvents(const FilterLogEventsQuery &query, Callback done)
{
    auto paging = std::make_shared<Paging>();
    paging->operation = QStringLiteral("FilterLogEvents");
    paging->request.insert(QStringLiteral("logGroupName"), query.logGroupName);
    if (query.startTimeMs >= 0)
        paging->request.insert(QStringLiteral("startTime"), double(query.startTimeMs));
    if (query.endTimeMs >= 0)
        paging->request.insert(QStringLiteral("endTime"), double(query.endTimeMs));
    if (!query.filterPattern.isEmpty())
        paging->request.insert(QStringLiteral("filterPattern"), query.filterPattern);
    paging->request.insert(QStringLiteral("limit"), query.pageLimit);
    paging->done = std::move(done);
    requestPage(paging, {});
}

void CloudWatchLogsClient::describeLogGroups(const QString &namePrefix, Callback done)
{
    auto paging = std::make_shared<Paging>();
    paging->operation = QStringLiteral("DescribeLogGroups");
    if (!namePrefix.isEmpty())
        paging->request.insert(QStringLiteral("logGroupNamePrefix"), namePrefix);
    paging->request.insert(QStringLiteral("limit"), 50);
    paging->done = std::move(done);
    requestPage(paging, {});
}

void CloudWatchLogsClient::requestPage(const std::shared_ptr<Paging> &paging, const QString &nextToken)
{
    ++paging->result.pages;
    paging->sentToken = nextToken;
    QJsonObject request = paging->request;
    if (!nextToken.isEmpty())
        request.insert(QStringLiteral("nextToken"), nextToken);
    send(paging, QJsonDocument(request).toJson(QJsonDocument::Compact), 1);
}

void CloudWatchLogsClient::send(const std::shared_ptr<Paging> &paging, const QByteArray &body, int attempt)
{
    ++paging->result.attempts;
    const QUrl base = endpoint();
    QByteArray host = base.host().toUtf8();
    if (base.port() > 0)
        host += ':' + QByteArray::number(base.port());
    QString path = base.path();
    if (path.isEmpty())
        path = QStringLiteral("/");

    SigningRequest signing;
    signing.method = "POST";
    signing.path = path;
    signing.headers = {{QByteArrayLiteral("Host"), host},
                       {QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/x-amz-json-1.1")},
                       {QByteArrayLiteral("X-Amz-Target"), target(paging->operation)}};
    signing.body = body;
    SigningParams params;
    params.region = m_config.region;
    params.service = QStringLiteral("logs");
    params.time = QDateTime::currentDateTimeUtc();
    params.doubleEncodePath = true;
    const SignedRequest signedRequest = SigV4Signer::sign(signing, m_credentials, params);

    QUrl url = base;
    url.setPath(path);
    QNetworkRequest request(url);
    for (const HttpHeader &header : signedRequest.headers) {
        if (header.first.compare("Host", Qt::CaseInsensitive) != 0)
            request.setRawHeader(header.first, header.second);
    }
    m_config.http.apply(request);
    QNetworkReply *reply = m_network->post(request, body);
    auto *timer = new QTimer(reply);
    timer->setSingleShot(true);
    auto timedOut = std::make_shared<bool>(false);
    connect(timer, &QTimer::timeout, reply, [reply, timedOut] {
        *timedOut = true;
        reply->abort();
    });
    timer->start(m_config.timeoutMs);

    connect(reply, &QNetworkReply::finished, this, [this, paging, body, attempt, reply, timedOut] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray answer = reply->isOpen() ? reply->readAll() : QByteArray();
        LogsResult &result = paging->result;
        if (status < 200 || status >= 300) {
            AwsError error;
            if (status == 0) {
                error.type = *timedOut ? QStringLiteral("Timeout") : QStringLiteral("NetworkError");
                error.message = *timedOut ? QStringLiteral("%1 gave no answer within %2 ms").arg(endpoint().toString()).arg(m_config.timeoutMs)
                                          : m_config.http.transportError(*reply);
            } else {
                error = AwsError::fromResponse(status, reply->rawHeader("x-amzn-ErrorType"), answer, reply->rawHeader("x-amzn-RequestId"));
            }
            // Every operation here only reads: a timed-out one is safe to send again.
            if ((error.isRetryable() || error.type == QLatin1String("Timeout")) && attempt < m_config.maxAttempts) {
                QPointer<CloudWatchLogsClient> self(this);
                QTimer::singleShot(fullJitterBackoffMs(attempt, m_config.baseDelayMs, m_config.maxDelayMs), this,
                                   [self, paging, body, attempt] {
                                       if (self)
                                           self->send(paging, body, attempt + 1);
                                   });
                return;
            }
            result.error = error;
            paging->done(result);
            return;
        }
        const QJsonObject page = QJsonDocument::fromJson(answer).object();
        for (const QJsonValue &value : page.value(QStringLiteral("events")).toArray()) {
            const QJsonObject event = value.toObject();
            result.events << LogEvent{qint64(event.value(QStringLiteral("timestamp")).toDouble()),
                                      qint64(event.value(QStringLiteral("ingestionTime")).toDouble()),
                                      event.value(QStringLiteral("logStreamName")).toString(),
                                      event.value(QStringLiteral("message")).toString(),
                                      event.value(QStringLiteral("eventId")).toString()};
        }
        for (const QJsonValue &value : page.value(QStringLiteral("logGroups")).toArray())
            result.logGroups << value.toObject().value(QStringLiteral("logGroupName")).toString();
        const QString nextToken = page.value(QStringLiteral("nextToken")).toString();
        if (nextToken.isEmpty()) {
            result.ok = true;
            paging->done(result);
            return;
        }
        if (nextToken == paging->sentToken || result.pages >= maxPages) {
            result.error.type = nextToken == paging->sentToken ? QStringLiteral("RepeatedNextToken") : QStringLiteral("TooManyPages");
            result.error.message = nextToken == paging->sentToken
                ? QStringLiteral("%1 answered page %2 with the nextToken it was sent; stopped, as reading on would repeat it forever")
                      .arg(paging->operation).arg(result.pages)
                : QStringLiteral("%1 still had more after %2 pages (%3 events read); narrow the time range or filter")
                      .arg(paging->operation).arg(result.pages).arg(result.events.size());
            paging->done(result);
            return;
        }
        requestPage(paging, nextToken);
    });
}

} // namespace callconsole::aws

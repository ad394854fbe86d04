#include "HarExport.h"

#include <QDateTime>
#include <QJsonArray>
#include <QSet>
#include <QTimeZone>

namespace callconsole {

namespace {

// HAR's URLs must be absolute; the session keeps the path the service POSTed to, not the
// address it was sent to, so a reserved name (RFC 2606) stands for the endpoint.
const QString endpointOrigin = QStringLiteral("http://endpoint.callconsole.invalid");

QString harTime(qint64 epochMs)
{
    return QDateTime::fromMSecsSinceEpoch(epochMs, QTimeZone::utc()).toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz")) + QLatin1Char('Z');
}

QString statusText(int status)
{
    switch (status) {
    case 200: return QStringLiteral("OK");
    case 400: return QStringLiteral("Bad Request");
    case 401: return QStringLiteral("Unauthorized");
    case 403: return QStringLiteral("Forbidden");
    case 408: return QStringLiteral("Request Timeout");
    case 409: return QStringLiteral("Conflict");
    case 413: return QStringLiteral("Payload Too Large");
    case 431: return QStringLiteral("Request Header Fields Too Large");
    case 500: return QStringLiteral("Internal Server Error");
    case 502: return QStringLiteral("Bad Gateway");
    case 503: return QStringLiteral("Service Unavailable");
    case 504: return QStringLiteral("Gateway Timeout");
    default: return {};
    }
}

QString headerValue(const DeliveryRecord &r, const char *name)
{
    for (const auto &[key, value] : r.requestHeaders) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return QString::fromLatin1(value);
    }
    return {};
}

QJsonObject entryFor(const DeliveryRecord &r)
{
    QJsonArray requestHeaders;
    for (const auto &[name, value] : r.requestHeaders)
        requestHeaders << QJsonObject{{QStringLiteral("name"), QString::fromLatin1(name)}, {QStringLiteral("value"), QString::fromLatin1(value)}};
    QString requestType = headerValue(r, "Content-Type");
    if (requestType.isEmpty())
        requestType = QStringLiteral("application/json");
    const QString path = r.path.isEmpty() ? QStringLiteral("/") : r.path;
    const QJsonObject request{{QStringLiteral("method"), r.method.isEmpty() ? QStringLiteral("POST") : r.method},
                              {QStringLiteral("url"), endpointOrigin + (path.startsWith(QLatin1Char('/')) ? path : QLatin1Char('/') + path)},
                              {QStringLiteral("httpVersion"), QStringLiteral("HTTP/1.1")},
                              {QStringLiteral("cookies"), QJsonArray()},
                              {QStringLiteral("headers"), requestHeaders},
                              {QStringLiteral("queryString"), QJsonArray()},
                              {QStringLiteral("postData"), QJsonObject{{QStringLiteral("mimeType"), requestType},
                                                                       {QStringLiteral("text"), QString::fromUtf8(r.requestBody)}}},
                              {QStringLiteral("headersSize"), -1},
                              {QStringLiteral("bodySize"), double(r.requestBody.size())}};

    const QByteArray replyBody = r.rejected ? r.rejectDetails : r.replyBody;
    const QJsonObject content{{QStringLiteral("size"), double(replyBody.size())},
                              {QStringLiteral("mimeType"), QStringLiteral("application/json")},
                              {QStringLiteral("text"), QString::fromUtf8(replyBody)}};
    const QJsonObject response{{QStringLiteral("status"), r.statusCode},
                               {QStringLiteral("statusText"), statusText(r.statusCode)},
                               {QStringLiteral("httpVersion"), QStringLiteral("HTTP/1.1")},
                               {QStringLiteral("cookies"), QJsonArray()},
                               {QStringLiteral("headers"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("Content-Type")},
                                                                                  {QStringLiteral("value"), QStringLiteral("application/json")}}}},
                               {QStringLiteral("content"), content},
                               {QStringLiteral("redirectURL"), QString()},
                               {QStringLiteral("headersSize"), -1},
                               {QStringLiteral("bodySize"), double(replyBody.size())}};

    const int wait = std::max(0, r.replyLatencyMs);
    const QJsonObject timings{{QStringLiteral("blocked"), -1}, {QStringLiteral("dns"), -1}, {QStringLiteral("connect"), -1},
                              {QStringLiteral("ssl"), -1},     {QStringLiteral("send"), 0},  {QStringLiteral("wait"), wait},
                              {QStringLiteral("receive"), 0}};
    QJsonObject entry{{QStringLiteral("startedDateTime"), harTime(r.receivedAtMs)},
                      {QStringLiteral("time"), wait},
                      {QStringLiteral("request"), request},
                      {QStringLiteral("response"), response},
                      {QStringLiteral("cache"), QJsonObject()},
                      {QStringLiteral("timings"), timings},
                      {QStringLiteral("_deliveryId"), double(r.id)},
                      {QStringLiteral("_remoteAddress"), r.remoteAddress}};
    if (r.rejected) {
        entry.insert(QStringLiteral("comment"), QStringLiteral("rejected: %1").arg(r.rejectReason));
    } else {
        entry.insert(QStringLiteral("pageref"), r.transactionId);
        entry.insert(QStringLiteral("comment"), QStringLiteral("Sequence %1 %2, reply from %3").arg(r.sequence).arg(r.eventType, r.replySource));
        entry.insert(QStringLiteral("_transactionId"), r.transactionId);
        entry.insert(QStringLiteral("_sequence"), r.sequence);
        entry.insert(QStringLiteral("_invocationEventType"), r.eventType);
        entry.insert(QStringLiteral("_replySource"), r.replySource);
    }
    if (r.replyLatencyMs < 0)
        entry.insert(QStringLiteral("_replyLatencyUnknown"), true);
    if (r.upstreamStatus >= 0) {
        entry.insert(QStringLiteral("_upstream"), QJsonObject{{QStringLiteral("status"), r.upstreamStatus},
                                                             {QStringLiteral("latencyMs"), r.upstreamLatencyMs},
                                                             {QStringLiteral("body"), QString::fromUtf8(r.upstreamBody)}});
    }
    return entry;
}

} // namespace

QJsonObject harDocument(const QList<DeliveryRecord> &deliveries)
{
    QJsonArray pages;
    QSet<QString> paged;
    QJsonArray entries;
    for (const DeliveryRecord &r : deliveries) {
        if (!r.rejected && !paged.contains(r.transactionId)) {
            paged.insert(r.transactionId);
            pages << QJsonObject{{QStringLiteral("startedDateTime"), harTime(r.receivedAtMs)},
                                 {QStringLiteral("id"), r.transactionId},
                                 {QStringLiteral("title"), QStringLiteral("Transaction %1").arg(r.transactionId)},
                                 {QStringLiteral("pageTimings"), QJsonObject()}};
        }
        entries << entryFor(r);
    }
    const QJsonObject log{{QStringLiteral("version"), QStringLiteral("1.2")},
                          {QStringLiteral("creator"), QJsonObject{{QStringLiteral("name"), QStringLiteral("Call Console")},
                                                                  {QStringLiteral("version"), QStringLiteral(CALLCONSOLE_VERSION)}}},
                          {QStringLiteral("pages"), pages},
                          {QStringLiteral("entries"), entries}};
    return QJsonObject{{QStringLiteral("log"), log}};
}

} // namespace callconsole

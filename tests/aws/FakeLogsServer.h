#pragma once

// CloudWatch Logs on a loopback port, for the `logs` command's and the client's tests: the JSON
// 1.1 protocol (POST / with X-Amz-Target: Logs_20140328.*), FilterLogEvents over stored events
// (time range, filter patterns of quoted terms, "?" for any of them, pages of pageSize with a
// nextToken) and DescribeLogGroups. Every request's SigV4 signature is verified for the signing
// name "logs" with the simulator's own check; the first `throttle` requests are answered with
// ThrottlingException, as the service does when its rate is exceeded.
#include "HttpServerCompat.h"
#include "SignatureCheck.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTcpServer>
#include <QUrl>

struct StoredLogEvent
{
    QString group;
    QString stream;
    qint64 timestampMs = 0;
    QString message;
};

class FakeLogsServer : public QAbstractHttpServer
{
public:
    FakeLogsServer(QString accessKeyId, QString secretAccessKey)
        : m_accessKeyId(std::move(accessKeyId))
        , m_secretAccessKey(std::move(secretAccessKey))
    {
        m_tcp.listen(QHostAddress::LocalHost, 0);
        bind(&m_tcp);
    }

    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_tcp.serverPort())); }
    void add(const StoredLogEvent &event) { m_events << event; }
    void setPageSize(int size) { m_pageSize = size; }
    void throttleNext(int requests) { m_throttle = requests; }

    int requests = 0;
    int refusedSignatures = 0;
    int throttled = 0;
    QStringList operations;          // X-Amz-Target of each request answered 200
    QStringList filterPatterns;

protected:
    CALLCONSOLE_HTTP_HANDLE_REQUEST
    {
        QHttpServerResponder responder = CALLCONSOLE_HTTP_TAKE_RESPONDER();
        ++requests;
        if (const auto failure = callconsole::checkSignature(request, m_accessKeyId, m_secretAccessKey, QStringLiteral("logs"))) {
            ++refusedSignatures;
            return refuse(responder, 400, failure->errorType, failure->message);
        }
        if (m_throttle > 0) {
            --m_throttle;
            ++throttled;
            return refuse(responder, 400, QStringLiteral("ThrottlingException"), QStringLiteral("Rate exceeded"));
        }
        const QByteArray target = callconsole::http::headerValue(request, "X-Amz-Target");
        const QJsonObject body = QJsonDocument::fromJson(request.body()).object();
        if (callconsole::http::headerValue(request, "Content-Type") != "application/x-amz-json-1.1")
            return refuse(responder, 400, QStringLiteral("SerializationException"), QStringLiteral("expected application/x-amz-json-1.1"));
        operations << QString::fromLatin1(target);
        if (target == "Logs_20140328.FilterLogEvents")
            return filterLogEvents(responder, body);
        if (target == "Logs_20140328.DescribeLogGroups")
            return describeLogGroups(responder, body);
        return refuse(responder, 400, QStringLiteral("UnknownOperationException"), QString::fromLatin1(target));
    }

    CALLCONSOLE_HTTP_MISSING_HANDLER
    {
        Q_UNUSED(request);
        QHttpServerResponder responder = CALLCONSOLE_HTTP_TAKE_RESPONDER();
        callconsole::http::respond(responder, 404, {}, {});
    }

private:
    bool refuse(QHttpServerResponder &responder, int status, const QString &type, const QString &message)
    {
        const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("__type"), type}, {QStringLiteral("message"), message}})
                                    .toJson(QJsonDocument::Compact);
        callconsole::http::respond(responder, status, {{"Content-Type", "application/x-amz-json-1.1"}, {"x-amzn-RequestId", "req-refused"}}, body);
        return true;
    }

    bool answer(QHttpServerResponder &responder, const QJsonObject &body)
    {
        callconsole::http::respond(responder, 200, {{"Content-Type", "application/x-amz-json-1.1"}, {"x-amzn-RequestId", "req-ok"}},
                                   QJsonDocument(body).toJson(QJsonDocument::Compact));
        return true;
    }

    // The filter syntax for unstructured events this server understands: quoted terms that must
    // all appear, or "?"-prefixed terms of which one must.
    static bool matches(const QString &message, const QString &pattern)
    {
        if (pattern.isEmpty())
            return true;
        static const QRegularExpression term(QStringLiteral(R"re((\??)"((?:[^"\\]|\\.)*)")re"));
        bool anyOptional = false;
        bool optionalMatched = false;
        for (auto it = term.globalMatch(pattern); it.hasNext();) {
            const auto match = it.next();
            const bool contained = message.contains(match.captured(2).replace(QStringLiteral("\\\""), QStringLiteral("\"")));
            if (match.captured(1).isEmpty()) {
                if (!contained)
                    return false;
            } else {
                anyOptional = true;
                optionalMatched = optionalMatched || contained;
            }
        }
        return !anyOptional || optionalMatched;
    }

    bool filterLogEvents(QHttpServerResponder &responder, const QJsonObject &body)
    {
        const QString group = body.value(QStringLiteral("logGroupName")).toString();
        bool known = false;
        for (const StoredLogEvent &event : std::as_const(m_events))
            known = known || event.group == group;
        if (!known)
            return refuse(responder, 400, QStringLiteral("ResourceNotFoundException"), QStringLiteral("The specified log group does not exist."));
        const qint64 start = body.contains(QStringLiteral("startTime")) ? qint64(body.value(QStringLiteral("startTime")).toDouble()) : 0;
        const qint64 end = body.contains(QStringLiteral("endTime")) ? qint64(body.value(QStringLiteral("endTime")).toDouble())
                                                                   : std::numeric_limits<qint64>::max();
        const QString pattern = body.value(QStringLiteral("filterPattern")).toString();
        filterPatterns << pattern;
        QList<int> selected;
        for (int i = 0; i < m_events.size(); ++i) {
            const StoredLogEvent &event = m_events.at(i);
            if (event.group == group && event.timestampMs >= start && event.timestampMs <= end && matches(event.message, pattern))
                selected << i;
        }
        const int from = body.value(QStringLiteral("nextToken")).toString().mid(5).toInt(); // "page-N"
        QJsonArray events;
        for (int i = from; i < std::min<int>(int(selected.size()), from + m_pageSize); ++i) {
            const StoredLogEvent &event = m_events.at(selected.at(i));
            events << QJsonObject{{QStringLiteral("logStreamName"), event.stream},
                                  {QStringLiteral("timestamp"), double(event.timestampMs)},
                                  {QStringLiteral("message"), event.message},
                                  {QStringLiteral("ingestionTime"), double(event.timestampMs + 1500)},
                                  {QStringLiteral("eventId"), QString::number(selected.at(i))}};
        }
        QJsonObject page{{QStringLiteral("events"), events}, {QStringLiteral("searchedLogStreams"), QJsonArray()}};
        if (from + m_pageSize < selected.size())
            page.insert(QStringLiteral("nextToken"), QStringLiteral("page-%1").arg(from + m_pageSize));
        return answer(responder, page);
    }

    bool describeLogGroups(QHttpServerResponder &responder, const QJsonObject &body)
    {
        const QString prefix = body.value(QStringLiteral("logGroupNamePrefix")).toString();
        QStringList groups;
        for (const StoredLogEvent &event : std::as_const(m_events)) {
            if (event.group.startsWith(prefix) && !groups.contains(event.group))
                groups << event.group;
        }
        groups.sort();
        const int from = body.value(QStringLiteral("nextToken")).toString().mid(5).toInt();
        QJsonArray listed;
        for (int i = from; i < std::min<int>(int(groups.size()), from + 1); ++i) // one group per page: paging is exercised
            listed << QJsonObject{{QStringLiteral("logGroupName"), groups.at(i)}};
        QJsonObject page{{QStringLiteral("logGroups"), listed}};
        if (from + 1 < groups.size())
            page.insert(QStringLiteral("nextToken"), QStringLiteral("page-%1").arg(from + 1));
        return answer(responder, page);
    }

    QTcpServer m_tcp;
    QString m_accessKeyId;
    QString m_secretAccessKey;
    QList<StoredLogEvent> m_events;
    int m_pageSize = 5;
    int m_throttle = 0;
};

#include "ReplayClient.h"

#include "EndpointAuth.h"
#include "JsonValues.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkReply>
#include <QSslConfiguration>
#include <QTimer>

namespace callconsole::cli {

namespace {

// "unauthorized: bad signature" from an error body: the endpoint's {"error", "details"}, an
// API's {"message"}, a Lambda's {"errorType", "errorMessage", "stackTrace"}, or the text itself.
void describeHttpError(const QByteArray &body, Exchange &exchange)
{
    const QJsonValue value = json::bodyValue(body);
    const QJsonObject object = value.toObject();
    const QJsonValue errorType = object.value(QStringLiteral("errorType"));
    if (errorType.isString())
        exchange.error += QStringLiteral(": ") + errorType.toString();
    for (const char *key : {"error", "message", "Message", "errorMessage"}) {
        const QJsonValue text = object.value(QLatin1String(key));
        if (text.isString()) {
            exchange.error += QStringLiteral(": ") + text.toString();
            constexpr int maxDetails = 5; // enough of a stack trace to find the line
            for (const char *list : {"details", "stackTrace"}) {
                for (const QJsonValue &detail : object.value(QLatin1String(list)).toArray()) {
                    if (exchange.details.size() < maxDetails)
                        exchange.details << json::shown(detail).trimmed();
                }
            }
            return;
        }
    }
    QString text = value.isString() ? value.toString().simplified() : json::shown(value);
    constexpr int maxShown = 120;
    if (text.size() > maxShown)
        text = text.left(maxShown) + QStringLiteral("…");
    if (!text.isEmpty())
        exchange.error += QStringLiteral(": ") + text;
}

QString transportError(const QNetworkReply &reply, const QString &shownUrl)
{
    const QUrl url = reply.request().url();
    const QString hostPort = QStringLiteral("%1:%2").arg(url.host()).arg(url.port(url.scheme() == QLatin1String("https") ? 443 : 80));
    switch (reply.error()) {
    case QNetworkReply::ConnectionRefusedError:
        return QStringLiteral("connection refused: nothing listens at %1 (%2) — is the handler running?").arg(hostPort, shownUrl);
    case QNetworkReply::HostNotFoundError:
        return QStringLiteral("host not found: '%1' does not resolve (%2)").arg(url.host(), shownUrl);
    case QNetworkReply::RemoteHostClosedError:
        return QStringLiteral("%1 closed the connection without a reply").arg(shownUrl);
    case QNetworkReply::SslHandshakeFailedError:
        return QStringLiteral("TLS handshake with %1 failed: %2 — for a self-signed certificate (serve --tls-cert), "
                              "trust it with --cacert FILE").arg(shownUrl, reply.errorString());
    default:
        return QStringLiteral("%1 (%2)").arg(reply.errorString(), shownUrl);
    }
}

} // namespace

QByteArray RelaySigner::sign(const QByteArray &body)
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    while (!m_order.empty() && m_order.front().first < now - EndpointAuth::replayWindowSeconds) {
        m_used.remove(m_order.front().second);
        m_order.pop_front();
    }
    qint64 t = now;
    QByteArray header = EndpointAuth::sign(m_secret, t, body);
    while (m_used.contains(header))
        header = EndpointAuth::sign(m_secret, ++t, body);
    m_used.insert(header);
    m_order.emplace_back(t, header);
    return header;
}

ReplayClient::ReplayClient(ReplayTarget target) : m_target(std::move(target)), m_signer(m_target.hmacSecret) {}

Exchange ReplayClient::post(const QByteArray &body, const QByteArray &injectedFault)
{
    QNetworkRequest request(m_target.url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("User-Agent", "CallConsole-Replay/" CALLCONSOLE_VERSION);
    if (!injectedFault.isEmpty())
        request.setRawHeader("X-CallConsole-Injected-Fault", injectedFault);
    // The service does not follow redirects either: a 3xx is the handler's answer.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    if (!m_target.bearerToken.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_target.bearerToken);
    if (!m_target.hmacSecret.isEmpty())
        request.setRawHeader("X-CallConsole-Signature", m_signer.sign(body));
    if (!m_target.trusted.isEmpty()) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.addCaCertificates(m_target.trusted);
        request.setSslConfiguration(tls);
    }

    Exchange exchange;
    QElapsedTimer clock;
    clock.start();
    QNetworkReply *reply = m_network.post(request, body);
    QEventLoop loop;
    QTimer deadline;
    deadline.setSingleShot(true);
    deadline.setTimerType(Qt::PreciseTimer); // a coarse timer may fire 5 % early: not a timeout yet
    QObject::connect(&deadline, &QTimer::timeout, &loop, [&exchange, reply] {
        exchange.timedOut = true;
        reply->abort();
    });
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    deadline.start(m_target.timeoutMs);
    if (!reply->isFinished())
        loop.exec();
    exchange.latencyMs = clock.elapsed();

    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (exchange.timedOut) {
        exchange.error = QStringLiteral("timeout: no reply within %1 ms").arg(m_target.timeoutMs);
        if (m_target.timeoutMs == serviceRetryDeadlineMs)
            exchange.error += QStringLiteral(" (the service would invoke again)");
    } else if (status.isValid()) {
        exchange.status = status.toInt();
        exchange.body = reply->readAll();
        const QByteArray functionError = reply->rawHeader("X-Amz-Function-Error");
        if (!functionError.isEmpty()) {
            // The Lambda Invoke API answers 200 when the function threw; its body says why.
            exchange.error = QStringLiteral("function error (%1)").arg(QString::fromLatin1(functionError));
            describeHttpError(exchange.body, exchange);
        } else if (exchange.status < 200 || exchange.status > 299) {
            exchange.error = QStringLiteral("HTTP %1").arg(exchange.status);
            const QByteArray location = reply->rawHeader("Location");
            if (exchange.status >= 300 && exchange.status < 400 && !location.isEmpty())
                exchange.error += QStringLiteral(": redirects to %1 (not followed)").arg(QString::fromLatin1(location));
            else
                describeHttpError(exchange.body, exchange);
        }
    } else {
        exchange.error = transportError(*reply, shownUrl());
    }
    reply->deleteLater();
    return exchange;
}

} // namespace callconsole::cli

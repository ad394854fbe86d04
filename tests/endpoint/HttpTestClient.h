// Blocking HTTP helpers for tests: real requests over loopback, through QNetworkAccessManager
// or a raw socket when the test must control the bytes on the wire.
#pragma once

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>
#include <QUrl>

struct HttpResult
{
    int status = 0;
    QByteArray body;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QList<QNetworkReply::RawHeaderPair> headers;

    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QByteArray header(const QByteArray &name) const
    {
        for (const auto &[key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return {};
    }
};

inline HttpResult waitFor(QNetworkReply *reply, int timeoutMs = 30000)
{
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    HttpResult result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    result.error = reply->error();
    result.headers = reply->rawHeaderPairs();
    reply->deleteLater();
    return result;
}

inline QNetworkReply *startRequest(QNetworkAccessManager &network, const QByteArray &method, const QUrl &url,
                                   const QByteArray &body = {}, const QList<QPair<QByteArray, QByteArray>> &headers = {{"Content-Type", "application/json"}})
{
    QNetworkRequest request(url);
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    return network.sendCustomRequest(request, method, body);
}

inline HttpResult request(QNetworkAccessManager &network, const QByteArray &method, const QUrl &url,
                          const QByteArray &body = {}, const QList<QPair<QByteArray, QByteArray>> &headers = {{"Content-Type", "application/json"}})
{
    return waitFor(startRequest(network, method, url, body, headers));
}

// Writes bytes on a fresh connection and reads until the server closes or timeoutMs passes.
inline QByteArray rawExchange(quint16 port, const QByteArray &bytes, int timeoutMs = 20000)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(timeoutMs))
        return {};
    socket.write(bytes);
    QByteArray received;
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < timeoutMs && socket.state() == QAbstractSocket::ConnectedState) {
        if (socket.waitForReadyRead(200))
            received += socket.readAll();
    }
    received += socket.readAll();
    return received;
}

// The body of a raw HTTP response (after the blank line).
inline QByteArray httpBody(const QByteArray &response)
{
    const qsizetype end = response.indexOf("\r\n\r\n");
    return end < 0 ? QByteArray() : response.mid(end + 4);
}

// An invocation event from tests/data/events with its TransactionId and Sequence replaced.
inline QByteArray eventBody(const char *fixture, const QString &transactionId, int sequence)
{
    QFile file(QStringLiteral(CALLCONSOLE_TEST_DATA "/events/") + QLatin1String(fixture));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QJsonObject event = QJsonDocument::fromJson(file.readAll()).object();
    event.insert(QStringLiteral("Sequence"), sequence);
    QJsonObject details = event.value(QStringLiteral("CallDetails")).toObject();
    details.insert(QStringLiteral("TransactionId"), transactionId);
    event.insert(QStringLiteral("CallDetails"), details);
    return QJsonDocument(event).toJson(QJsonDocument::Compact);
}

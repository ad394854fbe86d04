#pragma once

// A loopback HTTP server that answers like the chime-sdk-voice API from a script of replies
// and verifies every request's SigV4 signature with the project's signer.
#include "SigV4Signer.h"

#include <QHostAddress>
#include <QJsonDocument>
#include <QList>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>
#include <QUrlQuery>

struct ScriptedReply
{
    int status = 200;
    QByteArray errorType;
    QByteArray body;
    bool silent = false; // never answer (timeout tests)
};

struct ReceivedRequest
{
    QByteArray method;
    QByteArray target;
    QList<callconsole::aws::HttpHeader> headers;
    QByteArray body;
    bool signatureValid = false;

    QByteArray header(const QByteArray &name) const
    {
        for (const auto &h : headers)
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        return {};
    }
};

class FakeChimeServer : public QObject
{
    Q_OBJECT

public:
    explicit FakeChimeServer(callconsole::aws::Credentials expected, QString region = QStringLiteral("us-east-1"))
        : m_expected(std::move(expected))
        , m_region(std::move(region))
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onData(socket); });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }

    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort())); }
    void script(QList<ScriptedReply> replies) { m_script = std::move(replies); }
    const QList<ReceivedRequest> &received() const { return m_received; }

private:
    void onData(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0)
            return;
        ReceivedRequest request;
        const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
        const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
        request.method = requestLine.value(0);
        request.target = requestLine.value(1);
        qsizetype length = 0;
        for (const QByteArray &raw : lines.mid(1)) {
            const QByteArray line = raw.trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0)
                continue;
            request.headers.append({line.left(colon), line.mid(colon + 1).trimmed()});
            if (line.left(colon).compare("content-length", Qt::CaseInsensitive) == 0)
                length = line.mid(colon + 1).trimmed().toLongLong();
        }
        if (buffer.size() < headerEnd + 4 + length)
            return;
        request.body = buffer.mid(headerEnd + 4, length);
        m_buffers.remove(socket);
        request.signatureValid = verify(request);
        m_received.append(request);

        ScriptedReply reply = m_script.isEmpty() ? ScriptedReply{} : m_script.takeFirst();
        if (!request.signatureValid)
            reply = {403, "InvalidSignatureException",
                     R"({"Message":"The request signature we calculated does not match"})"};
        if (reply.silent)
            return;
        QByteArray response = "HTTP/1.1 " + QByteArray::number(reply.status) + " X\r\n"
            + "Content-Type: application/json\r\nx-amzn-RequestId: req-" + QByteArray::number(m_received.size())
            + "\r\nContent-Length: " + QByteArray::number(reply.body.size()) + "\r\n";
        if (!reply.errorType.isEmpty())
            response += "x-amzn-ErrorType: " + reply.errorType + "\r\n";
        response += "\r\n" + reply.body;
        socket->write(response);
    }

    bool verify(const ReceivedRequest &request) const
    {
        using namespace callconsole::aws;
        const QByteArray authorization = request.header("Authorization");
        const qsizetype signedAt = authorization.indexOf("SignedHeaders=");
        if (signedAt < 0)
            return false;
        const QByteArray signedList = authorization.mid(signedAt + 14, authorization.indexOf(',', signedAt) - signedAt - 14);
        SigningRequest signing;
        signing.method = request.method;
        const QUrl target(QString::fromLatin1("http://h" + request.target));
        signing.path = target.path(QUrl::FullyDecoded);
        const QUrlQuery query(target);
        for (const auto &item : query.queryItems(QUrl::FullyDecoded))
            signing.query.append({item.first, item.second});
        for (const QByteArray &name : signedList.split(';')) {
            if (name == "x-amz-date" || name == "x-amz-security-token")
                continue;
            signing.headers.append({name, request.header(name)});
        }
        signing.body = request.body;
        SigningParams params;
        params.region = m_region;
        params.service = QStringLiteral("chime");
        params.doubleEncodePath = true;
        params.time = QDateTime::fromString(QString::fromLatin1(request.header("X-Amz-Date")),
                                            QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
        params.time.setTimeSpec(Qt::UTC);
        const Credentials credentials(m_expected.accessKeyId(), m_expected.secretAccessKey(),
                                      QString::fromUtf8(request.header("X-Amz-Security-Token")));
        return SigV4Signer::sign(signing, credentials, params).authorization == authorization;
    }

    QTcpServer m_server;
    callconsole::aws::Credentials m_expected;
    QString m_region;
    QList<ScriptedReply> m_script;
    QList<ReceivedRequest> m_received;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

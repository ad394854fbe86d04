// Every place Call Console depends on QHttpServer's API shape, in one header: Qt 6.5 changed
// QAbstractHttpServer::handleRequest to take a responder, and Qt 6.8 replaced header lists with
// QHttpHeaders. The endpoint and the simulator include this instead of spelling either shape.
#pragma once

#include <QtHttpServer/QAbstractHttpServer>
#include <QtHttpServer/QHttpServerRequest>
#include <QtHttpServer/QHttpServerResponder>

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QTcpSocket>
#include <QtGlobal>

#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
#include <QHttpHeaders>
#endif

namespace callconsole::http {

// Whether QHttpServer answers "Expect: 100-continue" itself. 6.4 does not (its parser has no
// such state), and a client that waits for the interim answer would stall until its own
// timeout; 6.7's parser sends it on reading the head. (Where the two might overlap, a second
// 100 is harmless: RFC 9110 §15.2 has clients accept any number of 1xx answers.)
inline constexpr bool serverSendsContinue = QT_VERSION >= QT_VERSION_CHECK(6, 7, 0);

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

// The request's headers as name/value pairs, in the order received.
inline HeaderList requestHeaders(const QHttpServerRequest &request)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    HeaderList out;
    const QHttpHeaders headers = request.headers();
    for (qsizetype i = 0; i < headers.size(); ++i)
        out << qMakePair(headers.nameAt(i).toByteArray(), headers.valueAt(i).toByteArray());
    return out;
#else
    return request.headers();
#endif
}

inline QByteArray headerValue(const QHttpServerRequest &request, const QByteArray &name)
{
    for (const auto &[key, value] : requestHeaders(request)) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

// Writes a complete response with an explicit Content-Length.
inline void respond(QHttpServerResponder &responder, int status, const HeaderList &headers, const QByteArray &body)
{
    const auto code = QHttpServerResponder::StatusCode(status);
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    QHttpHeaders out;
    for (const auto &[name, value] : headers)
        out.append(name, value);
    responder.write(body, out, code);
#else
    responder.writeStatusLine(code);
    for (const auto &[name, value] : headers)
        responder.writeHeader(name, value);
    responder.writeHeader(QByteArrayLiteral("Content-Length"), QByteArray::number(body.size()));
    responder.writeBody(body);
#endif
}

// The request line's method as recorded and routed on ("OTHER" for one Qt has no name for).
inline QString methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get: return QStringLiteral("GET");
    case QHttpServerRequest::Method::Put: return QStringLiteral("PUT");
    case QHttpServerRequest::Method::Delete: return QStringLiteral("DELETE");
    case QHttpServerRequest::Method::Post: return QStringLiteral("POST");
    case QHttpServerRequest::Method::Head: return QStringLiteral("HEAD");
    case QHttpServerRequest::Method::Options: return QStringLiteral("OPTIONS");
    case QHttpServerRequest::Method::Patch: return QStringLiteral("PATCH");
    default: return QStringLiteral("OTHER");
    }
}

} // namespace callconsole::http

// The handler signatures QAbstractHttpServer subclasses override, and how they obtain a
// responder they may keep to answer later.
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
#define CALLCONSOLE_HTTP_HANDLE_REQUEST \
    bool handleRequest(const QHttpServerRequest &request, QHttpServerResponder &responderRef) override
#define CALLCONSOLE_HTTP_MISSING_HANDLER \
    void missingHandler(const QHttpServerRequest &request, QHttpServerResponder &&responderRef) override
#define CALLCONSOLE_HTTP_TAKE_RESPONDER() QHttpServerResponder(std::move(responderRef))
#define CALLCONSOLE_HTTP_SOCKET() static_cast<QTcpSocket *>(nullptr)
#else
#define CALLCONSOLE_HTTP_HANDLE_REQUEST \
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socketPtr) override
#define CALLCONSOLE_HTTP_MISSING_HANDLER \
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socketPtr) override
#define CALLCONSOLE_HTTP_TAKE_RESPONDER() makeResponder(request, socketPtr)
#define CALLCONSOLE_HTTP_SOCKET() socketPtr
#endif

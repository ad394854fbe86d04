// What the connection guard needs from an HTTP/1.x request head (request line and header
// fields, without the blank line): where the body ends (Content-Length or chunked), whether the
// client keeps the connection open or waits for "100 Continue" — and whether the head is one
// that QHttpServer could read differently, which the guard refuses (the rule is written down
// in ConnectionGuard.h). Read in one pass over the bytes, without copying lines: the guard
// reads every request's head.
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace callconsole {

struct RequestHead
{
    // Header fields QHttpServer accepts in one head (Qt's QHttpHeaderParser, 6.4 to 6.8): past
    // it Qt drops every field, Content-Length included.
    static constexpr int maxFields = 100;

    QByteArrayView requestLine;        // "POST /events HTTP/1.1", without CR LF
    bool http10 = false;
    qint64 contentLength = -1;         // absent: -1
    bool chunked = false;              // Transfer-Encoding: chunked
    // HTTP/1.1 keeps the connection unless "Connection: close"; HTTP/1.0 closes it unless
    // "Connection: keep-alive" (RFC 9112 §9.3).
    bool keepAlive = true;
    bool expectsContinue = false;      // "Expect: 100-continue"

    // Why the guard refuses the head: 0 when it does not, else the status (400 or 431), the
    // error it answers and a detail naming the field or line.
    int refusalStatus = 0;
    QString refusal;
    QString refusalDetail;
    bool refused() const { return refusalStatus != 0; }

    static RequestHead parse(QByteArrayView head);
};

} // namespace callconsole

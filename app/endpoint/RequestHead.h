// What the connection guard needs from an HTTP/1.x request head (request line and header
// fields, without the blank line): whether the request line is well formed, where the body
// ends (Content-Length or chunked), and whether the client keeps the connection open. Read in
// one pass over the bytes, without copying lines: the guard reads every request's head.
#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace callconsole {

struct RequestHead
{
    QByteArrayView requestLine;        // "POST /events HTTP/1.1", without CR LF
    bool validRequestLine = false;     // "METHOD target HTTP/1.x"
    bool http10 = false;
    // Content-Length: absent (-1), its value, or a framing error that ends the connection.
    qint64 contentLength = -1;
    QByteArrayView conflictingLength;  // a second, different value: where the body ends is ambiguous
    QByteArrayView invalidLength;      // a value that is not a non-negative integer
    bool chunked = false;              // Transfer-Encoding names chunked (it overrides Content-Length)
    // HTTP/1.1 keeps the connection unless "Connection: close"; HTTP/1.0 closes it unless
    // "Connection: keep-alive" (RFC 9112 §9.3).
    bool keepAlive = true;

    static RequestHead parse(QByteArrayView head);
};

} // namespace callconsole

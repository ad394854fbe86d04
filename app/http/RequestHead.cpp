#include "RequestHead.h"

namespace callconsole {

namespace {

bool isTokenChar(char c)
{
    // tchar (RFC 9110 §5.6.2): what QHttpHeaderParser's field-name check accepts too.
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isToken(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (const char c : text) {
        if (!isTokenChar(c))
            return false;
    }
    return true;
}

QByteArrayView trimmedSpace(QByteArrayView text)
{
    while (!text.isEmpty() && (text.front() == ' ' || text.front() == '\t'))
        text = text.sliced(1);
    while (!text.isEmpty() && (text.back() == ' ' || text.back() == '\t'))
        text.chop(1);
    return text;
}

bool sameName(QByteArrayView name, QByteArrayView wanted)
{
    return name.compare(wanted, Qt::CaseInsensitive) == 0;
}

// True when a comma-separated header value (Connection) holds token.
bool hasToken(QByteArrayView value, QByteArrayView token)
{
    while (!value.isEmpty()) {
        const qsizetype comma = value.indexOf(',');
        if (sameName(trimmedSpace(comma < 0 ? value : value.first(comma)), token))
            return true;
        value = comma < 0 ? QByteArrayView() : value.sliced(comma + 1);
    }
    return false;
}

bool isRequestLine(QByteArrayView line)
{
    // METHOD SP request-target SP HTTP/1.x: single spaces, a token for the method, no
    // control characters in the target (Qt would accept runs of spaces and any version).
    const qsizetype first = line.indexOf(' ');
    if (first <= 0 || !isToken(line.first(first)))
        return false;
    const qsizetype second = line.indexOf(' ', first + 1);
    if (second <= first + 1)
        return false;
    for (const char c : line.sliced(first + 1, second - first - 1)) {
        if (uchar(c) <= 0x20 || uchar(c) == 0x7f)
            return false;
    }
    const QByteArrayView version = line.sliced(second + 1);
    return version == "HTTP/1.1" || version == "HTTP/1.0";
}

QString shown(QByteArrayView text)
{
    return QString::fromLatin1(text.first(std::min<qsizetype>(text.size(), 80)).toByteArray());
}

} // namespace

RequestHead RequestHead::parse(QByteArrayView head)
{
    RequestHead result;
    const auto refuse = [&result](int status, const QString &reason, const QString &detail) {
        result.refusalStatus = status;
        result.refusal = reason;
        result.refusalDetail = detail;
        return result;
    };
    const QString ambiguous = QStringLiteral("ambiguous request head");

    // Every line ends with CR LF: QHttpServer also ends lines (and the head) at a bare LF,
    // where the guard would not.
    for (qsizetype i = head.indexOf('\n'); i >= 0; i = head.indexOf('\n', i + 1)) {
        if (i == 0 || head.at(i - 1) != '\r')
            return refuse(400, ambiguous, QStringLiteral("a line ends with LF alone; lines end with CR LF"));
    }
    for (qsizetype i = head.indexOf('\r'); i >= 0; i = head.indexOf('\r', i + 1)) {
        if (i + 1 >= head.size() || head.at(i + 1) != '\n')
            return refuse(400, ambiguous, QStringLiteral("a CR that does not end a line"));
    }

    qsizetype lineEnd = head.indexOf("\r\n");
    result.requestLine = lineEnd < 0 ? head : head.first(lineEnd);
    if (!isRequestLine(result.requestLine)) {
        return refuse(400, QStringLiteral("malformed request line"),
                      QStringLiteral("request line '%1' — expected METHOD /path HTTP/1.1").arg(shown(result.requestLine)));
    }
    result.http10 = result.requestLine.endsWith("HTTP/1.0");

    bool closeToken = false;
    bool keepAliveToken = false;
    bool transferEncoding = false;
    int fields = 0;
    while (lineEnd >= 0) {
        const qsizetype start = lineEnd + 2;
        lineEnd = head.indexOf("\r\n", start);
        const QByteArrayView line = lineEnd < 0 ? head.sliced(start) : head.sliced(start, lineEnd - start);
        const int number = fields + 2; // the request line is line 1
        if (line.isEmpty() || line.front() == ' ' || line.front() == '\t') {
            return refuse(400, ambiguous,
                          QStringLiteral("line %1 starts with whitespace (obsolete line folding)").arg(number));
        }
        if (++fields > maxFields) {
            return refuse(431, QStringLiteral("too many header fields"),
                          QStringLiteral("more than %1 header fields").arg(maxFields));
        }
        const qsizetype colon = line.indexOf(':');
        if (colon < 0)
            return refuse(400, ambiguous, QStringLiteral("line %1 ('%2') has no colon").arg(number).arg(shown(line)));
        const QByteArrayView name = line.first(colon);
        if (!isToken(name)) {
            return refuse(400, ambiguous,
                          QStringLiteral("header name '%1' on line %2 is not a token (whitespace before the colon?)")
                              .arg(shown(name)).arg(number));
        }
        const QByteArrayView value = trimmedSpace(line.sliced(colon + 1));
        for (const char c : value) {
            if ((uchar(c) < 0x20 && c != '\t') || uchar(c) == 0x7f) {
                return refuse(400, ambiguous,
                              QStringLiteral("header %1 holds a control character").arg(shown(name)));
            }
        }
        if (sameName(name, "Content-Length")) {
            bool digits = !value.isEmpty() && value.size() <= 18;
            for (const char c : value)
                digits = digits && c >= '0' && c <= '9';
            if (!digits) {
                return refuse(400, QStringLiteral("invalid Content-Length"),
                              QStringLiteral("Content-Length '%1' — expected digits only").arg(shown(value)));
            }
            const qint64 length = value.toLongLong();
            if (result.contentLength >= 0 && result.contentLength != length) {
                return refuse(400, QStringLiteral("conflicting Content-Length headers"),
                              QStringLiteral("Content-Length: %1, %2").arg(result.contentLength).arg(length));
            }
            result.contentLength = length;
        } else if (sameName(name, "Transfer-Encoding")) {
            if (transferEncoding || !sameName(value, "chunked")) {
                return refuse(400, QStringLiteral("unsupported Transfer-Encoding"),
                              QStringLiteral("Transfer-Encoding '%1' — only a single 'chunked' is accepted").arg(shown(value)));
            }
            transferEncoding = true;
        } else if (sameName(name, "Connection")) {
            closeToken = closeToken || hasToken(value, "close");
            keepAliveToken = keepAliveToken || hasToken(value, "keep-alive");
        } else if (sameName(name, "Expect")) {
            result.expectsContinue = sameName(value, "100-continue");
        }
    }
    if (transferEncoding && result.contentLength >= 0) {
        return refuse(400, QStringLiteral("both Content-Length and Transfer-Encoding"),
                      QStringLiteral("send one of them: where the body ends would be ambiguous (RFC 9112 §6.1)"));
    }
    result.chunked = transferEncoding;
    result.keepAlive = !closeToken && (!result.http10 || keepAliveToken);
    return result;
}

} // namespace callconsole

#include "RequestHead.h"

namespace callconsole {

namespace {

QByteArrayView trimmed(QByteArrayView text)
{
    while (!text.isEmpty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\r'))
        text = text.sliced(1);
    while (!text.isEmpty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r'))
        text.chop(1);
    return text;
}

bool sameName(QByteArrayView name, QByteArrayView wanted)
{
    return name.compare(wanted, Qt::CaseInsensitive) == 0;
}

// True when a comma-separated header value (Connection, Transfer-Encoding) holds token.
bool hasToken(QByteArrayView value, QByteArrayView token)
{
    while (!value.isEmpty()) {
        const qsizetype comma = value.indexOf(',');
        const QByteArrayView item = trimmed(comma < 0 ? value : value.first(comma));
        if (sameName(item, token))
            return true;
        value = comma < 0 ? QByteArrayView() : value.sliced(comma + 1);
    }
    return false;
}

bool isRequestLine(QByteArrayView line)
{
    // Exactly three non-empty parts separated by single spaces, the last naming HTTP/1.x.
    const qsizetype first = line.indexOf(' ');
    if (first <= 0)
        return false;
    const qsizetype second = line.indexOf(' ', first + 1);
    if (second <= first + 1 || line.indexOf(' ', second + 1) >= 0)
        return false;
    return line.sliced(second + 1).startsWith("HTTP/1.");
}

} // namespace

RequestHead RequestHead::parse(QByteArrayView head)
{
    RequestHead result;
    head = trimmed(head);
    qsizetype lineEnd = head.indexOf('\n');
    result.requestLine = trimmed(lineEnd < 0 ? head : head.first(lineEnd));
    result.validRequestLine = isRequestLine(result.requestLine);
    result.http10 = result.requestLine.endsWith("HTTP/1.0");
    bool closeToken = false;
    bool keepAliveToken = false;
    while (lineEnd >= 0) {
        const qsizetype start = lineEnd + 1;
        lineEnd = head.indexOf('\n', start);
        const QByteArrayView line = lineEnd < 0 ? head.sliced(start) : head.sliced(start, lineEnd - start);
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArrayView name = trimmed(line.first(colon));
        const QByteArrayView value = trimmed(line.sliced(colon + 1));
        if (sameName(name, "Content-Length")) {
            bool ok = false;
            const qint64 length = value.toLongLong(&ok);
            if (!ok || length < 0) {
                if (result.invalidLength.isNull())
                    result.invalidLength = value.isNull() ? QByteArrayView("") : value;
            } else if (result.contentLength >= 0 && result.contentLength != length) {
                if (result.conflictingLength.isNull())
                    result.conflictingLength = value;
            } else {
                result.contentLength = length;
            }
        } else if (sameName(name, "Transfer-Encoding")) {
            result.chunked = result.chunked || hasToken(value, "chunked");
        } else if (sameName(name, "Connection")) {
            closeToken = closeToken || hasToken(value, "close");
            keepAliveToken = keepAliveToken || hasToken(value, "keep-alive");
        }
    }
    result.keepAlive = !closeToken && (!result.http10 || keepAliveToken);
    return result;
}

} // namespace callconsole

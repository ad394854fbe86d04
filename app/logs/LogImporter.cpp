#include "LogImporter.h"

#include "LambdaLogLine.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace callconsole::logs {

namespace {

struct JsonInText
{
    qsizetype offset = 0;              // of its opening brace in the text
    QByteArray bytes;
    QJsonObject object;
    QJsonParseError error{};
    bool ok() const { return error.error == QJsonParseError::NoError; }
};

// The JSON objects a log line holds, after whatever label the handler put before them: each
// from a '{' to its matching '}' (braces inside strings skipped). An object cut short (a
// truncated line) runs to the end of the text and fails to parse.
QList<JsonInText> jsonObjectsIn(const QString &text)
{
    QList<JsonInText> found;
    qsizetype start = text.indexOf(QLatin1Char('{'));
    while (start >= 0) {
        int depth = 0;
        bool inString = false;
        qsizetype end = -1;
        for (qsizetype i = start; i < text.size() && end < 0; ++i) {
            const QChar c = text.at(i);
            if (inString) {
                if (c == QLatin1Char('\\'))
                    ++i;
                else if (c == QLatin1Char('"'))
                    inString = false;
            } else if (c == QLatin1Char('"')) {
                inString = true;
            } else if (c == QLatin1Char('{')) {
                ++depth;
            } else if (c == QLatin1Char('}') && --depth == 0) {
                end = i;
            }
        }
        JsonInText json;
        json.offset = start;
        json.bytes = text.mid(start, end < 0 ? -1 : end - start + 1).toUtf8();
        const QJsonDocument document = QJsonDocument::fromJson(json.bytes, &json.error);
        if (json.ok() && !document.isObject())
            json.error.error = QJsonParseError::IllegalValue;
        json.object = document.object();
        found << json;
        if (end < 0)
            break;
        start = text.indexOf(QLatin1Char('{'), end + 1);
    }
    return found;
}

// The object holding key, this one or one nested in it (a handler may log {"event": {…}}).
std::optional<QJsonObject> objectWith(const QJsonObject &object, const QString &key, int depth = 3)
{
    if (object.contains(key))
        return object;
    if (depth == 0)
        return std::nullopt;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (it->isObject()) {
            if (auto inner = objectWith(it->toObject(), key, depth - 1))
                return inner;
        }
    }
    return std::nullopt;
}

bool isReply(const QJsonObject &object)
{
    return object.contains(QStringLiteral("SchemaVersion")) && object.value(QStringLiteral("Actions")).isArray()
        && !object.contains(QStringLiteral("InvocationEventType"));
}

std::optional<QJsonObject> replyIn(const QJsonObject &object, int depth = 3)
{
    if (isReply(object))
        return object;
    if (depth == 0)
        return std::nullopt;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (it->isObject()) {
            if (auto inner = replyIn(it->toObject(), depth - 1))
                return inner;
        }
    }
    return std::nullopt;
}

// The SMA's message log (/aws/ChimeSipMediaApplicationSipMessages/<id>) holds SIP messages,
// not invocation events.
bool isSipMessageEntry(const QJsonObject &object)
{
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (it.key().contains(QLatin1String("SipMessage"), Qt::CaseInsensitive))
            return true;
    }
    return false;
}

int lineWithin(const LogRecord &record, const QString &text, qsizetype textOffset, qsizetype offsetInText)
{
    if (record.line <= 0)
        return 0;
    const qsizetype base = std::max<qsizetype>(0, record.message.indexOf(text));
    return record.line + int(record.message.left(base + textOffset + offsetInText).count(QLatin1Char('\n')));
}

QString whereAt(const LogRecord &record, int line)
{
    LogRecord at = record;
    at.line = line;
    return at.where();
}

} // namespace

QString ImportSummary::text() const
{
    QString line = QStringLiteral("%1 log events read: %2 invocation events, %3 replies, %4 runtime lines (START/END/REPORT), "
                                  "%5 skipped as not events")
                       .arg(records).arg(events).arg(replies).arg(runtimeLines).arg(skipped);
    if (sipMessages > 0)
        line += QStringLiteral(" (%1 SIP message log entries)").arg(sipMessages);
    if (loggedAgain > 0)
        line += QStringLiteral(", %1 logged again within one invocation (counted once)").arg(loggedAgain);
    if (untimed > 0)
        line += QStringLiteral(", %1 without a timestamp (kept in log order)").arg(untimed);
    line += QStringLiteral(", %1 malformed").arg(malformed.size());
    return line;
}

QJsonObject ImportSummary::toJson() const
{
    QJsonArray findings;
    for (const ImportFinding &finding : malformed)
        findings << QJsonObject{{QStringLiteral("where"), finding.where}, {QStringLiteral("message"), finding.message}};
    return {{QStringLiteral("logEvents"), records},
            {QStringLiteral("events"), events},
            {QStringLiteral("replies"), replies},
            {QStringLiteral("runtimeLines"), runtimeLines},
            {QStringLiteral("skipped"), skipped},
            {QStringLiteral("sipMessages"), sipMessages},
            {QStringLiteral("loggedAgain"), loggedAgain},
            {QStringLiteral("untimed"), untimed},
            {QStringLiteral("malformed"), findings}};
}

void LogImporter::add(const LogRecord &record)
{
    ++m_summary.records;
    const LambdaLogLine line = LambdaLogLine::read(record.message);
    Context context;
    context.record = &record;
    context.logStream = record.logStream.isEmpty() ? line.logStream : record.logStream;
    context.timestampMs = line.timestampMs ? line.timestampMs : record.timestampMs;
    if (context.timestampMs)
        m_lastTimestampMs = context.timestampMs;
    // Node logs "undefined" for lines written outside an invocation.
    context.requestId = line.requestId == QLatin1String("undefined") ? QString() : line.requestId;

    switch (line.kind) {
    case LambdaLogLine::Kind::Start:
        ++m_summary.runtimeLines;
        m_openRequestByStream.insert(context.logStream, context.requestId);
        m_requests[context.requestId];
        return;
    case LambdaLogLine::Kind::End:
        ++m_summary.runtimeLines;
        return;
    case LambdaLogLine::Kind::Report: {
        ++m_summary.runtimeLines;
        Request &request = m_requests[context.requestId];
        request.durationMs = line.durationMs;
        request.status = line.status;
        request.ended = true;
        if (m_openRequestByStream.value(context.logStream) == context.requestId)
            m_openRequestByStream.remove(context.logStream);
        return;
    }
    case LambdaLogLine::Kind::Message:
        break;
    }
    if (context.requestId.isEmpty())
        context.requestId = m_openRequestByStream.value(context.logStream);

    if (line.structured && line.structured->isObject()) {
        const QJsonObject object = line.structured->toObject();
        if (!takeObject(object, QJsonDocument(object).toJson(QJsonDocument::Compact), context))
            ++m_summary.skipped;
        return;
    }
    readMessage(line.text, context);
}

void LogImporter::readMessage(const QString &text, const Context &context)
{
    const LogRecord &record = *context.record;
    bool recognised = false;
    for (const JsonInText &json : jsonObjectsIn(text)) {
        if (json.ok()) {
            recognised = takeObject(json.object, json.bytes, context) || recognised;
            continue;
        }
        if (!json.bytes.contains("InvocationEventType"))
            continue;
        QString message = QStringLiteral("invocation event JSON that does not parse: %1 at offset %2")
                              .arg(json.error.errorString()).arg(json.error.offset);
        static const QRegularExpression inspected(QStringLiteral(R"([{,]\s*(SchemaVersion|InvocationEventType|Sequence):\s)"));
        if (inspected.match(QString::fromUtf8(json.bytes)).hasMatch())
            message += QStringLiteral(" — this looks like Node's console.log(event) (util.inspect, not JSON); "
                                      "log JSON.stringify(event) so the event can be read back");
        m_summary.malformed << ImportFinding{whereAt(record, lineWithin(record, text, json.offset, json.error.offset)), message};
        recognised = true;
    }
    if (!recognised)
        ++m_summary.skipped;
}

bool LogImporter::takeObject(const QJsonObject &object, const QByteArray &bytes, const Context &context)
{
    if (const auto eventObject = objectWith(object, QStringLiteral("InvocationEventType"))) {
        const Parsed<InvocationEvent> event = InvocationEvent::fromJson(*eventObject);
        if (!event.ok()) {
            m_summary.malformed << ImportFinding{context.record->where(), errorMessages(event.issues).join(QStringLiteral("; "))};
            return true;
        }
        addEvent(*event.value, eventObject == object ? bytes : QJsonDocument(*eventObject).toJson(QJsonDocument::Compact), context);
        return true;
    }
    if (const auto reply = replyIn(object)) {
        addReply(*reply, context);
        return true;
    }
    if (isSipMessageEntry(object)) {
        ++m_summary.sipMessages;
        return false;
    }
    return false;
}

void LogImporter::addEvent(const InvocationEvent &event, const QByteArray &bytes, const Context &context)
{
    if (!context.requestId.isEmpty()) {
        Request &request = m_requests[context.requestId];
        const QPair<QString, int> key(event.transactionId(), event.sequence);
        if (request.seen.contains(key)) {
            ++m_summary.loggedAgain;
            return;
        }
        request.seen.insert(key);
        if (request.firstInvocation < 0)
            request.firstInvocation = int(m_pending.size());
    }
    ImportedInvocation invocation;
    invocation.event = event;
    invocation.eventBytes = bytes;
    invocation.requestId = context.requestId;
    invocation.logStream = context.logStream;
    invocation.where = context.record->where();
    if (context.timestampMs) {
        invocation.receivedAtMs = *context.timestampMs;
    } else {
        ++m_summary.untimed;
        invocation.receivedAtMs = m_lastTimestampMs.value_or(0);
    }
    ++m_summary.events;
    m_pending << invocation;
    m_taken << false;
}

void LogImporter::addReply(const QJsonObject &reply, const Context &context)
{
    if (!context.requestId.isEmpty()) {
        // The first reply logged; a console export sorted newest first lists it before the event.
        Request &request = m_requests[context.requestId];
        if (!request.reply) {
            request.reply = reply;
            request.replyAtMs = context.timestampMs;
        }
        return;
    }
    // Without RequestIds, a reply answers the latest event that has none yet.
    for (qsizetype i = m_pending.size() - 1; i >= 0; --i) {
        ImportedInvocation &invocation = m_pending[i];
        if (!invocation.requestId.isEmpty() || m_taken.at(i))
            break;
        if (invocation.reply)
            break;
        invocation.reply = reply;
        if (context.timestampMs && context.timestampMs >= invocation.receivedAtMs)
            invocation.replyLatencyMs = int(*context.timestampMs - invocation.receivedAtMs);
        ++m_summary.replies;
        return;
    }
}

QList<ImportedInvocation> LogImporter::take(bool settledOnly)
{
    QList<ImportedInvocation> taken;
    for (qsizetype i = 0; i < m_pending.size(); ++i) {
        if (m_taken.at(i))
            continue;
        ImportedInvocation invocation = m_pending.at(i);
        const auto request = m_requests.constFind(invocation.requestId);
        const bool hasRequest = !invocation.requestId.isEmpty() && request != m_requests.cend();
        if (settledOnly && (hasRequest ? !request->ended : i + 1 == m_pending.size()))
            continue;
        if (hasRequest && request->firstInvocation == i) {
            invocation.reply = request->reply;
            m_summary.replies += request->reply ? 1 : 0;
            invocation.failure = request->status;
            if (request->durationMs)
                invocation.replyLatencyMs = int(std::ceil(*request->durationMs));
            else if (request->replyAtMs && *request->replyAtMs >= invocation.receivedAtMs)
                invocation.replyLatencyMs = int(*request->replyAtMs - invocation.receivedAtMs);
        }
        m_taken[i] = true;
        taken << invocation;
    }
    std::stable_sort(taken.begin(), taken.end(), [](const ImportedInvocation &a, const ImportedInvocation &b) {
        return a.receivedAtMs < b.receivedAtMs;
    });
    return taken;
}

QList<ImportedInvocation> LogImporter::takeSettled()
{
    return take(true);
}

QList<ImportedInvocation> LogImporter::takeAll()
{
    return take(false);
}

} // namespace callconsole::logs

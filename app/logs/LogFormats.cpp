#include "LogFormats.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTimeZone>

#include <algorithm>

namespace callconsole::logs {

QString LogRecord::where() const
{
    QString text = source;
    if (line > 0)
        text += QStringLiteral(":%1").arg(line);
    if (!entry.isEmpty())
        text += line > 0 ? QStringLiteral(" (%1)").arg(entry) : QStringLiteral(": %1").arg(entry);
    return text;
}

QString toString(LogFormat format)
{
    switch (format) {
    case LogFormat::Auto: return QStringLiteral("auto");
    case LogFormat::LambdaLog: return QStringLiteral("lambda-log");
    case LogFormat::FilterLogEvents: return QStringLiteral("filter-log-events");
    case LogFormat::ConsoleExport: return QStringLiteral("console-csv");
    }
    return {};
}

std::optional<LogFormat> logFormatFromName(const QString &name)
{
    for (const LogFormat format : {LogFormat::Auto, LogFormat::LambdaLog, LogFormat::FilterLogEvents, LogFormat::ConsoleExport}) {
        if (toString(format) == name)
            return format;
    }
    return std::nullopt;
}

namespace {

QList<QByteArray> splitLines(const QByteArray &bytes)
{
    QList<QByteArray> lines = bytes.split('\n');
    for (QByteArray &line : lines) {
        if (line.endsWith('\r'))
            line.chop(1);
    }
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    return lines;
}

QByteArray firstNonBlankLine(const QByteArray &bytes)
{
    for (const QByteArray &line : splitLines(bytes.left(64 * 1024))) {
        if (!line.trimmed().isEmpty())
            return line.trimmed();
    }
    return {};
}

bool isCsvHeader(const QByteArray &line)
{
    const QByteArray lower = line.toLower();
    return lower.contains(',') && lower.contains("timestamp") && lower.contains("message") && !lower.startsWith('{');
}

// Where a Lambda log line starts a new log event; any other line continues the one before
// (a pretty-printed object, a stack trace).
bool startsLogEvent(const QString &line)
{
    static const QRegularExpression start(QStringLiteral(
        R"(^(?:\d{4}-\d\d-\d\d[T ]\d\d:\d\d|(?:START|END|REPORT|INIT_START|INIT_REPORT|RESTORE_START|RESTORE_REPORT|EXTENSION|TELEMETRY)\s)"
        R"(|\[(?:INFO|DEBUG|WARN|WARNING|ERROR|TRACE|FATAL|CRITICAL)\]|\{))"));
    return start.match(line).hasMatch();
}

LogReadResult readLambdaLog(const QByteArray &bytes, const QString &source)
{
    LogReadResult result;
    result.format = LogFormat::LambdaLog;
    const QList<QByteArray> lines = splitLines(bytes);
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = QString::fromUtf8(lines.at(i));
        if (line.trimmed().isEmpty())
            continue;
        if (result.records.isEmpty() || startsLogEvent(line)) {
            LogRecord record;
            record.message = line;
            record.source = source;
            record.line = i + 1;
            result.records << record;
        } else {
            result.records.last().message += QLatin1Char('\n') + line;
        }
    }
    return result;
}

// The line of each event object's "message" key: a key, not text inside a string, because
// JSON escapes the quotes of a string's own content.
QList<int> messageKeyLines(const QByteArray &bytes)
{
    QList<int> lines;
    int line = 1;
    bool inString = false;
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const char c = bytes.at(i);
        if (c == '\n') {
            ++line;
        } else if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            if (bytes.mid(i, 9) == "\"message\"") {
                qsizetype after = i + 9;
                while (after < bytes.size() && (bytes.at(after) == ' ' || bytes.at(after) == '\t' || bytes.at(after) == '\n' || bytes.at(after) == '\r'))
                    ++after;
                if (after < bytes.size() && bytes.at(after) == ':') {
                    lines << line;
                    i += 8;
                    continue;
                }
            }
            inString = true;
        }
    }
    return lines;
}

LogReadResult readFilterLogEvents(const QByteArray &bytes, const QString &source)
{
    LogReadResult result;
    result.format = LogFormat::FilterLogEvents;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError) {
        result.error = QStringLiteral("not JSON at offset %1: %2").arg(error.offset).arg(error.errorString());
        return result;
    }
    const QJsonValue events = document.object().value(QStringLiteral("events"));
    if (!document.isObject() || !events.isArray()) {
        result.error = QStringLiteral("expected the output of `aws logs filter-log-events` or `get-log-events`: "
                                      "an object with an \"events\" array");
        return result;
    }
    const QList<int> lines = messageKeyLines(bytes);
    const QJsonArray array = events.toArray();
    int withMessage = 0;
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonObject event = array.at(i).toObject();
        LogRecord record;
        record.source = source;
        record.entry = QStringLiteral("events[%1]").arg(i);
        const QJsonValue message = event.value(QStringLiteral("message"));
        if (message.isString())
            record.line = lines.value(withMessage++, 0);
        record.message = message.toString();
        const QJsonValue timestamp = event.value(QStringLiteral("timestamp"));
        if (timestamp.isDouble())
            record.timestampMs = qint64(timestamp.toDouble());
        record.logStream = event.value(QStringLiteral("logStreamName")).toString();
        result.records << record;
    }
    return result;
}

// RFC 4180: quoted fields may hold commas, doubled quotes and line breaks.
QList<std::pair<int, QStringList>> csvRows(const QByteArray &bytes)
{
    QList<std::pair<int, QStringList>> rows;
    const QString text = QString::fromUtf8(bytes);
    QStringList row;
    QString field;
    bool quoted = false;
    int line = 1;
    int rowLine = 1;
    const auto endRow = [&] {
        row << field;
        field.clear();
        if (!(row.size() == 1 && row.first().isEmpty()))
            rows.append({rowLine, row});
        row.clear();
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == QLatin1Char('"')) {
                if (i + 1 < text.size() && text.at(i + 1) == QLatin1Char('"')) {
                    field += c;
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                if (c == QLatin1Char('\n'))
                    ++line;
                field += c;
            }
        } else if (c == QLatin1Char('"') && field.isEmpty()) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            row << field;
            field.clear();
        } else if (c == QLatin1Char('\n')) {
            if (field.endsWith(QLatin1Char('\r')))
                field.chop(1);
            endRow();
            rowLine = ++line;
        } else {
            field += c;
        }
    }
    if (!field.isEmpty() || !row.isEmpty())
        endRow();
    return rows;
}

QList<std::pair<int, QStringList>> markdownRows(const QByteArray &bytes)
{
    static const QRegularExpression separator(QStringLiteral(R"(^\|[\s:|-]+\|?$)"));
    static const QRegularExpression cellBorder(QStringLiteral(R"((?<!\\)\|)"));
    QList<std::pair<int, QStringList>> rows;
    const QList<QByteArray> lines = splitLines(bytes);
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = QString::fromUtf8(lines.at(i)).trimmed();
        if (!line.startsWith(QLatin1Char('|')) || separator.match(line).hasMatch())
            continue;
        QStringList cells = line.split(cellBorder);
        cells.removeFirst(); // before the leading |
        if (!cells.isEmpty() && cells.last().trimmed().isEmpty())
            cells.removeLast();
        for (QString &cell : cells)
            cell = cell.trimmed().replace(QStringLiteral("\\|"), QStringLiteral("|"));
        rows.append({i + 1, cells});
    }
    return rows;
}

int columnNamed(const QStringList &header, const QString &name)
{
    for (int i = 0; i < header.size(); ++i) {
        QString cell = header.at(i).trimmed().toLower();
        if (cell.startsWith(QLatin1Char('@')))
            cell.remove(0, 1);
        if (cell == name)
            return i;
    }
    return -1;
}

LogReadResult readConsoleExport(const QByteArray &bytes, const QString &source)
{
    LogReadResult result;
    result.format = LogFormat::ConsoleExport;
    const bool markdown = firstNonBlankLine(bytes).startsWith('|');
    const QList<std::pair<int, QStringList>> rows = markdown ? markdownRows(bytes) : csvRows(bytes);
    if (rows.isEmpty()) {
        result.error = QStringLiteral("no rows");
        return result;
    }
    const QStringList header = rows.first().second;
    const int timestampColumn = columnNamed(header, QStringLiteral("timestamp"));
    const int messageColumn = columnNamed(header, QStringLiteral("message"));
    const int streamColumn = columnNamed(header, QStringLiteral("logstream"));
    if (messageColumn < 0) {
        result.error = QStringLiteral("line %1: the header '%2' names no message column (expected message or @message)")
                           .arg(rows.first().first).arg(header.join(markdown ? QStringLiteral(" | ") : QStringLiteral(",")));
        return result;
    }
    for (qsizetype i = 1; i < rows.size(); ++i) {
        const auto &[line, cells] = rows.at(i);
        LogRecord record;
        record.source = source;
        record.line = line;
        record.message = cells.value(messageColumn);
        if (markdown)
            record.message.replace(QStringLiteral("<br>"), QStringLiteral("\n"));
        if (timestampColumn >= 0)
            record.timestampMs = parseLogTimestamp(cells.value(timestampColumn).trimmed());
        if (streamColumn >= 0)
            record.logStream = cells.value(streamColumn).trimmed();
        result.records << record;
    }
    // Logs Insights lists the newest first: put the rows back in the order they were logged.
    if (std::all_of(result.records.cbegin(), result.records.cend(), [](const LogRecord &r) { return r.timestampMs.has_value(); })) {
        if (result.records.size() > 1 && *result.records.first().timestampMs > *result.records.last().timestampMs)
            std::reverse(result.records.begin(), result.records.end()); // rows logged in one millisecond keep their order
        std::stable_sort(result.records.begin(), result.records.end(),
                         [](const LogRecord &a, const LogRecord &b) { return *a.timestampMs < *b.timestampMs; });
    }
    return result;
}

} // namespace

LogFormat detectLogFormat(const QByteArray &bytes)
{
    const QByteArray first = firstNonBlankLine(bytes);
    if (first.startsWith('|') || isCsvHeader(first))
        return LogFormat::ConsoleExport;
    if (first.startsWith('{')) {
        // A file of Lambda JSON-format lines starts with '{' too; only CloudWatch's answer is
        // one object with an events array.
        const QJsonDocument document = QJsonDocument::fromJson(bytes);
        if (document.isObject() && document.object().value(QStringLiteral("events")).isArray())
            return LogFormat::FilterLogEvents;
    }
    return LogFormat::LambdaLog;
}

LogReadResult readLogRecords(const QByteArray &bytes, LogFormat format, const QString &source)
{
    switch (format == LogFormat::Auto ? detectLogFormat(bytes) : format) {
    case LogFormat::FilterLogEvents: return readFilterLogEvents(bytes, source);
    case LogFormat::ConsoleExport: return readConsoleExport(bytes, source);
    case LogFormat::Auto:
    case LogFormat::LambdaLog: break;
    }
    return readLambdaLog(bytes, source);
}

std::optional<qint64> parseLogTimestamp(QStringView text)
{
    static const QRegularExpression digits(QStringLiteral(R"(^\d{9,13}$)"));
    if (digits.match(text).hasMatch()) {
        const qint64 value = text.toLongLong();
        return text.size() <= 10 ? value * 1000 : value;
    }
    static const QRegularExpression iso(QStringLiteral(
        R"(^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d)(?:[.,](\d{1,9}))?\s*(Z|[+-]\d\d:?\d\d|UTC)?$)"));
    const auto match = iso.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    const QString fraction = match.captured(3);
    const int ms = fraction.isEmpty() ? 0 : QStringView(fraction).left(3).toString().leftJustified(3, QLatin1Char('0')).toInt();
    QDateTime time = QDateTime::fromString(match.captured(1) + QLatin1Char('T') + match.captured(2), Qt::ISODate);
    if (!time.isValid())
        return std::nullopt;
    time.setTimeZone(QTimeZone::utc());
    qint64 epochMs = time.toMSecsSinceEpoch() + ms;
    QString zone = match.captured(4);
    if (!zone.isEmpty() && zone != QLatin1String("Z") && zone != QLatin1String("UTC")) {
        zone.remove(QLatin1Char(':'));
        const int sign = zone.startsWith(QLatin1Char('-')) ? -1 : 1;
        const int minutes = zone.mid(1, 2).toInt() * 60 + zone.mid(3, 2).toInt();
        epochMs -= sign * qint64(minutes) * 60000;
    }
    return epochMs;
}

} // namespace callconsole::logs

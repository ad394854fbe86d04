#include "LambdaLogLine.h"

#include "LogFormats.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace callconsole::logs {

namespace {

const QString isoTime = QStringLiteral(R"((\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?))");
const QString levels = QStringLiteral("(?:INFO|DEBUG|WARN|WARNING|ERROR|TRACE|FATAL|CRITICAL)");

QRegularExpression pattern(const QString &text)
{
    return QRegularExpression(text, QRegularExpression::DotMatchesEverythingOption);
}

// The Lambda JSON log format: application lines and the platform's start and report records.
bool readJsonFormat(const QString &text, LambdaLogLine &line)
{
    if (!text.startsWith(QLatin1Char('{')))
        return false;
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8());
    if (!document.isObject())
        return false;
    const QJsonObject object = document.object();
    const QString type = object.value(QStringLiteral("type")).toString();
    const QJsonObject record = object.value(QStringLiteral("record")).toObject();
    if (type.startsWith(QLatin1String("platform.")) && record.contains(QStringLiteral("requestId"))) {
        line.requestId = record.value(QStringLiteral("requestId")).toString();
        line.timestampMs = parseLogTimestamp(object.value(QStringLiteral("time")).toString());
        if (type == QLatin1String("platform.start")) {
            line.kind = LambdaLogLine::Kind::Start;
        } else if (type == QLatin1String("platform.report")) {
            line.kind = LambdaLogLine::Kind::Report;
            const QJsonValue duration = record.value(QStringLiteral("metrics")).toObject().value(QStringLiteral("durationMs"));
            if (duration.isDouble())
                line.durationMs = duration.toDouble();
            const QString status = record.value(QStringLiteral("status")).toString();
            if (!status.isEmpty() && status != QLatin1String("success"))
                line.status = status;
        } else {
            line.kind = LambdaLogLine::Kind::End; // platform.runtimeDone and the like
        }
        return true;
    }
    if (object.contains(QStringLiteral("requestId")) && object.contains(QStringLiteral("message"))) {
        line.requestId = object.value(QStringLiteral("requestId")).toString();
        line.timestampMs = parseLogTimestamp(object.value(QStringLiteral("timestamp")).toString());
        line.structured = object.value(QStringLiteral("message"));
        if (line.structured->isString())
            line.text = line.structured->toString();
        return true;
    }
    return false;
}

} // namespace

LambdaLogLine LambdaLogLine::read(const QString &message)
{
    LambdaLogLine line;
    QString text = message;
    static const QRegularExpression tailPrefix = pattern(QStringLiteral(R"(^%1 (\S*\[[^\]]*\]\S*) (.*)$)").arg(isoTime));
    if (const auto match = tailPrefix.match(text); match.hasMatch()) {
        line.timestampMs = parseLogTimestamp(match.captured(1));
        line.logStream = match.captured(2);
        text = match.captured(3);
    }

    static const QRegularExpression runtime = pattern(QStringLiteral(R"(^(START|END|REPORT) RequestId: (\S+)(.*)$)"));
    if (const auto match = runtime.match(text); match.hasMatch()) {
        const QString kind = match.captured(1);
        line.kind = kind == QLatin1String("START") ? Kind::Start : kind == QLatin1String("END") ? Kind::End : Kind::Report;
        line.requestId = match.captured(2);
        static const QRegularExpression duration(QStringLiteral(R"((?:^|\s)Duration: ([\d.]+) ms)"));
        static const QRegularExpression status(QStringLiteral(R"(Status: (\w+))"));
        const QString rest = match.captured(3);
        if (const auto d = duration.match(rest); d.hasMatch())
            line.durationMs = d.captured(1).toDouble();
        if (const auto s = status.match(rest); s.hasMatch())
            line.status = s.captured(1);
        return line;
    }
    static const QRegularExpression node = pattern(QStringLiteral(R"(^%1\s+(\S+)\s+%2\s?(.*)$)").arg(isoTime, levels));
    if (const auto match = node.match(text); match.hasMatch()) {
        line.timestampMs = parseLogTimestamp(match.captured(1));
        line.requestId = match.captured(2);
        line.text = match.captured(3);
        return line;
    }
    static const QRegularExpression python = pattern(QStringLiteral(R"(^\[%1\]\s+%2\s+(\S+)\s?(.*)$)").arg(levels, isoTime));
    if (const auto match = python.match(text); match.hasMatch()) {
        line.timestampMs = parseLogTimestamp(match.captured(1));
        line.requestId = match.captured(2);
        line.text = match.captured(3);
        return line;
    }
    if (readJsonFormat(text.trimmed(), line))
        return line;
    line.text = text;
    return line;
}

} // namespace callconsole::logs

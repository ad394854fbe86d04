#include "SessionExport.h"

#include "CallStore.h"
#include "ExportMask.h"
#include "HarExport.h"
#include "JsonValues.h"
#include "SessionStore.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace callconsole {

namespace {

using json::bodyValue;

QJsonObject deliveryJson(const DeliveryRecord &r)
{
    QJsonArray headers;
    for (const auto &[name, value] : r.requestHeaders)
        headers << QJsonArray{QString::fromLatin1(name), QString::fromLatin1(value)};
    QJsonObject object{{QStringLiteral("id"), double(r.id)},
                       {QStringLiteral("receivedAtMs"), double(r.receivedAtMs)},
                       {QStringLiteral("remoteAddress"), r.remoteAddress},
                       {QStringLiteral("method"), r.method},
                       {QStringLiteral("path"), r.path},
                       {QStringLiteral("headers"), headers},
                       {QStringLiteral("body"), bodyValue(r.requestBody)},
                       {QStringLiteral("statusCode"), r.statusCode},
                       {QStringLiteral("rejected"), r.rejected}};
    if (r.rejected) {
        object.insert(QStringLiteral("rejectReason"), r.rejectReason);
        object.insert(QStringLiteral("rejectDetails"), bodyValue(r.rejectDetails));
    } else {
        object.insert(QStringLiteral("transactionId"), r.transactionId);
        object.insert(QStringLiteral("sequence"), r.sequence);
        object.insert(QStringLiteral("type"), r.eventType);
        object.insert(QStringLiteral("reply"), bodyValue(r.replyBody));
        object.insert(QStringLiteral("replySource"), r.replySource);
    }
    if (r.replyLatencyMs >= 0)
        object.insert(QStringLiteral("replyLatencyMs"), r.replyLatencyMs);
    if (r.upstreamStatus >= 0) {
        object.insert(QStringLiteral("upstreamStatus"), r.upstreamStatus);
        object.insert(QStringLiteral("upstreamLatencyMs"), r.upstreamLatencyMs);
        object.insert(QStringLiteral("upstreamBody"), bodyValue(r.upstreamBody));
    }
    if (!r.handlerLog.isEmpty())
        object.insert(QStringLiteral("handlerLog"), QString::fromUtf8(r.handlerLog));
    return object;
}

} // namespace

std::optional<SessionExportFormat> sessionExportFormat(const QString &name)
{
    if (name == QLatin1String("json"))
        return SessionExportFormat::Json;
    if (name == QLatin1String("jsonl"))
        return SessionExportFormat::JsonLines;
    if (name == QLatin1String("har"))
        return SessionExportFormat::Har;
    return std::nullopt;
}

void writeSessionExport(const QList<DeliveryRecord> &recorded, SessionExportFormat format, QIODevice &out,
                        const SessionExportOptions &options)
{
    const QList<DeliveryRecord> deliveries = options.mask ? ExportMask().deliveries(recorded) : recorded;
    if (format == SessionExportFormat::Har) {
        out.write(QJsonDocument(harDocument(deliveries)).toJson(QJsonDocument::Indented));
        return;
    }
    if (format == SessionExportFormat::JsonLines) {
        for (const DeliveryRecord &r : deliveries) {
            if (r.rejected)
                continue;
            QJsonObject line{{QStringLiteral("receivedAtMs"), double(r.receivedAtMs)},
                             {QStringLiteral("event"), bodyValue(r.requestBody)},
                             {QStringLiteral("reply"), bodyValue(r.replyBody)},
                             {QStringLiteral("replySource"), r.replySource}};
            if (r.replyLatencyMs >= 0)
                line.insert(QStringLiteral("replyLatencyMs"), r.replyLatencyMs);
            out.write(QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n');
        }
        return;
    }

    QJsonArray all;
    for (const DeliveryRecord &r : deliveries)
        all << deliveryJson(r);
    QJsonObject document = analysedDeliveries(deliveries).toJson();
    document.insert(QStringLiteral("deliveries"), all);
    out.write(QJsonDocument(document).toJson(QJsonDocument::Indented));
}

CallStore analysedDeliveries(const QList<DeliveryRecord> &deliveries)
{
    CallStore store;
    for (const DeliveryRecord &r : deliveries) {
        if (r.rejected)
            continue;
        const Parsed<InvocationEvent> event = InvocationEvent::parse(r.requestBody);
        if (event.value)
            store.append(*event.value, r.receivedAtMs, r.replyLatencyMs >= 0 ? std::optional<int>(r.replyLatencyMs) : std::nullopt, r.id);
    }
    return store;
}

QString exportSessionFile(const QString &sessionPath, const QString &outputPath, SessionExportFormat format,
                          const SessionExportOptions &options)
{
    if (!QFile::exists(sessionPath))
        return QStringLiteral("%1: no such session file").arg(sessionPath);
    QString error;
    const QList<DeliveryRecord> deliveries = SessionStore::readAll(sessionPath, &error);
    if (!error.isEmpty())
        return error;
    // All or nothing: a failed export never leaves half a file where a whole one was.
    QSaveFile file(outputPath);
    if (!file.open(QIODevice::WriteOnly))
        return QStringLiteral("%1: %2").arg(outputPath, file.errorString());
    writeSessionExport(deliveries, format, file, options);
    if (!file.commit())
        return QStringLiteral("%1: %2").arg(outputPath, file.errorString());
    return {};
}

} // namespace callconsole

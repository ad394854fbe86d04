#include "ObservedRun.h"

#include "EventLogFile.h"
#include "SessionStore.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace callconsole::cli {

namespace {

QByteArray compact(const QJsonValue &value)
{
    if (value.isObject())
        return QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    if (value.isArray())
        return QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    return value.toString().toUtf8();
}

// Calls in the order their first delivery came, each with the number it dialled as its name.
ObservedRun fromDeliveries(const QString &label, const QList<DeliveryRecord> &deliveries)
{
    ObservedRun run;
    run.label = label;
    QStringList order;
    QHash<QString, QList<DeliveryRecord>> byTransaction;
    for (const DeliveryRecord &record : deliveries) {
        if (record.rejected || record.transactionId.isEmpty())
            continue;
        if (!byTransaction.contains(record.transactionId))
            order << record.transactionId;
        byTransaction[record.transactionId] << record;
    }
    for (const QString &id : std::as_const(order)) {
        run.calls << ObservedCall::fromDeliveries(id, byTransaction.value(id));
        const QJsonObject event = QJsonDocument::fromJson(byTransaction.value(id).first().requestBody).object();
        const QString to = event.value(QLatin1String("CallDetails")).toObject().value(QLatin1String("Participants")).toArray()
                               .at(0).toObject().value(QLatin1String("To")).toString();
        run.callNames << (to.isEmpty() ? id : to);
    }
    return run;
}

ObservedRun fromFlowRuns(const QString &label, const QJsonObject &root)
{
    ObservedRun run;
    run.label = label;
    for (const QJsonValue &flowValue : root.value(QLatin1String("flows")).toArray()) {
        const QJsonObject flow = flowValue.toObject();
        for (const QJsonValue &callValue : flow.value(QLatin1String("calls")).toArray()) {
            const QJsonObject object = callValue.toObject();
            ObservedCall call;
            call.transactionId = object.value(QLatin1String("transactionId")).toString();
            if (object.contains(QLatin1String("endSipCode")))
                call.endSipCode = object.value(QLatin1String("endSipCode")).toInt();
            for (const QJsonValue &eventValue : object.value(QLatin1String("events")).toArray()) {
                const QJsonObject e = eventValue.toObject();
                ObservedEvent event;
                event.sequence = e.value(QLatin1String("sequence")).toInt();
                event.type = e.value(QLatin1String("type")).toString();
                event.leg = e.value(QLatin1String("leg")).toString(QStringLiteral("LEG-A"));
                event.actionType = e.value(QLatin1String("actionType")).toString();
                event.statusCode = e.value(QLatin1String("statusCode")).toInt(200);
                event.reply = e.value(QLatin1String("reply"));
                event.replyIsActionList = e.contains(QLatin1String("replyActions"));
                for (const QJsonValue &action : e.value(QLatin1String("replyActions")).toArray())
                    event.replyActions << action.toString();
                event.replySource = e.value(QLatin1String("replySource")).toString();
                event.replyLatencyMs = e.value(QLatin1String("replyLatencyMs")).toInt(-1);
                event.handlerLog = e.value(QLatin1String("handlerLog")).toString().toUtf8();
                call.events << event;
            }
            for (const QJsonValue &anomalyValue : object.value(QLatin1String("anomalies")).toArray()) {
                const QJsonObject a = anomalyValue.toObject();
                for (AnomalyKind kind : allAnomalyKinds()) {
                    if (toString(kind) != a.value(QLatin1String("kind")).toString())
                        continue;
                    Anomaly anomaly;
                    anomaly.kind = kind;
                    anomaly.sequence = a.value(QLatin1String("sequence")).toInt();
                    anomaly.message = a.value(QLatin1String("message")).toString();
                    call.anomalies << anomaly;
                }
            }
            const QJsonObject identifiers = object.value(QLatin1String("identifiers")).toObject();
            for (auto it = identifiers.begin(); it != identifiers.end(); ++it)
                call.identifiers.insert(it.key(), it->toString());
            call.deliveries = int(call.events.size());
            run.calls << call;
            run.callNames << flow.value(QLatin1String("name")).toString() + QStringLiteral(" › ") + object.value(QLatin1String("name")).toString();
        }
    }
    return run;
}

QList<DeliveryRecord> deliveriesFromExport(const QJsonArray &deliveries)
{
    QList<DeliveryRecord> records;
    for (const QJsonValue &value : deliveries) {
        const QJsonObject d = value.toObject();
        DeliveryRecord r;
        r.id = qint64(d.value(QLatin1String("id")).toDouble());
        r.receivedAtMs = qint64(d.value(QLatin1String("receivedAtMs")).toDouble());
        r.rejected = d.value(QLatin1String("rejected")).toBool();
        r.requestBody = compact(d.value(QLatin1String("body")));
        r.statusCode = d.value(QLatin1String("statusCode")).toInt();
        r.replyBody = compact(d.value(QLatin1String("reply")));
        r.replySource = d.value(QLatin1String("replySource")).toString();
        r.replyLatencyMs = d.value(QLatin1String("replyLatencyMs")).toInt(-1);
        r.transactionId = d.value(QLatin1String("transactionId")).toString();
        r.sequence = d.value(QLatin1String("sequence")).toInt();
        r.eventType = d.value(QLatin1String("type")).toString();
        r.handlerLog = d.value(QLatin1String("handlerLog")).toString().toUtf8();
        records << r;
    }
    return records;
}

} // namespace

std::optional<ObservedRun> readObservedRun(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    const QByteArray head = file.peek(16);
    if (head.startsWith("SQLite format 3")) {
        file.close();
        QList<DeliveryRecord> deliveries = SessionStore::readAll(path, error);
        if (!error->isEmpty())
            return std::nullopt;
        return fromDeliveries(path, deliveries);
    }
    const QByteArray bytes = file.readAll();
    const QJsonDocument document = QJsonDocument::fromJson(bytes);
    if (document.isObject() && document.object().contains(QLatin1String("flows")))
        return fromFlowRuns(path, document.object());
    if (document.isObject() && document.object().contains(QLatin1String("deliveries")))
        return fromDeliveries(path, deliveriesFromExport(document.object().value(QLatin1String("deliveries")).toArray()));
    // Otherwise an event log, one event (or event and reply) per line.
    file.close();
    QList<DeliveryRecord> deliveries;
    const EventLogReadResult read = readEventLog(path, [&](int line, EventLogLine &&entry) {
        DeliveryRecord r;
        r.id = line;
        r.receivedAtMs = entry.receivedAtMs.value_or(0);
        r.requestBody = entry.eventBytes;
        r.statusCode = 200;
        r.replyBody = entry.recordedReply ? compact(*entry.recordedReply) : QByteArray();
        r.replyLatencyMs = entry.replyLatencyMs.value_or(-1);
        r.transactionId = entry.event.callDetails.transactionId;
        r.sequence = entry.event.sequence;
        deliveries << r;
    });
    if (!read.error.isEmpty()) {
        *error = read.error;
        return std::nullopt;
    }
    if (deliveries.isEmpty()) {
        *error = QStringLiteral("%1: no calls — expected a session file, an export, an event log or run-flow --json output").arg(path);
        return std::nullopt;
    }
    return fromDeliveries(path, deliveries);
}

} // namespace callconsole::cli

#include "CallFlow.h"

#include "InvocationEvent.h"
#include "TransactionAnalysis.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace callconsole {

namespace {

using Issues = ValidationIssues;

QMap<QString, QString> stringMap(const QJsonValue &value, const QString &where, Issues &issues)
{
    QMap<QString, QString> map;
    if (value.isUndefined())
        return map;
    if (!value.isObject()) {
        issues << ValidationIssue::error(where, {}, QStringLiteral("expected an object of strings"));
        return map;
    }
    const QJsonObject object = value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!it->isString())
            issues << ValidationIssue::error(where + QLatin1Char('.') + it.key(), {}, QStringLiteral("expected a string"));
        map.insert(it.key(), it->toString());
    }
    return map;
}

std::optional<int> milliseconds(const QJsonObject &object, const char *key, const QString &where, Issues &issues)
{
    const QJsonValue value = object.value(QLatin1String(key));
    if (value.isUndefined())
        return std::nullopt;
    if (!value.isDouble() || value.toDouble() < 0) {
        issues << ValidationIssue::error(where + QLatin1Char('.') + QLatin1String(key), value.toVariant().toString(),
                                         QStringLiteral("expected a non-negative number"));
        return std::nullopt;
    }
    return value.toInt();
}

QStringList eventList(const QJsonValue &value, const QString &where, Issues &issues)
{
    QStringList events;
    if (!value.isArray()) {
        issues << ValidationIssue::error(where, {}, QStringLiteral("expected an array of InvocationEventType names"));
        return events;
    }
    const QJsonArray array = value.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString name = array.at(i).toString();
        if (!invocationEventTypeFromString(name))
            issues << ValidationIssue::error(QStringLiteral("%1[%2]").arg(where).arg(i), name, QStringLiteral("not an InvocationEventType"));
        events << name;
    }
    return events;
}

FlowExpectations expectations(const QJsonObject &object, const QString &where, Issues &issues)
{
    FlowExpectations expect;
    static const QStringList known{QStringLiteral("events"), QStringLiteral("legs"), QStringLiteral("replies"),
                                   QStringLiteral("transactionAttributes"), QStringLiteral("noAnomalies"),
                                   QStringLiteral("endSipCode"), QStringLiteral("maxReplyLatencyMs"), QStringLiteral("log")};
    for (const QString &key : object.keys()) {
        if (!known.contains(key))
            issues << ValidationIssue::error(where + QLatin1Char('.') + key, {},
                                             QStringLiteral("unknown expectation; known: %1").arg(known.join(QStringLiteral(", "))));
    }
    if (object.contains(QStringLiteral("events")))
        expect.events = eventList(object.value(QStringLiteral("events")), where + QStringLiteral(".events"), issues);
    const QJsonObject legs = object.value(QStringLiteral("legs")).toObject();
    for (auto it = legs.begin(); it != legs.end(); ++it) {
        if (!participantTagFromString(it.key()))
            issues << ValidationIssue::error(where + QStringLiteral(".legs"), it.key(), QStringLiteral("expected LEG-A or LEG-B"));
        expect.legs.insert(it.key().toUpper(), eventList(it.value(), where + QStringLiteral(".legs.") + it.key(), issues));
    }
    const QJsonArray replies = object.value(QStringLiteral("replies")).toArray();
    static const QRegularExpression arrow(QStringLiteral("\\s*(?:→|->)\\s*"));
    for (qsizetype i = 0; i < replies.size(); ++i) {
        const QString text = replies.at(i).toString();
        const QString path = QStringLiteral("%1.replies[%2]").arg(where).arg(i);
        const QStringList sides = text.split(arrow);
        if (sides.size() != 2 || !invocationEventTypeFromString(sides.at(0).trimmed())) {
            issues << ValidationIssue::error(path, text, QStringLiteral("expected \"EVENT_TYPE → ActionType, ActionType\" (or → [])"));
            continue;
        }
        ExpectedReply reply{sides.at(0).trimmed(), {}, text};
        const QString actions = sides.at(1).trimmed();
        if (actions != QLatin1String("[]")) {
            for (const QString &action : actions.split(QLatin1Char(','), Qt::SkipEmptyParts))
                reply.actionTypes << action.trimmed();
        }
        expect.replies << reply;
    }
    if (object.contains(QStringLiteral("transactionAttributes"))) {
        if (!object.value(QStringLiteral("transactionAttributes")).isObject())
            issues << ValidationIssue::error(where + QStringLiteral(".transactionAttributes"), {}, QStringLiteral("expected an object"));
        expect.transactionAttributes = object.value(QStringLiteral("transactionAttributes")).toObject();
    }
    const QJsonValue noAnomalies = object.value(QStringLiteral("noAnomalies"));
    if (noAnomalies.isBool() && noAnomalies.toBool()) {
        expect.noAnomalies = QStringList();
    } else if (noAnomalies.isArray()) {
        QStringList known;
        for (AnomalyKind kind : allAnomalyKinds())
            known << toString(kind);
        QStringList kinds;
        for (const QJsonValue &kind : noAnomalies.toArray()) {
            if (!known.contains(kind.toString()))
                issues << ValidationIssue::error(where + QStringLiteral(".noAnomalies"), kind.toString(),
                                                 QStringLiteral("not an anomaly kind; known: %1").arg(known.join(QStringLiteral(", "))));
            kinds << kind.toString();
        }
        expect.noAnomalies = kinds;
    } else if (!noAnomalies.isUndefined() && !noAnomalies.isBool()) {
        issues << ValidationIssue::error(where + QStringLiteral(".noAnomalies"), {}, QStringLiteral("expected true or a list of anomaly kinds"));
    }
    if (object.contains(QStringLiteral("endSipCode"))) {
        if (!object.value(QStringLiteral("endSipCode")).isDouble())
            issues << ValidationIssue::error(where + QStringLiteral(".endSipCode"), {}, QStringLiteral("expected a SIP response code (0 for a normal hang-up)"));
        expect.endSipCode = object.value(QStringLiteral("endSipCode")).toInt();
    }
    expect.maxReplyLatencyMs = milliseconds(object, "maxReplyLatencyMs", where, issues);
    const QJsonValue log = object.value(QStringLiteral("log"));
    if (log.isString())
        expect.logLines << log.toString();
    for (const QJsonValue &line : log.toArray())
        expect.logLines << line.toString();
    return expect;
}

} // namespace

Parsed<CallFlow> CallFlow::fromJson(const QByteArray &bytes, const QString &file)
{
    Parsed<CallFlow> parsed;
    QJsonParseError syntax{};
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &syntax);
    if (!document.isObject()) {
        parsed.issues << ValidationIssue::error(QStringLiteral("flow"), {},
                                                syntax.error != QJsonParseError::NoError
                                                    ? QStringLiteral("invalid JSON at offset %1: %2").arg(syntax.offset).arg(syntax.errorString())
                                                    : QStringLiteral("expected a JSON object"));
        return parsed;
    }
    const QJsonObject root = document.object();
    CallFlow flow;
    flow.file = file;
    flow.name = root.value(QStringLiteral("name")).toString(file);
    if (root.contains(QStringLiteral("speed"))) {
        flow.speed = root.value(QStringLiteral("speed")).toDouble();
        if (!(flow.speed > 0 && flow.speed <= 1000))
            parsed.issues << ValidationIssue::error(QStringLiteral("speed"), root.value(QStringLiteral("speed")).toVariant().toString(),
                                                    QStringLiteral("expected a factor above 0, at most 1000"));
    }
    if (const auto timeout = milliseconds(root, "timeoutMs", QStringLiteral("flow"), parsed.issues))
        flow.timeoutMs = *timeout;
    flow.simulator = root.value(QStringLiteral("simulator")).toObject();
    const QJsonArray calls = root.value(QStringLiteral("calls")).toArray();
    if (calls.isEmpty())
        parsed.issues << ValidationIssue::error(QStringLiteral("calls"), {}, QStringLiteral("a flow places at least one call"));
    static const QRegularExpression e164(QStringLiteral("^\\+[1-9]\\d{1,14}$"));
    for (qsizetype i = 0; i < calls.size(); ++i) {
        const QString where = QStringLiteral("calls[%1]").arg(i);
        const QJsonObject object = calls.at(i).toObject();
        FlowCall call;
        call.name = object.value(QStringLiteral("name")).toString(QStringLiteral("call %1").arg(i + 1));
        const QString direction = object.value(QStringLiteral("direction")).toString(QStringLiteral("outbound"));
        call.inbound = direction == QLatin1String("inbound");
        if (!call.inbound && direction != QLatin1String("outbound"))
            parsed.issues << ValidationIssue::error(where + QStringLiteral(".direction"), direction, QStringLiteral("expected outbound or inbound"));
        call.to = object.value(QStringLiteral("to")).toString();
        call.from = object.value(QStringLiteral("from")).toString(call.inbound ? QStringLiteral("+14155550123")
                                                                               : QStringLiteral("+12065550100"));
        if (!e164.match(call.to).hasMatch())
            parsed.issues << ValidationIssue::error(where + QStringLiteral(".to"), call.to, QStringLiteral("expected an E.164 number such as +12065550123"));
        for (const FlowCall &other : std::as_const(flow.calls)) {
            if (!call.inbound && !other.inbound && other.to == call.to)
                parsed.issues << ValidationIssue::error(where + QStringLiteral(".to"), call.to,
                                                        QStringLiteral("each call of a flow dials its own number (its callee behaves as the flow says)"));
        }
        call.arguments = stringMap(object.value(QStringLiteral("arguments")), where + QStringLiteral(".arguments"), parsed.issues);
        call.startAtMs = milliseconds(object, "startAtMs", where, parsed.issues).value_or(0);
        call.callee = object.value(QStringLiteral("callee")).toObject();
        call.caller = object.value(QStringLiteral("caller")).toObject();
        if (call.inbound && !call.callee.isEmpty())
            parsed.issues << ValidationIssue::error(where + QStringLiteral(".callee"), {},
                                                    QStringLiteral("an inbound call has a caller, not a callee: the SIP media application answers it"));
        const QJsonArray updates = object.value(QStringLiteral("updates")).toArray();
        for (qsizetype u = 0; u < updates.size(); ++u) {
            const QString at = QStringLiteral("%1.updates[%2]").arg(where).arg(u);
            const QJsonObject update = updates.at(u).toObject();
            call.updates << FlowUpdate{milliseconds(update, "atMs", at, parsed.issues).value_or(0),
                                       stringMap(update.value(QStringLiteral("arguments")), at + QStringLiteral(".arguments"), parsed.issues)};
        }
        call.hangupAtMs = milliseconds(object, "hangupAtMs", where, parsed.issues);
        call.expect = expectations(object.value(QStringLiteral("expect")).toObject(), where + QStringLiteral(".expect"), parsed.issues);
        flow.calls << call;
    }
    parsed.value = flow;
    return parsed;
}

Parsed<CallFlow> CallFlow::load(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        Parsed<CallFlow> parsed;
        parsed.issues << ValidationIssue::error(QStringLiteral("flow"), path, file.errorString());
        return parsed;
    }
    return fromJson(file.readAll(), path);
}

} // namespace callconsole

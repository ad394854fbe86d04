#include "ReplyRules.h"

#include "ActionList.h"
#include "JsonValues.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QVarLengthArray>

#include <algorithm>

namespace callconsole {

namespace {

const QString placeholderCallId = QStringLiteral("{{CallDetails.Participants[0].CallId}}");

ReplyTemplate::Path parsePath(QStringView path)
{
    ReplyTemplate::Path parsed;
    qsizetype i = 0;
    while (i < path.size()) {
        if (path.at(i) == QLatin1Char('.')) {
            ++i;
            continue;
        }
        if (path.at(i) == QLatin1Char('[')) {
            const qsizetype close = path.indexOf(QLatin1Char(']'), i);
            bool ok = false;
            const int index = close < 0 ? -1 : path.mid(i + 1, close - i - 1).toInt(&ok);
            if (!ok || index < 0) {
                parsed.valid = false;
                return parsed;
            }
            parsed.steps.append({QString(), index});
            i = close + 1;
            continue;
        }
        qsizetype end = i;
        while (end < path.size() && path.at(end) != QLatin1Char('.') && path.at(end) != QLatin1Char('['))
            ++end;
        parsed.steps.append({path.mid(i, end - i).toString(), -1});
        i = end;
    }
    return parsed;
}

// The value at path in the event's JSON; nullopt when any step is missing.
std::optional<QJsonValue> lookup(const QJsonObject &root, const ReplyTemplate::Path &path)
{
    if (!path.valid)
        return std::nullopt;
    QJsonValue current = root;
    for (const ReplyTemplate::Step &step : path.steps) {
        if (step.index >= 0) {
            if (!current.isArray() || step.index >= current.toArray().size())
                return std::nullopt;
            current = current.toArray().at(step.index);
            continue;
        }
        if (!current.isObject())
            return std::nullopt;
        const QJsonObject object = current.toObject();
        const auto found = object.constFind(step.key);
        if (found == object.constEnd())
            return std::nullopt;
        current = found.value();
    }
    return current;
}

QString textOf(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    if (value.isDouble())
        return QString::number(value.toDouble(), 'g', 17);
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (value.isNull() || value.isUndefined())
        return {};
    return QString::fromUtf8(QJsonDocument(value.isObject() ? QJsonDocument(value.toObject())
                                                            : QJsonDocument(value.toArray()))
                                 .toJson(QJsonDocument::Compact));
}

QRegularExpression globPattern(const QString &glob)
{
    if (glob.isEmpty())
        return {};
    return QRegularExpression(QRegularExpression::wildcardToRegularExpression(glob, QRegularExpression::UnanchoredWildcardConversion)
                              .prepend(QLatin1Char('^')).append(QLatin1Char('$')));
}

bool matches(const QRegularExpression &pattern, const QString &value)
{
    return pattern.pattern().isEmpty() || pattern.match(value).hasMatch();
}

// Validates a reply template with core's ActionList rules; issues are re-rooted at where.
void validateReply(const QJsonValue &reply, const QString &where, ValidationIssues &issues)
{
    if (!reply.isObject()) {
        issues << ValidationIssue::error(where, {}, QStringLiteral("expected an action list object {\"SchemaVersion\":\"1.0\",\"Actions\":[…]}"));
        return;
    }
    for (ValidationIssue issue : ActionList::fromJson(reply.toObject()).issues) {
        issue.path = where + QLatin1Char('.') + issue.path;
        issues << issue;
    }
}

} // namespace

ReplyRules::ReplyRules() = default;

QJsonObject ReplyRules::defaultReply(InvocationEventType type)
{
    QJsonArray actions;
    if (type == InvocationEventType::CallAnswered || type == InvocationEventType::NewInboundCall) {
        actions << QJsonObject{{QStringLiteral("Type"), QStringLiteral("Speak")},
                               {QStringLiteral("Parameters"),
                                QJsonObject{{QStringLiteral("Text"), QStringLiteral("Hello from Call Console. This call is answered by the console's default reply.")},
                                            {QStringLiteral("CallId"), placeholderCallId},
                                            {QStringLiteral("Engine"), QStringLiteral("neural")},
                                            {QStringLiteral("VoiceId"), QStringLiteral("Joanna")}}}}
                << QJsonObject{{QStringLiteral("Type"), QStringLiteral("Pause")},
                               {QStringLiteral("Parameters"), QJsonObject{{QStringLiteral("DurationInMilliseconds"), 1000},
                                                                          {QStringLiteral("CallId"), placeholderCallId}}}}
                << QJsonObject{{QStringLiteral("Type"), QStringLiteral("Hangup")},
                               {QStringLiteral("Parameters"), QJsonObject{{QStringLiteral("SipResponseCode"), QStringLiteral("0")},
                                                                          {QStringLiteral("CallId"), placeholderCallId}}}};
    }
    return QJsonObject{{QStringLiteral("SchemaVersion"), QStringLiteral("1.0")}, {QStringLiteral("Actions"), actions}};
}

ReplyTemplate ReplyTemplate::compile(const QJsonObject &reply)
{
    ReplyTemplate compiled;
    compiled.json = QJsonDocument(reply).toJson(QJsonDocument::Compact);
    // Placeholders only ever stand inside JSON strings, so they are filled in the serialized
    // text: cut it once here, and each event only joins the pieces.
    QStringList seen;
    qsizetype from = 0;
    while (true) {
        const qsizetype open = compiled.json.indexOf("{{", from);
        const qsizetype close = open < 0 ? -1 : compiled.json.indexOf("}}", open + 2);
        if (close < 0) {
            compiled.literals.append(compiled.json.mid(from));
            break;
        }
        compiled.literals.append(compiled.json.mid(from, open - from));
        const QString path = QString::fromUtf8(compiled.json.mid(open + 2, close - open - 2)).trimmed();
        qsizetype slot = seen.indexOf(path);
        if (slot < 0) { // templates repeat placeholders (the CallId of every action): one path each
            slot = seen.size();
            seen.append(path);
            compiled.paths.append(parsePath(path));
        }
        compiled.gapPaths.append(int(slot));
        from = close + 2;
    }
    compiled.hasPlaceholders = !compiled.gapPaths.isEmpty();
    return compiled;
}

QByteArray ReplyTemplate::render(const QJsonObject &event) const
{
    if (!hasPlaceholders)
        return json;
    QVarLengthArray<QByteArray, 4> values;
    qsizetype size = json.size();
    for (const Path &path : paths) {
        values.append(json::escapedForString(textOf(lookup(event, path).value_or(QJsonValue()))));
        size += values.last().size();
    }
    QByteArray out;
    out.reserve(size);
    out += literals.first();
    for (qsizetype i = 0; i < gapPaths.size(); ++i) {
        out += values.at(gapPaths.at(i));
        out += literals.at(i + 1);
    }
    return out;
}

QByteArray ReplyRules::fillTemplate(const QJsonObject &reply, const QJsonObject &event)
{
    return ReplyTemplate::compile(reply).render(event);
}

const ReplyTemplate &ReplyRules::defaultTemplate(InvocationEventType type)
{
    static const QList<ReplyTemplate> templates = [] {
        QList<ReplyTemplate> all;
        for (const InvocationEventType t : allInvocationEventTypes())
            all << ReplyTemplate::compile(defaultReply(t));
        return all;
    }();
    return templates.at(int(type));
}

Parsed<ReplyRules> ReplyRules::load(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        Parsed<ReplyRules> failed;
        failed.issues << ValidationIssue::error(path, {}, QStringLiteral("cannot read the rules file: %1").arg(file.errorString()));
        return failed;
    }
    return fromJson(file.readAll());
}

Parsed<QJsonObject> ReplyRules::rootObject(const QByteArray &bytes)
{
    Parsed<QJsonObject> parsed;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        parsed.issues << ValidationIssue::error(QStringLiteral("rules"), {},
            error.error != QJsonParseError::NoError
                ? QStringLiteral("invalid JSON at offset %1: %2").arg(error.offset).arg(error.errorString())
                : QStringLiteral("expected an object with a \"rules\" array"));
        return parsed;
    }
    parsed.value = document.object();
    return parsed;
}

Parsed<ReplyRules> ReplyRules::fromJson(const QByteArray &bytes)
{
    Parsed<ReplyRules> parsed;
    const Parsed<QJsonObject> read = rootObject(bytes);
    if (!read.ok()) {
        parsed.issues = read.issues;
        return parsed;
    }
    const QJsonObject &root = *read.value;
    ReplyRules rules;
    if (root.contains(QStringLiteral("forward"))) {
        rules.m_forward = QUrl(root.value(QStringLiteral("forward")).toString());
        if (!rules.m_forward.isValid() || rules.m_forward.scheme().isEmpty())
            parsed.issues << ValidationIssue::error(QStringLiteral("forward"), root.value(QStringLiteral("forward")).toString(),
                                                    QStringLiteral("expected an http(s) URL"));
    }
    if (root.contains(QStringLiteral("fallback"))) {
        validateReply(root.value(QStringLiteral("fallback")), QStringLiteral("fallback"), parsed.issues);
        rules.m_fallback = ReplyTemplate::compile(root.value(QStringLiteral("fallback")).toObject());
    }
    const QJsonArray list = root.value(QStringLiteral("rules")).toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString where = QStringLiteral("rules[%1]").arg(i);
        const QJsonObject object = list.at(i).toObject();
        ReplyRule rule;
        rule.name = object.value(QStringLiteral("name")).toString(QStringLiteral("rule %1").arg(i + 1));
        const QString event = object.value(QStringLiteral("event")).toString();
        if (event.isEmpty()) {
            parsed.issues << ValidationIssue::error(where + QStringLiteral(".event"), {},
                                                    QStringLiteral("missing — an InvocationEventType or \"*\""));
        } else if (event != QLatin1String("*")) {
            rule.event = invocationEventTypeFromString(event);
            if (!rule.event)
                parsed.issues << ValidationIssue::error(where + QStringLiteral(".event"), event,
                                                        QStringLiteral("not an InvocationEventType"));
        }
        const QJsonObject match = object.value(QStringLiteral("match")).toObject();
        rule.to = globPattern(match.value(QStringLiteral("To")).toString());
        rule.from = globPattern(match.value(QStringLiteral("From")).toString());
        const QJsonObject arguments = match.value(QStringLiteral("Arguments")).toObject();
        for (auto it = arguments.begin(); it != arguments.end(); ++it)
            rule.arguments.insert(it.key(), it.value().toString());
        if (object.contains(QStringLiteral("reply"))) {
            validateReply(object.value(QStringLiteral("reply")), where + QStringLiteral(".reply"), parsed.issues);
            rule.reply = ReplyTemplate::compile(object.value(QStringLiteral("reply")).toObject());
        }
        rule.breakpoint = object.value(QStringLiteral("breakpoint")).toBool();
        if (object.value(QStringLiteral("forward")).toString() == QLatin1String("handler")) {
            rule.toHandler = true;
        } else if (object.contains(QStringLiteral("forward"))) {
            rule.forward = QUrl(object.value(QStringLiteral("forward")).toString());
            if (!rule.forward.isValid() || rule.forward.scheme().isEmpty())
                parsed.issues << ValidationIssue::error(where + QStringLiteral(".forward"),
                                                        object.value(QStringLiteral("forward")).toString(),
                                                        QStringLiteral("expected an http(s) URL or \"handler\""));
        }
        rules.m_rules << rule;
    }
    parsed.value = rules;
    return parsed;
}

ReplyDecision ReplyRules::decide(const InvocationEvent &event, const QJsonObject &received) const
{
    // The event's JSON is only built when a template actually has placeholders to fill, and not
    // at all when the JSON it was parsed from is at hand (event.toJson() was a third of a reply).
    std::optional<QJsonObject> eventJson;
    if (!received.isEmpty())
        eventJson = received;
    const auto render = [&](const ReplyTemplate &reply) {
        if (reply.hasPlaceholders && !eventJson)
            eventJson = event.toJson();
        return reply.render(eventJson.value_or(QJsonObject()));
    };
    const Participant *legA = event.callDetails.participant(ParticipantTag::LegA);
    std::optional<QJsonObject> arguments; // read once, and only for a rule that matches on them
    for (const ReplyRule &rule : m_rules) {
        if (rule.event && *rule.event != event.type)
            continue;
        if (!matches(rule.to, legA ? legA->to : QString()) || !matches(rule.from, legA ? legA->from : QString()))
            continue;
        if (!rule.arguments.isEmpty() && !arguments) {
            arguments = event.actionData.value_or(QJsonObject())
                            .value(QLatin1String("Parameters")).toObject()
                            .value(QLatin1String("Arguments")).toObject();
        }
        bool argumentsMatch = true;
        for (auto it = rule.arguments.cbegin(); it != rule.arguments.cend() && argumentsMatch; ++it)
            argumentsMatch = arguments->value(it.key()).toString() == it.value();
        if (!argumentsMatch)
            continue;
        // The rule's own upstream wins; without one, the console-wide forward URL or handler.
        const bool ownUpstream = rule.toHandler || !rule.forward.isEmpty();
        const bool toHandler = rule.toHandler || (!ownUpstream && m_handler);
        return ReplyDecision{QStringLiteral("rule:") + rule.name,
                             render(rule.reply ? *rule.reply : defaultTemplate(event.type)),
                             rule.breakpoint, toHandler ? QUrl() : (ownUpstream ? rule.forward : m_forward), toHandler};
    }
    return ReplyDecision{QStringLiteral("default"), render(defaultTemplate(event.type)), false,
                         m_handler ? QUrl() : m_forward, m_handler};
}

QByteArray ReplyRules::fallbackFor(const InvocationEvent &event) const
{
    return (m_fallback ? *m_fallback : defaultTemplate(event.type)).render(event.toJson());
}

} // namespace callconsole

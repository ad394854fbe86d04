#include "ReplyRules.h"

#include "ActionList.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

namespace callconsole {

namespace {

const QString placeholderCallId = QStringLiteral("{{CallDetails.Participants[0].CallId}}");

// Reads "A.B[0].C" out of a JSON value; nullopt when any step is missing.
std::optional<QJsonValue> lookup(const QJsonObject &root, const QString &path)
{
    static const QRegularExpression step(QStringLiteral(R"(([^.\[\]]+)|\[(\d+)\])"));
    QJsonValue current = root;
    auto it = step.globalMatch(path);
    while (it.hasNext()) {
        const auto match = it.next();
        if (!match.captured(1).isEmpty()) {
            if (!current.isObject() || !current.toObject().contains(match.captured(1)))
                return std::nullopt;
            current = current.toObject().value(match.captured(1));
        } else {
            const int index = match.captured(2).toInt();
            if (!current.isArray() || index >= current.toArray().size())
                return std::nullopt;
            current = current.toArray().at(index);
        }
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

QJsonValue fill(const QJsonValue &value, const QJsonObject &event)
{
    static const QRegularExpression placeholder(QStringLiteral(R"(\{\{\s*([^}\s]+)\s*\}\})"));
    if (value.isString()) {
        const QString text = value.toString();
        QString out;
        qsizetype last = 0;
        auto it = placeholder.globalMatch(text);
        if (!it.hasNext())
            return value;
        while (it.hasNext()) {
            const auto match = it.next();
            out += text.mid(last, match.capturedStart() - last);
            out += textOf(lookup(event, match.captured(1)).value_or(QJsonValue()));
            last = match.capturedEnd();
        }
        out += text.mid(last);
        return out;
    }
    if (value.isObject()) {
        QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            it.value() = fill(it.value(), event);
        return object;
    }
    if (value.isArray()) {
        QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            array[i] = fill(array.at(i), event);
        return array;
    }
    return value;
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

QByteArray ReplyRules::fillTemplate(const QJsonObject &reply, const QJsonObject &event)
{
    return QJsonDocument(fill(reply, event).toObject()).toJson(QJsonDocument::Compact);
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

Parsed<ReplyRules> ReplyRules::fromJson(const QByteArray &bytes)
{
    Parsed<ReplyRules> parsed;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        parsed.issues << ValidationIssue::error(QStringLiteral("rules"), {},
            error.error != QJsonParseError::NoError
                ? QStringLiteral("invalid JSON at offset %1: %2").arg(error.offset).arg(error.errorString())
                : QStringLiteral("expected an object with a \"rules\" array"));
        return parsed;
    }
    const QJsonObject root = document.object();
    ReplyRules rules;
    if (root.contains(QStringLiteral("forward"))) {
        rules.m_forward = QUrl(root.value(QStringLiteral("forward")).toString());
        if (!rules.m_forward.isValid() || rules.m_forward.scheme().isEmpty())
            parsed.issues << ValidationIssue::error(QStringLiteral("forward"), root.value(QStringLiteral("forward")).toString(),
                                                    QStringLiteral("expected an http(s) URL"));
    }
    if (root.contains(QStringLiteral("fallback"))) {
        validateReply(root.value(QStringLiteral("fallback")), QStringLiteral("fallback"), parsed.issues);
        rules.m_fallback = root.value(QStringLiteral("fallback")).toObject();
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
            rule.reply = object.value(QStringLiteral("reply")).toObject();
        }
        rule.breakpoint = object.value(QStringLiteral("breakpoint")).toBool();
        if (object.contains(QStringLiteral("forward"))) {
            rule.forward = QUrl(object.value(QStringLiteral("forward")).toString());
            if (!rule.forward.isValid() || rule.forward.scheme().isEmpty())
                parsed.issues << ValidationIssue::error(where + QStringLiteral(".forward"),
                                                        object.value(QStringLiteral("forward")).toString(),
                                                        QStringLiteral("expected an http(s) URL"));
        }
        rules.m_rules << rule;
    }
    parsed.value = rules;
    return parsed;
}

ReplyDecision ReplyRules::decide(const InvocationEvent &event) const
{
    const QJsonObject eventJson = event.toJson();
    const Participant *legA = event.callDetails.participant(ParticipantTag::LegA);
    const QJsonObject arguments = event.actionData.value_or(QJsonObject())
                                      .value(QStringLiteral("Parameters")).toObject()
                                      .value(QStringLiteral("Arguments")).toObject();
    for (const ReplyRule &rule : m_rules) {
        if (rule.event && *rule.event != event.type)
            continue;
        if (!matches(rule.to, legA ? legA->to : QString()) || !matches(rule.from, legA ? legA->from : QString()))
            continue;
        bool argumentsMatch = true;
        for (auto it = rule.arguments.cbegin(); it != rule.arguments.cend() && argumentsMatch; ++it)
            argumentsMatch = arguments.value(it.key()).toString() == it.value();
        if (!argumentsMatch)
            continue;
        return ReplyDecision{QStringLiteral("rule:") + rule.name,
                             fillTemplate(rule.reply.value_or(defaultReply(event.type)), eventJson),
                             rule.breakpoint, rule.forward.isEmpty() ? m_forward : rule.forward};
    }
    return ReplyDecision{QStringLiteral("default"), fillTemplate(defaultReply(event.type), eventJson), false, m_forward};
}

QByteArray ReplyRules::fallbackFor(const InvocationEvent &event) const
{
    return fillTemplate(m_fallback.value_or(defaultReply(event.type)), event.toJson());
}

} // namespace callconsole

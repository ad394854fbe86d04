#include "RulesDocument.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSaveFile>

namespace callconsole {

namespace {

const QStringList knownRuleKeys{QStringLiteral("name"), QStringLiteral("event"), QStringLiteral("match"),
                                QStringLiteral("reply"), QStringLiteral("breakpoint"), QStringLiteral("forward")};

QString argumentsText(const QJsonObject &arguments)
{
    QStringList pairs;
    for (auto it = arguments.begin(); it != arguments.end(); ++it)
        pairs << it.key() + QLatin1Char('=') + it.value().toString();
    return pairs.join(QStringLiteral("; "));
}

// "rules[3].reply.Actions[0]" → (3, "reply", "reply.Actions[0]")
RuleIssue locate(ValidationIssue issue)
{
    static const QRegularExpression rulePath(QStringLiteral("^rules\\[(\\d+)\\]\\.?(.*)$"));
    RuleIssue located;
    const QRegularExpressionMatch match = rulePath.match(issue.path);
    if (match.hasMatch()) {
        located.rule = match.captured(1).toInt();
        issue.path = match.captured(2);
    }
    const QString head = issue.path.section(QLatin1Char('.'), 0, 0).section(QLatin1Char('['), 0, 0);
    located.field = head == QLatin1String("rules") ? QString() : head;
    located.issue = issue;
    return located;
}

} // namespace

bool operator==(const RuleEntry &a, const RuleEntry &b)
{
    return a.name == b.name && a.event == b.event && a.matchTo == b.matchTo && a.matchFrom == b.matchFrom
        && a.matchArguments == b.matchArguments && a.reply == b.reply && a.breakpoint == b.breakpoint
        && a.forward == b.forward && a.unknown == b.unknown;
}

Parsed<RulesDocument> RulesDocument::fromJson(const QByteArray &bytes)
{
    Parsed<RulesDocument> parsed;
    const Parsed<QJsonObject> read = ReplyRules::rootObject(bytes);
    if (!read.ok()) {
        parsed.issues = read.issues;
        return parsed;
    }
    RulesDocument rules;
    rules.m_root = *read.value;
    const QJsonArray list = rules.m_root.take(QStringLiteral("rules")).toArray();
    for (const QJsonValue &value : list) {
        QJsonObject object = value.toObject();
        RuleEntry rule;
        rule.name = object.value(QStringLiteral("name")).toString();
        rule.event = object.value(QStringLiteral("event")).toString();
        const QJsonObject match = object.value(QStringLiteral("match")).toObject();
        rule.matchTo = match.value(QStringLiteral("To")).toString();
        rule.matchFrom = match.value(QStringLiteral("From")).toString();
        rule.matchArguments = argumentsText(match.value(QStringLiteral("Arguments")).toObject());
        if (object.contains(QStringLiteral("reply"))) {
            const QJsonValue reply = object.value(QStringLiteral("reply"));
            rule.reply = QString::fromUtf8(reply.isObject() ? QJsonDocument(reply.toObject()).toJson(QJsonDocument::Indented)
                                                            : QJsonDocument(QJsonArray{reply}).toJson(QJsonDocument::Compact).mid(1).chopped(1));
        }
        rule.breakpoint = object.value(QStringLiteral("breakpoint")).toBool();
        rule.forward = object.value(QStringLiteral("forward")).toString();
        for (const QString &key : knownRuleKeys)
            object.remove(key);
        rule.unknown = object;
        rules.rules << rule;
    }
    parsed.value = rules;
    return parsed;
}

Parsed<RulesDocument> RulesDocument::load(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        Parsed<RulesDocument> failed;
        failed.issues << ValidationIssue::error(path, {}, QStringLiteral("cannot read the rules file: %1").arg(file.errorString()));
        return failed;
    }
    return fromJson(file.readAll());
}

QJsonObject RulesDocument::ruleJson(const RuleEntry &rule, QList<RuleIssue> *issues, int index) const
{
    QJsonObject object = rule.unknown;
    if (!rule.name.trimmed().isEmpty())
        object.insert(QStringLiteral("name"), rule.name.trimmed());
    object.insert(QStringLiteral("event"), rule.event);
    QJsonObject match;
    if (!rule.matchTo.trimmed().isEmpty())
        match.insert(QStringLiteral("To"), rule.matchTo.trimmed());
    if (!rule.matchFrom.trimmed().isEmpty())
        match.insert(QStringLiteral("From"), rule.matchFrom.trimmed());
    QJsonObject arguments;
    for (const QString &pair : rule.matchArguments.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        const qsizetype equals = pair.indexOf(QLatin1Char('='));
        const QString key = pair.left(equals).trimmed();
        if (equals <= 0 || key.isEmpty()) {
            if (issues && !pair.trimmed().isEmpty())
                *issues << RuleIssue{index, QStringLiteral("match"),
                                     ValidationIssue::error(QStringLiteral("match.Arguments"), pair.trimmed(),
                                                            QStringLiteral("expected key=value pairs separated by ;"))};
            continue;
        }
        arguments.insert(key, pair.mid(equals + 1).trimmed());
    }
    if (!arguments.isEmpty())
        match.insert(QStringLiteral("Arguments"), arguments);
    if (!match.isEmpty())
        object.insert(QStringLiteral("match"), match);
    if (!rule.reply.trimmed().isEmpty()) {
        QJsonParseError error;
        const QJsonDocument reply = QJsonDocument::fromJson(rule.reply.toUtf8(), &error);
        if (error.error == QJsonParseError::NoError && reply.isObject()) {
            object.insert(QStringLiteral("reply"), reply.object());
        } else if (issues) {
            *issues << RuleIssue{index, QStringLiteral("reply"),
                                 ValidationIssue::error(QStringLiteral("reply"), {},
                                     error.error != QJsonParseError::NoError
                                         ? QStringLiteral("invalid JSON at offset %1: %2").arg(error.offset).arg(error.errorString())
                                         : QStringLiteral("expected an action list object {\"SchemaVersion\":\"1.0\",\"Actions\":[…]}"))};
        }
    }
    if (rule.breakpoint)
        object.insert(QStringLiteral("breakpoint"), true);
    if (!rule.forward.trimmed().isEmpty())
        object.insert(QStringLiteral("forward"), rule.forward.trimmed());
    return object;
}

QByteArray RulesDocument::toJson() const
{
    QJsonObject root = m_root;
    QJsonArray list;
    for (int i = 0; i < rules.size(); ++i)
        list << ruleJson(rules.at(i), nullptr, i);
    root.insert(QStringLiteral("rules"), list);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

QString RulesDocument::save(const QString &path) const
{
    if (hasErrors())
        return QStringLiteral("%1: the rules have errors; fix them before saving").arg(path);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(toJson()) < 0 || !file.commit())
        return QStringLiteral("%1: %2").arg(path, file.errorString());
    return {};
}

QStringList RulesDocument::eventChoices()
{
    QStringList choices{QStringLiteral("*")};
    for (const InvocationEventType type : allInvocationEventTypes())
        choices << toString(type);
    return choices;
}

QList<int> RulesDocument::rulesFor(const QString &event) const
{
    QList<int> indexes;
    for (int i = 0; i < rules.size(); ++i) {
        if (rules.at(i).event == event)
            indexes << i;
    }
    return indexes;
}

int RulesDocument::addRule(const QString &event)
{
    RuleEntry rule;
    rule.event = event;
    rule.name = QStringLiteral("%1 %2").arg(event == QLatin1String("*") ? QStringLiteral("every event") : event.toLower())
                    .arg(rulesFor(event).size() + 1);
    int at = int(rules.size());
    if (event != QLatin1String("*")) {
        for (int i = 0; i < rules.size(); ++i) {
            if (rules.at(i).event == QLatin1String("*")) {
                at = i;
                break;
            }
        }
    }
    rules.insert(at, rule);
    return at;
}

void RulesDocument::removeRule(int index)
{
    if (index >= 0 && index < rules.size())
        rules.removeAt(index);
}

QList<RuleIssue> RulesDocument::issues() const
{
    QList<RuleIssue> found;
    QJsonObject root = m_root;
    QJsonArray list;
    for (int i = 0; i < rules.size(); ++i)
        list << ruleJson(rules.at(i), &found, i);
    root.insert(QStringLiteral("rules"), list);
    // The same rules the endpoint applies when it loads the file.
    const Parsed<ReplyRules> checked = ReplyRules::fromJson(QJsonDocument(root).toJson(QJsonDocument::Compact));
    for (const ValidationIssue &issue : checked.issues)
        found << locate(issue);
    return found;
}

bool RulesDocument::hasErrors() const
{
    const QList<RuleIssue> all = issues();
    return std::any_of(all.cbegin(), all.cend(), [](const RuleIssue &i) { return i.issue.isError(); });
}

ReplyPreview RulesDocument::preview(const QByteArray &eventJson, const QString &forwardUrl) const
{
    ReplyPreview preview;
    const Parsed<ReplyRules> rulesParsed = ReplyRules::fromJson(toJson());
    if (!rulesParsed.value || hasErrors()) {
        preview.error = QStringLiteral("fix the rules' errors first");
        return preview;
    }
    const Parsed<InvocationEvent> event = InvocationEvent::parse(eventJson);
    if (!event.value) {
        preview.error = QStringLiteral("not an invocation event: %1").arg(errorMessages(event.issues).join(QStringLiteral("; ")));
        return preview;
    }
    ReplyRules rules = *rulesParsed.value;
    if (!forwardUrl.isEmpty())
        rules.setGlobalForward(QUrl(forwardUrl));
    const ReplyDecision decision = rules.decide(*event.value, QJsonDocument::fromJson(eventJson).object());
    preview.source = decision.source;
    preview.hold = decision.hold;
    preview.forward = decision.forward;
    const QByteArray reply = decision.forward.isEmpty() ? decision.reply : rules.fallbackFor(*event.value);
    const QJsonDocument pretty = QJsonDocument::fromJson(reply);
    preview.reply = pretty.isNull() ? reply : pretty.toJson(QJsonDocument::Indented);
    return preview;
}

} // namespace callconsole

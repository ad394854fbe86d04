#include "ActionList.h"

#include "ActionCatalogue.h"
#include "JsonValues.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

#include <algorithm>

namespace callconsole {

namespace {

const QString schemaVersionMismatch = QStringLiteral("SchemaVersionMismatch");
const QString tooManyActions = QStringLiteral("TooManyActions");
const QString invalidMapSize = QStringLiteral("TransactionAttributesInvalidMapSize");
const QString invalidResponse = QStringLiteral("InvalidLambdaResponse");
const QString invalidParameter = QStringLiteral("InvalidActionParameter");

using json::child;
using json::element;
using json::kindName;
using json::shown;

// The mistake behind click-to-call#125: an API-Gateway Lambda proxy reply, or the reply
// serialised twice. The service reports it as SchemaVersionMismatch, which says nothing
// about the cause, so the finding spells out the fix.
std::optional<ValidationIssue> wrappedReply(const QJsonValue &value)
{
    const QString fix = QStringLiteral("return the object itself, not an API-Gateway style {statusCode, body} wrapper "
                                       "or a JSON string (the service reports SchemaVersionMismatch)");
    if (value.isString()) {
        const QJsonDocument inner = QJsonDocument::fromJson(value.toString().toUtf8());
        const QString what = inner.isNull() ? QStringLiteral("a JSON string") : QStringLiteral("a JSON string that contains JSON");
        return ValidationIssue::error(QStringLiteral("body"), value.toString(),
                                      QStringLiteral("is %1 — %2").arg(what, fix), schemaVersionMismatch);
    }
    if (!value.isObject())
        return std::nullopt;
    const QJsonObject object = value.toObject();
    if (object.contains(QStringLiteral("SchemaVersion")) || object.contains(QStringLiteral("Actions")))
        return std::nullopt;
    if (object.contains(QStringLiteral("body")) || object.contains(QStringLiteral("statusCode"))) {
        return ValidationIssue::error(QStringLiteral("body"), shown(value),
                                      QStringLiteral("looks like a {statusCode, body} wrapper — %1").arg(fix),
                                      schemaVersionMismatch);
    }
    return std::nullopt;
}

std::optional<Action> readAction(const QJsonValue &value, const QString &path, ValidationIssues &issues)
{
    if (!value.isObject()) {
        issues << ValidationIssue::error(path, shown(value),
                                         QStringLiteral("expected an action object {Type, Parameters}, got %1").arg(kindName(value)),
                                         invalidResponse);
        return std::nullopt;
    }
    const QJsonObject object = value.toObject();
    const qsizetype before = issues.size();
    Action action;

    const QString typePath = child(path, QStringLiteral("Type"));
    const QJsonValue type = object.value(QStringLiteral("Type"));
    if (type.isUndefined()) {
        issues << ValidationIssue::error(typePath, {}, QStringLiteral("missing — every action names its Type"), invalidResponse);
        return std::nullopt;
    }
    if (!type.isString()) {
        issues << ValidationIssue::error(typePath, shown(type),
                                         QStringLiteral("expected a string, got %1").arg(kindName(type)), invalidResponse);
        return std::nullopt;
    }
    action.type = type.toString();
    if (!actioncatalogue::isKnownType(action.type)) {
        const QStringList known = actioncatalogue::knownTypes();
        QString rule = QStringLiteral("is not an action type; known types (case-sensitive): %1")
                           .arg(known.join(QStringLiteral(", ")));
        const QString suggestion = json::closestMatch(action.type, known);
        if (!suggestion.isEmpty())
            rule += QStringLiteral(" (did you mean %1?)").arg(suggestion);
        issues << ValidationIssue::error(typePath, action.type, rule, invalidResponse);
        return std::nullopt;
    }

    const QString parametersPath = child(path, QStringLiteral("Parameters"));
    const QJsonValue parameters = object.value(QStringLiteral("Parameters"));
    if (parameters.isObject()) {
        action.parameters = parameters.toObject();
        actioncatalogue::validateParameters(action.type, action.parameters, path, issues);
    } else if (parameters.isUndefined() || parameters.isNull()) {
        actioncatalogue::validateParameters(action.type, action.parameters, path, issues);
    } else {
        issues << ValidationIssue::error(parametersPath, shown(parameters),
                                         QStringLiteral("expected an object, got %1").arg(kindName(parameters)),
                                         invalidParameter);
    }

    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (it.key() != QLatin1String("Type") && it.key() != QLatin1String("Parameters"))
            issues << ValidationIssue::warning(child(path, it.key()), {}, QStringLiteral("unknown field, ignored"));
    }
    for (const ValidationIssue &issue : issues.mid(before)) {
        if (issue.isError())
            action.parameterIssues << issue;
    }
    return action;
}

std::optional<StringMap> readAttributes(const QJsonValue &value, const ActionListLimits &limits,
                                        ValidationIssues &issues)
{
    const QString path = QStringLiteral("TransactionAttributes");
    if (value.isUndefined() || value.isNull())
        return std::nullopt;
    if (!value.isObject()) {
        issues << ValidationIssue::error(path, shown(value),
                                         QStringLiteral("expected an object of string → string, got %1").arg(kindName(value)),
                                         invalidMapSize);
        return std::nullopt;
    }
    const QJsonObject object = value.toObject();
    StringMap map = json::stringMap(object, path, issues, invalidMapSize);
    if (object.size() > limits.maxTransactionAttributes) {
        issues << ValidationIssue::error(path, QString::number(object.size()) + QStringLiteral(" mappings"),
                                         QStringLiteral("too many mappings; the maximum is %1").arg(limits.maxTransactionAttributes),
                                         invalidMapSize);
    }
    qsizetype bytes = 0;
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        bytes += it.key().toUtf8().size() + it.value().toUtf8().size();
    if (bytes > limits.maxTransactionAttributesBytes) {
        issues << ValidationIssue::error(path, QString::number(bytes) + QStringLiteral(" bytes"),
                                         QStringLiteral("keys and values exceed %1 bytes in total").arg(limits.maxTransactionAttributesBytes),
                                         invalidMapSize);
    }
    return map;
}

} // namespace

Parsed<ActionList> ActionList::parse(const QByteArray &bytes, const ActionListLimits &limits)
{
    // A handler that returns nothing (null/undefined) leaves the current actions running (DG
    // invoke-on-call-leg: "a NULL action set keeps the existing actions").
    const QByteArray trimmed = bytes.trimmed();
    if (trimmed.isEmpty() || trimmed == "null") {
        ActionList list;
        list.keepsCurrentActions = true;
        return {list, {ValidationIssue::warning(QStringLiteral("body"), QString::fromUtf8(trimmed),
                                                QStringLiteral("no action list: the service keeps the current actions "
                                                               "(on NEW_INBOUND_CALL the call attempt times out after 30 s)"))}};
    }
    // Wrapping in an array lets Qt parse a top-level JSON string, the double-serialised reply.
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson("[" + bytes + "\n]", &error);
    if (error.error != QJsonParseError::NoError || document.array().size() != 1) {
        QJsonParseError plain{};
        QJsonDocument::fromJson(bytes, &plain);
        const bool same = plain.error != QJsonParseError::NoError;
        return {std::nullopt,
                {ValidationIssue::error(QStringLiteral("body"), {},
                                        QStringLiteral("invalid JSON at offset %1: %2")
                                            .arg(same ? plain.offset : error.offset - 1)
                                            .arg(same ? plain.errorString() : error.errorString()),
                                        schemaVersionMismatch)}};
    }
    const QJsonValue value = document.array().first();
    if (const auto wrapped = wrappedReply(value))
        return {std::nullopt, {*wrapped}};
    if (!value.isObject()) {
        QString rule = QStringLiteral("expected an object {SchemaVersion, Actions, TransactionAttributes}, got %1").arg(kindName(value));
        if (value.isArray())
            rule += QStringLiteral(" — wrap the actions: {\"SchemaVersion\":\"1.0\",\"Actions\":[…]}");
        return {std::nullopt, {ValidationIssue::error(QStringLiteral("body"), {}, rule, schemaVersionMismatch)}};
    }
    return fromJson(value.toObject(), limits);
}

Parsed<ActionList> ActionList::fromJson(const QJsonObject &object, const ActionListLimits &limits)
{
    ValidationIssues issues;
    ActionList list;
    if (const auto wrapped = wrappedReply(object))
        return {std::nullopt, {*wrapped}};

    const QJsonValue version = object.value(QStringLiteral("SchemaVersion"));
    if (version.isUndefined()) {
        issues << ValidationIssue::error(QStringLiteral("SchemaVersion"), {}, QStringLiteral("missing — expected \"1.0\""),
                                         schemaVersionMismatch);
    } else if (version != QJsonValue(QStringLiteral("1.0"))) {
        issues << ValidationIssue::error(QStringLiteral("SchemaVersion"), shown(version),
                                         QStringLiteral("expected the string \"1.0\""), schemaVersionMismatch);
    }

    const QString actionsPath = QStringLiteral("Actions");
    const QJsonValue actions = object.value(actionsPath);
    if (actions.isUndefined() || actions.isNull()) {
        list.keepsCurrentActions = true;
        issues << ValidationIssue::warning(actionsPath, {},
                                           QStringLiteral("absent: the service keeps the current actions; "
                                                          "send [] to run none"));
    } else if (!actions.isArray()) {
        issues << ValidationIssue::error(actionsPath, shown(actions),
                                         QStringLiteral("expected an array of actions, got %1").arg(kindName(actions)),
                                         invalidResponse);
    } else {
        const QJsonArray array = actions.toArray();
        if (array.size() > limits.maxActions) {
            issues << ValidationIssue::error(actionsPath, QStringLiteral("%1 actions").arg(array.size()),
                                             QStringLiteral("at most %1 actions per response").arg(limits.maxActions),
                                             tooManyActions);
        }
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (const auto action = readAction(array.at(i), element(actionsPath, i), issues))
                list.actions << *action;
        }
    }

    list.transactionAttributes = readAttributes(object.value(QStringLiteral("TransactionAttributes")), limits, issues);

    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        const QString &key = it.key();
        if (key != QLatin1String("SchemaVersion") && key != QLatin1String("Actions")
            && key != QLatin1String("TransactionAttributes"))
            issues << ValidationIssue::warning(child({}, key), {}, QStringLiteral("unknown field, ignored"));
    }

    Parsed<ActionList> result;
    result.issues = issues;
    const bool rejected = std::any_of(issues.cbegin(), issues.cend(), [](const ValidationIssue &issue) {
        return issue.isError() && !actioncatalogue::failsOnlyItsAction(issue);
    });
    if (!rejected)
        result.value = list;
    return result;
}

QJsonObject ActionList::toJson() const
{
    QJsonArray array;
    for (const auto &action : actions)
        array.append(QJsonObject{{QStringLiteral("Type"), action.type}, {QStringLiteral("Parameters"), action.parameters}});
    QJsonObject object{{QStringLiteral("SchemaVersion"), schemaVersion}};
    if (!keepsCurrentActions || !actions.isEmpty())
        object.insert(QStringLiteral("Actions"), array);
    if (transactionAttributes) {
        QJsonObject attributes;
        for (auto it = transactionAttributes->cbegin(); it != transactionAttributes->cend(); ++it)
            attributes.insert(it.key(), it.value());
        object.insert(QStringLiteral("TransactionAttributes"), attributes);
    }
    return object;
}

QByteArray ActionList::toJsonBytes() const
{
    return QJsonDocument(toJson()).toJson(QJsonDocument::Compact);
}

QString ActionList::summary() const
{
    if (actions.isEmpty())
        return keepsCurrentActions ? QStringLiteral("(keep current actions)") : QStringLiteral("(no actions)");
    QStringList types;
    for (const auto &action : actions)
        types << action.type;
    return types.join(QStringLiteral(", "));
}

bool ActionList::acceptedByService(const Parsed<ActionList> &parsed)
{
    return parsed.value.has_value();
}

QStringList ActionList::knownActionTypes()
{
    return actioncatalogue::knownTypes();
}

} // namespace callconsole

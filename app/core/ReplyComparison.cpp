#include "ReplyComparison.h"

#include "JsonValues.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

#include <algorithm>

namespace callconsole {

namespace {

std::optional<ReplyDifference> firstDifference(const QJsonValue &recorded, const QJsonValue &now, const QString &path)
{
    if (recorded.isObject() && now.isObject()) {
        const QJsonObject a = recorded.toObject();
        const QJsonObject b = now.toObject();
        QStringList keys = a.keys() + b.keys();
        std::sort(keys.begin(), keys.end());
        keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
        for (const QString &key : std::as_const(keys)) {
            if (auto difference = firstDifference(a.value(key), b.value(key), json::child(path, key)))
                return difference;
        }
        return std::nullopt;
    }
    if (recorded.isArray() && now.isArray()) {
        const QJsonArray a = recorded.toArray();
        const QJsonArray b = now.toArray();
        for (qsizetype i = 0; i < std::max(a.size(), b.size()); ++i) {
            const QJsonValue x = i < a.size() ? a.at(i) : QJsonValue(QJsonValue::Undefined);
            const QJsonValue y = i < b.size() ? b.at(i) : QJsonValue(QJsonValue::Undefined);
            if (auto difference = firstDifference(x, y, json::element(path, i)))
                return difference;
        }
        return std::nullopt;
    }
    const bool same = recorded.isDouble() && now.isDouble() ? recorded.toDouble() == now.toDouble()
                                                             : recorded == now;
    if (same)
        return std::nullopt;
    return ReplyDifference{path, recorded, now, {}};
}

QString shownForDiff(const QJsonValue &value)
{
    if (value.isUndefined())
        return QStringLiteral("absent");
    QString text = json::shown(value);
    constexpr int maxShown = 60; // a whole action list would hide where it differs
    if (text.size() > maxShown)
        text = text.left(maxShown) + QStringLiteral("…");
    return value.isString() ? QLatin1Char('\'') + text + QLatin1Char('\'') : text;
}

} // namespace

std::optional<ReplyDifference> compareReplies(const QJsonValue &recorded, const QJsonValue &now)
{
    std::optional<ReplyDifference> difference = firstDifference(recorded, now, {});
    if (!difference)
        return std::nullopt;
    const QString before = actionTypeSummary(recorded);
    const QString after = actionTypeSummary(now);
    if (before != after) {
        difference->summary = QStringLiteral("recorded %1 → now %2").arg(before, after);
    } else {
        const QString where = difference->path.isEmpty() ? QStringLiteral("the reply") : difference->path;
        difference->summary = QStringLiteral("%1: %2 → %3")
                                  .arg(where, shownForDiff(difference->recorded), shownForDiff(difference->now));
    }
    return difference;
}

QString actionTypeSummary(const QJsonValue &reply)
{
    const QJsonValue actions = reply.toObject().value(QStringLiteral("Actions"));
    if (!actions.isArray())
        return QStringLiteral("not an action list");
    QStringList types;
    for (const QJsonValue &action : actions.toArray())
        types << action.toObject().value(QStringLiteral("Type")).toString();
    return types.isEmpty() ? QStringLiteral("[]") : types.join(QStringLiteral(", "));
}

} // namespace callconsole

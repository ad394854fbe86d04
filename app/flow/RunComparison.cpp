#include "RunComparison.h"

#include "ReplyComparison.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <vector>

namespace callconsole {

namespace {

QStringList types(const ObservedCall &call)
{
    QStringList list;
    for (const ObservedEvent &event : call.events)
        list << event.type;
    return list;
}

// How much of two flows agree: the longest common subsequence of their event types.
int similarity(const QStringList &a, const QStringList &b)
{
    std::vector<int> previous(size_t(b.size()) + 1, 0);
    std::vector<int> current(previous.size(), 0);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        for (qsizetype j = 1; j <= b.size(); ++j) {
            current[size_t(j)] = a.at(i - 1) == b.at(j - 1) ? previous[size_t(j - 1)] + 1
                                                            : std::max(previous[size_t(j)], current[size_t(j - 1)]);
        }
        std::swap(previous, current);
    }
    return previous.back();
}

QString valueText(const QJsonValue &value)
{
    if (value.isUndefined())
        return QStringLiteral("(absent)");
    if (value.isString())
        return QLatin1Char('\'') + value.toString() + QLatin1Char('\'');
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
}

// A reply with this run's identifiers (CallIds, the TransactionId) in words, so that two runs
// of a call compare on what the handler decided rather than on ids the service made up.
QJsonValue withoutIdentifiers(const QJsonValue &value, const QHash<QString, QString> &identifiers)
{
    if (value.isString()) {
        const auto it = identifiers.constFind(value.toString());
        return it == identifiers.cend() ? value : QJsonValue(QLatin1Char('<') + *it + QLatin1Char('>'));
    }
    if (value.isArray()) {
        QJsonArray array;
        for (const QJsonValue &item : value.toArray())
            array << withoutIdentifiers(item, identifiers);
        return array;
    }
    if (value.isObject()) {
        QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            *it = withoutIdentifiers(*it, identifiers);
        return object;
    }
    return value;
}

QString replyText(const ObservedEvent &event)
{
    if (event.statusCode / 100 != 2)
        return QStringLiteral("HTTP %1 (%2)").arg(event.statusCode).arg(event.replySource);
    return actionTypeSummary(event.reply);
}

QList<CallDifference> differences(const ObservedCall &a, const ObservedCall &b)
{
    QList<CallDifference> found;
    const QStringList typesA = types(a);
    const QStringList typesB = types(b);
    if (typesA != typesB) {
        qsizetype first = 0;
        while (first < typesA.size() && first < typesB.size() && typesA.at(first) == typesB.at(first))
            ++first;
        const int sequence = first < a.events.size() ? a.events.at(first).sequence
                           : first < b.events.size() ? b.events.at(first).sequence : 0;
        found << CallDifference{sequence, QStringLiteral("events differ from seq %1: A %2 → B %3")
                                              .arg(sequence)
                                              .arg(typesA.mid(first).join(QStringLiteral(", ")).isEmpty() ? QStringLiteral("(ends)") : typesA.mid(first).join(QStringLiteral(", ")),
                                                   typesB.mid(first).join(QStringLiteral(", ")).isEmpty() ? QStringLiteral("(ends)") : typesB.mid(first).join(QStringLiteral(", ")))};
    }
    // Replies to the events both runs had at the same place in the flow.
    for (qsizetype i = 0; i < std::min(a.events.size(), b.events.size()); ++i) {
        const ObservedEvent &ea = a.events.at(i);
        const ObservedEvent &eb = b.events.at(i);
        if (ea.type != eb.type)
            break;
        const QString where = QStringLiteral("seq %1 %2").arg(ea.sequence).arg(ea.type);
        if (ea.statusCode / 100 != eb.statusCode / 100) {
            found << CallDifference{ea.sequence, QStringLiteral("%1: reply A %2 → B %3").arg(where, replyText(ea), replyText(eb))};
            continue;
        }
        const std::optional<ReplyDifference> reply = compareReplies(withoutIdentifiers(ea.reply, a.identifiers),
                                                                    withoutIdentifiers(eb.reply, b.identifiers));
        if (!reply)
            continue;
        const QString typesOfA = actionTypeSummary(ea.reply);
        const QString typesOfB = actionTypeSummary(eb.reply);
        if (typesOfA != typesOfB) {
            found << CallDifference{ea.sequence, QStringLiteral("%1: reply A %2 → B %3").arg(where, typesOfA, typesOfB)};
        } else {
            found << CallDifference{ea.sequence, QStringLiteral("%1: reply %2: A %3 → B %4")
                                                     .arg(where, reply->path.isEmpty() ? QStringLiteral("body") : reply->path,
                                                          valueText(reply->recorded), valueText(reply->now))};
        }
    }
    QStringList anomaliesA;
    QStringList anomaliesB;
    for (const Anomaly &anomaly : a.anomalies)
        anomaliesA << toString(anomaly.kind);
    for (const Anomaly &anomaly : b.anomalies)
        anomaliesB << toString(anomaly.kind);
    for (const Anomaly &anomaly : b.anomalies) {
        if (!anomaliesA.removeOne(toString(anomaly.kind)))
            found << CallDifference{anomaly.sequence, QStringLiteral("anomaly only in B at seq %1: %2: %3")
                                                          .arg(anomaly.sequence).arg(toString(anomaly.kind), anomaly.message)};
    }
    for (const Anomaly &anomaly : a.anomalies) {
        if (!anomaliesB.removeOne(toString(anomaly.kind)))
            found << CallDifference{anomaly.sequence, QStringLiteral("anomaly only in A at seq %1: %2: %3")
                                                          .arg(anomaly.sequence).arg(toString(anomaly.kind), anomaly.message)};
    }
    if (a.endSipCode != b.endSipCode) {
        const auto code = [](const std::optional<int> &c) { return c ? QString::number(*c) : QStringLiteral("none"); };
        found << CallDifference{0, QStringLiteral("ended with SIP A %1 → B %2").arg(code(a.endSipCode), code(b.endSipCode))};
    }
    return found;
}

} // namespace

bool RunDifference::identical() const
{
    return onlyA.isEmpty() && onlyB.isEmpty()
        && std::all_of(pairs.cbegin(), pairs.cend(), [](const CallPair &pair) { return pair.differences.isEmpty(); });
}

QString flowText(const ObservedCall &call)
{
    return types(call).join(QStringLiteral(", "));
}

RunDifference compareRuns(const QList<ObservedCall> &a, const QList<ObservedCall> &b)
{
    RunDifference result;
    std::vector<bool> taken(size_t(b.size()), false);
    std::vector<int> partner(size_t(a.size()), -1);
    // Same flow first, in order; then the most alike of what is left.
    for (qsizetype i = 0; i < a.size(); ++i) {
        const QStringList flow = types(a.at(i));
        for (qsizetype j = 0; j < b.size(); ++j) {
            if (!taken[size_t(j)] && types(b.at(j)) == flow) {
                taken[size_t(j)] = true;
                partner[size_t(i)] = int(j);
                break;
            }
        }
    }
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (partner[size_t(i)] >= 0)
            continue;
        int best = -1;
        int bestScore = 0;
        for (qsizetype j = 0; j < b.size(); ++j) {
            const int score = taken[size_t(j)] ? 0 : similarity(types(a.at(i)), types(b.at(j)));
            if (score > bestScore) {
                best = int(j);
                bestScore = score;
            }
        }
        if (best >= 0) {
            taken[size_t(best)] = true;
            partner[size_t(i)] = best;
        }
    }
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (partner[size_t(i)] < 0) {
            result.onlyA << &a.at(i);
            continue;
        }
        const ObservedCall &other = b.at(partner[size_t(i)]);
        result.pairs << CallPair{&a.at(i), &other, differences(a.at(i), other)};
    }
    for (qsizetype j = 0; j < b.size(); ++j) {
        if (!taken[size_t(j)])
            result.onlyB << &b.at(j);
    }
    return result;
}

} // namespace callconsole

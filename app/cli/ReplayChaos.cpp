#include "ReplayChaos.h"

#include <QHash>
#include <QRandomGenerator>
#include <QStringList>

#include <cmath>

namespace callconsole::cli {

namespace {

constexpr int maxDelayMs = 60000;

bool probability(const QString &text, double *value)
{
    bool ok = false;
    *value = text.toDouble(&ok);
    return ok && std::isfinite(*value) && *value >= 0 && *value <= 1;
}

} // namespace

std::optional<ChaosOptions> ChaosOptions::parse(const QString &text, QString *error)
{
    ChaosOptions options;
    const QStringList parts = text.split(QLatin1Char(','), Qt::SkipEmptyParts);
    if (parts.isEmpty()) {
        *error = QStringLiteral("--chaos: '%1' — expected duplicate=P,reorder=P,delay=MS,drop-reply=P (any of them)").arg(text);
        return std::nullopt;
    }
    for (const QString &part : parts) {
        const qsizetype equals = part.indexOf(QLatin1Char('='));
        const QString name = part.left(equals).trimmed();
        const QString value = equals < 0 ? QString() : part.mid(equals + 1).trimmed();
        double *rate = name == QLatin1String("duplicate") ? &options.duplicate
                     : name == QLatin1String("reorder")   ? &options.reorder
                     : name == QLatin1String("drop-reply") ? &options.dropReply
                                                           : nullptr;
        if (rate) {
            if (!probability(value, rate)) {
                *error = QStringLiteral("--chaos %1: '%2' — expected a probability from 0 to 1").arg(name, value);
                return std::nullopt;
            }
        } else if (name == QLatin1String("delay")) {
            bool ok = false;
            options.delayMs = value.toInt(&ok);
            if (!ok || options.delayMs < 0 || options.delayMs > maxDelayMs) {
                *error = QStringLiteral("--chaos delay: '%1' — expected whole milliseconds from 0 to %2").arg(value).arg(maxDelayMs);
                return std::nullopt;
            }
        } else {
            *error = QStringLiteral("--chaos: '%1' — unknown fault; expected duplicate, reorder, delay or drop-reply").arg(name);
            return std::nullopt;
        }
    }
    return options;
}

QList<ChaosSend> planChaos(const QStringList &transactionIds, const ChaosOptions &options)
{
    const int count = int(transactionIds.size());
    // The next event of the same transaction, for reordering within a call.
    QList<int> nextInTransaction(count, -1);
    {
        QHash<QString, int> later;
        for (int i = count - 1; i >= 0; --i) {
            nextInTransaction[i] = later.value(transactionIds.at(i), -1);
            later.insert(transactionIds.at(i), i);
        }
    }
    QRandomGenerator random(options.seed);
    const QByteArray delay = options.delayMs > 0 ? "delay=" + QByteArray::number(options.delayMs) + "ms" : QByteArray();
    QList<ChaosSend> sends;
    QHash<int, QList<int>> heldUntil; // event → held events to send right after it
    for (int i = 0; i < count; ++i) {
        const double duplicateDraw = random.generateDouble();
        const double reorderDraw = random.generateDouble();
        const double dropDraw = random.generateDouble();
        const auto emitEvent = [&](int event, const QByteArray &marker, bool dropped) {
            QByteArray fault = marker;
            if (dropped)
                fault = "drop-reply";
            if (!delay.isEmpty())
                fault = fault.isEmpty() ? delay : fault + ';' + delay;
            sends << ChaosSend{event, fault, dropped};
            if (dropped)
                sends << ChaosSend{event, delay.isEmpty() ? QByteArray("retry") : "retry;" + delay, false};
        };
        if (reorderDraw < options.reorder && nextInTransaction.at(i) >= 0) {
            // Events already held for this one go after it, wherever it now goes.
            QList<int> &after = heldUntil[nextInTransaction.at(i)];
            after << i;
            after += heldUntil.take(i);
            continue;
        }
        emitEvent(i, {}, dropDraw < options.dropReply);
        if (duplicateDraw < options.duplicate)
            sends << ChaosSend{i, delay.isEmpty() ? QByteArray("duplicate") : "duplicate;" + delay, false};
        for (const int held : heldUntil.take(i))
            emitEvent(held, "reordered", false);
    }
    return sends;
}

} // namespace callconsole::cli

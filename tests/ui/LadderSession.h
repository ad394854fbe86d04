// A transaction with a retry, as the endpoint records it, for the ladder's widget tests: RINGING
// answered late at a breakpoint (late_reply), delivered again meanwhile (duplicate), then the call
// answered and hung up — and the lookup the ladder reads the deliveries through.
#pragma once

#include "LadderDiagram.h"
#include "TestEvents.h"
#include "TransactionTableModel.h"

#include <QHash>

namespace callconsole::testing {

struct LadderSession
{
    TransactionTableModel model;
    QHash<qint64, DeliveryRecord> deliveries;
    qint64 nextId = 1;

    void deliver(const TimedEvent &event, const QByteArray &reply, const QString &source, int latencyMs)
    {
        const DeliveryRecord delivery = deliveryOf(event, nextId++, reply, source, latencyMs);
        deliveries.insert(delivery.id, delivery);
        model.appendDeliveries({delivery});
    }

    void retriedCall(const QString &id, qint64 start)
    {
        const auto call = outboundCall(id, start);
        deliver(call.at(0), replyWith({}), QStringLiteral("default"), 9);
        deliver(call.at(1), replyWith({QStringLiteral("Pause")}), QStringLiteral("breakpoint"), 6200);
        TimedEvent retry = call.at(1);
        retry.receivedAtMs += 5000;
        deliver(retry, replyWith({}), QStringLiteral("breakpoint-timeout"), 4500);
        deliver(call.at(2), replyWith({QStringLiteral("Speak"), QStringLiteral("Hangup")}), QStringLiteral("rule:greet"), 31);
        deliver(call.at(3), replyWith({}), QStringLiteral("default"), 4);
    }

    LadderDiagram::DeliveryLookup lookup() const
    {
        return [this](qint64 id) -> const DeliveryRecord * {
            const auto it = deliveries.constFind(id);
            return it == deliveries.cend() ? nullptr : &*it;
        };
    }

    LadderDiagram ladder(int transaction = 0, EventOrder order = EventOrder::Sequence) const
    {
        return LadderDiagram::build(model.store().transaction(transaction), lookup(), order);
    }
};

} // namespace callconsole::testing

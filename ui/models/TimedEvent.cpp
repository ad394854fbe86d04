#include "TimedEvent.h"

namespace callconsole {

QVector<TimedEvent> timedEventsFrom(const QList<DeliveryRecord> &batch)
{
    QVector<TimedEvent> events;
    events.reserve(batch.size());
    for (const DeliveryRecord &delivery : batch) {
        if (delivery.rejected)
            continue;
        auto parsed = InvocationEvent::parse(delivery.requestBody);
        if (!parsed.ok())
            continue;
        events.append({std::move(*parsed.value), delivery.receivedAtMs, delivery.replyLatencyMs, delivery.id});
    }
    return events;
}

} // namespace callconsole

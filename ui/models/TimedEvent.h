// An event as the models receive it: parsed, stamped with its arrival, and (for live sessions)
// the id of the delivery that carried it so the inspector can find the raw request and reply.
#pragma once

#include "DeliveryRecord.h"
#include "InvocationEvent.h"

#include <QList>
#include <QVector>

namespace callconsole {

struct TimedEvent
{
    InvocationEvent event;
    qint64 receivedAtMs = 0;
    int replyLatencyMs = -1;
    qint64 deliveryId = -1;
};

// Accepted deliveries become events; rejected ones and bodies that no longer parse are skipped
// (the endpoint already answered them with the reason).
QVector<TimedEvent> timedEventsFrom(const QList<DeliveryRecord> &batch);

} // namespace callconsole

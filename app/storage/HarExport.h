// A session as an HTTP Archive (HAR 1.2): each delivery one entry — the SMA's POST with its
// headers and event, the endpoint's answer with its reply, and the reply latency as the time
// waited — so the calls open in a browser's devtools (Network ▸ Import HAR) and in any HAR
// viewer. Each transaction is a page, its entries in arrival order; what HAR has no field for
// (Sequence, the event type, who produced the reply, the upstream handler's answer) goes in
// "_"-prefixed fields, as the format allows.
#pragma once

#include "DeliveryRecord.h"

#include <QJsonObject>
#include <QList>

namespace callconsole {

QJsonObject harDocument(const QList<DeliveryRecord> &deliveries);

} // namespace callconsole

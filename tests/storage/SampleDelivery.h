// Sample deliveries for session-file tests. sampleDelivery(n): a plausible accepted one whose
// body, headers, latency and TransactionId vary with n, so that copies and round trips compare
// field by field; rejectedDelivery: one the endpoint refused with 400.
#pragma once

#include "DeliveryRecord.h"

inline callconsole::DeliveryRecord sampleDelivery(int n)
{
    callconsole::DeliveryRecord r;
    r.receivedAtMs = 1700000000000 + n;
    r.remoteAddress = QStringLiteral("127.0.0.1");
    r.method = QStringLiteral("POST");
    r.path = QStringLiteral("/events");
    r.requestHeaders = {{"content-type", "application/json"}, {"x-n", QByteArray::number(n)}};
    r.requestBody = QByteArray("{\"Sequence\":") + QByteArray::number(n) + '}';
    r.statusCode = 200;
    r.replyBody = "{\"SchemaVersion\":\"1.0\",\"Actions\":[]}";
    r.replySource = QStringLiteral("default");
    r.replyLatencyMs = n % 7;
    r.transactionId = QStringLiteral("tx-%1").arg(n % 3);
    r.sequence = n;
    r.eventType = QStringLiteral("RINGING");
    return r;
}

// A delivery the endpoint refused (malformed JSON, 400), received at receivedAtMs.
inline callconsole::DeliveryRecord rejectedDelivery(qint64 receivedAtMs)
{
    callconsole::DeliveryRecord r;
    r.receivedAtMs = receivedAtMs;
    r.remoteAddress = QStringLiteral("127.0.0.1");
    r.method = QStringLiteral("POST");
    r.path = QStringLiteral("/events");
    r.requestBody = "{not json";
    r.statusCode = 400;
    r.rejected = true;
    r.rejectReason = QStringLiteral("invalid JSON");
    r.rejectDetails = "[\"body: invalid JSON at offset 1\"]";
    return r;
}

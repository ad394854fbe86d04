// One HTTP delivery to the endpoint as the session keeps it: the raw request, what the console
// answered and who decided it, and — for accepted deliveries — which event it carried.
#pragma once

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QPair>
#include <QString>

namespace callconsole {

struct DeliveryRecord
{
    qint64 id = -1;                    // assigned by the session store
    qint64 receivedAtMs = 0;           // epoch ms
    QString remoteAddress;
    QString method;
    QString path;
    QList<QPair<QByteArray, QByteArray>> requestHeaders; // credentials already redacted
    QByteArray requestBody;

    int statusCode = 0;                // what the console answered
    bool rejected = false;             // 4xx: never an event
    QString rejectReason;
    QByteArray rejectDetails;          // JSON array of issue messages

    QByteArray replyBody;
    QString replySource;               // "rule:<name>", "default", "breakpoint", "breakpoint-timeout", "forward", "handler", "handler-error", "fallback"
    int replyLatencyMs = -1;
    int upstreamStatus = -1;           // forwarding only
    int upstreamLatencyMs = -1;
    QByteArray upstreamBody;
    QByteArray handlerLog;             // the handler file's stdout and stderr for this event

    // Accepted deliveries only.
    QString transactionId;
    int sequence = 0;
    QString eventType;
};

} // namespace callconsole

Q_DECLARE_METATYPE(callconsole::DeliveryRecord)

// Imported invocations written to a session file as deliveries, so a production call opens,
// exports and replays like one the endpoint recorded: the event as the request body, the logged
// reply as the reply, the invocation's Duration as the reply latency; where it came from in
// place of the remote address, the RequestId and log stream as headers.
#pragma once

#include "DeliveryRecord.h"
#include "LogImporter.h"

#include <QList>
#include <QString>

namespace callconsole {
class CallStore;
class SessionStore;
}

namespace callconsole::logs {

// "lambda", or "lambda:timeout" when the invocation's REPORT said it failed.
DeliveryRecord deliveryFor(const ImportedInvocation &invocation);

// Writes and waits until the writes are durable; returns why it could not, or an empty string.
QString writeToSession(SessionStore &store, const QList<ImportedInvocation> &invocations);
// Opens (or creates) the session at path and writes into it.
QString writeToSessionFile(const QString &path, const QList<ImportedInvocation> &invocations);

// The invocations analysed as the endpoint's deliveries are: one CallStore append each.
void appendToStore(CallStore &store, const QList<ImportedInvocation> &invocations);

} // namespace callconsole::logs

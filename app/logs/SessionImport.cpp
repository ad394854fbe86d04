#include "SessionImport.h"

#include "CallStore.h"
#include "SessionStore.h"

#include <QJsonDocument>

#include <mutex>

namespace callconsole::logs {

DeliveryRecord deliveryFor(const ImportedInvocation &invocation)
{
    DeliveryRecord record;
    record.receivedAtMs = invocation.receivedAtMs;
    record.remoteAddress = invocation.where;
    record.method = QStringLiteral("POST");
    record.path = QStringLiteral("/");
    record.requestHeaders << qMakePair(QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json"));
    if (!invocation.requestId.isEmpty())
        record.requestHeaders << qMakePair(QByteArrayLiteral("X-Amzn-RequestId"), invocation.requestId.toUtf8());
    if (!invocation.logStream.isEmpty())
        record.requestHeaders << qMakePair(QByteArrayLiteral("X-CallConsole-Log-Stream"), invocation.logStream.toUtf8());
    record.requestBody = invocation.eventBytes;
    record.statusCode = 200;
    if (invocation.reply)
        record.replyBody = QJsonDocument(*invocation.reply).toJson(QJsonDocument::Compact);
    record.replySource = invocation.failure.isEmpty() ? QStringLiteral("lambda") : QStringLiteral("lambda:") + invocation.failure;
    record.replyLatencyMs = invocation.replyLatencyMs.value_or(-1);
    record.transactionId = invocation.event.transactionId();
    record.sequence = invocation.event.sequence;
    record.eventType = toString(invocation.event.type);
    return record;
}

QString writeToSession(SessionStore &store, const QList<ImportedInvocation> &invocations)
{
    auto error = std::make_shared<std::pair<std::mutex, QString>>();
    std::vector<SessionStore::Write> writes;
    writes.reserve(size_t(invocations.size()));
    for (const ImportedInvocation &invocation : invocations) {
        writes.push_back({deliveryFor(invocation), [error](qint64, const QString &why) {
                              if (why.isEmpty())
                                  return;
                              std::lock_guard lock(error->first);
                              error->second = why;
                          }});
    }
    store.write(std::move(writes));
    store.flush();
    std::lock_guard lock(error->first);
    return error->second;
}

QString writeToSessionFile(const QString &path, const QList<ImportedInvocation> &invocations)
{
    QString error;
    const std::unique_ptr<SessionStore> store = SessionStore::open(path, &error);
    if (!store)
        return error;
    return writeToSession(*store, invocations);
}

void appendToStore(CallStore &store, const QList<ImportedInvocation> &invocations)
{
    for (const ImportedInvocation &invocation : invocations)
        store.append(invocation.event, invocation.receivedAtMs, invocation.replyLatencyMs);
}

} // namespace callconsole::logs

#include "EndpointWorker.h"

#include "ActionList.h"
#include "InvocationEvent.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutexLocker>
#include <QNetworkAccessManager>
#include <QNetworkReply>

#include <utility>

namespace callconsole {

namespace {

const QByteArray jsonType = QByteArrayLiteral("application/json");

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray errorBody(const QString &error, const QStringList &details)
{
    return json(QJsonObject{{QStringLiteral("error"), error}, {QStringLiteral("details"), QJsonArray::fromStringList(details)}});
}

// Credentials never reach the session file, logs or exports.
http::HeaderList redacted(const http::HeaderList &headers)
{
    http::HeaderList out;
    for (const auto &[name, value] : headers) {
        const bool secret = name.compare("Authorization", Qt::CaseInsensitive) == 0
                         || name.compare("X-CallConsole-Signature", Qt::CaseInsensitive) == 0
                         || name.compare("Cookie", Qt::CaseInsensitive) == 0;
        out << qMakePair(name, secret ? QByteArrayLiteral("[redacted]") : value);
    }
    return out;
}

} // namespace

EndpointWorker::EndpointWorker(EndpointShared &shared, int index, Dispatch dispatch, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_shared(shared)
    , m_config(shared.config)
    , m_index(index)
    , m_dispatch(std::move(dispatch))
{
    // Hand results to the UI at most ~60 times a second, however fast events arrive.
    m_batchTimer.setSingleShot(true);
    m_batchTimer.setInterval(16);
    connect(&m_batchTimer, &QTimer::timeout, this, [this] {
        emit deliveriesReady(m_batch);
        m_batch.clear();
    });
}

EndpointWorker::~EndpointWorker()
{
    // The writer calls back into this worker for each of its events: hand over what this
    // pass accepted, then wait for this worker's own (other threads may keep the writer busy
    // with theirs while they stop).
    handOverWrites();
    {
        QMutexLocker lock(&m_committedMutex);
        while (m_writesInFlight > 0)
            m_writesDone.wait(&m_committedMutex);
    }
    // Answer what was committed, or mark it unanswered: a stop must not leave an event
    // counted as delivered whose reply was never sent.
    answerCommitted();
    for (auto it = m_held.begin(); it != m_held.end(); ++it)
        m_shared.held.remove(it.key());
    m_shared.counters.held -= qint64(m_held.size()); // /health must not count them once gone
    if (!m_held.isEmpty())
        emit heldChanged();
    if (!m_batch.isEmpty())
        emit deliveriesReady(m_batch); // the last few: a stop must not swallow them
}

bool EndpointWorker::start(quint16 port, bool sharePort, QString *error)
{
    m_network = new QNetworkAccessManager(this);
    m_guard = new ConnectionGuard(m_config.limits, m_shared.connections, this);
    connect(m_guard, &ConnectionGuard::limitHit, this, &EndpointWorker::limitHit);
    if (!m_config.tlsCertificateFile.isEmpty() && !m_guard->setTls(m_config.tlsCertificateFile, m_config.tlsKeyFile, error))
        return false;
    QString reason;
    const bool listening = sharePort ? m_guard->listenShared(m_config.host, port, &reason)
                                     : m_guard->listen(m_config.host, port);
    if (!listening) {
        if (error) {
            *error = QStringLiteral("cannot listen on %1:%2: %3")
                         .arg(m_config.host.toString()).arg(port).arg(sharePort ? reason : m_guard->errorString());
        }
        return false;
    }
    bind(m_guard);
    m_guard->followServerReads();
    return true;
}

quint16 EndpointWorker::port() const
{
    return m_guard ? m_guard->serverPort() : 0;
}

bool EndpointWorker::handleRequest(const QHttpServerRequest &request,
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
                                   QHttpServerResponder &responderRef)
#else
                                   QTcpSocket *socketPtr)
#endif
{
    handle(request, CALLCONSOLE_HTTP_TAKE_RESPONDER(), CALLCONSOLE_HTTP_SOCKET());
    return true;
}

void EndpointWorker::missingHandler(const QHttpServerRequest &request,
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
                                    QHttpServerResponder &&responderRef)
#else
                                    QTcpSocket *socketPtr)
#endif
{
    // Every request is routed in handle(); this only runs if Qt declines one first.
    handle(request, CALLCONSOLE_HTTP_TAKE_RESPONDER(), CALLCONSOLE_HTTP_SOCKET());
}

qint64 EndpointWorker::begin(const QHttpServerRequest &request, QHttpServerResponder &&responder, QTcpSocket *socket)
{
    const qint64 id = m_shared.counters.nextExchange++;
    Exchange &exchange = m_exchanges[id];
    exchange.responder = std::make_unique<QHttpServerResponder>(std::move(responder));
    exchange.guardSocket = socket != nullptr;
    exchange.socket = socket ? socket : m_guard->socketBeingRead();
    exchange.tracked = !exchange.socket.isNull();
    if (exchange.tracked) {
        QTcpSocket *connection = exchange.socket.data();
        const auto [order, first] = m_replyOrder.try_emplace(connection);
        if (first)
            connect(connection, &QObject::destroyed, this, [this, connection] { m_replyOrder.erase(connection); });
        order->second.push_back(id);
    }
    exchange.clock.start();
    DeliveryRecord &r = exchange.record;
    r.receivedAtMs = QDateTime::currentMSecsSinceEpoch();
    r.remoteAddress = request.remoteAddress().toString();
    r.method = http::methodName(request.method());
    r.path = request.url().path();
    r.requestHeaders = redacted(http::requestHeaders(request));
    r.requestBody = request.body();
    return id;
}

void EndpointWorker::handle(const QHttpServerRequest &request, QHttpServerResponder &&responder, QTcpSocket *socket)
{
    const qint64 id = begin(request, std::move(responder), socket);
    const QString path = request.url().path();
    const auto method = request.method();
    if (path == QLatin1String("/") || path == QLatin1String("/events")) {
        if (method != QHttpServerRequest::Method::Post)
            return send(id, 405, errorBody(QStringLiteral("method not allowed: POST an invocation event"), {}), {{"Allow", "POST"}});
        return handleEvent(id, request);
    }
    if (path == QLatin1String("/health")) {
        if (method != QHttpServerRequest::Method::Get)
            return send(id, 405, errorBody(QStringLiteral("method not allowed"), {}), {{"Allow", "GET"}});
        return send(id, 200, json(QJsonObject{{QStringLiteral("status"), QStringLiteral("ok")},
                                              {QStringLiteral("events"), double(m_shared.counters.events.load())},
                                              {QStringLiteral("rejected"), double(m_shared.counters.rejected.load())},
                                              {QStringLiteral("held"), double(m_shared.counters.held.load())},
                                              {QStringLiteral("unanswered"), double(m_shared.counters.unanswered.load())},
                                              {QStringLiteral("rejectedNotRecorded"), double(m_shared.refusals.unrecorded())},
                                              {QStringLiteral("openConnections"), m_shared.connections.open.load()},
                                              {QStringLiteral("refusedConnections"), double(m_shared.connections.refused.load())},
                                              {QStringLiteral("persistent"), m_shared.store != nullptr}}));
    }
    if (path == QLatin1String("/held") || path.startsWith(QLatin1String("/held/")))
        return handleHeld(id, request, path);
    send(id, 404, errorBody(QStringLiteral("no such route: %1").arg(path),
                            {QStringLiteral("POST / or /events with an invocation event; GET /health; GET /held")}));
}

void EndpointWorker::handleEvent(qint64 id, const QHttpServerRequest &request)
{
    const QByteArray body = request.body();
    UsedSignature &signature = m_exchanges.at(id).signature;
    const QString denied = m_shared.auth.check(http::headerValue(request, "Authorization"),
                                        http::headerValue(request, "X-CallConsole-Signature"), body,
                                        QDateTime::currentSecsSinceEpoch(), &signature.mac, &signature.signedAt);
    if (!denied.isEmpty())
        return reject(id, 401, QStringLiteral("unauthorized: %1").arg(denied), {}, {{"WWW-Authenticate", "Bearer"}});

    const QByteArray contentType = http::headerValue(request, "Content-Type").trimmed().toLower();
    if (!contentType.startsWith(jsonType)) {
        return reject(id, 400, QStringLiteral("wrong content type"),
                      {QStringLiteral("Content-Type: '%1' — send application/json").arg(QString::fromLatin1(contentType))});
    }
    // Read the JSON once for both the event and the reply's placeholders; core's parse() only
    // runs on bodies that are not a JSON object, for its wording of the problem.
    QJsonParseError syntax{};
    const QJsonDocument document = QJsonDocument::fromJson(body, &syntax);
    // What Qt reads leniently (unknown escapes, lone surrogates) is refused as the service
    // would never send it; parse() words the problem.
    const bool isObject = syntax.error == QJsonParseError::NoError && document.isObject()
                       && InvocationEvent::isStrictJson(body);
    const QJsonObject received = isObject ? document.object() : QJsonObject();
    const Parsed<InvocationEvent> parsed = isObject ? InvocationEvent::fromJson(received) : InvocationEvent::parse(body);
    if (!parsed.ok()) {
        QStringList details;
        for (const ValidationIssue &issue : parsed.issues) {
            if (issue.isError())
                details << issue.message();
        }
        return reject(id, 400, QStringLiteral("invalid invocation event"), details);
    }
    const InvocationEvent &event = *parsed.value;
    DeliveryRecord &record = m_exchanges.at(id).record;
    record.transactionId = event.callDetails.transactionId;
    record.sequence = event.sequence;
    record.eventType = toString(event.type);

    const ReplyDecision decision = m_config.rules.decide(event, received);
    if (decision.toHandler)
        return invokeHandler(id, m_config.rules.fallbackFor(event), decision.source);
    if (decision.forward.isValid() && !decision.forward.isEmpty())
        return forward(id, decision.forward, m_config.rules.fallbackFor(event), decision.source);
    if (decision.hold)
        return hold(id, decision.reply, decision.source);
    finish(id, 200, decision.reply, decision.source);
}

void EndpointWorker::hold(qint64 id, const QByteArray &defaultReply, const QString &source)
{
    Exchange &exchange = m_exchanges.at(id);
    Held held;
    held.view.id = id;
    held.view.transactionId = exchange.record.transactionId;
    held.view.sequence = exchange.record.sequence;
    held.view.eventType = exchange.record.eventType;
    held.view.ruleSource = source;
    held.view.receivedAtMs = exchange.record.receivedAtMs;
    held.view.deadlineAtMs = QDateTime::currentMSecsSinceEpoch() + m_config.breakpointDeadlineMs;
    held.view.defaultReply = defaultReply;
    held.view.eventBody = exchange.record.requestBody;
    held.deadline = new QTimer(this);
    held.deadline->setSingleShot(true);
    connect(held.deadline, &QTimer::timeout, this, [this, id] {
        auto it = m_held.find(id);
        if (it == m_held.end())
            return;
        const QByteArray reply = it->view.defaultReply;
        unhold(it);
        finish(id, 200, reply, QStringLiteral("breakpoint-timeout"));
    });
    held.deadline->start(m_config.breakpointDeadlineMs);
    m_shared.held.insert(held.view, m_index);
    m_held.insert(id, held);
    ++m_shared.counters.held;
    emit heldChanged();
}

void EndpointWorker::unhold(QHash<qint64, Held>::iterator held)
{
    held->deadline->stop();
    held->deadline->deleteLater();
    m_shared.held.remove(held.key());
    m_held.erase(held);
    --m_shared.counters.held;
    emit heldChanged();
}

QString EndpointWorker::release(qint64 heldId, const QByteArray &reply)
{
    auto it = m_held.find(heldId);
    if (it == m_held.end())
        return HeldRegistry::notHeld(heldId);
    QByteArray body = reply;
    QString source = QStringLiteral("breakpoint");
    if (body.trimmed().isEmpty()) {
        body = it->view.defaultReply;
        source = QStringLiteral("breakpoint-default");
    } else {
        const Parsed<ActionList> parsed = ActionList::parse(body);
        if (!parsed.ok())
            return messages(parsed.issues).join(QStringLiteral("; "));
    }
    unhold(it);
    finish(heldId, 200, body, source);
    return {};
}

void EndpointWorker::handleHeld(qint64 id, const QHttpServerRequest &request, const QString &path)
{
    const QString denied = m_shared.auth.check(http::headerValue(request, "Authorization"),
                                        http::headerValue(request, "X-CallConsole-Signature"), request.body(),
                                        QDateTime::currentSecsSinceEpoch());
    if (!denied.isEmpty())
        return send(id, 401, errorBody(QStringLiteral("unauthorized: %1").arg(denied), {}));
    if (path == QLatin1String("/held")) {
        if (request.method() != QHttpServerRequest::Method::Get)
            return send(id, 405, errorBody(QStringLiteral("method not allowed"), {}), {{"Allow", "GET"}});
        QJsonArray list;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        for (const HeldEvent &held : m_shared.held.events()) {
            list << QJsonObject{{QStringLiteral("id"), double(held.id)},
                                {QStringLiteral("transactionId"), held.transactionId},
                                {QStringLiteral("sequence"), held.sequence},
                                {QStringLiteral("type"), held.eventType},
                                {QStringLiteral("rule"), held.ruleSource},
                                {QStringLiteral("remainingMs"), double(std::max<qint64>(0, held.deadlineAtMs - now))},
                                {QStringLiteral("defaultReply"), QJsonDocument::fromJson(held.defaultReply).object()}};
        }
        return send(id, 200, json(QJsonObject{{QStringLiteral("held"), list}}));
    }
    if (request.method() != QHttpServerRequest::Method::Post)
        return send(id, 405, errorBody(QStringLiteral("method not allowed: POST the reply"), {}), {{"Allow", "POST"}});
    bool ok = false;
    const qint64 heldId = path.mid(6).toLongLong(&ok);
    if (!ok)
        return send(id, 400, errorBody(QStringLiteral("'%1' is not a held event id").arg(path.mid(6)), {}));
    const std::optional<int> owner = m_shared.held.workerOf(heldId);
    if (!owner || *owner == m_index)
        return answerRelease(id, heldId, release(heldId, request.body()));
    // Held on another thread's connection: release it there, answer here.
    m_dispatch(*owner, [dispatch = m_dispatch, from = m_index, id, heldId, reply = request.body()](EndpointWorker *holder) {
        const QString error = holder ? holder->release(heldId, reply) : QStringLiteral("the endpoint is stopping");
        dispatch(from, [id, heldId, error](EndpointWorker *asker) {
            if (asker)
                asker->answerRelease(id, heldId, error);
        });
    });
}

void EndpointWorker::answerRelease(qint64 id, qint64 heldId, const QString &error)
{
    if (!error.isEmpty())
        return send(id, HeldRegistry::isNotHeld(error) ? 404 : 400, errorBody(error, {}));
    send(id, 202, json(QJsonObject{{QStringLiteral("released"), double(heldId)}}));
}

void EndpointWorker::forward(qint64 id, const QUrl &url, const QByteArray &fallback, const QString &source)
{
    QNetworkRequest upstream(url);
    upstream.setHeader(QNetworkRequest::ContentTypeHeader, jsonType);
    upstream.setTransferTimeout(m_config.forwardTimeoutMs);
    QNetworkReply *reply = m_network->post(upstream, m_exchanges.at(id).record.requestBody);
    QElapsedTimer clock;
    clock.start();
    connect(reply, &QNetworkReply::finished, this, [this, id, reply, clock, fallback, source] {
        reply->deleteLater();
        UpstreamAnswer answer;
        answer.upstream = QStringLiteral("forward");
        answer.latencyMs = int(clock.elapsed());
        answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        answer.body = reply->readAll();
        // A Lambda behind the URL (sam local, a wrapper) reports its failures in this header.
        answer.functionError = reply->hasRawHeader("X-Amz-Function-Error");
        answer.answered = reply->error() == QNetworkReply::NoError && answer.status / 100 == 2;
        if (answer.status == 0)
            answer.body = reply->errorString().toUtf8();
        upstreamAnswered(id, answer, fallback, source);
    });
}

void EndpointWorker::invokeHandler(qint64 id, const QByteArray &fallback, const QString &source)
{
    if (!m_shared.handler) {
        // A rule names the handler, but none is configured: its fallback answers.
        return upstreamAnswered(id, UpstreamAnswer{QStringLiteral("handler"), false, false, 0,
                                                   QByteArrayLiteral("no handler file is configured"), -1, {}},
                                fallback, source);
    }
    // The result comes back on the handler's thread; the worker's dispatch brings it here,
    // or drops it if this worker has stopped meanwhile.
    m_shared.handler->invoke(m_exchanges.at(id).record.requestBody,
                             [dispatch = m_dispatch, index = m_index, id, fallback, source](HandlerResult result) {
        dispatch(index, [id, fallback, source, result = std::move(result)](EndpointWorker *worker) {
            if (!worker)
                return;
            UpstreamAnswer answer;
            answer.upstream = QStringLiteral("handler");
            answer.answered = true;
            answer.functionError = result.functionError;
            answer.status = result.functionError ? 500 : 200;
            answer.body = result.payload;
            answer.latencyMs = result.durationMs;
            answer.log = result.log;
            worker->upstreamAnswered(id, answer, fallback, source);
        });
    });
}

void EndpointWorker::upstreamAnswered(qint64 id, const UpstreamAnswer &answer, const QByteArray &fallback,
                                      const QString &source)
{
    auto it = m_exchanges.find(id);
    if (it == m_exchanges.end())
        return;
    DeliveryRecord &record = it->second.record;
    record.upstreamLatencyMs = answer.latencyMs;
    record.upstreamStatus = answer.status;
    record.upstreamBody = answer.body;
    record.handlerLog = answer.log;
    if (answer.functionError) {
        // Passed on as Lambda's Invoke reports it, so the service side does what it does for a
        // failed function (the simulator retries once, then hangs up with 480) and the session
        // keeps the error with its stack trace.
        it->second.replyHeaders = {{"X-Amz-Function-Error", "Unhandled"}};
        return finish(id, 500, answer.body, answer.upstream + QStringLiteral("-error"));
    }
    if (!answer.answered)
        return finish(id, 200, fallback, QStringLiteral("fallback (%1)").arg(source));
    // The reply goes back as it was written, right or wrong: the call (or the simulator) is
    // what judges it, and the session shows exactly what was returned.
    finish(id, 200, answer.body, answer.upstream);
}

void EndpointWorker::finish(qint64 id, int status, const QByteArray &reply, const QString &source)
{
    auto it = m_exchanges.find(id);
    if (it == m_exchanges.end())
        return;
    DeliveryRecord &record = it->second.record;
    record.statusCode = status;
    record.replyBody = reply;
    record.replySource = source;
    record.replyLatencyMs = int(it->second.clock.elapsed());
    if (!canAnswer(it->second)) {
        recordUnanswered(record);
        if (m_shared.store)
            queueWrite({record, {}, it->second.signature});
        publish(record);
        m_exchanges.erase(it);
        return;
    }
    if (!m_shared.store) {
        ++m_shared.counters.events;
        publish(record);
        return send(id, status, reply, it->second.replyHeaders);
    }
    // Acknowledge only once the event is durable: a crash never loses an acknowledged event.
    // The writer commits many events at once; their answers go out in one pass on this
    // thread, woken once per commit rather than once per event.
    {
        QMutexLocker lock(&m_committedMutex);
        ++m_writesInFlight;
    }
    queueWrite({record, [this, id](qint64 rowId, const QString &error) {
        // All under the lock: once m_writesInFlight drops, the destructor may run.
        QMutexLocker lock(&m_committedMutex);
        if (m_committed.isEmpty())
            QMetaObject::invokeMethod(this, &EndpointWorker::answerCommitted, Qt::QueuedConnection);
        m_committed.append({id, rowId, error});
        if (--m_writesInFlight == 0)
            m_writesDone.wakeAll();
    }, it->second.signature}, id);
}

bool EndpointWorker::canAnswer(const Exchange &exchange)
{
    if (!exchange.tracked)
        return true; // no socket to look at (a Qt that does not say): assume it can
    const QTcpSocket *socket = exchange.socket.data();
    return socket && socket->state() == QAbstractSocket::ConnectedState;
}

void EndpointWorker::recordUnanswered(DeliveryRecord &record)
{
    record.rejected = true;
    record.statusCode = 0;
    record.rejectReason = QStringLiteral("not answered: the client closed the connection before the reply");
    ++m_shared.counters.unanswered;
}

void EndpointWorker::queueWrite(SessionStore::Write write, qint64 exchange)
{
    if (m_unwritten.empty())
        QMetaObject::invokeMethod(this, &EndpointWorker::handOverWrites, Qt::QueuedConnection);
    m_unwritten.push_back(std::move(write));
    m_unwrittenExchanges.push_back(exchange);
}

void EndpointWorker::handOverWrites()
{
    if (m_unwritten.empty())
        return;
    // A client that left meanwhile (a half-close reads as gone) cannot get its reply: the
    // event goes to the session as unanswered, not as delivered.
    for (size_t i = 0; i < m_unwritten.size(); ++i) {
        const auto it = m_exchanges.find(m_unwrittenExchanges[i]);
        if (it != m_exchanges.end() && !it->second.record.rejected && !canAnswer(it->second)) {
            recordUnanswered(it->second.record);
            m_unwritten[i].record = it->second.record;
        }
    }
    m_unwrittenExchanges.clear();
    m_shared.store->write(std::exchange(m_unwritten, {}));
}

void EndpointWorker::answerCommitted()
{
    QList<Committed> committed;
    {
        QMutexLocker lock(&m_committedMutex);
        committed.swap(m_committed);
    }
    for (const Committed &write : std::as_const(committed)) {
        auto it = m_exchanges.find(write.exchange);
        if (it == m_exchanges.end())
            continue;
        if (!write.error.isEmpty()) {
            if (!it->second.signature.mac.isEmpty())
                m_shared.auth.forget(it->second.signature.mac); // not recorded: a retry may pass
            send(write.exchange, 503, errorBody(QStringLiteral("the session could not record this event"), {write.error}));
            continue;
        }
        DeliveryRecord &record = it->second.record;
        record.id = write.rowId;
        if (!record.rejected && !canAnswer(it->second)) {
            recordUnanswered(record); // gone while the write was committed
            m_shared.store->markUnanswered(record.id, record.rejectReason);
        }
        if (record.rejected) {
            publish(record);
            m_exchanges.erase(it);
            continue;
        }
        ++m_shared.counters.events;
        publish(record);
        send(write.exchange, record.statusCode, record.replyBody, it->second.replyHeaders);
    }
}

void EndpointWorker::reject(qint64 id, int status, const QString &reason, const QStringList &details,
                            const http::HeaderList &extraHeaders)
{
    auto it = m_exchanges.find(id);
    if (it == m_exchanges.end())
        return;
    DeliveryRecord &record = it->second.record;
    record.statusCode = status;
    record.rejected = true;
    record.rejectReason = reason;
    record.rejectDetails = QJsonDocument(QJsonArray::fromStringList(details)).toJson(QJsonDocument::Compact);
    record.replyLatencyMs = int(it->second.clock.elapsed());
    ++m_shared.counters.rejected;
    // Kept for the user to see, never an event — within the budget strangers cannot exhaust
    // the disk with (RefusalBudget).
    if (m_shared.refusals.admit(QDateTime::currentMSecsSinceEpoch())) {
        const qsizetype kept = status == 401 ? RefusalBudget::unauthenticatedBodyBytes : RefusalBudget::bodyBytes;
        if (record.requestBody.size() > kept) {
            const qsizetype received = record.requestBody.size();
            record.requestBody.truncate(kept);
            QJsonArray noted = QJsonDocument::fromJson(record.rejectDetails).array();
            noted << QStringLiteral("body: the first %1 of %2 bytes kept").arg(kept).arg(received);
            record.rejectDetails = QJsonDocument(noted).toJson(QJsonDocument::Compact);
        }
        if (m_shared.store)
            queueWrite({record, {}, it->second.signature});
        publish(record);
    }
    send(id, status, errorBody(reason, details), extraHeaders);
}

void EndpointWorker::send(qint64 id, int status, const QByteArray &body, const http::HeaderList &headers)
{
    auto it = m_exchanges.find(id);
    if (it == m_exchanges.end())
        return;
    Exchange &exchange = it->second;
    exchange.ready = true;
    exchange.status = status;
    exchange.body = body;
    exchange.headers = headers;
    QTcpSocket *socket = exchange.socket.data();
    if (exchange.tracked && socket)
        return sendReadyReplies(socket);
    // No connection to order replies on: unknown, or gone. A Qt 6.5+ responder knows whether
    // its socket lives; a Qt 6.4 one would write to a freed socket.
    if (!exchange.guardSocket)
        write(exchange, nullptr);
    m_exchanges.erase(it);
}

void EndpointWorker::sendReadyReplies(QTcpSocket *socket)
{
    const auto order = m_replyOrder.find(socket);
    if (order == m_replyOrder.end())
        return;
    std::deque<qint64> &queue = order->second;
    while (!queue.empty()) {
        const auto it = m_exchanges.find(queue.front());
        if (it != m_exchanges.end()) {
            if (!it->second.ready)
                return; // an earlier request is still being answered
            write(it->second, socket);
            m_exchanges.erase(it);
        }
        queue.pop_front();
    }
}

void EndpointWorker::write(Exchange &exchange, QTcpSocket *socket)
{
    http::HeaderList all = exchange.headers;
    all << qMakePair(QByteArrayLiteral("Content-Type"), jsonType);
    const QByteArray connection = socket ? m_guard->connectionHeader(socket) : QByteArray();
    if (!connection.isEmpty())
        all << qMakePair(QByteArrayLiteral("Connection"), connection);
    http::respond(*exchange.responder, exchange.status, all, exchange.body);
    if (socket) {
        // Into the kernel now: a client that half-closed still receives it, while Qt, on
        // reading the end of its stream, would drop what it had not written yet.
        socket->flush();
        m_guard->replied(socket);
    }
}

void EndpointWorker::publish(const DeliveryRecord &record)
{
    m_batch << record;
    if (!m_batchTimer.isActive())
        m_batchTimer.start();
}

} // namespace callconsole

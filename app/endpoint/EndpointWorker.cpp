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

QString methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get: return QStringLiteral("GET");
    case QHttpServerRequest::Method::Put: return QStringLiteral("PUT");
    case QHttpServerRequest::Method::Delete: return QStringLiteral("DELETE");
    case QHttpServerRequest::Method::Post: return QStringLiteral("POST");
    case QHttpServerRequest::Method::Head: return QStringLiteral("HEAD");
    case QHttpServerRequest::Method::Options: return QStringLiteral("OPTIONS");
    case QHttpServerRequest::Method::Patch: return QStringLiteral("PATCH");
    default: return QStringLiteral("OTHER");
    }
}

} // namespace

EndpointWorker::EndpointWorker(EndpointConfig config, EndpointCounters &counters, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_config(std::move(config))
    , m_counters(counters)
{
    m_auth.setBearerToken(m_config.bearerToken);
    m_auth.setHmacSecret(m_config.hmacSecret);
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
    if (m_store)
        m_store->flush();
    if (!m_batch.isEmpty())
        emit deliveriesReady(m_batch); // the last few: a stop must not swallow them
}

bool EndpointWorker::start(QString *error)
{
    if (!m_config.sessionPath.isEmpty()) {
        m_store = SessionStore::open(m_config.sessionPath, error, m_config.durability);
        if (!m_store)
            return false;
    }
    m_network = new QNetworkAccessManager(this);
    m_guard = new ConnectionGuard(m_config.limits, this);
    connect(m_guard, &ConnectionGuard::limitHit, this, &EndpointWorker::limitHit);
    if (!m_config.tlsCertificateFile.isEmpty() && !m_guard->setTls(m_config.tlsCertificateFile, m_config.tlsKeyFile, error))
        return false;
    if (!m_guard->listen(m_config.host, m_config.port)) {
        if (error)
            *error = QStringLiteral("cannot listen on %1:%2: %3").arg(m_config.host.toString()).arg(m_config.port).arg(m_guard->errorString());
        return false;
    }
    bind(m_guard);
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
    const qint64 id = m_nextId++;
    Exchange &exchange = m_exchanges[id];
    exchange.responder = std::make_unique<QHttpServerResponder>(std::move(responder));
    exchange.socket = socket;
    exchange.guardSocket = socket != nullptr;
    exchange.clock.start();
    DeliveryRecord &r = exchange.record;
    r.receivedAtMs = QDateTime::currentMSecsSinceEpoch();
    r.remoteAddress = request.remoteAddress().toString();
    r.method = methodName(request.method());
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
                                              {QStringLiteral("events"), double(m_counters.events.load())},
                                              {QStringLiteral("rejected"), double(m_counters.rejected.load())},
                                              {QStringLiteral("held"), double(m_counters.held.load())},
                                              {QStringLiteral("openConnections"), m_guard->openConnections()},
                                              {QStringLiteral("refusedConnections"), double(m_guard->refusedCount())},
                                              {QStringLiteral("persistent"), m_store != nullptr}}));
    }
    if (path == QLatin1String("/held") || path.startsWith(QLatin1String("/held/")))
        return handleHeld(id, request, path);
    send(id, 404, errorBody(QStringLiteral("no such route: %1").arg(path),
                            {QStringLiteral("POST / or /events with an invocation event; GET /health; GET /held")}));
}

void EndpointWorker::handleEvent(qint64 id, const QHttpServerRequest &request)
{
    const QByteArray body = request.body();
    const QString denied = m_auth.check(http::headerValue(request, "Authorization"),
                                        http::headerValue(request, "X-CallConsole-Signature"), body,
                                        QDateTime::currentSecsSinceEpoch());
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
    const bool isObject = syntax.error == QJsonParseError::NoError && document.isObject();
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
    held.exchange = id;
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
        it->deadline->deleteLater();
        m_held.erase(it);
        --m_counters.held;
        refreshHeldView();
        finish(id, 200, reply, QStringLiteral("breakpoint-timeout"));
    });
    held.deadline->start(m_config.breakpointDeadlineMs);
    m_held.insert(id, held);
    ++m_counters.held;
    refreshHeldView();
}

QString EndpointWorker::release(qint64 heldId, const QByteArray &reply)
{
    auto it = m_held.find(heldId);
    if (it == m_held.end())
        return QStringLiteral("no held event %1 (already answered, or its deadline passed)").arg(heldId);
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
    it->deadline->stop();
    it->deadline->deleteLater();
    m_held.erase(it);
    --m_counters.held;
    refreshHeldView();
    finish(heldId, 200, body, source);
    return {};
}

QList<HeldEvent> EndpointWorker::heldEvents() const
{
    QMutexLocker lock(&m_heldMutex);
    return m_heldView;
}

void EndpointWorker::handleHeld(qint64 id, const QHttpServerRequest &request, const QString &path)
{
    const QString denied = m_auth.check(http::headerValue(request, "Authorization"),
                                        http::headerValue(request, "X-CallConsole-Signature"), request.body(),
                                        QDateTime::currentSecsSinceEpoch());
    if (!denied.isEmpty())
        return send(id, 401, errorBody(QStringLiteral("unauthorized: %1").arg(denied), {}));
    if (path == QLatin1String("/held")) {
        if (request.method() != QHttpServerRequest::Method::Get)
            return send(id, 405, errorBody(QStringLiteral("method not allowed"), {}), {{"Allow", "GET"}});
        QJsonArray list;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        for (const Held &held : std::as_const(m_held)) {
            list << QJsonObject{{QStringLiteral("id"), double(held.view.id)},
                                {QStringLiteral("transactionId"), held.view.transactionId},
                                {QStringLiteral("sequence"), held.view.sequence},
                                {QStringLiteral("type"), held.view.eventType},
                                {QStringLiteral("rule"), held.view.ruleSource},
                                {QStringLiteral("remainingMs"), double(std::max<qint64>(0, held.view.deadlineAtMs - now))},
                                {QStringLiteral("defaultReply"), QJsonDocument::fromJson(held.view.defaultReply).object()}};
        }
        return send(id, 200, json(QJsonObject{{QStringLiteral("held"), list}}));
    }
    if (request.method() != QHttpServerRequest::Method::Post)
        return send(id, 405, errorBody(QStringLiteral("method not allowed: POST the reply"), {}), {{"Allow", "POST"}});
    bool ok = false;
    const qint64 heldId = path.mid(6).toLongLong(&ok);
    const QString error = ok ? release(heldId, request.body()) : QStringLiteral("'%1' is not a held event id").arg(path.mid(6));
    if (!error.isEmpty())
        return send(id, ok && error.startsWith(QLatin1String("no held")) ? 404 : 400, errorBody(error, {}));
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
        auto it = m_exchanges.find(id);
        if (it == m_exchanges.end())
            return;
        DeliveryRecord &record = it->second.record;
        record.upstreamLatencyMs = int(clock.elapsed());
        record.upstreamStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        record.upstreamBody = reply->readAll();
        const bool success = reply->error() == QNetworkReply::NoError && record.upstreamStatus / 100 == 2;
        if (!success) {
            if (record.upstreamStatus == 0)
                record.upstreamBody = reply->errorString().toUtf8();
            return finish(id, 200, fallback, QStringLiteral("fallback (%1)").arg(source));
        }
        // The handler's reply goes back as it was written, right or wrong: the call (or the
        // simulator) is what judges it, and the session shows exactly what was returned.
        finish(id, 200, record.upstreamBody, QStringLiteral("forward"));
    });
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
    if (!m_store) {
        ++m_counters.events;
        publish(record);
        return send(id, status, reply);
    }
    // Acknowledge only once the event is durable: a crash never loses an acknowledged event.
    m_store->write(record, [this, id, status, reply](qint64 rowId, const QString &error) {
        QMetaObject::invokeMethod(this, [this, id, status, reply, rowId, error] {
            auto it = m_exchanges.find(id);
            if (it == m_exchanges.end())
                return;
            if (!error.isEmpty())
                return send(id, 503, errorBody(QStringLiteral("the session could not record this event"), {error}));
            it->second.record.id = rowId;
            ++m_counters.events;
            publish(it->second.record);
            send(id, status, reply);
        }, Qt::QueuedConnection);
    });
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
    ++m_counters.rejected;
    if (m_store)
        m_store->write(record); // kept for the user to see; never an event
    publish(record);
    send(id, status, errorBody(reason, details), extraHeaders);
}

void EndpointWorker::send(qint64 id, int status, const QByteArray &body, const http::HeaderList &headers)
{
    auto it = m_exchanges.find(id);
    if (it == m_exchanges.end())
        return;
    const bool gone = it->second.guardSocket && it->second.socket.isNull();
    if (!gone) {
        http::HeaderList all = headers;
        all << qMakePair(QByteArrayLiteral("Content-Type"), jsonType);
        http::respond(*it->second.responder, status, all, body);
    }
    m_exchanges.erase(it);
}

void EndpointWorker::refreshHeldView()
{
    QList<HeldEvent> view;
    for (const Held &held : std::as_const(m_held))
        view << held.view;
    {
        QMutexLocker lock(&m_heldMutex);
        m_heldView = view;
    }
    emit heldChanged();
}

void EndpointWorker::publish(const DeliveryRecord &record)
{
    m_batch << record;
    if (!m_batchTimer.isActive())
        m_batchTimer.start();
}

} // namespace callconsole

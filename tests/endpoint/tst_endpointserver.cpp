// The endpoint over real HTTP on loopback: routes and statuses, bad input, the guard's limits,
// authentication, rules, breakpoints, forwarding and persistence.
#include "EndpointAuth.h"
#include "EndpointServer.h"
#include "HttpTestClient.h"

#include <QDateTime>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <atomic>
#include <memory>
#include <thread>

using namespace callconsole;

namespace {

std::unique_ptr<EndpointServer> startServer(EndpointConfig config = {})
{
    auto server = std::make_unique<EndpointServer>(std::move(config));
    QString error;
    if (!server->start(&error)) {
        qWarning("endpoint did not start: %s", qPrintable(error));
        return nullptr;
    }
    return server;
}

QUrl at(const EndpointServer &server, const QString &path)
{
    QUrl url = server.url();
    url.setPath(path);
    return url;
}

QStringList actionTypes(const QJsonObject &reply)
{
    QStringList types;
    for (const auto &action : reply.value(QStringLiteral("Actions")).toArray())
        types << action.toObject().value(QStringLiteral("Type")).toString();
    return types;
}

ReplyRules rulesFrom(const char *json)
{
    const Parsed<ReplyRules> parsed = ReplyRules::fromJson(QByteArray(json));
    if (!parsed.ok())
        qWarning("%s", qPrintable(messages(parsed.issues).join(QLatin1Char('\n'))));
    return parsed.value.value_or(ReplyRules());
}

} // namespace

class TestEndpointServer : public QObject
{
    Q_OBJECT

private:
    QNetworkAccessManager m_network;

private slots:
    void answersAnEventWithTheDefaultFlow()
    {
        auto server = startServer();
        QVERIFY(server);
        QCOMPARE(server->url().host(), QStringLiteral("127.0.0.1"));
        for (const QString &path : {QStringLiteral("/"), QStringLiteral("/events")}) {
            const HttpResult r = request(m_network, "POST", at(*server, path), eventBody("call-answered.json", QStringLiteral("tx-1"), 3));
            QCOMPARE(r.status, 200);
            const QJsonObject reply = r.json();
            QCOMPARE(reply.value(QStringLiteral("SchemaVersion")).toString(), QStringLiteral("1.0"));
            QCOMPARE(actionTypes(reply), (QStringList{QStringLiteral("Speak"), QStringLiteral("Pause"), QStringLiteral("Hangup")}));
            // The placeholder became the answered leg's CallId.
            const QString callId = reply.value(QStringLiteral("Actions")).toArray().at(0).toObject()
                                       .value(QStringLiteral("Parameters")).toObject().value(QStringLiteral("CallId")).toString();
            QCOMPARE(callId, QStringLiteral("9ff01357-23c5-4611-9dd3-f05f9d654faa"));
        }
        const HttpResult ringing = request(m_network, "POST", at(*server, QStringLiteral("/")), eventBody("ringing.json", QStringLiteral("tx-1"), 2));
        QCOMPARE(ringing.status, 200);
        QVERIFY(actionTypes(ringing.json()).isEmpty());
        QCOMPARE(server->eventCount(), 3);
    }

    void routesAndMethods_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("allow");
        QTest::newRow("GET /events") << QByteArray("GET") << QStringLiteral("/events") << 405 << QByteArray("POST");
        QTest::newRow("PUT /") << QByteArray("PUT") << QStringLiteral("/") << 405 << QByteArray("POST");
        QTest::newRow("DELETE /health") << QByteArray("DELETE") << QStringLiteral("/health") << 405 << QByteArray("GET");
        QTest::newRow("GET /health") << QByteArray("GET") << QStringLiteral("/health") << 200 << QByteArray();
        QTest::newRow("GET /nope") << QByteArray("GET") << QStringLiteral("/nope") << 404 << QByteArray();
        QTest::newRow("POST /events/extra") << QByteArray("POST") << QStringLiteral("/events/extra") << 404 << QByteArray();
    }

    void routesAndMethods()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(int, status);
        QFETCH(QByteArray, allow);
        auto server = startServer();
        QVERIFY(server);
        const HttpResult r = request(m_network, method, at(*server, path), method == "GET" ? QByteArray() : QByteArray("{}"));
        QCOMPARE(r.status, status);
        QCOMPARE(r.header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(r.header("Allow"), allow);
        if (status != 200)
            QVERIFY(!r.json().value(QStringLiteral("error")).toString().isEmpty());
        else
            QCOMPARE(r.json().value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
    }

    void badInputIsA400NamingTheRule_data()
    {
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("detail");
        QTest::newRow("malformed JSON") << QByteArray("application/json") << QByteArray("{\"Sequence\": 1,") << QStringLiteral("body: invalid JSON at offset");
        QTest::newRow("wrong content type") << QByteArray("application/x-www-form-urlencoded")
                                            << eventBody("ringing.json", QStringLiteral("tx"), 2) << QStringLiteral("send application/json");
        QByteArray missingCallId = eventBody("ringing.json", QStringLiteral("tx"), 2);
        missingCallId.replace("\"CallId\"", "\"CallID\"");
        QTest::newRow("invalid event") << QByteArray("application/json") << missingCallId
                                       << QStringLiteral("CallDetails.Participants[0].CallId: missing");
    }

    void badInputIsA400NamingTheRule()
    {
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, body);
        QFETCH(QString, detail);
        QTemporaryDir dir;
        EndpointConfig config;
        config.sessionPath = dir.filePath(QStringLiteral("s.ccsession"));
        auto server = startServer(config);
        QVERIFY(server);
        const HttpResult r = request(m_network, "POST", at(*server, QStringLiteral("/events")), body, {{"Content-Type", contentType}});
        QCOMPARE(r.status, 400);
        const QJsonObject error = r.json();
        QVERIFY(!error.value(QStringLiteral("error")).toString().isEmpty());
        const QString details = QString::fromUtf8(QJsonDocument(error.value(QStringLiteral("details")).toArray()).toJson());
        QVERIFY2(details.contains(detail), qPrintable(details));
        QCOMPARE(server->eventCount(), 0);
        server->stop();
        // Kept as a rejected delivery for the user to inspect, never as an event.
        const auto deliveries = SessionStore::readAll(config.sessionPath, nullptr);
        QCOMPARE(deliveries.size(), 1);
        QVERIFY(deliveries.first().rejected);
        QCOMPARE(deliveries.first().statusCode, 400);
        QCOMPARE(deliveries.first().requestBody, body);
    }

    void oversizedBodyIs413BeforeItIsSent()
    {
        auto server = startServer();
        QVERIFY(server);
        // Only the head is sent: the guard must answer from Content-Length alone.
        const QByteArray response = rawExchange(server->url().port(),
            "POST /events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2000000\r\n\r\n{");
        QVERIFY2(response.startsWith("HTTP/1.1 413"), response.constData());
        QVERIFY(response.contains("Connection: close"));
    }

    void hugeHeadersAre431()
    {
        auto server = startServer();
        QVERIFY(server);
        QByteArray head = "POST /events HTTP/1.1\r\nHost: x\r\n";
        for (int i = 0; i < 80; ++i)
            head += "X-Padding-" + QByteArray::number(i) + ": " + QByteArray(1000, 'a') + "\r\n";
        const QByteArray response = rawExchange(server->url().port(), head);
        QVERIFY2(response.startsWith("HTTP/1.1 431"), response.left(200).constData());
    }

    void stalledClientIsClosed()
    {
        EndpointConfig config;
        config.limits.idleTimeoutMs = 300;
        auto server = startServer(config);
        QVERIFY(server);
        const QByteArray response = rawExchange(server->url().port(), "POST /events HTTP/1.1\r\nHost: x\r\nContent-Le");
        QVERIFY2(response.startsWith("HTTP/1.1 408"), response.constData());
    }

    void connectionsPastTheCapAreRefused()
    {
        EndpointConfig config;
        config.limits.maxConnections = 2;
        auto server = startServer(config);
        QVERIFY(server);
        QTcpSocket first, second;
        for (QTcpSocket *s : {&first, &second}) {
            s->connectToHost(QHostAddress::LocalHost, server->url().port());
            QVERIFY(s->waitForConnected(10000));
        }
        QTRY_COMPARE_WITH_TIMEOUT(request(m_network, "GET", at(*server, QStringLiteral("/health"))).status, 503, 20000);
    }

    void twoThousandSlowClientsDoNotStopOthers()
    {
        // The stall timeout is another test's subject: on a loaded machine opening 2,000
        // connections can take long enough that the first ones would already be closed.
        EndpointConfig config;
        config.limits.idleTimeoutMs = 180000;
        auto server = startServer(config);
        QVERIFY(server);
        std::vector<std::unique_ptr<QTcpSocket>> slow;
        for (int i = 0; i < 2000; ++i) {
            auto socket = std::make_unique<QTcpSocket>();
            socket->connectToHost(QHostAddress::LocalHost, server->url().port());
            slow.push_back(std::move(socket));
        }
        for (auto &socket : slow) {
            QVERIFY(socket->waitForConnected(20000));
            socket->write("POST /events HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n{\"half\":"); // and never the rest
            socket->flush();
        }
        QTRY_VERIFY_WITH_TIMEOUT(request(m_network, "GET", at(*server, QStringLiteral("/health"))).json()
                                     .value(QStringLiteral("openConnections")).toInt() >= 2000, 60000);
        const HttpResult r = request(m_network, "POST", at(*server, QStringLiteral("/events")),
                                     eventBody("call-answered.json", QStringLiteral("tx-fast"), 3));
        QCOMPARE(r.status, 200);
    }

    void bearerToken()
    {
        EndpointConfig config;
        config.bearerToken = "s3cret-token";
        auto server = startServer(config);
        QVERIFY(server);
        const QByteArray body = eventBody("ringing.json", QStringLiteral("tx"), 2);
        const HttpResult missing = request(m_network, "POST", at(*server, QStringLiteral("/")), body);
        QCOMPARE(missing.status, 401);
        QVERIFY(missing.json().value(QStringLiteral("error")).toString().contains(QLatin1String("missing header")));
        const HttpResult wrong = request(m_network, "POST", at(*server, QStringLiteral("/")), body,
                                         {{"Content-Type", "application/json"}, {"Authorization", "Bearer nope"}});
        QCOMPARE(wrong.status, 401);
        const HttpResult right = request(m_network, "POST", at(*server, QStringLiteral("/")), body,
                                         {{"Content-Type", "application/json"}, {"Authorization", "Bearer s3cret-token"}});
        QCOMPARE(right.status, 200);
        QCOMPARE(server->eventCount(), 1);
    }

    void hmacSignature()
    {
        QTemporaryDir dir;
        EndpointConfig config;
        config.hmacSecret = "relay-secret";
        config.sessionPath = dir.filePath(QStringLiteral("s.ccsession"));
        auto server = startServer(config);
        QVERIFY(server);
        const QByteArray body = eventBody("ringing.json", QStringLiteral("tx"), 2);
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        const auto post = [&](const QByteArray &signature) {
            return request(m_network, "POST", at(*server, QStringLiteral("/events")), body,
                           {{"Content-Type", "application/json"}, {"X-CallConsole-Signature", signature}});
        };
        const QByteArray good = EndpointAuth::sign("relay-secret", now, body);
        QCOMPARE(post(good).status, 200);
        const HttpResult replayed = post(good);
        QCOMPARE(replayed.status, 401);
        QVERIFY(replayed.json().value(QStringLiteral("error")).toString().contains(QLatin1String("replayed")));
        const HttpResult stale = post(EndpointAuth::sign("relay-secret", now - 600, body));
        QCOMPARE(stale.status, 401);
        QVERIFY(stale.json().value(QStringLiteral("error")).toString().contains(QLatin1String("stale timestamp")));
        const HttpResult forged = post(EndpointAuth::sign("other-secret", now + 1, body));
        QCOMPARE(forged.status, 401);
        QVERIFY(forged.json().value(QStringLiteral("error")).toString().contains(QLatin1String("bad signature")));
        QCOMPARE(server->eventCount(), 1);
        server->stop();
        // Neither the secret nor the signature reaches the session file.
        QFile file(config.sessionPath);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray stored = file.readAll();
        QVERIFY(!stored.contains("relay-secret"));
        QVERIFY(!stored.contains(good.mid(good.indexOf("v1=") + 3)));
    }

    void rulesMatchAndFillPlaceholders()
    {
        EndpointConfig config;
        config.rules = rulesFrom(R"({"rules": [
            {"name": "seattle", "event": "CALL_ANSWERED", "match": {"To": "+1206*"},
             "reply": {"SchemaVersion": "1.0", "Actions": [{"Type": "Speak", "Parameters": {
                 "Text": "Calling {{CallDetails.Participants[0].To}}", "CallId": "{{CallDetails.Participants[0].CallId}}"}}],
                 "TransactionAttributes": {"step": "greeted"}}},
            {"name": "anything else", "event": "*", "reply": {"SchemaVersion": "1.0", "Actions": [{"Type": "Hangup", "Parameters": {}}]}}]})");
        auto server = startServer(config);
        QVERIFY(server);
        const HttpResult answered = request(m_network, "POST", at(*server, QStringLiteral("/")), eventBody("call-answered.json", QStringLiteral("t"), 3));
        const QJsonObject speak = answered.json().value(QStringLiteral("Actions")).toArray().at(0).toObject();
        QCOMPARE(speak.value(QStringLiteral("Parameters")).toObject().value(QStringLiteral("Text")).toString(),
                 QStringLiteral("Calling +12065550100"));
        QCOMPARE(answered.json().value(QStringLiteral("TransactionAttributes")).toObject().value(QStringLiteral("step")).toString(),
                 QStringLiteral("greeted"));
        const HttpResult other = request(m_network, "POST", at(*server, QStringLiteral("/")), eventBody("ringing.json", QStringLiteral("t"), 2));
        QCOMPARE(actionTypes(other.json()), QStringList{QStringLiteral("Hangup")});
    }

    void invalidRulesAreRefusedWithTheirPath()
    {
        const Parsed<ReplyRules> parsed = ReplyRules::fromJson(R"({"rules": [{"event": "CALL_ANSWERD",
            "reply": {"SchemaVersion": "1.0", "Actions": [{"Type": "Speak", "Parameters": {}}]}}]})");
        QVERIFY(!parsed.ok());
        const QString all = messages(parsed.issues).join(QLatin1Char('\n'));
        QVERIFY2(all.contains(QLatin1String("rules[0].event")), qPrintable(all));
        QVERIFY2(all.contains(QLatin1String("rules[0].reply.Actions[0].Parameters.Text")), qPrintable(all));
    }

    void breakpointHoldsUntilTheUserAnswers()
    {
        QTemporaryDir dir;
        EndpointConfig config;
        config.sessionPath = dir.filePath(QStringLiteral("s.ccsession"));
        config.breakpointDeadlineMs = 60000;
        config.rules = rulesFrom(R"({"rules": [{"name": "inspect", "event": "CALL_ANSWERED", "breakpoint": true}]})");
        auto server = startServer(config);
        QVERIFY(server);
        QSignalSpy held(server.get(), &EndpointServer::heldChanged);
        QNetworkReply *pending = startRequest(m_network, "POST", at(*server, QStringLiteral("/")), eventBody("call-answered.json", QStringLiteral("t"), 3));
        QTRY_COMPARE_WITH_TIMEOUT(server->heldEvents().size(), 1, 20000);
        const HeldEvent event = server->heldEvents().first();
        QCOMPARE(event.sequence, 3);
        QCOMPARE(event.eventType, QStringLiteral("CALL_ANSWERED"));
        QVERIFY(event.deadlineAtMs > QDateTime::currentMSecsSinceEpoch());
        QVERIFY(!pending->isFinished());
        // Also visible over HTTP, with its remaining time.
        const QJsonArray listed = request(m_network, "GET", at(*server, QStringLiteral("/held"))).json().value(QStringLiteral("held")).toArray();
        QCOMPARE(listed.size(), 1);
        QVERIFY(listed.at(0).toObject().value(QStringLiteral("remainingMs")).toDouble() > 0);

        QVERIFY(!server->release(event.id, "{\"Actions\": 3}").isEmpty()); // invalid: still held
        QCOMPARE(server->heldEvents().size(), 1);
        const QByteArray edited = R"({"SchemaVersion":"1.0","Actions":[{"Type":"Pause","Parameters":{"DurationInMilliseconds":250}}]})";
        QCOMPARE(server->release(event.id, edited), QString());
        const HttpResult r = waitFor(pending);
        QCOMPARE(r.status, 200);
        QCOMPARE(actionTypes(r.json()), QStringList{QStringLiteral("Pause")});
        QVERIFY(server->heldEvents().isEmpty());
        QVERIFY(held.size() >= 2);
        server->stop();
        QCOMPARE(SessionStore::readAll(config.sessionPath, nullptr).first().replySource, QStringLiteral("breakpoint"));
    }

    void threadsSharingThePortShareHeldEvents()
    {
#ifndef Q_OS_LINUX
        QSKIP("endpoint threads share a port on Linux only");
#endif
        QTemporaryDir dir;
        EndpointConfig config;
        config.workers = 2;
        config.sessionPath = dir.filePath(QStringLiteral("s.ccsession"));
        config.breakpointDeadlineMs = 60000;
        config.rules = rulesFrom(R"({"rules": [{"name": "inspect", "event": "*", "breakpoint": true}]})");
        auto server = startServer(config);
        QVERIFY(server);
        QCOMPARE(server->workerCount(), 2);
        // Sixteen connections: the kernel spreads them over both threads (all on one has a
        // chance of 2^-15), so releases below cross from one thread to the other.
        constexpr int calls = 16;
        std::vector<std::unique_ptr<QTcpSocket>> sockets;
        for (int i = 0; i < calls; ++i) {
            const QByteArray event = eventBody("call-answered.json", QStringLiteral("tx-shared-%1").arg(i), 3);
            auto socket = std::make_unique<QTcpSocket>();
            socket->connectToHost(QHostAddress::LocalHost, quint16(server->url().port()));
            QVERIFY(socket->waitForConnected(10000));
            socket->write("POST /events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nConnection: close\r\n"
                          "Content-Length: " + QByteArray::number(event.size()) + "\r\n\r\n" + event);
            sockets.push_back(std::move(socket));
        }
        QTRY_COMPARE_WITH_TIMEOUT(server->heldEvents().size(), calls, 20000);
        const QJsonArray listed = QJsonDocument::fromJson(httpBody(rawExchange(quint16(server->url().port()),
            "GET /held HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 10000))).object().value(QStringLiteral("held")).toArray();
        QCOMPARE(listed.size(), calls);
        const QByteArray edited = R"({"SchemaVersion":"1.0","Actions":[{"Type":"Pause","Parameters":{"DurationInMilliseconds":250}}]})";
        for (const HeldEvent &held : server->heldEvents()) {
            const QByteArray answer = rawExchange(quint16(server->url().port()),
                "POST /held/" + QByteArray::number(held.id) + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                "Connection: close\r\nContent-Length: " + QByteArray::number(edited.size()) + "\r\n\r\n" + edited, 10000);
            QVERIFY2(answer.startsWith("HTTP/1.1 202"), answer.constData());
        }
        for (const auto &socket : sockets) {
            QByteArray received;
            QTRY_VERIFY_WITH_TIMEOUT((received += socket->readAll()).contains("Pause")
                                         || socket->state() == QAbstractSocket::UnconnectedState, 10000);
            received += socket->readAll();
            QVERIFY2(received.startsWith("HTTP/1.1 200") && received.contains("\"Pause\""), received.constData());
        }
        QVERIFY(server->heldEvents().isEmpty());
        server->stop();
        const QList<DeliveryRecord> stored = SessionStore::readAll(config.sessionPath, nullptr);
        QCOMPARE(stored.size(), calls);
        for (const DeliveryRecord &record : stored)
            QCOMPARE(record.replySource, QStringLiteral("breakpoint"));
    }

    void aSignatureIsAcceptedOnceWhicheverThreadSeesIt()
    {
#ifndef Q_OS_LINUX
        QSKIP("endpoint threads share a port on Linux only");
#endif
        EndpointConfig config;
        config.workers = 2;
        config.hmacSecret = "relay-secret";
        auto server = startServer(config);
        QVERIFY(server);
        const QByteArray body = eventBody("ringing.json", QStringLiteral("tx-replay"), 2);
        const QByteArray signature = EndpointAuth::sign("relay-secret", QDateTime::currentSecsSinceEpoch(), body);
        const QByteArray request = "POST /events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nConnection: close\r\n"
                                   "X-CallConsole-Signature: " + signature + "\r\nContent-Length: "
                                   + QByteArray::number(body.size()) + "\r\n\r\n" + body;
        int accepted = 0;
        int replayed = 0;
        for (int i = 0; i < 12; ++i) { // fresh connections: both threads see the signature
            const QByteArray answer = rawExchange(quint16(server->url().port()), request, 10000);
            accepted += answer.startsWith("HTTP/1.1 200") ? 1 : 0;
            replayed += answer.startsWith("HTTP/1.1 401") && answer.contains("replayed") ? 1 : 0;
        }
        QCOMPARE(accepted, 1);
        QCOMPARE(replayed, 11);
        QCOMPARE(server->eventCount(), 1);
    }

    void stopsUnderLoadKeepingEveryAcknowledgedEvent()
    {
        QTemporaryDir dir;
        EndpointConfig config;
        config.workers = 2;
        config.sessionPath = dir.filePath(QStringLiteral("s.ccsession"));
        auto server = startServer(config);
        QVERIFY(server);
        const quint16 port = quint16(server->url().port());
        // Clients on threads of their own keep sending while the endpoint stops.
        std::atomic<int> acknowledged{0};
        std::atomic<bool> sending{true};
        std::vector<std::thread> clients;
        for (int c = 0; c < 4; ++c) {
            clients.emplace_back([&, c] {
                QTcpSocket socket;
                socket.connectToHost(QHostAddress::LocalHost, port);
                if (!socket.waitForConnected(5000))
                    return;
                for (int n = 1; sending && socket.state() == QAbstractSocket::ConnectedState; ++n) {
                    const QByteArray event = eventBody("ringing.json", QStringLiteral("tx-stop-%1-%2").arg(c).arg(n), 2);
                    socket.write("POST /events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                                 + QByteArray::number(event.size()) + "\r\n\r\n" + event);
                    QByteArray answer;
                    while (!answer.contains("\r\n\r\n{") || !answer.endsWith('}')) {
                        if (!socket.waitForReadyRead(5000))
                            return;
                        answer += socket.readAll();
                    }
                    if (answer.startsWith("HTTP/1.1 200"))
                        ++acknowledged;
                }
            });
        }
        QTRY_VERIFY_WITH_TIMEOUT(acknowledged.load() > 200, 20000);
        QElapsedTimer clock;
        clock.start();
        server->stop();
        const qint64 stopMs = clock.elapsed();
        sending = false;
        for (std::thread &client : clients)
            client.join();
        QVERIFY2(stopMs < 10000, qPrintable(QStringLiteral("stop took %1 ms").arg(stopMs)));
        const QList<DeliveryRecord> stored = SessionStore::readAll(config.sessionPath, nullptr);
        QVERIFY2(stored.size() >= acknowledged.load(),
                 qPrintable(QStringLiteral("%1 acknowledged, %2 stored").arg(acknowledged.load()).arg(stored.size())));
        QCOMPARE(SessionStore::integrityCheck(config.sessionPath), QStringLiteral("ok"));
    }

    void breakpointDeadlineSendsTheDefault()
    {
        QTemporaryDir dir;
        EndpointConfig config;
        config.sessionPath = dir.filePath(QStringLiteral("s.ccsession"));
        config.breakpointDeadlineMs = 200;
        config.rules = rulesFrom(R"({"rules": [{"name": "inspect", "event": "*", "breakpoint": true}]})");
        auto server = startServer(config);
        QVERIFY(server);
        const HttpResult r = request(m_network, "POST", at(*server, QStringLiteral("/")), eventBody("call-answered.json", QStringLiteral("t"), 3));
        QCOMPARE(r.status, 200);
        QCOMPARE(actionTypes(r.json()), (QStringList{QStringLiteral("Speak"), QStringLiteral("Pause"), QStringLiteral("Hangup")}));
        server->stop();
        QCOMPARE(SessionStore::readAll(config.sessionPath, nullptr).first().replySource, QStringLiteral("breakpoint-timeout"));
    }

    void forwardsToTheUsersHandler()
    {
        // The user's handler: another endpoint with a rule of its own, on a real port.
        EndpointConfig upstreamConfig;
        upstreamConfig.rules = rulesFrom(R"({"rules": [{"name": "upstream", "event": "*",
            "reply": {"SchemaVersion": "1.0", "Actions": [{"Type": "Pause", "Parameters": {"DurationInMilliseconds": 5}}]}}]})");
        auto upstream = startServer(upstreamConfig);
        QVERIFY(upstream);
        QTemporaryDir dir;
        EndpointConfig config;
        config.sessionPath = dir.filePath(QStringLiteral("s.ccsession"));
        config.rules.setGlobalForward(at(*upstream, QStringLiteral("/events")));
        auto server = startServer(config);
        QVERIFY(server);
        const HttpResult r = request(m_network, "POST", at(*server, QStringLiteral("/")), eventBody("call-answered.json", QStringLiteral("t"), 3));
        QCOMPARE(r.status, 200);
        QCOMPARE(actionTypes(r.json()), QStringList{QStringLiteral("Pause")});
        QCOMPARE(upstream->eventCount(), 1);

        upstream->stop(); // the handler goes away: the fallback answers
        const HttpResult fallback = request(m_network, "POST", at(*server, QStringLiteral("/")), eventBody("call-answered.json", QStringLiteral("t"), 4));
        QCOMPARE(fallback.status, 200);
        QCOMPARE(actionTypes(fallback.json()), (QStringList{QStringLiteral("Speak"), QStringLiteral("Pause"), QStringLiteral("Hangup")}));
        server->stop();
        const auto deliveries = SessionStore::readAll(config.sessionPath, nullptr);
        QCOMPARE(deliveries.size(), 2);
        QCOMPARE(deliveries.at(0).replySource, QStringLiteral("forward"));
        QCOMPARE(deliveries.at(0).upstreamStatus, 200);
        QVERIFY(deliveries.at(0).upstreamLatencyMs >= 0);
        QVERIFY(deliveries.at(1).replySource.startsWith(QLatin1String("fallback")));
        QVERIFY(!deliveries.at(1).upstreamBody.isEmpty()); // the connection error, for the user
    }

    void sessionSurvivesARestart()
    {
        QTemporaryDir dir;
        EndpointConfig config;
        config.sessionPath = dir.filePath(QStringLiteral("s.ccsession"));
        {
            auto server = startServer(config);
            QVERIFY(server);
            for (int sequence = 1; sequence <= 3; ++sequence)
                QCOMPARE(request(m_network, "POST", at(*server, QStringLiteral("/")), eventBody("ringing.json", QStringLiteral("tx-r"), sequence)).status, 200);
        }
        {
            auto server = startServer(config);
            QVERIFY(server);
            QCOMPARE(request(m_network, "POST", at(*server, QStringLiteral("/")), eventBody("ringing.json", QStringLiteral("tx-r"), 4)).status, 200);
        }
        const auto deliveries = SessionStore::readAll(config.sessionPath, nullptr);
        QCOMPARE(deliveries.size(), 4);
        for (int i = 0; i < 4; ++i) {
            QCOMPARE(deliveries.at(i).sequence, i + 1);
            QCOMPARE(deliveries.at(i).transactionId, QStringLiteral("tx-r"));
            QCOMPARE(deliveries.at(i).eventType, QStringLiteral("RINGING"));
            QCOMPARE(deliveries.at(i).statusCode, 200);
        }
        QCOMPARE(SessionStore::integrityCheck(config.sessionPath), QStringLiteral("ok"));
    }

    void reconfigureRestartsTheSameObject()
    {
        QTemporaryDir dir;
        auto server = startServer();
        QVERIFY(server);
        EndpointConfig next;
        next.sessionPath = dir.filePath(QStringLiteral("next.ccsession"));
        QVERIFY(!server->reconfigure(next)); // a running endpoint keeps its snapshot
        QSignalSpy batches(server.get(), &EndpointServer::deliveriesReady);
        server->stop();
        QVERIFY(server->reconfigure(next));
        QString error;
        QVERIFY2(server->start(&error), qPrintable(error));
        QCOMPARE(server->config().sessionPath, next.sessionPath);
        QCOMPARE(request(m_network, "POST", at(*server, QStringLiteral("/")), eventBody("ringing.json", QStringLiteral("tx-n"), 1)).status, 200);
        QTRY_VERIFY_WITH_TIMEOUT(!batches.isEmpty(), 20000); // connections made before the restart still work
        QCOMPARE(SessionStore::readAll(next.sessionPath, nullptr).size(), 1);
    }

    void batchesReachTheOwningThread()
    {
        auto server = startServer();
        QVERIFY(server);
        QSignalSpy batches(server.get(), &EndpointServer::deliveriesReady);
        for (int sequence = 1; sequence <= 5; ++sequence)
            request(m_network, "POST", at(*server, QStringLiteral("/")), eventBody("ringing.json", QStringLiteral("tx-b"), sequence));
        int delivered = 0;
        QTRY_VERIFY_WITH_TIMEOUT((delivered = [&] {
            int n = 0;
            for (const auto &args : batches)
                n += int(args.at(0).value<QList<DeliveryRecord>>().size());
            return n;
        }()) == 5, 20000);
        QCOMPARE(delivered, 5);
    }
};

QTEST_GUILESS_MAIN(TestEndpointServer)
#include "tst_endpointserver.moc"

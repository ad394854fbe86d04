// A stand-in for the user's SMA handler on a real loopback port: it records every invocation
// the simulator POSTs and answers each event type from a script (a body, a status, a delay, or
// no answer at all), so a test can drive every rule of the service's behaviour. A reply may name
// the call's legs as {{LEG-A}} / {{LEG-B}}: their CallIds in the event being answered.
#pragma once

#include "HttpServerCompat.h"
#include "InvocationEvent.h"

#include <QDateTime>
#include <QHash>
#include <QJsonDocument>
#include <QPointer>
#include <QTcpServer>
#include <QTimer>

#include <memory>

struct ScriptedReply
{
    QByteArray body = R"({"SchemaVersion":"1.0","Actions":[]})";
    int status = 200;
    int delayMs = 0;
    bool never = false;     // hold the request and never answer
    int times = -1;         // -1: every time; else used this many times, then the default
};

struct RecordedInvocation
{
    callconsole::InvocationEvent event;
    QByteArray body;
    QByteArray injectedFault;
    qint64 receivedAtMs = 0;   // on the handler's clock (QDateTime::currentMSecsSinceEpoch)
};

class ScriptedHandler : public QAbstractHttpServer
{
public:
    ScriptedHandler()
    {
        m_tcp.listen(QHostAddress::LocalHost, 0);
        bind(&m_tcp);
    }

    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1/events").arg(m_tcp.serverPort())); }
    void on(callconsole::InvocationEventType type, ScriptedReply reply) { m_script.insert(int(type), reply); }
    void onJson(callconsole::InvocationEventType type, const char *json) { ScriptedReply r; r.body = json; on(type, r); }
    void onBody(callconsole::InvocationEventType type, const QByteArray &json) { ScriptedReply r; r.body = json; on(type, r); }
    // Replies used once each, in order, before the script of on()/onJson for that type.
    void queue(callconsole::InvocationEventType type, const QByteArray &json)
    {
        ScriptedReply r;
        r.body = json;
        m_queued[int(type)] << r;
    }

    QList<RecordedInvocation> received;

    QStringList sequence(const QString &transactionId = {}) const
    {
        QStringList out;
        for (const auto &r : received) {
            if (transactionId.isEmpty() || r.event.callDetails.transactionId == transactionId)
                out << QStringLiteral("%1:%2").arg(r.event.sequence).arg(callconsole::toString(r.event.type));
        }
        return out;
    }
    const RecordedInvocation *last(callconsole::InvocationEventType type) const
    {
        for (auto it = received.crbegin(); it != received.crend(); ++it) {
            if (it->event.type == type)
                return &*it;
        }
        return nullptr;
    }

protected:
    CALLCONSOLE_HTTP_HANDLE_REQUEST
    {
        QHttpServerResponder responder = CALLCONSOLE_HTTP_TAKE_RESPONDER();
        QPointer<QTcpSocket> socket = CALLCONSOLE_HTTP_SOCKET();
        const auto parsed = callconsole::InvocationEvent::parse(request.body());
        ScriptedReply reply;
        if (parsed.value) {
            received << RecordedInvocation{*parsed.value, request.body(), callconsole::http::headerValue(request, "X-CallConsole-Injected-Fault"),
                                           QDateTime::currentMSecsSinceEpoch()};
            auto it = m_script.find(int(parsed.value->type));
            QList<ScriptedReply> &queued = m_queued[int(parsed.value->type)];
            if (!queued.isEmpty()) {
                reply = queued.takeFirst();
            } else if (it != m_script.end() && it->times != 0) {
                reply = *it;
                if (it->times > 0)
                    --it->times;
            }
            for (const callconsole::Participant &leg : parsed.value->callDetails.participants)
                reply.body.replace("{{" + callconsole::toString(leg.tag).toLatin1() + "}}", leg.callId.toLatin1());
        }
        if (reply.never) {
            m_parked.push_back(std::make_unique<QHttpServerResponder>(std::move(responder)));
            return true;
        }
        auto held = std::make_shared<QHttpServerResponder>(std::move(responder));
        const auto answer = [held, socket, reply, guard = socket != nullptr] {
            if (guard && socket.isNull())
                return;
            callconsole::http::respond(*held, reply.status, {{"Content-Type", "application/json"}}, reply.body);
        };
        if (reply.delayMs > 0)
            QTimer::singleShot(reply.delayMs, this, answer);
        else
            answer();
        return true;
    }
    CALLCONSOLE_HTTP_MISSING_HANDLER
    {
        QHttpServerResponder responder = CALLCONSOLE_HTTP_TAKE_RESPONDER();
        callconsole::http::respond(responder, 404, {}, {});
    }

private:
    QTcpServer m_tcp;
    QHash<int, ScriptedReply> m_script;
    QHash<int, QList<ScriptedReply>> m_queued;
    std::vector<std::unique_ptr<QHttpServerResponder>> m_parked;
};

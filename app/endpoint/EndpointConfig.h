// Everything that shapes the endpoint, fixed when it starts.
#pragma once

#include "ConnectionGuard.h"
#include "HandlerConfig.h"
#include "ReplyRules.h"
#include "SessionStore.h"

#include <QByteArray>
#include <QHostAddress>
#include <QString>

#include <optional>

namespace callconsole {

struct EndpointConfig
{
    QHostAddress host = QHostAddress::LocalHost;
    quint16 port = 0;                       // 0: any free port (the chosen URL is reported)
    ConnectionLimits limits;
    QByteArray bearerToken;                 // either one turns authentication on
    QByteArray hmacSecret;
    QString tlsCertificateFile;             // both set: HTTPS (PEM files)
    QString tlsKeyFile;
    ReplyRules rules;
    QString sessionPath;                    // empty: nothing persisted
    SessionStore::Durability durability = SessionStore::Durability::Full;
    int breakpointDeadlineMs = 4500;        // answer before the service's 5 s retry
    int forwardTimeoutMs = 4000;
    // The user's handler file, run as the upstream of every event (or of the rules whose
    // forward is "handler").
    std::optional<HandlerConfig> handler;
    // Threads serving HTTP, sharing the port (Linux; elsewhere always 1). One keeps deliveries
    // in the order they were answered; `serve` uses more for throughput.
    int workers = 1;
};

// An event held at a breakpoint, as the UI and GET /held show it.
struct HeldEvent
{
    qint64 id = 0;
    QString transactionId;
    int sequence = 0;
    QString eventType;
    QString ruleSource;
    qint64 receivedAtMs = 0;                // epoch ms: where the timeline draws it
    qint64 deadlineAtMs = 0;                // epoch ms when the default reply goes out
    QByteArray defaultReply;
    QByteArray eventBody;
};

} // namespace callconsole

Q_DECLARE_METATYPE(callconsole::HeldEvent)

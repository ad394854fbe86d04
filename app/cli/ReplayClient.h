// How `replay` sends one invocation event to a handler: as the service invokes it (a POST of
// the event's JSON, no redirects followed, a reply awaited up to a deadline), authenticated as
// the relay would be, and what came back in words a person can act on.
#pragma once

#include <QByteArray>
#include <QList>
#include <QNetworkAccessManager>
#include <QSet>
#include <QSslCertificate>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <deque>
#include <utility>

namespace callconsole::cli {

// The service invokes an event again when it has no reply after 5 s (sma-reference.md).
constexpr int serviceRetryDeadlineMs = 5000;

struct ReplayTarget
{
    QUrl url;
    QByteArray bearerToken;    // sent as Authorization: Bearer
    QByteArray hmacSecret;     // signs each body as X-CallConsole-Signature
    QList<QSslCertificate> trusted; // trusted for https besides the system's (a self-signed serve)
    int timeoutMs = serviceRetryDeadlineMs;
};

// What came back for one event.
struct Exchange
{
    int status = 0;            // HTTP status; 0 when no response arrived
    qint64 latencyMs = 0;
    QByteArray body;
    QString error;             // why the event failed at the HTTP level, in words; empty if it did not
    QStringList details;       // an error body's further lines (the endpoint's details, a stack trace)
    bool timedOut = false;
};

// Signs bodies the way the relay does. An endpoint takes each signature once, and a log may
// hold the same body twice (the service's retries): sent again within the same second it
// would carry the same signature, so it is signed a second later, well inside the ±300 s
// window the endpoint allows.
class RelaySigner
{
public:
    explicit RelaySigner(QByteArray secret) : m_secret(std::move(secret)) {}
    QByteArray sign(const QByteArray &body);

private:
    QByteArray m_secret;
    QSet<QByteArray> m_used;
    std::deque<std::pair<qint64, QByteArray>> m_order; // to forget signatures past the window
};

class ReplayClient
{
public:
    explicit ReplayClient(ReplayTarget target);

    // Sends body and runs the event loop until the reply, a failure or the deadline.
    // injectedFault, when set, is sent as X-CallConsole-Injected-Fault.
    Exchange post(const QByteArray &body, const QByteArray &injectedFault = {});

    // The URL as it may be printed: without user info.
    QString shownUrl() const { return m_target.url.toString(QUrl::RemoveUserInfo); }

private:
    ReplayTarget m_target;
    QNetworkAccessManager m_network;
    RelaySigner m_signer;
};

} // namespace callconsole::cli

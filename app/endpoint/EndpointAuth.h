// Who may deliver events: nobody needs to prove anything on loopback by default; an exposed
// endpoint requires a bearer token or the relay's HMAC signature:
//   X-CallConsole-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>." + raw body)>
// with a 5-minute window around now, constant-time comparison, and each signature usable once.
#pragma once

#include <QByteArray>
#include <QHash>
#include <QMutex>
#include <QString>

namespace callconsole {

// Thread-safe once configured: the endpoint's threads share one.
class EndpointAuth
{
public:
    static constexpr qint64 replayWindowSeconds = 300;

    void setBearerToken(const QByteArray &token) { m_token = token; }
    void setHmacSecret(const QByteArray &secret) { m_secret = secret; }
    bool enabled() const { return !m_token.isEmpty() || !m_secret.isEmpty(); }

    // Empty when the request may pass; otherwise the reason for the 401. A request that passed
    // by its signature leaves a SHA-256 digest of the signature and its t in *mac and
    // *signedAt: the endpoint keeps them in the session, so a restart does not open a replay
    // window, and the session never holds a signature.
    QString check(const QByteArray &authorization, const QByteArray &signature, const QByteArray &body,
                  qint64 nowSeconds, QByteArray *mac = nullptr, qint64 *signedAt = nullptr);
    // A signature used before (read back from the session at start), refused from now on.
    void remember(const QByteArray &mac, qint64 signedAt);
    // A signature whose request could not be recorded (503): the sender may retry it as is.
    void forget(const QByteArray &mac);

    // For the relay and for tests: the header value that signs body at time t.
    static QByteArray sign(const QByteArray &secret, qint64 t, const QByteArray &body);
    static bool constantTimeEquals(const QByteArray &a, const QByteArray &b);

private:
    QString checkSignature(const QByteArray &header, const QByteArray &body, qint64 nowSeconds, QByteArray *usedMac,
                           qint64 *signedAt);

    QByteArray m_token;
    QByteArray m_secret;
    QMutex m_seenMutex;
    QHash<QByteArray, qint64> m_seenSignatures; // SHA-256 of v1 → t, pruned past the window
};

} // namespace callconsole

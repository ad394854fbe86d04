#include "EndpointAuth.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>
#include <QMutexLocker>

namespace callconsole {

bool EndpointAuth::constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    // Length is not secret (hex digests and tokens have public lengths); the content is.
    if (a.size() != b.size())
        return false;
    unsigned char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a.at(i) ^ b.at(i));
    return difference == 0;
}

QByteArray EndpointAuth::sign(const QByteArray &secret, qint64 t, const QByteArray &body)
{
    const QByteArray stamp = QByteArray::number(t);
    const QByteArray mac = QMessageAuthenticationCode::hash(stamp + '.' + body, secret, QCryptographicHash::Sha256).toHex();
    return "t=" + stamp + ",v1=" + mac;
}

QString EndpointAuth::check(const QByteArray &authorization, const QByteArray &signature, const QByteArray &body,
                            qint64 nowSeconds, QByteArray *mac, qint64 *signedAt)
{
    if (!enabled())
        return {};
    // The scheme is case-insensitive (RFC 9110 §11.1): "bearer" and "BEARER" name it too.
    const QByteArray credentials = authorization.trimmed();
    const qsizetype space = credentials.indexOf(' ');
    const bool bearer = space > 0 && credentials.first(space).compare("Bearer", Qt::CaseInsensitive) == 0;
    if (!m_token.isEmpty() && bearer) {
        if (constantTimeEquals(credentials.sliced(space + 1).trimmed(), m_token))
            return {};
        return QStringLiteral("bad bearer token");
    }
    if (!m_secret.isEmpty() && !signature.isEmpty())
        return checkSignature(signature, body, nowSeconds, mac, signedAt);
    if (!m_token.isEmpty() && !m_secret.isEmpty())
        return QStringLiteral("missing header: Authorization: Bearer … or X-CallConsole-Signature");
    return m_token.isEmpty() ? QStringLiteral("missing header: X-CallConsole-Signature")
                             : QStringLiteral("missing header: Authorization: Bearer …");
}

void EndpointAuth::remember(const QByteArray &mac, qint64 signedAt)
{
    QMutexLocker lock(&m_seenMutex);
    m_seenSignatures.insert(mac, signedAt);
}

void EndpointAuth::forget(const QByteArray &mac)
{
    QMutexLocker lock(&m_seenMutex);
    m_seenSignatures.remove(mac);
}

QString EndpointAuth::checkSignature(const QByteArray &header, const QByteArray &body, qint64 nowSeconds,
                                     QByteArray *usedMac, qint64 *signedAt)
{
    QByteArray stamp;
    QByteArray mac;
    for (const QByteArray &part : header.split(',')) {
        const QByteArray item = part.trimmed();
        if (item.startsWith("t="))
            stamp = item.mid(2);
        else if (item.startsWith("v1="))
            mac = item.mid(3).toLower();
    }
    bool ok = false;
    const qint64 t = stamp.toLongLong(&ok);
    if (!ok || mac.isEmpty())
        return QStringLiteral("malformed X-CallConsole-Signature: expected t=<unix seconds>,v1=<hex HMAC-SHA256>");
    if (qAbs(nowSeconds - t) > replayWindowSeconds)
        return QStringLiteral("stale timestamp: t=%1 is %2 s from now (window ±%3 s)")
            .arg(t).arg(nowSeconds - t).arg(replayWindowSeconds);
    const QByteArray expected = QMessageAuthenticationCode::hash(stamp + '.' + body, m_secret, QCryptographicHash::Sha256).toHex();
    if (!constantTimeEquals(mac, expected))
        return QStringLiteral("bad signature");
    // Every endpoint thread checks signatures against the one set: a replay must not pass
    // because it reached another thread.
    QMutexLocker lock(&m_seenMutex);
    for (auto it = m_seenSignatures.begin(); it != m_seenSignatures.end();) {
        if (nowSeconds - it.value() > replayWindowSeconds)
            it = m_seenSignatures.erase(it);
        else
            ++it;
    }
    // Known by a digest of the signature: the session keeps these, never a signature itself.
    const QByteArray used = QCryptographicHash::hash(mac, QCryptographicHash::Sha256);
    if (m_seenSignatures.contains(used))
        return QStringLiteral("replayed signature: this exact request was already accepted");
    m_seenSignatures.insert(used, t);
    if (usedMac)
        *usedMac = used;
    if (signedAt)
        *signedAt = t;
    return {};
}

} // namespace callconsole

#include "Credentials.h"

namespace callconsole::aws {

Credentials::Credentials(QString accessKeyId, QString secretAccessKey, QString sessionToken,
                         QString source)
    : m_accessKeyId(std::move(accessKeyId))
    , m_secretAccessKey(std::move(secretAccessKey))
    , m_sessionToken(std::move(sessionToken))
    , m_source(std::move(source))
{
}

QString Credentials::describe() const
{
    if (!isValid())
        return QStringLiteral("no credentials");
    // Only the key id's ends are shown: enough to tell two keys apart, not enough to reuse.
    const QString shownId = m_accessKeyId.size() > 8
        ? m_accessKeyId.left(4) + QStringLiteral("…") + m_accessKeyId.right(4)
        : m_accessKeyId;
    QString text = shownId + QStringLiteral(" (secret redacted");
    if (!m_sessionToken.isEmpty())
        text += QStringLiteral(", session token present");
    if (m_expiration.isValid())
        text += QStringLiteral(", expires %1").arg(m_expiration.toUTC().toString(Qt::ISODate));
    text += QLatin1Char(')');
    if (!m_source.isEmpty())
        text += QStringLiteral(" from ") + m_source;
    return text;
}

} // namespace callconsole::aws

#pragma once

#include <QDateTime>
#include <QString>

namespace callconsole::aws {

// An AWS key pair with an optional session token. The secret is only reachable through
// secretAccessKey() so that it cannot end up in a log by accident: describe() redacts it
// and there is deliberately no QDebug or stream operator.
class Credentials
{
public:
    Credentials() = default;
    Credentials(QString accessKeyId, QString secretAccessKey, QString sessionToken = {},
                QString source = {});

    bool isValid() const { return !m_accessKeyId.isEmpty() && !m_secretAccessKey.isEmpty(); }
    QString accessKeyId() const { return m_accessKeyId; }
    QString secretAccessKey() const { return m_secretAccessKey; }
    QString sessionToken() const { return m_sessionToken; }
    // Where the key came from ("environment", "profile default in ~/.aws/credentials"…).
    QString source() const { return m_source; }
    // When temporary credentials (a credential_process's) stop working; invalid when they do not.
    QDateTime expiration() const { return m_expiration; }
    void setExpiration(const QDateTime &expiration) { m_expiration = expiration; }

    // "AKID…MPLE (secret redacted, session token present) from environment"
    QString describe() const;

private:
    QString m_accessKeyId;
    QString m_secretAccessKey;
    QString m_sessionToken;
    QString m_source;
    QDateTime m_expiration;
};

} // namespace callconsole::aws

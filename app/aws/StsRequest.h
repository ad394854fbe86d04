#pragma once

#include "CredentialSource.h"

class QNetworkAccessManager;
class QNetworkReply;

namespace callconsole::aws {

// The two STS calls a profile can need (Query API: a form-encoded POST, an XML answer).
// AssumeRole is signed with the source keys by SigV4Signer; AssumeRoleWithWebIdentity is
// unsigned, the token being the proof.
class StsRequest
{
public:
    // mfaCode goes with role.mfaSerial when the profile has one.
    static QNetworkReply *assumeRole(QNetworkAccessManager &network, const CredentialSource &role,
                                     const Credentials &sourceKeys, const QString &mfaCode);
    static QNetworkReply *assumeRoleWithWebIdentity(QNetworkAccessManager &network, const CredentialSource &role,
                                                    const QByteArray &webIdentityToken);

    // The finished reply's credentials, or an error naming the call, the role and STS's reason.
    static Credentials credentialsFrom(QNetworkReply &reply, const CredentialSource &role, QString *error);
    // The parts of an answer body: Credentials' four fields, or Error's Code and Message.
    static Credentials parse(const QByteArray &xml, const QString &source, QString *errorCode, QString *errorMessage);
};

} // namespace callconsole::aws

#include "CredentialSource.h"

namespace callconsole::aws {

QString CredentialSource::describe() const
{
    switch (kind) {
    case Kind::Keys:
        return keys.source();
    case Kind::Process:
        return QStringLiteral("credential_process of profile %1").arg(profile);
    case Kind::AssumeRole:
        return QStringLiteral("AssumeRole %1 (profile %2)").arg(roleArn, profile);
    case Kind::WebIdentity:
        return QStringLiteral("AssumeRoleWithWebIdentity %1 (profile %2)").arg(roleArn, profile);
    case Kind::Sso:
        return QStringLiteral("IAM Identity Center role %1 in account %2 (profile %3)").arg(ssoRoleName, ssoAccountId, profile);
    }
    return {};
}

} // namespace callconsole::aws

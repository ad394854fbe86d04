// Asking the person at the terminal, as the AWS CLI asks for an MFA code: on /dev/tty, so that
// piped stdin and stdout stay the command's data, with the typed characters not echoed.
#pragma once

#include <QString>

namespace callconsole::cli {

// The line typed after prompt; empty with *error set when there is no terminal to ask on.
QString askTerminal(const QString &prompt, QString *error);

// The MFA question of a role profile, for CredentialsResolver::setMfaPrompt().
QString askMfaCode(const QString &profile, const QString &mfaSerial, QString *error);

} // namespace callconsole::cli

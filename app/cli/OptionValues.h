// Option values that more than one command reads the same way (serve's --forward and replay's
// --to URL, the relay's HMAC secret file): one wording of what is wrong with them.
#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>

#include <optional>

namespace callconsole::cli {

// An absolute http:// or https:// URL with a host; nullopt for anything else.
std::optional<QUrl> httpUrl(const QString &text);

// The secret in file (surrounding whitespace trimmed). On failure returns nothing and sets
// *error to "OPTION FILE: why"; the secret itself is never part of a message.
QByteArray readSecretFile(const QString &option, const QString &file, QString *error);

} // namespace callconsole::cli

// Option values that more than one command reads the same way (serve's --forward and replay's
// --to URL, the relay's HMAC secret file, place's and update's connection): one wording of what
// is wrong with them.
#pragma once

#include "CallRequest.h"
#include "CommandOptions.h"
#include "ConnectionOptions.h"

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

// Every KEY=VALUE given to --NAME (--header, --arg), appended to pairs; returns the usage error
// that names the first one without '=', or empty.
QString readKeyValues(const CommandLine &line, const char *name, KeyValueList *pairs);

// --backend, --profile, --region and --endpoint-url, declared once for every command that
// calls the chime-sdk-voice API.
QList<Option> connectionOptions();
// Reads them from line; returns the usage error that names the option, or empty.
QString readConnectionOptions(const CommandLine &line, aws::ConnectionOptions *connection);

} // namespace callconsole::cli

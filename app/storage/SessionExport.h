// A recorded session written out for people and tools: JSON (the `analyze --json` document with
// every raw delivery), JSON Lines (one accepted event per line, the input of `analyze` and
// `replay`) or HAR 1.2 (for browser devtools and HAR viewers), masked on request (ExportMask). `callconsole export` and the desktop window's File → Export both write through here.
#pragma once

#include "DeliveryRecord.h"

#include <QList>
#include <QString>

#include <optional>

class QIODevice;

namespace callconsole {

class CallStore;

enum class SessionExportFormat { Json, JsonLines, Har };

struct SessionExportOptions
{
    bool mask = false; // phone numbers, account ids and header values hidden (ExportMask)
};

// "json", "jsonl" or "har"; nullopt for anything else.
std::optional<SessionExportFormat> sessionExportFormat(const QString &name);

// Writes deliveries (as SessionStore::readAll returns them) to out. Credentials were already
// redacted when the session was recorded; nothing here adds any.
void writeSessionExport(const QList<DeliveryRecord> &deliveries, SessionExportFormat format, QIODevice &out,
                        const SessionExportOptions &options = {});

// The deliveries' accepted events analysed in arrival order, each under its delivery id.
CallStore analysedDeliveries(const QList<DeliveryRecord> &deliveries);

// Reads the session file at sessionPath and writes its export to outputPath. Returns why it
// could not, or an empty string.
QString exportSessionFile(const QString &sessionPath, const QString &outputPath, SessionExportFormat format,
                          const SessionExportOptions &options = {});

} // namespace callconsole

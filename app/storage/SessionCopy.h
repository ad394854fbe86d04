// "Save session as…": a consistent copy of a session file while its endpoint keeps recording.
// SQLite's VACUUM INTO reads one snapshot (WAL included) through a connection of its own, so
// the writer is never paused and the copy holds exactly the deliveries committed when it began.
#pragma once

#include <QString>

namespace callconsole {

// Copies the session at source to target (replacing target only once the copy is complete).
// Returns why it could not, or an empty string.
QString copySession(const QString &source, const QString &target);

} // namespace callconsole

// Where the window records: one session file per run (and per File → New session) under
// QStandardPaths::AppDataLocation/sessions, named by the time it began.
#pragma once

#include <QDateTime>
#include <QString>

namespace callconsole {

namespace sessionfiles {

// ".ccsession": what `serve --session` and the window write (SQLite inside).
inline QString suffix() { return QStringLiteral("ccsession"); }
// For file dialogs: sessions first, SQLite files as they were named before.
QString openFilter();
QString saveFilter();

QString defaultDirectory();
// "<directory>/session-20240607-153012.ccsession", with "-2", "-3"… when that name is taken.
QString newSessionPath(const QString &directory, const QDateTime &now = QDateTime::currentDateTime());

} // namespace sessionfiles

} // namespace callconsole

// How `import` and `logs` end: the malformed events reported by file and line, the invocations
// written to the session (when asked) and analysed, and the analysis printed as `analyze` does.
#pragma once

#include "LogImporter.h"

#include <QString>

namespace callconsole::cli {

struct ImportOutputOptions
{
    QString sessionPath;   // empty: no session written
    bool json = false;
};

// Prints each malformed event as "WHERE: message" on stderr.
void reportMalformed(const logs::ImportSummary &summary);

// Returns the exit code: 0, 1 when events were malformed or none was found, 2 when the session
// could not be written.
int finishImport(const QString &command, logs::LogImporter &importer, const ImportOutputOptions &options);

} // namespace callconsole::cli

#include "ImportOutput.h"

#include "AnalysisText.h"
#include "CallStore.h"
#include "CliOutput.h"
#include "SessionImport.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace callconsole::cli {

void reportMalformed(const logs::ImportSummary &summary)
{
    for (const logs::ImportFinding &finding : summary.malformed)
        err() << finding.where << ": " << finding.message << "\n";
    err().flush();
}

int finishImport(const QString &command, logs::LogImporter &importer, const ImportOutputOptions &options)
{
    const QList<logs::ImportedInvocation> invocations = importer.takeAll();
    const logs::ImportSummary &summary = importer.summary();
    reportMalformed(summary);
    if (!options.sessionPath.isEmpty()) {
        const QString error = logs::writeToSessionFile(options.sessionPath, invocations);
        if (!error.isEmpty())
            return fail(command, error);
    }
    CallStore store;
    logs::appendToStore(store, invocations);
    if (options.json) {
        QJsonObject document = store.toJson();
        document.insert(QStringLiteral("import"), summary.toJson());
        if (!options.sessionPath.isEmpty())
            document.insert(QStringLiteral("session"), options.sessionPath);
        out() << QJsonDocument(document).toJson(QJsonDocument::Indented);
    } else {
        printAnalysisText(store);
        out() << summary.text() << "\n"
              << store.eventCount() << " events in " << store.transactionCount() << " transactions, "
              << store.anomalyCount() << " anomalies\n";
        if (!options.sessionPath.isEmpty())
            out() << "session: " << options.sessionPath << " (" << invocations.size() << " deliveries added)\n";
    }
    out().flush();
    if (invocations.isEmpty() && summary.sipMessages > 0) {
        err() << "callconsole " << command << ": " << summary.sipMessages << " SIP messages of the SMA's message log, no "
              << "invocation event: those are in the Lambda's own log group, /aws/lambda/FUNCTION\n";
        err().flush();
        return 0;
    }
    if (invocations.isEmpty()) {
        err() << "callconsole " << command << ": no invocation event found — the handler has to log each event it "
              << "receives as JSON, e.g. console.log(JSON.stringify(event)) or print(json.dumps(event))\n";
        err().flush();
        return 1;
    }
    return summary.malformed.isEmpty() ? 0 : 1;
}

} // namespace callconsole::cli

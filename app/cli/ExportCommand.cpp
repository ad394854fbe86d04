// callconsole export SESSION : a session's transactions (the `analyze --json` shape) with every
// raw delivery and reply, its events as .jsonl that `analyze` and `replay` read back, an HTTP
// Archive for browser devtools, or one transaction's ladder as Mermaid — masked on request.
#include "CallStore.h"
#include "CliOutput.h"
#include "CommandOptions.h"
#include "ExportMask.h"
#include "LadderDiagram.h"
#include "SessionExport.h"
#include "SessionStore.h"

#include <QFile>
#include <QSaveFile>

namespace callconsole::cli {

namespace {

// The transaction named by value (an id or the start of exactly one), or why there is none.
int pickTransaction(const CallStore &store, const QString &value, QString *error)
{
    QStringList ids;
    QList<int> matches;
    for (int i = 0; i < store.transactionCount(); ++i) {
        const QString id = store.transaction(i).transactionId();
        ids << id;
        if (id.compare(value, Qt::CaseInsensitive) == 0)
            return i;
        if (!value.isEmpty() && id.startsWith(value, Qt::CaseInsensitive))
            matches << i;
    }
    if (value.isEmpty() && ids.size() == 1)
        return 0;
    if (matches.size() == 1)
        return matches.first();
    if (ids.isEmpty())
        *error = QStringLiteral("the session holds no transaction to draw");
    else if (value.isEmpty())
        *error = QStringLiteral("--transaction: the session holds %1 transactions; name one: %2").arg(ids.size()).arg(ids.join(QStringLiteral(", ")));
    else
        *error = QStringLiteral("--transaction: '%1' — %2; the session holds: %3")
                     .arg(value, matches.isEmpty() ? QStringLiteral("no such TransactionId") : QStringLiteral("starts more than one"),
                          ids.join(QStringLiteral(", ")));
    return -1;
}

QString mermaidText(const QList<DeliveryRecord> &recorded, const QString &transaction, bool mask, QString *error)
{
    ExportMask masker;
    const QList<DeliveryRecord> deliveries = mask ? masker.deliveries(recorded) : recorded;
    const CallStore store = analysedDeliveries(deliveries);
    const int index = pickTransaction(store, transaction, error);
    if (index < 0)
        return {};
    QHash<qint64, const DeliveryRecord *> byId;
    for (const DeliveryRecord &r : deliveries)
        byId.insert(r.id, &r);
    const LadderDiagram diagram = LadderDiagram::build(store.transaction(index),
                                                       [&byId](qint64 id) { return byId.value(id, nullptr); });
    // The diagram's own text (upstream error bodies among it) is masked with the same masks.
    return mask ? masker.text(diagram.toMermaid()) : diagram.toMermaid();
}

} // namespace

CommandDefinition exportDefinition()
{
    return {"export", "Write a recorded session as JSON, .jsonl, HAR or one call's Mermaid ladder",
            {Argument::one("SESSION", "a session file (.ccsession) written by serve --session, the desktop console or import").file()},
            {Option::value("format", "FORMAT", "json: the transactions and every delivery; jsonl: one accepted event a line; "
                                               "har: HTTP Archive 1.2; mermaid: one transaction's ladder")
                 .choices({"json", "jsonl", "har", "mermaid"}).byDefault("json"),
             Option::value("output", "FILE", "write FILE (whole or not at all) instead of standard output").alias('o').file(),
             Option::flag("mask", "hide what identifies people and accounts, for a bug report: phone numbers keep their "
                                  "country code and last 2 digits (+1*******23), AWS account ids become masked-account-N, "
                                  "header values masked-N (Content-Type and Content-Length kept); the same value gets the "
                                  "same mask throughout the file, so the flows still line up"),
             Option::value("transaction", "ID", "the transaction a mermaid export draws (or the start of its id); needed when "
                                                "the session holds more than one")},
            "Write a session recorded by `callconsole serve --session` (or the desktop console, or\n"
            "`callconsole import`).\n"
            "  json     {\"transactions\":[…analyze --json…], \"deliveries\":[…every request, reply and\n"
            "           rejection, with its headers…]}  (default)\n"
            "  jsonl    one accepted event per line as {\"receivedAtMs\",\"replyLatencyMs\",\"event\",\n"
            "           \"reply\",\"replySource\"} — the input format of `analyze` and `replay`\n"
            "  har      HTTP Archive 1.2: each delivery an entry (request, response, the reply latency\n"
            "           as its wait time), each transaction a page — for a browser's devtools\n"
            "           (Network > Import HAR) and other HAR viewers\n"
            "  mermaid  one transaction's ladder as a Mermaid sequenceDiagram, in Sequence order\n"
            "Credentials (Authorization, signatures) were redacted when the session was written."};
}

int runExport(const CommandLine &line)
{
    const QString commandName = line.definition().name;
    const QString session = line.positional().first();
    const QString format = line.value("format");
    const QString output = line.value("output");
    const QString transaction = line.value("transaction");
    SessionExportOptions options;
    options.mask = line.isSet("mask");
    const bool mermaid = format == QLatin1String("mermaid");
    const std::optional<SessionExportFormat> exportFormat = sessionExportFormat(format);
    if (line.isSet("transaction") && !mermaid)
        return line.reject("transaction", QStringLiteral("only a mermaid export draws one transaction"));
    if (!QFile::exists(session))
        return fail(commandName, QStringLiteral("%1: no such session file").arg(session));

    if (!output.isEmpty() && !mermaid) {
        const QString error = exportSessionFile(session, output, *exportFormat, options);
        return error.isEmpty() ? 0 : fail(commandName, error);
    }
    QString error;
    const QList<DeliveryRecord> deliveries = SessionStore::readAll(session, &error);
    if (!error.isEmpty())
        return fail(commandName, error);
    if (!mermaid) {
        QFile file;
        file.open(stdout, QIODevice::WriteOnly);
        writeSessionExport(deliveries, *exportFormat, file, options);
        return 0;
    }
    const QString text = mermaidText(deliveries, transaction, options.mask, &error);
    if (!error.isEmpty())
        return fail(commandName, error);
    if (output.isEmpty()) {
        out() << text;
        out().flush();
        return 0;
    }
    QSaveFile file(output);
    if (!file.open(QIODevice::WriteOnly) || file.write(text.toUtf8()) < 0 || !file.commit())
        return fail(commandName, QStringLiteral("%1: %2").arg(output, file.errorString()));
    return 0;
}

} // namespace callconsole::cli

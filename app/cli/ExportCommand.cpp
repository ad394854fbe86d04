// callconsole export SESSION : a session's transactions (the `analyze --json` shape) with every
// raw delivery and reply, or its events as .jsonl that `analyze` and `replay` read back.
#include "CallStore.h"
#include "CliOutput.h"
#include "SessionStore.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace callconsole::cli {

namespace {

const QString commandName = QStringLiteral("export");

void printHelp()
{
    out() << "Usage: callconsole export SESSION [--format json|jsonl] [--output FILE]\n\n"
             "Write a session recorded by `callconsole serve --session` (or the desktop console).\n"
             "  json   {\"transactions\":[…analyze --json…], \"deliveries\":[…every request, reply and\n"
             "         rejection, with its headers…]}  (default)\n"
             "  jsonl  one accepted event per line as {\"receivedAtMs\",\"replyLatencyMs\",\"event\",\n"
             "         \"reply\",\"replySource\"} — the input format of `analyze` and `replay`\n"
             "Credentials (Authorization, signatures) were redacted when the session was written.\n";
    out().flush();
}

// A body as JSON when it is JSON, else as text: exports stay readable and lose nothing.
QJsonValue bodyValue(const QByteArray &body)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error == QJsonParseError::NoError && document.isObject())
        return document.object();
    if (error.error == QJsonParseError::NoError && document.isArray())
        return document.array();
    return QString::fromUtf8(body);
}

QJsonObject deliveryJson(const DeliveryRecord &r)
{
    QJsonArray headers;
    for (const auto &[name, value] : r.requestHeaders)
        headers << QJsonArray{QString::fromLatin1(name), QString::fromLatin1(value)};
    QJsonObject object{{QStringLiteral("id"), double(r.id)},
                       {QStringLiteral("receivedAtMs"), double(r.receivedAtMs)},
                       {QStringLiteral("remoteAddress"), r.remoteAddress},
                       {QStringLiteral("method"), r.method},
                       {QStringLiteral("path"), r.path},
                       {QStringLiteral("headers"), headers},
                       {QStringLiteral("body"), bodyValue(r.requestBody)},
                       {QStringLiteral("statusCode"), r.statusCode},
                       {QStringLiteral("rejected"), r.rejected}};
    if (r.rejected) {
        object.insert(QStringLiteral("rejectReason"), r.rejectReason);
        object.insert(QStringLiteral("rejectDetails"), bodyValue(r.rejectDetails));
    } else {
        object.insert(QStringLiteral("transactionId"), r.transactionId);
        object.insert(QStringLiteral("sequence"), r.sequence);
        object.insert(QStringLiteral("type"), r.eventType);
        object.insert(QStringLiteral("reply"), bodyValue(r.replyBody));
        object.insert(QStringLiteral("replySource"), r.replySource);
    }
    if (r.replyLatencyMs >= 0)
        object.insert(QStringLiteral("replyLatencyMs"), r.replyLatencyMs);
    if (r.upstreamStatus >= 0) {
        object.insert(QStringLiteral("upstreamStatus"), r.upstreamStatus);
        object.insert(QStringLiteral("upstreamLatencyMs"), r.upstreamLatencyMs);
        object.insert(QStringLiteral("upstreamBody"), bodyValue(r.upstreamBody));
    }
    return object;
}

} // namespace

int runExport(const QStringList &arguments)
{
    QString session;
    QString format = QStringLiteral("json");
    QString output;
    for (int i = 0; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (argument == QLatin1String("--help") || argument == QLatin1String("-h")) {
            printHelp();
            return 0;
        }
        if ((argument == QLatin1String("--format") || argument == QLatin1String("--output") || argument == QLatin1String("-o"))) {
            if (i + 1 >= arguments.size())
                return fail(commandName, QStringLiteral("%1 needs a value; see --help").arg(argument));
            (argument == QLatin1String("--format") ? format : output) = arguments.at(++i);
        } else if (argument.startsWith(QLatin1Char('-'))) {
            return fail(commandName, QStringLiteral("unknown option %1; see --help").arg(argument));
        } else if (!session.isEmpty()) {
            return fail(commandName, QStringLiteral("one SESSION at a time; see --help"));
        } else {
            session = argument;
        }
    }
    if (session.isEmpty())
        return fail(commandName, QStringLiteral("no SESSION given; see --help"));
    if (format != QLatin1String("json") && format != QLatin1String("jsonl"))
        return fail(commandName, QStringLiteral("--format: '%1' — expected json or jsonl").arg(format));
    if (!QFile::exists(session))
        return fail(commandName, QStringLiteral("%1: no such session file").arg(session));

    QString error;
    const QList<DeliveryRecord> deliveries = SessionStore::readAll(session, &error);
    if (!error.isEmpty())
        return fail(commandName, error);

    QFile file;
    if (output.isEmpty()) {
        file.open(stdout, QIODevice::WriteOnly);
    } else {
        file.setFileName(output);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return fail(commandName, QStringLiteral("%1: %2").arg(output, file.errorString()));
    }

    if (format == QLatin1String("jsonl")) {
        for (const DeliveryRecord &r : deliveries) {
            if (r.rejected)
                continue;
            QJsonObject line{{QStringLiteral("receivedAtMs"), double(r.receivedAtMs)},
                             {QStringLiteral("event"), bodyValue(r.requestBody)},
                             {QStringLiteral("reply"), bodyValue(r.replyBody)},
                             {QStringLiteral("replySource"), r.replySource}};
            if (r.replyLatencyMs >= 0)
                line.insert(QStringLiteral("replyLatencyMs"), r.replyLatencyMs);
            file.write(QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n');
        }
        return 0;
    }

    CallStore store;
    QJsonArray all;
    for (const DeliveryRecord &r : deliveries) {
        all << deliveryJson(r);
        if (r.rejected)
            continue;
        const Parsed<InvocationEvent> event = InvocationEvent::parse(r.requestBody);
        if (event.value)
            store.append(*event.value, r.receivedAtMs, r.replyLatencyMs >= 0 ? std::optional<int>(r.replyLatencyMs) : std::nullopt, r.id);
    }
    QJsonObject document = store.toJson();
    document.insert(QStringLiteral("deliveries"), all);
    file.write(QJsonDocument(document).toJson(QJsonDocument::Indented));
    return 0;
}

} // namespace callconsole::cli

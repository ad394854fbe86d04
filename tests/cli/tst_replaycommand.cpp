// `callconsole replay` through the real binary over loopback HTTP: into a real `callconsole
// serve --session` (order kept and stored, gaps kept at --speed, HMAC and bearer auth, the
// --transaction filter, the recorded replies compared with another rules file's), and into
// small servers of the test's own that answer an invalid list, an error, or never answer.
#include "CliRun.h"
#include "SessionStore.h"

#include "../endpoint/HttpTestClient.h"

#include <QJsonArray>
#include <QTcpServer>
#include <QTemporaryDir>

using namespace callconsole;

namespace {

const QString txA = QStringLiteral("7f5e2c3a-3b1e-4c1a-9c7e-2d6a0c1b9e11");
const QString txB = QStringLiteral("7f5e9999-aa10-4b8e-9f3b-5e6d7c8b9a00");

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(bytes);
    return path;
}

// Bare events, one per line, as a .jsonl file in dir.
QString bareLog(const QTemporaryDir &dir, const QString &name, const QList<QByteArray> &events)
{
    QByteArray lines;
    for (const QByteArray &event : events)
        lines += event + '\n';
    return writeFile(dir, name, lines);
}

// One line as `export --format jsonl` writes it.
QByteArray logLine(qint64 receivedAtMs, const QByteArray &event)
{
    const QJsonObject line{{QStringLiteral("receivedAtMs"), double(receivedAtMs)},
                           {QStringLiteral("event"), QJsonDocument::fromJson(event).object()}};
    return QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n';
}

// A normal outbound call: NEW_OUTBOUND_CALL, RINGING, CALL_ANSWERED, ACTION_SUCCESSFUL, HANGUP.
QList<QByteArray> outboundCall(const QString &transactionId)
{
    return {eventBody("new-outbound-call.json", transactionId, 1), eventBody("ringing.json", transactionId, 2),
            eventBody("call-answered.json", transactionId, 3), eventBody("action-successful.json", transactionId, 4),
            eventBody("hangup.json", transactionId, 5)};
}

// "TransactionId:Sequence" of every accepted delivery in the session, in the order stored.
QStringList stored(const QString &session)
{
    QString error;
    QStringList keys;
    for (const DeliveryRecord &d : SessionStore::readAll(session, &error)) {
        if (!d.rejected)
            keys << QStringLiteral("%1:%2").arg(d.transactionId).arg(d.sequence);
    }
    return error.isEmpty() ? keys : QStringList{error};
}

QStringList keys(const QString &transactionId, int count)
{
    QStringList out;
    for (int sequence = 1; sequence <= count; ++sequence)
        out << QStringLiteral("%1:%2").arg(transactionId).arg(sequence);
    return out;
}

QList<qint64> storedArrivals(const QString &session)
{
    QString error;
    QList<qint64> times;
    for (const DeliveryRecord &d : SessionStore::readAll(session, &error))
        times << d.receivedAtMs;
    return times;
}

// A real serve's session, recorded from live POSTs and exported as .jsonl: the log replay
// is made for, with each event's recorded reply.
QString recordedLog(const QTemporaryDir &dir, const QList<QByteArray> &events)
{
    const QString session = dir.filePath(QStringLiteral("recorded.ccsession"));
    QProcess serve;
    QUrl url = startServe(serve, {QStringLiteral("--session"), session});
    if (!url.isValid())
        return {};
    QNetworkAccessManager network;
    for (const QByteArray &event : events) {
        if (request(network, "POST", url, event).status != 200)
            return {};
    }
    if (!stopServe(serve))
        return {};
    const QString log = dir.filePath(QStringLiteral("recorded.jsonl"));
    const CliRun exported = CliRun::run({QStringLiteral("export"), session, QStringLiteral("--format"),
                                         QStringLiteral("jsonl"), QStringLiteral("--output"), log});
    return exported.exitCode == 0 ? log : QString();
}

QJsonObject parsedReport(const CliRun &run)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(run.out.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError)
        qWarning() << "not JSON:" << run.out << run.err;
    return document.object();
}

// A plain HTTP/1.1 server on loopback: answers every request with one fixed response, or
// accepts and never answers. Counts the requests it read.
class FixedReplyServer : public QObject
{
public:
    explicit FixedReplyServer(QByteArray response) : m_response(std::move(response))
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                socket->setParent(this);
                QObject::connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onData(socket); });
            }
        });
        m_server.listen(QHostAddress::LocalHost);
    }

    static QByteArray response(int status, const QByteArray &body)
    {
        return "HTTP/1.1 " + QByteArray::number(status) + " Whatever\r\nContent-Type: application/json\r\n"
               "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    }

    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1/sma").arg(m_server.serverPort())); }
    int requests() const { return m_requests; }

private:
    void onData(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        for (;;) {
            const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
            if (headEnd < 0)
                return;
            qsizetype length = 0;
            for (const QByteArray &line : buffer.left(headEnd).split('\n')) {
                if (line.toLower().startsWith("content-length:"))
                    length = line.mid(15).trimmed().toLongLong();
            }
            if (buffer.size() < headEnd + 4 + length)
                return;
            buffer.remove(0, headEnd + 4 + length);
            ++m_requests;
            if (!m_response.isEmpty())
                socket->write(m_response);
        }
    }

    QTcpServer m_server;
    QByteArray m_response; // empty: never answer
    QHash<QTcpSocket *, QByteArray> m_buffers;
    int m_requests = 0;
};

} // namespace

class TestReplayCommand : public QObject
{
    Q_OBJECT

private slots:
    void replaysAnExportedSessionInOrderIntoServe()
    {
        QTemporaryDir dir;
        const QString log = recordedLog(dir, outboundCall(txA));
        QVERIFY(!log.isEmpty());

        const QString session = dir.filePath(QStringLiteral("replayed.ccsession"));
        QProcess serve;
        const QUrl url = startServe(serve, {QStringLiteral("--session"), session});
        QVERIFY(url.isValid());
        const CliRun run = CliRun::run({QStringLiteral("replay"), log, QStringLiteral("--to"), url.toString()});
        QVERIFY(stopServe(serve));

        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        QCOMPARE(stored(session), keys(txA, 5));
        const QStringList lines = run.outLines();
        QCOMPARE(lines.size(), 6);
        QVERIFY2(lines.at(2).startsWith(QLatin1String("line 3  7f5e2c3a  seq 3  CALL_ANSWERED")), qPrintable(lines.at(2)));
        QVERIFY2(lines.at(2).contains(QLatin1String("  200  ")), qPrintable(lines.at(2)));
        QVERIFY2(lines.at(2).contains(QStringLiteral("→ Speak, Pause, Hangup  [same]")), qPrintable(lines.at(2)));
        QVERIFY2(lines.at(5).startsWith(QLatin1String("5 events replayed to ") + url.toString() + QLatin1String(": 5 ok, 0 failed;")),
                 qPrintable(lines.at(5)));
        QVERIFY2(lines.at(5).contains(QLatin1String("5 compared with the recorded reply: 5 same, 0 different")), qPrintable(lines.at(5)));

        // The same log from stdin.
        QProcess again;
        const QUrl second = startServe(again, {});
        QFile file(log);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const CliRun piped = CliRun::run({QStringLiteral("replay"), QStringLiteral("-"), QStringLiteral("--to"), second.toString()},
                                         file.readAll());
        QVERIFY(stopServe(again));
        QVERIFY2(piped.exitCode == 0, qPrintable(piped.out + piped.err));
        QVERIFY(piped.out.contains(QLatin1String("5 events replayed")));
    }

    void speedKeepsTheRecordedGaps()
    {
        QTemporaryDir dir;
        const qint64 t0 = 1700000000000;
        const QList<QByteArray> events = outboundCall(txA);
        const QString log = writeFile(dir, QStringLiteral("gaps.jsonl"),
                                      logLine(t0, events.at(0)) + logLine(t0 + 800, events.at(1)) + logLine(t0 + 1600, events.at(2)));

        for (const auto &[speed, gap] : {std::pair{QStringLiteral("1"), 800}, std::pair{QStringLiteral("2"), 400}}) {
            const QString session = dir.filePath(QStringLiteral("speed-%1.ccsession").arg(speed));
            QProcess serve;
            const QUrl url = startServe(serve, {QStringLiteral("--session"), session});
            QVERIFY(url.isValid());
            QElapsedTimer clock;
            clock.start();
            const CliRun run = CliRun::run({QStringLiteral("replay"), log, QStringLiteral("--to"), url.toString(),
                                            QStringLiteral("--speed"), speed});
            const qint64 elapsed = clock.elapsed();
            QVERIFY(stopServe(serve));
            QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
            // Lower bounds only: a loaded machine may be slower, never faster.
            QVERIFY2(elapsed >= 2 * gap, qPrintable(QString::number(elapsed)));
            const QList<qint64> arrivals = storedArrivals(session);
            QCOMPARE(arrivals.size(), 3);
            // Sends are gap ms apart; arrivals may shift by a little either way.
            QVERIFY2(arrivals.at(1) - arrivals.at(0) >= gap - 100, qPrintable(QString::number(arrivals.at(1) - arrivals.at(0))));
            QVERIFY2(arrivals.at(2) - arrivals.at(1) >= gap - 100, qPrintable(QString::number(arrivals.at(2) - arrivals.at(1))));
        }
    }

    void hmacSignedLikeTheRelay()
    {
        QTemporaryDir dir;
        const QString secret = writeFile(dir, QStringLiteral("secret"), "the-relay-secret\n");
        const QString wrong = writeFile(dir, QStringLiteral("wrong"), "not-the-secret\n");
        QList<QByteArray> events = outboundCall(txA);
        // The service's retry: the same body twice, back to back, signed in the same second.
        events.insert(2, events.at(1));
        const QString log = bareLog(dir, QStringLiteral("retry.jsonl"), events);

        const QString session = dir.filePath(QStringLiteral("signed.ccsession"));
        QProcess serve;
        const QUrl url = startServe(serve, {QStringLiteral("--session"), session, QStringLiteral("--hmac-secret-file"), secret});
        QVERIFY(url.isValid());
        const CliRun good = CliRun::run({QStringLiteral("replay"), log, QStringLiteral("--to"), url.toString(),
                                         QStringLiteral("--hmac-secret-file"), secret});
        const CliRun bad = CliRun::run({QStringLiteral("replay"), log, QStringLiteral("--to"), url.toString(),
                                        QStringLiteral("--hmac-secret-file"), wrong, QStringLiteral("--json")});
        const CliRun unsigned_ = CliRun::run({QStringLiteral("replay"), log, QStringLiteral("--to"), url.toString()});
        QVERIFY(stopServe(serve));

        QVERIFY2(good.exitCode == 0, qPrintable(good.out + good.err));
        QCOMPARE(stored(session).size(), 6);
        QCOMPARE(bad.exitCode, 1);
        const QJsonObject report = parsedReport(bad);
        const QJsonObject first = report.value(QStringLiteral("events")).toArray().at(0).toObject();
        QCOMPARE(first.value(QStringLiteral("status")).toInt(), 401);
        QCOMPARE(first.value(QStringLiteral("ok")).toBool(), false);
        QVERIFY2(first.value(QStringLiteral("error")).toString().contains(QLatin1String("bad signature")), qPrintable(bad.out));
        QCOMPARE(report.value(QStringLiteral("summary")).toObject().value(QStringLiteral("httpErrors")).toInt(), 6);
        QCOMPARE(unsigned_.exitCode, 1);
        QVERIFY2(unsigned_.out.contains(QLatin1String("HTTP 401: unauthorized: missing header: X-CallConsole-Signature")),
                 qPrintable(unsigned_.out));
        for (const CliRun *run : {&good, &bad}) {
            QVERIFY(!run->out.contains(QLatin1String("the-relay-secret")) && !run->err.contains(QLatin1String("the-relay-secret")));
            QVERIFY(!run->out.contains(QLatin1String("not-the-secret")) && !run->err.contains(QLatin1String("not-the-secret")));
        }
    }

    void bearerToken()
    {
        QTemporaryDir dir;
        const QString log = bareLog(dir, QStringLiteral("bare.jsonl"), outboundCall(txA));
        QProcess serve;
        const QUrl url = startServe(serve, {QStringLiteral("--token"), QStringLiteral("tok-123456")});
        QVERIFY(url.isValid());
        const CliRun good = CliRun::run({QStringLiteral("replay"), log, QStringLiteral("--to"), url.toString(),
                                         QStringLiteral("--token"), QStringLiteral("tok-123456")});
        const CliRun bad = CliRun::run({QStringLiteral("replay"), log, QStringLiteral("--to"), url.toString(),
                                        QStringLiteral("--token"), QStringLiteral("tok-wrong")});
        QVERIFY(stopServe(serve));
        QVERIFY2(good.exitCode == 0, qPrintable(good.out + good.err));
        // Bare events carry no recorded reply: nothing to compare.
        QVERIFY2(good.out.contains(QLatin1String("0 compared with the recorded reply")), qPrintable(good.out));
        QCOMPARE(bad.exitCode, 1);
        QVERIFY2(bad.out.contains(QLatin1String("HTTP 401: unauthorized: bad bearer token")), qPrintable(bad.out));
        QVERIFY(!good.out.contains(QLatin1String("tok-123456")) && !bad.out.contains(QLatin1String("tok-wrong")));
        QVERIFY(!good.err.contains(QLatin1String("tok-123456")) && !bad.err.contains(QLatin1String("tok-wrong")));
    }

    void httpsToAServeWithItsOwnCertificate()
    {
        const QString tls = QStringLiteral(CALLCONSOLE_TEST_DATA "/../endpoint/tls/");
        QTemporaryDir dir;
        const QString log = bareLog(dir, QStringLiteral("bare.jsonl"), outboundCall(txA));
        QProcess serve;
        const QUrl url = startServe(serve, {QStringLiteral("--tls-cert"), tls + QStringLiteral("localhost.crt"),
                                            QStringLiteral("--tls-key"), tls + QStringLiteral("localhost.key")});
        QVERIFY(url.isValid());
        QCOMPARE(url.scheme(), QStringLiteral("https"));
        const CliRun untrusted = CliRun::run({QStringLiteral("replay"), log, QStringLiteral("--to"), url.toString()});
        const CliRun trusted = CliRun::run({QStringLiteral("replay"), log, QStringLiteral("--to"), url.toString(),
                                            QStringLiteral("--cacert"), tls + QStringLiteral("localhost.crt")});
        const CliRun notACertificate = CliRun::run({QStringLiteral("replay"), log, QStringLiteral("--to"), url.toString(),
                                                    QStringLiteral("--cacert"), log});
        QVERIFY(stopServe(serve));
        QCOMPARE(untrusted.exitCode, 1);
        QVERIFY2(untrusted.out.contains(QLatin1String("TLS handshake with")) && untrusted.out.contains(QLatin1String("--cacert FILE")),
                 qPrintable(untrusted.out));
        QVERIFY2(trusted.exitCode == 0, qPrintable(trusted.out + trusted.err));
        QVERIFY2(trusted.out.contains(QLatin1String("5 events replayed")) && trusted.out.contains(QLatin1String("5 ok")),
                 qPrintable(trusted.out));
        QCOMPARE(notACertificate.exitCode, 2);
        QVERIFY2(notACertificate.err.contains(QLatin1String("no PEM certificate in the file")), qPrintable(notACertificate.err));
    }

    void transactionFilter()
    {
        QTemporaryDir dir;
        const QList<QByteArray> a = outboundCall(txA);
        const QList<QByteArray> b = outboundCall(txB);
        QByteArray lines;
        for (int i = 0; i < 5; ++i)
            lines += a.at(i) + '\n' + b.at(i) + '\n';
        const QString log = writeFile(dir, QStringLiteral("two.jsonl"), lines);

        const QString session = dir.filePath(QStringLiteral("only-b.ccsession"));
        QProcess serve;
        const QUrl url = startServe(serve, {QStringLiteral("--session"), session});
        QVERIFY(url.isValid());
        const CliRun onlyB = CliRun::run({QStringLiteral("replay"), log, QStringLiteral("--to"), url.toString(),
                                          QStringLiteral("--transaction"), txB});
        QVERIFY(stopServe(serve));
        QVERIFY2(onlyB.exitCode == 0, qPrintable(onlyB.out + onlyB.err));
        QCOMPARE(stored(session), keys(txB, 5));
        QVERIFY2(onlyB.outLines().first().startsWith(QLatin1String("line 2  7f5e9999  seq 1")), qPrintable(onlyB.out));

        // A comma list, and the start of an id as the lines print it.
        const QString both = dir.filePath(QStringLiteral("both.ccsession"));
        QProcess serve2;
        const QUrl url2 = startServe(serve2, {QStringLiteral("--session"), both});
        const CliRun listed = CliRun::run({QStringLiteral("replay"), log, QStringLiteral("--to"), url2.toString(),
                                           QStringLiteral("--transaction"), QStringLiteral("7f5e9999,7F5E2C3A")});
        QVERIFY(stopServe(serve2));
        QVERIFY2(listed.exitCode == 0, qPrintable(listed.out + listed.err));
        QCOMPARE(stored(both).size(), 10);

        const CliRun unknown = CliRun::run({QStringLiteral("replay"), log, QStringLiteral("--to"), QStringLiteral("http://127.0.0.1:9/"),
                                            QStringLiteral("--transaction"), QStringLiteral("nope")});
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY2(unknown.err.contains(QStringLiteral("--transaction: 'nope' — no event in the log has this TransactionId; it has: ")
                                      + txA + QLatin1String(", ") + txB), qPrintable(unknown.err));
        const CliRun ambiguous = CliRun::run({QStringLiteral("replay"), log, QStringLiteral("--to"), QStringLiteral("http://127.0.0.1:9/"),
                                              QStringLiteral("--transaction"), QStringLiteral("7f5e")});
        QCOMPARE(ambiguous.exitCode, 2);
        QVERIFY2(ambiguous.err.contains(QStringLiteral("--transaction: '7f5e' — starts 2 TransactionIds")), qPrintable(ambiguous.err));
    }

    void comparesWithTheRecordedReplies()
    {
        QTemporaryDir dir;
        const QString log = recordedLog(dir, outboundCall(txA));
        QVERIFY(!log.isEmpty());
        const QString hangUp = writeFile(dir, QStringLiteral("hang-up.json"), R"({"rules":[{"name":"hang up","event":"CALL_ANSWERED",
            "reply":{"SchemaVersion":"1.0","Actions":[{"Type":"Hangup","Parameters":{"SipResponseCode":"0"}}]}}]})");
        const QString reworded = writeFile(dir, QStringLiteral("reworded.json"), R"({"rules":[{"name":"reworded","event":"CALL_ANSWERED",
            "reply":{"SchemaVersion":"1.0","Actions":[
              {"Type":"Speak","Parameters":{"Text":"Goodbye","CallId":"{{CallDetails.Participants[0].CallId}}","Engine":"neural","VoiceId":"Joanna"}},
              {"Type":"Pause","Parameters":{"DurationInMilliseconds":1000,"CallId":"{{CallDetails.Participants[0].CallId}}"}},
              {"Type":"Hangup","Parameters":{"SipResponseCode":"0","CallId":"{{CallDetails.Participants[0].CallId}}"}}]}}]})");

        QProcess serve;
        const QUrl url = startServe(serve, {QStringLiteral("--rules"), hangUp});
        QVERIFY(url.isValid());
        const QStringList replay{QStringLiteral("replay"), log, QStringLiteral("--to"), url.toString()};
        const CliRun lenient = CliRun::run(replay);
        const CliRun strict = CliRun::run(replay + QStringList{QStringLiteral("--fail-on-diff")});
        const CliRun json = CliRun::run(replay + QStringList{QStringLiteral("--json"), QStringLiteral("--fail-on-diff")});
        QVERIFY(stopServe(serve));

        QVERIFY2(lenient.exitCode == 0, qPrintable(lenient.out + lenient.err));
        QVERIFY2(lenient.outLines().at(2).endsWith(QStringLiteral("→ Hangup  [differs: recorded Speak, Pause, Hangup → now Hangup]")),
                 qPrintable(lenient.out));
        QVERIFY2(lenient.outLines().at(1).endsWith(QLatin1String("[same]")), qPrintable(lenient.out));
        QVERIFY2(lenient.out.contains(QLatin1String("5 compared with the recorded reply: 4 same, 1 different")), qPrintable(lenient.out));
        QCOMPARE(strict.exitCode, 1);
        QVERIFY2(strict.out.contains(QLatin1String("4 ok, 1 failed")), qPrintable(strict.out));

        QCOMPARE(json.exitCode, 1);
        const QJsonObject report = parsedReport(json);
        QCOMPARE(report.value(QStringLiteral("to")).toString(), url.toString());
        const QJsonArray events = report.value(QStringLiteral("events")).toArray();
        QCOMPARE(events.size(), 5);
        const QJsonObject answered = events.at(2).toObject();
        for (const char *key : {"line", "transactionId", "sequence", "type", "status", "latencyMs", "reply", "recordedReply",
                                "same", "difference", "error", "issues", "ok"})
            QVERIFY2(answered.contains(QLatin1String(key)), key);
        QCOMPARE(answered.value(QStringLiteral("line")).toInt(), 3);
        QCOMPARE(answered.value(QStringLiteral("transactionId")).toString(), txA);
        QCOMPARE(answered.value(QStringLiteral("sequence")).toInt(), 3);
        QCOMPARE(answered.value(QStringLiteral("type")).toString(), QStringLiteral("CALL_ANSWERED"));
        QCOMPARE(answered.value(QStringLiteral("status")).toInt(), 200);
        QCOMPARE(answered.value(QStringLiteral("same")), QJsonValue(false));
        QCOMPARE(answered.value(QStringLiteral("ok")), QJsonValue(false));
        QCOMPARE(answered.value(QStringLiteral("reply")).toObject().value(QStringLiteral("Actions")).toArray().size(), 1);
        QCOMPARE(answered.value(QStringLiteral("recordedReply")).toObject().value(QStringLiteral("Actions")).toArray().size(), 3);
        QCOMPARE(answered.value(QStringLiteral("difference")).toObject().value(QStringLiteral("summary")).toString(),
                 QStringLiteral("recorded Speak, Pause, Hangup → now Hangup"));
        QCOMPARE(answered.value(QStringLiteral("error")), QJsonValue(QJsonValue::Null));
        QCOMPARE(events.at(0).toObject().value(QStringLiteral("same")), QJsonValue(true));
        const QJsonObject summary = report.value(QStringLiteral("summary")).toObject();
        QCOMPARE(summary.value(QStringLiteral("events")).toInt(), 5);
        QCOMPARE(summary.value(QStringLiteral("ok")).toInt(), 4);
        QCOMPARE(summary.value(QStringLiteral("failed")).toInt(), 1);
        QCOMPARE(summary.value(QStringLiteral("same")).toInt(), 4);
        QCOMPARE(summary.value(QStringLiteral("different")).toInt(), 1);
        QCOMPARE(summary.value(QStringLiteral("rejectedLines")).toInt(), 0);

        // The same action types with other words: the first differing value is named.
        QProcess serve2;
        const QUrl url2 = startServe(serve2, {QStringLiteral("--rules"), reworded});
        const CliRun words = CliRun::run({QStringLiteral("replay"), log, QStringLiteral("--to"), url2.toString()});
        QVERIFY(stopServe(serve2));
        QVERIFY2(words.out.contains(QLatin1String("[differs: Actions[0].Parameters.Text: 'Hello from Call Console.")),
                 qPrintable(words.out));
        QVERIFY2(words.out.contains(QStringLiteral("→ 'Goodbye']")), qPrintable(words.out));
    }

    void invalidRepliesAndErrorStatuses()
    {
        QTemporaryDir dir;
        const QString log = writeFile(dir, QStringLiteral("one.jsonl"), eventBody("call-answered.json", txA, 3) + '\n');

        FixedReplyServer invalid(FixedReplyServer::response(
            200, R"({"SchemaVersion":"1.0","Actions":[{"Type":"Speek","Parameters":{"Text":"hi"}}]})"));
        const CliRun run = CliRun::runServing({QStringLiteral("replay"), log, QStringLiteral("--to"), invalid.url().toString()});
        QCOMPARE(run.exitCode, 1);
        QCOMPARE(invalid.requests(), 1);
        QVERIFY2(run.out.contains(QLatin1String("  200  ")) && run.out.contains(QStringLiteral("→ invalid reply")), qPrintable(run.out));
        QVERIFY2(run.out.contains(QStringLiteral("    error: Actions[0].Type: 'Speek' — is not an action type")), qPrintable(run.out));
        QVERIFY2(run.out.contains(QLatin1String("(did you mean Speak?) [InvalidLambdaResponse]")), qPrintable(run.out));
        QVERIFY2(run.out.contains(QLatin1String("1 invalid reply")), qPrintable(run.out));

        FixedReplyServer broken(FixedReplyServer::response(500, R"({"message":"Internal server error"})"));
        const CliRun failed = CliRun::runServing({QStringLiteral("replay"), log, QStringLiteral("--to"), broken.url().toString(),
                                                  QStringLiteral("--json")});
        QCOMPARE(failed.exitCode, 1);
        const QJsonObject event = parsedReport(failed).value(QStringLiteral("events")).toArray().at(0).toObject();
        QCOMPARE(event.value(QStringLiteral("status")).toInt(), 500);
        QCOMPARE(event.value(QStringLiteral("error")).toString(), QStringLiteral("HTTP 500: Internal server error"));

        // What `sam local start-lambda` (the Lambda Invoke API) answers when the handler throws.
        const QByteArray thrown = R"json({"errorType":"TypeError","errorMessage":"Cannot read properties of undefined",)json"
                                  R"json("stackTrace":["TypeError: Cannot read properties of undefined","    at handler (/var/task/index.js:7:31)"]})json";
        FixedReplyServer lambda("HTTP/1.1 200 OK\r\nX-Amz-Function-Error: Unhandled\r\nContent-Type: application/json\r\n"
                                "Content-Length: " + QByteArray::number(thrown.size()) + "\r\n\r\n" + thrown);
        const CliRun threw = CliRun::runServing({QStringLiteral("replay"), log, QStringLiteral("--to"), lambda.url().toString()});
        QCOMPARE(threw.exitCode, 1);
        QVERIFY2(threw.out.contains(QLatin1String("function error (Unhandled): TypeError: Cannot read properties of undefined\n")),
                 qPrintable(threw.out));
        QVERIFY2(threw.out.contains(QLatin1String("\n    at handler (/var/task/index.js:7:31)\n")), qPrintable(threw.out));
        QVERIFY2(!threw.out.contains(QLatin1String("invalid reply")), qPrintable(threw.out));
    }

    void timeoutWhenTheHandlerNeverAnswers()
    {
        QTemporaryDir dir;
        const QString log = writeFile(dir, QStringLiteral("two.jsonl"),
                                      eventBody("ringing.json", txA, 2) + '\n' + eventBody("call-answered.json", txA, 3) + '\n');
        FixedReplyServer silent({});
        const CliRun run = CliRun::runServing({QStringLiteral("replay"), log, QStringLiteral("--to"), silent.url().toString(),
                                               QStringLiteral("--timeout-ms"), QStringLiteral("300"), QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 1);
        // Each event waited for its reply in turn: both reached the server.
        QCOMPARE(silent.requests(), 2);
        const QJsonObject report = parsedReport(run);
        const QJsonObject first = report.value(QStringLiteral("events")).toArray().at(0).toObject();
        QCOMPARE(first.value(QStringLiteral("status")).toInt(), 0);
        QCOMPARE(first.value(QStringLiteral("reply")), QJsonValue(QJsonValue::Null));
        QCOMPARE(first.value(QStringLiteral("error")).toString(), QStringLiteral("timeout: no reply within 300 ms"));
        QVERIFY(first.value(QStringLiteral("latencyMs")).toInt() >= 300);
        QCOMPARE(report.value(QStringLiteral("summary")).toObject().value(QStringLiteral("timeouts")).toInt(), 2);

        const CliRun text = CliRun::runServing({QStringLiteral("replay"), log, QStringLiteral("--to"), silent.url().toString(),
                                                QStringLiteral("--timeout-ms"), QStringLiteral("200")});
        QVERIFY2(text.out.contains(QLatin1String("seq 2  RINGING                  ---  ")), qPrintable(text.out));
        QVERIFY2(text.out.contains(QLatin1String("2 events replayed to ") + silent.url().toString() + QLatin1String(": 0 ok, 2 failed (2 timeouts)")),
                 qPrintable(text.out));
    }

    void connectionRefusedAndUnknownHostNameTheUrl()
    {
        QTemporaryDir dir;
        const QString log = writeFile(dir, QStringLiteral("one.jsonl"), eventBody("ringing.json", txA, 2) + '\n');
        quint16 port = 0;
        {
            QTcpServer closed;
            QVERIFY(closed.listen(QHostAddress::LocalHost));
            port = closed.serverPort();
        }
        const QString url = QStringLiteral("http://127.0.0.1:%1/events").arg(port);
        const CliRun run = CliRun::run({QStringLiteral("replay"), log, QStringLiteral("--to"), url});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.out.contains(QStringLiteral("connection refused: nothing listens at 127.0.0.1:%1 (%2)").arg(port).arg(url)),
                 qPrintable(run.out));
        QVERIFY2(run.out.contains(QLatin1String("1 without a response")), qPrintable(run.out));

        // .invalid never resolves (RFC 6761).
        const CliRun dns = CliRun::run({QStringLiteral("replay"), log, QStringLiteral("--to"), QStringLiteral("http://replay-test.invalid/sma"),
                                        QStringLiteral("--timeout-ms"), QStringLiteral("60000")});
        QCOMPARE(dns.exitCode, 1);
        QVERIFY2(dns.out.contains(QLatin1String("host not found: 'replay-test.invalid' does not resolve (http://replay-test.invalid/sma)")),
                 qPrintable(dns.out));
    }

    void malformedLinesAreSkippedAndCounted()
    {
        QTemporaryDir dir;
        const QString log = writeFile(dir, QStringLiteral("bad.jsonl"),
                                      eventBody("ringing.json", txA, 2) + "\n{\"SchemaVersion\":\"1.0\",\"Sequence\":\n\n"
                                          + eventBody("call-answered.json", txA, 3) + '\n');
        QProcess serve;
        const QUrl url = startServe(serve, {});
        QVERIFY(url.isValid());
        const CliRun run = CliRun::run({QStringLiteral("replay"), log, QStringLiteral("--to"), url.toString()});
        const CliRun json = CliRun::run({QStringLiteral("replay"), log, QStringLiteral("--to"), url.toString(), QStringLiteral("--json")});
        QVERIFY(stopServe(serve));
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(log + QLatin1String(":2: ")), qPrintable(run.err));
        QVERIFY2(run.out.contains(QLatin1String("line 4  7f5e2c3a  seq 3  CALL_ANSWERED")), qPrintable(run.out));
        QVERIFY2(run.out.contains(QLatin1String("2 events replayed to ") + url.toString() + QLatin1String(": 2 ok, 0 failed;")),
                 qPrintable(run.out));
        QVERIFY2(run.out.contains(QLatin1String("1 rejected line")), qPrintable(run.out));
        QCOMPARE(json.exitCode, 1);
        QCOMPARE(parsedReport(json).value(QStringLiteral("summary")).toObject().value(QStringLiteral("rejectedLines")).toInt(), 1);
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        const QString log = QStringLiteral(CALLCONSOLE_TEST_DATA "/analyze/retry-and-busy.jsonl");
        const QString to = QStringLiteral("http://127.0.0.1:9/");
        QTest::newRow("no file") << QStringList{QStringLiteral("--to"), to} << QStringLiteral("no FILE.jsonl given");
        QTest::newRow("no --to") << QStringList{log} << QStringLiteral("no --to URL given");
        QTest::newRow("not a URL") << QStringList{log, QStringLiteral("--to"), QStringLiteral("localhost:3000")}
                                   << QStringLiteral("--to: 'localhost:3000' — expected an http:// or https:// URL");
        QTest::newRow("ftp") << QStringList{log, QStringLiteral("--to"), QStringLiteral("ftp://127.0.0.1/")}
                             << QStringLiteral("--to: 'ftp://127.0.0.1/'");
        QTest::newRow("speed") << QStringList{log, QStringLiteral("--to"), to, QStringLiteral("--speed"), QStringLiteral("-1")}
                               << QStringLiteral("--speed: '-1' — expected 0 (back to back) or a number from 0.01 to 1000");
        QTest::newRow("timeout") << QStringList{log, QStringLiteral("--to"), to, QStringLiteral("--timeout-ms"), QStringLiteral("0")}
                                 << QStringLiteral("--timeout-ms: '0' — expected a whole number from 1 to 600000");
        QTest::newRow("missing value") << QStringList{log, QStringLiteral("--to")} << QStringLiteral("--to: missing value");
        QTest::newRow("--to= not a URL") << QStringList{log, QStringLiteral("--to=localhost:3000")}
                                         << QStringLiteral("--to: 'localhost:3000' — expected an http:// or https:// URL");
        QTest::newRow("unknown option") << QStringList{log, QStringLiteral("--to"), to, QStringLiteral("--sped"), QStringLiteral("1")}
                                        << QStringLiteral("unknown option --sped");
        QTest::newRow("unreadable file") << QStringList{QStringLiteral("/nonexistent/events.jsonl"), QStringLiteral("--to"), to}
                                         << QStringLiteral("/nonexistent/events.jsonl: ");
        QTest::newRow("unreadable certificate") << QStringList{log, QStringLiteral("--to"), to, QStringLiteral("--cacert"),
                                                               QStringLiteral("/nonexistent/ca.pem")}
                                                << QStringLiteral("--cacert /nonexistent/ca.pem: cannot read the file");
        QTest::newRow("secret file") << QStringList{log, QStringLiteral("--to"), to, QStringLiteral("--hmac-secret-file"),
                                                    QStringLiteral("/nonexistent/secret")}
                                     << QStringLiteral("--hmac-secret-file /nonexistent/secret: ");
    }
    void usageErrors()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const CliRun run = CliRun::run(QStringList{QStringLiteral("replay")} + arguments);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.startsWith(QLatin1String("callconsole replay: ")), qPrintable(run.err));
        QVERIFY2(run.err.contains(message), qPrintable(run.err));
        QVERIFY(run.out.isEmpty());
    }

    void helpDocumentsEveryOption()
    {
        const CliRun run = CliRun::run({QStringLiteral("replay"), QStringLiteral("--help")});
        QCOMPARE(run.exitCode, 0);
        for (const char *option : {"--to", "--speed", "--transaction", "--timeout-ms", "--token", "--cacert", "--hmac-secret-file",
                                   "--fail-on-diff", "--json", "Exit status"})
            QVERIFY2(run.out.contains(QLatin1String(option)), option);
        QVERIFY(CliRun::run({QStringLiteral("--help")}).out.contains(QLatin1String("  replay ")));
    }
};

QTEST_GUILESS_MAIN(TestReplayCommand)
#include "tst_replaycommand.moc"

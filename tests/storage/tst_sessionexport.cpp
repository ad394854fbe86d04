// Session exports from a real session file: JSON with the analysis and every delivery, JSONL
// with accepted events only, and `callconsole export` writing exactly the same bytes.
#include "SampleDelivery.h"
#include "SessionExport.h"
#include "SessionStore.h"

#include <QBuffer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace callconsole;

namespace {

QByteArray eventFile(const QString &name)
{
    QFile file(QStringLiteral(CALLCONSOLE_TEST_DATA "/events/") + name);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

DeliveryRecord accepted(const QString &file, qint64 at)
{
    DeliveryRecord r;
    r.receivedAtMs = at;
    r.remoteAddress = QStringLiteral("127.0.0.1");
    r.method = QStringLiteral("POST");
    r.path = QStringLiteral("/events");
    r.requestHeaders = {{"content-type", "application/json"}, {"authorization", "[redacted]"}};
    r.requestBody = eventFile(file);
    r.statusCode = 200;
    r.replyBody = "{\"SchemaVersion\":\"1.0\",\"Actions\":[]}";
    r.replySource = QStringLiteral("default");
    r.replyLatencyMs = 7;
    const QJsonObject event = QJsonDocument::fromJson(r.requestBody).object();
    r.transactionId = event.value(QStringLiteral("CallDetails")).toObject().value(QStringLiteral("TransactionId")).toString();
    r.sequence = event.value(QStringLiteral("Sequence")).toInt();
    r.eventType = event.value(QStringLiteral("InvocationEventType")).toString();
    return r;
}

} // namespace

class TestSessionExport : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void formatNames();
    void jsonLinesHoldAcceptedEventsOnly();
    void jsonHoldsAnalysisAndEveryDelivery();
    void exportCommandWritesTheSameBytes_data();
    void exportCommandWritesTheSameBytes();
    void errorsNameTheFile();

private:
    QTemporaryDir m_dir;
    QString m_session;
};

void TestSessionExport::initTestCase()
{
    m_session = m_dir.filePath(QStringLiteral("calls.ccsession"));
    QString error;
    auto store = SessionStore::open(m_session, &error);
    QVERIFY2(store, qPrintable(error));
    const QStringList files{QStringLiteral("new-outbound-call.json"), QStringLiteral("ringing.json"),
                            QStringLiteral("call-answered.json"), QStringLiteral("hangup.json")};
    for (int i = 0; i < files.size(); ++i) {
        const DeliveryRecord record = accepted(files.at(i), 1700000000000 + i * 1000);
        QVERIFY(!record.requestBody.isEmpty());
        store->write(record);
    }
    store->write(rejectedDelivery(1700000009000));
    store->flush();
}

void TestSessionExport::formatNames()
{
    QCOMPARE(sessionExportFormat(QStringLiteral("json")), SessionExportFormat::Json);
    QCOMPARE(sessionExportFormat(QStringLiteral("jsonl")), SessionExportFormat::JsonLines);
    QVERIFY(!sessionExportFormat(QStringLiteral("csv")));
}

void TestSessionExport::jsonLinesHoldAcceptedEventsOnly()
{
    QString error;
    const QList<DeliveryRecord> deliveries = SessionStore::readAll(m_session, &error);
    QBuffer out;
    out.open(QIODevice::WriteOnly);
    writeSessionExport(deliveries, SessionExportFormat::JsonLines, out);
    const QList<QByteArray> lines = out.data().trimmed().split('\n');
    QCOMPARE(lines.size(), 4);
    const QJsonObject third = QJsonDocument::fromJson(lines.at(2)).object();
    QCOMPARE(third.value(QStringLiteral("event")).toObject().value(QStringLiteral("InvocationEventType")).toString(),
             QStringLiteral("CALL_ANSWERED"));
    QCOMPARE(third.value(QStringLiteral("replySource")).toString(), QStringLiteral("default"));
    QCOMPARE(third.value(QStringLiteral("replyLatencyMs")).toInt(), 7);
    QCOMPARE(third.value(QStringLiteral("receivedAtMs")).toDouble(), 1700000002000.0);
}

void TestSessionExport::jsonHoldsAnalysisAndEveryDelivery()
{
    QString error;
    const QList<DeliveryRecord> deliveries = SessionStore::readAll(m_session, &error);
    QBuffer out;
    out.open(QIODevice::WriteOnly);
    writeSessionExport(deliveries, SessionExportFormat::Json, out);
    const QJsonObject document = QJsonDocument::fromJson(out.data()).object();
    const QJsonArray transactions = document.value(QStringLiteral("transactions")).toArray();
    QCOMPARE(transactions.size(), 1);
    QCOMPARE(transactions.first().toObject().value(QStringLiteral("transactionId")).toString(),
             QStringLiteral("7f5e2c3a-3b1e-4c1a-9c7e-2d6a0c1b9e11"));
    const QJsonArray all = document.value(QStringLiteral("deliveries")).toArray();
    QCOMPARE(all.size(), 5);
    const QJsonObject last = all.last().toObject();
    QVERIFY(last.value(QStringLiteral("rejected")).toBool());
    QCOMPARE(last.value(QStringLiteral("body")).toString(), QStringLiteral("{not json")); // kept as text
    QCOMPARE(last.value(QStringLiteral("rejectDetails")).toArray().first().toString(),
             QStringLiteral("body: invalid JSON at offset 1"));
    QCOMPARE(all.first().toObject().value(QStringLiteral("headers")).toArray().at(1).toArray().at(1).toString(),
             QStringLiteral("[redacted]"));
}

void TestSessionExport::exportCommandWritesTheSameBytes_data()
{
    QTest::addColumn<QString>("format");
    QTest::newRow("json") << QStringLiteral("json");
    QTest::newRow("jsonl") << QStringLiteral("jsonl");
}

void TestSessionExport::exportCommandWritesTheSameBytes()
{
    QFETCH(QString, format);
    const QString ours = m_dir.filePath(QStringLiteral("ours.") + format);
    const QString theirs = m_dir.filePath(QStringLiteral("cli.") + format);
    QCOMPARE(exportSessionFile(m_session, ours, *sessionExportFormat(format)), QString());
    QProcess cli;
    cli.start(QStringLiteral(CALLCONSOLE_BINARY), {QStringLiteral("export"), m_session, QStringLiteral("--format"), format,
                                                   QStringLiteral("--output"), theirs});
    QVERIFY(cli.waitForFinished(60000));
    QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
    QFile a(ours);
    QFile b(theirs);
    QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
    const QByteArray expected = a.readAll();
    QVERIFY(!expected.isEmpty());
    QCOMPARE(b.readAll(), expected);

    // To stdout as well (the command's default).
    cli.start(QStringLiteral(CALLCONSOLE_BINARY), {QStringLiteral("export"), m_session, QStringLiteral("--format"), format});
    QVERIFY(cli.waitForFinished(60000));
    QCOMPARE(cli.readAllStandardOutput(), expected);
}

void TestSessionExport::errorsNameTheFile()
{
    const QString missing = m_dir.filePath(QStringLiteral("missing.ccsession"));
    QVERIFY(exportSessionFile(missing, m_dir.filePath(QStringLiteral("x.json")), SessionExportFormat::Json)
                .contains(QLatin1String("no such session file")));
    QVERIFY(!QFile::exists(missing)); // reading never creates a session where there was none
    const QString unwritable = m_dir.filePath(QStringLiteral("no/such/folder/x.json"));
    const QString error = exportSessionFile(m_session, unwritable, SessionExportFormat::Json);
    QVERIFY2(error.contains(unwritable), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestSessionExport)
#include "tst_sessionexport.moc"

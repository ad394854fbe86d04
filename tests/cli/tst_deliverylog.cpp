// DeliveryLog: the line `serve` prints per delivery, with its cached time prefix and per-rule
// summaries checked against what a fresh formatting and a fresh parse would print.
#include "DeliveryLog.h"

#include <QDateTime>
#include <QTest>

using namespace callconsole;
using namespace callconsole::cli;

class TestDeliveryLog : public QObject
{
    Q_OBJECT

private slots:
    void utcTimeMatchesQDateTime_data()
    {
        QTest::addColumn<qint64>("ms");
        QTest::newRow("epoch") << qint64(0);
        QTest::newRow("millis") << qint64(1795412162032);
        QTest::newRow("zero millis") << qint64(1795412162000);
        QTest::newRow("999 millis") << qint64(1795412162999);
        QTest::newRow("before 1970") << qint64(-1);
    }
    void utcTimeMatchesQDateTime()
    {
        QFETCH(qint64, ms);
        QString text;
        QTextStream stream(&text);
        DeliveryLog log(stream);
        const QString expected = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
        QCOMPARE(log.utcTime(ms), expected);
        // Cached prefix: the same second again, then the next one.
        QCOMPARE(log.utcTime(ms), expected);
        QCOMPARE(log.utcTime(ms + 1000), QDateTime::fromMSecsSinceEpoch(ms + 1000, Qt::UTC).toString(Qt::ISODateWithMs));
    }

    void actionSummary_data()
    {
        QTest::addColumn<QByteArray>("reply");
        QTest::addColumn<QString>("summary");
        QTest::newRow("actions") << QByteArray(R"({"SchemaVersion":"1.0","Actions":[{"Type":"Speak"},{"Type":"Hangup"}]})")
                                 << QStringLiteral("Speak, Hangup");
        QTest::newRow("empty") << QByteArray(R"({"SchemaVersion":"1.0","Actions":[]})") << QStringLiteral("[]");
        QTest::newRow("garbage") << QByteArray("<html>") << QStringLiteral("not an action list");
        QTest::newRow("no Actions") << QByteArray(R"({"SchemaVersion":"1.0"})") << QStringLiteral("not an action list");
    }
    void actionSummary()
    {
        QFETCH(QByteArray, reply);
        QFETCH(QString, summary);
        QCOMPARE(DeliveryLog::actionSummary(reply), summary);
    }

    void linesPerSource()
    {
        QString text;
        QTextStream stream(&text);
        DeliveryLog log(stream);
        DeliveryRecord record;
        record.receivedAtMs = 1795412162032;
        record.transactionId = QStringLiteral("tx-1");
        record.sequence = 3;
        record.eventType = QStringLiteral("CALL_ANSWERED");
        record.replySource = QStringLiteral("default");
        record.replyLatencyMs = 2;
        record.replyBody = R"({"SchemaVersion":"1.0","Actions":[{"Type":"Speak","Parameters":{"CallId":"a"}},{"Type":"Hangup"}]})";
        log.write(record);
        record.replyBody = R"({"SchemaVersion":"1.0","Actions":[{"Type":"Speak","Parameters":{"CallId":"b"}},{"Type":"Hangup"}]})";
        log.write(record);
        // Another event type under the same source has its own summary.
        record.eventType = QStringLiteral("RINGING");
        record.replyBody = R"({"SchemaVersion":"1.0","Actions":[]})";
        log.write(record);
        // A forwarded reply is read every time: the handler may answer differently each time.
        record.replySource = QStringLiteral("forward");
        record.replyBody = R"({"SchemaVersion":"1.0","Actions":[{"Type":"Pause"}]})";
        log.write(record);
        record.replyBody = R"({"SchemaVersion":"1.0","Actions":[{"Type":"PlayAudio"}]})";
        log.write(record);
        record.rejected = true;
        record.statusCode = 400;
        record.remoteAddress = QStringLiteral("127.0.0.1");
        record.rejectReason = QStringLiteral("invalid invocation event");
        log.write(record);
        stream.flush();
        const QStringList lines = text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 6);
        QCOMPARE(lines.at(0), QStringLiteral("2026-11-23T05:36:02.032Z  tx-1  seq 3  CALL_ANSWERED  → Speak, Hangup  (default, 2 ms)"));
        QCOMPARE(lines.at(1), lines.at(0));
        QVERIFY2(lines.at(2).endsWith(QStringLiteral("RINGING  → []  (default, 2 ms)")), qPrintable(lines.at(2)));
        QVERIFY2(lines.at(3).contains(QStringLiteral("→ Pause  (forward")), qPrintable(lines.at(3)));
        QVERIFY2(lines.at(4).contains(QStringLiteral("→ PlayAudio  (forward")), qPrintable(lines.at(4)));
        QCOMPARE(lines.at(5), QStringLiteral("2026-11-23T05:36:02.032Z  rejected 400 from 127.0.0.1: invalid invocation event"));
    }
};

QTEST_GUILESS_MAIN(TestDeliveryLog)
#include "tst_deliverylog.moc"

// The log sources read into records: each shape recognised from its start, records cut where
// the source cuts them (a pretty-printed event stays one record), lines and timestamps kept.
#include "LogFormats.h"

#include <QFile>
#include <QTest>

using namespace callconsole::logs;

namespace {

QByteArray fixture(const QString &name)
{
    QFile file(QStringLiteral(CALLCONSOLE_TEST_DATA "/logs/") + name);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestLogFormats : public QObject
{
    Q_OBJECT

private slots:
    void detectsEachShape_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<LogFormat>("format");
        QTest::newRow("node text") << "late-retry.lambda.log" << LogFormat::LambdaLog;
        QTest::newRow("python text") << "python-with-malformed.lambda.log" << LogFormat::LambdaLog;
        QTest::newRow("json log format") << "json-format.lambda.log" << LogFormat::LambdaLog;
        QTest::newRow("filter-log-events") << "late-retry.filter-log-events.json" << LogFormat::FilterLogEvents;
        QTest::newRow("get-log-events") << "stream-a.get-log-events.json" << LogFormat::FilterLogEvents;
        QTest::newRow("insights markdown") << "late-retry.insights.md" << LogFormat::ConsoleExport;
        QTest::newRow("console csv") << "late-retry.console.csv" << LogFormat::ConsoleExport;
    }

    void detectsEachShape()
    {
        QFETCH(QString, file);
        QFETCH(LogFormat, format);
        const QByteArray bytes = fixture(file);
        QVERIFY(!bytes.isEmpty());
        QCOMPARE(toString(detectLogFormat(bytes)), toString(format));
    }

    void lambdaTextKeepsAPrettyPrintedEventInOneRecord()
    {
        const LogReadResult read = readLogRecords(fixture(QStringLiteral("late-retry.lambda.log")), LogFormat::Auto, QStringLiteral("a.log"));
        QVERIFY(read.error.isEmpty());
        // 2 INIT_START + 6 × (START, event, reply, END, REPORT) + 1 WARN
        QCOMPARE(read.records.size(), 33);
        const auto pretty = std::find_if(read.records.cbegin(), read.records.cend(), [](const LogRecord &r) {
            return r.message.contains(QLatin1String("\"CALL_ANSWERED\"")) && r.message.contains(QLatin1Char('\n'));
        });
        QVERIFY(pretty != read.records.cend());
        QVERIFY(pretty->message.endsWith(QLatin1Char('}')));
        QCOMPARE(pretty->line, 13);
        QCOMPARE(pretty->where(), QStringLiteral("a.log:13"));
    }

    void filterLogEventsKeepTimestampStreamAndLine()
    {
        const LogReadResult read = readLogRecords(fixture(QStringLiteral("late-retry.filter-log-events.json")),
                                                  LogFormat::FilterLogEvents, QStringLiteral("f.json"));
        QVERIFY(read.error.isEmpty());
        QCOMPARE(read.records.size(), 33);
        const LogRecord &first = read.records.first();
        QCOMPARE(first.timestampMs, std::optional<qint64>(1668005563858));
        QVERIFY(first.logStream.endsWith(QLatin1String("4f1c2b3a9d8e7f6a5b4c3d2e1f0a9b8c")));
        QCOMPARE(first.entry, QStringLiteral("events[0]"));
        // json.dump(indent=4): "events": [ { "logStreamName", "timestamp", "message" … } ], 7 lines per event.
        QCOMPARE(first.line, 6);
        QCOMPARE(read.records.at(3).line, 6 + 3 * 7);
        QCOMPARE(read.records.at(3).where(), QStringLiteral("f.json:27 (events[3])"));
    }

    void filterLogEventsRefusesOtherJson()
    {
        const LogReadResult read = readLogRecords(R"({"logGroups": []})", LogFormat::FilterLogEvents, QStringLiteral("x"));
        QVERIFY(read.error.contains(QLatin1String("\"events\" array")));
        const LogReadResult text = readLogRecords("START RequestId: 1\n", LogFormat::FilterLogEvents, QStringLiteral("x"));
        QVERIFY(text.error.startsWith(QLatin1String("not JSON")));
    }

    void consoleExportsReadBackInLoggedOrder_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("insights markdown (newest first)") << "late-retry.insights.md";
        QTest::newRow("csv with quoted multi-line messages") << "late-retry.console.csv";
    }

    void consoleExportsReadBackInLoggedOrder()
    {
        QFETCH(QString, file);
        const LogReadResult read = readLogRecords(fixture(file), LogFormat::ConsoleExport, file);
        QVERIFY2(read.error.isEmpty(), qPrintable(read.error));
        QCOMPARE(read.records.size(), 33);
        QVERIFY(read.records.first().message.startsWith(QLatin1String("INIT_START")));
        QVERIFY(read.records.last().message.startsWith(QLatin1String("REPORT RequestId: 0a1b2c3d-0006")));
        for (qsizetype i = 1; i < read.records.size(); ++i)
            QVERIFY(*read.records.at(i - 1).timestampMs <= *read.records.at(i).timestampMs);
    }

    void csvRowsCountTheirLines()
    {
        const QByteArray csv = "@timestamp,@logStream,@message\n"
                               "2022-11-09 14:52:44.158,s1,\"first, with a comma\nand a second line\"\n"
                               "2022-11-09 14:52:45.000,s2,\"say \"\"hi\"\"\"\n";
        const LogReadResult read = readLogRecords(csv, LogFormat::Auto, QStringLiteral("c.csv"));
        QVERIFY(read.format == LogFormat::ConsoleExport);
        QCOMPARE(read.records.size(), 2);
        QCOMPARE(read.records.at(0).message, QStringLiteral("first, with a comma\nand a second line"));
        QCOMPARE(read.records.at(0).line, 2);
        QCOMPARE(read.records.at(0).logStream, QStringLiteral("s1"));
        QCOMPARE(read.records.at(1).line, 4);
        QCOMPARE(read.records.at(1).message, QStringLiteral("say \"hi\""));
        QCOMPARE(read.records.at(1).timestampMs, std::optional<qint64>(1668005565000));
    }

    void markdownWithoutMessageColumnIsRefused()
    {
        const LogReadResult read = readLogRecords("| @timestamp | @logStream |\n|---|---|\n| 1 | s |\n", LogFormat::Auto, QStringLiteral("m.md"));
        QVERIFY(read.error.contains(QLatin1String("no message column")));
    }

    void timestamps_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("expected"); // -1: not a timestamp
        QTest::newRow("iso Z") << "2022-11-09T14:52:44.158Z" << qint64(1668005564158);
        QTest::newRow("insights") << "2022-11-09 14:52:44.158" << qint64(1668005564158);
        QTest::newRow("tail micros and offset") << "2022-11-09T14:52:44.158000+00:00" << qint64(1668005564158);
        QTest::newRow("offset +01:00") << "2022-11-09T15:52:44.158+01:00" << qint64(1668005564158);
        QTest::newRow("no fraction") << "2022-11-09T14:52:44Z" << qint64(1668005564000);
        QTest::newRow("epoch ms") << "1668005564158" << qint64(1668005564158);
        QTest::newRow("epoch s") << "1668005564" << qint64(1668005564000);
        QTest::newRow("words") << "yesterday" << qint64(-1);
        QTest::newRow("bad month") << "2022-13-09T14:52:44Z" << qint64(-1);
    }

    void timestamps()
    {
        QFETCH(QString, text);
        QFETCH(qint64, expected);
        QCOMPARE(parseLogTimestamp(text).value_or(-1), expected);
    }
};

QTEST_GUILESS_MAIN(TestLogFormats)
#include "tst_logformats.moc"

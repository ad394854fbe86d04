// `callconsole import` through the real binary: each log shape imports the call whose handler
// ran past 5 s with its duplicate and late_reply, into a real session file that `export` and
// `analyze` then read like a recorded one; malformed events are named by file and line.
#include "CliRun.h"
#include "SessionStore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

namespace {

QString fixture(const char *name)
{
    return QStringLiteral(CALLCONSOLE_TEST_DATA "/logs/") + QLatin1String(name);
}

QStringList anomalyKinds(const QJsonObject &document)
{
    QStringList kinds;
    for (const auto &transaction : document.value(QStringLiteral("transactions")).toArray()) {
        for (const auto &value : transaction.toObject().value(QStringLiteral("anomalies")).toArray()) {
            const QJsonObject anomaly = value.toObject();
            kinds << QStringLiteral("%1@%2").arg(anomaly.value(QStringLiteral("kind")).toString())
                         .arg(anomaly.value(QStringLiteral("sequence")).toInt());
        }
    }
    kinds.sort();
    return kinds;
}

const QStringList lateRetryAnomalies{QStringLiteral("duplicate@3"), QStringLiteral("late_reply@3")};

} // namespace

class TestImportCommand : public QObject
{
    Q_OBJECT

private slots:
    void everyShapeImportsTheLateRetry_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("format");
        QTest::newRow("lambda log, auto") << fixture("late-retry.lambda.log") << "auto";
        QTest::newRow("lambda log, named") << fixture("late-retry.lambda.log") << "lambda-log";
        QTest::newRow("filter-log-events") << fixture("late-retry.filter-log-events.json") << "filter-log-events";
        QTest::newRow("insights markdown") << fixture("late-retry.insights.md") << "console-csv";
        QTest::newRow("console csv") << fixture("late-retry.console.csv") << "auto";
    }

    void everyShapeImportsTheLateRetry()
    {
        QFETCH(QString, file);
        QFETCH(QString, format);
        const CliRun run = CliRun::run({QStringLiteral("import"), file, QStringLiteral("--format"), format, QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        const QJsonObject document = QJsonDocument::fromJson(run.out.toUtf8()).object();
        QCOMPARE(anomalyKinds(document), lateRetryAnomalies);
        const QJsonObject summary = document.value(QStringLiteral("import")).toObject();
        QCOMPARE(summary.value(QStringLiteral("events")).toInt(), 6);
        QCOMPARE(summary.value(QStringLiteral("skipped")).toInt(), 3);
        QVERIFY(run.err.contains(QLatin1String("33 log events")));
    }

    void sessionReadsBackLikeARecordedOne()
    {
        QTemporaryDir dir;
        const QString session = dir.filePath(QStringLiteral("prod.ccsession"));
        const CliRun run = CliRun::run({QStringLiteral("import"), fixture("late-retry.lambda.log"), QStringLiteral("--session"), session});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY(run.out.contains(QLatin1String("late_reply")));
        QVERIFY(run.out.contains(QLatin1String("6 deliveries added")));

        QString error;
        const QList<callconsole::DeliveryRecord> deliveries = callconsole::SessionStore::readAll(session, &error);
        QVERIFY(error.isEmpty());
        QCOMPARE(deliveries.size(), 6);
        QCOMPARE(deliveries.at(2).replyLatencyMs, 5813);
        QCOMPARE(deliveries.at(2).replySource, QStringLiteral("lambda"));
        QVERIFY(deliveries.at(2).replyBody.contains("Speak"));

        // The session goes the way of a recorded one: export, then analyze.
        const QString jsonl = dir.filePath(QStringLiteral("events.jsonl"));
        QCOMPARE(CliRun::run({QStringLiteral("export"), session, QStringLiteral("--format"), QStringLiteral("jsonl"),
                              QStringLiteral("--output"), jsonl}).exitCode, 0);
        const CliRun analyzed = CliRun::run({QStringLiteral("analyze"), QStringLiteral("--json"), jsonl});
        QCOMPARE(analyzed.exitCode, 0);
        QCOMPARE(anomalyKinds(QJsonDocument::fromJson(analyzed.out.toUtf8()).object()), lateRetryAnomalies);
    }

    void severalFilesOneImport()
    {
        const CliRun run = CliRun::run({QStringLiteral("import"), fixture("late-retry.lambda.log"),
                                        fixture("python-with-malformed.lambda.log"), QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 1); // one malformed event
        const QJsonObject document = QJsonDocument::fromJson(run.out.toUtf8()).object();
        QCOMPARE(document.value(QStringLiteral("transactions")).toArray().size(), 2);
        QVERIFY(run.err.contains(fixture("python-with-malformed.lambda.log") + QStringLiteral(":7: invocation event JSON that does not parse")));
    }

    void nothingToImportSaysWhatToLog()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("plain.log"));
        QFile plain(file);
        QVERIFY(plain.open(QIODevice::WriteOnly));
        plain.write("START RequestId: r1 Version: 1\n2022-11-09T14:52:44.158Z\tr1\tINFO\thello\n");
        plain.close();
        const CliRun run = CliRun::run({QStringLiteral("import"), file});
        QCOMPARE(run.exitCode, 1);
        QVERIFY(run.err.contains(QLatin1String("JSON.stringify(event)")));
    }

    void usageErrors()
    {
        QCOMPARE(CliRun::run({QStringLiteral("import")}).exitCode, 2);
        const CliRun badFormat = CliRun::run({QStringLiteral("import"), fixture("late-retry.lambda.log"), QStringLiteral("--format"), QStringLiteral("xml")});
        QCOMPARE(badFormat.exitCode, 2);
        QVERIFY(badFormat.err.contains(QLatin1String("--format: 'xml'")));
        const CliRun missing = CliRun::run({QStringLiteral("import"), QStringLiteral("/nonexistent/x.log")});
        QCOMPARE(missing.exitCode, 2);
        const CliRun notJson = CliRun::run({QStringLiteral("import"), fixture("late-retry.lambda.log"), QStringLiteral("--format"),
                                            QStringLiteral("filter-log-events")});
        QCOMPARE(notJson.exitCode, 2);
        QVERIFY(notJson.err.contains(QLatin1String("not filter-log-events")));
    }

    void readsStdin()
    {
        QFile file(fixture("late-retry.filter-log-events.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const CliRun run = CliRun::run({QStringLiteral("import"), QStringLiteral("-"), QStringLiteral("--json")}, file.readAll());
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(anomalyKinds(QJsonDocument::fromJson(run.out.toUtf8()).object()), lateRetryAnomalies);
    }
};

QTEST_GUILESS_MAIN(TestImportCommand)
#include "tst_importcommand.moc"

// `callconsole analyze` through the real binary: the JSON shape scripts rely on, the anomalies
// of a retried and a busy call, and malformed lines reported by number without losing the rest.
#include "CliRun.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

namespace {

QString fixture(const char *name)
{
    return QStringLiteral(CALLCONSOLE_TEST_DATA "/analyze/") + QLatin1String(name);
}

QJsonObject transactionById(const QJsonArray &transactions, const QString &id)
{
    for (const auto &value : transactions) {
        if (value.toObject().value(QStringLiteral("transactionId")).toString() == id)
            return value.toObject();
    }
    return {};
}

QStringList anomalyKinds(const QJsonObject &transaction)
{
    QStringList kinds;
    for (const auto &value : transaction.value(QStringLiteral("anomalies")).toArray()) {
        const QJsonObject anomaly = value.toObject();
        kinds << QStringLiteral("%1@%2").arg(anomaly.value(QStringLiteral("kind")).toString())
                     .arg(anomaly.value(QStringLiteral("sequence")).toInt());
    }
    kinds.sort();
    return kinds;
}

} // namespace

class TestAnalyzeCommand : public QObject
{
    Q_OBJECT

private slots:
    void jsonShapeAndAnomalies()
    {
        const CliRun run = CliRun::run({QStringLiteral("analyze"), QStringLiteral("--json"), fixture("retry-and-busy.jsonl")});
        QCOMPARE(run.exitCode, 0);
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(run.out.toUtf8(), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        const QJsonArray transactions = document.object().value(QStringLiteral("transactions")).toArray();
        QCOMPARE(transactions.size(), 2);

        const QJsonObject retried = transactionById(transactions, QStringLiteral("7f5e2c3a-3b1e-4c1a-9c7e-2d6a0c1b9e11"));
        QCOMPARE(retried.value(QStringLiteral("state")).toString(), QStringLiteral("ended (0)"));
        QCOMPARE(anomalyKinds(retried),
                 (QStringList{QStringLiteral("duplicate@3"), QStringLiteral("late_reply@3"), QStringLiteral("out_of_order@4")}));
        const QJsonArray events = retried.value(QStringLiteral("events")).toArray();
        QCOMPARE(events.size(), 6);
        const QJsonObject third = events.at(2).toObject();
        QCOMPARE(third.value(QStringLiteral("sequence")).toInt(), 3);
        QCOMPARE(third.value(QStringLiteral("type")).toString(), QStringLiteral("CALL_ANSWERED"));
        QCOMPARE(third.value(QStringLiteral("arrivalIndex")).toInt(), 2);
        QCOMPARE(third.value(QStringLiteral("replyLatencyMs")).toInt(), 5600);
        for (const auto &value : retried.value(QStringLiteral("anomalies")).toArray())
            QVERIFY(!value.toObject().value(QStringLiteral("message")).toString().isEmpty());

        const QJsonObject busy = transactionById(transactions, QStringLiteral("0b9a3c2e-1d4f-4e5a-8b6c-7d8e9f0a1b2c"));
        QCOMPARE(busy.value(QStringLiteral("state")).toString(), QStringLiteral("ended (486)"));
        const QJsonObject legA = busy.value(QStringLiteral("legs")).toArray().at(0).toObject();
        QCOMPARE(legA.value(QStringLiteral("tag")).toString(), QStringLiteral("LEG-A"));
        QCOMPARE(legA.value(QStringLiteral("sipResponseCode")).toInt(), 486);
        QVERIFY(busy.value(QStringLiteral("anomalies")).toArray().isEmpty());
    }

    void textOutput()
    {
        const CliRun run = CliRun::run({QStringLiteral("analyze"), fixture("retry-and-busy.jsonl")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains(QLatin1String("LEG-A  ended (SIP 486)")), qPrintable(run.out));
        QVERIFY(run.out.contains(QLatin1String("late_reply")));
        QVERIFY(run.out.contains(QLatin1String("9 events in 2 transactions, 3 anomalies, 0 rejected lines")));
    }

    void malformedLinesAreReportedAndSkipped()
    {
        const CliRun run = CliRun::run({QStringLiteral("analyze"), QStringLiteral("--json"), fixture("with-bad-lines.jsonl")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QLatin1String("with-bad-lines.jsonl:3: body: invalid JSON")), qPrintable(run.err));
        QVERIFY2(run.err.contains(QLatin1String("with-bad-lines.jsonl:4: receivedAtMs: '-5'")), qPrintable(run.err));
        const QJsonObject document = QJsonDocument::fromJson(run.out.toUtf8()).object();
        QCOMPARE(document.value(QStringLiteral("rejectedLines")).toInt(), 2);
        const QJsonObject transaction = document.value(QStringLiteral("transactions")).toArray().at(0).toObject();
        QCOMPARE(transaction.value(QStringLiteral("events")).toArray().size(), 2);
        QCOMPARE(anomalyKinds(transaction), QStringList{QStringLiteral("sequence_gap@2")});
    }

    void readsStandardInput()
    {
        QFile file(fixture("retry-and-busy.jsonl"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const CliRun run = CliRun::run({QStringLiteral("analyze"), QStringLiteral("-")}, file.readAll());
        QCOMPARE(run.exitCode, 0);
        QVERIFY(run.out.contains(QLatin1String("9 events in 2 transactions")));
    }

    void usageErrors()
    {
        QCOMPARE(CliRun::run({QStringLiteral("analyze")}).exitCode, 2);
        QCOMPARE(CliRun::run({QStringLiteral("analyze"), QStringLiteral("--bogus"), fixture("retry-and-busy.jsonl")}).exitCode, 2);
        const CliRun missing = CliRun::run({QStringLiteral("analyze"), QStringLiteral("/nonexistent/events.jsonl")});
        QCOMPARE(missing.exitCode, 2);
        QVERIFY(missing.err.contains(QLatin1String("callconsole analyze: /nonexistent/events.jsonl")));
        QCOMPARE(CliRun::run({QStringLiteral("analyze"), QStringLiteral("--help")}).exitCode, 0);
    }
};

QTEST_GUILESS_MAIN(TestAnalyzeCommand)
#include "tst_analyzecommand.moc"

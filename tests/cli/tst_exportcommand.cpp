// `callconsole export` through the real binary on a session imported from production logs: HAR
// and Mermaid beside JSON and JSONL, and --mask in every format — grepped for any number or
// account id left as it was, and the masked flows still analysed the same.
#include "CliRun.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

namespace {

QString fixture(const char *name)
{
    return QStringLiteral(CALLCONSOLE_TEST_DATA "/logs/") + QLatin1String(name);
}

// Everything in the fixtures that identifies a person or an account.
const QStringList secrets{QStringLiteral("+14155550123"), QStringLiteral("+12065550100"), QStringLiteral("+442071838750"),
                          QStringLiteral("+33142685300"), QStringLiteral("123456789012"), QStringLiteral("210987654321"),
                          QStringLiteral("0a1b2c3d-0003-4e5f-8a9b-000000000003")}; // a header value

} // namespace

class TestExportCommand : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_session = m_dir.filePath(QStringLiteral("prod.ccsession"));
        const CliRun run = CliRun::run({QStringLiteral("import"), fixture("late-retry.lambda.log"), fixture("python-with-malformed.lambda.log"),
                                        QStringLiteral("--session"), m_session});
        QCOMPARE(run.exitCode, 1); // the malformed line, reported; the rest imported
    }

    void unmaskedExportsHoldTheNumbers_data() { formats(); }
    void unmaskedExportsHoldTheNumbers()
    {
        QFETCH(QStringList, arguments);
        const CliRun run = CliRun::run(QStringList{QStringLiteral("export"), m_session} + arguments);
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        // Without --mask the grep below would find them: the test can fail.
        QVERIFY(run.out.contains(QLatin1String("+14155550123")) || arguments.contains(QLatin1String("mermaid")));
    }

    void maskedExportsHoldNoNumberNorAccountId_data() { formats(); }
    void maskedExportsHoldNoNumberNorAccountId()
    {
        QFETCH(QStringList, arguments);
        const CliRun run = CliRun::run(QStringList{QStringLiteral("export"), m_session, QStringLiteral("--mask")} + arguments);
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY(!run.out.isEmpty());
        for (const QString &secret : secrets)
            QVERIFY2(!run.out.contains(secret), qPrintable(secret));
        static const QRegularExpression phone(QStringLiteral(R"(\+\d{7,})"));
        static const QRegularExpression account(QStringLiteral(R"((?<![\d\w-])\d{12}(?![\d\w-]))"));
        QVERIFY2(!phone.match(run.out).hasMatch(), qPrintable(phone.match(run.out).captured()));
        QVERIFY2(!account.match(run.out).hasMatch(), qPrintable(account.match(run.out).captured()));
        if (!arguments.contains(QLatin1String("mermaid")))
            QVERIFY(run.out.contains(QLatin1String("+1********23")));
    }

    void maskedFlowsStillLineUp()
    {
        const QString jsonl = m_dir.filePath(QStringLiteral("masked.jsonl"));
        QCOMPARE(CliRun::run({QStringLiteral("export"), m_session, QStringLiteral("--mask"), QStringLiteral("--format"), QStringLiteral("jsonl"),
                              QStringLiteral("--output"), jsonl}).exitCode, 0);
        const CliRun analyzed = CliRun::run({QStringLiteral("analyze"), QStringLiteral("--json"), jsonl});
        QCOMPARE(analyzed.exitCode, 0);
        const QJsonArray transactions = QJsonDocument::fromJson(analyzed.out.toUtf8()).object().value(QStringLiteral("transactions")).toArray();
        QCOMPARE(transactions.size(), 2);
        QJsonObject late;
        for (const auto &value : transactions) {
            if (value.toObject().value(QStringLiteral("transactionId")).toString().startsWith(QLatin1String("5b3c")))
                late = value.toObject();
        }
        QCOMPARE(late.value(QStringLiteral("to")).toString(), QStringLiteral("+1********23"));
        QCOMPARE(late.value(QStringLiteral("anomalies")).toArray().size(), 2);
    }

    void mermaidNamesTheTransaction()
    {
        const CliRun ambiguous = CliRun::run({QStringLiteral("export"), m_session, QStringLiteral("--format"), QStringLiteral("mermaid")});
        QCOMPARE(ambiguous.exitCode, 2);
        QVERIFY(ambiguous.err.contains(QLatin1String("holds 2 transactions")));
        const CliRun run = CliRun::run({QStringLiteral("export"), m_session, QStringLiteral("--format"), QStringLiteral("mermaid"),
                                        QStringLiteral("--transaction"), QStringLiteral("5b3c")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(run.out.startsWith(QLatin1String("sequenceDiagram")));
        QVERIFY(run.out.contains(QLatin1String("late_reply")));
    }

    void harByName()
    {
        const CliRun run = CliRun::run({QStringLiteral("export"), m_session, QStringLiteral("--format"), QStringLiteral("har")});
        QCOMPARE(run.exitCode, 0);
        const QJsonObject log = QJsonDocument::fromJson(run.out.toUtf8()).object().value(QStringLiteral("log")).toObject();
        QCOMPARE(log.value(QStringLiteral("entries")).toArray().size(), 8);
        QCOMPARE(log.value(QStringLiteral("pages")).toArray().size(), 2);
        QCOMPARE(CliRun::run({QStringLiteral("export"), m_session, QStringLiteral("--format"), QStringLiteral("xml")}).exitCode, 2);
    }

private:
    void formats()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("json") << QStringList{QStringLiteral("--format"), QStringLiteral("json")};
        QTest::newRow("jsonl") << QStringList{QStringLiteral("--format"), QStringLiteral("jsonl")};
        QTest::newRow("har") << QStringList{QStringLiteral("--format"), QStringLiteral("har")};
        QTest::newRow("mermaid, late call") << QStringList{QStringLiteral("--format"), QStringLiteral("mermaid"),
                                                           QStringLiteral("--transaction"), QStringLiteral("5b3c")};
        QTest::newRow("mermaid, inbound call") << QStringList{QStringLiteral("--format"), QStringLiteral("mermaid"),
                                                              QStringLiteral("--transaction"), QStringLiteral("9e8d")};
    }

    QTemporaryDir m_dir;
    QString m_session;
};

QTEST_GUILESS_MAIN(TestExportCommand)
#include "tst_exportcommand.moc"

// replay --chaos: the fault plan is a function of the seed and the log (the same seed, the same
// faults; a different seed, others), each fault where its rule puts it, and — through the real
// binary into a real `serve --session` — each injected delivery recorded with the
// X-CallConsole-Injected-Fault header the simulator uses.
#include "CliRun.h"
#include "ReplayChaos.h"
#include "SessionStore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace callconsole;
using namespace callconsole::cli;

namespace {

QStringList twoCalls(int eventsEach)
{
    QStringList ids;
    for (int i = 0; i < eventsEach; ++i)
        ids << QStringLiteral("A") << QStringLiteral("B");
    return ids;
}

QStringList described(const QList<ChaosSend> &sends)
{
    QStringList out;
    for (const ChaosSend &send : sends)
        out << QStringLiteral("%1%2").arg(send.event).arg(send.fault.isEmpty() ? QString() : QLatin1Char(':') + QString::fromLatin1(send.fault));
    return out;
}

QStringList faultsOf(const QString &json)
{
    QStringList faults;
    for (const auto &value : QJsonDocument::fromJson(json.toUtf8()).object().value(QStringLiteral("events")).toArray()) {
        const QJsonObject event = value.toObject();
        faults << QStringLiteral("%1:%2").arg(event.value(QStringLiteral("line")).toInt()).arg(event.value(QStringLiteral("injectedFault")).toString());
    }
    return faults;
}

} // namespace

class TestReplayChaos : public QObject
{
    Q_OBJECT

private slots:
    void parsesEveryFault()
    {
        QString error;
        const auto options = ChaosOptions::parse(QStringLiteral("duplicate=0.2,reorder=0.1,delay=50,drop-reply=0.05"), &error);
        QVERIFY(options);
        QCOMPARE(options->duplicate, 0.2);
        QCOMPARE(options->reorder, 0.1);
        QCOMPARE(options->delayMs, 50);
        QCOMPARE(options->dropReply, 0.05);
        QVERIFY(!ChaosOptions::parse(QStringLiteral("duplicate=2"), &error));
        QVERIFY(error.contains(QLatin1String("probability from 0 to 1")));
        QVERIFY(!ChaosOptions::parse(QStringLiteral("jitter=5"), &error));
        QVERIFY(error.contains(QLatin1String("unknown fault")));
        QVERIFY(!ChaosOptions::parse(QStringLiteral("delay=-1"), &error));
    }

    void sameSeedSameFaults()
    {
        ChaosOptions options;
        options.duplicate = 0.3;
        options.reorder = 0.3;
        options.dropReply = 0.3;
        options.seed = 42;
        const QList<ChaosSend> first = planChaos(twoCalls(20), options);
        QCOMPARE(described(planChaos(twoCalls(20), options)), described(first));
        options.seed = 43;
        QVERIFY(described(planChaos(twoCalls(20), options)) != described(first));
    }

    void everyEventSentAndEachFaultWhereItsRulePutsIt()
    {
        ChaosOptions options;
        options.duplicate = 0.25;
        options.reorder = 0.25;
        options.dropReply = 0.25;
        options.seed = 7;
        const QStringList ids = twoCalls(30);
        const QList<ChaosSend> sends = planChaos(ids, options);
        QMap<int, int> sentOriginals;
        int duplicates = 0;
        int reordered = 0;
        int dropped = 0;
        for (int i = 0; i < sends.size(); ++i) {
            const ChaosSend &send = sends.at(i);
            if (send.fault == "duplicate") {
                ++duplicates;
                QCOMPARE(sends.at(i - 1).event, send.event); // right after its original
                continue;
            }
            if (send.fault == "retry") {
                QVERIFY(sends.at(i - 1).replyDropped);
                QCOMPARE(sends.at(i - 1).event, send.event);
                continue;
            }
            ++sentOriginals[send.event];
            if (send.fault == "drop-reply")
                ++dropped;
            if (send.fault == "reordered") {
                ++reordered;
                // Sent after a later event of its own call.
                bool laterBefore = false;
                for (int j = 0; j < i; ++j)
                    laterBefore = laterBefore || (sends.at(j).event > send.event && ids.at(sends.at(j).event) == ids.at(send.event));
                QVERIFY(laterBefore);
            }
        }
        QCOMPARE(sentOriginals.size(), ids.size()); // nothing lost
        for (const int count : sentOriginals)
            QCOMPARE(count, 1);
        QVERIFY(duplicates > 0 && reordered > 0 && dropped > 0);
    }

    void delayMarksEveryDelivery()
    {
        ChaosOptions options;
        options.delayMs = 30;
        for (const ChaosSend &send : planChaos(twoCalls(3), options))
            QCOMPARE(send.fault, QByteArray("delay=30ms"));
    }

    void injectedFaultsRecordedBySession()
    {
        const QString log = QStringLiteral(CALLCONSOLE_TEST_DATA "/analyze/retry-and-busy.jsonl");
        QStringList runs[2];
        for (int attempt = 0; attempt < 2; ++attempt) {
            QTemporaryDir dir;
            const QString session = dir.filePath(QStringLiteral("chaos.ccsession"));
            QProcess serve;
            const QUrl url = startServe(serve, {QStringLiteral("--session"), session});
            QVERIFY(url.isValid());
            const CliRun run = CliRun::run({QStringLiteral("replay"), log, QStringLiteral("--to"), url.toString(), QStringLiteral("--json"),
                                            QStringLiteral("--chaos"), QStringLiteral("duplicate=0.5,reorder=0.3,drop-reply=0.3"),
                                            QStringLiteral("--seed"), QStringLiteral("2024")});
            QVERIFY(stopServe(serve));
            QVERIFY2(run.exitCode == 0 || run.exitCode == 1, qPrintable(run.err));
            runs[attempt] = faultsOf(run.out);
            const QJsonObject summary = QJsonDocument::fromJson(run.out.toUtf8()).object().value(QStringLiteral("summary")).toObject();
            QVERIFY(!summary.value(QStringLiteral("injectedFaults")).toObject().isEmpty());

            QString error;
            const auto deliveries = SessionStore::readAll(session, &error);
            QCOMPARE(deliveries.size(), runs[attempt].size());
            QStringList recorded;
            for (const DeliveryRecord &delivery : deliveries) {
                QString fault;
                for (const auto &[name, value] : delivery.requestHeaders) {
                    if (name.compare("X-CallConsole-Injected-Fault", Qt::CaseInsensitive) == 0)
                        fault = QString::fromLatin1(value);
                }
                recorded << fault;
            }
            QStringList reported;
            for (const QString &entry : std::as_const(runs[attempt]))
                reported << entry.section(QLatin1Char(':'), 1);
            QCOMPARE(recorded, reported);
            QVERIFY(recorded.contains(QStringLiteral("duplicate")));
        }
        QCOMPARE(runs[1], runs[0]);
    }
};

QTEST_GUILESS_MAIN(TestReplayChaos)
#include "tst_replaychaos.moc"

// Two replies compared as JSON for replay's diff of two runs: what counts as the same reply,
// and which difference the summary names first.
#include "ReplyComparison.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace callconsole;

namespace {

QJsonValue reply(const char *json)
{
    const QJsonDocument document = QJsonDocument::fromJson(json);
    if (document.isObject())
        return document.object();
    return QString::fromUtf8(json); // a body that is not JSON is kept as its text
}

} // namespace

class TestReplyComparison : public QObject
{
    Q_OBJECT

private slots:
    void compare_data()
    {
        QTest::addColumn<QByteArray>("recorded");
        QTest::addColumn<QByteArray>("now");
        QTest::addColumn<QString>("summary"); // empty: the same reply
        QTest::addColumn<QString>("path");

        const QByteArray speakPauseHangup = R"({"SchemaVersion":"1.0","Actions":[{"Type":"Speak","Parameters":{"Text":"Hello"}},)"
                                            R"({"Type":"Pause","Parameters":{"DurationInMilliseconds":1000}},{"Type":"Hangup"}]})";
        QTest::newRow("identical") << speakPauseHangup << speakPauseHangup << QString() << QString();
        QTest::newRow("member order and 1000 vs 1000.0")
            << speakPauseHangup
            << QByteArray(R"({"Actions":[{"Parameters":{"Text":"Hello"},"Type":"Speak"},)"
                          R"({"Type":"Pause","Parameters":{"DurationInMilliseconds":1000.0}},{"Type":"Hangup"}],"SchemaVersion":"1.0"})")
            << QString() << QString();
        QTest::newRow("other actions") << speakPauseHangup << QByteArray(R"({"SchemaVersion":"1.0","Actions":[{"Type":"Hangup"}]})")
                                       << QStringLiteral("recorded Speak, Pause, Hangup → now Hangup") << QStringLiteral("Actions[0].Parameters");
        QTest::newRow("other text")
            << speakPauseHangup
            << QByteArray(R"({"SchemaVersion":"1.0","Actions":[{"Type":"Speak","Parameters":{"Text":"Goodbye"}},)"
                          R"({"Type":"Pause","Parameters":{"DurationInMilliseconds":1000}},{"Type":"Hangup"}]})")
            << QStringLiteral("Actions[0].Parameters.Text: 'Hello' → 'Goodbye'") << QStringLiteral("Actions[0].Parameters.Text");
        QTest::newRow("a number that is now a string")
            << speakPauseHangup
            << QByteArray(R"({"SchemaVersion":"1.0","Actions":[{"Type":"Speak","Parameters":{"Text":"Hello"}},)"
                          R"({"Type":"Pause","Parameters":{"DurationInMilliseconds":"1000"}},{"Type":"Hangup"}]})")
            << QStringLiteral("Actions[1].Parameters.DurationInMilliseconds: 1000 → '1000'")
            << QStringLiteral("Actions[1].Parameters.DurationInMilliseconds");
        QTest::newRow("attributes added")
            << QByteArray(R"({"SchemaVersion":"1.0","Actions":[]})")
            << QByteArray(R"({"SchemaVersion":"1.0","Actions":[],"TransactionAttributes":{"step":"2"}})")
            << QStringLiteral("TransactionAttributes: absent → {\"step\":\"2\"}") << QStringLiteral("TransactionAttributes");
        QTest::newRow("empty list vs none") << QByteArray(R"({"SchemaVersion":"1.0","Actions":[]})") << QByteArray(R"({"SchemaVersion":"1.0"})")
                                            << QStringLiteral("recorded [] → now not an action list") << QStringLiteral("Actions");
        QTest::newRow("text body") << QByteArray(R"({"SchemaVersion":"1.0","Actions":[]})") << QByteArray("<html>oops</html>")
                                   << QStringLiteral("recorded [] → now not an action list") << QString();
        QTest::newRow("a long value is cut")
            << QByteArray(R"({"SchemaVersion":"1.0","Actions":[{"Type":"Speak","Parameters":{"Text":"a"}}]})")
            << QByteArray(R"({"SchemaVersion":"1.0","Actions":[{"Type":"Speak","Parameters":{"Text":")" + QByteArray(100, 'b') + R"("}}]})")
            << QStringLiteral("Actions[0].Parameters.Text: 'a' → '%1…'").arg(QString(60, QLatin1Char('b')))
            << QStringLiteral("Actions[0].Parameters.Text");
    }
    void compare()
    {
        QFETCH(QByteArray, recorded);
        QFETCH(QByteArray, now);
        QFETCH(QString, summary);
        QFETCH(QString, path);
        const std::optional<ReplyDifference> difference = compareReplies(reply(recorded), reply(now));
        QCOMPARE(difference.has_value(), !summary.isEmpty());
        if (!difference)
            return;
        QCOMPARE(difference->summary, summary);
        QCOMPARE(difference->path, path);
    }

    void actionTypeSummary_data()
    {
        QTest::addColumn<QByteArray>("reply");
        QTest::addColumn<QString>("summary");
        QTest::newRow("actions") << QByteArray(R"({"Actions":[{"Type":"Speak"},{"Type":"Hangup"}]})") << QStringLiteral("Speak, Hangup");
        QTest::newRow("empty") << QByteArray(R"({"Actions":[]})") << QStringLiteral("[]");
        QTest::newRow("no Actions") << QByteArray(R"({"SchemaVersion":"1.0"})") << QStringLiteral("not an action list");
        QTest::newRow("text") << QByteArray("oops") << QStringLiteral("not an action list");
    }
    void actionTypeSummary()
    {
        QFETCH(QByteArray, reply);
        QFETCH(QString, summary);
        QCOMPARE(callconsole::actionTypeSummary(::reply(reply)), summary);
    }
};

QTEST_GUILESS_MAIN(TestReplyComparison)
#include "tst_replycomparison.moc"

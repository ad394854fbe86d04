// CloudWatchLogsClient against a loopback server that speaks CloudWatch Logs' JSON 1.1 protocol
// and verifies every signature: every page read through nextToken, throttling retried with
// backoff, a wrong secret refused with the service's error, the log groups listed page by page.
#include "CloudWatchLogsClient.h"
#include "FakeLogsServer.h"

#include <QTest>

using namespace callconsole::aws;

namespace {

const QString key = QStringLiteral("AKIDLOGSTEST");
const QString secret = QStringLiteral("logs-test-secret");

LogsResult await(const std::function<void(CloudWatchLogsClient::Callback)> &start)
{
    std::optional<LogsResult> result;
    start([&](const LogsResult &r) { result = r; });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 30000))
        return LogsResult{};
    return result.value_or(LogsResult{});
}

} // namespace

class TestCloudWatchLogsClient : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_server = std::make_unique<FakeLogsServer>(key, secret);
        for (int i = 0; i < 12; ++i)
            m_server->add({QStringLiteral("/aws/lambda/handler"), QStringLiteral("s"), 1000 + i,
                           QStringLiteral("line %1 %2").arg(i).arg(i % 3 == 0 ? QStringLiteral("tx-A") : QStringLiteral("tx-B"))});
        m_server->add({QStringLiteral("/aws/lambda/other"), QStringLiteral("s"), 1000, QStringLiteral("x")});
        m_server->setPageSize(5);
    }

    void everyPageRead()
    {
        CloudWatchLogsClient client(Credentials(key, secret), config());
        FilterLogEventsQuery query;
        query.logGroupName = QStringLiteral("/aws/lambda/handler");
        const LogsResult result = await([&](auto done) { client.filterLogEvents(query, done); });
        QVERIFY2(result.ok, qPrintable(result.error.toString()));
        QCOMPARE(result.events.size(), 12);
        QCOMPARE(result.pages, 3);
        QCOMPARE(result.events.last().message, QStringLiteral("line 11 tx-B"));
        QCOMPARE(m_server->operations, QStringList(3, QStringLiteral("Logs_20140328.FilterLogEvents")));
    }

    void timeRangeAndFilterPatternSent()
    {
        CloudWatchLogsClient client(Credentials(key, secret), config());
        FilterLogEventsQuery query;
        query.logGroupName = QStringLiteral("/aws/lambda/handler");
        query.startTimeMs = 1003;
        query.endTimeMs = 1009;
        query.filterPattern = QStringLiteral("\"tx-A\"");
        const LogsResult result = await([&](auto done) { client.filterLogEvents(query, done); });
        QVERIFY(result.ok);
        QCOMPARE(result.events.size(), 3); // 3, 6, 9
        QCOMPARE(m_server->filterPatterns.first(), QStringLiteral("\"tx-A\""));
    }

    void throttlingRetriedWithBackoff()
    {
        m_server->throttleNext(2);
        CloudWatchLogsClient client(Credentials(key, secret), config());
        FilterLogEventsQuery query;
        query.logGroupName = QStringLiteral("/aws/lambda/handler");
        const LogsResult result = await([&](auto done) { client.filterLogEvents(query, done); });
        QVERIFY2(result.ok, qPrintable(result.error.toString()));
        QCOMPARE(result.events.size(), 12);
        QCOMPARE(m_server->throttled, 2);
        QCOMPARE(result.attempts, 5); // 2 throttled + 3 pages
    }

    void throttledPastTheLastAttempt()
    {
        m_server->throttleNext(10);
        CloudWatchLogsClient client(Credentials(key, secret), config());
        FilterLogEventsQuery query;
        query.logGroupName = QStringLiteral("/aws/lambda/handler");
        const LogsResult result = await([&](auto done) { client.filterLogEvents(query, done); });
        QVERIFY(!result.ok);
        QCOMPARE(result.error.type, QStringLiteral("ThrottlingException"));
        QCOMPARE(result.attempts, 3);
        QVERIFY(result.error.toString(QStringLiteral("FilterLogEvents")).contains(QLatin1String("retried and still throttled")));
    }

    void wrongSecretRefused()
    {
        CloudWatchLogsClient client(Credentials(key, QStringLiteral("not-the-secret")), config());
        FilterLogEventsQuery query;
        query.logGroupName = QStringLiteral("/aws/lambda/handler");
        const LogsResult result = await([&](auto done) { client.filterLogEvents(query, done); });
        QVERIFY(!result.ok);
        QCOMPARE(result.error.type, QStringLiteral("InvalidSignatureException"));
        QCOMPARE(result.attempts, 1); // not retried
        QCOMPARE(m_server->refusedSignatures, 1);
    }

    void unknownGroupNamed()
    {
        CloudWatchLogsClient client(Credentials(key, secret), config());
        FilterLogEventsQuery query;
        query.logGroupName = QStringLiteral("/aws/lambda/missing");
        const LogsResult result = await([&](auto done) { client.filterLogEvents(query, done); });
        QCOMPARE(result.error.type, QStringLiteral("ResourceNotFoundException"));
    }

    void logGroupsListedPageByPage()
    {
        CloudWatchLogsClient client(Credentials(key, secret), config());
        const LogsResult result = await([&](auto done) { client.describeLogGroups(QStringLiteral("/aws/lambda/"), done); });
        QVERIFY(result.ok);
        QCOMPARE(result.logGroups, (QStringList{QStringLiteral("/aws/lambda/handler"), QStringLiteral("/aws/lambda/other")}));
        QCOMPARE(result.pages, 2);
    }

    void sipMessageLogGroupName()
    {
        QCOMPARE(CloudWatchLogsClient::sipMessageLogGroup(QStringLiteral("266e0891")),
                 QStringLiteral("/aws/ChimeSipMediaApplicationSipMessages/266e0891"));
    }

private:
    ClientConfig config() const
    {
        ClientConfig c;
        c.endpointUrl = m_server->url();
        c.baseDelayMs = 20;
        c.maxDelayMs = 100;
        return c;
    }

    std::unique_ptr<FakeLogsServer> m_server;
};

QTEST_GUILESS_MAIN(TestCloudWatchLogsClient)
#include "tst_cloudwatchlogsclient.moc"

// Inspector: what it shows for an event with and without its HTTP exchange, and a curl command
// that survives quotes in the body.
#include "Inspector.h"
#include "TestEvents.h"
#include "TransactionTableModel.h"

#include <QProcess>
#include <QTest>

using namespace callconsole;
using namespace callconsole::testing;

class TestInspector : public QObject
{
    Q_OBJECT

private slots:
    void showsRequestReplyLatencyAndAnomalies();
    void withoutDeliverySaysSo();
    void curlQuotesTheBody();
    void curlCommandParsesInAShell();
};

void TestInspector::showsRequestReplyLatencyAndAnomalies()
{
    TransactionTableModel model;
    auto call = outboundCall(QStringLiteral("t-1"), 1000);
    call[2].replyLatencyMs = 6200;
    call.removeAt(1); // RINGING never arrives: a Sequence gap on CALL_ANSWERED
    model.appendEvents(call);
    DeliveryRecord delivery;
    delivery.method = QStringLiteral("POST");
    delivery.path = QStringLiteral("/");
    delivery.remoteAddress = QStringLiteral("127.0.0.1");
    delivery.requestHeaders = {{"Content-Type", "application/json"}};
    delivery.requestBody = R"({"SchemaVersion":"1.0","Sequence":3})";
    delivery.statusCode = 200;
    delivery.replySource = QStringLiteral("rule:answer");
    delivery.replyBody = R"({"SchemaVersion":"1.0","Actions":[]})";

    Inspector inspector;
    inspector.setEndpointUrl(QUrl(QStringLiteral("http://127.0.0.1:8080")));
    inspector.inspect(model.store().transaction(0), 1, &delivery);
    const QString text = inspector.text();
    QVERIFY2(text.contains(QStringLiteral("#3 CALL_ANSWERED")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("6200 ms (past the 5 s retry deadline")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("⚠")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("Content-Type: application/json")));
    QVERIFY(text.contains(QStringLiteral("\"Sequence\": 3")));
    QVERIFY(text.contains(QStringLiteral("Reply 200, from rule:answer")));
    QVERIFY(inspector.curlCommand().contains(QStringLiteral("'http://127.0.0.1:8080/'")));
    QVERIFY(!text.contains(QStringLiteral("Handler log")));

    // Your handler's lines for this event, beside the event and the reply.
    delivery.replySource = QStringLiteral("handler");
    delivery.handlerLog = "INIT_START Runtime Version: node v20.1.0\ncaller chose 1: sales\n";
    inspector.inspect(model.store().transaction(0), 1, &delivery);
    QVERIFY2(inspector.text().contains(QStringLiteral("Handler log:\nINIT_START Runtime Version: node v20.1.0\ncaller chose 1: sales")),
             qPrintable(inspector.text()));
}

void TestInspector::withoutDeliverySaysSo()
{
    TransactionTableModel model;
    model.appendEvents(outboundCall(QStringLiteral("t-1"), 1000));
    Inspector inspector;
    inspector.inspect(model.store().transaction(0), 0, nullptr);
    QVERIFY(inspector.text().contains(QStringLiteral("not in this session")));
    QVERIFY(inspector.curlCommand().isEmpty());
    inspector.inspect(model.store().transaction(0), 99, nullptr); // out of range: cleared, no crash
    QVERIFY(inspector.text().startsWith(QStringLiteral("Select an event")));
}

void TestInspector::curlQuotesTheBody()
{
    DeliveryRecord delivery;
    delivery.path = QStringLiteral("/events");
    delivery.requestBody = R"({"Text":"it's"})";
    const QString curl = Inspector::curlFor(QUrl(QStringLiteral("http://127.0.0.1:9/")), delivery);
    QCOMPARE(curl, QStringLiteral(R"(curl -sS -X POST 'http://127.0.0.1:9/events' -H 'Content-Type: application/json' --data-binary '{"Text":"it'\''s"}')"));
}

void TestInspector::curlCommandParsesInAShell()
{
    DeliveryRecord delivery;
    delivery.path = QStringLiteral("/");
    delivery.requestBody = R"({"Text":"it's $HOME `x`"})";
    // The shell reads the body back byte for byte: echo the argument instead of running curl.
    QString command = Inspector::curlFor(QUrl(QStringLiteral("http://127.0.0.1:9/")), delivery);
    command.replace(QStringLiteral("curl -sS -X POST"), QStringLiteral("printf '%s\\n'"));
    QProcess shell;
    shell.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), command});
    QVERIFY(shell.waitForFinished(30000));
    const QByteArray output = shell.readAllStandardOutput();
    QVERIFY2(output.contains(delivery.requestBody), output.constData());
}

QTEST_MAIN(TestInspector)
#include "tst_inspector.moc"

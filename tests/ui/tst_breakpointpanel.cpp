// BreakpointPanel against the real endpoint and simulator: a CALL_ANSWERED held by a breakpoint
// rule, its reply edited and validated live, sent, and recorded as the breakpoint's reply.
#include "BreakpointPanel.h"
#include "BuiltInSession.h"

#include <QSignalSpy>
#include <QTest>

using namespace callconsole;

class TestBreakpointPanel : public QObject
{
    Q_OBJECT

private slots:
    void heldEventEditedAndSent();
};

void TestBreakpointPanel::heldEventEditedAndSent()
{
    const auto rules = ReplyRules::fromJson(R"({"rules":[{"name":"hold","event":"CALL_ANSWERED","breakpoint":true}]})");
    QVERIFY(rules.ok());
    QList<DeliveryRecord> deliveries; // outlives the session, whose last deliveries arrive as it stops
    BuiltInSession session;
    QString error;
    QVERIFY2(session.start(&error, 1.0, *rules.value), qPrintable(error));
    BreakpointPanel panel;
    panel.setEndpoint(session.endpoint());
    QCOMPARE(panel.heldCount(), 0);
    QVERIFY(!panel.canSend());

    connect(&session, &BuiltInSession::deliveriesReady, this,
            [&deliveries](const QList<DeliveryRecord> &batch) { deliveries += batch; });
    CreateCallRequest request;
    request.sipMediaApplicationId = session.sipMediaApplicationIds().first();
    request.fromPhoneNumber = session.phoneNumbers().first();
    request.toPhoneNumber = QStringLiteral("+14155550199");
    session.place(request);
    QTRY_COMPARE_WITH_TIMEOUT(panel.heldCount(), 1, 30000);

    panel.setReplyText(QStringLiteral(R"({"SchemaVersion":"1.0","Actions":[{"Type":"NoSuchAction"}]})"));
    QVERIFY(!panel.canSend());
    QVERIFY2(panel.validationMessage().contains(QStringLiteral("NoSuchAction")), qPrintable(panel.validationMessage()));

    panel.setReplyText(QStringLiteral(R"({"SchemaVersion":"1.0","Actions":[{"Type":"Hangup","Parameters":{"SipResponseCode":"0"}}]})"));
    QVERIFY2(panel.canSend(), qPrintable(panel.validationMessage()));
    QSignalSpy released(&panel, &BreakpointPanel::released);
    panel.send();
    QCOMPARE(released.size(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(panel.heldCount(), 0, 10000);

    const auto answeredReply = [&deliveries]() -> QByteArray {
        for (const DeliveryRecord &delivery : deliveries) {
            if (delivery.eventType == QLatin1String("CALL_ANSWERED"))
                return delivery.replySource.toUtf8() + ' ' + delivery.replyBody;
        }
        return {};
    };
    QTRY_VERIFY_WITH_TIMEOUT(!answeredReply().isEmpty(), 20000);
    QVERIFY2(answeredReply().startsWith("breakpoint "), answeredReply().constData());
    QVERIFY2(answeredReply().contains("Hangup"), answeredReply().constData());
}

QTEST_MAIN(TestBreakpointPanel)
#include "tst_breakpointpanel.moc"

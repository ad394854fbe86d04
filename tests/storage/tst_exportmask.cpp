// ExportMask on the text and deliveries an export writes: numbers keep their country code and
// last two digits, account ids and header values are replaced, the same value always gets the
// same mask in one file, and what is not personal (UUIDs, timestamps) is left as it was.
#include "ExportMask.h"

#include <QTest>

using namespace callconsole;

class TestExportMask : public QObject
{
    Q_OBJECT

private slots:
    void phoneNumbersKeepCountryCodeAndLastTwoDigits_data()
    {
        QTest::addColumn<QString>("number");
        QTest::addColumn<QString>("masked");
        QTest::newRow("NANP") << "+14155550123" << "+1********23";
        QTest::newRow("UK") << "+442071838750" << "+44********50";
        QTest::newRow("France") << "+33142685300" << "+33*******00";
        QTest::newRow("Hong Kong (3-digit code)") << "+85223456789" << "+852******89";
    }

    void phoneNumbersKeepCountryCodeAndLastTwoDigits()
    {
        QFETCH(QString, number);
        QFETCH(QString, masked);
        ExportMask mask;
        QCOMPARE(mask.text(number), masked);
    }

    void sameValueSameMaskAndCollisionsToldApart()
    {
        ExportMask mask;
        const QString text = mask.text(QStringLiteral(R"({"To":"+14155550123","From":"+12065550123","Again":"sip:+14155550123@host"})"));
        QCOMPARE(text, QStringLiteral(R"({"To":"+1********23","From":"+1********23~2","Again":"sip:+1********23@host"})"));
        QCOMPARE(mask.text(QStringLiteral("+12065550123")), QStringLiteral("+1********23~2"));
    }

    void accountIdsMaskedWhereverTheyAre()
    {
        ExportMask mask;
        const QString text = mask.text(QStringLiteral(
            R"({"AwsAccountId":"123456789012","Arn":"arn:aws:lambda:us-east-1:123456789012:function:f","Other":"210987654321"})"));
        QCOMPARE(text, QStringLiteral(
            R"({"AwsAccountId":"masked-account-1","Arn":"arn:aws:lambda:us-east-1:masked-account-1:function:f","Other":"masked-account-2"})"));
    }

    void leavesIdsAndTimesAlone()
    {
        ExportMask mask;
        const QString kept = QStringLiteral(
            R"({"TransactionId":"5b3c1a2e-8d4f-4f1e-9a6b-123456789012","StartTimeInMilliseconds":"1668005564158","Sequence":3})");
        QCOMPARE(mask.text(kept), kept);
    }

    void headerValuesMaskedButContentType()
    {
        ExportMask mask;
        DeliveryRecord record;
        record.requestHeaders = {{"Content-Type", "application/json"},
                                 {"X-Amzn-RequestId", "0a1b2c3d-0003"},
                                 {"User-Agent", "relay/1.0"},
                                 {"X-Amzn-Trace-Id", "0a1b2c3d-0003"}};
        record.requestBody = R"({"CallDetails":{"AwsAccountId":"123456789012"}})";
        const DeliveryRecord masked = mask.delivery(record);
        QCOMPARE(masked.requestHeaders.at(0).second, QByteArray("application/json"));
        QCOMPARE(masked.requestHeaders.at(1).second, QByteArray("masked-1"));
        QCOMPARE(masked.requestHeaders.at(2).second, QByteArray("masked-2"));
        QCOMPARE(masked.requestHeaders.at(3).second, QByteArray("masked-1"));
        QCOMPARE(masked.requestBody, QByteArray(R"({"CallDetails":{"AwsAccountId":"masked-account-1"}})"));
    }
};

QTEST_GUILESS_MAIN(TestExportMask)
#include "tst_exportmask.moc"

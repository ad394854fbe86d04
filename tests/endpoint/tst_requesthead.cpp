// RequestHead: the connection guard's one-pass reading of a request head — framing (where
// the body ends), the request line, and whether the client keeps the connection open.
#include "RequestHead.h"

#include <QTest>

using namespace callconsole;

class TestRequestHead : public QObject
{
    Q_OBJECT

private slots:
    void framing_data()
    {
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<bool>("validRequestLine");
        QTest::addColumn<qint64>("contentLength");
        QTest::addColumn<bool>("chunked");
        QTest::addColumn<QByteArray>("invalidLength");
        QTest::addColumn<QByteArray>("conflictingLength");

        QTest::newRow("POST with length") << QByteArray("POST /events HTTP/1.1\r\nHost: x\r\nContent-Length: 526")
                                          << true << qint64(526) << false << QByteArray() << QByteArray();
        QTest::newRow("no length") << QByteArray("GET /health HTTP/1.1\r\nHost: x") << true << qint64(-1) << false
                                   << QByteArray() << QByteArray();
        QTest::newRow("name any case, spaces") << QByteArray("POST / HTTP/1.1\r\ncontent-LENGTH:   12  \r\n")
                                               << true << qint64(12) << false << QByteArray() << QByteArray();
        QTest::newRow("bare LF lines") << QByteArray("POST / HTTP/1.1\nHost: x\nContent-Length: 3")
                                       << true << qint64(3) << false << QByteArray() << QByteArray();
        QTest::newRow("equal lengths twice") << QByteArray("POST / HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 2")
                                             << true << qint64(2) << false << QByteArray() << QByteArray();
        QTest::newRow("different lengths") << QByteArray("POST / HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 2000")
                                           << true << qint64(2) << false << QByteArray() << QByteArray("2000");
        QTest::newRow("negative length") << QByteArray("POST / HTTP/1.1\r\nContent-Length: -5")
                                         << true << qint64(-1) << false << QByteArray("-5") << QByteArray();
        QTest::newRow("text length") << QByteArray("POST / HTTP/1.1\r\nContent-Length: ten")
                                     << true << qint64(-1) << false << QByteArray("ten") << QByteArray();
        QTest::newRow("chunked") << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked")
                                 << true << qint64(-1) << true << QByteArray() << QByteArray();
        QTest::newRow("chunked among codings") << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, Chunked")
                                               << true << qint64(-1) << true << QByteArray() << QByteArray();
        QTest::newRow("not chunked") << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunkedish")
                                     << true << qint64(-1) << false << QByteArray() << QByteArray();
        QTest::newRow("garbage line") << QByteArray("HELLO THERE") << false << qint64(-1) << false << QByteArray() << QByteArray();
        QTest::newRow("no version") << QByteArray("GET /health\r\nHost: x") << false << qint64(-1) << false
                                    << QByteArray() << QByteArray();
        QTest::newRow("HTTP/2 line") << QByteArray("GET / HTTP/2.0") << false << qint64(-1) << false << QByteArray() << QByteArray();
        QTest::newRow("four parts") << QByteArray("GET / x HTTP/1.1") << false << qint64(-1) << false << QByteArray() << QByteArray();
        QTest::newRow("double space") << QByteArray("GET  / HTTP/1.1") << false << qint64(-1) << false << QByteArray() << QByteArray();
        QTest::newRow("empty") << QByteArray() << false << qint64(-1) << false << QByteArray() << QByteArray();
    }
    void framing()
    {
        QFETCH(QByteArray, head);
        QFETCH(bool, validRequestLine);
        QFETCH(qint64, contentLength);
        QFETCH(bool, chunked);
        QFETCH(QByteArray, invalidLength);
        QFETCH(QByteArray, conflictingLength);
        const RequestHead parsed = RequestHead::parse(head);
        QCOMPARE(parsed.validRequestLine, validRequestLine);
        QCOMPARE(parsed.contentLength, contentLength);
        QCOMPARE(parsed.chunked, chunked);
        QCOMPARE(parsed.invalidLength.toByteArray(), invalidLength);
        QCOMPARE(parsed.invalidLength.isNull(), invalidLength.isNull());
        QCOMPARE(parsed.conflictingLength.toByteArray(), conflictingLength);
    }

    void keepAlive_data()
    {
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<bool>("keepAlive");
        QTest::newRow("1.1 default") << QByteArray("GET / HTTP/1.1\r\nHost: x") << true;
        QTest::newRow("1.1 close") << QByteArray("GET / HTTP/1.1\r\nConnection: close") << false;
        QTest::newRow("1.1 Close in a list") << QByteArray("GET / HTTP/1.1\r\nConnection: TE, Close") << false;
        QTest::newRow("1.0 default") << QByteArray("GET / HTTP/1.0") << false;
        QTest::newRow("1.0 keep-alive") << QByteArray("GET / HTTP/1.0\r\nConnection: Keep-Alive") << true;
        QTest::newRow("1.0 keep-alive then close") << QByteArray("GET / HTTP/1.0\r\nConnection: keep-alive, close") << false;
        QTest::newRow("header named like a token") << QByteArray("GET / HTTP/1.1\r\nX-Connection: close") << true;
    }
    void keepAlive()
    {
        QFETCH(QByteArray, head);
        QFETCH(bool, keepAlive);
        QCOMPARE(RequestHead::parse(head).keepAlive, keepAlive);
    }
};

QTEST_GUILESS_MAIN(TestRequestHead)
#include "tst_requesthead.moc"

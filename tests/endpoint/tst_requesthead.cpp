// RequestHead: the connection guard's one-pass reading of a request head — framing (where
// the body ends), the request line, whether the client keeps the connection open, and the
// heads it refuses because QHttpServer could frame them differently.
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
        QTest::addColumn<qint64>("contentLength");
        QTest::addColumn<bool>("chunked");
        QTest::addColumn<bool>("expectsContinue");

        QTest::newRow("POST with length") << QByteArray("POST /events HTTP/1.1\r\nHost: x\r\nContent-Length: 526")
                                          << qint64(526) << false << false;
        QTest::newRow("no length") << QByteArray("GET /health HTTP/1.1\r\nHost: x") << qint64(-1) << false << false;
        QTest::newRow("name any case, spaces after the colon")
            << QByteArray("POST / HTTP/1.1\r\ncontent-LENGTH:   12  \r\nX: y") << qint64(12) << false << false;
        QTest::newRow("equal lengths twice") << QByteArray("POST / HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 2")
                                             << qint64(2) << false << false;
        QTest::newRow("chunked") << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked") << qint64(-1) << true << false;
        QTest::newRow("Chunked, any case") << QByteArray("POST / HTTP/1.1\r\ntransfer-encoding: Chunked") << qint64(-1) << true << false;
        QTest::newRow("expect 100-continue") << QByteArray("POST / HTTP/1.1\r\nExpect: 100-Continue\r\nContent-Length: 9")
                                             << qint64(9) << false << true;
        QTest::newRow("100 fields") << (QByteArray("POST / HTTP/1.1") + QByteArray("\r\nX-F: v").repeated(99) + "\r\nContent-Length: 1")
                                    << qint64(1) << false << false;
    }
    void framing()
    {
        QFETCH(QByteArray, head);
        QFETCH(qint64, contentLength);
        QFETCH(bool, chunked);
        QFETCH(bool, expectsContinue);
        const RequestHead parsed = RequestHead::parse(head);
        QVERIFY2(!parsed.refused(), qPrintable(parsed.refusal + QStringLiteral(": ") + parsed.refusalDetail));
        QCOMPARE(parsed.contentLength, contentLength);
        QCOMPARE(parsed.chunked, chunked);
        QCOMPARE(parsed.expectsContinue, expectsContinue);
    }

    // Every head QHttpServer (6.4 to 6.8) could frame differently from the guard is refused.
    void ambiguousHeadsAreRefused_data()
    {
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("refusal");
        const QString ambiguous = QStringLiteral("ambiguous request head");
        QTest::newRow("101 fields") << (QByteArray("POST / HTTP/1.1") + QByteArray("\r\nX-F: v").repeated(100) + "\r\nContent-Length: 1")
                                    << 431 << QStringLiteral("too many header fields");
        QTest::newRow("space before the colon") << QByteArray("POST / HTTP/1.1\r\nContent-Length : 5") << 400 << ambiguous;
        QTest::newRow("tab in the name") << QByteArray("POST / HTTP/1.1\r\nContent-Length\t: 5") << 400 << ambiguous;
        QTest::newRow("line without a colon") << QByteArray("POST / HTTP/1.1\r\nHost x\r\nContent-Length: 5") << 400 << ambiguous;
        QTest::newRow("obs-fold") << QByteArray("POST / HTTP/1.1\r\nX-A: 1\r\n Content-Length: 5") << 400 << ambiguous;
        QTest::newRow("bare LF lines") << QByteArray("POST / HTTP/1.1\nHost: x\nContent-Length: 3") << 400 << ambiguous;
        QTest::newRow("bare LF once") << QByteArray("POST / HTTP/1.1\r\nHost: x\nContent-Length: 3") << 400 << ambiguous;
        QTest::newRow("bare CR") << QByteArray("POST / HTTP/1.1\r\nHost: x\rContent-Length: 3") << 400 << ambiguous;
        QTest::newRow("NUL in a value") << QByteArray("POST / HTTP/1.1\r\nX-A: a\0b", 27) << 400 << ambiguous;
        QTest::newRow("xchunked") << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: xchunked") << 400
                                  << QStringLiteral("unsupported Transfer-Encoding");
        QTest::newRow("chunked among codings") << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked") << 400
                                               << QStringLiteral("unsupported Transfer-Encoding");
        QTest::newRow("two Transfer-Encodings") << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked")
                                                << 400 << QStringLiteral("unsupported Transfer-Encoding");
        QTest::newRow("length and chunked") << QByteArray("POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked")
                                            << 400 << QStringLiteral("both Content-Length and Transfer-Encoding");
        QTest::newRow("different lengths") << QByteArray("POST / HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 2000")
                                           << 400 << QStringLiteral("conflicting Content-Length headers");
        QTest::newRow("negative length") << QByteArray("POST / HTTP/1.1\r\nContent-Length: -5") << 400 << QStringLiteral("invalid Content-Length");
        QTest::newRow("signed length") << QByteArray("POST / HTTP/1.1\r\nContent-Length: +5") << 400 << QStringLiteral("invalid Content-Length");
        QTest::newRow("listed length") << QByteArray("POST / HTTP/1.1\r\nContent-Length: 5, 5") << 400 << QStringLiteral("invalid Content-Length");
        QTest::newRow("text length") << QByteArray("POST / HTTP/1.1\r\nContent-Length: ten") << 400 << QStringLiteral("invalid Content-Length");
        const QString requestLine = QStringLiteral("malformed request line");
        QTest::newRow("garbage line") << QByteArray("HELLO THERE") << 400 << requestLine;
        QTest::newRow("no version") << QByteArray("GET /health\r\nHost: x") << 400 << requestLine;
        QTest::newRow("HTTP/2 line") << QByteArray("GET / HTTP/2.0") << 400 << requestLine;
        QTest::newRow("four parts") << QByteArray("GET / x HTTP/1.1") << 400 << requestLine;
        QTest::newRow("double space") << QByteArray("GET  / HTTP/1.1") << 400 << requestLine;
        QTest::newRow("leading space") << QByteArray(" GET / HTTP/1.1") << 400 << requestLine;
        QTest::newRow("empty") << QByteArray() << 400 << requestLine;
    }
    void ambiguousHeadsAreRefused()
    {
        QFETCH(QByteArray, head);
        QFETCH(int, status);
        QFETCH(QString, refusal);
        const RequestHead parsed = RequestHead::parse(head);
        QCOMPARE(parsed.refusalStatus, status);
        QCOMPARE(parsed.refusal, refusal);
        QVERIFY(!parsed.refusalDetail.isEmpty());
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

// JsonValues' fast paths checked against Qt's own JSON: escaped strings must parse back to
// the text they came from, and Members must answer as QJsonObject does.
#include "JsonValues.h"

#include <QJsonDocument>
#include <QTest>

using namespace callconsole;

class TestJsonValues : public QObject
{
    Q_OBJECT

private slots:
    void escapedStringsParseBack_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("plain") << QStringLiteral("+12065550100");
        QTest::newRow("empty") << QString();
        QTest::newRow("quote and backslash") << QStringLiteral("say \"hi\" \\ bye");
        QTest::newRow("controls") << QStringLiteral("line\nnext\ttab\x01");
        QTest::newRow("non-ASCII") << QStringLiteral("Grüße — 電話");
        QTest::newRow("slash and braces") << QStringLiteral("a/b {{x}}");
    }
    void escapedStringsParseBack()
    {
        QFETCH(QString, text);
        const QByteArray document = "[\"" + json::escapedForString(QStringView(text)) + "\"]";
        QJsonParseError error{};
        const QJsonDocument parsed = QJsonDocument::fromJson(document, &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(parsed.array().at(0).toString(), text);
        // Latin-1 bytes (header values) read back as the same characters.
        if (std::all_of(text.cbegin(), text.cend(), [](QChar c) { return c.unicode() < 0x100; })) {
            const QByteArray latin1 = text.toLatin1();
            const QByteArray fromBytes = "[\"" + json::escapedForString(QByteArrayView(latin1)) + "\"]";
            QCOMPARE(QJsonDocument::fromJson(fromBytes).array().at(0).toString(), text);
        }
    }

    void latin1HighBytesBecomeUtf8()
    {
        const QByteArray latin1("caf\xe9");
        QCOMPARE(json::escapedForString(QByteArrayView(latin1)), QByteArray("caf\xc3\xa9"));
    }

    void membersAnswerAsTheObjectDoes()
    {
        const QJsonObject object = QJsonDocument::fromJson(R"({"CallId":"a","Status":null,"N":3,"Nested":{"x":1}})").object();
        const json::Members members(object);
        QCOMPARE(members.size(), object.size());
        QCOMPARE(members.unreadKeys(), object.keys()); // nothing asked for yet
        for (const char *key : {"CallId", "Status", "N", "Nested", "Missing"}) {
            QCOMPARE(members.value(QLatin1String(key)), object.value(QLatin1String(key)));
            QCOMPARE(members.contains(QLatin1String(key)), object.contains(QLatin1String(key)));
        }
        QVERIFY(members.unreadKeys().isEmpty());
    }

    void unreadKeysAreThoseNoLookupAskedFor()
    {
        const QJsonObject object = QJsonDocument::fromJson(R"({"CallId":"a","Status":null,"N":3,"Nested":{"x":1}})").object();
        const json::Members members(object);
        QVERIFY(members.value(QLatin1String("CallId")).isString());
        QVERIFY(!members.contains(QLatin1String("Missing")));
        QVERIFY(members.contains(QLatin1String("N")));
        QVERIFY(members.contains(QLatin1String("N"))); // asked twice, counted once
        QCOMPARE(members.unreadKeys(), (QStringList{QStringLiteral("Nested"), QStringLiteral("Status")}));
        QVERIFY(members.value(QLatin1String("Status")).isNull());
        QCOMPARE(members.unreadKeys(), QStringList{QStringLiteral("Nested")});
    }

    // What QJsonDocument reads leniently is named, with its offset; strict JSON passes.
    void strictSyntax_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("problem"); // empty: strict JSON
        QTest::newRow("plain") << QByteArray("{\"a\": \"b\\n\\u00e9\\\"\", \"c\": [1, 2]}") << QString();
        QTest::newRow("surrogate pair") << QByteArray("{\"a\": \"\\ud83d\\ude00\"}") << QString();
        QTest::newRow("backslash x") << QByteArray("{\"a\": \"\\x41\"}") << QStringLiteral("offset 7: '\\x' is not a JSON escape");
        QTest::newRow("lone high") << QByteArray("{\"a\": \"\\ud800\"}") << QStringLiteral("offset 7: \\ud800 is a high surrogate without its low surrogate");
        QTest::newRow("high then letter") << QByteArray("{\"a\": \"\\ud800\\u0041\"}") << QStringLiteral("offset 7: \\ud800 is a high surrogate");
        QTest::newRow("lone low") << QByteArray("{\"a\": \"\\udc00\"}") << QStringLiteral("offset 7: \\udc00 is a low surrogate");
        QTest::newRow("short u") << QByteArray("{\"a\": \"\\u12\"}") << QStringLiteral("four hexadecimal digits");
        QTest::newRow("raw control") << QByteArray("{\"a\": \"x\ty\"}") << QStringLiteral("control character");
        QTest::newRow("not UTF-8") << QByteArray("{\"a\": \"\xff\"}") << QStringLiteral("not UTF-8");
    }
    void strictSyntax()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, problem);
        const QString found = json::strictSyntaxProblem(text);
        if (problem.isEmpty())
            QVERIFY2(found.isEmpty(), qPrintable(found));
        else
            QVERIFY2(found.contains(problem), qPrintable(found));
    }
};

QTEST_GUILESS_MAIN(TestJsonValues)
#include "tst_jsonvalues.moc"

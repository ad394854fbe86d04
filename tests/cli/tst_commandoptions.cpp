// CommandLine: one definition parses --opt=value and --opt value alike, and every usage error
// names the option as it was typed. Also checks that each real command's definition is sound.
#include "Command.h"
#include "CommandReference.h"

#include <QSet>
#include <QTest>

using namespace callconsole::cli;

namespace {

CommandDefinition sample()
{
    return {"sample", "A command for the test",
            {Argument::one("FILE", "the input").file()},
            {Option::value("to", "URL", "where to send").required(),
             Option::value("format", "FORMAT", "how to write").choices({"json", "jsonl"})
                 .byDefault("json"),
             Option::value("port", "N", "port").byDefault("0"),
             Option::value("speed", "X", "speed"),
             Option::value("arg", "K=V", "an argument").repeatable(),
             Option::value("output", "FILE", "write there").alias('o').file(),
             Option::flag("json", "print JSON"),
             Option::flag("secret", "not documented").hidden()},
            "Description."};
}

} // namespace

class TestCommandOptions : public QObject
{
    Q_OBJECT

private slots:
    void bothSpellingsGiveTheValue_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("--opt value") << QStringList{QStringLiteral("--to"), QStringLiteral("http://h/"), QStringLiteral("--output"),
                                                    QStringLiteral("out.json"), QStringLiteral("in.jsonl")};
        QTest::newRow("--opt=value") << QStringList{QStringLiteral("--to=http://h/"), QStringLiteral("--output=out.json"),
                                                    QStringLiteral("in.jsonl")};
        QTest::newRow("alias, options after the file") << QStringList{QStringLiteral("in.jsonl"), QStringLiteral("--to"),
                                                                      QStringLiteral("http://h/"), QStringLiteral("-o"), QStringLiteral("out.json")};
    }
    void bothSpellingsGiveTheValue()
    {
        QFETCH(QStringList, arguments);
        const CommandDefinition definition = sample();
        const CommandLine line(definition, arguments);
        QVERIFY2(line.error().isEmpty(), qPrintable(line.error()));
        QCOMPARE(line.value("to"), QStringLiteral("http://h/"));
        QCOMPARE(line.value("output"), QStringLiteral("out.json"));
        QCOMPARE(line.value("format"), QStringLiteral("json"));  // the default
        QVERIFY(!line.isSet("format"));
        QCOMPARE(line.positional(), QStringList{QStringLiteral("in.jsonl")});
    }

    void valuesAndOperands()
    {
        const CommandDefinition definition = sample();
        // A value may start with a dash; "-" is standard input; after "--" everything is an operand.
        const CommandLine line(definition, {QStringLiteral("--to"), QStringLiteral("http://h/"), QStringLiteral("--arg"),
                                            QStringLiteral("a=1"), QStringLiteral("--arg=b=2"), QStringLiteral("--speed"),
                                            QStringLiteral("-1"), QStringLiteral("-")});
        QVERIFY2(line.error().isEmpty(), qPrintable(line.error()));
        QCOMPARE(line.values("arg"), (QStringList{QStringLiteral("a=1"), QStringLiteral("b=2")}));
        QCOMPARE(line.value("speed"), QStringLiteral("-1"));
        QCOMPARE(line.positional(), QStringList{QStringLiteral("-")});
        const CommandLine dashes(definition, {QStringLiteral("--to=http://h/"), QStringLiteral("--"), QStringLiteral("--json")});
        QVERIFY2(dashes.error().isEmpty(), qPrintable(dashes.error()));
        QVERIFY(!dashes.isSet("json"));
        QCOMPARE(dashes.positional(), QStringList{QStringLiteral("--json")});
    }

    void usageErrorsNameTheOption_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("error");
        const QString to = QStringLiteral("--to=http://h/");
        const QString file = QStringLiteral("in.jsonl");
        QTest::newRow("missing value") << QStringList{file, QStringLiteral("--to")} << QStringLiteral("--to: missing value");
        QTest::newRow("missing value, alias") << QStringList{file, to, QStringLiteral("-o")} << QStringLiteral("-o: missing value");
        QTest::newRow("unknown") << QStringList{file, to, QStringLiteral("--frm"), QStringLiteral("x")}
                                 << QStringLiteral("unknown option --frm; see --help");
        QTest::newRow("unknown with value") << QStringList{file, to, QStringLiteral("--frm=x")}
                                            << QStringLiteral("unknown option --frm; see --help");
        QTest::newRow("unknown short") << QStringList{file, to, QStringLiteral("-x")} << QStringLiteral("unknown option -x; see --help");
        QTest::newRow("flag with a value") << QStringList{file, to, QStringLiteral("--json=yes")} << QStringLiteral("--json: takes no value");
        QTest::newRow("not a choice") << QStringList{file, to, QStringLiteral("--format=xml")}
                                      << QStringLiteral("--format: 'xml' — expected json or jsonl");
        QTest::newRow("required") << QStringList{file} << QStringLiteral("no --to URL given; see --help");
        QTest::newRow("twice") << QStringList{file, to, QStringLiteral("--port=1"), QStringLiteral("--port=2")}
                               << QStringLiteral("--port given more than once");
        QTest::newRow("no operand") << QStringList{to} << QStringLiteral("no FILE given; see --help");
        QTest::newRow("two operands") << QStringList{to, file, file} << QStringLiteral("one FILE at a time; see --help");
    }
    void usageErrorsNameTheOption()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, error);
        const CommandDefinition definition = sample();
        const CommandLine line(definition, arguments);
        QCOMPARE(line.error(), error);
        QVERIFY(!line.helpRequested());
    }

    void helpWinsOverErrors()
    {
        const CommandDefinition definition = sample();
        QVERIFY(CommandLine(definition, {QStringLiteral("--frm"), QStringLiteral("--help")}).helpRequested());
        QVERIFY(CommandLine(definition, {QStringLiteral("-h")}).helpRequested());
    }

    void valueChecksNameOptionValueAndRule_data()
    {
        QTest::addColumn<QString>("port");
        QTest::addColumn<QString>("error");
        QTest::newRow("in range") << QStringLiteral("8080") << QString();
        QTest::newRow("too large") << QStringLiteral("70000") << QStringLiteral("--port: '70000' — expected a whole number from 0 to 65535");
        QTest::newRow("not a number") << QStringLiteral("eighty") << QStringLiteral("--port: 'eighty' — expected a whole number from 0 to 65535");
    }
    void valueChecksNameOptionValueAndRule()
    {
        QFETCH(QString, port);
        QFETCH(QString, error);
        const CommandDefinition definition = sample();
        const CommandLine line(definition, {QStringLiteral("--to=http://h/"), QStringLiteral("f"), QStringLiteral("--port"), port});
        int value = -1;
        QCOMPARE(line.read("port", &value, 0, 65535), error.isEmpty());
        QCOMPARE(line.error(), error);
        QCOMPARE(value, error.isEmpty() ? port.toInt() : -1);

        double speed = 1;
        QVERIFY(line.read("speed", &speed, 0.1, 10));  // not given: left alone
        QCOMPARE(speed, 1.0);
    }

    void helpShowsEveryDocumentedOption()
    {
        const QString help = helpText(sample());
        QVERIFY2(help.startsWith(QLatin1String("Usage: callconsole sample [OPTIONS] --to URL FILE\n")), qPrintable(help));
        for (const char *expected : {"--to URL", "--format json|jsonl", "(default json)", "-o, --output FILE",
                                     "May be given more than once", "-h, --help"})
            QVERIFY2(help.contains(QLatin1String(expected)), expected);
        QVERIFY(!help.contains(QLatin1String("--secret")));
    }

    // Every command's definition: names unique, nothing undocumented by accident, and the
    // help lists each documented option.
    void everyCommandIsDeclaredSoundly()
    {
        QSet<QString> commandNames;
        for (const Command &command : commands()) {
            const CommandDefinition &definition = command.definition;
            QVERIFY2(!commandNames.contains(definition.name), qPrintable(definition.name));
            commandNames.insert(definition.name);
            QVERIFY(!definition.summary.isEmpty());
            QVERIFY(command.run != nullptr);
            QSet<QString> names;
            const QString help = helpText(definition);
            for (const Option &option : definition.allOptions()) {
                QVERIFY2(!names.contains(option.name), qPrintable(definition.name + QLatin1Char(' ') + option.name));
                names.insert(option.name);
                QVERIFY2(!option.description.isEmpty(), qPrintable(option.name));
                if (!option.isHidden)
                    QVERIFY2(help.contains(option.synopsis()), qPrintable(definition.name + QLatin1Char(' ') + option.synopsis()));
            }
            // The help of a command parses as nothing but a request for help.
            QVERIFY(CommandLine(definition, {QStringLiteral("--help")}).helpRequested());
        }
        QCOMPARE(commandNames.size(), 15);
    }
};

QTEST_GUILESS_MAIN(TestCommandOptions)
#include "tst_commandoptions.moc"

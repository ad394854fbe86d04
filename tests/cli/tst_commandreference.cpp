// The man page and the completions the build generated (app/CMakeLists.txt runs `callconsole
// --man` and `--completion bash|zsh`): they name every command and option of the definitions,
// groff renders the page without a warning, and real bash completes from the script.
#include "Command.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>

using namespace callconsole::cli;

namespace {

QString readFile(const char *path)
{
    QFile file(QString::fromUtf8(path));
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

QString roffName(QString name)
{
    return name.replace(QLatin1Char('-'), QLatin1String("\\-"));
}

// What bash's completion function offers for the words typed so far (the last one is being
// completed), run through the generated script in a real bash.
QStringList bashOffers(const QStringList &words)
{
    QProcess bash;
    bash.start(QStringLiteral("bash"),
               QStringList{QStringLiteral("--norc"), QStringLiteral("--noprofile"), QStringLiteral("-c"),
                           QStringLiteral("source \"$1\"; shift; COMP_WORDS=(\"$@\"); COMP_CWORD=$(($# - 1)); "
                                          "COMP_LINE=\"$*\"; COMP_POINT=${#COMP_LINE}; "
                                          "$(complete -p callconsole | sed 's/.*-F \\([^ ]*\\).*/\\1/'); "
                                          "printf '%s\\n' \"${COMPREPLY[@]}\""),
                           QStringLiteral("bash"), QStringLiteral(CALLCONSOLE_BASH_COMPLETION)}
                   + words);
    if (!bash.waitForFinished(30000) || bash.exitCode() != 0)
        return {QStringLiteral("bash failed: ") + QString::fromUtf8(bash.readAllStandardError())};
    return QString::fromUtf8(bash.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

} // namespace

class TestCommandReference : public QObject
{
    Q_OBJECT

private slots:
    void manPageNamesEveryCommandAndOption()
    {
        const QString page = readFile(CALLCONSOLE_MAN_PAGE);
        QVERIFY2(page.startsWith(QLatin1String(".\\\" callconsole(1)")), qPrintable(page.left(200)));
        QVERIFY(page.contains(QLatin1String(".TH CALLCONSOLE 1 \"\" \"callconsole " CALLCONSOLE_VERSION "\"")));
        for (const Command &command : commands()) {
            const CommandDefinition &definition = command.definition;
            const qsizetype section = page.indexOf(QStringLiteral(".SS \"callconsole %1\"\n").arg(roffName(definition.name)));
            QVERIFY2(section > 0, qPrintable(definition.name));
            const qsizetype next = page.indexOf(QLatin1String(".SS "), section + 1);
            const QString text = page.mid(section, next < 0 ? -1 : next - section);
            for (const Option &option : definition.allOptions()) {
                const QString name = QStringLiteral("\\fB\\-\\-%1\\fR").arg(roffName(option.name));
                QVERIFY2(text.contains(name) != option.isHidden, qPrintable(definition.name + QLatin1Char(' ') + option.name));
            }
        }
        for (const Option &option : programDefinition().options) {
            const QString name = QStringLiteral("\\fB\\-\\-%1\\fR").arg(roffName(option.name));
            QVERIFY2(page.contains(name) != option.isHidden, qPrintable(option.name));
        }
    }

    void manPageRendersWithoutWarnings()
    {
        // groff-base comes with scripts/install-deps.sh; man -l renders through it.
        const QString groff = QStandardPaths::findExecutable(QStringLiteral("groff"));
        QVERIFY2(!groff.isEmpty(), "groff is missing: run scripts/install-deps.sh");
        QProcess process;
        // Every warning but "cannot adjust line": a JSON shape in a description is one long word.
        process.start(groff, {QStringLiteral("-man"), QStringLiteral("-Tutf8"), QStringLiteral("-ww"), QStringLiteral("-Wbreak"),
                              QStringLiteral(CALLCONSOLE_MAN_PAGE)});
        QVERIFY(process.waitForFinished(30000));
        const QString warnings = QString::fromUtf8(process.readAllStandardError());
        QCOMPARE(process.exitCode(), 0);
        QVERIFY2(warnings.isEmpty(), qPrintable(warnings));
        // Strip overstrike bold and normalise the minus signs groff may draw for \-.
        QString rendered = QString::fromUtf8(process.readAllStandardOutput());
        rendered.remove(QRegularExpression(QStringLiteral(".\b")));
        rendered.replace(QChar(0x2212), QLatin1Char('-')).replace(QChar(0x2010), QLatin1Char('-'));
        for (const char *expected : {"callconsole check-event", "--max-actions N", "--durability full|process", "SEE ALSO"})
            QVERIFY2(rendered.contains(QLatin1String(expected)), expected);

        const QString man = QStandardPaths::findExecutable(QStringLiteral("man"));
        if (!man.isEmpty()) {
            QProcess viewer;
            QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
            environment.insert(QStringLiteral("MANPAGER"), QStringLiteral("cat"));
            environment.insert(QStringLiteral("MANWIDTH"), QStringLiteral("80"));
            viewer.setProcessEnvironment(environment);
            viewer.start(man, {QStringLiteral("-l"), QStringLiteral(CALLCONSOLE_MAN_PAGE)});
            QVERIFY(viewer.waitForFinished(30000));
            QCOMPARE(viewer.exitCode(), 0);
            QVERIFY(QString::fromUtf8(viewer.readAllStandardOutput()).contains(QLatin1String("COMMANDS")));
        }
    }

    void bashCompletesFromTheDefinitions_data()
    {
        QTest::addColumn<QStringList>("words");
        QTest::addColumn<QStringList>("offered");
        const QString cc = QStringLiteral("callconsole");
        QTest::newRow("commands") << QStringList{cc, QStringLiteral("check-")}
                                  << QStringList{QStringLiteral("check-event"), QStringLiteral("check-actions")};
        QTest::newRow("a command's options") << QStringList{cc, QStringLiteral("check-actions"), QStringLiteral("--max-")}
                                             << QStringList{QStringLiteral("--max-actions"), QStringLiteral("--max-attributes")};
        QTest::newRow("choices after the option") << QStringList{cc, QStringLiteral("export"), QStringLiteral("f"),
                                                                 QStringLiteral("--format"), QString()}
                                                  << QStringList{QStringLiteral("json"), QStringLiteral("jsonl"),
                                                                 QStringLiteral("har"), QStringLiteral("mermaid")};
        QTest::newRow("choices after =") << QStringList{cc, QStringLiteral("serve"), QStringLiteral("--durability"), QStringLiteral("=")}
                                         << QStringList{QStringLiteral("full"), QStringLiteral("process")};
        QTest::newRow("choices after =, started") << QStringList{cc, QStringLiteral("place"), QStringLiteral("--backend"),
                                                                 QStringLiteral("="), QStringLiteral("a")}
                                                  << QStringList{QStringLiteral("aws")};
        QTest::newRow("program options") << QStringList{cc, QStringLiteral("--ver")} << QStringList{QStringLiteral("--version")};
    }
    void bashCompletesFromTheDefinitions()
    {
        QFETCH(QStringList, words);
        QFETCH(QStringList, offered);
        const QStringList got = bashOffers(words);
        for (const QString &word : offered)
            QVERIFY2(got.contains(word), qPrintable(got.join(QLatin1Char(' '))));
        QCOMPARE(got.size(), offered.size());
    }

    void bashOffersEveryOptionOfEveryCommand()
    {
        for (const Command &command : commands()) {
            const QStringList got = bashOffers({QStringLiteral("callconsole"), command.definition.name, QStringLiteral("--")});
            for (const Option &option : command.definition.allOptions())
                QVERIFY2(got.contains(QStringLiteral("--") + option.name) != option.isHidden,
                         qPrintable(command.definition.name + QStringLiteral(" --") + option.name));
        }
    }

    void zshScriptNamesEveryOption()
    {
        const QString script = readFile(CALLCONSOLE_ZSH_COMPLETION);
        QVERIFY(script.startsWith(QLatin1String("#compdef callconsole\n")));
        for (const Command &command : commands()) {
            QVERIFY2(script.contains(QStringLiteral("    %1)\n").arg(command.definition.name)), qPrintable(command.definition.name));
            for (const Option &option : command.definition.options) {
                if (!option.isHidden)
                    QVERIFY2(script.contains(QStringLiteral("--") + option.name), qPrintable(option.name));
            }
        }
        const QString zsh = QStandardPaths::findExecutable(QStringLiteral("zsh"));
        if (zsh.isEmpty())
            return;  // the syntax check needs zsh; the names above do not
        QProcess check;
        check.start(zsh, {QStringLiteral("-n"), QStringLiteral(CALLCONSOLE_ZSH_COMPLETION)});
        QVERIFY(check.waitForFinished(30000));
        QVERIFY2(check.exitCode() == 0, check.readAllStandardError().constData());
    }
};

QTEST_GUILESS_MAIN(TestCommandReference)
#include "tst_commandreference.moc"

// callconsole: the desktop console by default; headless subcommands for scripts and CI.
#include "CliOutput.h"
#include "Command.h"
#include "CommandReference.h"
#include "DemoRun.h"
#include "MainWindow.h"

#include <QApplication>
#include <QCoreApplication>
#include <QProcessEnvironment>

#include <memory>

using namespace callconsole;

namespace {

// Qt aborts without a display unless told to render offscreen; a person launching the console
// over SSH should get the headless demo and be told why, not a crash.
bool hasDisplay()
{
    const auto env = QProcessEnvironment::systemEnvironment();
    return env.contains(QStringLiteral("DISPLAY")) || env.contains(QStringLiteral("WAYLAND_DISPLAY"))
        || env.contains(QStringLiteral("QT_QPA_PLATFORM"));
}

int runHeadless(int argc, char **argv, const cli::Command &command, const QStringList &arguments)
{
    // Qt's own event dispatcher instead of GLib's: nothing headless needs GLib's main loop, and
    // under load `serve` answered ~2.5 % more events for ~2.5 % less CPU each without it
    // (tests/bench/endpoint). Read by every thread's dispatcher; a user's own setting stands.
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("callconsole"));
    QCoreApplication::setOrganizationName(QStringLiteral("CallConsole"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CALLCONSOLE_VERSION));
    return command(arguments);
}

} // namespace

int main(int argc, char **argv)
{
    QStringList arguments;
    for (int i = 1; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);

    if (!arguments.isEmpty() && !arguments.first().startsWith(QLatin1Char('-'))) {
        const QString first = arguments.first();
        if (first == QLatin1String("help")) {
            cli::out() << cli::programHelpText(cli::programDefinition(), cli::commands()) << Qt::flush;
            return 0;
        }
        if (const auto *command = cli::findCommand(first))
            return runHeadless(argc, argv, *command, arguments.mid(1));
        return cli::fail(first, QStringLiteral("unknown command; `callconsole --help` lists them"));
    }

    const cli::CommandLine line(cli::programDefinition(), arguments);
    if (line.helpRequested()) {
        cli::out() << cli::programHelpText(cli::programDefinition(), cli::commands()) << Qt::flush;
        return 0;
    }
    if (!line.error().isEmpty())
        return line.usageError();
    if (line.isSet("version")) {
        cli::out() << "callconsole " << CALLCONSOLE_VERSION << Qt::endl;
        return 0;
    }
    if (line.isSet("man")) {
        cli::out() << cli::manPage(cli::programDefinition(), cli::commands(), QStringLiteral(CALLCONSOLE_VERSION)) << Qt::flush;
        return 0;
    }
    if (line.isSet("completion")) {
        const bool bash = line.value("completion") == QLatin1String("bash");
        cli::out() << (bash ? cli::bashCompletion(cli::programDefinition(), cli::commands())
                            : cli::zshCompletion(cli::programDefinition(), cli::commands())) << Qt::flush;
        return 0;
    }

    const bool demoMode = line.isSet("demo");
    const QString screenshot = line.value("screenshot");
    // A screenshot needs no screen: render offscreen rather than fall back to the headless demo.
    if (!screenshot.isEmpty() && !hasDisplay())
        qputenv("QT_QPA_PLATFORM", "offscreen");
    if (!hasDisplay()) {
        cli::out() << "No display found: running the headless demo instead (`callconsole demo`)." << Qt::endl;
        if (const auto *demo = cli::findCommand(QStringLiteral("demo")))
            return runHeadless(argc, argv, *demo, arguments);
        return cli::fail(QStringLiteral("demo"), QStringLiteral("the demo is not part of this build"));
    }

    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("callconsole"));
    QApplication::setOrganizationName(QStringLiteral("CallConsole"));
    QApplication::setApplicationDisplayName(QStringLiteral("Call Console"));
    QApplication::setApplicationVersion(QStringLiteral(CALLCONSOLE_VERSION));
    QApplication::setDesktopFileName(QStringLiteral(CALLCONSOLE_APP_ID));

    MainWindow window;
    QString error;
    // The demo runs the simulated calls faster so its picture shows whole calls.
    if (!window.startBuiltIn(&error, demoMode || !screenshot.isEmpty() ? 3.0 : 1.0))
        return cli::fail(QStringLiteral("endpoint"), error);
    window.show();
    if (demoMode || !screenshot.isEmpty())
        runDemo(&window, screenshot);
    return app.exec();
}

// callconsole: the desktop console by default; headless subcommands for scripts and CI.
#include "CliOutput.h"
#include "Command.h"
#include "DemoRun.h"
#include "MainWindow.h"

#include <QApplication>
#include <QCoreApplication>
#include <QProcessEnvironment>

#include <memory>

using namespace callconsole;

namespace {

void printHelp()
{
    auto &out = cli::out();
    out << "Call Console " << CALLCONSOLE_VERSION
        << " — place, answer and watch Amazon Chime SDK PSTN audio (SIP media application) calls.\n\n"
        << "Usage:\n"
        << "  callconsole                 open the desktop console on the built-in simulator\n"
        << "  callconsole COMMAND [ARGS]  run a headless command (COMMAND --help for its options)\n"
        << "  callconsole --demo [--screenshot FILE.png]\n"
        << "                              open the console and place a few simulated calls;\n"
        << "                              with --screenshot, save the window as PNG and quit\n"
        << "  callconsole --version | --help\n\n"
        << "Commands:\n";
    for (const auto &command : cli::commands())
        out << "  " << command.name.leftJustified(15) << " " << command.summary << "\n";
    out.flush();
}

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
    return command.run(arguments);
}

} // namespace

int main(int argc, char **argv)
{
    QStringList arguments;
    for (int i = 1; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);

    if (!arguments.isEmpty()) {
        const QString first = arguments.first();
        if (first == QLatin1String("--version") || first == QLatin1String("-v")) {
            cli::out() << "callconsole " << CALLCONSOLE_VERSION << Qt::endl;
            return 0;
        }
        if (first == QLatin1String("--help") || first == QLatin1String("-h") || first == QLatin1String("help")) {
            printHelp();
            return 0;
        }
        if (const auto *command = cli::findCommand(first))
            return runHeadless(argc, argv, *command, arguments.mid(1));
        if (!first.startsWith(QLatin1Char('-')))
            return cli::fail(first, QStringLiteral("unknown command; `callconsole --help` lists them"));
    }

    const bool demoMode = arguments.contains(QLatin1String("--demo"));
    const int screenshotAt = int(arguments.indexOf(QLatin1String("--screenshot")));
    if (screenshotAt >= 0 && screenshotAt + 1 >= arguments.size())
        return cli::fail(QStringLiteral("--screenshot"), QStringLiteral("needs a FILE.png to write"));
    const QString screenshot = screenshotAt >= 0 ? arguments.at(screenshotAt + 1) : QString();
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
    QApplication::setDesktopFileName(QStringLiteral("io.github.callconsole.CallConsole"));

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

// Runs the real callconsole binary (CALLCONSOLE_BINARY) the way a script would, and keeps
// what it printed. Shared by the tests of the headless commands.
#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QProcess>
#include <QRegularExpression>
#include <QString>
#include <QStringList>
#include <QTest>
#include <QTimer>
#include <QUrl>

#include <csignal>

struct CliRun
{
    int exitCode = -1;
    QString out;
    QString err;

    QStringList outLines() const { return out.split(QLatin1Char('\n'), Qt::SkipEmptyParts); }

    static CliRun run(const QStringList &arguments, const QByteArray &stdinData = {})
    {
        QProcess process;
        process.setProgram(QStringLiteral(CALLCONSOLE_BINARY));
        process.setArguments(arguments);
        process.start();
        CliRun result;
        // Generous: the test machine is shared and loaded.
        if (!process.waitForStarted(60000))
            return result;
        process.write(stdinData);
        process.closeWriteChannel();
        if (!process.waitForFinished(120000)) {
            process.kill();
            process.waitForFinished();
            return result;
        }
        return finished(process);
    }

    // The same, with this thread's event loop running meanwhile: for a test whose own
    // in-process server must answer (or accept and stall) the command's requests.
    static CliRun runServing(const QStringList &arguments)
    {
        QProcess process;
        process.setProgram(QStringLiteral(CALLCONSOLE_BINARY));
        process.setArguments(arguments);
        QEventLoop loop;
        QObject::connect(&process, &QProcess::finished, &loop, &QEventLoop::quit);
        QObject::connect(&process, &QProcess::errorOccurred, &loop, &QEventLoop::quit);
        QTimer::singleShot(120000, &loop, &QEventLoop::quit);
        process.start();
        process.closeWriteChannel();
        if (process.state() != QProcess::NotRunning)
            loop.exec();
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished();
            return {};
        }
        return finished(process);
    }

private:
    static CliRun finished(QProcess &process)
    {
        CliRun result;
        result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
        result.out = QString::fromUtf8(process.readAllStandardOutput());
        result.err = QString::fromUtf8(process.readAllStandardError());
        return result;
    }
};

// Starts PROGRAM ARGS (a server: `callconsole serve`, `simulate`, a handler wrapper) and
// returns its URL once it prints "listening on URL".
inline QUrl startListening(QProcess &process, const QString &program, const QStringList &arguments)
{
    process.setProgram(program);
    process.setArguments(arguments);
    process.start();
    if (!process.waitForStarted(30000))
        return {};
    static const QRegularExpression listening(QStringLiteral("listening on (https?://\\S+)"));
    QByteArray printed;
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < 60000) {
        if (process.waitForReadyRead(200))
            printed += process.readAllStandardOutput();
        const auto match = listening.match(QString::fromUtf8(printed));
        if (match.hasMatch())
            return QUrl(match.captured(1));
        if (process.state() != QProcess::Running)
            break;
    }
    return {};
}

// Starts `callconsole serve ARGS` and returns its URL once it prints "listening on".
inline QUrl startServe(QProcess &process, const QStringList &arguments)
{
    return startListening(process, QStringLiteral(CALLCONSOLE_BINARY), QStringList{QStringLiteral("serve")} + arguments);
}

// SIGTERM, as a person's Ctrl-C: serve closes its session after the last write.
inline bool stopServe(QProcess &process)
{
    ::kill(pid_t(process.processId()), SIGTERM);
    return process.waitForFinished(30000) && process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
}

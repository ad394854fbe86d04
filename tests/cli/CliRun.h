// Runs the real callconsole binary (CALLCONSOLE_BINARY) the way a script would, and keeps
// what it printed. Shared by the tests of the headless commands.
#pragma once

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTest>

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
        result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
        result.out = QString::fromUtf8(process.readAllStandardOutput());
        result.err = QString::fromUtf8(process.readAllStandardError());
        return result;
    }
};

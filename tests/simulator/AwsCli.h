// The AWS CLI (Debian: awscli) run against a simulator on loopback, with throwaway credentials,
// keeping the caller's event loop turning while the CLI blocks — the simulator answers on it.
#pragma once

#include <QCoreApplication>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>
#include <QUrl>

#include <utility>

// `aws chime-sdk-voice ARGUMENTS --endpoint-url ENDPOINT …` → exit code, stdout + stderr.
inline std::pair<int, QString> runAwsCli(const QString &aws, const QUrl &endpoint, const QStringList &arguments)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), QStringLiteral("AKIDEXAMPLE"));
    env.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"), QStringLiteral("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));
    env.insert(QStringLiteral("AWS_EC2_METADATA_DISABLED"), QStringLiteral("true"));
    env.insert(QStringLiteral("AWS_PAGER"), QString());
    QProcess process;
    process.setProcessEnvironment(env);
    process.start(aws, QStringList{QStringLiteral("chime-sdk-voice")} + arguments
                           + QStringList{QStringLiteral("--endpoint-url"), endpoint.toString(), QStringLiteral("--region"),
                                         QStringLiteral("us-east-1"), QStringLiteral("--output"), QStringLiteral("json")});
    while (!process.waitForFinished(50))
        QCoreApplication::processEvents();
    return std::make_pair(process.exitCode(), QString::fromUtf8(process.readAllStandardOutput() + process.readAllStandardError()));
}

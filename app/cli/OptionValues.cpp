#include "OptionValues.h"

#include <QFile>

namespace callconsole::cli {

std::optional<QUrl> httpUrl(const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty()
        || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
        return std::nullopt;
    return url;
}

QByteArray readSecretFile(const QString &option, const QString &file, QString *error)
{
    QFile input(file);
    if (!input.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1 %2: %3").arg(option, file, input.errorString());
        return {};
    }
    const QByteArray secret = input.readAll().trimmed();
    if (secret.isEmpty())
        *error = QStringLiteral("%1 %2: the file is empty").arg(option, file);
    return secret;
}

QString readKeyValues(const CommandLine &line, const char *name, KeyValueList *pairs)
{
    for (const QString &value : line.values(name)) {
        const std::optional<KeyValue> pair = keyValueFromArgument(value);
        if (!pair)
            return QStringLiteral("--%1: '%2' — expected KEY=VALUE").arg(QLatin1String(name), value);
        *pairs << *pair;
    }
    return {};
}

QList<Option> connectionOptions()
{
    return {Option::value("endpoint-url", "URL", "send the API request to this control plane (e.g. `callconsole "
                                                 "simulate`'s URL) instead of the in-process simulator"),
            Option::value("backend", "NAME", "sim: the built-in simulator; aws: the real chime-sdk-voice API with "
                                             "the credentials the AWS CLI would use")
                .choices({"sim", "aws"}),
            Option::value("profile", "P", "the AWS profile (~/.aws/config, ~/.aws/credentials)"),
            Option::value("region", "R", "the AWS region (else AWS_REGION or the profile's)")};
}

QString readConnectionOptions(const CommandLine &line, aws::ConnectionOptions *connection)
{
    for (const char *name : {"backend", "profile", "region", "endpoint-url"}) {
        QString error;
        if (line.isSet(name) && !connection->set(QStringLiteral("--") + QLatin1String(name), line.value(name), &error))
            return error;
    }
    return {};
}

} // namespace callconsole::cli

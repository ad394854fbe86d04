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

} // namespace callconsole::cli

#include "AwsConfigFile.h"

#include <QFile>
#include <QStringList>

namespace callconsole::aws {

AwsConfigFile AwsConfigFile::load(const QString &path)
{
    QFile file(path);
    if (path.isEmpty() || !file.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    AwsConfigFile config = parse(QString::fromUtf8(file.readAll()));
    config.m_exists = true;
    return config;
}

AwsConfigFile AwsConfigFile::parse(const QString &text)
{
    AwsConfigFile config;
    config.m_exists = true;
    QString current;
    bool inSection = false;
    QString parentKey; // the last top-level key with an empty value: indented lines nest under it
    for (const QString &rawLine : text.split(QLatin1Char('\n'))) {
        if (rawLine.trimmed().isEmpty())
            continue;
        const bool indented = rawLine.at(0).isSpace();
        const QString line = rawLine.trimmed();
        if (line.startsWith(QLatin1Char('#')) || line.startsWith(QLatin1Char(';')))
            continue;
        if (!indented && line.startsWith(QLatin1Char('['))) {
            const qsizetype close = line.indexOf(QLatin1Char(']'));
            inSection = close > 0;
            parentKey.clear();
            if (inSection) {
                current = line.mid(1, close - 1).simplified();
                config.m_sections[current];
            }
            continue;
        }
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        if (!inSection || eq <= 0 || (indented && parentKey.isEmpty()))
            continue;
        QString value = line.mid(eq + 1).trimmed();
        // Inline comments need whitespace before them, as in botocore's parser.
        for (const QLatin1String marker : {QLatin1String(" #"), QLatin1String(" ;")}) {
            const qsizetype comment = value.indexOf(marker);
            if (comment >= 0)
                value = value.left(comment).trimmed();
        }
        const QString key = line.left(eq).trimmed().toLower();
        if (indented) {
            config.m_sections[current].insert(parentKey + QLatin1Char('.') + key, value);
            continue;
        }
        parentKey = value.isEmpty() ? key : QString();
        config.m_sections[current].insert(key, value);
    }
    return config;
}

} // namespace callconsole::aws

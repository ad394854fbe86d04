#pragma once

#include <QMap>
#include <QString>
#include <QStringList>

namespace callconsole::aws {

// One AWS shared config or credentials file: sections of "key = value" pairs. Indented lines
// belong to the nested block of the key above them ("chime_sdk_voice =" in a [services NAME]
// section) and are kept as "chime_sdk_voice.endpoint_url", never misread as top-level keys.
class AwsConfigFile
{
public:
    using Section = QMap<QString, QString>;

    static AwsConfigFile load(const QString &path);
    static AwsConfigFile parse(const QString &text);

    bool exists() const { return m_exists; }
    bool hasSection(const QString &name) const { return m_sections.contains(name); }
    Section section(const QString &name) const { return m_sections.value(name); }
    QStringList sectionNames() const { return m_sections.keys(); }

private:
    bool m_exists = false;
    QMap<QString, Section> m_sections;
};

} // namespace callconsole::aws

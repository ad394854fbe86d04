#pragma once

#include <QMap>
#include <QString>
#include <QStringList>

namespace callconsole::aws {

// One AWS shared config or credentials file: sections of "key = value" pairs. Indented
// lines belong to nested settings (e.g. "s3 =" blocks) that the console never needs, so they
// are skipped rather than misread as top-level keys.
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

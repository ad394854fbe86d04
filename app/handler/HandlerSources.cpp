#include "HandlerSources.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>

namespace callconsole {

namespace {

constexpr int maxFiles = 2000; // a handler in a huge tree is watched in its first files only
constexpr int maxDepth = 4;

const QStringList sourcePatterns{QStringLiteral("*.js"), QStringLiteral("*.mjs"), QStringLiteral("*.cjs"),
                                 QStringLiteral("*.json"), QStringLiteral("*.py")};

bool skipped(const QString &folderName)
{
    return folderName.startsWith(QLatin1Char('.')) || folderName == QLatin1String("node_modules")
        || folderName == QLatin1String("__pycache__");
}

} // namespace

HandlerSources HandlerSources::scan(const QString &folder, const QString &extraFile)
{
    HandlerSources sources;
    sources.m_folder = folder;
    const QDir root(folder);
    const auto add = [&](const QFileInfo &file) {
        sources.m_files.insert(root.relativeFilePath(file.absoluteFilePath()),
                               Stamp{file.size(), file.lastModified().toMSecsSinceEpoch()});
    };
    QList<QPair<QString, int>> folders{{folder, 0}};
    while (!folders.isEmpty() && sources.m_files.size() < maxFiles) {
        const auto [path, depth] = folders.takeFirst();
        const QDir dir(path);
        for (const QFileInfo &file : dir.entryInfoList(sourcePatterns, QDir::Files)) {
            add(file);
            if (sources.m_files.size() >= maxFiles)
                break;
        }
        if (depth + 1 >= maxDepth)
            continue;
        for (const QString &sub : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            if (!skipped(sub))
                folders.append({dir.filePath(sub), depth + 1});
        }
    }
    if (!extraFile.isEmpty())
        add(QFileInfo(extraFile));
    return sources;
}

QString HandlerSources::changedSince(const HandlerSources &before) const
{
    for (auto it = m_files.cbegin(); it != m_files.cend(); ++it) {
        const auto old = before.m_files.constFind(it.key());
        if (old == before.m_files.cend() || !(*old == it.value()))
            return it.key();
    }
    for (auto it = before.m_files.cbegin(); it != before.m_files.cend(); ++it) {
        if (!m_files.contains(it.key()))
            return it.key();
    }
    return {};
}

} // namespace callconsole

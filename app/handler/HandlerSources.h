// The files a handler is made of, as of one moment: the handler's folder and the folders
// below it (node_modules, __pycache__ and hidden folders aside), their .js/.mjs/.cjs/.json/.py
// files with size and modification time, and the environment file. Comparing two snapshots
// says which file changed, so the handler is reloaded on the next invocation after an edit —
// checked then, not by a watcher, so it is exact and costs a few stat calls per event.
#pragma once

#include <QHash>
#include <QString>

namespace callconsole {

class HandlerSources
{
public:
    HandlerSources() = default;
    static HandlerSources scan(const QString &folder, const QString &extraFile = {});

    // The first file (relative to the folder) added, removed or changed since `before`;
    // empty when nothing did.
    QString changedSince(const HandlerSources &before) const;

private:
    struct Stamp
    {
        qint64 size = 0;
        qint64 modifiedMs = 0;
        bool operator==(const Stamp &other) const { return size == other.size && modifiedMs == other.modifiedMs; }
    };
    QString m_folder;
    QHash<QString, Stamp> m_files;
};

} // namespace callconsole

#include "HandlerConfig.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace callconsole {

namespace {

const QStringList nodeSuffixes{QStringLiteral("js"), QStringLiteral("mjs"), QStringLiteral("cjs")};
const QString pythonSuffix = QStringLiteral("py");

std::optional<HandlerRuntimeKind> runtimeFor(const QString &suffix)
{
    if (nodeSuffixes.contains(suffix))
        return HandlerRuntimeKind::Node;
    if (suffix == pythonSuffix)
        return HandlerRuntimeKind::Python;
    return std::nullopt;
}

QString defaultExport(HandlerRuntimeKind runtime)
{
    return runtime == HandlerRuntimeKind::Node ? QStringLiteral("handler") : QStringLiteral("lambda_handler");
}

bool setError(QString *error, const QString &text)
{
    if (error)
        *error = text;
    return false;
}

} // namespace

std::optional<HandlerSpec> HandlerSpec::resolve(const QString &path, QString *error)
{
    const QFileInfo given(path);
    if (given.isFile()) {
        const auto runtime = runtimeFor(given.suffix());
        if (!runtime) {
            setError(error, QStringLiteral("--handler: '%1' — a handler is a .js, .mjs, .cjs (Node.js) or .py (Python) file")
                                .arg(path));
            return std::nullopt;
        }
        return HandlerSpec{given.absoluteFilePath(), defaultExport(*runtime), *runtime};
    }
    // Lambda's Handler setting: "module.function" beside the module's file.
    const int dot = int(given.fileName().lastIndexOf(QLatin1Char('.')));
    if (dot > 0 && dot + 1 < given.fileName().size()) {
        const QString name = given.fileName().mid(dot + 1);
        const QString module = given.absolutePath() + QLatin1Char('/') + given.fileName().left(dot);
        static const QRegularExpression identifier(QStringLiteral("^[A-Za-z_$][A-Za-z0-9_$]*$"));
        for (const QString &suffix : nodeSuffixes + QStringList{pythonSuffix}) {
            const QFileInfo file(module + QLatin1Char('.') + suffix);
            if (file.isFile() && identifier.match(name).hasMatch())
                return HandlerSpec{file.absoluteFilePath(), name, *runtimeFor(suffix)};
        }
    }
    if (given.isDir())
        setError(error, QStringLiteral("--handler: '%1' is a folder — name the handler file in it").arg(path));
    else
        setError(error, QStringLiteral("--handler: '%1' — no such file (nor a module.function beside a .js, .mjs, .cjs or .py file)")
                            .arg(path));
    return std::nullopt;
}

QString HandlerSpec::functionName() const
{
    return QFileInfo(file).completeBaseName();
}

QString HandlerSpec::folder() const
{
    return QFileInfo(file).absolutePath();
}

std::optional<QMap<QString, QString>> loadHandlerEnvironment(const QString &path, const QString &functionName,
                                                              QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        setError(error, QStringLiteral("--handler-env: %1: %2").arg(path, file.errorString()));
        return std::nullopt;
    }
    const QByteArray bytes = file.readAll();
    QMap<QString, QString> variables;
    if (bytes.trimmed().startsWith('{')) {
        QJsonParseError syntax{};
        const QJsonDocument document = QJsonDocument::fromJson(bytes, &syntax);
        if (!document.isObject()) {
            setError(error, QStringLiteral("--handler-env: %1: not valid JSON at offset %2 (%3)")
                                .arg(path).arg(syntax.offset).arg(syntax.errorString()));
            return std::nullopt;
        }
        const QJsonObject root = document.object();
        // SAM reads Parameters for every function, then the function's own entry over it.
        for (const QString &section : {QStringLiteral("Parameters"), functionName}) {
            if (!root.contains(section))
                continue;
            if (!root.value(section).isObject()) {
                setError(error, QStringLiteral("--handler-env: %1: \"%2\" must be an object of variables").arg(path, section));
                return std::nullopt;
            }
            const QJsonObject values = root.value(section).toObject();
            for (auto it = values.begin(); it != values.end(); ++it) {
                if (it->isObject() || it->isArray()) {
                    setError(error, QStringLiteral("--handler-env: %1: %2.%3 — a variable's value is a string, number or boolean")
                                        .arg(path, section, it.key()));
                    return std::nullopt;
                }
                variables.insert(it.key(), it->isString() ? it->toString() : it->toVariant().toString());
            }
        }
        if (variables.isEmpty() && !root.isEmpty() && !root.contains(QStringLiteral("Parameters")) && !root.contains(functionName)) {
            setError(error, QStringLiteral("--handler-env: %1: no \"Parameters\" and no \"%2\" entry (SAM env.json names the function)")
                                .arg(path, functionName));
            return std::nullopt;
        }
        return variables;
    }
    static const QRegularExpression name(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    const QStringList lines = QString::fromUtf8(bytes).split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        QString line = lines.at(i).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        if (line.startsWith(QLatin1String("export ")))
            line = line.mid(7).trimmed();
        const int equals = int(line.indexOf(QLatin1Char('=')));
        const QString key = equals > 0 ? line.left(equals).trimmed() : QString();
        if (!name.match(key).hasMatch()) {
            setError(error, QStringLiteral("--handler-env: %1:%2: '%3' — expected KEY=VALUE with a name of letters, digits and _")
                                .arg(path).arg(i + 1).arg(lines.at(i).trimmed()));
            return std::nullopt;
        }
        QString value = line.mid(equals + 1).trimmed();
        if (value.size() >= 2 && (value.front() == QLatin1Char('"') || value.front() == QLatin1Char('\''))
            && value.back() == value.front())
            value = value.mid(1, value.size() - 2);
        variables.insert(key, value);
    }
    return variables;
}

} // namespace callconsole

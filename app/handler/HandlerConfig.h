// The user's Lambda handler as the console runs it: which file, which exported function, in
// which runtime, and the Lambda settings its context reports (timeout, memory, environment).
#pragma once

#include <QMap>
#include <QString>

#include <optional>

namespace callconsole {

enum class HandlerRuntimeKind { Node, Python };

struct HandlerSpec
{
    QString file;             // absolute path of the .js/.mjs/.cjs/.py file
    QString exportName;       // "handler" (Node) or "lambda_handler" (Python) unless named
    HandlerRuntimeKind runtime = HandlerRuntimeKind::Node;

    // PATH is a handler file, or Lambda's own Handler setting beside one: "app.lambda_handler"
    // names the function lambda_handler of app.py (or app.js …). A missing file, an extension
    // no runtime runs, or an empty name is an error that names the path.
    static std::optional<HandlerSpec> resolve(const QString &path, QString *error);

    QString functionName() const; // the context's functionName: the file's base name
    QString folder() const;
};

struct HandlerConfig
{
    HandlerSpec spec;
    int timeoutMs = 3000;     // Lambda's default function timeout
    int memoryMb = 128;
    int concurrency = 1;      // warm processes, each running one invocation at a time
    QMap<QString, QString> environment; // from --handler-env, over the console's own
    QString environmentFile;  // watched with the sources: editing it reloads the handler
};

// KEY=VALUE lines (blank lines and # comments skipped, "export " and surrounding quotes
// allowed) or SAM's env.json: {"Parameters": {…}} and/or {"FunctionName": {…}}, where the
// entry named functionName wins over Parameters. Errors name the file, the line and the rule.
std::optional<QMap<QString, QString>> loadHandlerEnvironment(const QString &path, const QString &functionName,
                                                              QString *error);

} // namespace callconsole

// Helpers shared by the ActionList and action-catalogue tests: build a one-action reply and
// pick the errors out of the findings.
#pragma once

#include "ActionList.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

namespace testing {

inline QJsonObject object(const char *json)
{
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray(json));
    if (!document.isObject())
        qFatal("bad JSON in test: %s", json);
    return document.object();
}

inline QJsonObject reply(const QString &type, const QJsonObject &parameters)
{
    return {{QStringLiteral("SchemaVersion"), QStringLiteral("1.0")},
            {QStringLiteral("Actions"), QJsonArray{QJsonObject{{QStringLiteral("Type"), type},
                                                               {QStringLiteral("Parameters"), parameters}}}}};
}

inline QStringList errorCodes(const callconsole::ValidationIssues &issues)
{
    QStringList out;
    for (const auto &issue : issues) {
        if (issue.isError())
            out << issue.code;
    }
    return out;
}


} // namespace testing

// Every operation of the chime-sdk-voice botocore model (2022-08-03) with its HTTP method and
// URI template, so that a request names its operation whether or not the simulator serves it:
// served ones are dispatched, the others are refused with an error that names them, the way AWS
// refuses an operation it does not serve, never as a NotFoundException a teardown script would
// read as "already deleted".
#pragma once

#include <QHash>
#include <QString>
#include <QUrlQuery>

#include <optional>

namespace callconsole {

struct ApiOperationMatch
{
    QString operation;                 // "CreateSipRule"
    QHash<QString, QString> pathParameters; // "sipRuleId" → the decoded segment
};

namespace apioperations {

// The operation a request addresses, or nothing when no operation of the model has that method
// and path. Literal segments win over {parameters}; a template's required query
// ("?operation=batch-delete") must be present.
std::optional<ApiOperationMatch> match(const QString &method, const QString &path, const QUrlQuery &query);

// Every operation name of the model, in alphabetical order.
QStringList all();

} // namespace apioperations

} // namespace callconsole

// What one invocation of the user's handler gave back, as Lambda's Invoke reports it: the
// result, or a function error in Lambda's own shape, plus what the handler logged meanwhile.
#pragma once

#include <QByteArray>
#include <QMetaType>
#include <QString>

namespace callconsole {

struct HandlerResult
{
    QString requestId;         // the context's awsRequestId
    bool functionError = false;
    // The handler's result as JSON, or the error: {"errorType","errorMessage","trace"|"stackTrace"}.
    QByteArray payload;
    // The handler's stdout and stderr lines as written, with the console's own lines about the
    // runtime (INIT_START on a cold start or reload, a timeout, an exit) where they happened.
    QByteArray log;
    int durationMs = 0;
};

} // namespace callconsole

Q_DECLARE_METATYPE(callconsole::HandlerResult)

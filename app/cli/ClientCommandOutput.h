// What `place` and `update` share when they go through the chime-sdk-voice client: the backend
// made with the terminal's MFA prompt, the endpoint in use said before anything is sent, notices
// on stderr, and the JSON shapes of --json.
#pragma once

#include "ConnectionOptions.h"

#include <QJsonObject>

namespace callconsole::cli {

// The backend for options. Before returning it prints "Endpoint: URL (from SOURCE)" — for the
// real service "Endpoint: https://voice-chime.REGION.amazonaws.com (AWS: real calls, billed)" —
// as the first line of stdout (stderr with --json, whose stdout is the document), and the
// notices on stderr. Without a backend the reason has been printed (and, with --json, the
// document {"endpoint"?, "error": {"type": "Configuration", "message"}}) and *exitCode is set.
aws::BackendChoice openClientBackend(const QString &command, const aws::ConnectionOptions &options, bool json,
                                     int *exitCode);

// "Endpoint: …", as above.
QString endpointLine(const aws::ServiceEndpoint &endpoint);
// {"url", "source" (absent for the service's own), "real": the AWS service itself}
QJsonObject endpointJson(const aws::ServiceEndpoint &endpoint);
// {"endpoint", "backend", "httpStatus", "requestId", "attempts"} and, when the API refused,
// "error": {"type", "message", "requestId", "httpStatus", "advice"?}.
QJsonObject apiResultJson(const aws::BackendChoice &choice, const aws::ApiResult &result, const QString &operation);

} // namespace callconsole::cli

#pragma once

#include "CallBackend.h"
#include "CredentialsResolver.h"
#include "ServiceEndpoint.h"

#include <QProcessEnvironment>
#include <QStringList>
#include <QUrl>

#include <memory>

namespace callconsole::aws {

// The connection options `place`, `update` and the GUI share:
// --backend sim|aws, --profile P, --region R, --endpoint-url URL.
struct ConnectionOptions
{
    QString backend; // "sim", "aws" or empty (aws when an endpoint URL is given)
    QString profile;
    QString region;
    QUrl endpointUrl;
    QString endpointUrlSource = QStringLiteral("--endpoint-url"); // where endpointUrl was given

    static bool isConnectionOption(const QString &option);
    // Stores one option's value; an error names the option, the value and what is expected.
    bool set(const QString &option, const QString &value, QString *error);

    // True when calls go through ChimeVoiceClient rather than the in-process simulator.
    bool usesClient() const { return backend == QLatin1String("aws") || !endpointUrl.isEmpty(); }
};

struct BackendChoice
{
    std::unique_ptr<ChimeCallBackend> backend;
    ServiceEndpoint endpoint; // where calls go, and why there
    QStringList notices;      // what a person should know (placeholder keys, default region)
    QString error;            // why no backend could be made
};

// Resolves credentials, region and endpoint and builds the client-based backend. The endpoint
// is --endpoint-url, else the one the AWS SDKs would use (AWS_ENDPOINT_URL_CHIME_SDK_VOICE,
// AWS_ENDPOINT_URL, [services], the profile's endpoint_url), else the regional chime-sdk-voice
// endpoint. With a loopback endpoint, no explicit profile and no credentials anywhere, it signs
// with placeholder keys (the simulator accepts unsigned requests unless told to verify) and
// says so; it never does that for remote hosts. mfaPrompt answers a role's mfa_serial.
BackendChoice makeClientBackend(const ConnectionOptions &options,
                                const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment(),
                                const QString &homeDirectory = {}, MfaPrompt mfaPrompt = {});
// The same from credentials already resolved (the window resolves them without waiting).
BackendChoice makeClientBackend(const ConnectionOptions &options, const ResolvedCredentials &resolved);

bool isLoopbackUrl(const QUrl &url);

// "via http://127.0.0.1:8081", "via http://127.0.0.1:8081 (from AWS_ENDPOINT_URL)",
// "at https://voice-chime.us-east-1.amazonaws.com": how a backend's name says where it calls.
QString endpointPhrase(const ServiceEndpoint &endpoint, const QString &explicitSource);

} // namespace callconsole::aws

#pragma once

#include "CallBackend.h"
#include "CredentialsResolver.h"

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

    static bool isConnectionOption(const QString &option);
    // Stores one option's value; an error names the option, the value and what is expected.
    bool set(const QString &option, const QString &value, QString *error);

    // True when calls go through ChimeVoiceClient rather than the in-process simulator.
    bool usesClient() const { return backend == QLatin1String("aws") || !endpointUrl.isEmpty(); }
};

struct BackendChoice
{
    std::unique_ptr<ChimeCallBackend> backend;
    QStringList notices; // what a person should know (placeholder keys, default region)
    QString error;       // why no backend could be made
};

// Resolves credentials and region and builds the client-based backend. With an endpoint URL on
// loopback and no credentials anywhere, it signs with placeholder keys (the simulator accepts
// unsigned requests unless told to verify) and says so; it never does that for remote hosts.
BackendChoice makeClientBackend(const ConnectionOptions &options,
                                const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment(),
                                const QString &homeDirectory = {});
// The same from credentials already resolved (the window resolves them without waiting).
BackendChoice makeClientBackend(const ConnectionOptions &options, const ResolvedCredentials &resolved);

bool isLoopbackUrl(const QUrl &url);

} // namespace callconsole::aws

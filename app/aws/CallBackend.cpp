#include "CallBackend.h"

#include "CallRequest.h"

namespace callconsole::aws {

ChimeCallBackend::ChimeCallBackend(Credentials credentials, ClientConfig config, QString displayName,
                                   QObject *parent)
    : CallBackend(parent)
    , m_client(new ChimeVoiceClient(std::move(credentials), std::move(config), this))
    , m_displayName(std::move(displayName))
{
}

std::unique_ptr<ChimeCallBackend> ChimeCallBackend::forSimulator(const QUrl &url)
{
    ClientConfig config;
    config.endpointUrl = url;
    config.baseDelayMs = 50;
    return std::make_unique<ChimeCallBackend>(
        Credentials(QStringLiteral("AKIDLOCALSIMULATOR"), QStringLiteral("local-simulator-secret"), {},
                    QStringLiteral("placeholder for a local endpoint")),
        config, QStringLiteral("Simulator ") + url.toString());
}

void ChimeCallBackend::createCall(const CreateCallRequest &request, Callback done)
{
    m_client->createSipMediaApplicationCall(request.sipMediaApplicationId, request.toJson(), std::move(done));
}

void ChimeCallBackend::updateCall(const UpdateCallRequest &request, Callback done)
{
    m_client->updateSipMediaApplicationCall(request.sipMediaApplicationId, request.transactionId,
                                            request.toJson(), std::move(done));
}

void ChimeCallBackend::listSipMediaApplications(Callback done)
{
    m_client->listSipMediaApplications(std::move(done));
}

void ChimeCallBackend::listPhoneNumbers(Callback done)
{
    m_client->listPhoneNumbers(std::move(done));
}

} // namespace callconsole::aws

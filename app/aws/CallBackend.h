#pragma once

#include "ChimeVoiceClient.h"

#include <QObject>
#include <QString>

#include <functional>
#include <memory>

namespace callconsole {
struct CreateCallRequest;
struct UpdateCallRequest;
}

namespace callconsole::aws {

// Where calls are placed: the real chime-sdk-voice API or the built-in simulator. Both speak
// the same REST API, so the GUI and `callconsole place` do not care which one they hold.
class CallBackend : public QObject
{
    Q_OBJECT

public:
    using Callback = std::function<void(const ApiResult &)>;

    using QObject::QObject;

    virtual void createCall(const CreateCallRequest &request, Callback done) = 0;
    virtual void updateCall(const UpdateCallRequest &request, Callback done) = 0;
    virtual void listSipMediaApplications(Callback done) = 0;
    virtual void listPhoneNumbers(Callback done) = 0;
    // "AWS default@us-east-1", "Simulator http://127.0.0.1:8081"
    virtual QString displayName() const = 0;
};

// A CallBackend over ChimeVoiceClient; the simulator backend is the same client pointed at
// the simulator's URL.
class ChimeCallBackend : public CallBackend
{
    Q_OBJECT

public:
    ChimeCallBackend(Credentials credentials, ClientConfig config, QString displayName,
                     QObject *parent = nullptr);

    // A local simulator; it accepts signed and unsigned requests, so fixed local keys suffice.
    static std::unique_ptr<ChimeCallBackend> forSimulator(const QUrl &url);

    void createCall(const CreateCallRequest &request, Callback done) override;
    void updateCall(const UpdateCallRequest &request, Callback done) override;
    void listSipMediaApplications(Callback done) override;
    void listPhoneNumbers(Callback done) override;
    QString displayName() const override { return m_displayName; }
    void setDisplayName(const QString &name) { m_displayName = name; }

    ChimeVoiceClient &client() { return *m_client; }

private:
    ChimeVoiceClient *m_client;
    QString m_displayName;
};

} // namespace callconsole::aws

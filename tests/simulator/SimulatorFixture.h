// A simulator on loopback whose SMA invokes a ScriptedHandler, calls placed and updated through
// the real REST API, at 20x speed. Shared by the simulator's call and action tests.
#pragma once

#include "ScriptedHandler.h"
#include "SimulatedCall.h"
#include "SimulatorServer.h"

#include "../endpoint/HttpTestClient.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QTest>

#include <memory>

using namespace callconsole;

namespace {

const char *const smaId = "1f2e3d4c-5b6a-4789-8abc-def012345678";

struct Fixture
{
    ScriptedHandler handler;
    std::unique_ptr<SimulatorServer> simulator;
    QNetworkAccessManager network;

    // Calls run 20x faster, but the service's own deadlines (5 s retry, 20 s give-up) stay in
    // real time unless a test is about them: a loaded CI machine must not turn a slow reply
    // into a retry the test did not ask for.
    explicit Fixture(SimulatorConfig config = SimulatorConfig::defaults(), bool compressServiceDeadlines = false)
    {
        config.speed = 20;
        if (!compressServiceDeadlines) {
            config.retryAfterMs *= 20;
            config.giveUpAfterMs *= 20;
        }
        for (SimulatedSma &sma : config.applications)
            sma.endpointUrl = handler.url();
        simulator = std::make_unique<SimulatorServer>(config);
        QString error;
        if (!simulator->listen(&error))
            qWarning("%s", qPrintable(error));
    }

    HttpResult create(const QString &to, const QString &from = QStringLiteral("+12065550100"), const QString &sma = QLatin1String(smaId),
                      const QJsonObject &arguments = {})
    {
        QUrl url = simulator->url();
        url.setPath(QStringLiteral("/sip-media-applications/%1/calls").arg(sma));
        QJsonObject body{{QStringLiteral("FromPhoneNumber"), from}, {QStringLiteral("ToPhoneNumber"), to}};
        if (!arguments.isEmpty())
            body.insert(QStringLiteral("ArgumentsMap"), arguments);
        return request(network, "POST", url, QJsonDocument(body).toJson());
    }
    QString place(const QString &to, const QJsonObject &arguments = {})
    {
        const HttpResult r = create(to, QStringLiteral("+12065550100"), QLatin1String(smaId), arguments);
        return r.json().value(QStringLiteral("SipMediaApplicationCall")).toObject().value(QStringLiteral("TransactionId")).toString();
    }
    HttpResult update(const QString &transactionId, const QJsonObject &arguments)
    {
        QUrl url = simulator->url();
        url.setPath(QStringLiteral("/sip-media-applications/%1/calls/%2").arg(QLatin1String(smaId), transactionId));
        return request(network, "POST", url, QJsonDocument(QJsonObject{{QStringLiteral("Arguments"), arguments}}).toJson());
    }
    bool waitForEnd(const QString &id, int timeoutMs = 30000)
    {
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < timeoutMs) {
            SimulatedCall *call = simulator->call(id);
            if (call && call->isEnded())
                return true;
            QTest::qWait(20);
        }
        return false;
    }
};

// "1:NEW_OUTBOUND_CALL,2:RINGING" → the list ScriptedHandler::sequence() returns.
QStringList words(const char *text)
{
    return QString::fromLatin1(text).split(QLatin1Char(','), Qt::SkipEmptyParts);
}

} // namespace

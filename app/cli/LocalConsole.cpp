#include "LocalConsole.h"

#include "CallRequest.h"
#include "CliOutput.h"
#include "DeliveryLog.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

namespace callconsole::cli {

LocalConsole::LocalConsole(SimulatorConfig simulator, EndpointConfig endpoint, QObject *parent)
    : QObject(parent)
    , m_endpoint(std::make_unique<EndpointServer>(std::move(endpoint)))
    , m_simulator(std::make_unique<SimulatorServer>(std::move(simulator)))
{
    connect(m_endpoint.get(), &EndpointServer::deliveriesReady, this, &LocalConsole::onBatch);
    connect(m_simulator.get(), &SimulatorServer::callEnded, this, [this](const QString &id, int) { m_ended.insert(id); });
}

LocalConsole::~LocalConsole()
{
    m_simulator.reset();
    m_endpoint->stop();
}

bool LocalConsole::start(QString *error)
{
    if (!m_endpoint->start(error))
        return false;
    QUrl events = m_endpoint->url();
    events.setPath(QStringLiteral("/events"));
    m_simulator->setDefaultEndpoint(events);
    if (!m_simulator->listen(error))
        return false;
    m_clock.start();
    return true;
}

QString LocalConsole::placeCall(const QString &smaId, const QString &from, const QString &to,
                                const StringMap &arguments, QString *error)
{
    CreateCallRequest request;
    request.sipMediaApplicationId = smaId;
    request.fromPhoneNumber = from;
    request.toPhoneNumber = to;
    for (auto it = arguments.cbegin(); it != arguments.cend(); ++it)
        request.argumentsMap << KeyValue{it.key(), it.value()};
    QUrl url = m_simulator->url();
    url.setPath(request.path());
    QNetworkRequest http(url);
    http.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkAccessManager network;
    QNetworkReply *reply = network.post(http, QJsonDocument(request.toJson()).toJson(QJsonDocument::Compact));
    QEventLoop loop;
    connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    reply->deleteLater();
    const QJsonObject body = QJsonDocument::fromJson(reply->readAll()).object();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status / 100 != 2) {
        if (error) {
            *error = QStringLiteral("%1: %2").arg(QString::fromLatin1(reply->rawHeader("x-amzn-ErrorType")),
                                                  body.value(QStringLiteral("Message")).toString());
        }
        return {};
    }
    const QString id = body.value(QStringLiteral("SipMediaApplicationCall")).toObject().value(QStringLiteral("TransactionId")).toString();
    m_labels.insert(id, to);
    return id;
}

bool LocalConsole::waitForEnd(const QSet<QString> &ids, int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    const auto done = [&] {
        for (const QString &id : ids) {
            if (!m_ended.contains(id))
                return false;
            // ...and its HANGUP has reached the store (batches lag the simulator a little).
            const int index = m_store.indexOf(id);
            if (index < 0 || m_store.transaction(index).phase() != CallPhase::Ended)
                return false;
        }
        return true;
    };
    while (!done() && clock.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    return done();
}

void LocalConsole::onBatch(const QList<DeliveryRecord> &batch)
{
    for (const DeliveryRecord &record : batch) {
        if (record.rejected)
            continue;
        const Parsed<InvocationEvent> event = InvocationEvent::parse(record.requestBody);
        if (!event.value)
            continue;
        m_store.append(*event.value, record.receivedAtMs, record.replyLatencyMs, record.id);
        if (!m_print || (!m_followed.isEmpty() && !m_followed.contains(record.transactionId)))
            continue;
        const QJsonObject reply = QJsonDocument::fromJson(record.replyBody).object();
        QStringList actions;
        for (const auto &action : reply.value(QStringLiteral("Actions")).toArray())
            actions << action.toObject().value(QStringLiteral("Type")).toString();
        QString detail;
        if (const auto hangup = event.value->hangupInfo())
            detail = QStringLiteral(" SIP %1").arg(hangup->sipResponseCode);
        if (event.value->type == InvocationEventType::DigitsReceived || event.value->type == InvocationEventType::ActionSuccessful) {
            const QString digits = event.value->actionData.value_or(QJsonObject()).value(QStringLiteral("ReceivedDigits")).toString();
            if (!digits.isEmpty())
                detail = QStringLiteral(" digits %1").arg(digits);
        }
        if (!event.value->errorType.isEmpty())
            detail = QStringLiteral(" %1").arg(event.value->errorType);
        out() << QStringLiteral("%1s  %2  seq %3  %4%5  → %6  (%7 ms)")
                     .arg(m_clock.elapsed() / 1000.0, 6, 'f', 2)
                     .arg(m_labels.value(record.transactionId, record.transactionId.left(8)), -13)
                     .arg(record.sequence, 2)
                     .arg(record.eventType, -22)
                     .arg(detail)
                     .arg(actions.isEmpty() ? QStringLiteral("[]") : actions.join(QStringLiteral(", ")))
                     .arg(record.replyLatencyMs)
              << Qt::endl;
        out() << DeliveryLog::handlerLogLines(record.handlerLog);
    }
}

void LocalConsole::printAnalysis(const CallStore &store)
{
    for (int i = 0; i < store.transactionCount(); ++i) {
        const TransactionAnalysis &t = store.transaction(i);
        out() << "  " << t.to() << "  " << t.stateText() << ", " << t.eventCount() << " events";
        const QList<Anomaly> anomalies = t.anomalies();
        if (anomalies.isEmpty()) {
            out() << ", no anomalies\n";
            continue;
        }
        out() << ", " << anomalies.size() << " anomalies:\n";
        for (const Anomaly &a : anomalies)
            out() << "      " << toString(a.kind) << ": " << a.message << "\n";
    }
    out().flush();
}

} // namespace callconsole::cli

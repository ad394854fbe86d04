// 1,000 concurrent calls through the simulator into the console's endpoint: how far each call's
// RINGING and CALL_ANSWERED land from their schedule (created + ring, + answer), and the CPU
// the whole process spent. Baseline, same run: 2,000 bare QTimers with the same delays, i.e. the
// event loop's own accuracy under no HTTP load. On demand; not part of the test suite.
//   build/tests/bench/simulator/bench_simulator [CALLS]
#include "EndpointServer.h"
#include "InvocationEvent.h"
#include "SimulatorServer.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>

using namespace callconsole;

namespace {

double cpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

void report(const char *what, QList<qint64> errors)
{
    std::sort(errors.begin(), errors.end());
    if (errors.isEmpty()) {
        std::printf("%-28s no samples\n", what);
        return;
    }
    const auto at = [&](double q) { return errors.at(std::min<qsizetype>(errors.size() - 1, qsizetype(q * double(errors.size())))); };
    std::printf("%-28s n=%-5lld p50 %4lld ms  p99 %4lld ms  max %4lld ms\n", what, qlonglong(errors.size()), at(0.50), at(0.99), errors.last());
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int calls = argc > 1 ? std::max(1, atoi(argv[1])) : 1000;

    // Baseline: bare timers with the simulator's delays, nothing else running.
    QList<qint64> timerErrors;
    {
        QElapsedTimer clock;
        clock.start();
        int pending = 2 * calls;
        for (int i = 0; i < calls; ++i) {
            for (const int delay : {300, 1800}) {
                const qint64 due = clock.elapsed() + delay;
                QTimer::singleShot(delay, &app, [&, due] {
                    timerErrors << clock.elapsed() - due;
                    if (--pending == 0)
                        app.quit();
                });
            }
        }
        app.exec();
    }

    EndpointServer endpoint{EndpointConfig{}};
    QString error;
    if (!endpoint.start(&error)) {
        std::fprintf(stderr, "endpoint: %s\n", qPrintable(error));
        return 2;
    }
    SimulatorConfig config = SimulatorConfig::defaults();
    config.callees.clear(); // every number answers: ring after 300 ms, answer 1500 ms later
    SimulatorServer simulator(config);
    QUrl events = endpoint.url();
    events.setPath(QStringLiteral("/events"));
    simulator.setDefaultEndpoint(events);
    if (!simulator.listen(&error)) {
        std::fprintf(stderr, "simulator: %s\n", qPrintable(error));
        return 2;
    }

    QHash<QString, qint64> created;   // TransactionId → epoch ms when the call started
    QList<qint64> ringingErrors;
    QList<qint64> answeredErrors;
    int ended = 0;
    QObject::connect(&simulator, &SimulatorServer::callStarted, &app,
                     [&](const QString &id, const QString &) { created.insert(id, QDateTime::currentMSecsSinceEpoch()); });
    QObject::connect(&simulator, &SimulatorServer::callEnded, &app, [&](const QString &, int) {
        if (++ended == calls)
            QTimer::singleShot(200, &app, &QCoreApplication::quit); // let the last batch arrive
    });
    QObject::connect(&endpoint, &EndpointServer::deliveriesReady, &app, [&](const QList<DeliveryRecord> &batch) {
        for (const DeliveryRecord &r : batch) {
            const qint64 start = created.value(r.transactionId, -1);
            if (start < 0)
                continue;
            if (r.eventType == QLatin1String("RINGING"))
                ringingErrors << r.receivedAtMs - (start + 300);
            else if (r.eventType == QLatin1String("CALL_ANSWERED"))
                answeredErrors << r.receivedAtMs - (start + 1800);
        }
    });

    QNetworkAccessManager network;
    const double cpuBefore = cpuSeconds();
    QElapsedTimer wall;
    wall.start();
    for (int i = 0; i < calls; ++i) {
        QUrl url = simulator.url();
        url.setPath(QStringLiteral("/sip-media-applications/%1/calls").arg(config.applications.first().id));
        QNetworkRequest request(url);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        const QJsonObject body{{QStringLiteral("FromPhoneNumber"), config.phoneNumbers.first().e164PhoneNumber},
                               {QStringLiteral("ToPhoneNumber"), QStringLiteral("+1206%1").arg(5550000 + i)}};
        QNetworkReply *reply = network.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
        QObject::connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
    }
    QTimer::singleShot(120000, &app, &QCoreApplication::quit);
    app.exec();
    const double cpu = cpuSeconds() - cpuBefore;
    const double seconds = double(wall.elapsed()) / 1000.0;
    endpoint.stop();

    std::printf("simulator benchmark: %d concurrent calls (each: NEW_OUTBOUND_CALL, RINGING +300 ms, CALL_ANSWERED +1800 ms,\n"
                "Speak, Pause, Hangup), endpoint in-process on its own thread, 2 cores\n", calls);
    report("baseline: bare QTimer", timerErrors);
    report("RINGING vs schedule", ringingErrors);
    report("CALL_ANSWERED vs schedule", answeredErrors);
    std::printf("calls ended: %d/%d in %.1f s wall; CPU %.2f s (%.0f%% of one core), %.2f ms CPU per call\n", ended, calls, seconds,
                cpu, 100.0 * cpu / seconds, 1000.0 * cpu / calls);
    std::printf("target: p99 < 20 ms against the schedule\n");
    return ended == calls ? 0 : 1;
}

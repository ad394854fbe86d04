// Timeline at scale (on demand, not part of ctest): TRANSACTIONS calls × EVENTS events loaded
// into the models in endpoint-sized batches, then full-viewport paints at several zoom levels
// rendered offscreen into a QImage, and the process's RSS. Prints figures against the targets
// of the desktop issue: load < 3 s, paint < 8 ms, RSS < 400 MB.
#include "TimelineView.h"
#include "TransactionTableModel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QScrollBar>
#include <QTextStream>

#include <algorithm>
#include <cstdio>

using namespace callconsole;

namespace {

double rssMegabytes()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QStringList lines = QString::fromLatin1(status.readAll()).split(QLatin1Char('\n'));
    for (const QString &line : lines) {
        if (line.startsWith(QLatin1String("VmRSS:")))
            return line.section(QLatin1Char(' '), -2, -2).toDouble() / 1024.0;
    }
    return -1;
}

// A plausible call: NEW_OUTBOUND_CALL, RINGING, CALL_ANSWERED, a run of ACTION_SUCCESSFUL and
// DIGITS_RECEIVED, HANGUP; calls start 50 ms apart and last about 30 s.
QVector<TimedEvent> callEvents(int call, int events, qint64 baseMs)
{
    const QString id = QStringLiteral("tx-%1").arg(call, 6, 10, QLatin1Char('0'));
    const qint64 start = baseMs + qint64(call) * 50;
    Participant leg;
    leg.callId = id + QStringLiteral("-a");
    leg.from = QStringLiteral("+12065550100");
    leg.to = QStringLiteral("+14155550199");
    leg.direction = CallDirection::Outbound;
    leg.startTimeMs = start;
    QVector<TimedEvent> list;
    list.reserve(events);
    for (int i = 0; i < events; ++i) {
        TimedEvent timed;
        InvocationEvent &event = timed.event;
        event.sequence = i + 1;
        event.callDetails.transactionId = id;
        event.callDetails.sipMediaApplicationId = QStringLiteral("sma-1");
        event.type = i == 0 ? InvocationEventType::NewOutboundCall
                   : i == 1 ? InvocationEventType::Ringing
                   : i == 2 ? InvocationEventType::CallAnswered
                   : i == events - 1 ? InvocationEventType::Hangup
                   : (i % 3 ? InvocationEventType::ActionSuccessful : InvocationEventType::DigitsReceived);
        leg.status = event.type == InvocationEventType::Hangup ? ParticipantStatus::Disconnected : ParticipantStatus::Connected;
        event.callDetails.participants = {leg};
        timed.receivedAtMs = start + qint64(i) * 30000 / events;
        timed.replyLatencyMs = 5 + (call + i) % 40;
        list.append(std::move(timed));
    }
    return list;
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    const int transactions = args.size() > 1 ? args.at(1).toInt() : 100000;
    const int eventsPerCall = args.size() > 2 ? args.at(2).toInt() : 10;
    QTextStream out(stdout);
    out << "timeline bench: " << transactions << " transactions × " << eventsPerCall << " events\n";
    out << "RSS before load: " << rssMegabytes() << " MB\n";

    TransactionTableModel model;
    const qint64 base = 1700000000000;
    QElapsedTimer timer;
    timer.start();
    qint64 building = 0;
    constexpr int callsPerBatch = 1000; // ~10k events: the size of a busy 60 Hz delivery batch
    for (int first = 0; first < transactions; first += callsPerBatch) {
        QElapsedTimer build;
        build.start();
        QVector<TimedEvent> batch;
        for (int call = first; call < std::min(transactions, first + callsPerBatch); ++call)
            batch += callEvents(call, eventsPerCall, base);
        building += build.elapsed();
        model.appendEvents(batch);
    }
    const qint64 loadMs = timer.elapsed() - building;
    out << "load into CallStore + model: " << loadMs << " ms (target < 3000; generating events took "
        << building << " ms more)\n";
    out << "events: " << model.store().eventCount() << ", RSS after load: " << rssMegabytes() << " MB (target < 400)\n";
    {
        // The same events into a bare CallStore: what of the load is core's analysis, what the model's.
        CallStore bare;
        qint64 appendNs = 0;
        for (int first = 0; first < transactions; first += callsPerBatch) {
            QVector<TimedEvent> batch;
            for (int call = first; call < std::min(transactions, first + callsPerBatch); ++call)
                batch += callEvents(call, eventsPerCall, base);
            QElapsedTimer append;
            append.start();
            for (const TimedEvent &timed : batch)
                bare.append(timed.event, timed.receivedAtMs, timed.replyLatencyMs, timed.deliveryId);
            appendNs += append.nsecsElapsed();
        }
        out << "  of which CallStore::append alone: " << appendNs / 1000000 << " ms\n";
    }

    TimelineView view;
    view.setModel(&model);
    view.setTransactions(&model);
    view.resize(1600, 1000);
    view.show();
    view.setFollowLive(false);
    QApplication::processEvents();
    QImage image(view.viewport()->size(), QImage::Format_ARGB32_Premultiplied);
    const double sessionEnd = double(base + qint64(transactions) * 50 + 30000);
    struct Zoom { const char *name; double startMs; double endMs; int scrollTo; };
    const Zoom zooms[] = {
        {"whole session", double(base), sessionEnd, 0},
        {"10 minutes", double(base) + 3600000.0 * 0.5, double(base) + 3600000.0 * 0.5 + 600000, transactions / 2},
        {"30 seconds", double(base) + 60000, double(base) + 90000, 1200},
        {"1 second", double(base) + 60000, double(base) + 61000, 1200},
        {"10 ms", double(base) + 60000, double(base) + 60010, 1200},
    };
    double worst = 0;
    for (const Zoom &zoom : zooms) {
        view.mapper().fit(zoom.startMs, zoom.endMs, 0);
        view.verticalScrollBar()->setValue(zoom.scrollTo * TimelineView::laneHeight);
        constexpr int rounds = 20;
        view.viewport()->render(&image); // warm caches (fonts, glyphs)
        timer.restart();
        for (int i = 0; i < rounds; ++i)
            view.viewport()->render(&image);
        const double perPaint = double(timer.nsecsElapsed()) / 1e6 / rounds;
        worst = std::max(worst, perPaint);
        out << "paint " << zoom.name << ": " << QString::number(perPaint, 'f', 2) << " ms per full viewport\n";
    }
    out << "worst paint: " << QString::number(worst, 'f', 2) << " ms (target < 8)\n";
    out << "RSS at end: " << rssMegabytes() << " MB\n";
    return 0;
}

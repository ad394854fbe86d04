// `replay --chaos`: the faults a network and the service put into a real call flow, injected
// into a replay deterministically — the same seed and log give the same faults — and each
// marked on its delivery with X-CallConsole-Injected-Fault, as the simulator marks its own, so
// a `serve --session` (or the window) records which deliveries were the injected ones.
//   duplicate=P   the event is sent twice; the copy is marked "duplicate"
//   reorder=P     the event is held back and sent after the next event of its transaction,
//                 marked "reordered"
//   delay=MS      every event waits MS more before it is sent, marked "delay=MSms"
//   drop-reply=P  the reply is lost on its way back: the event is marked "drop-reply" and
//                 sent again, as the service retries, marked "retry"
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace callconsole::cli {

struct ChaosOptions
{
    double duplicate = 0;
    double reorder = 0;
    int delayMs = 0;
    double dropReply = 0;
    quint32 seed = 1;

    bool isActive() const { return duplicate > 0 || reorder > 0 || delayMs > 0 || dropReply > 0; }
    // "duplicate=0.2,reorder=0.1,delay=50,drop-reply=0.05"; on failure nullopt and *error names
    // the part, the value and the rule.
    static std::optional<ChaosOptions> parse(const QString &text, QString *error);
};

// One POST of a chaotic replay: which event of the log, and the fault it carries (empty: none).
struct ChaosSend
{
    int event = 0;
    QByteArray fault;
    bool replyDropped = false;   // the reply to this send is to be treated as lost
};

// The sends for a log of events, given the TransactionId of each in log order. Draws three
// numbers per event whatever the probabilities, so changing one fault's rate leaves where the
// others fall unchanged.
QList<ChaosSend> planChaos(const QStringList &transactionIds, const ChaosOptions &options);

} // namespace callconsole::cli

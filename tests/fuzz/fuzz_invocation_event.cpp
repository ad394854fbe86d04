// Feeds arbitrary bytes to InvocationEvent::parse. Beyond "never crash", checks the round
// trip: whatever parses cleanly must parse again from its own toJson to the same JSON.
#include "InvocationEvent.h"

#include <QByteArray>
#include <QJsonDocument>

#include <cstdint>
#include <cstdlib>

using namespace callconsole;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const auto parsed = InvocationEvent::parse(bytes);
    for (const auto &issue : parsed.issues) {
        if (issue.path.isEmpty() || issue.rule.isEmpty() || issue.message().isEmpty())
            std::abort();
    }
    if (!parsed.ok())
        return 0;
    const InvocationEvent &event = *parsed.value;
    (void)event.hangupInfo();
    (void)event.actionType();
    const auto again = InvocationEvent::parse(event.toJsonBytes());
    if (!again.ok() || *again.value != event || again.value->toJson() != event.toJson())
        std::abort();
    return 0;
}

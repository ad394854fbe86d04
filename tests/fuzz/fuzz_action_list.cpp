// Feeds arbitrary bytes to ActionList::parse. Beyond "never crash", checks the round trip:
// a reply that parses cleanly must parse again from its own toJson to the same JSON.
#include "ActionList.h"

#include <QByteArray>

#include <cstdint>
#include <cstdlib>

using namespace callconsole;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    ActionListLimits limits;
    if (size > 0)
        limits.maxTransactionAttributes = data[0] % 2 == 0 ? 10 : 100; // both documented limits
    const auto parsed = ActionList::parse(bytes, limits);
    for (const auto &issue : parsed.issues) {
        if (issue.path.isEmpty() || issue.rule.isEmpty() || issue.message().isEmpty())
            std::abort();
    }
    if (!parsed.ok())
        return 0;
    const ActionList &list = *parsed.value;
    (void)list.summary();
    const auto again = ActionList::parse(list.toJsonBytes(), limits);
    if (!again.ok() || again.value->toJson() != list.toJson())
        std::abort();
    return 0;
}

#include "AnomalyKindMask.h"

#include <QCoreApplication>

namespace callconsole {

AnomalyKindMask allAnomalyKindsMask()
{
    AnomalyKindMask mask = 0;
    for (const AnomalyKind kind : allAnomalyKinds())
        mask |= anomalyKindBit(kind);
    return mask;
}

QList<Anomaly> shownAnomalies(const TransactionAnalysis &transaction, AnomalyKindMask shown)
{
    if (transaction.anomalyCount() == 0 || shown == 0)
        return {};
    QList<Anomaly> all = transaction.anomalies();
    if (shown == allAnomalyKindsMask())
        return all;
    all.removeIf([shown](const Anomaly &anomaly) { return !showsAnomalyKind(shown, anomaly.kind); });
    return all;
}

int shownAnomalyCount(const TransactionAnalysis &transaction, AnomalyKindMask shown)
{
    // Most transactions have no anomaly, and with every kind shown core's count is the answer:
    // neither case builds the list.
    if (transaction.anomalyCount() == 0 || shown == allAnomalyKindsMask())
        return shown == 0 ? 0 : transaction.anomalyCount();
    return int(shownAnomalies(transaction, shown).size());
}

QString anomalyKindTitle(AnomalyKind kind)
{
    switch (kind) {
    case AnomalyKind::SequenceGap: return QCoreApplication::translate("AnomalyKind", "Sequence gaps");
    case AnomalyKind::OutOfOrder: return QCoreApplication::translate("AnomalyKind", "Out of order (inversions)");
    case AnomalyKind::Duplicate: return QCoreApplication::translate("AnomalyKind", "Duplicates (retries)");
    case AnomalyKind::AfterHangup: return QCoreApplication::translate("AnomalyKind", "Events after hang-up");
    case AnomalyKind::IllegalTransition: return QCoreApplication::translate("AnomalyKind", "Illegal transitions");
    case AnomalyKind::MissingStart: return QCoreApplication::translate("AnomalyKind", "Missing start");
    case AnomalyKind::LateReply: return QCoreApplication::translate("AnomalyKind", "Late replies");
    }
    return {};
}

} // namespace callconsole

// Which anomaly kinds a view shows, one bit per AnomalyKind. The transactions proxy answers it as
// a role, so the table, the timeline and the ladder decorate the same anomalies.
#pragma once

#include "TransactionAnalysis.h"

#include <QList>
#include <QString>

namespace callconsole {

using AnomalyKindMask = quint32;

constexpr AnomalyKindMask anomalyKindBit(AnomalyKind kind)
{
    return AnomalyKindMask(1) << static_cast<int>(kind);
}

AnomalyKindMask allAnomalyKindsMask();

inline bool showsAnomalyKind(AnomalyKindMask shown, AnomalyKind kind)
{
    return (shown & anomalyKindBit(kind)) != 0;
}

// The transaction's anomalies of the shown kinds, in core's order (Sequence, then kind).
QList<Anomaly> shownAnomalies(const TransactionAnalysis &transaction, AnomalyKindMask shown);
int shownAnomalyCount(const TransactionAnalysis &transaction, AnomalyKindMask shown);

// "Sequence gaps" — the words a menu shows for a kind.
QString anomalyKindTitle(AnomalyKind kind);

} // namespace callconsole

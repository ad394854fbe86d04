// The anomaly filter as a menu: which of core's seven anomaly kinds are shown, and "only
// transactions with anomalies". Its actions drive the transactions proxy, so the table and the
// timeline change together; the same menu sits in View and behind the button above the table.
#pragma once

#include "TransactionAnalysis.h"

#include <QHash>
#include <QMenu>
#include <QPointer>

class QToolButton;

namespace callconsole {

class TransactionFilterProxy;

class AnomalyFilterMenu : public QMenu
{
    Q_OBJECT

public:
    explicit AnomalyFilterMenu(TransactionFilterProxy *proxy, QWidget *parent = nullptr);

    QAction *onlyWithAnomaliesAction() const { return m_only; }
    QAction *showAllAction() const { return m_all; }
    QAction *kindAction(AnomalyKind kind) const { return m_kinds.value(int(kind)); }

    // A compact button for above the table; its text says what is filtered.
    QToolButton *createButton(QWidget *parent = nullptr);
    QString summary() const;

signals:
    void summaryChanged(const QString &summary);

private:
    void sync();

    QPointer<TransactionFilterProxy> m_proxy;
    QAction *m_only = nullptr;
    QAction *m_all = nullptr;
    QHash<int, QAction *> m_kinds;
};

} // namespace callconsole

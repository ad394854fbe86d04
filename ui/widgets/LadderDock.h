// The ladder dock: the selected transaction's sequence diagram (it follows the shared selection
// of the transactions table and the timeline), its order toggle, and its exports — PNG, SVG,
// Mermaid to a file and Mermaid to the clipboard. The window puts its actions in the menus.
#pragma once

#include "LadderDiagram.h"

#include <QDockWidget>
#include <QPointer>

class QAction;
class QItemSelectionModel;
class QLabel;

namespace callconsole {

class LadderView;
class TransactionTableModel;

class LadderDock : public QDockWidget
{
    Q_OBJECT

public:
    LadderDock(TransactionTableModel *transactions, LadderDiagram::DeliveryLookup deliveries, QWidget *parent = nullptr);

    // The view's current row (through roles: TransactionIndexRole, ShownAnomalyKindsRole) picks
    // the transaction and which anomaly kinds are marked.
    void setSelectionModel(QItemSelectionModel *selection);

    LadderView *view() const { return m_view; }
    const LadderDiagram &diagram() const;
    int transaction() const { return m_transaction; }
    EventOrder order() const { return m_order; }

    QAction *showAction() const { return m_show; }
    QAction *exportAction() const { return m_export; }
    QAction *copyMermaidAction() const { return m_copyMermaid; }
    QAction *sequenceOrderAction() const { return m_sequenceOrder; }

    // Format by suffix (.png, .svg, .mmd); returns why it failed, or empty.
    QString exportTo(const QString &path) const;

public slots:
    void setOrder(callconsole::EventOrder order);
    void selectEvent(int transactionIndex, int arrivalIndex);
    void copyMermaid() const;

signals:
    void eventActivated(int transactionIndex, int arrivalIndex);

private:
    void followCurrent();
    void rebuild();
    void exportWithDialog(const QString &filter);

    QPointer<TransactionTableModel> m_transactions;
    QPointer<QItemSelectionModel> m_selection;
    LadderDiagram::DeliveryLookup m_deliveries;
    LadderView *m_view = nullptr;
    QLabel *m_caption = nullptr;
    int m_transaction = -1;
    AnomalyKindMask m_shown = allAnomalyKindsMask();
    EventOrder m_order = EventOrder::Sequence;
    QAction *m_show = nullptr;
    QAction *m_export = nullptr;
    QAction *m_copyMermaid = nullptr;
    QAction *m_sequenceOrder = nullptr;
};

} // namespace callconsole

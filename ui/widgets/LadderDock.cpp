#include "LadderDock.h"

#include "LadderExport.h"
#include "LadderView.h"
#include "TransactionTableModel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QFileInfo>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace callconsole {

namespace {

const char *const pngFilter = QT_TRANSLATE_NOOP("LadderDock", "PNG image (*.png)");
const char *const svgFilter = QT_TRANSLATE_NOOP("LadderDock", "SVG drawing (*.svg)");
const char *const mermaidFilter = QT_TRANSLATE_NOOP("LadderDock", "Mermaid sequence diagram (*.mmd)");

} // namespace

LadderDock::LadderDock(TransactionTableModel *transactions, LadderDiagram::DeliveryLookup deliveries, QWidget *parent)
    : QDockWidget(tr("Ladder"), parent)
    , m_transactions(transactions)
    , m_deliveries(std::move(deliveries))
    , m_view(new LadderView)
{
    setObjectName(QStringLiteral("ladderDock"));
    m_view->setObjectName(QStringLiteral("ladder"));

    m_show = new QAction(tr("&Ladder diagram"), this);
    m_show->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    m_show->setToolTip(tr("Show the selected transaction as a sequence diagram"));
    connect(m_show, &QAction::triggered, this, [this] {
        show();
        raise();
        m_view->setFocus();
    });

    m_sequenceOrder = new QAction(tr("Sequence order"), this);
    m_sequenceOrder->setCheckable(true);
    m_sequenceOrder->setChecked(true);
    m_sequenceOrder->setToolTip(tr("Arrows in Sequence order; off: in the order they happened"));
    connect(m_sequenceOrder, &QAction::toggled, this,
            [this](bool on) { setOrder(on ? EventOrder::Sequence : EventOrder::Arrival); });

    m_export = new QAction(tr("Export &ladder…"), this);
    m_export->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_E));
    connect(m_export, &QAction::triggered, this, [this] { exportWithDialog({}); });

    m_copyMermaid = new QAction(tr("Copy ladder as &Mermaid"), this);
    m_copyMermaid->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
    connect(m_copyMermaid, &QAction::triggered, this, &LadderDock::copyMermaid);

    auto *exportMenu = new QMenu(this);
    exportMenu->addAction(tr("PNG image…"), this, [this] { exportWithDialog(tr(pngFilter)); });
    exportMenu->addAction(tr("SVG drawing…"), this, [this] { exportWithDialog(tr(svgFilter)); });
    exportMenu->addAction(tr("Mermaid text…"), this, [this] { exportWithDialog(tr(mermaidFilter)); });
    auto *exportButton = new QToolButton;
    exportButton->setText(tr("Export"));
    exportButton->setToolTip(tr("Save this ladder as PNG, SVG or Mermaid text"));
    exportButton->setMenu(exportMenu);
    exportButton->setPopupMode(QToolButton::InstantPopup);

    auto *toolbar = new QToolBar;
    toolbar->setIconSize(QSize(16, 16));
    toolbar->addAction(m_sequenceOrder);
    toolbar->addSeparator();
    toolbar->addWidget(exportButton);
    auto *copy = toolbar->addAction(tr("Copy Mermaid"));
    copy->setToolTip(tr("Copy the Mermaid text of this ladder (%1)").arg(m_copyMermaid->shortcut().toString(QKeySequence::NativeText)));
    connect(copy, &QAction::triggered, this, &LadderDock::copyMermaid);

    m_caption = new QLabel;
    m_caption->setObjectName(QStringLiteral("ladderCaption"));
    m_caption->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_caption->setContentsMargins(8, 0, 4, 0);
    m_caption->setForegroundRole(QPalette::PlaceholderText);
    m_caption->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred); // a long id must not widen the dock
    toolbar->addSeparator();
    toolbar->addWidget(m_caption);

    auto *box = new QWidget;
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(toolbar);
    layout->addWidget(m_view, 1);
    setWidget(box);

    connect(m_view, &LadderView::arrivalActivated, this, [this](int arrival) { emit eventActivated(m_transaction, arrival); });
    if (m_transactions) {
        connect(m_transactions, &TransactionTableModel::eventsAppended, this, [this](const QList<int> &touched) {
            if (touched.contains(m_transaction))
                rebuild();
        });
        connect(m_transactions, &QAbstractItemModel::modelReset, this, [this] {
            m_transaction = -1;
            rebuild();
        });
    }
    rebuild();
}

void LadderDock::setSelectionModel(QItemSelectionModel *selection)
{
    if (m_selection)
        disconnect(m_selection, nullptr, this, nullptr);
    m_selection = selection;
    connect(selection, &QItemSelectionModel::currentRowChanged, this, &LadderDock::followCurrent);
    // A change of the anomaly filter re-announces every row's data (ShownAnomalyKindsRole).
    connect(selection->model(), &QAbstractItemModel::dataChanged, this, [this](const QModelIndex &top, const QModelIndex &bottom) {
        const QModelIndex current = m_selection ? m_selection->currentIndex() : QModelIndex();
        if (current.isValid() && current.row() >= top.row() && current.row() <= bottom.row())
            followCurrent();
    });
    followCurrent();
}

const LadderDiagram &LadderDock::diagram() const
{
    return m_view->diagram();
}

void LadderDock::followCurrent()
{
    const QModelIndex current = m_selection ? m_selection->currentIndex() : QModelIndex();
    const int transaction = current.isValid() ? current.data(TransactionTableModel::TransactionIndexRole).toInt() : -1;
    const QVariant shown = current.data(TransactionTableModel::ShownAnomalyKindsRole);
    const AnomalyKindMask mask = shown.isValid() ? AnomalyKindMask(shown.toUInt()) : allAnomalyKindsMask();
    if (transaction == m_transaction && mask == m_shown)
        return;
    if (transaction != m_transaction)
        m_view->setSelectedArrival(-1);
    m_transaction = transaction;
    m_shown = mask;
    rebuild();
}

void LadderDock::setOrder(EventOrder order)
{
    if (order == m_order)
        return;
    m_order = order;
    const QSignalBlocker block(m_sequenceOrder);
    m_sequenceOrder->setChecked(order == EventOrder::Sequence);
    rebuild();
}

void LadderDock::selectEvent(int transactionIndex, int arrivalIndex)
{
    if (transactionIndex != m_transaction)
        return; // the selection model brings the transaction; this only marks the event
    m_view->setSelectedArrival(arrivalIndex);
}

void LadderDock::rebuild()
{
    const bool valid = m_transactions && m_transaction >= 0 && m_transaction < m_transactions->store().transactionCount();
    m_view->setDiagram(valid ? LadderDiagram::build(m_transactions->store().transaction(m_transaction), m_deliveries, m_order, m_shown)
                             : LadderDiagram());
    const bool any = !m_view->diagram().isEmpty();
    m_export->setEnabled(any);
    m_copyMermaid->setEnabled(any);
    m_caption->setText(valid ? m_transactions->store().transaction(m_transaction).transactionId() : QString());
}

QString LadderDock::exportTo(const QString &path) const
{
    return writeLadder(diagram(), path, m_view->palette(), m_view->font());
}

void LadderDock::copyMermaid() const
{
    if (!diagram().isEmpty())
        QApplication::clipboard()->setText(diagram().toMermaid());
}

void LadderDock::exportWithDialog(const QString &filter)
{
    if (diagram().isEmpty())
        return;
    const QString filters = QStringList{tr(pngFilter), tr(svgFilter), tr(mermaidFilter)}.join(QStringLiteral(";;"));
    QString chosen = filter.isEmpty() ? tr(pngFilter) : filter;
    QString path = QFileDialog::getSaveFileName(this, tr("Export ladder"), diagram().transactionId(), filters, &chosen);
    if (path.isEmpty())
        return;
    if (!ladderFormatFor(path)) {
        // The filter the user picked names the format when the file name does not.
        const QString suffix = chosen == tr(svgFilter) ? QStringLiteral(".svg")
                             : chosen == tr(mermaidFilter) ? QStringLiteral(".mmd") : QStringLiteral(".png");
        path += suffix;
    }
    const QString error = exportTo(path);
    if (!error.isEmpty())
        QMessageBox::warning(this, tr("Export ladder"), error);
}

} // namespace callconsole

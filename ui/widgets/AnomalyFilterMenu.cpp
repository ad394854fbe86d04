#include "AnomalyFilterMenu.h"

#include "AnomalyKindMask.h"
#include "TransactionFilterProxy.h"

#include <QToolButton>

namespace callconsole {

namespace {

const Qt::Key digitKeys[] = {Qt::Key_1, Qt::Key_2, Qt::Key_3, Qt::Key_4, Qt::Key_5, Qt::Key_6, Qt::Key_7, Qt::Key_8, Qt::Key_9};

} // namespace

AnomalyFilterMenu::AnomalyFilterMenu(TransactionFilterProxy *proxy, QWidget *parent)
    : QMenu(tr("&Anomalies"), parent)
    , m_proxy(proxy)
{
    setObjectName(QStringLiteral("anomalyFilterMenu"));
    m_only = addAction(tr("&Only transactions with anomalies"));
    m_only->setCheckable(true);
    m_only->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    connect(m_only, &QAction::toggled, proxy, &TransactionFilterProxy::setOnlyWithAnomalies);
    addSeparator();

    int position = 0;
    for (const AnomalyKind kind : allAnomalyKinds()) {
        QAction *action = addAction(anomalyKindTitle(kind));
        action->setCheckable(true);
        action->setToolTip(toString(kind));
        action->setShortcut(QKeySequence(Qt::ALT | digitKeys[position++]));
        connect(action, &QAction::toggled, proxy, [proxy, kind](bool on) { proxy->setAnomalyKindShown(kind, on); });
        m_kinds.insert(int(kind), action);
    }
    addSeparator();
    m_all = addAction(tr("Show &every kind"));
    m_all->setShortcut(QKeySequence(Qt::ALT | Qt::Key_0));
    connect(m_all, &QAction::triggered, proxy, [proxy] { proxy->setShownAnomalyKinds(allAnomalyKindsMask()); });

    connect(proxy, &TransactionFilterProxy::anomalyFilterChanged, this, &AnomalyFilterMenu::sync);
    sync();
}

QString AnomalyFilterMenu::summary() const
{
    if (!m_proxy)
        return {};
    const AnomalyKindMask shown = m_proxy->shownAnomalyKinds();
    int count = 0;
    for (const AnomalyKind kind : allAnomalyKinds())
        count += showsAnomalyKind(shown, kind) ? 1 : 0;
    const int total = int(allAnomalyKinds().size());
    const QString kinds = count == total ? tr("all kinds") : tr("%1 of %2 kinds").arg(count).arg(total);
    return m_proxy->onlyWithAnomalies() ? tr("Only anomalous: %1").arg(kinds) : tr("Anomalies: %1").arg(kinds);
}

void AnomalyFilterMenu::sync()
{
    if (!m_proxy)
        return;
    {
        const QSignalBlocker block(m_only);
        m_only->setChecked(m_proxy->onlyWithAnomalies());
    }
    for (auto it = m_kinds.cbegin(); it != m_kinds.cend(); ++it) {
        const QSignalBlocker block(it.value());
        it.value()->setChecked(m_proxy->showsAnomalyKind(AnomalyKind(it.key())));
    }
    m_all->setEnabled(m_proxy->shownAnomalyKinds() != allAnomalyKindsMask());
    emit summaryChanged(summary());
}

QToolButton *AnomalyFilterMenu::createButton(QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setObjectName(QStringLiteral("anomalyFilterButton"));
    button->setMenu(this);
    button->setPopupMode(QToolButton::InstantPopup);
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    button->setToolTip(tr("Which anomaly kinds the table and the timeline show"));
    button->setText(summary());
    connect(this, &AnomalyFilterMenu::summaryChanged, button, &QToolButton::setText);
    return button;
}

} // namespace callconsole

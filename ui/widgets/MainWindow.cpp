#include "MainWindow.h"

#include "AboutBox.h"
#include "AnomalyFilterMenu.h"
#include "BackendController.h"
#include "BreakpointPanel.h"
#include "BuiltInSession.h"
#include "CallForm.h"
#include "EndpointServer.h"
#include "EventListModel.h"
#include "Inspector.h"
#include "LadderDock.h"
#include "PreferencesController.h"
#include "ReplyRules.h"
#include "LogImportActions.h"
#include "SessionController.h"
#include "SessionStore.h"
#include "TimelineView.h"
#include "TransactionFilterProxy.h"
#include "TransactionTableModel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace callconsole {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_transactions(new TransactionTableModel(this))
    , m_proxy(new TransactionFilterProxy(this))
    , m_events(new EventListModel(m_transactions, this))
{
    setWindowTitle(tr("Call Console"));
    QIcon icon;
    for (const int size : {32, 64, 256})
        icon.addFile(QStringLiteral(":/icons/%1x%1/apps/" CALLCONSOLE_APP_ID ".png").arg(size));
    setWindowIcon(icon);
    setDockOptions(AnimatedDocks | AllowTabbedDocks | AllowNestedDocks);
    m_proxy->setSourceModel(m_transactions);

    m_timeline = new TimelineView;
    m_timeline->setObjectName(QStringLiteral("timeline"));
    m_timeline->setModel(m_proxy);
    m_timeline->setTransactions(m_transactions);
    setCentralWidget(m_timeline);

    m_preferences = new PreferencesController(this);
    m_preferences->load();
    m_sessions = new SessionController(this, m_preferences);
    connect(m_preferences, &PreferencesController::notice, this, &MainWindow::showNotice);
    connect(m_sessions, &SessionController::notice, this, &MainWindow::showNotice);
    m_logImport = new LogImportActions(this, m_sessions, m_preferences);
    connect(m_logImport, &LogImportActions::notice, this, &MainWindow::showNotice);
    buildDocks();
    buildStatusBar();
    // Before the session: the Call menu holds its Reload action.
    m_backends = new BackendController(m_form, m_backendLabel, m_preferences, this);
    connect(m_backends, &BackendController::notice, this, &MainWindow::showNotice);
    buildMenus();

    connect(m_transactions, &TransactionTableModel::eventsAppended, this, &MainWindow::updateCounters);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &MainWindow::onCurrentRowChanged);
    connect(m_timeline, &TimelineView::eventSelected, this, &MainWindow::onEventSelected);
    connect(m_timeline, &TimelineView::eventSelected, m_ladder, &LadderDock::selectEvent);
    connect(m_ladder, &LadderDock::eventActivated, this, [this](int transaction, int arrival) { selectTransaction(transaction, arrival); });
    connect(m_timeline, &TimelineView::heldEventClicked, this, [this](qint64 heldId) {
        m_breakpoints->selectHeldEvent(heldId); // its reply is in the editor, ready to change
        if (auto *dock = qobject_cast<QDockWidget *>(m_breakpoints->parentWidget()))
            dock->raise();
    });
    connect(m_eventTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        if (current.isValid() && m_events->transaction() >= 0)
            m_timeline->selectEvent(m_events->transaction(), m_events->arrivalIndex(current.row()));
    });
    resize(1400, 860);
    restoreSettings();
}

MainWindow::~MainWindow()
{
    // Stopping the session flushes its last deliveries and held-event changes: stop it while
    // the members that take them still exist, once the timeline has let go of its endpoint.
    m_timeline->watchHeldEvents(nullptr);
    delete m_session;
    m_sessions->finish();
}

void MainWindow::buildDocks()
{
    m_form = new CallForm;
    auto *formDock = new QDockWidget(tr("Place call"), this);
    formDock->setObjectName(QStringLiteral("placeCallDock"));
    formDock->setWidget(m_form);
    addDockWidget(Qt::LeftDockWidgetArea, formDock);

    m_inspector = new Inspector;
    auto *inspectorDock = new QDockWidget(tr("Inspector"), this);
    inspectorDock->setObjectName(QStringLiteral("inspectorDock"));
    inspectorDock->setWidget(m_inspector);
    addDockWidget(Qt::RightDockWidgetArea, inspectorDock);

    m_breakpoints = new BreakpointPanel;
    auto *breakpointDock = new QDockWidget(tr("Breakpoints"), this);
    breakpointDock->setObjectName(QStringLiteral("breakpointsDock"));
    breakpointDock->setWidget(m_breakpoints);
    addDockWidget(Qt::RightDockWidgetArea, breakpointDock);
    tabifyDockWidget(inspectorDock, breakpointDock);
    m_ladder = new LadderDock(m_transactions, [this](qint64 eventId) -> const DeliveryRecord * {
        const auto it = m_deliveries.constFind(eventId);
        return it == m_deliveries.cend() ? nullptr : &*it;
    }, this);
    addDockWidget(Qt::RightDockWidgetArea, m_ladder);
    tabifyDockWidget(inspectorDock, m_ladder);
    inspectorDock->raise();

    m_table = new QTableView;
    m_table->setObjectName(QStringLiteral("transactionTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(TransactionTableModel::Started, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setAlternatingRowColors(true);
    m_timeline->setSelectionModel(m_table->selectionModel()); // one selection for both views
    m_ladder->setSelectionModel(m_table->selectionModel());
    m_filter = new QLineEdit;
    m_filter->setObjectName(QStringLiteral("transactionFilter"));
    m_filter->setPlaceholderText(tr("Filter transactions (Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    m_anomalyFilter = new AnomalyFilterMenu(m_proxy, this);
    auto *filterRow = new QHBoxLayout;
    filterRow->addWidget(m_filter, 1);
    filterRow->addWidget(m_anomalyFilter->createButton());
    auto *tableBox = new QWidget;
    auto *tableLayout = new QVBoxLayout(tableBox);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    tableLayout->addLayout(filterRow);
    tableLayout->addWidget(m_table);
    auto *tableDock = new QDockWidget(tr("Transactions"), this);
    tableDock->setObjectName(QStringLiteral("transactionsDock"));
    tableDock->setWidget(tableBox);
    addDockWidget(Qt::BottomDockWidgetArea, tableDock);

    m_eventTable = new QTableView;
    m_eventTable->setObjectName(QStringLiteral("eventTable"));
    m_eventTable->setModel(m_events);
    m_eventTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_eventTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_eventTable->verticalHeader()->hide();
    m_eventTable->horizontalHeader()->setStretchLastSection(true);
    auto *eventDock = new QDockWidget(tr("Events"), this);
    eventDock->setObjectName(QStringLiteral("eventsDock"));
    eventDock->setWidget(m_eventTable);
    addDockWidget(Qt::BottomDockWidgetArea, eventDock);
    splitDockWidget(tableDock, eventDock, Qt::Horizontal);

    connect(m_form, &CallForm::placeRequested, this, [this](const CreateCallRequest &request) {
        if (m_session)
            m_session->place(request);
    });
    connect(m_form, &CallForm::dialInRequested, this, [this](const QString &caller, const QString &dialledNumber) {
        if (m_session)
            m_session->dialIn(caller, dialledNumber);
    });
}

void MainWindow::buildMenus()
{
    const auto action = [this](QMenu *menu, const QString &text, const QKeySequence &shortcut, auto slot) {
        QAction *a = menu->addAction(text);
        a->setShortcut(shortcut);
        connect(a, &QAction::triggered, this, slot);
        return a;
    };
    QMenu *file = menuBar()->addMenu(tr("&File"));
    action(file, tr("&New session"), QKeySequence::New, [this] { m_sessions->newSessionFromMenu(); });
    action(file, tr("&Open session…"), QKeySequence::Open, [this] { m_sessions->openWithDialog(); });
    action(file, tr("Save session &as…"), QKeySequence::SaveAs, [this] { m_sessions->saveAsWithDialog(); });
    file->addAction(m_logImport->importLogsAction());
    file->addAction(m_logImport->importFromCloudWatchAction());
    action(file, tr("Export &session…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E), [this] { m_sessions->exportWithDialog(); });
    file->addAction(m_sessions->maskExportsAction());
    action(file, tr("&Export analysis…"), QKeySequence(Qt::CTRL | Qt::Key_E), [this] { exportAnalysis(); });
    file->addAction(m_ladder->exportAction());
    file->addAction(m_ladder->copyMermaidAction());
    file->addSeparator();
    QAction *preferences = action(file, tr("&Preferences…"), QKeySequence(Qt::CTRL | Qt::Key_Comma), [this] { showPreferences(); });
    if (QKeySequence(QKeySequence::Preferences) != QKeySequence(Qt::CTRL | Qt::Key_Comma) && !QKeySequence(QKeySequence::Preferences).isEmpty())
        preferences->setShortcuts({QKeySequence(QKeySequence::Preferences), QKeySequence(Qt::CTRL | Qt::Key_Comma)});
    preferences->setMenuRole(QAction::PreferencesRole);
    file->addSeparator();
    action(file, tr("&Quit"), QKeySequence::Quit, [this] { close(); });

    QMenu *call = menuBar()->addMenu(tr("&Call"));
    action(call, tr("&Place call"), QKeySequence(Qt::CTRL | Qt::Key_Return), [this] { m_form->place(); });
    action(call, tr("&Hang up selected"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_H), [this] { hangUpSelected(); });
    action(call, tr("&Update selected with the form's Arguments"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_U),
           [this] { updateSelected(); });
    call->addSeparator();
    call->addAction(m_backends->reloadAction());

    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *follow = action(view, tr("&Follow live"), QKeySequence(Qt::Key_F), [this](bool on) { m_timeline->setFollowLive(on); });
    follow->setCheckable(true);
    follow->setChecked(m_timeline->followLive());
    connect(m_timeline, &TimelineView::followLiveChanged, follow, &QAction::setChecked);
    action(view, tr("Zoom &in"), QKeySequence(Qt::CTRL | Qt::Key_Equal), [this] { m_timeline->zoomIn(); });
    action(view, tr("Zoom &out"), QKeySequence(Qt::CTRL | Qt::Key_Minus), [this] { m_timeline->zoomOut(); });
    action(view, tr("&Reset zoom"), QKeySequence(Qt::CTRL | Qt::Key_0), [this] { m_timeline->fitAll(); });
    action(view, tr("Fit to &selection"), QKeySequence(Qt::Key_S), [this] { m_timeline->fitToSelection(); });
    view->addSeparator();
    // Ctrl+Q (Quit) and Ctrl+W (Close) keep their platform meaning; these two get Shift chords.
    QAction *sequence = action(view, tr("&Sequence order"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O), [this](bool on) {
        const EventOrder order = on ? EventOrder::Sequence : EventOrder::Arrival;
        m_timeline->setOrder(order);
        m_events->setOrder(order);
    });
    sequence->setCheckable(true);
    QAction *wallClock = action(view, tr("&Wall-clock time"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T), [this](bool on) {
        m_timeline->setLabelMode(on ? TimeAxisMapper::LabelMode::WallClock : TimeAxisMapper::LabelMode::CallRelative);
    });
    wallClock->setCheckable(true);
    view->addSeparator();
    action(view, tr("&Find transaction"), QKeySequence::Find, [this] { m_filter->setFocus(); m_filter->selectAll(); });
    action(view, tr("&Next anomaly"), QKeySequence(Qt::Key_F8), [this] { nextAnomaly(1); });
    action(view, tr("&Previous anomaly"), QKeySequence(Qt::SHIFT | Qt::Key_F8), [this] { nextAnomaly(-1); });
    view->addMenu(m_anomalyFilter);
    view->addSeparator();
    view->addAction(m_ladder->showAction());
    QMenu *docks = view->addMenu(tr("&Panels"));
    for (QDockWidget *dock : findChildren<QDockWidget *>())
        docks->addAction(dock->toggleViewAction());

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *about = help->addAction(tr("&About Call Console"), this, [this] { showAboutBox(this); });
    about->setMenuRole(QAction::AboutRole);
}

void MainWindow::buildStatusBar()
{
    m_backendLabel = new QLabel(tr("Backend: —"));
    m_urlLabel = new QLabel;
    m_urlLabel->setObjectName(QStringLiteral("endpointUrl"));
    m_urlLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *copy = new QToolButton;
    copy->setText(tr("Copy"));
    copy->setToolTip(tr("Copy the endpoint URL"));
    connect(copy, &QToolButton::clicked, this, [this] {
        if (m_session)
            QApplication::clipboard()->setText(m_session->endpointUrl().toString());
    });
    m_countersLabel = new QLabel;
    m_countersLabel->setObjectName(QStringLiteral("counters"));
    m_liveLabel = new QLabel;
    statusBar()->addWidget(m_backendLabel);
    statusBar()->addWidget(m_urlLabel);
    statusBar()->addWidget(copy);
    statusBar()->addPermanentWidget(m_countersLabel);
    statusBar()->addPermanentWidget(m_liveLabel);
    updateCounters();
}

bool MainWindow::startBuiltIn(QString *error, double speed)
{
    return startSession(error, speed, std::nullopt); // the replies from Preferences
}

bool MainWindow::startBuiltIn(QString *error, double speed, const ReplyRules &rules)
{
    return startSession(error, speed, rules);
}

bool MainWindow::startSession(QString *error, double speed, const std::optional<ReplyRules> &rules)
{
    m_session = new BuiltInSession(this);
    connect(m_session, &BuiltInSession::deliveriesReady, this, &MainWindow::onDeliveries);
    connect(m_session, &BuiltInSession::placeFailed, m_form, &CallForm::showServerIssue);
    connect(m_session, &BuiltInSession::placed, this, [this](const QString &transactionId) {
        statusBar()->showMessage(tr("Placed %1").arg(transactionId), 5000);
    });
    connect(m_session, &BuiltInSession::updated, this, [this](const QString &transactionId) {
        statusBar()->showMessage(tr("Update sent to %1").arg(transactionId), 5000);
    });
    connect(m_session, &BuiltInSession::endpointRestarted, this, [this](const QUrl &url) {
        m_inspector->setEndpointUrl(url);
        m_urlLabel->setText(tr("Endpoint: %1").arg(url.toString()));
    });
    if (!m_sessions->start(m_session, speed, rules, error))
        return false;
    // Connected before the panel and the timeline: by the time they refresh, a held event's
    // call has its lane even when nothing of it is stored yet.
    connect(m_session->endpoint(), &EndpointServer::heldChanged, this, &MainWindow::openHeldTransactions);
    // Your handler loaded, failed to load, or reloaded after an edit: said where the user looks.
    connect(m_session->endpoint(), &EndpointServer::handlerNotice, this,
            [this](const QString &text) { statusBar()->showMessage(text, 8000); });
    m_breakpoints->setEndpoint(m_session->endpoint());
    m_timeline->watchHeldEvents(m_session->endpoint());
    m_form->setSipMediaApplications(m_session->sipMediaApplicationIds());
    m_form->setPhoneNumbers(m_session->phoneNumbers());
    m_inspector->setEndpointUrl(m_session->endpointUrl());
    m_urlLabel->setText(tr("Endpoint: %1").arg(m_session->endpointUrl().toString()));
    m_backends->attach(m_session);
    updateCounters();
    return true;
}

void MainWindow::showNotice(const QString &message)
{
    statusBar()->showMessage(message, 10000);
}

void MainWindow::showPreferences()
{
    const DeliveryRecord *delivery = selectedDelivery();
    m_preferences->showDialog(delivery ? delivery->requestBody : QByteArray(),
                              delivery ? tr("%1 #%2 of %3").arg(delivery->eventType).arg(delivery->sequence).arg(delivery->transactionId)
                                       : QString());
}

const DeliveryRecord *MainWindow::selectedDelivery() const
{
    const int transaction = m_events->transaction();
    const int arrival = m_timeline->selectedArrivalIndex();
    if (transaction < 0 || arrival < 0 || transaction >= m_transactions->store().transactionCount())
        return nullptr;
    const auto &events = m_transactions->store().transaction(transaction).eventsByArrival();
    if (arrival >= int(events.size()))
        return nullptr;
    const auto it = m_deliveries.constFind(events.at(arrival).eventId);
    return it == m_deliveries.cend() ? nullptr : &*it;
}

void MainWindow::onDeliveries(const QList<DeliveryRecord> &batch)
{
    // Without a session file the endpoint assigns no ids; the inspector still needs one per
    // delivery, so those get window-local negative ids that cannot collide with stored ones.
    QList<DeliveryRecord> numbered = batch;
    for (DeliveryRecord &delivery : numbered) {
        if (delivery.id < 0)
            delivery.id = --m_lastLocalId;
        if (!delivery.rejected)
            m_deliveries.insert(delivery.id, delivery);
    }
    m_transactions->appendDeliveries(numbered);
    updateCounters();
}

// A breakpoint on a call's first event (NEW_OUTBOUND_CALL) holds it before anything of that
// call is stored; the call gets its row now so its held event shows on the timeline.
void MainWindow::openHeldTransactions()
{
    if (!m_session || !m_session->endpoint())
        return;
    for (const HeldEvent &held : m_session->endpoint()->heldEvents())
        m_transactions->openTransaction(held.transactionId, held.receivedAtMs);
}

bool MainWindow::openSession(const QString &path, QString *error)
{
    const QList<DeliveryRecord> records = SessionStore::readAll(path, error);
    if (error && !error->isEmpty())
        return false;
    m_transactions->clear();
    m_deliveries.clear();
    onDeliveries(records);
    m_timeline->fitAll();
    setWindowTitle(tr("Call Console — %1").arg(path));
    return true;
}

void MainWindow::updateCounters()
{
    const CallStore &store = m_transactions->store();
    const qint64 rejected = m_session && m_session->endpoint() ? m_session->endpoint()->rejectedCount() : 0;
    m_countersLabel->setText(tr("%1 calls · %2 events · %3 rejected · %4 anomalies")
                                 .arg(store.transactionCount()).arg(store.eventCount()).arg(rejected).arg(store.anomalyCount()));
    const bool live = m_session && m_session->isRunning();
    m_liveLabel->setText(live ? tr("● live") : tr("○ offline"));
    QPalette palette = m_liveLabel->palette();
    palette.setColor(QPalette::WindowText, live ? QColor(0x2e, 0xa0, 0x43) : palette.color(QPalette::PlaceholderText));
    m_liveLabel->setPalette(palette);
}

void MainWindow::selectTransaction(int transactionIndex, int arrivalIndex)
{
    const QModelIndex proxyIndex = m_proxy->mapFromSource(m_transactions->index(transactionIndex, 0));
    if (!proxyIndex.isValid())
        return;
    m_table->selectionModel()->setCurrentIndex(proxyIndex, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(proxyIndex);
    m_timeline->scrollTo(proxyIndex);
    if (arrivalIndex >= 0)
        m_timeline->selectEvent(transactionIndex, arrivalIndex);
}

void MainWindow::onCurrentRowChanged()
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    const int transaction = current.isValid() ? current.data(TransactionTableModel::TransactionIndexRole).toInt() : -1;
    if (transaction != m_events->transaction())
        m_events->setTransaction(transaction);
    m_timeline->viewport()->update();
}

void MainWindow::onEventSelected(int transactionIndex, int arrivalIndex)
{
    if (transactionIndex < 0 || transactionIndex >= m_transactions->store().transactionCount()) {
        m_inspector->clear();
        return;
    }
    if (m_events->transaction() != transactionIndex)
        m_events->setTransaction(transactionIndex);
    const int row = m_events->rowOfArrival(arrivalIndex);
    if (row >= 0) {
        const QSignalBlocker block(m_eventTable->selectionModel());
        m_eventTable->selectRow(row);
    }
    const TransactionAnalysis &transaction = m_transactions->store().transaction(transactionIndex);
    const DeliveryRecord *delivery = nullptr;
    if (arrivalIndex >= 0) {
        const auto it = m_deliveries.constFind(transaction.eventsByArrival().at(arrivalIndex).eventId);
        delivery = it == m_deliveries.cend() ? nullptr : &*it;
    }
    m_inspector->inspect(transaction, arrivalIndex, delivery);
}

QString MainWindow::selectedTransactionId() const
{
    return m_table->selectionModel()->currentIndex().data(TransactionTableModel::TransactionIdRole).toString();
}

void MainWindow::hangUpSelected()
{
    const QString id = selectedTransactionId();
    if (id.isEmpty()) {
        statusBar()->showMessage(tr("Select a call to hang up"), 4000);
        return;
    }
    if (!m_session || !m_session->hangUp(id))
        statusBar()->showMessage(tr("%1 is not a call in progress on the simulator").arg(id), 5000);
}

void MainWindow::updateSelected()
{
    const QString id = selectedTransactionId();
    if (id.isEmpty() || !m_session) {
        statusBar()->showMessage(tr("Select a call to update"), 4000);
        return;
    }
    UpdateCallRequest request;
    request.sipMediaApplicationId = m_form->request().sipMediaApplicationId;
    request.transactionId = id;
    request.arguments = m_form->request().argumentsMap;
    const ValidationIssues issues = request.validate();
    if (hasErrors(issues)) {
        for (const ValidationIssue &issue : issues)
            m_form->showServerIssue(issue);
        return;
    }
    m_session->update(request);
}

void MainWindow::nextAnomaly(int step)
{
    QList<StoredAnomaly> anomalies = m_transactions->store().allAnomalies();
    // Only what the anomaly filter shows: hidden kinds and hidden transactions are skipped.
    anomalies.removeIf([this](const StoredAnomaly &found) {
        return !m_proxy->showsAnomalyKind(found.anomaly.kind)
            || !m_proxy->mapFromSource(m_transactions->index(found.transactionIndex, 0)).isValid();
    });
    if (anomalies.isEmpty()) {
        statusBar()->showMessage(tr("No anomalies in this session"), 4000);
        return;
    }
    m_anomalyCursor = (m_anomalyCursor + step + int(anomalies.size())) % int(anomalies.size());
    const StoredAnomaly &found = anomalies.at(m_anomalyCursor);
    const int arrival = found.anomaly.arrivalIndexes.isEmpty() ? -1 : found.anomaly.arrivalIndexes.first();
    selectTransaction(found.transactionIndex, arrival);
    statusBar()->showMessage(found.anomaly.message, 8000);
}

void MainWindow::exportAnalysis()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export analysis"), QStringLiteral("analysis.json"),
                                                      tr("JSON (*.json)"));
    if (path.isEmpty())
        return;
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(m_transactions->store().toJson()).toJson()) < 0)
        QMessageBox::warning(this, tr("Export analysis"), tr("%1: %2").arg(path, file.errorString()));
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    m_form->restoreState(settings);
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    m_form->saveState(settings);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    event->accept();
}

} // namespace callconsole

// The window users live in: the Place-call form (left dock), the timeline (centre), the
// transactions table and the selected call's events (bottom), the inspector and the ladder
// (right), and a status bar with the backend, the endpoint URL, counters and the live indicator.
#pragma once

#include "DeliveryRecord.h"

#include <QHash>
#include <QMainWindow>

#include <optional>

class QLabel;
class QLineEdit;
class QTableView;

namespace callconsole {

class AnomalyFilterMenu;
class BackendController;
class BreakpointPanel;
class BuiltInSession;
class PreferencesController;
class LogImportActions;
class SessionController;
class ReplyRules;
class CallForm;
class EventListModel;
class Inspector;
class LadderDock;
class TimelineView;
class TransactionFilterProxy;
class TransactionTableModel;

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Starts the embedded endpoint and the simulator; the form is filled from the simulator.
    bool startBuiltIn(QString *error, double speed = 1.0);
    bool startBuiltIn(QString *error, double speed, const ReplyRules &rules);

    CallForm *form() const { return m_form; }
    TimelineView *timeline() const { return m_timeline; }
    TransactionTableModel *transactions() const { return m_transactions; }
    EventListModel *events() const { return m_events; }
    Inspector *inspector() const { return m_inspector; }
    BreakpointPanel *breakpoints() const { return m_breakpoints; }
    LadderDock *ladder() const { return m_ladder; }
    TransactionFilterProxy *transactionProxy() const { return m_proxy; }
    AnomalyFilterMenu *anomalyFilter() const { return m_anomalyFilter; }
    QTableView *transactionTable() const { return m_table; }
    BuiltInSession *session() const { return m_session; }
    PreferencesController *preferences() const { return m_preferences; }
    SessionController *sessions() const { return m_sessions; }
    LogImportActions *logImport() const { return m_logImport; }
    // The delivery of the event selected on the timeline, if it has one.
    const DeliveryRecord *selectedDelivery() const;

    // Loads a session file written by the endpoint (`serve --session`).
    bool openSession(const QString &path, QString *error);
    void selectTransaction(int transactionIndex, int arrivalIndex = -1);

public slots:
    void hangUpSelected();
    void showNotice(const QString &message);
    // Sends the form's Arguments to the selected call (UpdateSipMediaApplicationCall).
    void updateSelected();
    void nextAnomaly(int step = 1);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildDocks();
    void buildMenus();
    void buildStatusBar();
    bool startSession(QString *error, double speed, const std::optional<ReplyRules> &rules);
    void showPreferences();
    void onDeliveries(const QList<DeliveryRecord> &batch);
    void openHeldTransactions();
    void onCurrentRowChanged();
    void onEventSelected(int transactionIndex, int arrivalIndex);
    void updateCounters();
    void exportAnalysis();
    void restoreSettings();
    void saveSettings() const;
    QString selectedTransactionId() const;

    TransactionTableModel *m_transactions = nullptr;
    TransactionFilterProxy *m_proxy = nullptr;
    EventListModel *m_events = nullptr;
    TimelineView *m_timeline = nullptr;
    QTableView *m_table = nullptr;
    QTableView *m_eventTable = nullptr;
    QLineEdit *m_filter = nullptr;
    CallForm *m_form = nullptr;
    Inspector *m_inspector = nullptr;
    BreakpointPanel *m_breakpoints = nullptr;
    LadderDock *m_ladder = nullptr;
    AnomalyFilterMenu *m_anomalyFilter = nullptr;
    BuiltInSession *m_session = nullptr;
    PreferencesController *m_preferences = nullptr;
    SessionController *m_sessions = nullptr;
    LogImportActions *m_logImport = nullptr;
    BackendController *m_backends = nullptr;
    QLabel *m_backendLabel = nullptr;
    QLabel *m_urlLabel = nullptr;
    QLabel *m_countersLabel = nullptr;
    QLabel *m_liveLabel = nullptr;
    QHash<qint64, DeliveryRecord> m_deliveries; // by delivery id: what the inspector shows
    int m_anomalyCursor = -1;
    qint64 m_lastLocalId = -1;
};

} // namespace callconsole

// End to end, offscreen: the real simulator and endpoint on loopback, a call placed by typing
// into the form, its events arriving in the models and on the timeline, the inspector showing
// what was answered; and `callconsole --demo --screenshot` writing a picture of the window.
#include "AnomalyFilterMenu.h"
#include "BreakpointPanel.h"
#include "BuiltInSession.h"
#include "CallForm.h"
#include "EventListModel.h"
#include "Inspector.h"
#include "LadderDock.h"
#include "LadderView.h"
#include "MainWindow.h"
#include "TestEvents.h"
#include "TimelineView.h"
#include "TransactionTableModel.h"
#include "WindowTestSupport.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QImage>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QProcess>
#include <QPushButton>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace callconsole;
using namespace callconsole::testing;

namespace {

QList<InvocationEventType> typesInSequenceOrder(const TransactionAnalysis &transaction)
{
    QList<InvocationEventType> types;
    for (const int arrival : transaction.sequenceOrder())
        types << transaction.eventsByArrival().at(arrival).type;
    return types;
}

// Every action the menu bar reaches, submenus included, each once.
QList<QAction *> menuActions(const QList<QAction *> &actions)
{
    QList<QAction *> all;
    for (QAction *action : actions) {
        if (action->isSeparator())
            continue;
        if (action->menu()) {
            for (QAction *inner : menuActions(action->menu()->actions())) {
                if (!all.contains(inner))
                    all << inner;
            }
        } else if (!all.contains(action)) {
            all << action;
        }
    }
    return all;
}

QMenu *menuTitled(QMenuBar *bar, const QString &title)
{
    for (QAction *action : bar->actions()) {
        if (action->menu() && action->text().remove(QLatin1Char('&')) == title)
            return action->menu();
    }
    return nullptr;
}

// Starts window with a breakpoint on every call's first event, the form ready to place a call.
bool startHoldingFirstEvents(MainWindow &window)
{
    const auto rules = ReplyRules::fromJson(R"({"rules":[{"name":"hold","event":"NEW_OUTBOUND_CALL","breakpoint":true}]})");
    QString error;
    if (!rules.ok() || !window.startBuiltIn(&error, 1.0, *rules.value)) {
        qWarning("%s", qPrintable(error));
        return false;
    }
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return false;
    window.form()->findChild<QLineEdit *>(callrules::toPhoneNumber())->setText(QStringLiteral("+14155550199"));
    return true;
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void placedCallAppearsLive();
    void serverRejectionLandsOnField();
    void nextAnomalySelectsItsEvent();
    void tableAndTimelineShareSelection();
    void menuShortcutsAreUnique();
    void ladderFollowsSelectionBesideTheInspector();
    void anomalyFilterFromTheViewMenu();
    void heldEventPulsesAndOpensBreakpoints();
    void heldFirstEventGetsItsLane();
    void clickOnHeldMarkerSelectsItInThePanel();
    void demoScreenshot();
};

void TestMainWindow::initTestCase()
{
    // Settings and the windows' session files land in this run's own HOME (main), never the
    // user's: not even under ~/.qttest.
    const QString home = isolatedHome().path();
    QVERIFY(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation).startsWith(home + QLatin1Char('/')));
    QVERIFY(QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation).startsWith(home + QLatin1Char('/')));
}

void TestMainWindow::placedCallAppearsLive()
{
    MainWindow window;
    QString error;
    QVERIFY2(window.startBuiltIn(&error, 4.0), qPrintable(error));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(!window.windowIcon().availableSizes().isEmpty()); // the icon resource is linked in

    auto *to = window.form()->findChild<QLineEdit *>(callrules::toPhoneNumber());
    to->clear();
    QTest::keyClicks(to, QStringLiteral("+14155550199"));
    auto *place = window.form()->findChild<QPushButton *>(QStringLiteral("place"));
    QVERIFY2(place->isEnabled(), qPrintable(place->toolTip()));
    QTest::mouseClick(place, Qt::LeftButton);

    TransactionTableModel *model = window.transactions();
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 1, 20000);
    const CallStore &store = model->store();
    const auto answered = [&store] {
        return typesInSequenceOrder(store.transaction(0)).contains(InvocationEventType::CallAnswered);
    };
    QTRY_VERIFY_WITH_TIMEOUT(answered(), 20000);

    window.selectTransaction(0);
    QCOMPARE(window.events()->transaction(), 0);
    window.form()->addArgument(QStringLiteral("next"), QStringLiteral("menu"));
    window.updateSelected();
    QTRY_VERIFY_WITH_TIMEOUT(typesInSequenceOrder(store.transaction(0)).contains(InvocationEventType::CallUpdateRequested), 20000);
    window.hangUpSelected();
    QTRY_VERIFY_WITH_TIMEOUT(typesInSequenceOrder(store.transaction(0)).contains(InvocationEventType::Hangup), 20000);

    const auto types = typesInSequenceOrder(store.transaction(0));
    QStringList names;
    for (const InvocationEventType type : types)
        names << toString(type);
    QCOMPARE(names.mid(0, 3), (QStringList{QStringLiteral("NEW_OUTBOUND_CALL"), QStringLiteral("RINGING"),
                                           QStringLiteral("CALL_ANSWERED")}));
    QVERIFY(types.contains(InvocationEventType::Hangup));
    QCOMPARE(window.events()->rowCount(), store.transaction(0).eventCount());
    QCOMPARE(model->index(0, TransactionTableModel::To).data().toString(), QStringLiteral("+14155550199"));

    // The first marker on the timeline is the NEW_OUTBOUND_CALL; clicking it fills the inspector
    // with the request and the reply the endpoint sent.
    TimelineView *timeline = window.timeline();
    timeline->fitAll();
    const QPointF marker = timeline->markerPosition(0, 0);
    const auto hit = timeline->hitTest(marker.toPoint());
    QCOMPARE(hit.transactionIndex, 0);
    QCOMPARE(hit.arrivalIndex, 0);
    QTest::mouseClick(timeline->viewport(), Qt::LeftButton, {}, marker.toPoint());
    const QString inspected = window.inspector()->text();
    QVERIFY2(inspected.contains(QStringLiteral("NEW_OUTBOUND_CALL")), qPrintable(inspected));
    QVERIFY2(inspected.contains(QStringLiteral("Reply 200")), qPrintable(inspected));
    QVERIFY(window.inspector()->curlCommand().startsWith(QStringLiteral("curl ")));
    // The request shown is this event's own, not another delivery's.
    QVERIFY2(!inspected.contains(QStringLiteral("\"Hangup\"")), qPrintable(inspected));

    const QPointF hangup = timeline->markerPosition(0, store.transaction(0).eventCount() - 1);
    QTest::mouseClick(timeline->viewport(), Qt::LeftButton, {}, hangup.toPoint());
    QVERIFY2(window.inspector()->text().contains(QStringLiteral("\"Type\": \"Hangup\"")), qPrintable(window.inspector()->text()));
}

void TestMainWindow::serverRejectionLandsOnField()
{
    MainWindow window;
    QString error;
    QVERIFY2(window.startBuiltIn(&error, 4.0), qPrintable(error));
    // A From number the simulated account does not own passes the form's rules; the service
    // refuses it, and the refusal is shown on the form.
    auto *from = window.form()->findChild<QWidget *>(callrules::fromPhoneNumber())->findChild<QLineEdit *>();
    from->clear();
    QTest::keyClicks(from, QStringLiteral("+14155550100"));
    auto *to = window.form()->findChild<QLineEdit *>(callrules::toPhoneNumber());
    QTest::keyClicks(to, QStringLiteral("+14155550199"));
    QVERIFY(window.form()->canPlace());
    window.form()->place();
    QTRY_VERIFY_WITH_TIMEOUT(!window.form()->canPlace(), 20000);
    bool shown = false;
    for (const QString &field : {callrules::fromPhoneNumber(), callrules::sipMediaApplicationId()})
        shown = shown || window.form()->fieldSeverity(field) == ValidationIssue::Severity::Error;
    QVERIFY(shown);
    QCOMPARE(window.transactions()->rowCount(), 0);
}

void TestMainWindow::nextAnomalySelectsItsEvent()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto late = outboundCall(QStringLiteral("clean"), 1000);
    auto broken = outboundCall(QStringLiteral("broken"), 2000);
    std::swap(broken[1], broken[2]); // CALL_ANSWERED (3) arrives before RINGING (2)
    window.transactions()->appendEvents(late + broken);
    QVERIFY(window.transactions()->store().anomalyCount() > 0);
    window.nextAnomaly(1);
    const QModelIndex current = window.transactionTable()->selectionModel()->currentIndex();
    QCOMPARE(current.data(TransactionTableModel::TransactionIdRole).toString(), QStringLiteral("broken"));
    QCOMPARE(window.events()->transaction(), 1);
    const auto first = window.transactions()->store().allAnomalies().first();
    QCOMPARE(window.timeline()->selectedArrivalIndex(), first.anomaly.arrivalIndexes.first());
    QVERIFY(window.inspector()->text().contains(QStringLiteral("⚠")));
}

void TestMainWindow::tableAndTimelineShareSelection()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.transactions()->appendEvents(outboundCall(QStringLiteral("a"), 1000) + outboundCall(QStringLiteral("b"), 2000));
    QCOMPARE(window.timeline()->selectionModel(), window.transactionTable()->selectionModel());
    window.transactionTable()->selectRow(1);
    QVERIFY(window.timeline()->selectionModel()->isRowSelected(1, {}));
    QCOMPARE(window.events()->transaction(),
             window.transactionTable()->currentIndex().data(TransactionTableModel::TransactionIndexRole).toInt());
}

void TestMainWindow::menuShortcutsAreUnique()
{
    MainWindow window;
    QHash<QString, QString> owners; // shortcut → the action that has it
    int withShortcut = 0;
    for (QAction *action : menuActions(window.menuBar()->actions())) {
        for (const QKeySequence &shortcut : action->shortcuts()) {
            const QString key = shortcut.toString(QKeySequence::PortableText);
            QVERIFY2(!owners.contains(key), qPrintable(QStringLiteral("%1 is both \"%2\" and \"%3\"")
                                                           .arg(key, owners.value(key), action->text())));
            owners.insert(key, action->text());
            ++withShortcut;
        }
    }
    QVERIFY(withShortcut > 20);
    // The platform's own meanings stay: Quit is "Quit", and nothing but closing takes Close.
    for (const QKeySequence &quit : QKeySequence::keyBindings(QKeySequence::Quit))
        QCOMPARE(owners.value(quit.toString(QKeySequence::PortableText)), QStringLiteral("&Quit"));
    for (const QKeySequence &close : QKeySequence::keyBindings(QKeySequence::Close))
        QVERIFY2(!owners.contains(close.toString(QKeySequence::PortableText)), qPrintable(close.toString()));
}

void TestMainWindow::ladderFollowsSelectionBesideTheInspector()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.transactions()->appendEvents(outboundCall(QStringLiteral("a"), 1000) + outboundCall(QStringLiteral("b"), 2000));
    LadderDock *ladder = window.ladder();
    auto *inspectorDock = window.findChild<QDockWidget *>(QStringLiteral("inspectorDock"));
    QVERIFY(window.tabifiedDockWidgets(inspectorDock).contains(ladder));
    QMenu *view = menuTitled(window.menuBar(), QStringLiteral("View"));
    QVERIFY(view && view->actions().contains(ladder->showAction()));
    QVERIFY(!ladder->showAction()->shortcut().isEmpty());
    QMenu *file = menuTitled(window.menuBar(), QStringLiteral("File"));
    QVERIFY(file && file->actions().contains(ladder->exportAction()) && file->actions().contains(ladder->copyMermaidAction()));

    QVERIFY(ladder->view()->visibleRegion().isEmpty()); // behind the inspector's tab
    ladder->showAction()->trigger();
    QTRY_VERIFY(!ladder->view()->visibleRegion().isEmpty());
    window.selectTransaction(1, 2);
    QCOMPARE(ladder->diagram().transactionId(), QStringLiteral("b"));
    QCOMPARE(ladder->view()->selectedArrival(), 2);
    // A click on the ladder selects that event everywhere: timeline, events table, inspector.
    const int hangup = ladder->diagram().arrowOfArrival(3);
    QTest::mouseClick(ladder->view()->viewport(), Qt::LeftButton, {}, ladder->view()->arrowPosition(hangup));
    QCOMPARE(window.timeline()->selectedArrivalIndex(), 3);
    QVERIFY2(window.inspector()->text().contains(QStringLiteral("#4 HANGUP")), qPrintable(window.inspector()->text()));
    window.transactionTable()->selectRow(0);
    QCOMPARE(ladder->diagram().transactionId(), QStringLiteral("a"));
}

void TestMainWindow::anomalyFilterFromTheViewMenu()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto broken = outboundCall(QStringLiteral("broken"), 2000);
    broken[1].replyLatencyMs = 7000; // RINGING answered late
    window.transactions()->appendEvents(outboundCall(QStringLiteral("clean"), 1000) + broken);
    QMenu *view = menuTitled(window.menuBar(), QStringLiteral("View"));
    QVERIFY(view && view->actions().contains(window.anomalyFilter()->menuAction()));
    QVERIFY(window.findChild<QWidget *>(QStringLiteral("anomalyFilterButton")));

    window.anomalyFilter()->onlyWithAnomaliesAction()->trigger();
    QCOMPARE(window.transactionTable()->model()->rowCount(), 1);
    QCOMPARE(window.timeline()->model()->rowCount(), 1);
    window.timeline()->fitAll();
    const auto hit = window.timeline()->hitTest(window.timeline()->markerPosition(0, 1).toPoint());
    QCOMPARE(hit.transactionIndex, 1);
    QVERIFY(hit.anomalous);

    window.anomalyFilter()->kindAction(AnomalyKind::LateReply)->trigger(); // hide late replies
    QCOMPARE(window.transactionTable()->model()->rowCount(), 0);
    window.anomalyFilter()->showAllAction()->trigger();
    QCOMPARE(window.transactionTable()->model()->rowCount(), 1);
    QVERIFY(window.anomalyFilter()->kindAction(AnomalyKind::LateReply)->isChecked());
}

void TestMainWindow::heldEventPulsesAndOpensBreakpoints()
{
    const auto rules = ReplyRules::fromJson(R"({"rules":[{"name":"hold","event":"CALL_ANSWERED","breakpoint":true}]})");
    QVERIFY(rules.ok());
    MainWindow window;
    QString error;
    QVERIFY2(window.startBuiltIn(&error, 1.0, *rules.value), qPrintable(error));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    // A dock behind another's tab counts as visible; what shows is its visible region.
    window.findChild<QDockWidget *>(QStringLiteral("inspectorDock"))->raise();
    QTRY_VERIFY(window.breakpoints()->visibleRegion().isEmpty());
    TimelineView *timeline = window.timeline();
    QVERIFY(!timeline->isPulsing());

    auto *to = window.form()->findChild<QLineEdit *>(callrules::toPhoneNumber());
    to->setText(QStringLiteral("+14155550199"));
    window.form()->place();
    QTRY_COMPARE_WITH_TIMEOUT(timeline->heldEvents().size(), 1, 30000);
    QVERIFY(timeline->isPulsing());
    const qint64 heldId = timeline->heldEvents().first().id;
    QTRY_VERIFY_WITH_TIMEOUT(!timeline->heldMarkerPosition(heldId).isNull(), 5000); // follow-live shows it
    QTest::mouseClick(timeline->viewport(), Qt::LeftButton, {}, timeline->heldMarkerPosition(heldId).toPoint());
    QTRY_VERIFY(!window.breakpoints()->visibleRegion().isEmpty());

    window.breakpoints()->sendDefault();
    QTRY_VERIFY_WITH_TIMEOUT(!timeline->isPulsing(), 10000);
}

void TestMainWindow::heldFirstEventGetsItsLane()
{
    // A breakpoint on the first event of a call: nothing of the call is stored while it is held.
    MainWindow window;
    QVERIFY(startHoldingFirstEvents(window));
    TimelineView *timeline = window.timeline();
    window.session()->place(window.form()->request());
    QTRY_COMPARE_WITH_TIMEOUT(timeline->heldEvents().size(), 1, 30000);
    const HeldEvent held = timeline->heldEvents().first();
    QCOMPARE(held.eventType, QStringLiteral("NEW_OUTBOUND_CALL"));
    QCOMPARE(window.transactions()->store().eventCount(), 0);
    QCOMPARE(window.transactions()->rowCount(), 1); // its lane, before any event of it is stored
    QVERIFY(timeline->isPulsing());
    const QPointF marker = timeline->heldMarkerPosition(held.id);
    QVERIFY(!marker.isNull());
    QVERIFY(timeline->viewport()->rect().contains(marker.toPoint())); // the first event starts the time range
    QCOMPARE(timeline->hitTest(marker.toPoint()).heldId, held.id);

    // Answered, the event lands in the lane it was held on: no second row for its call.
    window.breakpoints()->sendDefault();
    QTRY_VERIFY_WITH_TIMEOUT(eventTypes(window, held.transactionId).contains(QStringLiteral("NEW_OUTBOUND_CALL")), 10000);
    QVERIFY(!timeline->isPulsing());
    QCOMPARE(window.transactions()->rowCount(), 1);
    QCOMPARE(window.transactions()->store().transaction(0).firstMs(), held.receivedAtMs);
}

void TestMainWindow::clickOnHeldMarkerSelectsItInThePanel()
{
    MainWindow window;
    QVERIFY(startHoldingFirstEvents(window));
    window.findChild<QDockWidget *>(QStringLiteral("inspectorDock"))->raise();
    BreakpointPanel *panel = window.breakpoints();
    QTRY_VERIFY(panel->visibleRegion().isEmpty());
    TimelineView *timeline = window.timeline();
    window.session()->place(window.form()->request());
    window.session()->place(window.form()->request());
    QTRY_COMPARE_WITH_TIMEOUT(timeline->heldEvents().size(), 2, 30000);
    QCOMPARE(panel->heldCount(), 2);
    const HeldEvent first = timeline->heldEvents().at(0);
    const HeldEvent second = timeline->heldEvents().at(1);
    QCOMPARE(panel->selectedHeldId(), first.id); // where the panel starts

    const QPointF marker = timeline->heldMarkerPosition(second.id);
    QVERIFY(!marker.isNull());
    QTest::mouseClick(timeline->viewport(), Qt::LeftButton, {}, marker.toPoint());
    QTRY_VERIFY(!panel->visibleRegion().isEmpty());
    QCOMPARE(panel->selectedHeldId(), second.id);

    panel->sendDefault(); // answers the one clicked
    QTRY_COMPARE_WITH_TIMEOUT(timeline->heldEvents().size(), 1, 10000);
    QCOMPARE(timeline->heldEvents().first().id, first.id);
    panel->sendDefault();
    QTRY_VERIFY_WITH_TIMEOUT(!timeline->isPulsing(), 10000);
}

void TestMainWindow::demoScreenshot()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("window.png"));
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.path()); // settings of this run stay here
    env.insert(QStringLiteral("XDG_DATA_HOME"), dir.path());   // and so does its session file
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(CALLCONSOLE_BINARY), {QStringLiteral("--demo"), QStringLiteral("--screenshot"), path});
    QVERIFY(process.waitForFinished(90000));
    QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
    const QImage image(path);
    QVERIFY(!image.isNull());
    QVERIFY(image.width() >= 800);
}

int main(int argc, char **argv)
{
    isolatedHome(); // before QApplication: where settings and sessions go is fixed then
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("CallConsoleTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
    TestMainWindow test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_mainwindow.moc"

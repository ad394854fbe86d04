#include "DemoRun.h"

#include "BuiltInSession.h"
#include "CallForm.h"
#include "LadderDock.h"
#include "MainWindow.h"
#include "TimelineView.h"
#include "TransactionTableModel.h"

#include <QAction>
#include <QApplication>
#include <QLineEdit>
#include <QTimer>

namespace callconsole {

namespace {

// One call per behaviour the simulator's default callees show: answered, answered with DTMF,
// busy, rejected.
const char *const demoNumbers[] = {"+14155550199", "+12065550123", "+12065550186", "+12065550160"};

} // namespace

void runDemo(MainWindow *window, const QString &screenshotPath)
{
    auto *to = window->form()->findChild<QLineEdit *>(callrules::toPhoneNumber());
    int delay = 0;
    for (const char *number : demoNumbers) {
        QTimer::singleShot(delay, window, [window, to, number] {
            to->setText(QLatin1String(number));
            window->form()->place();
        });
        delay += 700;
    }
    // Calls that are still up after a while are hung up, as a user would, so every lane ends.
    QTimer::singleShot(delay + 5000, window, [window] {
        const CallStore &store = window->transactions()->store();
        for (int i = 0; i < store.transactionCount(); ++i)
            window->session()->hangUp(store.transaction(i).transactionId());
    });
    if (screenshotPath.isEmpty())
        return;
    QTimer::singleShot(delay + 7000, window, [window, screenshotPath] {
        const CallStore &store = window->transactions()->store();
        if (store.transactionCount() > 0) {
            const int events = store.transaction(0).eventCount();
            window->selectTransaction(0, events > 2 ? 2 : events - 1);
        }
        window->ladder()->showAction()->trigger(); // the tour ends on the selected call's ladder
        QApplication::processEvents();             // the docks settle before the timeline fits
        window->timeline()->fitAll();
        QApplication::processEvents();
        const bool saved = window->grab().save(screenshotPath, "PNG");
        QApplication::exit(saved ? 0 : 1);
    });
}

} // namespace callconsole

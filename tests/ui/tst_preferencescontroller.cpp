// PreferencesController through a real window: Ctrl+, opens Preferences; applying restarts the
// endpoint or the simulator only when what it started with changed (and they then behave as
// set); edited rules are saved and answer; an exposed endpoint takes the token typed in the
// dialog, which reaches no file; a setting that cannot start is shown on its field; the saved
// settings start the next window, and ones that no longer start fall back to loopback.
#include "../endpoint/HttpTestClient.h"
#include "BuiltInSession.h"
#include "ConsoleSecretsStore.h"
#include "EndpointServer.h"
#include "PreferencesController.h"
#include "PreferencesDialog.h"
#include "RuleEditor.h"
#include "RulesPage.h"
#include "ThemePalette.h"
#include "WindowTestSupport.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTcpServer>
#include <QToolButton>

using namespace callconsole;
using namespace callconsole::testing;

namespace {

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

QLineEdit *lineEdit(QWidget *root, const QString &name)
{
    QWidget *widget = root->findChild<QWidget *>(name);
    if (auto *combo = qobject_cast<QComboBox *>(widget))
        return combo->lineEdit();
    return qobject_cast<QLineEdit *>(widget);
}

QString placedId(QSignalSpy &placed)
{
    return placed.isEmpty() ? QString() : placed.last().first().toString();
}

} // namespace

class TestPreferencesController : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void shortcutOpensPreferences();
    void themeRestartsNothing();
    void portRestartsOnlyTheEndpoint();
    void calleesRestartOnlyTheSimulator();
    void editedRulesAreSavedAndAnswer();
    void exposedEndpointTakesTheTypedToken();
    void startErrorsShowOnTheirField();
    void savedSettingsStartTheNextWindow();

private:
    QPalette m_systemPalette;
};

void TestPreferencesController::init()
{
    QSettings().clear(); // each test starts from the defaults
    if (m_systemPalette == QPalette())
        m_systemPalette = QApplication::palette();
}

void TestPreferencesController::shortcutOpensPreferences()
{
    MainWindow window;
    QString error;
    QVERIFY2(window.startBuiltIn(&error, 4.0), qPrintable(error));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QAction *preferences = nullptr;
    for (QAction *menu : window.menuBar()->actions()) {
        for (QAction *action : menu->menu()->actions()) {
            if (action->text() == QStringLiteral("&Preferences…"))
                preferences = action;
        }
    }
    QVERIFY(preferences);
    QVERIFY(preferences->shortcuts().contains(QKeySequence(Qt::CTRL | Qt::Key_Comma)));
    QTest::keyClick(&window, Qt::Key_Comma, Qt::ControlModifier);
    QTRY_VERIFY(window.preferences()->dialog() && window.preferences()->dialog()->isVisible());
    window.preferences()->dialog()->reject();
}

void TestPreferencesController::themeRestartsNothing()
{
    MainWindow window;
    QString error;
    QVERIFY2(window.startBuiltIn(&error, 4.0), qPrintable(error));
    QCOMPARE(window.preferences()->settings().theme, ThemeMode::FollowSystem); // the default
    QSignalSpy endpoint(window.session(), &BuiltInSession::endpointRestarted);
    QSignalSpy simulator(window.session(), &BuiltInSession::simulatorRestarted);
    ConsoleSettings dark = window.preferences()->settings();
    dark.theme = ThemeMode::Dark;
    QVERIFY(window.preferences()->apply(dark, {}).isEmpty());
    QVERIFY(isDarkPalette(QApplication::palette()));
    QTRY_VERIFY(isDarkPalette(window.form()->palette())); // widgets follow the application palette
    ConsoleSettings system = dark;
    system.theme = ThemeMode::FollowSystem;
    QVERIFY(window.preferences()->apply(system, {}).isEmpty());
    QCOMPARE(QApplication::palette().color(QPalette::Window), m_systemPalette.color(QPalette::Window));
    QCOMPARE(endpoint.size(), 0);
    QCOMPARE(simulator.size(), 0);
    QCOMPARE(QSettings().value(QStringLiteral("appearance/theme")).toString(), QStringLiteral("system"));
}

void TestPreferencesController::portRestartsOnlyTheEndpoint()
{
    MainWindow window;
    QString error;
    QVERIFY2(window.startBuiltIn(&error, 4.0), qPrintable(error));
    QSignalSpy endpoint(window.session(), &BuiltInSession::endpointRestarted);
    QSignalSpy simulator(window.session(), &BuiltInSession::simulatorRestarted);
    const QUrl simulatorUrl = window.session()->simulatorUrl();
    ConsoleSettings settings = window.preferences()->settings();
    settings.endpointPort = freePort();
    const ValidationIssues issues = window.preferences()->apply(settings, {});
    QVERIFY2(issues.isEmpty(), qPrintable(messages(issues).join(QLatin1Char('\n'))));
    QCOMPARE(endpoint.size(), 1);
    QCOMPARE(simulator.size(), 0);
    QCOMPARE(window.session()->simulatorUrl(), simulatorUrl);
    QCOMPARE(window.session()->endpointUrl().port(), settings.endpointPort);
    QCOMPARE(window.findChild<QLabel *>(QStringLiteral("endpointUrl"))->text(),
             QStringLiteral("Endpoint: http://127.0.0.1:%1").arg(settings.endpointPort));

    // The simulator now invokes the endpoint on its new port, and the file keeps recording.
    QSignalSpy placed(window.session(), &BuiltInSession::placed);
    QVERIFY(placeFromForm(window, QStringLiteral("+14155550199")));
    QTRY_VERIFY_WITH_TIMEOUT(!placedId(placed).isEmpty(), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(eventTypes(window, placedId(placed)).contains(QStringLiteral("CALL_ANSWERED")), 20000);
    QVERIFY(!SessionStore::readAll(window.session()->sessionPath(), nullptr).isEmpty());
}

void TestPreferencesController::calleesRestartOnlyTheSimulator()
{
    MainWindow window;
    QString error;
    QVERIFY2(window.startBuiltIn(&error, 4.0), qPrintable(error));
    QSignalSpy endpoint(window.session(), &BuiltInSession::endpointRestarted);
    QSignalSpy simulator(window.session(), &BuiltInSession::simulatorRestarted);
    ConsoleSettings settings = window.preferences()->settings();
    CalleeSetting busy;
    busy.to = QStringLiteral("+1415555*");
    busy.outcome = CalleeBehaviour::Outcome::Busy;
    settings.callees.prepend(busy);
    QVERIFY(window.preferences()->apply(settings, {}).isEmpty());
    QCOMPARE(simulator.size(), 1);
    QCOMPARE(endpoint.size(), 0);

    QSignalSpy placed(window.session(), &BuiltInSession::placed);
    QVERIFY(placeFromForm(window, QStringLiteral("+14155550199")));
    QTRY_VERIFY_WITH_TIMEOUT(!placedId(placed).isEmpty(), 20000);
    const QString id = placedId(placed);
    QTRY_VERIFY_WITH_TIMEOUT(eventTypes(window, id).contains(QStringLiteral("HANGUP")), 20000);
    QVERIFY2(!eventTypes(window, id).contains(QStringLiteral("CALL_ANSWERED")), qPrintable(eventTypes(window, id).join(QLatin1Char(' '))));
    // Persisted: a new load reads the same callees.
    QVERIFY(ConsoleSettings::load(QSettings()).callees == settings.callees);
}

void TestPreferencesController::editedRulesAreSavedAndAnswer()
{
    QList<DeliveryRecord> deliveries; // outlives the window, whose last deliveries arrive as it closes
    MainWindow window;
    QString error;
    QVERIFY2(window.startBuiltIn(&error, 4.0), qPrintable(error));
    window.show();
    QSignalSpy endpoint(window.session(), &BuiltInSession::endpointRestarted);
    PreferencesDialog *dialog = window.preferences()->showDialog();
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    RulesPage *rules = dialog->rulesPage();
    dialog->showPage(rules);
    rules->selectEvent(QStringLiteral("CALL_ANSWERED"));
    rules->findChild<QToolButton *>(QStringLiteral("ruleAdd"))->click();
    auto *name = rules->editor()->findChild<QLineEdit *>(QStringLiteral("rule.name"));
    name->selectAll();
    QTest::keyClicks(name, QStringLiteral("hang up at once"));
    rules->editor()->findChild<QPlainTextEdit *>(QStringLiteral("rule.reply"))->setPlainText(QStringLiteral(
        "{\"SchemaVersion\":\"1.0\",\"Actions\":[{\"Type\":\"Hangup\",\"Parameters\":"
        "{\"SipResponseCode\":\"0\",\"CallId\":\"{{CallDetails.Participants[0].CallId}}\"}}]}"));
    QVERIFY(dialog->canApply());
    QTest::mouseClick(dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok), Qt::LeftButton);
    QTRY_VERIFY(!window.preferences()->dialog()); // applied and closed

    const QString path = window.preferences()->settings().rulesFile;
    QCOMPARE(path, QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/rules.json"));
    const Parsed<ReplyRules> saved = ReplyRules::load(path);
    QVERIFY2(saved.ok(), qPrintable(messages(saved.issues).join(QLatin1Char('\n'))));
    QCOMPARE(endpoint.size(), 1);

    QSignalSpy placed(window.session(), &BuiltInSession::placed);
    connect(window.session(), &BuiltInSession::deliveriesReady, this, [&](const QList<DeliveryRecord> &batch) { deliveries += batch; });
    QVERIFY(placeFromForm(window, QStringLiteral("+14155550199")));
    const auto answered = [&]() -> QString {
        for (const DeliveryRecord &d : deliveries) {
            if (d.eventType == QLatin1String("CALL_ANSWERED"))
                return d.replySource;
        }
        return {};
    };
    QTRY_VERIFY_WITH_TIMEOUT(!answered().isEmpty(), 20000);
    QCOMPARE(answered(), QStringLiteral("rule:hang up at once"));
    QFile::remove(path);
}

void TestPreferencesController::exposedEndpointTakesTheTypedToken()
{
    const QString token = QStringLiteral("tok-%1-never-in-a-file").arg(QCoreApplication::applicationPid());
    MainWindow window;
    QString error;
    QVERIFY2(window.startBuiltIn(&error, 4.0), qPrintable(error));
    window.show();
    PreferencesDialog *dialog = window.preferences()->showDialog();
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QPushButton *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QLineEdit *host = lineEdit(dialog, settingsfield::endpointHost());
    host->selectAll();
    QTest::keyClicks(host, QStringLiteral("0.0.0.0"));
    QVERIFY(!ok->isEnabled()); // the same rule as `callconsole serve`
    auto *authentication = dialog->findChild<QComboBox *>(settingsfield::endpointAuthentication());
    authentication->setCurrentIndex(authentication->findData(int(EndpointAuthentication::BearerToken)));
    QTest::keyClicks(lineEdit(dialog, settingsfield::bearerToken()), token);
    QVERIFY(ok->isEnabled());
    QTest::mouseClick(ok, Qt::LeftButton);
    QTRY_VERIFY(!window.preferences()->dialog());
    QCOMPARE(window.session()->endpointConfig().host, QHostAddress(QHostAddress::AnyIPv4));

    QNetworkAccessManager network;
    QUrl url(QStringLiteral("http://127.0.0.1/events"));
    url.setPort(window.session()->endpointUrl().port());
    const QByteArray event = eventBody("ringing.json", QStringLiteral("tx-token"), 2);
    QCOMPARE(request(network, "POST", url, event).status, 401);
    QCOMPARE(request(network, "POST", url, event, {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + token.toUtf8()}}).status, 200);

    // The token is in SecretStore, and in no file: not the settings, not the session.
    bool found = false;
    QString stored;
    window.preferences()->secretStore().load(settingsfield::bearerToken(), [&](const QString &value, bool) {
        stored = value;
        found = true;
    });
    QTRY_VERIFY(found);
    QCOMPARE(stored, token);
    QSettings().sync();
    QCOMPARE(QSettings().value(settingsfield::endpointHost()).toString(), QStringLiteral("0.0.0.0"));
    window.session()->endpoint()->stop(); // the session file is complete on disk
    const QStringList leaks = filesContaining(QDir::homePath(), token);
    QVERIFY2(leaks.isEmpty(), qPrintable(leaks.join(QLatin1Char('\n'))));
}

void TestPreferencesController::startErrorsShowOnTheirField()
{
    MainWindow window;
    QString error;
    QVERIFY2(window.startBuiltIn(&error, 4.0), qPrintable(error));
    const QUrl before = window.session()->endpointUrl();
    QTcpServer taken;
    QVERIFY(taken.listen(QHostAddress::LocalHost, 0));
    PreferencesDialog *dialog = window.preferences()->showDialog();
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    dialog->findChild<QSpinBox *>(settingsfield::endpointPort())->setValue(taken.serverPort());
    QTest::mouseClick(dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Apply), Qt::LeftButton);
    const QString message = dialog->page(QStringLiteral("endpointPage"))->messageFor(settingsfield::endpointPort());
    QVERIFY2(message.contains(QLatin1String("cannot listen")), qPrintable(message));
    QVERIFY(dialog->isVisible());
    QVERIFY(dialog->canApply()); // a second try may work once the port is free
    QCOMPARE(window.session()->endpointUrl(), before);
    QVERIFY(window.session()->endpoint()->isRunning());
    QCOMPARE(QSettings().value(settingsfield::endpointPort(), 0).toInt(), 0); // nothing saved
    dialog->reject();

    // A rules file that cannot be read is named on its field.
    ConsoleSettings settings;
    settings.rulesFile = QStringLiteral(CALLCONSOLE_TEST_DATA "/analyze/retry-and-busy.jsonl"); // lines, not one object
    const ValidationIssues issues = window.preferences()->apply(settings, {});
    QVERIFY(!issues.isEmpty());
    QCOMPARE(issues.first().path, settingsfield::rulesFile());
}

void TestPreferencesController::savedSettingsStartTheNextWindow()
{
    const quint16 port = freePort();
    {
        MainWindow window;
        QString error;
        QVERIFY2(window.startBuiltIn(&error, 4.0), qPrintable(error));
        ConsoleSettings settings = window.preferences()->settings();
        settings.endpointPort = port;
        settings.awsRegion = QStringLiteral("eu-west-1");
        QVERIFY(window.preferences()->apply(settings, {}).isEmpty());
    }
    {
        MainWindow next;
        QString error;
        QVERIFY2(next.startBuiltIn(&error, 4.0), qPrintable(error));
        QCOMPARE(next.session()->endpointUrl().port(), int(port));
        QCOMPARE(next.preferences()->settings().awsRegion, QStringLiteral("eu-west-1"));
    }
    // The port is taken by the time the console starts again: it opens on loopback anyway.
    QTcpServer taken;
    QVERIFY(taken.listen(QHostAddress::LocalHost, port));
    MainWindow last;
    QString error;
    QVERIFY2(last.startBuiltIn(&error, 4.0), qPrintable(error));
    QVERIFY(last.session()->endpointUrl().port() != int(port));
    QVERIFY2(last.statusBar()->currentMessage().contains(QLatin1String("listening on 127.0.0.1 instead")),
             qPrintable(last.statusBar()->currentMessage()));
}

int main(int argc, char **argv)
{
    isolatedHome();
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("CallConsoleTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_preferencescontroller"));
    TestPreferencesController test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_preferencescontroller.moc"

// The call form's AWS backend against the real `callconsole simulate` API with signature
// verification on: the pickers fill from ListSipMediaApplications / ListPhoneNumbers, a call
// placed from the form gets its TransactionId and its events reach the window, hang-up goes
// through UpdateSipMediaApplicationCall, a wrong secret shows the signature error on the form,
// and typed access keys work from SecretStore without reaching any file. A slow
// credential_process leaves the window running, says it is waiting and keeps Place disabled
// until its keys arrive; a failing one shows why on the form; expiring keys are fetched again.
// A refresh that fails keeps the keys in use, says so once and is tried again; only keys that
// really expire leave the form with the error, and choosing another backend ends the retries.
// While kept keys are in use the status bar says so in the warning colour, with the reason in its
// tooltip; the Retry/Reload button beside the Backend choice (and Ctrl+Shift+R) looks the
// credentials up again after an expiry or a failed first lookup, without switching backends.
#include "BackendController.h"
#include "BuiltInSession.h"
#include "CredentialsLookup.h"
#include "FakeIdentityServer.h"
#include "PreferencesController.h"
#include "ThemePalette.h"
#include "WindowTestSupport.h"

#include <QApplication>
#include <QComboBox>
#include <QElapsedTimer>
#include <QFile>
#include <QInputDialog>
#include <QLabel>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTcpServer>
#include <QTcpSocket>
#include <QToolButton>

#include <algorithm>

using namespace callconsole;
using namespace callconsole::testing;

namespace {

const QString kAccessKey = QStringLiteral("AKIDWINDOWTEST");
const QString kSecret = QStringLiteral("d2luZG93LWF3cy1iYWNrZW5kLXNlY3JldA%1").arg(QCoreApplication::applicationPid());
const QString kSma = QStringLiteral("cafe0000-1111-4222-8333-444455556666");
const QString kNumber = QStringLiteral("+13125550100");

void writeFile(const QString &path, const QByteArray &text)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text);
}

void writeScript(const QString &path, const QByteArray &body)
{
    writeFile(path, "#!/bin/sh\n" + body + "\n");
    QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
}

int runsIn(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? int(file.readAll().count("run")) : 0;
}

QStringList noticesStartingWith(const QSignalSpy &notices, const QString &start)
{
    QStringList found;
    for (const QList<QVariant> &notice : notices) {
        if (notice.first().toString().startsWith(start))
            found << notice.first().toString();
    }
    return found;
}

const aws::Credentials &keysOf(aws::CallBackend *backend)
{
    return qobject_cast<aws::ChimeCallBackend *>(backend)->client().credentials();
}

QString clockTime(const QDateTime &when)
{
    return when.toLocalTime().toString(QStringLiteral("HH:mm:ss"));
}

QLabel *backendStatus(MainWindow &window)
{
    for (QLabel *label : window.statusBar()->findChildren<QLabel *>()) {
        if (label->text().startsWith(QLatin1String("Backend:")))
            return label;
    }
    return nullptr;
}

QString backendLabel(MainWindow &window)
{
    const QLabel *label = backendStatus(window);
    return label ? label->text() : QString();
}

bool showsWarning(const QLabel *label)
{
    return label->palette().color(QPalette::WindowText) == severityColor(ValidationIssue::Severity::Warning, label->window()->palette());
}

QToolButton *reloadButton(MainWindow &window)
{
    return window.form()->findChild<QToolButton *>(QStringLiteral("awsBackendAction"));
}

} // namespace

class TestBackendController : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();
    void awsProfilePlacesAndHangsUp();
    void wrongSecretShowsOnTheForm();
    void typedKeysComeFromSecretStore();
    void simulatorChoiceComesBack();
    void slowCredentialProcessLeavesTheWindowResponsive();
    void failingCredentialProcessShowsOnTheForm();
    void expiringCredentialsAreFetchedAgain();
    void failedRefreshKeepsTheKeysUntilARetryWorks();
    void keysThatExpireUnrefreshedShowTheError();
    void choosingTheSimulatorEndsTheRetries();
    void retryWhileOnKeptKeysKeepsThem();
    void retryAfterExpiryBringsAwsBack();
    void retryAfterAFailedFirstLookup();
    void reloadGoesWithTheAwsChoice();
    void configuredEndpointIsNamedOnTheStatusBar();
    void roleWithMfaAsksInADialog();

private:
    void useAws(const ConsoleSettings &settings, const ConsoleSecrets &secrets = {});
    // The flaky profile's keys, live for ttlSeconds from each run, with Place ready; its
    // refreshes come marginMs before they expire and are retried after retryMs.
    BackendController *useFlaky(int ttlSeconds, int marginMs, int retryMs);
    // Nothing of the secret, nor of what the credential_process printed, in the backend's label,
    // its tooltip or any notice.
    void verifyNoSecretShown(const QSignalSpy &notices);
    // Ctrl+Shift+R, as the user presses it in the window.
    void pressReload();
    // A callee typed in, so that Place is enabled whenever the backend can place.
    void typeCallee();
    // What the flaky credential_process does from now on: "exit" fails with exit code 3 (after
    // printing half a secret), "garbage" prints no JSON (but the secret), empty prints keys.
    void makeFlaky(const QByteArray &failure);
    QString flakyRuns() const { return m_outside.filePath(QStringLiteral("flaky.runs")); }

    QTemporaryDir m_outside; // credentials and the simulator's keys: deliberately not under HOME
    QProcess m_simulate;
    QString m_simulateUrl;
    std::unique_ptr<MainWindow> m_window;
};

void TestBackendController::initTestCase()
{
    const QString credentials = m_outside.filePath(QStringLiteral("credentials"));
    writeFile(credentials, "[sim]\naws_access_key_id = " + kAccessKey.toUtf8() + "\naws_secret_access_key = " + kSecret.toUtf8()
                               + "\n[wrong]\naws_access_key_id = " + kAccessKey.toUtf8() + "\naws_secret_access_key = not-the-secret\n");
    // The credential_process profiles: keys after 2 s; an SSO helper that gave up; keys that
    // expire 6 s after each run, which is counted.
    const QByteArray keys = "\"Version\": 1, \"AccessKeyId\": \"" + kAccessKey.toUtf8() + "\", \"SecretAccessKey\": \""
        + kSecret.toUtf8() + "\"";
    const QString slow = m_outside.filePath(QStringLiteral("slow.sh"));
    writeScript(slow, "sleep 2\necho '{" + keys + "}'");
    const QString failing = m_outside.filePath(QStringLiteral("failing.sh"));
    writeScript(failing, "echo 'Error loading SSO Token: token expired, run aws sso login' >&2\nexit 255");
    const QString expiring = m_outside.filePath(QStringLiteral("expiring.sh"));
    writeScript(expiring, "echo run >> " + m_outside.filePath(QStringLiteral("expiring.runs")).toUtf8()
                              + "\necho \"{" + QByteArray(keys).replace("\"", "\\\"")
                              + ", \\\"Expiration\\\": \\\"$(date -u -d '+6 seconds' +%Y-%m-%dT%H:%M:%SZ)\\\"}\"");
    // Keys (with a session token naming the run) that expire after flaky.ttl seconds, or,
    // while flaky.fail says so, one of the ways a credential_process fails.
    QByteArray flakyScript = R"sh(dir='@DIR@'
echo run >> "$dir/flaky.runs"
run=$(wc -l < "$dir/flaky.runs")
case "$(cat "$dir/flaky.fail" 2>/dev/null)" in
exit) echo '{"Version": 1, "SecretAccessKey": "@SECRET@",'; echo 'SSO portal unreachable' >&2; exit 3 ;;
garbage) echo 'MFA code for @SECRET@:'; exit 0 ;;
esac
expires=$(date -u -d "+$(cat "$dir/flaky.ttl") seconds" +%Y-%m-%dT%H:%M:%SZ)
echo "{\"Version\": 1, \"AccessKeyId\": \"@KEY@\", \"SecretAccessKey\": \"@SECRET@\", \"SessionToken\": \"token-$run\", \"Expiration\": \"$expires\"}")sh";
    flakyScript.replace("@DIR@", m_outside.path().toUtf8())
        .replace("@SECRET@", kSecret.toUtf8())
        .replace("@KEY@", kAccessKey.toUtf8());
    const QString flaky = m_outside.filePath(QStringLiteral("flaky.sh"));
    writeScript(flaky, flakyScript);
    writeFile(m_outside.filePath(QStringLiteral("config")),
              "[profile sim]\nregion = us-east-1\n[profile wrong]\nregion = us-east-1\n"
              "[profile slowproc]\nregion = us-east-1\ncredential_process = " + slow.toUtf8() + "\n"
              "[profile failing]\nregion = us-east-1\ncredential_process = " + failing.toUtf8() + " --profile failing\n"
              "[profile expiring]\nregion = us-east-1\ncredential_process = " + expiring.toUtf8() + "\n"
              "[profile flaky]\nregion = us-east-1\ncredential_process = " + flaky.toUtf8() + "\n");
    qputenv("AWS_SHARED_CREDENTIALS_FILE", credentials.toUtf8());
    qputenv("AWS_CONFIG_FILE", m_outside.filePath(QStringLiteral("config")).toUtf8());
}

void TestBackendController::cleanupTestCase()
{
    const QStringList leaks = filesContaining(QDir::homePath(), kSecret);
    QVERIFY2(leaks.isEmpty(), qPrintable(leaks.join(QLatin1Char('\n'))));
}

void TestBackendController::init()
{
    m_window = std::make_unique<MainWindow>();
    QString error;
    QVERIFY2(m_window->startBuiltIn(&error, 4.0), qPrintable(error));
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));

    // The control plane "AWS" answers: it knows one application and one number, checks every
    // signature, and sends the calls' events to this window's endpoint.
    const QString config = m_outside.filePath(QStringLiteral("simulate.json"));
    writeFile(config, "{\"speed\": 4, \"sipMediaApplications\": [{\"id\": \"" + kSma.toUtf8() + "\", \"name\": \"aws-side\"}],"
                      " \"phoneNumbers\": [\"" + kNumber.toUtf8() + "\"], \"verifySignatures\": {\"accessKeyId\": \""
                      + kAccessKey.toUtf8() + "\", \"secretAccessKey\": \"" + kSecret.toUtf8() + "\"}}");
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();
    QUrl events = m_window->session()->endpointUrl();
    events.setPath(QStringLiteral("/events"));
    m_simulate.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_simulate.start(QStringLiteral(CALLCONSOLE_BINARY), {QStringLiteral("simulate"), QStringLiteral("--port"), QString::number(port),
                                                          QStringLiteral("--config"), config, QStringLiteral("--endpoint-url"), events.toString()});
    QVERIFY(m_simulate.waitForStarted(30000));
    const auto accepting = [port] {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port);
        return socket.waitForConnected(1000);
    };
    QTRY_VERIFY_WITH_TIMEOUT(accepting() || m_simulate.state() == QProcess::NotRunning, 60000);
    QCOMPARE(m_simulate.state(), QProcess::Running);
    m_simulateUrl = QStringLiteral("http://127.0.0.1:%1").arg(port);
}

void TestBackendController::cleanup()
{
    m_simulate.terminate();
    if (!m_simulate.waitForFinished(30000))
        m_simulate.kill();
    m_window.reset();
}

void TestBackendController::useAws(const ConsoleSettings &settings, const ConsoleSecrets &secrets)
{
    const ValidationIssues issues = m_window->preferences()->apply(settings, secrets);
    QVERIFY2(issues.isEmpty(), qPrintable(messages(issues).join(QLatin1Char('\n'))));
    m_window->form()->backendCombo()->setCurrentIndex(1);
}

void TestBackendController::awsProfilePlacesAndHangsUp()
{
    ConsoleSettings settings;
    settings.awsProfile = QStringLiteral("sim");
    settings.awsEndpointUrl = m_simulateUrl;
    useAws(settings);
    QCOMPARE(backendLabel(*m_window), QStringLiteral("Backend: AWS sim@us-east-1 via %1").arg(m_simulateUrl));

    // The pickers hold what ListSipMediaApplications and ListPhoneNumbers answered.
    auto *sma = m_window->form()->findChild<QComboBox *>(callrules::sipMediaApplicationId());
    auto *from = m_window->form()->findChild<QComboBox *>(callrules::fromPhoneNumber());
    QTRY_COMPARE_WITH_TIMEOUT(sma->currentText(), kSma, 20000);
    QCOMPARE(from->currentText(), kNumber);
    QCOMPARE(sma->count(), 1);

    QSignalSpy placed(m_window->session(), &BuiltInSession::placed);
    QVERIFY2(placeFromForm(*m_window, QStringLiteral("+14155550199")), qPrintable(m_window->form()->fieldMessage(callrules::sipMediaApplicationId())));
    QTRY_COMPARE_WITH_TIMEOUT(placed.size(), 1, 20000);
    const QString id = placed.first().first().toString();
    QCOMPARE(id.size(), 36);
    QVERIFY2(m_window->statusBar()->currentMessage().contains(id), qPrintable(m_window->statusBar()->currentMessage()));
    QTRY_VERIFY_WITH_TIMEOUT(eventTypes(*m_window, id).contains(QStringLiteral("CALL_ANSWERED")), 20000);

    const CallStore &store = m_window->transactions()->store();
    m_window->selectTransaction(store.indexOf(id));
    m_window->hangUpSelected();
    QTRY_VERIFY_WITH_TIMEOUT(eventTypes(*m_window, id).contains(QStringLiteral("HANGUP")), 20000);
    QVERIFY2(eventTypes(*m_window, id).contains(QStringLiteral("CALL_UPDATE_REQUESTED")), qPrintable(eventTypes(*m_window, id).join(QLatin1Char(' '))));
}

void TestBackendController::wrongSecretShowsOnTheForm()
{
    ConsoleSettings settings;
    settings.awsProfile = QStringLiteral("wrong");
    settings.awsEndpointUrl = m_simulateUrl;
    useAws(settings);
    // Already the listing is refused; the form says so where the user looks first.
    QTRY_COMPARE_WITH_TIMEOUT(m_window->form()->fieldSeverity(callrules::sipMediaApplicationId()), ValidationIssue::Severity::Error, 20000);
    auto *sma = m_window->form()->findChild<QComboBox *>(callrules::sipMediaApplicationId());
    sma->setEditText(kSma);
    m_window->form()->findChild<QComboBox *>(callrules::fromPhoneNumber())->setEditText(kNumber);
    QSignalSpy failed(m_window->session(), &BuiltInSession::placeFailed);
    QVERIFY(placeFromForm(*m_window, QStringLiteral("+14155550199")));
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 20000);
    const QString message = m_window->form()->fieldMessage(callrules::sipMediaApplicationId());
    QVERIFY2(message.contains(QLatin1String("InvalidSignatureException")), qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("signature we calculated does not match")), qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("check the access key, secret")), qPrintable(message));
    QVERIFY(!m_window->form()->canPlace());
    QCOMPARE(m_window->transactions()->rowCount(), 0);
}

void TestBackendController::typedKeysComeFromSecretStore()
{
    ConsoleSettings settings;
    settings.awsCredentialSource = AwsCredentialSource::TypedKeys;
    settings.awsRegion = QStringLiteral("us-east-1");
    settings.awsEndpointUrl = m_simulateUrl;
    ConsoleSecrets secrets;
    secrets.awsAccessKeyId = kAccessKey;
    secrets.awsSecretAccessKey = kSecret;
    useAws(settings, secrets);
    QVERIFY2(backendLabel(*m_window).startsWith(QStringLiteral("Backend: AWS access key AKID…TEST@us-east-1")), qPrintable(backendLabel(*m_window)));
    auto *sma = m_window->form()->findChild<QComboBox *>(callrules::sipMediaApplicationId());
    QTRY_COMPARE_WITH_TIMEOUT(sma->currentText(), kSma, 20000);
    QSignalSpy placed(m_window->session(), &BuiltInSession::placed);
    QVERIFY(placeFromForm(*m_window, QStringLiteral("+14155550199")));
    QTRY_COMPARE_WITH_TIMEOUT(placed.size(), 1, 20000);

    bool loaded = false;
    QString stored;
    m_window->preferences()->secretStore().load(settingsfield::awsSecretAccessKey(), [&](const QString &value, bool found) {
        stored = value;
        loaded = found;
    });
    QTRY_VERIFY(loaded);
    QCOMPARE(stored, kSecret);

    // The next window reads the typed keys back from SecretStore, not from the settings.
    QVERIFY(!QSettings().allKeys().contains(settingsfield::awsSecretAccessKey()));
}

void TestBackendController::simulatorChoiceComesBack()
{
    ConsoleSettings settings;
    settings.awsProfile = QStringLiteral("sim");
    settings.awsEndpointUrl = m_simulateUrl;
    useAws(settings);
    auto *sma = m_window->form()->findChild<QComboBox *>(callrules::sipMediaApplicationId());
    QTRY_COMPARE_WITH_TIMEOUT(sma->currentText(), kSma, 20000);
    m_window->form()->backendCombo()->setCurrentIndex(0);
    QCOMPARE(backendLabel(*m_window), QStringLiteral("Backend: Simulator (%1)").arg(m_window->session()->simulatorUrl().toString()));
    QCOMPARE(sma->currentText(), m_window->session()->sipMediaApplicationIds().first());
    QSignalSpy placed(m_window->session(), &BuiltInSession::placed);
    QVERIFY(placeFromForm(*m_window, QStringLiteral("+14155550199")));
    QTRY_COMPARE_WITH_TIMEOUT(placed.size(), 1, 20000);
    const QString id = placed.first().first().toString();
    QTRY_VERIFY_WITH_TIMEOUT(eventTypes(*m_window, id).contains(QStringLiteral("RINGING")), 20000);
    QVERIFY(m_window->session()->hangUp(id)); // the simulator's own hang-up, at once
    QTRY_VERIFY_WITH_TIMEOUT(eventTypes(*m_window, id).contains(QStringLiteral("HANGUP")), 20000);
}

void TestBackendController::slowCredentialProcessLeavesTheWindowResponsive()
{
    ConsoleSettings settings;
    settings.awsProfile = QStringLiteral("slowproc");
    settings.awsEndpointUrl = m_simulateUrl;
    int ticks = 0;
    QTimer ticker;
    connect(&ticker, &QTimer::timeout, this, [&ticks] { ++ticks; });
    ticker.start(50);
    QElapsedTimer clock;
    clock.start();
    useAws(settings);
    QVERIFY2(clock.elapsed() < 1000, qPrintable(QStringLiteral("choosing AWS took %1 ms").arg(clock.elapsed())));

    // Meanwhile the window says what it waits for, and Place cannot send.
    QCOMPARE(backendLabel(*m_window), QStringLiteral("Backend: AWS (waiting for credentials…)"));
    const QString waiting = m_window->form()->fieldMessage(callrules::sipMediaApplicationId());
    QVERIFY2(waiting.contains(QStringLiteral("Waiting for AWS credentials from credential_process of profile slowproc")),
             qPrintable(waiting));
    QVERIFY(!m_window->form()->canPlace());
    QSignalSpy placed(m_window->session(), &BuiltInSession::placed);
    QVERIFY(!placeFromForm(*m_window, QStringLiteral("+14155550199")));

    QTRY_COMPARE_WITH_TIMEOUT(backendLabel(*m_window), QStringLiteral("Backend: AWS slowproc@us-east-1 via %1").arg(m_simulateUrl), 20000);
    QVERIFY2(clock.elapsed() >= 1900, qPrintable(QString::number(clock.elapsed())));
    QVERIFY2(ticks >= 20, qPrintable(QStringLiteral("the window's loop ran only %1 ticks in %2 ms").arg(ticks).arg(clock.elapsed())));

    auto *sma = m_window->form()->findChild<QComboBox *>(callrules::sipMediaApplicationId());
    QTRY_COMPARE_WITH_TIMEOUT(sma->currentText(), kSma, 20000);
    QVERIFY(!m_window->form()->fieldMessage(callrules::sipMediaApplicationId()).contains(QLatin1String("Waiting")));
    QVERIFY2(placeFromForm(*m_window, QStringLiteral("+14155550199")), qPrintable(m_window->form()->fieldMessage(callrules::sipMediaApplicationId())));
    QTRY_COMPARE_WITH_TIMEOUT(placed.size(), 1, 20000);
}

void TestBackendController::failingCredentialProcessShowsOnTheForm()
{
    ConsoleSettings settings;
    settings.awsProfile = QStringLiteral("failing");
    settings.awsEndpointUrl = m_simulateUrl;
    useAws(settings);
    const QString expected = QStringLiteral("credential_process of profile failing (%1) failed with exit code 255: "
                                            "Error loading SSO Token: token expired, run aws sso login")
                                 .arg(m_outside.filePath(QStringLiteral("failing.sh")));
    QTRY_COMPARE_WITH_TIMEOUT(m_window->form()->fieldMessage(callrules::sipMediaApplicationId()),
                              callrules::sipMediaApplicationId() + QStringLiteral(": ") + expected, 20000);
    QCOMPARE(m_window->form()->fieldSeverity(callrules::sipMediaApplicationId()), ValidationIssue::Severity::Error);
    QVERIFY(!m_window->form()->canPlace());
    QCOMPARE(backendLabel(*m_window), QStringLiteral("Backend: AWS (not configured)"));
    QVERIFY2(m_window->statusBar()->currentMessage().contains(expected), qPrintable(m_window->statusBar()->currentMessage()));
}

void TestBackendController::expiringCredentialsAreFetchedAgain()
{
    auto *controller = m_window->findChild<BackendController *>();
    QVERIFY(controller);
    controller->setRefreshMarginMs(3000);
    const QString runs = m_outside.filePath(QStringLiteral("expiring.runs"));
    QFile::remove(runs);
    const auto runCount = [&runs] { return runsIn(runs); };
    ConsoleSettings settings;
    settings.awsProfile = QStringLiteral("expiring");
    settings.awsEndpointUrl = m_simulateUrl;
    useAws(settings);
    auto *sma = m_window->form()->findChild<QComboBox *>(callrules::sipMediaApplicationId());
    QTRY_COMPARE_WITH_TIMEOUT(sma->currentText(), kSma, 20000);
    QCOMPARE(runCount(), 1);
    aws::CallBackend *backend = m_window->session()->awsBackend();
    QVERIFY(backend);
    auto *client = &qobject_cast<aws::ChimeCallBackend *>(backend)->client();
    const QDateTime firstExpiry = client->credentials().expiration();
    QVERIFY(firstExpiry.isValid());
    QSignalSpy backendChanged(m_window->session(), &BuiltInSession::backendChanged);

    // 6 s to live, 3 s of margin: fetched again about 3 s in, into the backend in use, with no
    // waiting between.
    QTRY_COMPARE_WITH_TIMEOUT(runCount(), 2, 15000);
    QTRY_VERIFY_WITH_TIMEOUT(!controller->isWaitingForCredentials(), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(client->credentials().expiration() > firstExpiry, 5000);
    QCOMPARE(m_window->session()->awsBackend(), backend);
    QCOMPARE(backendChanged.size(), 0);
    QCOMPARE(backendLabel(*m_window), QStringLiteral("Backend: AWS expiring@us-east-1 via %1").arg(m_simulateUrl));
    QSignalSpy placed(m_window->session(), &BuiltInSession::placed);
    QVERIFY2(placeFromForm(*m_window, QStringLiteral("+14155550199")), qPrintable(m_window->form()->fieldMessage(callrules::sipMediaApplicationId())));
    QTRY_COMPARE_WITH_TIMEOUT(placed.size(), 1, 20000);
    m_window->form()->backendCombo()->setCurrentIndex(0); // no more runs once AWS is not chosen
    const int after = runCount();
    QTest::qWait(4000);
    QCOMPARE(runCount(), after);
}

BackendController *TestBackendController::useFlaky(int ttlSeconds, int marginMs, int retryMs)
{
    auto *controller = m_window->findChild<BackendController *>();
    if (!controller)
        return nullptr;
    controller->setRefreshMarginMs(marginMs);
    controller->setRefreshRetryMs(retryMs);
    QFile::remove(flakyRuns());
    makeFlaky({});
    writeFile(m_outside.filePath(QStringLiteral("flaky.ttl")), QByteArray::number(ttlSeconds));
    ConsoleSettings settings;
    settings.awsProfile = QStringLiteral("flaky");
    settings.awsEndpointUrl = m_simulateUrl;
    useAws(settings);
    auto *sma = m_window->form()->findChild<QComboBox *>(callrules::sipMediaApplicationId());
    [&] { QTRY_COMPARE_WITH_TIMEOUT(sma->currentText(), kSma, 20000); }();
    return QTest::currentTestFailed() ? nullptr : controller;
}

void TestBackendController::verifyNoSecretShown(const QSignalSpy &notices)
{
    const QLabel *status = backendStatus(*m_window);
    QVERIFY(status);
    QStringList shown{status->text(), status->toolTip(), reloadButton(*m_window)->toolTip()};
    for (const QList<QVariant> &notice : notices)
        shown << notice.first().toString();
    for (const QString &text : std::as_const(shown)) {
        QVERIFY2(!text.contains(kSecret), qPrintable(text));
        QVERIFY2(!text.contains(QLatin1String("\"SecretAccessKey\"")) && !text.contains(QLatin1String("MFA code")), qPrintable(text));
    }
}

void TestBackendController::pressReload()
{
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    QTest::keySequence(m_window.get(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
}

void TestBackendController::typeCallee()
{
    auto *to = m_window->form()->findChild<QLineEdit *>(callrules::toPhoneNumber());
    QVERIFY(to);
    to->setText(QStringLiteral("+14155550199"));
}

void TestBackendController::makeFlaky(const QByteArray &failure)
{
    const QString path = m_outside.filePath(QStringLiteral("flaky.fail"));
    if (failure.isEmpty())
        QFile::remove(path);
    else
        writeFile(path, failure);
}

void TestBackendController::failedRefreshKeepsTheKeysUntilARetryWorks()
{
    auto *controller = useFlaky(16, 8000, 1000);
    QVERIFY(controller);
    QSignalSpy notices(controller, &BackendController::notice);
    QSignalSpy backendChanged(m_window->session(), &BuiltInSession::backendChanged);
    aws::CallBackend *backend = m_window->session()->awsBackend();
    QVERIFY(backend);
    const aws::Credentials first = keysOf(backend);
    QCOMPARE(first.sessionToken(), QStringLiteral("token-1"));
    QVERIFY(first.expiration().isValid());

    // About 8 s before the keys expire the refresh fails: they stay, and the user is told why
    // and until when they work.
    makeFlaky("exit");
    const QString failed = QStringLiteral("Refreshing the AWS credentials failed: ");
    QTRY_COMPARE_WITH_TIMEOUT(noticesStartingWith(notices, failed).size(), 1, 20000);
    const QString warning = noticesStartingWith(notices, failed).first();
    const QString reason = QStringLiteral("credential_process of profile flaky (%1) failed with exit code 3: SSO portal unreachable")
                               .arg(m_outside.filePath(QStringLiteral("flaky.sh")));
    QVERIFY2(warning.contains(reason), qPrintable(warning));
    QVERIFY2(warning.contains(QStringLiteral("work until %1").arg(clockTime(first.expiration()))), qPrintable(warning));
    QVERIFY2(!warning.contains(kSecret), qPrintable(warning));
    QCOMPARE(m_window->session()->awsBackend(), backend);
    QCOMPARE(keysOf(backend).sessionToken(), QStringLiteral("token-1"));
    QCOMPARE(keysOf(backend).expiration(), first.expiration());
    QCOMPARE(backendChanged.size(), 0);
    QVERIFY(m_window->form()->fieldSeverity(callrules::sipMediaApplicationId()) != ValidationIssue::Severity::Error);

    // The status bar keeps saying so after the notice has gone, as a warning, with the reason
    // in its tooltip; the form's button offers to retry.
    QLabel *status = backendStatus(*m_window);
    QVERIFY(status);
    const QString plain = QStringLiteral("Backend: AWS flaky@us-east-1 via %1").arg(m_simulateUrl);
    const QString kept = plain + QStringLiteral(" — refreshing the credentials failed; running on kept keys until %1")
                                     .arg(clockTime(first.expiration()));
    QCOMPARE(status->text(), kept);
    QVERIFY2(status->toolTip().contains(reason), qPrintable(status->toolTip()));
    QVERIFY(showsWarning(status));
    QCOMPARE(reloadButton(*m_window)->text(), QStringLiteral("Retry"));

    // The retry a second later fails too, without a second notice.
    QTRY_VERIFY_WITH_TIMEOUT(runsIn(flakyRuns()) >= 3 && !controller->isWaitingForCredentials(), 20000);
    QCOMPARE(noticesStartingWith(notices, failed).size(), 1);
    QCOMPARE(keysOf(backend).sessionToken(), QStringLiteral("token-1"));
    QCOMPARE(status->text(), kept);
    QVERIFY(showsWarning(status));

    // Once the process works again, the next retry brings fresh keys into the same backend.
    makeFlaky({});
    QTRY_VERIFY_WITH_TIMEOUT(keysOf(backend).sessionToken() != QStringLiteral("token-1"), 20000);
    QCOMPARE(m_window->session()->awsBackend(), backend);
    QCOMPARE(keysOf(backend).sessionToken(), QStringLiteral("token-%1").arg(runsIn(flakyRuns())));
    QVERIFY(keysOf(backend).expiration() > first.expiration());
    QCOMPARE(backendChanged.size(), 0);
    const QStringList recovered = noticesStartingWith(notices, QStringLiteral("Refreshed the AWS credentials on try "));
    QCOMPARE(recovered.size(), 1);
    QVERIFY2(recovered.first().endsWith(QStringLiteral("they work until %1").arg(clockTime(keysOf(backend).expiration()))),
             qPrintable(recovered.first()));
    // And the warning is gone.
    QCOMPARE(status->text(), plain);
    QCOMPARE(status->toolTip(), QString());
    QVERIFY(!showsWarning(status));
    QCOMPARE(reloadButton(*m_window)->text(), QStringLiteral("Reload"));
    verifyNoSecretShown(notices);
    QSignalSpy placed(m_window->session(), &BuiltInSession::placed);
    QVERIFY2(placeFromForm(*m_window, QStringLiteral("+14155550199")), qPrintable(m_window->form()->fieldMessage(callrules::sipMediaApplicationId())));
    QTRY_COMPARE_WITH_TIMEOUT(placed.size(), 1, 20000);
}

void TestBackendController::keysThatExpireUnrefreshedShowTheError()
{
    auto *controller = useFlaky(8, 4000, 500);
    QVERIFY(controller);
    QSignalSpy notices(controller, &BackendController::notice);
    aws::CallBackend *backend = m_window->session()->awsBackend();
    QVERIFY(backend);
    const QDateTime expiry = keysOf(backend).expiration();
    QDateTime switched;
    QObject watching; // the connection ends with this test
    connect(m_window->session(), &BuiltInSession::backendChanged, &watching, [&switched] {
        if (!switched.isValid())
            switched = QDateTime::currentDateTimeUtc();
    });

    makeFlaky("garbage");
    const QString reason = QStringLiteral("credential_process of profile flaky (%1) did not print JSON with AccessKeyId/SecretAccessKey")
                               .arg(m_outside.filePath(QStringLiteral("flaky.sh")));
    const QString expired =
        QStringLiteral("The AWS credentials expired at %1 and could not be refreshed: %2").arg(clockTime(expiry), reason);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->form()->fieldMessage(callrules::sipMediaApplicationId()).contains(expired), 30000);
    QVERIFY2(switched.isValid() && switched.msecsTo(expiry) < 200,
             qPrintable(QStringLiteral("the backend went at %1, its keys expired at %2")
                            .arg(switched.toString(Qt::ISODateWithMs), expiry.toString(Qt::ISODateWithMs))));
    QCOMPARE(m_window->form()->fieldSeverity(callrules::sipMediaApplicationId()), ValidationIssue::Severity::Error);
    QVERIFY(!m_window->form()->canPlace());
    QVERIFY(!m_window->session()->awsBackend());
    QCOMPARE(backendLabel(*m_window), QStringLiteral("Backend: AWS (not configured)"));
    QCOMPARE(noticesStartingWith(notices, QStringLiteral("Refreshing the AWS credentials failed: ")).size(), 1);
    QCOMPARE(noticesStartingWith(notices, QStringLiteral("The AWS credentials expired")).size(), 1);
    for (const QList<QVariant> &notice : std::as_const(notices))
        QVERIFY2(!notice.first().toString().contains(kSecret), qPrintable(notice.first().toString()));
    QVERIFY(!m_window->form()->fieldMessage(callrules::sipMediaApplicationId()).contains(kSecret));

    // Expired is final until the user chooses again: no more runs.
    const int runs = runsIn(flakyRuns());
    QTest::qWait(2000);
    QCOMPARE(runsIn(flakyRuns()), runs);
    QVERIFY(!controller->isWaitingForCredentials());
}

void TestBackendController::choosingTheSimulatorEndsTheRetries()
{
    auto *controller = useFlaky(8, 4000, 500);
    QVERIFY(controller);
    QSignalSpy notices(controller, &BackendController::notice);
    const QDateTime expiry = keysOf(m_window->session()->awsBackend()).expiration();
    makeFlaky("exit");
    const QString failed = QStringLiteral("Refreshing the AWS credentials failed: ");
    QTRY_COMPARE_WITH_TIMEOUT(noticesStartingWith(notices, failed).size(), 1, 20000);

    // Neither a retry nor the expiry reaches the simulator once it is chosen.
    m_window->form()->backendCombo()->setCurrentIndex(0);
    const int runs = runsIn(flakyRuns());
    QTest::qWait(int(std::max<qint64>(0, QDateTime::currentDateTimeUtc().msecsTo(expiry))) + 1500);
    QCOMPARE(runsIn(flakyRuns()), runs);
    QVERIFY(!controller->isWaitingForCredentials());
    QCOMPARE(noticesStartingWith(notices, QStringLiteral("The AWS credentials expired")).size(), 0);
    QCOMPARE(m_window->session()->backend(), BuiltInSession::Backend::Simulator);
    QCOMPARE(backendLabel(*m_window), QStringLiteral("Backend: Simulator (%1)").arg(m_window->session()->simulatorUrl().toString()));
    QVERIFY(!showsWarning(backendStatus(*m_window)));
    QCOMPARE(backendStatus(*m_window)->toolTip(), QString());
}

void TestBackendController::retryWhileOnKeptKeysKeepsThem()
{
    typeCallee();
    // 20 s keys refreshed 10 s in: 10 s on kept keys to retry in.
    auto *controller = useFlaky(20, 10000, 3000);
    QVERIFY(controller);
    QSignalSpy notices(controller, &BackendController::notice);
    aws::CallBackend *backend = m_window->session()->awsBackend();
    QVERIFY(backend);
    makeFlaky("exit");
    const QString failed = QStringLiteral("Refreshing the AWS credentials failed: ");
    QTRY_COMPARE_WITH_TIMEOUT(noticesStartingWith(notices, failed).size(), 1, 30000);
    QVERIFY(showsWarning(backendStatus(*m_window)));

    // Retrying does not trade the keys that work for a wait: Place stays enabled throughout,
    // and a retry that fails is said again (the automatic ones are not).
    QToolButton *retry = reloadButton(*m_window);
    QVERIFY(retry->isVisible() && retry->isEnabled());
    QTest::mouseClick(retry, Qt::LeftButton);
    QVERIFY(m_window->session()->awsBackend() == backend); // QCOMPARE would print a deleted one
    QVERIFY(m_window->form()->canPlace());
    QVERIFY(!m_window->form()->fieldMessage(callrules::sipMediaApplicationId()).contains(QLatin1String("Waiting")));
    QTRY_COMPARE_WITH_TIMEOUT(noticesStartingWith(notices, failed).size(), 2, 20000);
    QVERIFY(m_window->session()->awsBackend() == backend);
    QCOMPARE(keysOf(backend).sessionToken(), QStringLiteral("token-1"));
    QVERIFY(m_window->form()->canPlace());
    QVERIFY(showsWarning(backendStatus(*m_window)));

    // Once the process works, a retry brings fresh keys into the same backend and the warning goes.
    makeFlaky({});
    pressReload();
    QTRY_VERIFY_WITH_TIMEOUT(keysOf(backend).sessionToken() != QStringLiteral("token-1"), 20000);
    QVERIFY(m_window->session()->awsBackend() == backend);
    QTRY_VERIFY_WITH_TIMEOUT(!showsWarning(backendStatus(*m_window)), 5000);
    QCOMPARE(backendLabel(*m_window), QStringLiteral("Backend: AWS flaky@us-east-1 via %1").arg(m_simulateUrl));
    verifyNoSecretShown(notices);
}

void TestBackendController::retryAfterExpiryBringsAwsBack()
{
    typeCallee();
    auto *controller = useFlaky(8, 4000, 500);
    QVERIFY(controller);
    QSignalSpy notices(controller, &BackendController::notice);
    makeFlaky("garbage");
    QTRY_VERIFY_WITH_TIMEOUT(m_window->form()->fieldMessage(callrules::sipMediaApplicationId()).contains(QLatin1String("expired at")), 30000);
    QVERIFY(!m_window->form()->canPlace());
    QCOMPARE(backendLabel(*m_window), QStringLiteral("Backend: AWS (not configured)"));
    QVERIFY(!showsWarning(backendStatus(*m_window))); // the form shows the error now
    verifyNoSecretShown(notices);

    // The form offers the way back: Retry runs the process again, as choosing AWS does.
    QToolButton *retry = reloadButton(*m_window);
    QVERIFY(retry->isVisible() && retry->isEnabled());
    QCOMPARE(retry->text(), QStringLiteral("Retry"));
    makeFlaky({});
    const int runs = runsIn(flakyRuns());
    QTest::mouseClick(retry, Qt::LeftButton);
    QVERIFY2(m_window->form()->fieldMessage(callrules::sipMediaApplicationId()).contains(QLatin1String("Waiting for AWS credentials")),
             qPrintable(m_window->form()->fieldMessage(callrules::sipMediaApplicationId())));
    QVERIFY(!m_window->form()->canPlace());
    QVERIFY(!controller->reloadAction()->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(m_window->form()->canPlace(), 20000);
    QCOMPARE(runsIn(flakyRuns()), runs + 1);
    QCOMPARE(m_window->form()->backendCombo()->currentIndex(), int(CallForm::AwsEntry));
    QCOMPARE(keysOf(m_window->session()->awsBackend()).sessionToken(), QStringLiteral("token-%1").arg(runs + 1));
    QCOMPARE(backendLabel(*m_window), QStringLiteral("Backend: AWS flaky@us-east-1 via %1").arg(m_simulateUrl));
    QCOMPARE(retry->text(), QStringLiteral("Reload"));
    QSignalSpy placed(m_window->session(), &BuiltInSession::placed);
    QVERIFY2(placeFromForm(*m_window, QStringLiteral("+14155550199")), qPrintable(m_window->form()->fieldMessage(callrules::sipMediaApplicationId())));
    QTRY_COMPARE_WITH_TIMEOUT(placed.size(), 1, 20000);
    verifyNoSecretShown(notices);
}

void TestBackendController::retryAfterAFailedFirstLookup()
{
    typeCallee();
    auto *controller = m_window->findChild<BackendController *>();
    QVERIFY(controller);
    QSignalSpy notices(controller, &BackendController::notice);
    QFile::remove(flakyRuns());
    makeFlaky("exit");
    writeFile(m_outside.filePath(QStringLiteral("flaky.ttl")), "3600");
    ConsoleSettings settings;
    settings.awsProfile = QStringLiteral("flaky");
    settings.awsEndpointUrl = m_simulateUrl;
    useAws(settings);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->form()->fieldMessage(callrules::sipMediaApplicationId()).contains(QLatin1String("failed with exit code 3")), 20000);
    QVERIFY(!m_window->form()->canPlace());
    QCOMPARE(reloadButton(*m_window)->text(), QStringLiteral("Retry"));
    verifyNoSecretShown(notices);

    // From the keyboard this time; the process works now.
    makeFlaky({});
    pressReload();
    QTRY_VERIFY_WITH_TIMEOUT(m_window->form()->canPlace(), 20000);
    QCOMPARE(runsIn(flakyRuns()), 2);
    auto *sma = m_window->form()->findChild<QComboBox *>(callrules::sipMediaApplicationId());
    QTRY_COMPARE_WITH_TIMEOUT(sma->currentText(), kSma, 20000);
    QCOMPARE(backendLabel(*m_window), QStringLiteral("Backend: AWS flaky@us-east-1 via %1").arg(m_simulateUrl));
    verifyNoSecretShown(notices);
}

void TestBackendController::reloadGoesWithTheAwsChoice()
{
    typeCallee();
    auto *controller = m_window->findChild<BackendController *>();
    QVERIFY(controller);
    QAction *reload = controller->reloadAction();
    QToolButton *button = reloadButton(*m_window);
    QCOMPARE(button->defaultAction(), reload);

    // On the simulator there is nothing to reload: the action is off and the button hidden.
    m_window->form()->backendCombo()->setCurrentIndex(CallForm::SimulatorEntry);
    QVERIFY(!reload->isEnabled());
    QVERIFY(button->isHidden());

    // Working AWS credentials can be read again (after editing ~/.aws, say): the process runs
    // again, the form waits for it meanwhile.
    controller->setRefreshMarginMs(1000); // no refresh of its own within the hour
    QFile::remove(flakyRuns());
    makeFlaky({});
    writeFile(m_outside.filePath(QStringLiteral("flaky.ttl")), "3600");
    ConsoleSettings settings;
    settings.awsProfile = QStringLiteral("flaky");
    settings.awsEndpointUrl = m_simulateUrl;
    useAws(settings);
    QVERIFY(button->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(m_window->form()->canPlace() && reload->isEnabled(), 20000);
    QCOMPARE(button->text(), QStringLiteral("Reload"));
    QVERIFY(button->focusPolicy() & Qt::TabFocus);
    QCOMPARE(runsIn(flakyRuns()), 1);
    pressReload();
    QVERIFY(!m_window->form()->canPlace());
    QTRY_VERIFY_WITH_TIMEOUT(m_window->form()->canPlace(), 20000);
    QCOMPARE(runsIn(flakyRuns()), 2);
    QCOMPARE(keysOf(m_window->session()->awsBackend()).sessionToken(), QStringLiteral("token-2"));

    // Back on the simulator the shortcut does nothing.
    m_window->form()->backendCombo()->setCurrentIndex(CallForm::SimulatorEntry);
    QVERIFY(!reload->isEnabled());
    QVERIFY(button->isHidden());
    pressReload();
    QVERIFY(!controller->isWaitingForCredentials());
    QCOMPARE(m_window->session()->backend(), BuiltInSession::Backend::Simulator);
    QVERIFY(m_window->form()->canPlace());
}

// AWS_ENDPOINT_URL_CHIME_SDK_VOICE, not Preferences, points the profile at the simulator: the
// status bar says where calls go and why, and they go there.
void TestBackendController::configuredEndpointIsNamedOnTheStatusBar()
{
    qputenv("AWS_ENDPOINT_URL_CHIME_SDK_VOICE", m_simulateUrl.toUtf8());
    ConsoleSettings settings;
    settings.awsProfile = QStringLiteral("sim");
    useAws(settings);
    qunsetenv("AWS_ENDPOINT_URL_CHIME_SDK_VOICE");
    QCOMPARE(backendLabel(*m_window),
             QStringLiteral("Backend: AWS sim@us-east-1 via %1 (from AWS_ENDPOINT_URL_CHIME_SDK_VOICE)").arg(m_simulateUrl));
    auto *sma = m_window->form()->findChild<QComboBox *>(callrules::sipMediaApplicationId());
    QTRY_COMPARE_WITH_TIMEOUT(sma->currentText(), kSma, 20000); // the List calls reached the simulator
}

// A role profile with mfa_serial: the window asks for the code in a dialog while the form
// waits, and STS gets it; cancelling the dialog ends the lookup with the reason on the form.
void TestBackendController::roleWithMfaAsksInADialog()
{
    aws::CredentialsLookup::clearCache();
    const QString role = QStringLiteral("arn:aws:iam::111122223333:role/window");
    const QString serial = QStringLiteral("arn:aws:iam::111122223333:mfa/window");
    FakeIdentityServer sts;
    sts.trust(kAccessKey, kSecret);
    sts.requireMfa(role, serial, QStringLiteral("135790"));
    QFile config(m_outside.filePath(QStringLiteral("config")));
    QVERIFY(config.open(QIODevice::Append));
    config.write("[profile mfa]\nregion = us-east-1\nrole_arn = " + role.toUtf8() + "\nsource_profile = sim\nmfa_serial = "
                 + serial.toUtf8() + "\n");
    config.close();
    qputenv("AWS_ENDPOINT_URL_STS", sts.url().toString().toUtf8());
    ConsoleSettings settings;
    settings.awsProfile = QStringLiteral("mfa");
    settings.awsEndpointUrl = m_simulateUrl;

    const auto shownDialog = [this]() -> QInputDialog * {
        for (QInputDialog *candidate : m_window->findChildren<QInputDialog *>(QStringLiteral("mfaCodeDialog"))) {
            if (candidate->isVisible())
                return candidate;
        }
        return nullptr;
    };
    useAws(settings);
    QInputDialog *dialog = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((dialog = shownDialog()), 20000);
    QVERIFY(dialog->labelText().contains(serial));
    QVERIFY(!m_window->form()->canPlace());
    QVERIFY(sts.requests.isEmpty());
    dialog->setTextValue(QStringLiteral("135790"));
    dialog->accept();
    QTRY_COMPARE_WITH_TIMEOUT(backendLabel(*m_window), QStringLiteral("Backend: AWS mfa@us-east-1 via %1").arg(m_simulateUrl), 20000);
    QCOMPARE(sts.requests.size(), 1);
    QCOMPARE(sts.requests.first().parameters.queryItemValue(QStringLiteral("TokenCode")), QStringLiteral("135790"));
    QCOMPARE(keysOf(m_window->session()->awsBackend()).accessKeyId(), FakeIdentityServer::issuedKeyFor(role));

    // Cancelled: no keys, and the form says why.
    aws::CredentialsLookup::clearCache();
    QSignalSpy notices(m_window->findChild<BackendController *>(), &BackendController::notice);
    pressReload();
    QTRY_VERIFY_WITH_TIMEOUT((dialog = shownDialog()), 20000);
    dialog->reject();
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->session()->awsBackend(), 20000);
    QTRY_VERIFY(!noticesStartingWith(notices, QStringLiteral("no MFA code was given for ") + serial).isEmpty());
    QCOMPARE(sts.requests.size(), 1);
    qunsetenv("AWS_ENDPOINT_URL_STS");
}

int main(int argc, char **argv)
{
    isolatedHome();
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("CallConsoleTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_backendcontroller"));
    TestBackendController test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_backendcontroller.moc"

// The call form's AWS backend against the real `callconsole simulate` API with signature
// verification on: the pickers fill from ListSipMediaApplications / ListPhoneNumbers, a call
// placed from the form gets its TransactionId and its events reach the window, hang-up goes
// through UpdateSipMediaApplicationCall, a wrong secret shows the signature error on the form,
// and typed access keys work from SecretStore without reaching any file. A slow
// credential_process leaves the window running, says it is waiting and keeps Place disabled
// until its keys arrive; a failing one shows why on the form; expiring keys are fetched again.
#include "BackendController.h"
#include "BuiltInSession.h"
#include "PreferencesController.h"
#include "WindowTestSupport.h"

#include <QApplication>
#include <QComboBox>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTcpServer>
#include <QTcpSocket>

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

QString backendLabel(MainWindow &window)
{
    for (QLabel *label : window.statusBar()->findChildren<QLabel *>()) {
        if (label->text().startsWith(QLatin1String("Backend:")))
            return label->text();
    }
    return {};
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

private:
    void useAws(const ConsoleSettings &settings, const ConsoleSecrets &secrets = {});

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
    writeFile(m_outside.filePath(QStringLiteral("config")),
              "[profile sim]\nregion = us-east-1\n[profile wrong]\nregion = us-east-1\n"
              "[profile slowproc]\nregion = us-east-1\ncredential_process = " + slow.toUtf8() + "\n"
              "[profile failing]\nregion = us-east-1\ncredential_process = " + failing.toUtf8() + " --profile failing\n"
              "[profile expiring]\nregion = us-east-1\ncredential_process = " + expiring.toUtf8() + "\n");
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
    const auto runCount = [&runs] {
        QFile file(runs);
        return file.open(QIODevice::ReadOnly) ? file.readAll().count("run") : 0;
    };
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

// PreferencesDialog offscreen, driven through its widgets: every page loads and stores the
// settings, each issue shows under its field as the user types (the exposed endpoint above all),
// OK and Apply stay disabled while an error remains, and the Replies page edits the rules file
// and shows the reply a rule gives to a sample event.
#include "AwsPage.h"
#include "EndpointPage.h"
#include "PreferencesDialog.h"
#include "RuleEditor.h"
#include "RulesPage.h"
#include "SimulatorPage.h"
#include "ThemePalette.h"

#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QFile>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace callconsole;

namespace {

const QString kSecret = QStringLiteral("d2lkZ2V0LXRlc3Qtc2VjcmV0LWtleS12YWx1ZQ");

QLineEdit *lineEdit(QWidget *root, const QString &name)
{
    QWidget *widget = root->findChild<QWidget *>(name);
    if (auto *combo = qobject_cast<QComboBox *>(widget))
        return combo->lineEdit();
    return qobject_cast<QLineEdit *>(widget);
}

void retype(QLineEdit *edit, const QString &text)
{
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Delete);
    QTest::keyClicks(edit, text);
}

} // namespace

class TestPreferencesDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void everyPageLoadsAndStores();
    void exposedEndpointIsRefusedOnTheHostField();
    void tlsNeedsBothFiles();
    void rulesValidateLiveOnTheirField();
    void rulesTryOnASampleEvent();
    void calleeIssuesNameRowAndColumn();
    void awsPageChecksCredentialsWithoutShowingTheSecret();
    void screenshots();

private:
    ConsoleSettings m_settings;
    ConsoleSecrets m_secrets;
    QTemporaryDir m_dir;
};

void TestPreferencesDialog::initTestCase()
{
    m_settings.endpointPort = 8123;
    m_settings.forwardUrl = QStringLiteral("http://127.0.0.1:3000/");
    m_settings.awsRegion = QStringLiteral("eu-west-1");
    m_settings.theme = ThemeMode::Dark;
    m_secrets.bearerToken = QStringLiteral("token-value");
}

void TestPreferencesDialog::everyPageLoadsAndStores()
{
    PreferencesDialog dialog(m_settings, m_secrets);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QCOMPARE(dialog.pages().size(), 5);
    QVERIFY(dialog.settings() == m_settings);
    QVERIFY(dialog.secrets() == m_secrets);
    QCOMPARE(dialog.findChild<QSpinBox *>(settingsfield::endpointPort())->value(), 8123);
    QVERIFY(dialog.findChild<QRadioButton *>(QStringLiteral("themeDark"))->isChecked());
    QVERIFY(dialog.canApply());

    // A change in any page is what the dialog hands back.
    dialog.findChild<QRadioButton *>(QStringLiteral("themeSystem"))->click();
    retype(lineEdit(&dialog, settingsfield::awsRegion()), QStringLiteral("ap-southeast-2"));
    ConsoleSettings expected = m_settings;
    expected.theme = ThemeMode::FollowSystem;
    expected.awsRegion = QStringLiteral("ap-southeast-2");
    QVERIFY(dialog.settings() == expected);
}

void TestPreferencesDialog::exposedEndpointIsRefusedOnTheHostField()
{
    PreferencesDialog dialog(m_settings, {});
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    PreferencesPage *endpoint = dialog.page(QStringLiteral("endpointPage"));
    retype(lineEdit(&dialog, settingsfield::endpointHost()), QStringLiteral("0.0.0.0"));
    const QString message = endpoint->messageFor(settingsfield::endpointHost());
    QVERIFY2(message.contains(QLatin1String("listening on 0.0.0.0 exposes the endpoint")), qPrintable(message));
    QVERIFY(!dialog.canApply());
    QVERIFY(!dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->isEnabled());
    const auto *pages = dialog.findChild<QListWidget *>(QStringLiteral("preferencesPages"));
    QVERIFY(pages->item(0)->icon().cacheKey() != pages->item(1)->icon().cacheKey()); // the page with the error is marked

    // Choosing a bearer token without one moves the error to the token field...
    auto *authentication = dialog.findChild<QComboBox *>(settingsfield::endpointAuthentication());
    authentication->setCurrentIndex(authentication->findData(int(EndpointAuthentication::BearerToken)));
    QVERIFY(endpoint->messageFor(settingsfield::bearerToken()).contains(QLatin1String("enter the token")));
    QVERIFY(!dialog.canApply());
    // ...and a generated one clears both.
    dialog.findChild<QToolButton *>(settingsfield::bearerToken() + QStringLiteral("Generate"))->click();
    QCOMPARE(dialog.secrets().bearerToken.size(), 64);
    QVERIFY2(endpoint->messageFor(settingsfield::endpointHost()).isEmpty(), qPrintable(endpoint->messageFor(settingsfield::endpointHost())));
    QVERIFY(dialog.canApply());
    QCOMPARE(lineEdit(&dialog, settingsfield::bearerToken())->echoMode(), QLineEdit::Password);
}

void TestPreferencesDialog::tlsNeedsBothFiles()
{
    PreferencesDialog dialog(m_settings, m_secrets);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    PreferencesPage *endpoint = dialog.page(QStringLiteral("endpointPage"));
    QTest::keyClicks(lineEdit(&dialog, settingsfield::tlsCertificateFile()), QStringLiteral("/no/such/cert.pem"));
    QVERIFY(endpoint->messageFor(settingsfield::tlsKeyFile()).contains(QLatin1String("needs both")));
    QVERIFY(endpoint->messageFor(settingsfield::tlsCertificateFile()).contains(QLatin1String("no such file")));
    QVERIFY(!dialog.canApply());
}

void TestPreferencesDialog::rulesValidateLiveOnTheirField()
{
    PreferencesDialog dialog(m_settings, m_secrets);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    RulesPage *rules = dialog.rulesPage();
    dialog.showPage(rules);
    QVERIFY(rules->openFile(QStringLiteral(CALLCONSOLE_TEST_DATA "/rules/sample-rules.json")));
    QVERIFY(!rules->isModified());
    rules->selectEvent(QStringLiteral("CALL_ANSWERED"));
    QCOMPARE(rules->findChild<QComboBox *>(QStringLiteral("rulesOfEvent"))->currentText(), QStringLiteral("greet"));
    auto *reply = rules->editor()->findChild<QPlainTextEdit *>(QStringLiteral("rule.reply"));
    QVERIFY(reply->toPlainText().contains(QLatin1String("\"Speak\"")));

    // Typing breaks the JSON: the error is under the reply, and nothing can be applied.
    reply->setFocus();
    reply->moveCursor(QTextCursor::End);
    QTest::keyClicks(reply, QStringLiteral(",,"));
    QVERIFY2(rules->editor()->messageFor(QStringLiteral("reply")).contains(QLatin1String("invalid JSON")),
             qPrintable(rules->editor()->messageFor(QStringLiteral("reply"))));
    QVERIFY(rules->isModified());
    QVERIFY(!dialog.canApply());
    const auto *events = rules->findChild<QListWidget *>(QStringLiteral("ruleEvents"));
    QVERIFY(!events->currentItem()->icon().isNull());

    // A valid list that breaks an action rule names the action.
    reply->setPlainText(QStringLiteral("{\"SchemaVersion\":\"1.0\",\"Actions\":[{\"Type\":\"Speak\",\"Parameters\":{\"CallId\":\"x\"}}]}"));
    QVERIFY2(rules->editor()->messageFor(QStringLiteral("reply")).contains(QLatin1String("Actions[0]")),
             qPrintable(rules->editor()->messageFor(QStringLiteral("reply"))));
    reply->clear(); // empty: the built-in reply
    QVERIFY(rules->editor()->messageFor(QStringLiteral("reply")).isEmpty());
    QVERIFY(dialog.canApply());

    // A new rule for HANGUP is listed under its type, and the document says so.
    rules->selectEvent(QStringLiteral("HANGUP"));
    rules->findChild<QToolButton *>(QStringLiteral("ruleAdd"))->click();
    QCOMPARE(events->currentItem()->text(), QStringLiteral("HANGUP (1)"));
    QCOMPARE(rules->document().rulesFor(QStringLiteral("HANGUP")).size(), 1);
    auto *forward = rules->editor()->findChild<QLineEdit *>(QStringLiteral("rule.forward"));
    QTest::keyClicks(forward, QStringLiteral("not a url"));
    QVERIFY(rules->editor()->messageFor(QStringLiteral("forward")).contains(QLatin1String("http(s) URL")));
    QVERIFY(!dialog.canApply());
    rules->findChild<QToolButton *>(QStringLiteral("ruleRemove"))->click();
    QVERIFY(dialog.canApply());
}

void TestPreferencesDialog::rulesTryOnASampleEvent()
{
    PreferencesDialog dialog(m_settings, m_secrets);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    RulesPage *rules = dialog.rulesPage();
    dialog.showPage(rules);
    QVERIFY(rules->openFile(QStringLiteral(CALLCONSOLE_TEST_DATA "/rules/sample-rules.json")));
    rules->selectEvent(QStringLiteral("CALL_ANSWERED"));
    auto *arguments = rules->editor()->findChild<QLineEdit *>(QStringLiteral("rule.match"));
    arguments->selectAll();
    QTest::keyClick(arguments, Qt::Key_Delete); // the sample carries no Arguments
    lineEdit(&dialog, settingsfield::forwardUrl())->clear();

    const QStringList samples = rules->sampleNames();
    QCOMPARE(samples.size(), 11); // one per InvocationEventType, built into the binary
    rules->selectSample(int(samples.indexOf(QStringLiteral("Sample: call-answered"))));
    rules->findChild<QPushButton *>(QStringLiteral("tryRules"))->click();
    QVERIFY2(rules->preview().contains(QLatin1String("Answered by rule:greet")), qPrintable(rules->preview()));
    QVERIFY2(rules->preview().contains(QLatin1String("Hi +12065550100")), qPrintable(rules->preview()));
    QVERIFY(rules->preview().contains(QLatin1String("9ff01357-23c5-4611-9dd3-f05f9d654faa")));

    // The delivery selected in the window comes first and is tried the same way.
    QFile ringing(QStringLiteral(CALLCONSOLE_TEST_DATA "/events/ringing.json"));
    QVERIFY(ringing.open(QIODevice::ReadOnly));
    rules->setSelectedDelivery(ringing.readAll(), QStringLiteral("RINGING #2"));
    QCOMPARE(rules->sampleNames().first(), QStringLiteral("Selected: RINGING #2"));
    rules->tryRules();
    QVERIFY2(rules->preview().contains(QLatin1String("held at a breakpoint first")), qPrintable(rules->preview()));
}

void TestPreferencesDialog::calleeIssuesNameRowAndColumn()
{
    PreferencesDialog dialog(m_settings, m_secrets);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *simulator = qobject_cast<SimulatorPage *>(dialog.page(QStringLiteral("simulatorPage")));
    dialog.showPage(simulator);
    QTableWidget *table = simulator->table();
    QCOMPARE(table->rowCount(), ConsoleSettings::defaultCallees().size());
    table->item(1, SimulatorPage::Digits)->setText(QStringLiteral("9x"));
    const QString message = dialog.findChild<QWidget *>(settingsfield::callees() + QStringLiteral("#message"))
                                ->findChildren<QLabel *>().last()->text();
    QVERIFY2(message.startsWith(QLatin1String("Row 2, DTMF: '9x'")), qPrintable(message));
    QVERIFY(!dialog.canApply());
    table->item(1, SimulatorPage::Digits)->setText(QStringLiteral("9#"));
    QVERIFY(dialog.canApply());
    QCOMPARE(dialog.settings().callees.at(1).digits, QStringLiteral("9#"));

    simulator->findChild<QToolButton *>(QStringLiteral("calleeAdd"))->click();
    QCOMPARE(dialog.settings().callees.size(), ConsoleSettings::defaultCallees().size() + 1);
    simulator->findChild<QToolButton *>(QStringLiteral("calleeUp"))->click();
    QCOMPARE(dialog.settings().callees.at(table->rowCount() - 2).to, QStringLiteral("*")); // moved above the last
    simulator->findChild<QToolButton *>(QStringLiteral("calleeDefaults"))->click();
    QVERIFY(dialog.settings().callees == ConsoleSettings::defaultCallees());
}

void TestPreferencesDialog::awsPageChecksCredentialsWithoutShowingTheSecret()
{
    const QString credentials = m_dir.filePath(QStringLiteral("credentials"));
    QFile file(credentials);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("[dev]\naws_access_key_id = AKIDPREFERENCESDEV\naws_secret_access_key = " + kSecret.toUtf8() + "\n");
    file.close();
    qputenv("AWS_SHARED_CREDENTIALS_FILE", credentials.toUtf8());
    qputenv("AWS_CONFIG_FILE", m_dir.filePath(QStringLiteral("config")).toUtf8());
    for (const char *name : {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_REGION"})
        qunsetenv(name);

    PreferencesDialog dialog(m_settings, m_secrets);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *aws = qobject_cast<AwsPage *>(dialog.page(QStringLiteral("awsPage")));
    dialog.showPage(aws);
    retype(lineEdit(&dialog, settingsfield::awsProfile()), QStringLiteral("dev"));
    aws->findChild<QPushButton *>(QStringLiteral("awsCheck"))->click();
    QVERIFY2(aws->credentialsStatus().startsWith(QStringLiteral("✓ AWS dev@eu-west-1")), qPrintable(aws->credentialsStatus()));
    QVERIFY(!aws->credentialsStatus().contains(kSecret));
    retype(lineEdit(&dialog, settingsfield::awsProfile()), QStringLiteral("nobody"));
    aws->checkCredentials();
    QVERIFY2(aws->credentialsStatus().contains(QLatin1String("profile 'nobody' does not exist")), qPrintable(aws->credentialsStatus()));

    // Typed keys: both are required, and the secret field never echoes.
    aws->findChild<QRadioButton *>(QStringLiteral("awsUseTypedKeys"))->click();
    QTest::keyClicks(lineEdit(&dialog, settingsfield::awsAccessKeyId()), QStringLiteral("AKIDTYPED"));
    QVERIFY(aws->messageFor(settingsfield::awsSecretAccessKey()).contains(QLatin1String("secret access key")));
    QVERIFY(!dialog.canApply());
    QTest::keyClicks(lineEdit(&dialog, settingsfield::awsSecretAccessKey()), kSecret);
    QVERIFY(dialog.canApply());
    QCOMPARE(lineEdit(&dialog, settingsfield::awsSecretAccessKey())->echoMode(), QLineEdit::Password);
    QCOMPARE(dialog.secrets().awsSecretAccessKey, kSecret);
    QCOMPARE(dialog.settings().awsCredentialSource, AwsCredentialSource::TypedKeys);
}

void TestPreferencesDialog::screenshots()
{
    // On request, a picture of every page (for reviewing the layout by eye).
    const QString directory = qEnvironmentVariable("CALLCONSOLE_PREFERENCES_SCREENSHOTS");
    if (directory.isEmpty())
        return;
    PreferencesDialog dialog(m_settings, m_secrets);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(dialog.rulesPage()->openFile(QStringLiteral(CALLCONSOLE_TEST_DATA "/rules/sample-rules.json")));
    dialog.rulesPage()->selectEvent(QStringLiteral("CALL_ANSWERED"));
    dialog.rulesPage()->tryRules();
    retype(lineEdit(&dialog, settingsfield::endpointHost()), QStringLiteral("0.0.0.0"));
    for (PreferencesPage *page : dialog.pages()) {
        dialog.showPage(page);
        QTest::qWait(50);
        QVERIFY(dialog.grab().save(QStringLiteral("%1/%2.png").arg(directory, page->objectName())));
    }
    QApplication::setPalette(darkPalette());
    dialog.showPage(dialog.rulesPage());
    QTest::qWait(50);
    QVERIFY(dialog.grab().save(QStringLiteral("%1/rulesPage-dark.png").arg(directory)));
    QApplication::setPalette(QPalette());
}

QTEST_MAIN(TestPreferencesDialog)
#include "tst_preferencesdialog.moc"

// CallForm: typed input validated per keystroke, per-field messages, Place enabled only when no
// error remains, and server-side errors landing on their field.
#include "CallForm.h"
#include "FieldMessage.h"
#include "ThemePalette.h"

#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace callconsole;
using Severity = ValidationIssue::Severity;

Q_DECLARE_METATYPE(std::optional<ValidationIssue::Severity>)

class TestCallForm : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void phoneNumberRules_data();
    void phoneNumberRules();
    void messagesFollowTheTheme();
    void preferencesMessagesFollowTheThemeToo();
    void emptySmaBlocksPlace();
    void placeEnablesWhenValidAndEmitsRequest();
    void placeTooltipNamesBlockers();
    void sipHeaderRules_data();
    void sipHeaderRules();
    void tablesAreLimitedToTwenty();
    void addAndRemoveRowButtons();
    void serverIssueLandsOnField();
    void formValuesSurviveSettings();
    void callInModeAsksForTwoNumbers();
    void callInIsTheSimulators();

private:
    void typeValid();
    QLineEdit *edit(const QString &name) const;

    CallForm *m_form = nullptr;
};

void TestCallForm::init()
{
    m_form = new CallForm;
    m_form->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_form));
}

void TestCallForm::cleanup()
{
    delete m_form;
}

QLineEdit *TestCallForm::edit(const QString &name) const
{
    auto *widget = m_form->findChild<QWidget *>(name);
    if (auto *combo = qobject_cast<QComboBox *>(widget))
        return combo->lineEdit();
    return qobject_cast<QLineEdit *>(widget);
}

void TestCallForm::typeValid()
{
    QTest::keyClicks(edit(callrules::sipMediaApplicationId()), QStringLiteral("sma-1"));
    QTest::keyClicks(edit(callrules::fromPhoneNumber()), QStringLiteral("+12065550100"));
    QTest::keyClicks(edit(callrules::toPhoneNumber()), QStringLiteral("+14155550199"));
}

void TestCallForm::phoneNumberRules_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("typed");
    QTest::addColumn<std::optional<Severity>>("severity");
    QTest::addColumn<bool>("placeable");
    const std::optional<Severity> none;
    QTest::newRow("to valid") << callrules::toPhoneNumber() << QStringLiteral("+14155550199") << none << true;
    QTest::newRow("to leading zero") << callrules::toPhoneNumber() << QStringLiteral("+0123") << std::optional(Severity::Error) << false;
    QTest::newRow("to letters") << callrules::toPhoneNumber() << QStringLiteral("+1415abc") << std::optional(Severity::Error) << false;
    QTest::newRow("to national") << callrules::toPhoneNumber() << QStringLiteral("4155550199") << std::optional(Severity::Warning) << true;
    QTest::newRow("from leading zero") << callrules::fromPhoneNumber() << QStringLiteral("+0123") << std::optional(Severity::Error) << false;
}

void TestCallForm::phoneNumberRules()
{
    QFETCH(QString, field);
    QFETCH(QString, typed);
    QFETCH(std::optional<Severity>, severity);
    QFETCH(bool, placeable);
    QTest::keyClicks(edit(callrules::sipMediaApplicationId()), QStringLiteral("sma-1"));
    const bool toIsTested = field == callrules::toPhoneNumber();
    QTest::keyClicks(edit(callrules::fromPhoneNumber()), toIsTested ? QStringLiteral("+12065550100") : typed);
    QTest::keyClicks(edit(callrules::toPhoneNumber()), toIsTested ? typed : QStringLiteral("+14155550199"));
    QCOMPARE(m_form->fieldSeverity(field), severity);
    if (severity)
        QVERIFY2(m_form->fieldMessage(field).startsWith(field), qPrintable(m_form->fieldMessage(field)));
    else
        QVERIFY(m_form->fieldMessage(field).isEmpty());
    QCOMPARE(m_form->canPlace(), placeable);
}

void TestCallForm::messagesFollowTheTheme()
{
    QTest::keyClicks(edit(callrules::toPhoneNumber()), QStringLiteral("+0123"));
    QCOMPARE(m_form->fieldSeverity(callrules::toPhoneNumber()), std::optional(Severity::Error));
    auto *message = m_form->findChild<QLabel *>(callrules::toPhoneNumber() + QStringLiteral("Message"));
    QVERIFY(message);
    const QPalette before = QApplication::palette();
    for (const QPalette &theme : {lightPalette(), darkPalette()}) {
        QApplication::setPalette(theme); // what Preferences → Appearance does; widgets follow in events
        QTRY_COMPARE(message->palette().color(QPalette::WindowText), severityColor(Severity::Error, theme));
    }
    QApplication::setPalette(before);
}

void TestCallForm::preferencesMessagesFollowTheThemeToo()
{
    QWidget page;
    auto *editor = new QLineEdit(&page);
    auto *message = new FieldMessage(editor, QStringLiteral("portMessage"), &page);
    message->showText(QStringLiteral("port 80 needs privileges"), Severity::Warning);
    page.show();
    QLabel *text = nullptr;
    for (QLabel *label : message->findChildren<QLabel *>()) {
        if (label->text() == message->text())
            text = label;
    }
    QVERIFY(text);
    const QPalette before = QApplication::palette();
    for (const QPalette &theme : {darkPalette(), lightPalette()}) {
        QApplication::setPalette(theme);
        QTRY_COMPARE(text->palette().color(QPalette::WindowText), severityColor(Severity::Warning, theme));
        QVERIFY(editor->styleSheet().contains(severityColor(Severity::Warning, theme).name()));
    }
    QApplication::setPalette(before);
}

void TestCallForm::emptySmaBlocksPlace()
{
    typeValid();
    QVERIFY(m_form->canPlace());
    edit(callrules::sipMediaApplicationId())->selectAll();
    QTest::keyClick(edit(callrules::sipMediaApplicationId()), Qt::Key_Backspace);
    QCOMPARE(m_form->fieldSeverity(callrules::sipMediaApplicationId()), std::optional(Severity::Error));
    QVERIFY(!m_form->canPlace());
}

void TestCallForm::placeEnablesWhenValidAndEmitsRequest()
{
    auto *place = m_form->findChild<QPushButton *>(QStringLiteral("place"));
    QVERIFY(!place->isEnabled());
    QSignalSpy placed(m_form, &CallForm::placeRequested);
    typeValid();
    QVERIFY(place->isEnabled());
    // Every keystroke counts: one more digit than E.164 allows disables Place again.
    QTest::keyClicks(edit(callrules::toPhoneNumber()), QStringLiteral("12345"));
    QVERIFY(!place->isEnabled());
    for (int i = 0; i < 5; ++i)
        QTest::keyClick(edit(callrules::toPhoneNumber()), Qt::Key_Backspace);
    QVERIFY(place->isEnabled());
    QTest::mouseClick(place, Qt::LeftButton);
    QCOMPARE(placed.size(), 1);
    const auto request = placed.first().first().value<CreateCallRequest>();
    QCOMPARE(request.sipMediaApplicationId, QStringLiteral("sma-1"));
    QCOMPARE(request.toPhoneNumber, QStringLiteral("+14155550199"));
    QVERIFY(m_form->phoneAdvice(callrules::toPhoneNumber()).contains(QStringLiteral("+1 415")));
}

void TestCallForm::placeTooltipNamesBlockers()
{
    QTest::keyClicks(edit(callrules::toPhoneNumber()), QStringLiteral("+0"));
    const QString tip = m_form->findChild<QPushButton *>(QStringLiteral("place"))->toolTip();
    QVERIFY2(tip.contains(callrules::toPhoneNumber()), qPrintable(tip));
    QVERIFY2(tip.contains(callrules::sipMediaApplicationId()), qPrintable(tip));
}

void TestCallForm::sipHeaderRules_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<bool>("placeable");
    QTest::newRow("custom x- header") << QStringLiteral("X-Trace") << true;
    QTest::newRow("reserved X-AMZN") << QStringLiteral("X-AMZN-Thing") << false;
    QTest::newRow("not custom") << QStringLiteral("Contact") << false;
    QTest::newRow("empty key") << QString() << false;
}

void TestCallForm::sipHeaderRules()
{
    QFETCH(QString, key);
    QFETCH(bool, placeable);
    typeValid();
    m_form->addSipHeader(key, QStringLiteral("value"));
    QCOMPARE(m_form->canPlace(), placeable);
    // Valid headers still warn that the handler never sees them.
    QVERIFY(m_form->fieldSeverity(callrules::sipHeaders()).has_value());
    QCOMPARE(*m_form->fieldSeverity(callrules::sipHeaders()), placeable ? Severity::Warning : Severity::Error);
}

void TestCallForm::tablesAreLimitedToTwenty()
{
    typeValid();
    for (int i = 0; i < 20; ++i)
        m_form->addArgument(QStringLiteral("k%1").arg(i), QStringLiteral("v"));
    QVERIFY(m_form->canPlace());
    m_form->addArgument(QStringLiteral("k20"), QStringLiteral("v"));
    QVERIFY(!m_form->canPlace());
    QCOMPARE(m_form->fieldSeverity(callrules::argumentsMap()), std::optional(Severity::Error));
}

void TestCallForm::addAndRemoveRowButtons()
{
    auto *table = m_form->findChild<QTableWidget *>(callrules::argumentsMap());
    auto *add = m_form->findChild<QToolButton *>(callrules::argumentsMap() + QStringLiteral("Add"));
    auto *remove = m_form->findChild<QToolButton *>(callrules::argumentsMap() + QStringLiteral("Remove"));
    typeValid();
    QTest::mouseClick(add, Qt::LeftButton);
    QCOMPARE(table->rowCount(), 1);
    QVERIFY(!m_form->canPlace()); // an argument without a name
    QTest::mouseClick(remove, Qt::LeftButton);
    QCOMPARE(table->rowCount(), 0);
    QVERIFY(m_form->canPlace());
}

void TestCallForm::serverIssueLandsOnField()
{
    typeValid();
    m_form->showServerIssue(ValidationIssue::error(callrules::toPhoneNumber(), QStringLiteral("+14155550199"),
                                                   QStringLiteral("not a verified number for this account")));
    QCOMPARE(m_form->fieldSeverity(callrules::toPhoneNumber()), std::optional(Severity::Error));
    QVERIFY(m_form->fieldMessage(callrules::toPhoneNumber()).contains(QStringLiteral("not a verified number")));
    QVERIFY(!m_form->canPlace());
    // Editing the field clears what the server said about the old value.
    QTest::keyClick(edit(callrules::toPhoneNumber()), Qt::Key_Backspace);
    QTest::keyClicks(edit(callrules::toPhoneNumber()), QStringLiteral("8"));
    QVERIFY(m_form->canPlace());
}

void TestCallForm::formValuesSurviveSettings()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("form.ini")), QSettings::IniFormat);
    typeValid();
    m_form->saveState(settings);
    CallForm restored;
    restored.restoreState(settings);
    QCOMPARE(restored.request().toPhoneNumber, QStringLiteral("+14155550199"));
    QCOMPARE(restored.request().sipMediaApplicationId, QStringLiteral("sma-1"));
    QVERIFY(restored.canPlace());
}

// Call in: the caller and one of the account's numbers, the same E.164 rules, and the Place
// call rows out of the way (the SIP rule picks the SMA).
void TestCallForm::callInModeAsksForTwoNumbers()
{
    m_form->setPhoneNumbers({QStringLiteral("+12065550100"), QStringLiteral("+12065550101")});
    auto *mode = m_form->findChild<QComboBox *>(QStringLiteral("mode"));
    mode->setCurrentIndex(CallForm::CallInMode);
    QVERIFY(!m_form->findChild<QWidget *>(callrules::sipMediaApplicationId())->isVisible());
    QVERIFY(!m_form->findChild<QWidget *>(callrules::toPhoneNumber())->isVisible());
    QVERIFY(edit(QStringLiteral("Caller"))->isVisible());
    auto *button = m_form->findChild<QPushButton *>(QStringLiteral("place"));
    QCOMPARE(button->text(), QStringLiteral("Call in"));
    QCOMPARE(m_form->dialledNumber(), QStringLiteral("+12065550100")); // the first of the account's numbers
    QTest::keyClicks(edit(QStringLiteral("Caller")), QStringLiteral("+0415"));
    QCOMPARE(m_form->fieldSeverity(QStringLiteral("Caller")), std::optional(Severity::Error));
    QVERIFY(m_form->fieldMessage(QStringLiteral("Caller")).contains(QStringLiteral("no trunk prefix 0")));
    QVERIFY(!m_form->canPlace());
    edit(QStringLiteral("Caller"))->setText(QStringLiteral("+14155550123"));
    QVERIFY(m_form->canPlace());
    QSignalSpy dialled(m_form, &CallForm::dialInRequested);
    QSignalSpy placed(m_form, &CallForm::placeRequested);
    QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(dialled.size(), 1);
    QCOMPARE(dialled.first(), (QVariantList{QStringLiteral("+14155550123"), QStringLiteral("+12065550100")}));
    QCOMPARE(placed.size(), 0);
    // The simulator's refusal of the dialled number (ToPhoneNumber, as the event names it) lands on that field.
    m_form->showServerIssue(ValidationIssue::error(callrules::toPhoneNumber(), {},
                                                   QStringLiteral("ToPhoneNumber +12065550100 is on SIP rule r, which is disabled")));
    QCOMPARE(m_form->fieldSeverity(QStringLiteral("DialledNumber")), std::optional(Severity::Error));
    mode->setCurrentIndex(CallForm::PlaceMode);
    QVERIFY(m_form->findChild<QWidget *>(callrules::toPhoneNumber())->isVisible());
    QCOMPARE(button->text(), QStringLiteral("Place call"));
}

void TestCallForm::callInIsTheSimulators()
{
    auto *mode = m_form->findChild<QComboBox *>(QStringLiteral("mode"));
    mode->setCurrentIndex(CallForm::CallInMode);
    m_form->backendCombo()->setCurrentIndex(CallForm::AwsEntry);
    QCOMPARE(m_form->mode(), CallForm::PlaceMode);
    QVERIFY(!mode->isEnabled());
    m_form->backendCombo()->setCurrentIndex(CallForm::SimulatorEntry);
    QVERIFY(mode->isEnabled());
}

QTEST_MAIN(TestCallForm)
#include "tst_callform.moc"

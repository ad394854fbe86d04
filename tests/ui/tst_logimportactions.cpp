// File ▸ Import logs… and Import from CloudWatch… in a real window (offscreen): a production log
// becomes a new session file that the window opens, with the late retry's anomalies on its
// transaction — from a file, or from a loopback CloudWatch Logs server that verifies
// signatures, its log groups listed in the dialog; a log without events says what the handler
// must log; File ▸ Mask exports masks the window's export.
#include "../aws/FakeLogsServer.h"
#include "CloudWatchImportDialog.h"
#include "LogImportActions.h"
#include "SessionController.h"
#include "SessionStore.h"
#include "WindowTestSupport.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QMenu>
#include <QMenuBar>

using namespace callconsole;
using namespace callconsole::testing;

class TestLogImportActions : public QObject
{
    Q_OBJECT

private slots:
    void importOpensTheLogAsASession()
    {
        MainWindow window;
        QStringList malformed;
        const QString fixture = QStringLiteral(CALLCONSOLE_TEST_DATA "/logs/late-retry.filter-log-events.json");
        QCOMPARE(window.logImport()->importFiles({fixture}, &malformed), QString());
        QVERIFY(malformed.isEmpty());
        QCOMPARE(window.transactions()->rowCount(), 1);
        const QModelIndex row = window.transactions()->index(0, TransactionTableModel::Anomalies);
        QCOMPARE(window.transactions()->data(row, TransactionTableModel::AnomalyCountRole).toInt(), 2);
        const QString path = window.sessions()->currentPath();
        QVERIFY(path.startsWith(window.sessions()->directory()));
        QVERIFY(window.windowTitle().contains(path));
        QCOMPARE(SessionStore::readAll(path, nullptr).size(), 6);
        QMenu *file = window.menuBar()->actions().first()->menu();
        QVERIFY(file->actions().contains(window.logImport()->importLogsAction()));
        QVERIFY(file->actions().contains(window.logImport()->importFromCloudWatchAction()));
        QVERIFY(file->actions().contains(window.sessions()->maskExportsAction()));
    }

    void malformedEventsListedAndTheRestImported()
    {
        MainWindow window;
        QStringList malformed;
        QCOMPARE(window.logImport()->importFiles({QStringLiteral(CALLCONSOLE_TEST_DATA "/logs/python-with-malformed.lambda.log")}, &malformed),
                 QString());
        QCOMPARE(malformed.size(), 1);
        QVERIFY(malformed.first().startsWith(QLatin1String("python-with-malformed.lambda.log:7:")));
        QCOMPARE(window.transactions()->rowCount(), 1);
    }

    void nothingToImport()
    {
        MainWindow window;
        const QString error = window.logImport()->importFiles({QStringLiteral(CALLCONSOLE_TEST_DATA "/rules/sample-rules.json")});
        QVERIFY2(error.contains(QLatin1String("JSON.stringify(event)")), qPrintable(error));
    }

    void importFromCloudWatch()
    {
        FakeLogsServer server(QStringLiteral("AKIDWINDOW"), QStringLiteral("window-secret"));
        QFile file(QStringLiteral(CALLCONSOLE_TEST_DATA "/logs/late-retry.filter-log-events.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        for (const auto &value : QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("events")).toArray()) {
            const QJsonObject event = value.toObject();
            server.add({QStringLiteral("/aws/lambda/sma-handler"), event.value(QStringLiteral("logStreamName")).toString(),
                        qint64(event.value(QStringLiteral("timestamp")).toDouble()), event.value(QStringLiteral("message")).toString()});
        }
        server.add({QStringLiteral("/aws/ChimeSipMediaApplicationSipMessages/266e0891"), QStringLiteral("s"), 1, QStringLiteral("{}")});
        qputenv("AWS_ACCESS_KEY_ID", "AKIDWINDOW");
        qputenv("AWS_SECRET_ACCESS_KEY", "wrong-secret");
        qputenv("AWS_REGION", "us-east-1");

        MainWindow window;
        std::unique_ptr<CloudWatchImportDialog> dialog(window.logImport()->makeCloudWatchDialog());
        dialog->setEndpointUrl(server.url());
        dialog->listLogGroups();
        QTRY_VERIFY_WITH_TIMEOUT(dialog->status().contains(QLatin1String("InvalidSignatureException")), 20000);
        QVERIFY(!dialog->status().contains(QLatin1String("wrong-secret")));

        qputenv("AWS_SECRET_ACCESS_KEY", "window-secret");
        QSignalSpy listed(dialog.get(), &CloudWatchImportDialog::logGroupsListed);
        dialog->listLogGroups();
        QVERIFY(listed.wait(20000));
        auto *groups = dialog->findChild<QComboBox *>(QStringLiteral("logGroup"));
        QCOMPARE(groups->count(), 2);
        QCOMPARE(groups->itemText(0), QStringLiteral("/aws/lambda/sma-handler"));

        dialog->setLogGroup(QStringLiteral("/aws/lambda/sma-handler"));
        dialog->setSinceMs(QDateTime::currentMSecsSinceEpoch() - 1668000000000); // back to the fixture's call
        dialog->setTransaction(QStringLiteral("5b3c1a2e-8d4f-4f1e-9a6b-3c2d1e0f9a8b"));
        QSignalSpy imported(dialog.get(), &CloudWatchImportDialog::imported);
        dialog->import();
        QTRY_COMPARE_WITH_TIMEOUT(imported.count(), 1, 30000);
        QCOMPARE(window.transactions()->rowCount(), 1);
        const QModelIndex row = window.transactions()->index(0, TransactionTableModel::Anomalies);
        QCOMPARE(window.transactions()->data(row, TransactionTableModel::AnomalyCountRole).toInt(), 2);
        QCOMPARE(window.sessions()->currentPath(), dialog->importedSession());
        qunsetenv("AWS_ACCESS_KEY_ID");
        qunsetenv("AWS_SECRET_ACCESS_KEY");
        qunsetenv("AWS_REGION");
    }

    void maskedExportFromTheWindow()
    {
        MainWindow window;
        QCOMPARE(window.logImport()->importFiles({QStringLiteral(CALLCONSOLE_TEST_DATA "/logs/late-retry.lambda.log")}), QString());
        QTemporaryDir dir;
        const QString plain = dir.filePath(QStringLiteral("plain.har"));
        QCOMPARE(window.sessions()->exportTo(plain, SessionExportFormat::Har), QString());
        window.sessions()->maskExportsAction()->setChecked(true);
        const QString masked = dir.filePath(QStringLiteral("masked.har"));
        QCOMPARE(window.sessions()->exportTo(masked, SessionExportFormat::Har), QString());
        QFile a(plain);
        QFile b(masked);
        QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
        const QByteArray plainBytes = a.readAll();
        const QByteArray maskedBytes = b.readAll();
        QVERIFY(plainBytes.contains("+14155550123"));
        QVERIFY(!maskedBytes.contains("+14155550123"));
        QVERIFY(!maskedBytes.contains("123456789012"));
        QVERIFY(maskedBytes.contains("+1********23"));
    }
};

int main(int argc, char **argv)
{
    isolatedHome();
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("CallConsoleTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_logimportactions"));
    TestLogImportActions test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_logimportactions.moc"

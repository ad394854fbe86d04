// `callconsole serve --handler FILE` with real node and python3 processes: the handler's reply,
// its log kept with the delivery, a thrown error answered as a Lambda function error, a
// timeout that kills the invocation, a crash and the restart after it, a reload after the
// file is edited, and clear messages for a file that does not load.
#include "CliRun.h"
#include "SessionStore.h"

#include "../endpoint/HttpTestClient.h"

#include <QFile>
#include <QJsonArray>
#include <QStandardPaths>
#include <QTemporaryDir>

using namespace callconsole;

namespace {

// Behaviour by TransactionId: tx-throw throws, tx-sleep outlives the timeout, tx-crash exits
// the process; anything else replies with a Speak of VERSION and the GREETING variable.
const char nodeHandler[] = R"JS(
exports.handler = async (event, context) => {
  const tx = event.CallDetails.TransactionId;
  console.log(`seq ${event.Sequence} ${event.InvocationEventType}`);
  console.error(`context ${context.functionName} ${context.awsRequestId.length} ${context.memoryLimitInMB} ${context.getRemainingTimeInMillis() > 0}`);
  if (tx === 'tx-throw') throw new TypeError('boom from node');
  if (tx === 'tx-sleep') await new Promise((resolve) => setTimeout(resolve, 5000));
  if (tx === 'tx-crash') process.exit(3);
  return { SchemaVersion: '1.0', Actions: [{ Type: 'Speak', Parameters: { Text: `VERSION ${process.env.GREETING}`,
           CallId: event.CallDetails.Participants[0].CallId, Engine: 'neural', LanguageCode: 'en-US', VoiceId: 'Joanna' } }] };
};
)JS";

const char pythonHandler[] = R"PY(
import logging, os, sys, time
logger = logging.getLogger()
logger.setLevel(logging.INFO)

def lambda_handler(event, context):
    tx = event["CallDetails"]["TransactionId"]
    print("seq %d %s" % (event["Sequence"], event["InvocationEventType"]))
    logger.info("context %s %d %s %s", context.function_name, len(context.aws_request_id),
                context.memory_limit_in_mb, str(context.get_remaining_time_in_millis() > 0).lower())
    if tx == "tx-throw":
        raise TypeError("boom from python")
    if tx == "tx-sleep":
        time.sleep(5)
    if tx == "tx-crash":
        os._exit(3)
    return {"SchemaVersion": "1.0", "Actions": [{"Type": "Speak", "Parameters": {
        "Text": "VERSION " + os.environ["GREETING"], "CallId": event["CallDetails"]["Participants"][0]["CallId"],
        "Engine": "neural", "LanguageCode": "en-US", "VoiceId": "Joanna"}}]}
)PY";

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

QString spokenText(const HttpResult &result)
{
    return result.json().value(QStringLiteral("Actions")).toArray().at(0).toObject()
        .value(QStringLiteral("Parameters")).toObject().value(QStringLiteral("Text")).toString();
}

const DeliveryRecord *deliveryFor(const QList<DeliveryRecord> &deliveries, const QString &transactionId, int sequence)
{
    for (const DeliveryRecord &record : deliveries) {
        if (record.transactionId == transactionId && record.sequence == sequence)
            return &record;
    }
    return nullptr;
}

} // namespace

class TestServeHandler : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        // The project's install script provides both; a machine without them fails here, loudly.
        QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("node")).isEmpty(), "node is not installed (scripts/install-deps.sh)");
        QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("python3")).isEmpty(), "python3 is not installed");
    }

    void runsTheHandlerFile_data()
    {
        QTest::addColumn<QString>("fileName");
        QTest::addColumn<QByteArray>("source");
        QTest::addColumn<QString>("errorType");
        QTest::addColumn<QString>("traceKey");
        QTest::newRow("node") << QStringLiteral("app.js") << QByteArray(nodeHandler) << QStringLiteral("TypeError") << QStringLiteral("trace");
        QTest::newRow("python") << QStringLiteral("app.py") << QByteArray(pythonHandler) << QStringLiteral("TypeError") << QStringLiteral("stackTrace");
    }

    void runsTheHandlerFile()
    {
        QFETCH(QString, fileName);
        QFETCH(QByteArray, source);
        QFETCH(QString, errorType);
        QFETCH(QString, traceKey);
        QTemporaryDir dir;
        const QString handler = dir.filePath(fileName);
        QVERIFY(writeFile(handler, source));
        QVERIFY(writeFile(dir.filePath(QStringLiteral("env.json")), R"({"Parameters": {"GREETING": "hello"}})"));
        const QString session = dir.filePath(QStringLiteral("calls.ccsession"));

        QProcess serve;
        QUrl url = startServe(serve, {QStringLiteral("--session"), session, QStringLiteral("--handler"), handler,
                                      QStringLiteral("--handler-env"), dir.filePath(QStringLiteral("env.json")),
                                      QStringLiteral("--handler-timeout"), QStringLiteral("1")});
        QVERIFY(url.isValid());
        url.setPath(QStringLiteral("/events"));
        QNetworkAccessManager network;
        const auto post = [&](const QString &tx, int sequence) {
            return request(network, "POST", url, eventBody("call-answered.json", tx, sequence));
        };

        HttpResult reply = post(QStringLiteral("tx-ok"), 1);
        QCOMPARE(reply.status, 200);
        QCOMPARE(spokenText(reply), QStringLiteral("VERSION hello"));

        // A thrown error: Lambda's function error, passed on so the service retries.
        reply = post(QStringLiteral("tx-throw"), 1);
        QCOMPARE(reply.status, 500);
        QCOMPARE(reply.header("X-Amz-Function-Error"), QByteArray("Unhandled"));
        QCOMPARE(reply.json().value(QStringLiteral("errorType")).toString(), errorType);
        QVERIFY(reply.json().value(QStringLiteral("errorMessage")).toString().startsWith(QLatin1String("boom from")));
        QVERIFY(!reply.json().value(traceKey).toArray().isEmpty());

        // The timeout kills the invocation at its deadline, not when the handler is done.
        QElapsedTimer clock;
        clock.start();
        reply = post(QStringLiteral("tx-sleep"), 1);
        QCOMPARE(reply.status, 500);
        QCOMPARE(reply.json().value(QStringLiteral("errorType")).toString(), QStringLiteral("Sandbox.Timedout"));
        QCOMPARE(reply.json().value(QStringLiteral("errorMessage")).toString(), QStringLiteral("Task timed out after 1.00 seconds"));
        QVERIFY2(clock.elapsed() < 4000, qPrintable(QString::number(clock.elapsed())));
        reply = post(QStringLiteral("tx-ok"), 2);
        QCOMPARE(reply.status, 200); // a new process after the killed one

        // A crash: a function error now, a fresh process for the next event.
        reply = post(QStringLiteral("tx-crash"), 1);
        QCOMPARE(reply.status, 500);
        QCOMPARE(reply.json().value(QStringLiteral("errorType")).toString(), QStringLiteral("Runtime.ExitError"));
        QVERIFY(reply.json().value(QStringLiteral("errorMessage")).toString().contains(QLatin1String("exit status 3")));
        reply = post(QStringLiteral("tx-ok"), 3);
        QCOMPARE(reply.status, 200);

        // An edit reloads the handler on the next event.
        QVERIFY(writeFile(handler, QByteArray(source).replace("VERSION ", "EDITED ")));
        reply = post(QStringLiteral("tx-ok"), 4);
        QCOMPARE(reply.status, 200);
        QCOMPARE(spokenText(reply), QStringLiteral("EDITED hello"));

        QVERIFY(stopServe(serve));
        const QString printed = QString::fromUtf8(serve.readAllStandardOutput());
        QVERIFY2(printed.contains(QLatin1String("    | seq 1 CALL_ANSWERED")), qPrintable(printed));
        QVERIFY2(printed.contains(QLatin1String("changed: the handler reloads on this event")), qPrintable(printed));

        QString error;
        const QList<DeliveryRecord> deliveries = SessionStore::readAll(session, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const DeliveryRecord *first = deliveryFor(deliveries, QStringLiteral("tx-ok"), 1);
        QVERIFY(first);
        QCOMPARE(first->replySource, QStringLiteral("handler"));
        const QString log = QString::fromUtf8(first->handlerLog);
        QVERIFY2(log.startsWith(QLatin1String("INIT_START Runtime Version: ")), qPrintable(log));
        QVERIFY2(log.contains(QLatin1String("seq 1 CALL_ANSWERED")), qPrintable(log));
        QVERIFY2(log.contains(QLatin1String("context app 36 128 true")), qPrintable(log)); // stderr / logging too
        QVERIFY(first->upstreamLatencyMs >= 0);

        const DeliveryRecord *thrown = deliveryFor(deliveries, QStringLiteral("tx-throw"), 1);
        QVERIFY(thrown);
        QCOMPARE(thrown->replySource, QStringLiteral("handler-error"));
        QCOMPARE(thrown->statusCode, 500);
        QVERIFY2(thrown->handlerLog.contains("boom from"), thrown->handlerLog.constData()); // the stack, in the log too
        QVERIFY(!thrown->handlerLog.contains("INIT_START")); // the same warm process

        const DeliveryRecord *slow = deliveryFor(deliveries, QStringLiteral("tx-sleep"), 1);
        QVERIFY(slow);
        QVERIFY2(slow->handlerLog.endsWith("Task timed out after 1.00 seconds\n"), slow->handlerLog.constData());
        QVERIFY(deliveryFor(deliveries, QStringLiteral("tx-ok"), 2)->handlerLog.startsWith("INIT_START"));

        const DeliveryRecord *crashed = deliveryFor(deliveries, QStringLiteral("tx-crash"), 1);
        QVERIFY(crashed);
        QVERIFY2(crashed->handlerLog.contains("Runtime exited with error: exit status 3"), crashed->handlerLog.constData());
        QVERIFY(deliveryFor(deliveries, QStringLiteral("tx-ok"), 3)->handlerLog.startsWith("INIT_START"));

        const DeliveryRecord *edited = deliveryFor(deliveries, QStringLiteral("tx-ok"), 4);
        QVERIFY(edited);
        QVERIFY2(edited->handlerLog.startsWith("RELOAD " + fileName.toUtf8() + " changed\nINIT_START"), edited->handlerLog.constData());
    }

    void handlerStylesAndNames_data()
    {
        QTest::addColumn<QString>("fileName");
        QTest::addColumn<QString>("handlerArgument");
        QTest::addColumn<QByteArray>("source");
        QTest::newRow("node callback") << QStringLiteral("cb.js") << QStringLiteral("cb.js") << QByteArray(
            "exports.handler = function (event, context, callback) {\n"
            "  setTimeout(() => callback(null, { SchemaVersion: '1.0', Actions: [], TransactionAttributes: { style: 'callback' } }), 10);\n"
            "};\n");
        QTest::newRow("node esm") << QStringLiteral("esm.mjs") << QStringLiteral("esm.mjs") << QByteArray(
            "export const handler = async () => ({ SchemaVersion: '1.0', Actions: [], TransactionAttributes: { style: 'esm' } });\n");
        QTest::newRow("node named") << QStringLiteral("index.js") << QStringLiteral("index.onEvent") << QByteArray(
            "exports.onEvent = async () => ({ SchemaVersion: '1.0', Actions: [], TransactionAttributes: { style: 'named' } });\n");
        QTest::newRow("python named") << QStringLiteral("calls.py") << QStringLiteral("calls.on_event") << QByteArray(
            "def on_event(event, context):\n"
            "    return {'SchemaVersion': '1.0', 'Actions': [], 'TransactionAttributes': {'style': 'python'}}\n");
    }

    void handlerStylesAndNames()
    {
        QFETCH(QString, fileName);
        QFETCH(QString, handlerArgument);
        QFETCH(QByteArray, source);
        QTemporaryDir dir;
        QVERIFY(writeFile(dir.filePath(fileName), source));
        QProcess serve;
        QUrl url = startServe(serve, {QStringLiteral("--handler"), dir.filePath(handlerArgument)});
        QVERIFY(url.isValid());
        url.setPath(QStringLiteral("/events"));
        QNetworkAccessManager network;
        const HttpResult reply = request(network, "POST", url, eventBody("call-answered.json", QStringLiteral("tx"), 1));
        QCOMPARE(reply.status, 200);
        QVERIFY2(reply.json().value(QStringLiteral("TransactionAttributes")).toObject().contains(QStringLiteral("style")), reply.body.constData());
        QVERIFY(stopServe(serve));
    }

    void filesThatDoNotLoadSayWhy_data()
    {
        QTest::addColumn<QString>("fileName");
        QTest::addColumn<QByteArray>("source");
        QTest::addColumn<QString>("errorType");
        QTest::addColumn<QString>("message");
        QTest::newRow("node syntax") << QStringLiteral("bad.js") << QByteArray("exports.handler = async (event) => {\n  return {;\n};\n")
                                     << QStringLiteral("Runtime.UserCodeSyntaxError") << QStringLiteral("bad.js:2: SyntaxError: Unexpected token ';'");
        QTest::newRow("node no export") << QStringLiteral("none.js") << QByteArray("exports.other = () => 1;\n")
                                        << QStringLiteral("Runtime.HandlerNotFound") << QStringLiteral("none.handler is undefined or not exported");
        QTest::newRow("node missing module") << QStringLiteral("dep.js") << QByteArray("require('./not-there');\nexports.handler = () => 1;\n")
                                             << QStringLiteral("Runtime.ImportModuleError") << QStringLiteral("Cannot find module './not-there'");
        QTest::newRow("python syntax") << QStringLiteral("bad.py") << QByteArray("def lambda_handler(event, context)\n    return {}\n")
                                       << QStringLiteral("Runtime.UserCodeSyntaxError") << QStringLiteral("Syntax error in module 'bad'");
        QTest::newRow("python no function") << QStringLiteral("none.py") << QByteArray("def other(event, context):\n    return {}\n")
                                            << QStringLiteral("Runtime.HandlerNotFound") << QStringLiteral("Handler 'lambda_handler' missing on module 'none'");
    }

    void filesThatDoNotLoadSayWhy()
    {
        QFETCH(QString, fileName);
        QFETCH(QByteArray, source);
        QFETCH(QString, errorType);
        QFETCH(QString, message);
        QTemporaryDir dir;
        QVERIFY(writeFile(dir.filePath(fileName), source));
        QProcess serve;
        QUrl url = startServe(serve, {QStringLiteral("--handler"), dir.filePath(fileName)});
        QVERIFY(url.isValid());
        url.setPath(QStringLiteral("/events"));
        QNetworkAccessManager network;
        const HttpResult reply = request(network, "POST", url, eventBody("call-answered.json", QStringLiteral("tx"), 1));
        QCOMPARE(reply.status, 500);
        QCOMPARE(reply.json().value(QStringLiteral("errorType")).toString(), errorType);
        QVERIFY2(reply.json().value(QStringLiteral("errorMessage")).toString().contains(message), reply.body.constData());
        QVERIFY(stopServe(serve));
        // Said at start-up too, before any event: the warm-up loads the file.
        const QString printed = QString::fromUtf8(serve.readAllStandardOutput());
        QVERIFY2(printed.contains(QStringLiteral("handler %1 did not load: %2").arg(fileName, errorType)), qPrintable(printed));
    }

    void badOptionsAreRefusedAtStart()
    {
        QTemporaryDir dir;
        CliRun run = CliRun::run({QStringLiteral("serve"), QStringLiteral("--handler"), dir.filePath(QStringLiteral("missing.js"))});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(QStringLiteral("missing.js' — no such file")), qPrintable(run.err));

        QVERIFY(writeFile(dir.filePath(QStringLiteral("app.rb")), "def handler; end\n"));
        run = CliRun::run({QStringLiteral("serve"), QStringLiteral("--handler"), dir.filePath(QStringLiteral("app.rb"))});
        QVERIFY2(run.err.contains(QLatin1String(".js, .mjs, .cjs (Node.js) or .py (Python)")), qPrintable(run.err));

        QVERIFY(writeFile(dir.filePath(QStringLiteral("app.js")), "exports.handler = async () => ({});\n"));
        QVERIFY(writeFile(dir.filePath(QStringLiteral("env")), "GOOD=1\nnot a variable\n"));
        run = CliRun::run({QStringLiteral("serve"), QStringLiteral("--handler"), dir.filePath(QStringLiteral("app.js")),
                           QStringLiteral("--handler-env"), dir.filePath(QStringLiteral("env"))});
        QVERIFY2(run.err.contains(QStringLiteral("env:2: 'not a variable' — expected KEY=VALUE")), qPrintable(run.err));

        run = CliRun::run({QStringLiteral("serve"), QStringLiteral("--handler"), dir.filePath(QStringLiteral("app.js")),
                           QStringLiteral("--handler-timeout"), QStringLiteral("0")});
        QVERIFY2(run.err.contains(QStringLiteral("--handler-timeout: '0' — expected a number from 0.01 to 900")), qPrintable(run.err));
    }

    void placeAndSimulateRunItToo()
    {
        QTemporaryDir dir;
        QVERIFY(writeFile(dir.filePath(QStringLiteral("hangup.py")),
                          "def lambda_handler(event, context):\n"
                          "    print('handled', event['InvocationEventType'])\n"
                          "    if event['InvocationEventType'] != 'CALL_ANSWERED':\n"
                          "        return {'SchemaVersion': '1.0', 'Actions': []}\n"
                          "    call_id = event['CallDetails']['Participants'][0]['CallId']\n"
                          "    return {'SchemaVersion': '1.0', 'Actions': [{'Type': 'Hangup', 'Parameters': {'CallId': call_id, 'SipResponseCode': '0'}}]}\n"));
        const CliRun run = CliRun::run({QStringLiteral("place"), QStringLiteral("--to"), QStringLiteral("+12065550199"),
                                        QStringLiteral("--handler"), dir.filePath(QStringLiteral("hangup.py"))});
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        static const QRegularExpression answered(QStringLiteral("seq  3  CALL_ANSWERED +→ Hangup"));
        QVERIFY2(answered.match(run.out).hasMatch(), qPrintable(run.out));
        QVERIFY2(run.out.contains(QLatin1String("    | handled CALL_ANSWERED")), qPrintable(run.out));

        const CliRun aws = CliRun::run({QStringLiteral("place"), QStringLiteral("--to"), QStringLiteral("+12065550199"),
                                        QStringLiteral("--backend"), QStringLiteral("aws"), QStringLiteral("--handler"),
                                        dir.filePath(QStringLiteral("hangup.py"))});
        QCOMPARE(aws.exitCode, 2);
        QVERIFY2(aws.err.contains(QLatin1String("--handler runs with the built-in simulator only")), qPrintable(aws.err));
    }

    void aMissingInterpreterNamesItsPackage()
    {
        QTemporaryDir dir;
        QVERIFY(writeFile(dir.filePath(QStringLiteral("app.py")), "def lambda_handler(event, context):\n    return {}\n"));
        QProcess serve;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("PATH"), dir.path()); // no python3 there
        serve.setProcessEnvironment(environment);
        serve.start(QStringLiteral(CALLCONSOLE_BINARY), {QStringLiteral("serve"), QStringLiteral("--handler"), dir.filePath(QStringLiteral("app.py"))});
        QVERIFY(serve.waitForFinished(60000));
        QCOMPARE(serve.exitCode(), 2);
        const QString err = QString::fromUtf8(serve.readAllStandardError());
        QVERIFY2(err.contains(QLatin1String("app.py needs python3, which is not on PATH: install it (Debian/Ubuntu: apt install python3)")),
                 qPrintable(err));
    }
};

QTEST_MAIN(TestServeHandler)
#include "tst_servehandler.moc"

// The floor under any QHttpServer-based endpoint on this machine: the same guard-less
// QAbstractHttpServer the console builds on, on one thread, answering every request with a
// fixed action list — no parsing, no rules, no session. run.sh measures it beside the real
// endpoint so the gap between "what Qt's HTTP server costs" and "what the console adds" is
// a figure, not a guess.
// Usage: bench_httpfloor PORT   (prints "listening on http://127.0.0.1:PORT", runs until killed)
#include "HttpServerCompat.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QTcpServer>
#include <QTextStream>

#include <cstdio>

namespace {

class FloorServer : public QAbstractHttpServer
{
protected:
    CALLCONSOLE_HTTP_HANDLE_REQUEST
    {
        auto responder = CALLCONSOLE_HTTP_TAKE_RESPONDER();
        static const QByteArray reply = QByteArrayLiteral(R"({"SchemaVersion":"1.0","Actions":[]})");
        callconsole::http::respond(responder, 200, {{"Content-Type", "application/json"}}, reply);
        return true;
    }
    CALLCONSOLE_HTTP_MISSING_HANDLER
    {
        auto responder = CALLCONSOLE_HTTP_TAKE_RESPONDER();
        callconsole::http::respond(responder, 404, {}, {});
    }
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const quint16 port = argc > 1 ? quint16(QByteArray(argv[1]).toUShort()) : 0;
    auto *tcp = new QTcpServer(&app);
    if (!tcp->listen(QHostAddress::LocalHost, port)) {
        std::fprintf(stderr, "bench_httpfloor: cannot listen on %u: %s\n", port, qPrintable(tcp->errorString()));
        return 1;
    }
    FloorServer server;
    server.bind(tcp);
    QTextStream(stdout) << "listening on http://127.0.0.1:" << tcp->serverPort() << Qt::endl;
    return app.exec();
}

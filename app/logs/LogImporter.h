// Production logs read as the endpoint would have seen the calls: each invocation event a
// handler logged becomes a delivery — arriving at its log line's time, answered with the reply
// logged in the same RequestId, after the Duration of the invocation's REPORT. A retry is what
// it is in the log: the same TransactionId and Sequence under a new RequestId, so the analysis
// shows it as a duplicate, and the first invocation's Duration past 5 s as its late reply.
// Records go in one at a time (a file, CloudWatch pages, a follow); invocations come out in
// arrival order.
#pragma once

#include "InvocationEvent.h"
#include "LogRecord.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QString>

#include <optional>

namespace callconsole::logs {

struct ImportedInvocation
{
    InvocationEvent event;
    QByteArray eventBytes;             // the event object as logged, compact
    qint64 receivedAtMs = 0;
    QString requestId;                 // empty when the log did not say
    QString logStream;
    QString where;                     // the record it was read from ("lambda.log:12")
    std::optional<int> replyLatencyMs; // REPORT Duration (else until the logged reply)
    std::optional<QJsonObject> reply;  // the reply the handler logged
    QString failure;                   // REPORT's Status when the invocation failed (timeout, error)
};

struct ImportFinding
{
    QString where;
    QString message;
};

struct ImportSummary
{
    int records = 0;                   // log events read
    int events = 0;                    // invocation events imported
    int replies = 0;                   // replies matched to an event
    int runtimeLines = 0;              // START, END, REPORT
    int skipped = 0;                   // neither an event, a reply nor a runtime line
    int sipMessages = 0;               // of those, the SMA's own message log entries
    int loggedAgain = 0;               // an event logged twice within one invocation: counted once
    int untimed = 0;                   // events with no timestamp of their own
    QList<ImportFinding> malformed;    // event JSON that could not be read

    QString text() const;              // one line for people
    QJsonObject toJson() const;
};

class LogImporter
{
public:
    void add(const LogRecord &record);

    // Invocations whose invocation has ended (its REPORT was read) or that carry no RequestId
    // and have a later event after them: taken out, in arrival order. For following a log.
    QList<ImportedInvocation> takeSettled();
    // Every invocation not taken yet, in arrival order.
    QList<ImportedInvocation> takeAll();

    const ImportSummary &summary() const { return m_summary; }

private:
    struct Request
    {
        QSet<QPair<QString, int>> seen;  // (TransactionId, Sequence) logged in it
        int firstInvocation = -1;        // index into m_pending
        std::optional<QJsonObject> reply;
        std::optional<qint64> replyAtMs;
        std::optional<double> durationMs;
        QString status;
        bool ended = false;
    };

    struct Context
    {
        const LogRecord *record = nullptr;
        QString requestId;
        QString logStream;
        std::optional<qint64> timestampMs;
    };

    bool takeObject(const QJsonObject &object, const QByteArray &bytes, const Context &context);
    void addEvent(const InvocationEvent &event, const QByteArray &bytes, const Context &context);
    void addReply(const QJsonObject &reply, const Context &context);
    void readMessage(const QString &text, const Context &context);
    QList<ImportedInvocation> take(bool settledOnly);

    ImportSummary m_summary;
    QHash<QString, Request> m_requests;
    QHash<QString, QString> m_openRequestByStream; // lines without a RequestId belong to it
    QList<ImportedInvocation> m_pending;
    QList<bool> m_taken;
    std::optional<qint64> m_lastTimestampMs;
};

} // namespace callconsole::logs

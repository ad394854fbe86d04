#include "Inspector.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace callconsole {

namespace {

QString pretty(const QByteArray &json)
{
    const QJsonDocument document = QJsonDocument::fromJson(json);
    if (document.isNull())
        return QString::fromUtf8(json);
    return QString::fromUtf8(document.toJson(QJsonDocument::Indented)).trimmed();
}

QString shellQuote(const QString &text)
{
    QString quoted = text;
    quoted.replace(QLatin1Char('\''), QLatin1String("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

} // namespace

Inspector::Inspector(QWidget *parent)
    : QWidget(parent)
{
    m_title = new QLabel;
    m_title->setObjectName(QStringLiteral("inspectorTitle"));
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_body = new QPlainTextEdit;
    m_body->setObjectName(QStringLiteral("inspectorBody"));
    m_body->setReadOnly(true);
    m_body->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_copyCurl = new QPushButton(tr("Copy as curl"));
    m_copyCurl->setToolTip(tr("A curl command that sends this request to the endpoint again"));
    connect(m_copyCurl, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(m_curl); });

    auto *top = new QHBoxLayout;
    top->addWidget(m_title, 1);
    top->addWidget(m_copyCurl);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_body);
    clear();
}

void Inspector::clear()
{
    m_title->setText(tr("Select an event on the timeline"));
    m_body->clear();
    m_curl.clear();
    m_copyCurl->setEnabled(false);
}

QString Inspector::text() const
{
    return m_title->text() + QLatin1Char('\n') + m_body->toPlainText();
}

QString Inspector::curlFor(const QUrl &endpointUrl, const DeliveryRecord &delivery)
{
    QUrl url = endpointUrl;
    if (!delivery.path.isEmpty())
        url.setPath(delivery.path);
    // Credentials were redacted before the record was kept; the command names the header so the
    // user adds their own token rather than the console printing one.
    return QStringLiteral("curl -sS -X POST %1 -H 'Content-Type: application/json' --data-binary %2")
        .arg(shellQuote(url.toString()), shellQuote(QString::fromUtf8(delivery.requestBody)));
}

void Inspector::inspect(const TransactionAnalysis &transaction, int arrivalIndex, const DeliveryRecord *delivery)
{
    if (arrivalIndex < 0 || arrivalIndex >= transaction.eventCount()) {
        clear();
        return;
    }
    const EventRecord &event = transaction.eventsByArrival().at(arrivalIndex);
    m_title->setText(QStringLiteral("<b>#%1 %2</b> · %3").arg(event.sequence).arg(toString(event.type), transaction.transactionId()));

    QStringList sections;
    if (event.replyLatencyMs >= 0) {
        QString verdict = tr("within the 5 s retry deadline");
        if (event.replyLatencyMs >= hangupDeadlineMs)
            verdict = tr("past the 20 s hang-up deadline");
        else if (event.replyLatencyMs >= retryDeadlineMs)
            verdict = tr("past the 5 s retry deadline: the service sends it again");
        sections << tr("Latency: %1 ms (%2)").arg(event.replyLatencyMs).arg(verdict);
    }
    QStringList anomalies;
    for (const Anomaly &anomaly : transaction.anomalies()) {
        if (anomaly.arrivalIndexes.contains(arrivalIndex))
            anomalies << QStringLiteral("  ⚠ ") + anomaly.message;
    }
    if (!anomalies.isEmpty())
        sections << tr("Anomalies:\n") + anomalies.join(QLatin1Char('\n'));

    if (delivery) {
        QStringList headers;
        for (const auto &header : delivery->requestHeaders)
            headers << QString::fromUtf8(header.first + ": " + header.second);
        sections << tr("Request %1 %2 from %3:\n").arg(delivery->method, delivery->path, delivery->remoteAddress)
                        + headers.join(QLatin1Char('\n')) + QStringLiteral("\n\n") + pretty(delivery->requestBody);
        QString reply = tr("Reply %1, from %2").arg(delivery->statusCode).arg(delivery->replySource);
        if (delivery->upstreamStatus >= 0)
            reply += tr(" (upstream %1 after %2 ms)").arg(delivery->upstreamStatus).arg(delivery->upstreamLatencyMs);
        sections << reply + QStringLiteral(":\n") + pretty(delivery->replyBody);
        if (!delivery->handlerLog.isEmpty())
            sections << tr("Handler log:\n") + QString::fromUtf8(delivery->handlerLog).trimmed();
        m_curl = curlFor(m_endpointUrl, *delivery);
    } else {
        sections << tr("The raw request of this event is not in this session.");
        m_curl.clear();
    }
    m_copyCurl->setEnabled(!m_curl.isEmpty());
    m_body->setPlainText(sections.join(QStringLiteral("\n\n")));
}

} // namespace callconsole

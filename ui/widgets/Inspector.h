// What one event was and what the console did about it: the request as it arrived (pretty JSON
// and its headers), the reply and who produced it, the latency against the service's deadlines,
// the anomalies on it, and a curl command that sends the same request again.
#pragma once

#include "DeliveryRecord.h"
#include "TransactionAnalysis.h"

#include <QUrl>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace callconsole {

class Inspector : public QWidget
{
    Q_OBJECT

public:
    explicit Inspector(QWidget *parent = nullptr);

    void setEndpointUrl(const QUrl &url) { m_endpointUrl = url; }
    // delivery may be null (an imported event without its HTTP exchange).
    void inspect(const TransactionAnalysis &transaction, int arrivalIndex, const DeliveryRecord *delivery);
    void clear();

    QString text() const;
    QString curlCommand() const { return m_curl; }

    static QString curlFor(const QUrl &endpointUrl, const DeliveryRecord &delivery);

private:
    QLabel *m_title = nullptr;
    QPlainTextEdit *m_body = nullptr;
    QPushButton *m_copyCurl = nullptr;
    QUrl m_endpointUrl;
    QString m_curl;
};

} // namespace callconsole

// Events held at a breakpoint: pick one, edit the reply (prefilled with what the rule would
// send), watch it validate against core's ActionList rules as you type, and send it — or send
// the default — before the countdown to the service's retry runs out.
#pragma once

#include "EndpointConfig.h"

#include <QPointer>
#include <QWidget>

class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QTimer;

namespace callconsole {

class EndpointServer;

class BreakpointPanel : public QWidget
{
    Q_OBJECT

public:
    explicit BreakpointPanel(QWidget *parent = nullptr);

    void setEndpoint(EndpointServer *endpoint);

    int heldCount() const;
    void selectHeld(int row);
    // Selects the held event with this id (what the timeline's marker names); false when it is
    // not held (any more).
    bool selectHeldEvent(qint64 heldId);
    qint64 selectedHeldId() const; // -1: none
    void setReplyText(const QString &text);
    QString validationMessage() const;
    bool canSend() const;

public slots:
    void refresh();
    void send();
    void sendDefault();

signals:
    void released(qint64 heldId);

private:
    void onSelectionChanged();
    void validateReply();
    void updateCountdown();
    void release(const QByteArray &reply);

    QPointer<EndpointServer> m_endpoint;
    QList<HeldEvent> m_held;
    QListWidget *m_list = nullptr;
    QPlainTextEdit *m_editor = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_countdown = nullptr;
    QPushButton *m_send = nullptr;
    QPushButton *m_sendDefault = nullptr;
    QTimer *m_tick = nullptr;
};

} // namespace callconsole

// Turns SIGINT/SIGTERM into a Qt signal (self-pipe), so a serving command can close its
// session cleanly instead of dying mid-write.
#pragma once

#include <QObject>

class QSocketNotifier;

namespace callconsole::cli {

class SignalWatcher : public QObject
{
    Q_OBJECT

public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

signals:
    void terminationRequested(int signalNumber);

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace callconsole::cli

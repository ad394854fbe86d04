// ReceiveDigits on one leg (DG listen-to-digits.md): digits collect until
// InBetweenDigitsDurationInMilliseconds passes without another one, then a match of
// InputDigitsRegex is reported as DIGITS_RECEIVED; FlushDigitsDurationInMilliseconds after
// the first digit, whatever did not match is discarded.
#pragma once

#include "ActionList.h"
#include "SimulatorConfig.h"

#include <QObject>
#include <QRegularExpression>
#include <QTimer>

namespace callconsole {

class DigitListener : public QObject
{
    Q_OBJECT

public:
    DigitListener(const SimulatorConfig &config, Action action, QObject *parent = nullptr);

    const Action &action() const { return m_action; }
    void press(QChar digit);

signals:
    void matched(const QString &digits);

private:
    void check();

    const SimulatorConfig &m_config;
    Action m_action;
    QRegularExpression m_regex;
    int m_inBetweenMs = 1000;
    int m_flushMs = 10000;
    QString m_digits;
    QTimer m_inBetween;
    QTimer m_flush;
};

} // namespace callconsole

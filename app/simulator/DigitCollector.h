// PlayAudioAndGetDigits and SpeakAndGetDigits gathering DTMF (DG play-audio-get-digits.md):
// each attempt plays the prompt, then waits RepeatDurationInMilliseconds for a first digit and
// InBetweenDigitsDurationInMilliseconds between digits. A terminator or MaxNumberOfDigits ends
// the input; input outside MinNumberOfDigits..MaxNumberOfDigits or not matching
// InputDigitsRegex fails the attempt, the failure prompt plays, and the next attempt begins
// until Repeat attempts are used up.
#pragma once

#include "SimulatorConfig.h"

#include <QJsonObject>
#include <QObject>
#include <QRegularExpression>
#include <QTimer>

namespace callconsole {

class DigitCollector : public QObject
{
    Q_OBJECT

public:
    // promptMs / failurePromptMs: how long the prompt and the failure prompt play (unscaled).
    DigitCollector(const SimulatorConfig &config, const QJsonObject &parameters, int promptMs, int failurePromptMs,
                   QObject *parent = nullptr);

    void start();
    void press(QChar digit);

signals:
    void collected(const QString &digits);      // ReceivedDigits, terminator excluded
    void gaveUp(const QString &errorMessage);   // every attempt failed

private:
    enum class State { Prompting, Waiting, FailurePrompt, Done };

    void beginAttempt();
    void onTimer();
    void finishInput(QChar terminator);
    void attemptFailed(const QString &why);

    const SimulatorConfig &m_config;
    int m_min = 0;
    int m_max = 128;
    QString m_terminators = QStringLiteral("#");
    QRegularExpression m_regex;             // empty pattern: any input
    int m_repeatDurationMs = 5000;
    int m_inBetweenMs = 5000;
    int m_repeat = 1;
    int m_promptMs = 0;
    int m_failurePromptMs = 0;

    State m_state = State::Done;
    int m_attempt = 0;
    QString m_input;
    QString m_lastFailure;
    QTimer m_timer;
};

// Numbers arrive as numbers or numeric strings (sma-reference.md §2.4).
int intParameter(const QJsonObject &parameters, const char *key, int fallback);

} // namespace callconsole

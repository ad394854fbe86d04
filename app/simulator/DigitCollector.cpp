#include "DigitCollector.h"

#include <QJsonArray>

#include <algorithm>

namespace callconsole {

int intParameter(const QJsonObject &parameters, const char *key, int fallback)
{
    const QJsonValue value = parameters.value(QLatin1String(key));
    if (value.isDouble())
        return value.toInt();
    bool ok = false;
    const int parsed = value.toString().toInt(&ok);
    return ok ? parsed : fallback;
}

DigitCollector::DigitCollector(const SimulatorConfig &config, const QJsonObject &parameters, int promptMs,
                               int failurePromptMs, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_promptMs(promptMs)
    , m_failurePromptMs(failurePromptMs)
{
    m_min = intParameter(parameters, "MinNumberOfDigits", 0);
    m_max = intParameter(parameters, "MaxNumberOfDigits", 128);
    if (parameters.contains(QStringLiteral("TerminatorDigits"))) {
        m_terminators.clear();
        for (const QJsonValue &digit : parameters.value(QStringLiteral("TerminatorDigits")).toArray())
            m_terminators += digit.toString();
    }
    const QString pattern = parameters.value(QStringLiteral("InputDigitsRegex")).toString();
    if (!pattern.isEmpty())
        m_regex.setPattern(QRegularExpression::anchoredPattern(pattern));
    m_repeatDurationMs = intParameter(parameters, "RepeatDurationInMilliseconds", 5000);
    // DG: InBetweenDigitsDurationInMilliseconds defaults to RepeatDurationInMilliseconds.
    m_inBetweenMs = intParameter(parameters, "InBetweenDigitsDurationInMilliseconds", m_repeatDurationMs);
    m_repeat = std::max(1, intParameter(parameters, "Repeat", 1));
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &DigitCollector::onTimer);
}

void DigitCollector::start()
{
    m_attempt = 0;
    beginAttempt();
}

void DigitCollector::beginAttempt()
{
    m_input.clear();
    m_state = State::Prompting;
    m_timer.start(m_config.scaled(m_promptMs));
}

void DigitCollector::onTimer()
{
    switch (m_state) {
    case State::Prompting:
        // Digits pressed during the prompt count (barge-in); then the caller has the pause.
        m_state = State::Waiting;
        m_timer.start(m_config.scaled(m_input.isEmpty() ? m_repeatDurationMs : m_inBetweenMs));
        break;
    case State::Waiting:
        if (m_input.isEmpty())
            attemptFailed(QStringLiteral("no digits within RepeatDurationInMilliseconds (%1 ms)").arg(m_repeatDurationMs));
        else
            finishInput({});
        break;
    case State::FailurePrompt:
        beginAttempt();
        break;
    case State::Done:
        break;
    }
}

void DigitCollector::press(QChar digit)
{
    // Digits pressed while the failure prompt plays are not input.
    if (m_state != State::Prompting && m_state != State::Waiting)
        return;
    if (m_terminators.contains(digit)) {
        finishInput(digit);
        return;
    }
    m_input += digit;
    if (m_input.size() >= m_max) {
        finishInput({});
        return;
    }
    if (m_state == State::Waiting)
        m_timer.start(m_config.scaled(m_inBetweenMs));
}

void DigitCollector::finishInput(QChar terminator)
{
    const QString shown = m_input + (terminator.isNull() ? QString() : QString(terminator));
    if (m_input.size() < m_min) {
        attemptFailed(QStringLiteral("'%1' has fewer than MinNumberOfDigits (%2)").arg(shown).arg(m_min));
        return;
    }
    // DG examples write the terminator into InputDigitsRegex ("^\d{2}#$"): either form matches.
    const bool matches = m_regex.pattern().isEmpty() || m_regex.match(m_input).hasMatch()
                      || (!terminator.isNull() && m_regex.match(shown).hasMatch());
    if (!matches) {
        attemptFailed(QStringLiteral("'%1' does not match InputDigitsRegex").arg(shown));
        return;
    }
    m_state = State::Done;
    m_timer.stop();
    emit collected(m_input);
}

void DigitCollector::attemptFailed(const QString &why)
{
    ++m_attempt;
    m_input.clear();
    if (m_attempt >= m_repeat) {
        m_state = State::Done;
        m_timer.stop();
        emit gaveUp(QStringLiteral("Digits not received as required after %1 attempt(s): %2").arg(m_attempt).arg(why));
        return;
    }
    m_state = State::FailurePrompt;
    m_timer.start(m_config.scaled(m_failurePromptMs));
}

} // namespace callconsole

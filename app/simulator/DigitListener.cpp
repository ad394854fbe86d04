#include "DigitListener.h"

#include "DigitCollector.h"

namespace callconsole {

DigitListener::DigitListener(const SimulatorConfig &config, Action action, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_action(std::move(action))
    , m_regex(QRegularExpression::anchoredPattern(m_action.parameters.value(QStringLiteral("InputDigitsRegex")).toString()))
    , m_inBetweenMs(intParameter(m_action.parameters, "InBetweenDigitsDurationInMilliseconds", 1000))
    , m_flushMs(intParameter(m_action.parameters, "FlushDigitsDurationInMilliseconds", 10000))
{
    m_inBetween.setSingleShot(true);
    m_flush.setSingleShot(true);
    connect(&m_inBetween, &QTimer::timeout, this, &DigitListener::check);
    connect(&m_flush, &QTimer::timeout, this, [this] {
        m_inBetween.stop();
        m_digits.clear();
    });
}

void DigitListener::press(QChar digit)
{
    if (m_digits.isEmpty())
        m_flush.start(m_config.scaled(m_flushMs));
    m_digits += digit;
    m_inBetween.start(m_config.scaled(m_inBetweenMs));
}

void DigitListener::check()
{
    if (!m_regex.match(m_digits).hasMatch())
        return; // keep collecting until the flush interval discards them
    const QString digits = m_digits;
    m_digits.clear();
    m_flush.stop();
    emit matched(digits);
}

} // namespace callconsole

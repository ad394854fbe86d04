#include "ExportMask.h"

#include "PhoneNumberAdvisor.h"

#include <QRegularExpression>

namespace callconsole {

namespace {

// E.164 as the service writes it, alone or inside a SIP URI or an ARN.
const QRegularExpression &phonePattern()
{
    static const QRegularExpression pattern(QStringLiteral(R"((?<![\w+*])\+[1-9]\d{6,14}(?!\d))"));
    return pattern;
}

// A 12-digit AWS account id: not part of a longer number, an E.164 number or a UUID's last group.
const QRegularExpression &accountPattern()
{
    static const QRegularExpression pattern(QStringLiteral(R"((?<![\w+*\-])\d{12}(?![\w\-]))"));
    return pattern;
}

bool keepsHeaderValue(const QByteArray &name)
{
    for (const char *kept : {"content-type", "content-length", "x-callconsole-injected-fault"}) {
        if (name.compare(kept, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

template<typename Replace>
QString replaceAll(const QString &text, const QRegularExpression &pattern, Replace replace)
{
    QString result;
    qsizetype last = 0;
    auto it = pattern.globalMatch(text);
    if (!it.hasNext())
        return text;
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        result += QStringView(text).mid(last, match.capturedStart() - last);
        result += replace(match.captured());
        last = match.capturedEnd();
    }
    result += QStringView(text).mid(last);
    return result;
}

} // namespace

QString ExportMask::phoneNumber(const QString &e164)
{
    const auto known = m_phones.constFind(e164);
    if (known != m_phones.cend())
        return *known;
    const int countryCode = PhoneNumberAdvisor::advise(e164).countryCode;
    const QString code = countryCode > 0 ? QString::number(countryCode) : e164.mid(1, 1);
    const qsizetype hidden = std::max<qsizetype>(0, e164.size() - 1 - code.size() - 2);
    QString mask = QLatin1Char('+') + code + QString(hidden, QLatin1Char('*')) + e164.right(2);
    const QString base = mask;
    for (int n = 2; m_phoneMasks.contains(mask); ++n)
        mask = base + QStringLiteral("~%1").arg(n);
    m_phoneMasks.insert(mask);
    m_phones.insert(e164, mask);
    return mask;
}

QString ExportMask::accountId(const QString &id)
{
    const auto known = m_accounts.constFind(id);
    if (known != m_accounts.cend())
        return *known;
    const QString mask = QStringLiteral("masked-account-%1").arg(m_accounts.size() + 1);
    m_accounts.insert(id, mask);
    return mask;
}

QString ExportMask::text(const QString &text)
{
    const QString phonesMasked = replaceAll(text, phonePattern(), [this](const QString &number) { return phoneNumber(number); });
    return replaceAll(phonesMasked, accountPattern(), [this](const QString &id) { return accountId(id); });
}

QByteArray ExportMask::bytes(const QByteArray &utf8)
{
    if (utf8.isNull())
        return utf8;
    return text(QString::fromUtf8(utf8)).toUtf8();
}

QByteArray ExportMask::headerValue(const QByteArray &name, const QByteArray &value)
{
    if (keepsHeaderValue(name))
        return value;
    const auto known = m_headerValues.constFind(value);
    if (known != m_headerValues.cend())
        return *known;
    const QByteArray mask = "masked-" + QByteArray::number(m_headerValues.size() + 1);
    m_headerValues.insert(value, mask);
    return mask;
}

DeliveryRecord ExportMask::delivery(DeliveryRecord record)
{
    for (auto &[name, value] : record.requestHeaders)
        value = headerValue(name, value);
    record.requestBody = bytes(record.requestBody);
    record.replyBody = bytes(record.replyBody);
    record.upstreamBody = bytes(record.upstreamBody);
    record.rejectDetails = bytes(record.rejectDetails);
    record.rejectReason = text(record.rejectReason);
    record.remoteAddress = text(record.remoteAddress);
    return record;
}

QList<DeliveryRecord> ExportMask::deliveries(const QList<DeliveryRecord> &records)
{
    QList<DeliveryRecord> masked;
    masked.reserve(records.size());
    for (const DeliveryRecord &record : records)
        masked << delivery(record);
    return masked;
}

} // namespace callconsole

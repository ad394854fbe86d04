#include "PhoneNumberAdvisor.h"

#include <QLocale>

#include <phonenumbers/phonenumberutil.h>

#include <string>

namespace callconsole {

namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

PhoneNumberUtil &util()
{
    return *PhoneNumberUtil::GetInstance(); // a process-wide singleton, safe for concurrent reads
}

QString numberTypeName(PhoneNumberUtil::PhoneNumberType type)
{
    switch (type) {
    case PhoneNumberUtil::FIXED_LINE: return QStringLiteral("fixed line");
    case PhoneNumberUtil::MOBILE: return QStringLiteral("mobile");
    case PhoneNumberUtil::FIXED_LINE_OR_MOBILE: return QStringLiteral("fixed line or mobile");
    case PhoneNumberUtil::TOLL_FREE: return QStringLiteral("toll free");
    case PhoneNumberUtil::PREMIUM_RATE: return QStringLiteral("premium rate");
    case PhoneNumberUtil::SHARED_COST: return QStringLiteral("shared cost");
    case PhoneNumberUtil::VOIP: return QStringLiteral("VoIP");
    case PhoneNumberUtil::PERSONAL_NUMBER: return QStringLiteral("personal number");
    case PhoneNumberUtil::PAGER: return QStringLiteral("pager");
    case PhoneNumberUtil::UAN: return QStringLiteral("universal access number");
    case PhoneNumberUtil::VOICEMAIL: return QStringLiteral("voicemail");
    case PhoneNumberUtil::UNKNOWN: break;
    }
    return {};
}

QString countryNameFor(const QString &regionCode)
{
    if (regionCode.isEmpty() || regionCode == QLatin1String("ZZ") || regionCode == QLatin1String("001"))
        return {};
    const auto territory = QLocale::codeToTerritory(regionCode);
    if (territory == QLocale::AnyTerritory)
        return regionCode;
    return QLocale::territoryToString(territory);
}

std::optional<PhoneNumber> parse(const QString &text, const QString &region)
{
    PhoneNumber number;
    const auto result = util().Parse(text.toStdString(), region.toStdString(), &number);
    if (result != PhoneNumberUtil::NO_PARSING_ERROR)
        return std::nullopt;
    return number;
}

PhoneNumberAdvice adviceFor(const PhoneNumber &number)
{
    PhoneNumberAdvice advice;
    std::string text;
    util().Format(number, PhoneNumberUtil::E164, &text);
    advice.normalizedE164 = QString::fromStdString(text);
    util().Format(number, PhoneNumberUtil::INTERNATIONAL, &text);
    advice.internationalFormat = QString::fromStdString(text);
    util().GetRegionCodeForNumber(number, &text);
    if (text == "ZZ") // an invalid number has no region of its own; its country code still does
        util().GetRegionCodeForCountryCode(number.country_code(), &text);
    advice.regionCode = QString::fromStdString(text);
    advice.countryCode = number.country_code();
    advice.countryName = countryNameFor(advice.regionCode);
    if (advice.countryName.isEmpty() && advice.regionCode != QLatin1String("ZZ"))
        advice.countryName = QStringLiteral("country code +%1").arg(advice.countryCode);
    advice.isPossible = util().IsPossibleNumber(number);
    advice.isValid = util().IsValidNumber(number);
    if (advice.isValid)
        advice.numberType = numberTypeName(util().GetNumberType(number));
    return advice;
}

bool startsWithPlus(const QString &input)
{
    return input.trimmed().startsWith(QLatin1Char('+'));
}

} // namespace

QString PhoneNumberAdvice::display() const
{
    QStringList parts;
    if (!internationalFormat.isEmpty())
        parts << internationalFormat;
    if (!countryName.isEmpty())
        parts << countryName;
    if (!numberType.isEmpty())
        parts << numberType;
    return parts.join(QStringLiteral(" · "));
}

PhoneNumberAdvice PhoneNumberAdvisor::advise(const QString &input, const QString &defaultRegion)
{
    const QString trimmed = input.trimmed();
    if (trimmed.isEmpty())
        return {};
    // The API treats a leading '+' as optional, so "12065550100" means +12065550100 to AWS.
    // Read it the way the service will; fall back to a national reading for the advice.
    const QString international = startsWithPlus(trimmed) ? trimmed : QLatin1Char('+') + trimmed;
    if (const auto number = parse(international, QStringLiteral("ZZ")))
        return adviceFor(*number);
    if (const auto number = parse(trimmed, defaultRegion))
        return adviceFor(*number);
    return {};
}

ValidationIssues PhoneNumberAdvisor::warningsFor(const QString &field, const QString &input,
                                                 const QString &defaultRegion)
{
    ValidationIssues issues;
    const PhoneNumberAdvice asSent = advise(input, defaultRegion);
    if (!startsWithPlus(input)) {
        // Without '+', the service reads the leading digits as a country code. When the same
        // digits make a valid national number here, that is almost certainly what was meant.
        if (const auto national = parse(input.trimmed(), defaultRegion)) {
            const PhoneNumberAdvice meant = adviceFor(*national);
            if (meant.isValid && meant.normalizedE164 != asSent.normalizedE164) {
                issues << ValidationIssue::warning(
                    field, input,
                    QStringLiteral("looks like a national number in %1 — did you mean %2? Without '+' "
                                   "the service reads it as %3")
                        .arg(meant.countryName.isEmpty() ? defaultRegion : meant.countryName,
                             meant.normalizedE164,
                             asSent.internationalFormat.isEmpty() ? QLatin1Char('+') + input.trimmed()
                                                                  : asSent.internationalFormat),
                    QStringLiteral("NationalNumber"));
                return issues;
            }
        }
        issues << ValidationIssue::warning(field, input,
                                           QStringLiteral("write numbers in E.164 with a leading '+' (%1)")
                                               .arg(QLatin1Char('+') + input.trimmed()),
                                           QStringLiteral("MissingPlus"));
    }
    if (asSent.regionCode.isEmpty() || asSent.regionCode == QLatin1String("ZZ")) {
        issues << ValidationIssue::warning(field, input, QStringLiteral("no country uses this country code"),
                                           QStringLiteral("UnknownCountryCode"));
    } else if (!asSent.isValid) {
        issues << ValidationIssue::warning(
            field, input,
            QStringLiteral("%1 is not a valid number in %2%3")
                .arg(asSent.internationalFormat, asSent.countryName,
                     asSent.isPossible ? QString() : QStringLiteral(" (wrong length)")),
            QStringLiteral("NotValidForRegion"));
    }
    return issues;
}

QString PhoneNumberAdvisor::suggestion(const QString &input, const QString &defaultRegion)
{
    const QString trimmed = input.trimmed();
    if (trimmed.isEmpty())
        return {};
    std::optional<PhoneNumber> number;
    if (startsWithPlus(trimmed))
        number = parse(trimmed, QStringLiteral("ZZ"));
    else
        number = parse(trimmed, defaultRegion);
    if (!number)
        return {};
    const PhoneNumberAdvice advice = adviceFor(*number);
    return advice.isPossible ? advice.normalizedE164 : QString();
}

} // namespace callconsole

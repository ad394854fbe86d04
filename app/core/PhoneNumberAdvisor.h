// Advice about a phone number beyond the API's regex, from libphonenumber: how it reads
// internationally, which country it belongs to, whether it is a real number there, and what the
// user probably meant when they typed a national number or added spaces.
#pragma once

#include "ValidationIssue.h"

#include <QString>

namespace callconsole {

struct PhoneNumberAdvice
{
    QString normalizedE164;       // "+12065550100" when libphonenumber could read the input
    QString internationalFormat;  // "+1 206-555-0100"
    QString regionCode;           // "US"; "001" for non-geographic codes, "ZZ" when unknown
    int countryCode = 0;          // 1
    QString countryName;          // "United States"
    QString numberType;           // "mobile", "fixed line", "toll free", …
    bool isPossible = false;      // length fits the country's plan
    bool isValid = false;         // a number the country's plan actually assigns

    // One line for the form: "+1 206-555-0100 · United States · fixed line or mobile".
    QString display() const;
};

class PhoneNumberAdvisor
{
public:
    // Reads input as written (E.164 with or without '+', or national for defaultRegion).
    static PhoneNumberAdvice advise(const QString &input, const QString &defaultRegion = QStringLiteral("US"));

    // Warnings for an input that already passes the API's pattern: not valid in its country,
    // or a national number that the API would read as an international one.
    static ValidationIssues warningsFor(const QString &field, const QString &input,
                                        const QString &defaultRegion = QStringLiteral("US"));

    // For an input that fails the API's pattern: the E.164 form it most likely stands for, or
    // empty when libphonenumber cannot read it either.
    static QString suggestion(const QString &input, const QString &defaultRegion = QStringLiteral("US"));
};

} // namespace callconsole

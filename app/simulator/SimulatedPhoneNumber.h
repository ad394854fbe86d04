// One number of the simulated account's inventory, with the attributes ListPhoneNumbers answers
// and filters on (botocore shape PhoneNumber). Values keep the model's own spellings, so the
// config file, the filters and the answer read the same words.
#pragma once

#include "ValidationIssue.h"

#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

namespace callconsole {

// What a number is bound to (shape PhoneNumberAssociation): a SIP rule for SMA dial-in
// numbers, a Voice Connector or Voice Connector group for VoiceConnector numbers.
struct PhoneNumberAssociation
{
    QString name;   // PhoneNumberAssociationName: VoiceConnectorId, VoiceConnectorGroupId, SipRuleId
    QString value;  // the id of that SIP rule, Voice Connector or group

    friend bool operator==(const PhoneNumberAssociation &a, const PhoneNumberAssociation &b)
    {
        return a.name == b.name && a.value == b.value;
    }
};

struct SimulatedPhoneNumber
{
    QString e164PhoneNumber;
    QString status = QStringLiteral("Assigned");                       // PhoneNumberStatus
    QString productType = QStringLiteral("SipMediaApplicationDialIn"); // PhoneNumberProductType
    QString type = QStringLiteral("Local");                            // PhoneNumberType
    QString country = QStringLiteral("US");
    QList<PhoneNumberAssociation> associations;

    // A number of the built-in account: assigned, SMA dial-in, reached through its SIP rule.
    static SimulatedPhoneNumber assigned(const QString &e164);

    // A config file entry: "+1…" (as assigned()) or an object of the fields above
    // ({"e164PhoneNumber", "status", "productType", "type", "country", "associations":
    // [{"name", "value"}]}). `where` names the entry in issues ("phoneNumbers[2]").
    static Parsed<SimulatedPhoneNumber> fromJson(const QJsonValue &entry, const QString &where);
};

// The simulated account's one SIP rule: it routes the dial-in numbers to the first SMA.
QString simulatedSipRuleId();

// The enums of the botocore model that describe a phone number.
namespace phonenumberenums {

const QStringList &statuses();          // PhoneNumberStatus
const QStringList &productTypes();      // PhoneNumberProductType
const QStringList &associationNames();  // PhoneNumberAssociationName
const QStringList &types();             // PhoneNumberType

// "expected a PhoneNumberProductType: VoiceConnector or SipMediaApplicationDialIn (…)"
QString expected(const QString &shape, const QStringList &values);

} // namespace phonenumberenums

} // namespace callconsole

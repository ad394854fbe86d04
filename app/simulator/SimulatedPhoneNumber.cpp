#include "SimulatedPhoneNumber.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

namespace callconsole {

namespace phonenumberenums {

const QStringList &statuses()
{
    static const QStringList values{
        QStringLiteral("Cancelled"),         QStringLiteral("PortinCancelRequested"), QStringLiteral("PortinInProgress"),
        QStringLiteral("AcquireInProgress"), QStringLiteral("AcquireFailed"),         QStringLiteral("Unassigned"),
        QStringLiteral("Assigned"),          QStringLiteral("ReleaseInProgress"),     QStringLiteral("DeleteInProgress"),
        QStringLiteral("ReleaseFailed"),     QStringLiteral("DeleteFailed")};
    return values;
}

const QStringList &productTypes()
{
    static const QStringList values{QStringLiteral("VoiceConnector"), QStringLiteral("SipMediaApplicationDialIn")};
    return values;
}

const QStringList &associationNames()
{
    static const QStringList values{QStringLiteral("VoiceConnectorId"), QStringLiteral("VoiceConnectorGroupId"),
                                    QStringLiteral("SipRuleId")};
    return values;
}

const QStringList &types()
{
    static const QStringList values{QStringLiteral("Local"), QStringLiteral("TollFree")};
    return values;
}

QString expected(const QString &shape, const QStringList &values)
{
    const QString list = values.size() < 2 ? values.join(QString())
                                           : values.mid(0, values.size() - 1).join(QStringLiteral(", ")) + QStringLiteral(" or ") + values.last();
    return QStringLiteral("expected a %1: %2 (spelt exactly so)").arg(shape, list);
}

} // namespace phonenumberenums

QString simulatedSipRuleId()
{
    return QStringLiteral("6c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d5e");
}

SimulatedPhoneNumber SimulatedPhoneNumber::assigned(const QString &e164)
{
    SimulatedPhoneNumber number;
    number.e164PhoneNumber = e164;
    number.associations << PhoneNumberAssociation{QStringLiteral("SipRuleId"), simulatedSipRuleId()};
    return number;
}

Parsed<SimulatedPhoneNumber> SimulatedPhoneNumber::fromJson(const QJsonValue &entry, const QString &where)
{
    Parsed<SimulatedPhoneNumber> parsed;
    if (!entry.isString() && !entry.isObject()) {
        parsed.issues << ValidationIssue::error(where, {}, QStringLiteral("expected an E.164 number (\"+12065550100\") or an object with e164PhoneNumber"));
        return parsed;
    }
    const QJsonObject o = entry.toObject();
    const QString e164 = entry.isString() ? entry.toString() : o.value(QStringLiteral("e164PhoneNumber")).toString();
    const QString numberPath = entry.isString() ? where : where + QStringLiteral(".e164PhoneNumber");
    static const QRegularExpression e164Pattern(QStringLiteral("^\\+?[1-9]\\d{1,14}$")); // the model's E164PhoneNumber
    if (!e164Pattern.match(e164).hasMatch())
        parsed.issues << ValidationIssue::error(numberPath, e164, QStringLiteral("expected an E.164 number such as +12065550100"));
    SimulatedPhoneNumber number = assigned(e164);
    if (entry.isString()) {
        parsed.value = number;
        return parsed;
    }
    const auto member = [&](const char *key, QString &field, const QString &shape, const QStringList &values) {
        const QJsonValue value = o.value(QLatin1String(key));
        if (value.isUndefined())
            return;
        field = value.toString();
        if (!values.isEmpty() && !values.contains(field))
            parsed.issues << ValidationIssue::error(where + QLatin1Char('.') + QLatin1String(key), field,
                                                    phonenumberenums::expected(shape, values));
    };
    member("status", number.status, QStringLiteral("PhoneNumberStatus"), phonenumberenums::statuses());
    member("productType", number.productType, QStringLiteral("PhoneNumberProductType"), phonenumberenums::productTypes());
    member("type", number.type, QStringLiteral("PhoneNumberType"), phonenumberenums::types());
    member("country", number.country, {}, {});
    if (o.contains(QStringLiteral("associations"))) {
        number.associations.clear();
        const QJsonArray list = o.value(QStringLiteral("associations")).toArray();
        for (qsizetype i = 0; i < list.size(); ++i) {
            const QJsonObject a = list.at(i).toObject();
            const QString path = where + QStringLiteral(".associations[%1]").arg(i);
            const PhoneNumberAssociation association{a.value(QStringLiteral("name")).toString(), a.value(QStringLiteral("value")).toString()};
            if (!phonenumberenums::associationNames().contains(association.name))
                parsed.issues << ValidationIssue::error(path + QStringLiteral(".name"), association.name,
                                                        phonenumberenums::expected(QStringLiteral("PhoneNumberAssociationName"),
                                                                                   phonenumberenums::associationNames()));
            if (association.value.trimmed().isEmpty())
                parsed.issues << ValidationIssue::error(path + QStringLiteral(".value"), {},
                                                        QStringLiteral("missing: the id of the SIP rule, Voice Connector or group"));
            number.associations << association;
        }
    } else if (number.status != QLatin1String("Assigned") || number.productType != QLatin1String("SipMediaApplicationDialIn")) {
        // Only an assigned dial-in number is reached through the account's SIP rule by default.
        number.associations.clear();
    }
    parsed.value = number;
    return parsed;
}

} // namespace callconsole

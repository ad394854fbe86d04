#include "PhoneNumberFilter.h"

#include <algorithm>

namespace callconsole {

namespace {

const QString statusName = QStringLiteral("status");
const QString productTypeName = QStringLiteral("product-type");
const QString filterNameName = QStringLiteral("filter-name");
const QString filterValueName = QStringLiteral("filter-value");

} // namespace

Parsed<PhoneNumberFilter> PhoneNumberFilter::fromQuery(const QUrlQuery &query)
{
    Parsed<PhoneNumberFilter> parsed;
    PhoneNumberFilter filter;
    // A member sent empty ("status=") is a value that matches no enum, not a member left out.
    const auto enumMember = [&](const QString &parameter, const char *member, const QString &shape,
                                const QStringList &values, QString &field) {
        if (!query.hasQueryItem(parameter))
            return;
        field = query.queryItemValue(parameter, QUrl::FullyDecoded);
        if (!values.contains(field)) {
            parsed.issues << ValidationIssue::error(QLatin1String(member), field,
                                                    QStringLiteral("%1 (query parameter %2)")
                                                        .arg(phonenumberenums::expected(shape, values), parameter));
        }
    };
    // The model types Status as a plain String, but a number's Status is always a
    // PhoneNumberStatus: any other value could only list nothing, so it is refused as a typo.
    enumMember(statusName, "Status", QStringLiteral("PhoneNumberStatus"), phonenumberenums::statuses(), filter.status);
    enumMember(productTypeName, "ProductType", QStringLiteral("PhoneNumberProductType"), phonenumberenums::productTypes(),
               filter.productType);
    enumMember(filterNameName, "FilterName", QStringLiteral("PhoneNumberAssociationName"), phonenumberenums::associationNames(),
               filter.filterName);
    filter.filterValue = query.queryItemValue(filterValueName, QUrl::FullyDecoded);
    const bool nameSent = query.hasQueryItem(filterNameName);
    const bool valueSent = query.hasQueryItem(filterValueName);
    if (nameSent && filter.filterValue.isEmpty()) {
        parsed.issues << ValidationIssue::error(QStringLiteral("FilterValue"), {},
                                                QStringLiteral("required with FilterName: the id of the %1 to list the numbers of "
                                                               "(query parameter filter-value)")
                                                    .arg(filter.filterName.isEmpty() ? QStringLiteral("association") : filter.filterName));
    } else if (valueSent && !nameSent) {
        parsed.issues << ValidationIssue::error(QStringLiteral("FilterName"), {},
                                                QStringLiteral("required with FilterValue '%1': %2 (query parameter filter-name)")
                                                    .arg(filter.filterValue,
                                                         phonenumberenums::expected(QStringLiteral("PhoneNumberAssociationName"),
                                                                                    phonenumberenums::associationNames())));
    }
    if (!hasErrors(parsed.issues))
        parsed.value = filter;
    return parsed;
}

bool PhoneNumberFilter::matches(const SimulatedPhoneNumber &number) const
{
    if (!status.isEmpty() && number.status != status)
        return false;
    if (!productType.isEmpty() && number.productType != productType)
        return false;
    if (filterName.isEmpty())
        return true;
    return std::any_of(number.associations.cbegin(), number.associations.cend(), [&](const PhoneNumberAssociation &a) {
        return a.name == filterName && a.value == filterValue;
    });
}

QString PhoneNumberFilter::selection() const
{
    QUrlQuery canonical;
    const auto add = [&](const QString &parameter, const QString &value) {
        if (!value.isEmpty())
            canonical.addQueryItem(parameter, QString::fromLatin1(QUrl::toPercentEncoding(value)));
    };
    add(statusName, status);
    add(productTypeName, productType);
    add(filterNameName, filterName);
    add(filterValueName, filterValue);
    return canonical.toString(QUrl::FullyEncoded);
}

} // namespace callconsole

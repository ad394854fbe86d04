// ListPhoneNumbers' filters as the botocore model's ListPhoneNumbersRequest defines them: the
// query parameters status, product-type, and filter-name with filter-value (one association of
// the number: a SIP rule, Voice Connector or Voice Connector group). A member left out does not
// filter; a number is listed when it matches every member sent.
#pragma once

#include "SimulatedPhoneNumber.h"
#include "ValidationIssue.h"

#include <QString>
#include <QUrlQuery>

namespace callconsole {

struct PhoneNumberFilter
{
    QString status;       // Status (empty: any)
    QString productType;  // ProductType
    QString filterName;   // FilterName: an association name
    QString filterValue;  // FilterValue: that association's id

    // Issues name the model's member (Status, ProductType, FilterName, FilterValue), the value
    // sent and the rule it broke, as a BadRequestException message should.
    static Parsed<PhoneNumberFilter> fromQuery(const QUrlQuery &query);

    bool matches(const SimulatedPhoneNumber &number) const;
    // The members sent, in one canonical order ("status=Assigned&product-type=…"); empty when
    // none. Paging binds its tokens to it.
    QString selection() const;
};

} // namespace callconsole

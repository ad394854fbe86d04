// Paging of the control plane's List* operations as the botocore model defines it: MaxResults
// (query "max-results", 1–100, default 100) and NextToken (query "next-token" in, "NextToken"
// out). A token is opaque to clients; inside it names the operation, the position and a
// fingerprint of the listing, so a token from another operation or another inventory is refused
// instead of making pages repeat or skip entries. Filters a request sends (ListPhoneNumbers'
// status, product type, association) are part of the fingerprint too.
#pragma once

#include "ValidationIssue.h"

#include <QString>
#include <QStringList>
#include <QUrlQuery>

namespace callconsole {

// Entries [begin, end) of a listing, and the token for the rest (empty on the last page).
struct ListPage
{
    qsizetype begin = 0;
    qsizetype end = 0;
    QString nextToken;
};

namespace listpaging {

constexpr int minMaxResults = 1;     // ResultMax in the model
constexpr int maxMaxResults = 100;
constexpr int defaultMaxResults = 100; // "Defaults to 100." (ListSipMediaApplications)

// keys: the listing's entries in answer order (ids, numbers); they fingerprint the listing.
// selection: the request's filters in one canonical string (empty: none); it joins the
// fingerprint, so a token is only good with the filters it was issued under.
// Issues name the field (MaxResults, NextToken) as a BadRequestException message should.
Parsed<ListPage> page(const QString &operation, const QStringList &keys, const QUrlQuery &query,
                      const QString &selection = {});

// MaxResults alone, for a request refused before there is a listing to page.
Parsed<int> maxResults(const QUrlQuery &query);

} // namespace listpaging

} // namespace callconsole

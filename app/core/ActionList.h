// The endpoint's reply to an invocation event: a list of actions for the call to run, and
// optionally a new TransactionAttributes map. Validated with the catalogue's required
// parameters and documented limits (sma-reference.md §2), because a reply the service rejects
// turns into INVALID_LAMBDA_RESPONSE on a live call.
#pragma once

#include "InvocationEvent.h"
#include "ValidationIssue.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace callconsole {

struct Action
{
    QString type;            // "Speak", "Hangup", … (case-sensitive, as the service reads it)
    QJsonObject parameters;
    // Parameter errors: the reply is still accepted, and this action fails when the call reaches
    // it (actioncatalogue::failsOnlyItsAction).
    ValidationIssues parameterIssues;
};

// The documented limits disagree (10 vs 100 attributes); the defaults follow the current DG.
struct ActionListLimits
{
    int maxActions = 10;
    int maxTransactionAttributes = 100;
    int maxTransactionAttributesBytes = 20 * 1024;
};

struct ActionList
{
    QString schemaVersion = QStringLiteral("1.0");
    QList<Action> actions;
    // nullopt: leave the stored attributes unchanged; an empty map clears them.
    std::optional<StringMap> transactionAttributes;
    // The reply was empty/null or had no "Actions": the service keeps running the current list
    // (DG: "a NULL action set keeps the existing actions"), unlike [] which runs nothing.
    bool keepsCurrentActions = false;

    // Every error carries the ErrorType the service would answer with (ValidationIssue::code):
    // SchemaVersionMismatch (missing/other version, a {statusCode, body} wrapper or a JSON
    // string instead of the object), TooManyActions, TransactionAttributesInvalidMapSize,
    // MissingRequiredActionParameter, InvalidActionParameter, and InvalidLambdaResponse for
    // other shape errors (unknown action Type, Actions not an array). An empty or null body
    // is valid and sets keepsCurrentActions, with a warning.
    // Parameter errors (MissingRequiredActionParameter, InvalidActionParameter) fail only their
    // action, as on the service: the value is still set, with those actions' parameterIssues,
    // so ok() is false while acceptedByService() is true.
    static bool acceptedByService(const Parsed<ActionList> &parsed);
    static Parsed<ActionList> parse(const QByteArray &bytes, const ActionListLimits &limits = {});
    static Parsed<ActionList> fromJson(const QJsonObject &object, const ActionListLimits &limits = {});

    QJsonObject toJson() const;
    QByteArray toJsonBytes() const;

    // "Speak, Pause, Hangup" — for log lines and table cells.
    QString summary() const;

    static QStringList knownActionTypes();
};

} // namespace callconsole

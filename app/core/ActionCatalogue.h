// The action catalogue (sma-reference.md §2.4): each action type's required parameters and
// documented limits. Kept apart from ActionList so the envelope rules and the per-action
// rules can each be read on one screen.
#pragma once

#include "ValidationIssue.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace callconsole::actioncatalogue {

// The type strings the service accepts, in catalogue order (case-sensitive).
QStringList knownTypes();
bool isKnownType(const QString &type);

// Checks one action's Parameters; path is the action's own path, e.g. "Actions[2]".
// Missing required parameters carry code MissingRequiredActionParameter, bad values
// InvalidActionParameter, the ErrorType values the service reports for them.
void validateParameters(const QString &type, const QJsonObject &parameters, const QString &path,
                        ValidationIssues &issues);

// A parameter finding fails only its own action: the service runs the actions before it and
// then reports ACTION_FAILED. Every other error (not JSON, SchemaVersion, Actions not a list,
// an unknown Type, too many actions, attributes) rejects the whole reply with
// INVALID_LAMBDA_RESPONSE.
bool failsOnlyItsAction(const ValidationIssue &issue);

struct ActionFailure
{
    QString errorType;
    QString errorMessage;
};

// The ErrorType and ErrorMessage of the ACTION_FAILED a parameter finding leads to, in the
// wording of the action's DG page where it gives one ("ToneDuration parameter value is invalid.").
ActionFailure documentedFailure(const QString &type, const ValidationIssue &issue);

} // namespace callconsole::actioncatalogue

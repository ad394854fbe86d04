// The AWS backend the window places calls through, made from Preferences: a profile's
// credentials resolved as the AWS CLI resolves them, or access keys typed into Preferences
// (which come from SecretStore, never from a file).
#pragma once

#include "ConsoleSettings.h"

#include <QProcessEnvironment>

namespace callconsole {

aws::BackendChoice makeAwsBackend(const ConsoleSettings &settings, const ConsoleSecrets &secrets,
                                  const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment(),
                                  const QString &homeDirectory = {});

// An AWS API failure as the form shows it: on the field the message names, else at the top.
ValidationIssue issueFromAwsError(const aws::AwsError &error, const QString &operation);

} // namespace callconsole

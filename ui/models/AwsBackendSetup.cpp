#include "AwsBackendSetup.h"

#include "CallRequest.h"

namespace callconsole {

aws::BackendChoice makeAwsBackend(const ConsoleSettings &settings, const ConsoleSecrets &secrets,
                                  const QProcessEnvironment &environment, const QString &homeDirectory)
{
    const aws::ConnectionOptions options = settings.connectionOptions();
    if (settings.awsCredentialSource == AwsCredentialSource::Profile)
        return aws::makeClientBackend(options, environment, homeDirectory);

    // Typed keys take the environment's place in the resolver, so the region still comes from
    // Preferences, AWS_REGION or the default profile exactly as it would for the AWS CLI.
    QProcessEnvironment typed = environment;
    for (const char *name : {"AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"})
        typed.remove(QLatin1String(name));
    typed.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), secrets.awsAccessKeyId.trimmed());
    typed.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"), secrets.awsSecretAccessKey);
    if (!secrets.awsSessionToken.isEmpty())
        typed.insert(QStringLiteral("AWS_SESSION_TOKEN"), secrets.awsSessionToken);
    aws::BackendChoice choice = aws::makeClientBackend(options, typed, homeDirectory);
    if (choice.backend) {
        const QString id = secrets.awsAccessKeyId.trimmed();
        const QString shown = id.size() > 8 ? id.left(4) + QStringLiteral("…") + id.right(4) : id;
        QString name = QStringLiteral("AWS access key %1@%2").arg(shown, choice.backend->client().config().region);
        if (!settings.awsEndpointUrl.isEmpty())
            name += QStringLiteral(" via ") + settings.awsEndpointUrl;
        choice.backend->setDisplayName(name);
    }
    return choice;
}

ValidationIssue issueFromAwsError(const aws::AwsError &error, const QString &operation)
{
    QString field = callrules::sipMediaApplicationId();
    for (const QString &candidate : {callrules::toPhoneNumber(), callrules::fromPhoneNumber(), callrules::sipHeaders(),
                                     callrules::argumentsMap(), callrules::sipMediaApplicationId()}) {
        if (error.message.contains(candidate)) {
            field = candidate;
            break;
        }
    }
    return ValidationIssue::error(field, {}, error.toString(operation), error.type);
}

} // namespace callconsole

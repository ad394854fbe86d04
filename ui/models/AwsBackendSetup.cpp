#include "AwsBackendSetup.h"

#include "CallRequest.h"

namespace callconsole {

namespace {

// Typed keys take the environment's place in the resolver, so the region still comes from
// Preferences, AWS_REGION or the default profile exactly as it would for the AWS CLI.
QProcessEnvironment resolverEnvironment(const ConsoleSettings &settings, const ConsoleSecrets &secrets,
                                        const QProcessEnvironment &environment)
{
    if (settings.awsCredentialSource == AwsCredentialSource::Profile)
        return environment;
    QProcessEnvironment typed = environment;
    for (const char *name : {"AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"})
        typed.remove(QLatin1String(name));
    typed.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), secrets.awsAccessKeyId.trimmed());
    typed.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"), secrets.awsSecretAccessKey);
    if (!secrets.awsSessionToken.isEmpty())
        typed.insert(QStringLiteral("AWS_SESSION_TOKEN"), secrets.awsSessionToken);
    return typed;
}

aws::BackendChoice backendFrom(const ConsoleSettings &settings, const ConsoleSecrets &secrets,
                               const aws::ResolvedCredentials &resolved)
{
    aws::BackendChoice choice = aws::makeClientBackend(settings.connectionOptions(), resolved);
    if (choice.backend && settings.awsCredentialSource != AwsCredentialSource::Profile) {
        const QString id = secrets.awsAccessKeyId.trimmed();
        const QString shown = id.size() > 8 ? id.left(4) + QStringLiteral("…") + id.right(4) : id;
        choice.backend->setDisplayName(QStringLiteral("AWS access key %1@%2 %3")
                                           .arg(shown, choice.backend->client().config().region,
                                                aws::endpointPhrase(choice.endpoint, settings.connectionOptions().endpointUrlSource)));
    }
    return choice;
}

} // namespace

aws::BackendChoice makeAwsBackend(const ConsoleSettings &settings, const ConsoleSecrets &secrets,
                                  const QProcessEnvironment &environment, const QString &homeDirectory)
{
    const aws::ConnectionOptions options = settings.connectionOptions();
    const aws::CredentialsResolver resolver(resolverEnvironment(settings, secrets, environment), homeDirectory);
    return backendFrom(settings, secrets, resolver.resolve(options.profile, options.region));
}

AwsBackendLookup::AwsBackendLookup(const ConsoleSettings &settings, const ConsoleSecrets &secrets,
                                   const QProcessEnvironment &environment, const QString &homeDirectory, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_secrets(secrets)
    , m_environment(resolverEnvironment(settings, secrets, environment))
    , m_home(homeDirectory)
{
}

bool AwsBackendLookup::start()
{
    const aws::ConnectionOptions options = m_settings.connectionOptions();
    aws::CredentialsResolver resolver(m_environment, m_home);
    resolver.setProcessTimeoutMs(m_processTimeoutMs);
    m_lookup = resolver.lookUp(options.profile, options.region, this);
    connect(m_lookup, &aws::CredentialsLookup::finished, this, &AwsBackendLookup::finished);
    connect(m_lookup, &aws::CredentialsLookup::mfaCodeNeeded, this, &AwsBackendLookup::mfaCodeNeeded);
    return m_lookup->isFinished();
}

bool AwsBackendLookup::isFinished() const
{
    return m_lookup && m_lookup->isFinished();
}

QString AwsBackendLookup::waitingFor() const
{
    return m_lookup ? m_lookup->waitingFor() : QString();
}

void AwsBackendLookup::provideMfaCode(const QString &code)
{
    if (m_lookup)
        m_lookup->provideMfaCode(code);
}

aws::BackendChoice AwsBackendLookup::takeChoice()
{
    Q_ASSERT(isFinished());
    aws::BackendChoice choice = backendFrom(m_settings, m_secrets, m_lookup->result());
    delete m_lookup; // the credentials now live in the backend only
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

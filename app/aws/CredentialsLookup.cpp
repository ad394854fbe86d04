#include "CredentialsLookup.h"

#include "CredentialProcess.h"
#include "SsoPortal.h"
#include "StsRequest.h"

#include <QDateTime>
#include <QFile>
#include <QHash>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>

namespace callconsole::aws {

namespace {

// Assumed roles' keys for this process, as the AWS CLI keeps them in ~/.aws/cli/cache: keyed
// by what was asked of STS, so that another lookup of the same role neither calls STS nor asks
// for an MFA code again. Lookups run on the thread that owns the window or the command.
QHash<QString, Credentials> &assumedRoles()
{
    static QHash<QString, Credentials> cache;
    return cache;
}

constexpr qint64 cacheMarginSecs = 15 * 60; // botocore's advisory refresh window

QString cacheKey(const CredentialSource &role)
{
    return QStringList{role.profile, role.roleArn, role.externalId, role.mfaSerial, QString::number(role.durationSeconds),
                       role.endpoint.url.toString()}
        .join(QLatin1Char('\n'));
}

} // namespace

CredentialsLookup::CredentialsLookup(const CredentialsResolver &resolver, const QString &explicitProfile,
                                     const QString &explicitRegion, QObject *parent)
    : QObject(parent)
    , m_result(resolver.locate(explicitProfile, explicitRegion))
    , m_processTimeoutMs(resolver.processTimeoutMs())
    , m_environment(resolver.environment())
    , m_home(resolver.homeDirectory())
{
    if (!m_result.pending) {
        m_finished = true;
        return;
    }
    m_waitingFor = m_result.pending->kind == CredentialSource::Kind::Process
        ? QStringLiteral("credential_process of profile %1 (%2)")
              .arg(m_result.pending->profile, CredentialProcess::programOf(m_result.pending->command, m_home))
        : m_result.pending->describe();
    // From the event loop: whoever made the lookup connects to it first.
    QMetaObject::invokeMethod(
        this,
        [this] {
            fetch(m_result.pending, [this](Credentials credentials, QString error) {
                finish(std::move(credentials), std::move(error));
            });
        },
        Qt::QueuedConnection);
}

CredentialsLookup::~CredentialsLookup() = default;

void CredentialsLookup::clearCache()
{
    assumedRoles().clear();
}

QNetworkAccessManager &CredentialsLookup::network()
{
    if (!m_network)
        m_network = new QNetworkAccessManager(this);
    return *m_network;
}

void CredentialsLookup::finish(Credentials credentials, QString error)
{
    m_result.credentials = error.isEmpty() ? std::move(credentials) : Credentials();
    m_result.error = std::move(error);
    m_result.pending.reset();
    m_mfaAnswer = nullptr;
    m_finished = true;
    emit finished();
}

void CredentialsLookup::fetch(const std::shared_ptr<const CredentialSource> &source, Done done)
{
    m_waitingFor = source->describe();
    switch (source->kind) {
    case CredentialSource::Kind::Keys:
        done(source->keys, {});
        return;
    case CredentialSource::Kind::Process:
        fetchProcess(source, std::move(done));
        return;
    case CredentialSource::Kind::AssumeRole:
        fetchAssumedRole(source, std::move(done));
        return;
    case CredentialSource::Kind::WebIdentity:
        fetchWebIdentity(source, std::move(done));
        return;
    case CredentialSource::Kind::Sso:
        fetchSso(source, std::move(done));
        return;
    }
}

void CredentialsLookup::fetchProcess(const std::shared_ptr<const CredentialSource> &source, Done done)
{
    m_process = new CredentialProcess(source->command, source->profile, m_environment, m_home, this);
    m_process->setTimeoutMs(m_processTimeoutMs);
    m_waitingFor = QStringLiteral("credential_process of profile %1 (%2)").arg(source->profile, m_process->program());
    connect(m_process, &CredentialProcess::finished, this, [this, done] {
        CredentialProcess *process = m_process;
        process->deleteLater();
        done(process->credentials(), process->error());
    });
    m_process->start();
}

void CredentialsLookup::whenReplied(QNetworkReply *reply, std::function<void(QNetworkReply &)> handle)
{
    connect(reply, &QNetworkReply::finished, this, [reply, handle] {
        reply->deleteLater();
        handle(*reply);
    });
}

void CredentialsLookup::fetchAssumedRole(const std::shared_ptr<const CredentialSource> &role, Done done)
{
    const QString key = cacheKey(*role);
    const Credentials cached = assumedRoles().value(key);
    if (cached.isValid() && QDateTime::currentDateTimeUtc().secsTo(cached.expiration()) > cacheMarginSecs) {
        done(cached, {});
        return;
    }
    fetch(role->source, [this, role, key, done](Credentials sourceKeys, QString error) {
        if (!error.isEmpty()) {
            done({}, error);
            return;
        }
        const auto call = [this, role, key, done, sourceKeys](const QString &code) {
            callAssumeRole(role, sourceKeys, code, [key, done](Credentials credentials, QString error) {
                if (error.isEmpty())
                    assumedRoles().insert(key, credentials);
                done(std::move(credentials), std::move(error));
            });
        };
        if (role->mfaSerial.isEmpty()) {
            call({});
            return;
        }
        m_waitingFor = QStringLiteral("an MFA code for %1 (profile %2)").arg(role->mfaSerial, role->profile);
        m_mfaAnswer = [role, call, done](const QString &code, const QString &refusal) {
            static const QRegularExpression sixDigits(QStringLiteral("^\\d{6}$"));
            if (code.isEmpty()) {
                done({}, refusal.isEmpty() ? QStringLiteral("no MFA code was given for %1 (profile %2)").arg(role->mfaSerial, role->profile)
                                           : refusal);
            } else if (!sixDigits.match(code).hasMatch()) {
                done({}, QStringLiteral("MFA code '%1' for %2 — expected the 6 digits the device shows").arg(code, role->mfaSerial));
            } else {
                call(code);
            }
        };
        emit mfaCodeNeeded(role->profile, role->mfaSerial);
    });
}

void CredentialsLookup::provideMfaCode(const QString &code, const QString &refusal)
{
    if (!m_mfaAnswer)
        return;
    const auto answer = std::exchange(m_mfaAnswer, nullptr);
    answer(code.trimmed(), refusal);
}

void CredentialsLookup::callAssumeRole(const std::shared_ptr<const CredentialSource> &role, const Credentials &sourceKeys,
                                       const QString &mfaCode, Done done)
{
    m_waitingFor = QStringLiteral("STS AssumeRole %1 (profile %2)").arg(role->roleArn, role->profile);
    whenReplied(StsRequest::assumeRole(network(), *role, sourceKeys, mfaCode), [role, done](QNetworkReply &reply) {
        QString error;
        Credentials credentials = StsRequest::credentialsFrom(reply, *role, &error);
        done(std::move(credentials), std::move(error));
    });
}

void CredentialsLookup::fetchWebIdentity(const std::shared_ptr<const CredentialSource> &role, Done done)
{
    // Read on every call: the platform that writes the token rotates it.
    QFile file(role->tokenFile);
    if (!file.open(QIODevice::ReadOnly)) {
        done({}, QStringLiteral("web identity token file %1 (profile %2): %3").arg(role->tokenFile, role->profile, file.errorString()));
        return;
    }
    const QByteArray token = file.readAll().trimmed();
    if (token.isEmpty()) {
        done({}, QStringLiteral("web identity token file %1 (profile %2) is empty").arg(role->tokenFile, role->profile));
        return;
    }
    whenReplied(StsRequest::assumeRoleWithWebIdentity(network(), *role, token), [role, done](QNetworkReply &reply) {
        QString error;
        Credentials credentials = StsRequest::credentialsFrom(reply, *role, &error);
        done(std::move(credentials), std::move(error));
    });
}

void CredentialsLookup::fetchSso(const std::shared_ptr<const CredentialSource> &sso, Done done)
{
    QString error;
    const QByteArray token = SsoPortal::cachedToken(*sso, &error);
    if (token.isEmpty()) {
        done({}, error);
        return;
    }
    whenReplied(SsoPortal::getRoleCredentials(network(), *sso, token), [sso, done](QNetworkReply &reply) {
        QString error;
        Credentials credentials = SsoPortal::credentialsFrom(reply, *sso, &error);
        done(std::move(credentials), std::move(error));
    });
}

} // namespace callconsole::aws

#include "BackendController.h"

#include "AwsBackendSetup.h"
#include "BuiltInSession.h"
#include "CallForm.h"
#include "PreferencesController.h"

#include <QComboBox>
#include <QDateTime>
#include <QLabel>

#include <algorithm>
#include <limits>
#include <utility>

namespace callconsole {

namespace {

constexpr int awsEntry = 1; // the form lists Simulator, then AWS

QString clockTime(const QDateTime &when)
{
    return when.toLocalTime().toString(QStringLiteral("HH:mm:ss"));
}

} // namespace

BackendController::BackendController(CallForm *form, QLabel *statusLabel, PreferencesController *preferences, QObject *parent)
    : QObject(parent)
    , m_form(form)
    , m_label(statusLabel)
    , m_preferences(preferences)
{
    m_refresh.setSingleShot(true);
    connect(&m_refresh, &QTimer::timeout, this, [this] { useAws(Refresh::KeepCurrent); });
    m_expiry.setSingleShot(true);
    m_expiry.setTimerType(Qt::PreciseTimer); // a coarse timer may be late by 5 % of hours
    connect(&m_expiry, &QTimer::timeout, this, &BackendController::dropExpiredKeys);
    connect(m_form->backendCombo(), qOverload<int>(&QComboBox::currentIndexChanged), this, &BackendController::onBackendChosen);
    connect(m_preferences, &PreferencesController::applied, this, &BackendController::onPreferencesApplied);
}

void BackendController::attach(BuiltInSession *session)
{
    m_session = session;
    connect(session, &BuiltInSession::backendChanged, m_label, [this](const QString &name) {
        m_label->setText(tr("Backend: %1").arg(name));
    });
    connect(session, &BuiltInSession::inventoryChanged, m_form, &CallForm::replaceChoices);
    onBackendChosen(m_form->backendCombo()->currentIndex());
}

bool BackendController::isWaitingForCredentials() const
{
    return m_lookup != nullptr;
}

void BackendController::onBackendChosen(int index)
{
    if (!m_session)
        return;
    if (index == awsEntry) {
        useAws();
        return;
    }
    stopAws();
    m_session->setBackend(BuiltInSession::Backend::Simulator);
}

void BackendController::onPreferencesApplied(const SettingsChange &change)
{
    if (!m_session || !change.awsBackend)
        return;
    if (m_form->backendCombo()->currentIndex() == awsEntry) {
        useAws();
    } else {
        stopAws();
        m_session->setAwsBackend(nullptr); // made afresh when AWS is picked
    }
}

void BackendController::stopAws()
{
    m_refresh.stop();
    m_expiry.stop();
    m_refreshFailures = 0;
    m_refreshError.clear();
    delete m_lookup; // its credentials are for a choice no longer made
    m_form->setBackendWaiting({});
}

void BackendController::useAws(Refresh refresh)
{
    // Made afresh on every choice: credentials may have changed in ~/.aws since the last one.
    // A refresh leaves the expiry and the count of failed refreshes as they are.
    if (refresh == Refresh::ShowWaiting)
        stopAws();
    auto *lookup = m_preferences->lookUpAwsBackend(this);
    lookup->setProcessTimeoutMs(m_processTimeoutMs);
    m_lookup = lookup;
    m_refreshing = refresh == Refresh::KeepCurrent && m_session->awsBackend();
    if (lookup->start()) {
        takeAwsBackend();
        return;
    }
    connect(lookup, &AwsBackendLookup::finished, this, &BackendController::takeAwsBackend);
    if (m_refreshing)
        return; // the current credentials still work meanwhile
    const QString waiting = tr("Waiting for AWS credentials from %1…").arg(lookup->waitingFor());
    m_form->setBackendWaiting(waiting);
    m_session->setAwsBackendPending(waiting);
    if (m_session->backend() != BuiltInSession::Backend::Aws)
        m_session->setBackend(BuiltInSession::Backend::Aws);
}

void BackendController::takeAwsBackend()
{
    AwsBackendLookup *lookup = m_lookup;
    m_lookup = nullptr;
    aws::BackendChoice choice = lookup->takeChoice();
    lookup->deleteLater();
    m_form->setBackendWaiting({});
    for (const QString &notice : std::as_const(choice.notices))
        emit this->notice(notice);

    auto *current = qobject_cast<aws::ChimeCallBackend *>(m_session->awsBackend());
    const bool refreshing = std::exchange(m_refreshing, false) && current;
    const QDateTime expires = current ? current->client().credentials().expiration() : QDateTime();
    if (refreshing && !choice.backend && expires.isValid()) {
        m_refreshError = choice.error;
        if (QDateTime::currentDateTimeUtc() < expires)
            keepCurrentKeys(expires);
        else
            dropExpiredKeys(); // late: the machine slept, or the run outlasted the keys
        return;
    }
    const int failedTries = std::exchange(m_refreshFailures, 0);
    m_refreshError.clear();

    // Fresh keys for the backend in use: calls in flight and the pickers stay as they are.
    if (refreshing && choice.backend && current->displayName() == choice.backend->displayName()) {
        current->client().setCredentials(choice.backend->client().credentials());
        const QDateTime freshExpiry = current->client().credentials().expiration();
        if (failedTries > 0)
            emit notice(tr("Refreshed the AWS credentials on try %1; they work until %2")
                            .arg(failedTries + 1)
                            .arg(clockTime(freshExpiry)));
        scheduleRefresh(freshExpiry);
        return;
    }
    if (!choice.error.isEmpty())
        emit notice(choice.error);
    if (choice.backend)
        scheduleRefresh(choice.backend->client().credentials().expiration());
    else
        m_expiry.stop();
    m_session->setAwsBackend(std::move(choice.backend), choice.error);
    if (m_session->backend() != BuiltInSession::Backend::Aws)
        m_session->setBackend(BuiltInSession::Backend::Aws);
}

void BackendController::scheduleRefresh(const QDateTime &expires)
{
    m_expiry.stop();
    if (!expires.isValid())
        return;
    // Ahead of the margin when there is time for it, else halfway to the expiry.
    const qint64 remaining = QDateTime::currentDateTimeUtc().msecsTo(expires);
    const qint64 wait = remaining > 2 * qint64(m_refreshMarginMs) ? remaining - m_refreshMarginMs : remaining / 2;
    m_refresh.start(int(std::clamp<qint64>(wait, 1000, std::numeric_limits<int>::max())));
    m_expiry.start(int(std::clamp<qint64>(remaining, 0, std::numeric_limits<int>::max())));
}

void BackendController::keepCurrentKeys(const QDateTime &expires)
{
    ++m_refreshFailures;
    // Once per run of failures: the retries are quiet, the expiry (or a success) is not.
    if (m_refreshFailures == 1)
        emit notice(tr("Refreshing the AWS credentials failed: %1. The current ones work until %2; "
                       "trying again until then")
                        .arg(m_refreshError, clockTime(expires)));
    // Backing off, but halfway to the expiry when the backoff reaches past it. A try starting
    // in the last second could not finish before the keys expire anyway.
    const qint64 remaining = QDateTime::currentDateTimeUtc().msecsTo(expires);
    const qint64 backoff = qint64(m_refreshRetryMs) << std::min(m_refreshFailures - 1, 16);
    const qint64 wait = std::min(backoff, remaining / 2);
    if (remaining - wait >= 1000)
        m_refresh.start(int(wait));
}

void BackendController::dropExpiredKeys()
{
    auto *current = qobject_cast<aws::ChimeCallBackend *>(m_session->awsBackend());
    const QDateTime expired = current ? current->client().credentials().expiration() : QDateTime::currentDateTimeUtc();
    QString message;
    if (!m_refreshError.isEmpty())
        message = tr("The AWS credentials expired at %1 and could not be refreshed: %2").arg(clockTime(expired), m_refreshError);
    else if (m_lookup)
        message = tr("The AWS credentials expired at %1 while %2 was still running").arg(clockTime(expired), m_lookup->waitingFor());
    else
        message = tr("The AWS credentials expired at %1 before they could be refreshed").arg(clockTime(expired));
    stopAws();
    m_refreshing = false;
    emit notice(message);
    m_session->setAwsBackend(nullptr, message);
}

} // namespace callconsole

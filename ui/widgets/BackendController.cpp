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
}

BackendController::BackendController(CallForm *form, QLabel *statusLabel, PreferencesController *preferences, QObject *parent)
    : QObject(parent)
    , m_form(form)
    , m_label(statusLabel)
    , m_preferences(preferences)
{
    m_refresh.setSingleShot(true);
    connect(&m_refresh, &QTimer::timeout, this, [this] { useAws(Refresh::KeepCurrent); });
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
    delete m_lookup; // its credentials are for a choice no longer made
    m_form->setBackendWaiting({});
}

void BackendController::useAws(Refresh refresh)
{
    // Made afresh on every choice: credentials may have changed in ~/.aws since the last one.
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
    if (!choice.error.isEmpty())
        emit notice(choice.error);
    if (choice.backend)
        scheduleRefresh(choice.backend->client().credentials().expiration());

    // Fresh keys for the backend in use: calls in flight and the pickers stay as they are.
    auto *current = qobject_cast<aws::ChimeCallBackend *>(m_session->awsBackend());
    if (std::exchange(m_refreshing, false) && choice.backend && current
        && current->displayName() == choice.backend->displayName()) {
        current->client().setCredentials(choice.backend->client().credentials());
        return;
    }
    m_session->setAwsBackend(std::move(choice.backend), choice.error);
    if (m_session->backend() != BuiltInSession::Backend::Aws)
        m_session->setBackend(BuiltInSession::Backend::Aws);
}

void BackendController::scheduleRefresh(const QDateTime &expires)
{
    if (!expires.isValid())
        return;
    // Ahead of the margin when there is time for it, else halfway to the expiry.
    const qint64 remaining = QDateTime::currentDateTimeUtc().msecsTo(expires);
    const qint64 wait = remaining > 2 * qint64(m_refreshMarginMs) ? remaining - m_refreshMarginMs : remaining / 2;
    m_refresh.start(int(std::clamp<qint64>(wait, 1000, std::numeric_limits<int>::max())));
}

} // namespace callconsole

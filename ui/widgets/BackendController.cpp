#include "BackendController.h"

#include "AwsBackendSetup.h"
#include "BuiltInSession.h"
#include "CallForm.h"
#include "PreferencesController.h"
#include "ThemePalette.h"

#include <QAction>
#include <QComboBox>
#include <QDateTime>
#include <QInputDialog>
#include <QLabel>

#include <algorithm>
#include <limits>
#include <utility>

namespace callconsole {

namespace {

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
    , m_reload(new QAction(tr("&Reload AWS credentials"), this))
{
    m_reload->setObjectName(QStringLiteral("reloadAwsCredentials"));
    m_reload->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    m_reload->setToolTip(tr("Look up the AWS credentials again, as choosing AWS does: Preferences and ~/.aws are "
                            "read afresh and the profile's credential_process runs (%1)")
                             .arg(m_reload->shortcut().toString(QKeySequence::NativeText)));
    m_reload->setEnabled(false);
    connect(m_reload, &QAction::triggered, this, &BackendController::reloadAws);
    m_form->setAwsBackendAction(m_reload);
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
    connect(session, &BuiltInSession::backendChanged, this, &BackendController::showBackend);
    connect(session, &BuiltInSession::inventoryChanged, m_form, &CallForm::replaceChoices);
    onBackendChosen(m_form->backendCombo()->currentIndex());
    showBackend();
}

bool BackendController::isWaitingForCredentials() const
{
    return m_lookup != nullptr;
}

void BackendController::onBackendChosen(int index)
{
    if (!m_session)
        return;
    if (index == CallForm::AwsEntry) {
        useAws();
        return;
    }
    stopAws();
    m_session->setBackend(BuiltInSession::Backend::Simulator);
    showBackend(); // the Reload action goes with AWS even when the session had the simulator already
}

void BackendController::onPreferencesApplied(const SettingsChange &change)
{
    if (!m_session || !change.awsBackend)
        return;
    if (m_form->backendCombo()->currentIndex() == CallForm::AwsEntry) {
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
    m_retryAsked = false;
    delete m_lookup; // its credentials are for a choice no longer made
    m_form->setBackendWaiting({});
    showBackend();
}

void BackendController::reloadAws()
{
    if (!m_session || m_form->backendCombo()->currentIndex() != CallForm::AwsEntry)
        return;
    if (m_refreshFailures == 0) {
        useAws();
        return;
    }
    // Kept keys still place calls: waiting (and losing them if this try fails too) would take
    // away what works. The retry under way, if any, is the one asked for.
    m_retryAsked = true;
    if (!m_lookup) {
        m_refresh.stop();
        useAws(Refresh::KeepCurrent);
    }
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
    connect(lookup, &AwsBackendLookup::mfaCodeNeeded, this, &BackendController::askMfaCode);
    if (lookup->start()) {
        takeAwsBackend();
        return;
    }
    connect(lookup, &AwsBackendLookup::finished, this, &BackendController::takeAwsBackend);
    if (m_refreshing)
        return; // the current credentials still work meanwhile (and the label says so)
    const QString waiting = tr("Waiting for AWS credentials from %1…").arg(lookup->waitingFor());
    m_form->setBackendWaiting(waiting);
    m_session->setAwsBackendPending(waiting);
    if (m_session->backend() != BuiltInSession::Backend::Aws)
        m_session->setBackend(BuiltInSession::Backend::Aws);
    showBackend();
}

void BackendController::askMfaCode(const QString &profile, const QString &mfaSerial)
{
    // Not modal-blocking: the lookup waits, the window goes on receiving events meanwhile.
    auto *dialog = new QInputDialog(m_form->window());
    dialog->setObjectName(QStringLiteral("mfaCodeDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("MFA code"));
    dialog->setLabelText(tr("Profile %1 assumes a role that needs the current code of %2:").arg(profile, mfaSerial));
    dialog->setTextEchoMode(QLineEdit::Password);
    QPointer<AwsBackendLookup> lookup = m_lookup.data();
    connect(dialog, &QInputDialog::textValueSelected, this, [lookup](const QString &code) {
        if (lookup)
            lookup->provideMfaCode(code);
    });
    connect(dialog, &QDialog::rejected, this, [lookup] {
        if (lookup)
            lookup->provideMfaCode({});
    });
    if (lookup)
        connect(lookup, &QObject::destroyed, dialog, &QWidget::close);
    dialog->open();
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
    m_retryAsked = false;

    // Fresh keys for the backend in use: calls in flight and the pickers stay as they are.
    if (refreshing && choice.backend && current->displayName() == choice.backend->displayName()) {
        current->client().setCredentials(choice.backend->client().credentials());
        const QDateTime freshExpiry = current->client().credentials().expiration();
        if (failedTries > 0)
            emit notice(tr("Refreshed the AWS credentials on try %1; they work until %2")
                            .arg(failedTries + 1)
                            .arg(clockTime(freshExpiry)));
        scheduleRefresh(freshExpiry);
        showBackend();
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
    showBackend();
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
    // Once per run of failures: the retries are quiet, the expiry (or a success) is not, and
    // neither is a try the user asked for. The label says it meanwhile.
    if (m_refreshFailures == 1 || std::exchange(m_retryAsked, false))
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
    showBackend();
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
    showBackend();
}

void BackendController::showBackend()
{
    if (!m_session)
        return;
    const bool awsChosen = m_form->backendCombo()->currentIndex() == CallForm::AwsEntry;
    const bool waiting = m_lookup && !m_refreshing; // the form shows it; a refresh runs unseen
    auto *current = qobject_cast<aws::ChimeCallBackend *>(m_session->awsBackend());
    const QDateTime keptUntil = current && m_refreshFailures > 0 ? current->client().credentials().expiration() : QDateTime();
    const bool failed = awsChosen && !m_session->awsBackend() && !waiting && !m_session->isAwsBackendPending();

    m_reload->setEnabled(awsChosen && !waiting);
    m_reload->setIconText(failed || keptUntil.isValid() ? tr("Retry") : tr("Reload"));

    const QString backend = tr("Backend: %1").arg(m_session->backendName());
    if (!awsChosen || !keptUntil.isValid()) {
        m_label->setText(backend);
        m_label->setToolTip({});
        m_label->setPalette(QPalette()); // the window's own again
        return;
    }
    // Never the process's output: the reason is the lookup's own sentence.
    m_label->setText(tr("%1 — refreshing the credentials failed; running on kept keys until %2").arg(backend, clockTime(keptUntil)));
    m_label->setToolTip(tr("Refreshing the AWS credentials failed: %1\nThe keys in use work until %2; the refresh is "
                           "tried again until then, or now with Call → Reload AWS credentials (%3).")
                            .arg(m_refreshError, clockTime(keptUntil), m_reload->shortcut().toString(QKeySequence::NativeText)));
    QPalette warning; // only the text's colour: the rest follows the window's theme
    warning.setColor(QPalette::WindowText, severityColor(ValidationIssue::Severity::Warning, m_label->window()->palette()));
    m_label->setPalette(warning);
}

} // namespace callconsole

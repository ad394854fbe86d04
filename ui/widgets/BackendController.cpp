#include "BackendController.h"

#include "BuiltInSession.h"
#include "CallForm.h"
#include "PreferencesController.h"

#include <QComboBox>
#include <QLabel>

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
    connect(m_form->backendCombo(), qOverload<int>(&QComboBox::currentIndexChanged), this, &BackendController::onBackendChosen);
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

void BackendController::onBackendChosen(int index)
{
    if (!m_session)
        return;
    if (index == awsEntry) {
        useAws();
        return;
    }
    m_session->setBackend(BuiltInSession::Backend::Simulator);
}

void BackendController::useAws()
{
    // Made afresh on every choice: credentials may have changed in ~/.aws since the last one.
    aws::BackendChoice choice = m_preferences->makeAwsBackend();
    for (const QString &notice : std::as_const(choice.notices))
        emit this->notice(notice);
    m_session->setAwsBackend(std::move(choice.backend), choice.error);
    if (m_session->backend() != BuiltInSession::Backend::Aws)
        m_session->setBackend(BuiltInSession::Backend::Aws);
}

} // namespace callconsole

// One page of the Preferences dialog: it shows a part of ConsoleSettings (and the secrets
// beside it) in editors, writes them back, and shows each issue under the field it concerns.
#pragma once

#include "ConsoleSettings.h"

#include <QHash>
#include <QWidget>

class QFormLayout;

namespace callconsole {

class FieldMessage;

class PreferencesPage : public QWidget
{
    Q_OBJECT

public:
    using QWidget::QWidget;

    virtual QString title() const = 0;
    virtual void load(const ConsoleSettings &settings, const ConsoleSecrets &secrets) = 0;
    virtual void store(ConsoleSettings &settings, ConsoleSecrets &secrets) const = 0;
    // Errors the page finds itself (beyond ConsoleSettings::validate), e.g. in the rules.
    virtual bool hasOwnErrors() const { return false; }

    // Shows, under each field, the first of issues on its path (errors before warnings) and
    // clears the others. Returns how many errors this page shows.
    virtual int showIssues(const ValidationIssues &issues);
    // The message under the field with this path ("" when none shows).
    QString messageFor(const QString &path) const;

signals:
    void edited();

protected:
    // Adds "label: editor" and the message line under it; path is the settingsfield path.
    FieldMessage *addField(QFormLayout *form, const QString &label, QWidget *editor, const QString &path);

private:
    QHash<QString, FieldMessage *> m_messages;
};

} // namespace callconsole

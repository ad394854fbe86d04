// Preferences → Simulator: how the simulated far end behaves per dialled number — answer, busy,
// no answer or reject, its ring and answer times, a hang-up, DTMF — first matching row wins.
#pragma once

#include "PreferencesPage.h"

class QTableWidget;

namespace callconsole {

class FieldMessage;

class SimulatorPage : public PreferencesPage
{
    Q_OBJECT

public:
    enum Column { To, Outcome, RingMs, AnswerAfterMs, HangupAfterMs, Digits, DigitsAtMs, ColumnCount };

    explicit SimulatorPage(QWidget *parent = nullptr);

    QString title() const override { return tr("Simulator"); }
    void load(const ConsoleSettings &settings, const ConsoleSecrets &secrets) override;
    void store(ConsoleSettings &settings, ConsoleSecrets &secrets) const override;
    int showIssues(const ValidationIssues &issues) override;

    QTableWidget *table() const { return m_table; }
    void addRow(const CalleeSetting &callee = {});

private:
    void setRows(const QList<CalleeSetting> &callees);
    void moveCurrent(int step);
    QList<CalleeSetting> rows() const;

    QTableWidget *m_table = nullptr;
    FieldMessage *m_message = nullptr;
};

} // namespace callconsole

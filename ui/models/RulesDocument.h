// The reply-rules file (the format ReplyRules::load reads) as Preferences edits it: each rule's
// fields as text, grouped by InvocationEventType, checked with core's own ReplyRules as the user
// types (each issue tied to its rule and field), and tried on a sample event to show the reply
// it would give. What the editor does not show (the fallback, unknown keys) is kept as it was.
#pragma once

#include "ReplyRules.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace callconsole {

struct RuleEntry
{
    QString name;
    QString event = QStringLiteral("*");  // an InvocationEventType name, or "*" for every event
    QString matchTo;                       // glob on LEG-A's To; empty: any
    QString matchFrom;
    QString matchArguments;                // "key=value; key2=value2": every pair must be present
    QString reply;                         // an action list as JSON text; empty: the built-in reply
    bool breakpoint = false;
    QString forward;                       // this rule's own handler URL
    QJsonObject unknown;                   // keys this editor does not know, written back unchanged

    friend bool operator==(const RuleEntry &a, const RuleEntry &b);
};

// An issue with the rule it belongs to (-1: the file itself) and the field it concerns:
// "name", "event", "match", "reply", "forward", "fallback". issue.path is relative to the rule.
struct RuleIssue
{
    int rule = -1;
    QString field;
    ValidationIssue issue;
};

// What the rules would answer to one event.
struct ReplyPreview
{
    QString error;          // set when there is nothing to show (invalid event or rules)
    QString source;         // "rule:<name>" or "default"
    QByteArray reply;       // indented JSON, placeholders filled from the event
    bool hold = false;      // held at a breakpoint first
    QUrl forward;           // forwarded to this handler first (reply is then the fallback)
};

class RulesDocument
{
public:
    static Parsed<RulesDocument> fromJson(const QByteArray &bytes);
    static Parsed<RulesDocument> load(const QString &path);
    // Indented JSON in the file's format. Replies that are not valid JSON are left out: save()
    // refuses while any issue remains.
    QByteArray toJson() const;
    // Writes the file atomically; returns why it could not, or an empty string.
    QString save(const QString &path) const;

    // "*" then every InvocationEventType name, in the order the editor lists them.
    static QStringList eventChoices();
    QList<int> rulesFor(const QString &event) const;
    // A new rule for event. Rules apply first-match-wins, so a rule for one type goes before
    // the first "*" rule, which would otherwise shadow it. Returns its index.
    int addRule(const QString &event);
    void removeRule(int index);

    QList<RuleIssue> issues() const;
    bool hasErrors() const;

    // The reply for an invocation event (its JSON bytes); forwardUrl as the preferences set it.
    ReplyPreview preview(const QByteArray &eventJson, const QString &forwardUrl = {}) const;

    QList<RuleEntry> rules;

    friend bool operator==(const RulesDocument &a, const RulesDocument &b)
    {
        return a.rules == b.rules && a.m_root == b.m_root;
    }

private:
    QJsonObject ruleJson(const RuleEntry &rule, QList<RuleIssue> *issues, int index) const;

    QJsonObject m_root; // the file's other members
};

} // namespace callconsole

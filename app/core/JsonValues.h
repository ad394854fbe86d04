// Small readers shared by the event and action-list parsers: they turn a JSON value into a
// typed value or a ValidationIssue that names the path, shows the value and states the rule,
// so both parsers word their findings the same way.
#pragma once

#include "ValidationIssue.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QVarLengthArray>

#include <initializer_list>
#include <optional>
#include <utility>

namespace callconsole::json {

QString child(const QString &path, const QString &key);   // "CallDetails" + "TransactionId"
QString element(const QString &path, qsizetype index);    // "Participants" + 2 → "Participants[2]"

// The value as the user wrote it, compact, for ValidationIssue::value.
QString shown(const QJsonValue &value);
// "a string", "a number", "an object", … for rules like "expected a string, got a number".
QString kindName(const QJsonValue &value);

// An integer written as a JSON number or as a string of decimal digits (AWS uses both).
// wasString tells the caller a lenient reading was applied; nullopt when neither fits.
std::optional<qint64> integer(const QJsonValue &value, bool *wasString = nullptr);

// The candidate closest to text (case-insensitive edit distance), or empty when nothing is
// close enough to be a plausible typo.
QString closestMatch(const QString &text, const QStringList &candidates);

// An HTTP body as JSON when it is an object or an array, else as its text: how exports keep
// replies (readable, nothing lost), and what replay compares a new reply with.
QJsonValue bodyValue(const QByteArray &body);

// A map of string → string; every other value type is reported under path.
QMap<QString, QString> stringMap(const QJsonObject &object, const QString &path,
                                 ValidationIssues &issues, const QString &code = {});

// Why text is not strict JSON (RFC 8259) where QJsonDocument would still read it, or empty:
// an escape other than \" \\ \/ \b \f \n \r \t \uXXXX (Qt reads "\x41" as "x41"), a
// UTF-16 surrogate without its pair (Qt stores it as "?": a TransactionId would no longer
// match the service's), a control character in a string, or bytes that are not UTF-8.
QString strictSyntaxProblem(QByteArrayView text);

// text as it may stand between the quotes of a JSON string, UTF-8: quotes, backslashes and
// control characters escaped. For writers that fill JSON text directly (reply templates, the
// session's header lists) instead of building a QJsonDocument per value.
QByteArray escapedForString(QStringView text);
// The same for Latin-1 bytes (HTTP header names and values).
QByteArray escapedForString(QByteArrayView latin1);

// An object's members read once, in order, for many lookups. QJsonObject::value() compares the
// wanted key with each stored key in turn, converting encodings as it goes; a parser that
// looks up every known key (and then checks for unknown ones) pays that per key. Reading the
// members once and comparing QStrings is several times cheaper for the few-member objects of
// SMA events, which the endpoint reads for every delivery.
class Members
{
public:
    explicit Members(const QJsonObject &object);

    QJsonValue value(QLatin1String key) const; // Undefined when absent
    bool contains(QLatin1String key) const { return !value(key).isUndefined(); }
    qsizetype size() const { return m_members.size(); }
    // The members no lookup has asked for, in the object's order: for a reader that looks up
    // every key it knows, the keys it does not know.
    QStringList unreadKeys() const;

private:
    struct Member
    {
        QString key;
        QJsonValue value;
        mutable bool read; // looked up: lookups mark what they found, reading stays const
    };
    QVarLengthArray<Member, 12> m_members;
    mutable qsizetype m_readCount = 0;
};

} // namespace callconsole::json

#include "JsonValues.h"

#include <QJsonDocument>

#include <algorithm>
#include <cctype>
#include <vector>

namespace callconsole::json {

QString child(const QString &path, const QString &key)
{
    // An empty key still needs a visible path, or the finding would point nowhere.
    if (key.isEmpty())
        return path + QStringLiteral("[\"\"]");
    return path.isEmpty() ? key : path + QLatin1Char('.') + key;
}

QString element(const QString &path, qsizetype index)
{
    // Built for every array item a reader visits; QString::arg's format parsing cost more than
    // the rest of reading a participant's path.
    return path + QLatin1Char('[') + QString::number(index) + QLatin1Char(']');
}

QString shown(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: {
        const double d = value.toDouble();
        // Casting a double outside qint64's range is undefined, so only whole numbers that
        // fit are printed without an exponent.
        if (d > -9.2e18 && d < 9.2e18 && static_cast<double>(static_cast<qint64>(d)) == d)
            return QString::number(static_cast<qint64>(d));
        return QString::number(d, 'g', 17);
    }
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Undefined:
        break;
    }
    return {};
}

QJsonValue bodyValue(const QByteArray &body)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error == QJsonParseError::NoError && document.isObject())
        return document.object();
    if (error.error == QJsonParseError::NoError && document.isArray())
        return document.array();
    return QString::fromUtf8(body);
}

QString kindName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("a boolean");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

std::optional<qint64> integer(const QJsonValue &value, bool *wasString)
{
    if (wasString)
        *wasString = false;
    // Beyond 2^53 a double no longer holds every integer; such values are never meant here.
    constexpr double limit = 9007199254740992.0;
    if (value.isDouble()) {
        const double d = value.toDouble();
        if (d < -limit || d > limit)
            return std::nullopt;
        const auto i = static_cast<qint64>(d);
        if (static_cast<double>(i) != d)
            return std::nullopt;
        return i;
    }
    if (value.isString()) {
        const QString text = value.toString();
        if (text.isEmpty() || text.size() > 16)
            return std::nullopt;
        const bool negative = text.startsWith(QLatin1Char('-'));
        const QStringView digits = QStringView(text).mid(negative ? 1 : 0);
        if (digits.isEmpty())
            return std::nullopt;
        for (const QChar c : digits) {
            if (c < QLatin1Char('0') || c > QLatin1Char('9'))
                return std::nullopt;
        }
        bool ok = false;
        const qint64 i = text.toLongLong(&ok);
        if (!ok)
            return std::nullopt;
        if (wasString)
            *wasString = true;
        return i;
    }
    return std::nullopt;
}

namespace {

int editDistance(const QString &a, const QString &b)
{
    std::vector<int> previous(static_cast<size_t>(b.size()) + 1);
    std::vector<int> current(previous.size());
    for (size_t j = 0; j < previous.size(); ++j)
        previous[j] = static_cast<int>(j);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        current[0] = static_cast<int>(i);
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const int substitution = previous[static_cast<size_t>(j - 1)] + (a[i - 1] == b[j - 1] ? 0 : 1);
            current[static_cast<size_t>(j)] = std::min({previous[static_cast<size_t>(j)] + 1,
                                                        current[static_cast<size_t>(j - 1)] + 1,
                                                        substitution});
        }
        std::swap(previous, current);
    }
    return previous.back();
}

} // namespace

QString closestMatch(const QString &text, const QStringList &candidates)
{
    // Long garbage is never a typo, and comparing it costs quadratic time.
    if (text.isEmpty() || text.size() > 64)
        return {};
    const QString wanted = text.toUpper();
    QString best;
    int bestDistance = 0;
    for (const auto &candidate : candidates) {
        const int distance = editDistance(wanted, candidate.toUpper());
        if (best.isEmpty() || distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
        }
    }
    // A third of the longer name may differ: catches CALL_ANSWERD and NEW_INCOMING_CALL
    // without suggesting HANGUP for an unrelated word.
    const auto longer = std::max(wanted.size(), best.size());
    if (best.isEmpty() || bestDistance * 3 > longer + 2)
        return {};
    return best;
}

QMap<QString, QString> stringMap(const QJsonObject &object, const QString &path,
                                 ValidationIssues &issues, const QString &code)
{
    QMap<QString, QString> map;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (!it.value().isString()) {
            issues << ValidationIssue::error(child(path, it.key()), shown(it.value()),
                                             QStringLiteral("expected a string value, got %1")
                                                 .arg(kindName(it.value())),
                                             code);
            continue;
        }
        map.insert(it.key(), it.value().toString());
    }
    return map;
}

namespace {

bool needsEscape(char16_t c)
{
    return c == u'"' || c == u'\\' || c < 0x20;
}

} // namespace

QByteArray escapedForString(QStringView text)
{
    if (std::none_of(text.begin(), text.end(), [](QChar c) { return needsEscape(c.unicode()); }))
        return text.toUtf8(); // the usual case: ids, numbers, phone numbers, header values
    // QJsonDocument writes the escapes: ["…"] without its brackets and quotes.
    const QByteArray quoted = QJsonDocument(QJsonArray{text.toString()}).toJson(QJsonDocument::Compact);
    return quoted.mid(2, quoted.size() - 4);
}

QByteArray escapedForString(QByteArrayView latin1)
{
    const bool plainAscii = std::none_of(latin1.begin(), latin1.end(), [](char c) {
        return static_cast<unsigned char>(c) >= 0x80 || needsEscape(char16_t(static_cast<unsigned char>(c)));
    });
    if (plainAscii)
        return latin1.toByteArray();
    return escapedForString(QString::fromLatin1(latin1));
}

Members::Members(const QJsonObject &object)
{
    m_members.reserve(object.size());
    for (auto it = object.constBegin(); it != object.constEnd(); ++it)
        m_members.append({it.key(), it.value(), false});
}

QJsonValue Members::value(QLatin1String key) const
{
    for (const auto &member : m_members) {
        if (member.key == key) {
            if (!member.read) {
                member.read = true;
                ++m_readCount;
            }
            return member.value;
        }
    }
    return QJsonValue(QJsonValue::Undefined);
}

QStringList Members::unreadKeys() const
{
    QStringList unread;
    if (m_readCount == m_members.size())
        return unread; // the usual event: nothing to look at
    for (const auto &member : m_members) {
        if (!member.read)
            unread << member.key;
    }
    return unread;
}

QString strictSyntaxProblem(QByteArrayView text)
{
    if (!text.isValidUtf8())
        return QStringLiteral("invalid JSON: the body is not UTF-8 (RFC 8259 §8.1)");
    const auto at = [](qsizetype offset, const QString &what) {
        return QStringLiteral("invalid JSON at offset %1: %2").arg(offset).arg(what);
    };
    const auto hexUnit = [&text](qsizetype from) -> int { // the XXXX of \uXXXX at from, or -1
        if (from + 4 > text.size())
            return -1;
        bool ok = false;
        const int unit = text.sliced(from, 4).toInt(&ok, 16);
        for (qsizetype i = from; i < from + 4; ++i)
            ok = ok && std::isxdigit(static_cast<unsigned char>(text.at(i)));
        return ok ? unit : -1;
    };
    bool inString = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text.at(i);
        if (!inString) {
            inString = c == '"';
            continue;
        }
        if (c == '"') {
            inString = false;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            return at(i, QStringLiteral("a control character in a string must be escaped"));
        } else if (c == '\\') {
            const char escaped = i + 1 < text.size() ? text.at(i + 1) : '\0';
            if (escaped != 'u') {
                if (!QByteArrayView("\"\\/bfnrt").contains(escaped) || escaped == '\0')
                    return at(i, QStringLiteral("'\\%1' is not a JSON escape").arg(QLatin1Char(escaped)));
                ++i;
                continue;
            }
            const int unit = hexUnit(i + 2);
            if (unit < 0)
                return at(i, QStringLiteral("\\u needs four hexadecimal digits"));
            if (unit >= 0xDC00 && unit <= 0xDFFF)
                return at(i, QStringLiteral("\\u%1 is a low surrogate without a high one before it").arg(unit, 4, 16, QLatin1Char('0')));
            if (unit >= 0xD800 && unit <= 0xDBFF) {
                const bool paired = text.sliced(i + 6).startsWith("\\u") && hexUnit(i + 8) >= 0xDC00 && hexUnit(i + 8) <= 0xDFFF;
                if (!paired)
                    return at(i, QStringLiteral("\\u%1 is a high surrogate without its low surrogate").arg(unit, 4, 16, QLatin1Char('0')));
                i += 6;
            }
            i += 5;
        }
    }
    return {};
}

} // namespace callconsole::json

#include "ActionCatalogue.h"

#include "InvocationEvent.h"
#include "JsonValues.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>

#include <limits>

namespace callconsole::actioncatalogue {

namespace {

using json::child;
using json::element;
using json::kindName;
using json::shown;

const QString missingCode = QStringLiteral("MissingRequiredActionParameter");
const QString invalidCode = QStringLiteral("InvalidActionParameter");
constexpr qint64 unbounded = std::numeric_limits<qint64>::max();

bool isE164(const QString &number)
{
    static const QRegularExpression pattern(QStringLiteral("^\\+[1-9][0-9]{1,14}$"));
    return pattern.match(number).hasMatch();
}

// Reads one action's Parameters and records what each rule found. Every check names the
// parameter path, so "Actions[2].Parameters.Text: missing — Speak requires Text".
class ParameterChecker
{
public:
    ParameterChecker(const QString &type, const QJsonObject &parameters, const QString &actionPath,
                     ValidationIssues &issues)
        : m_type(type), m_parameters(parameters), m_path(child(actionPath, QStringLiteral("Parameters"))),
          m_issues(issues)
    {
    }

    // Unknown names are typos more often than not; the service ignores or rejects them.
    ~ParameterChecker()
    {
        for (auto it = m_parameters.constBegin(); it != m_parameters.constEnd(); ++it) {
            if (!m_seen.contains(it.key()))
                m_issues << ValidationIssue::warning(child(m_path, it.key()), {},
                                                     QStringLiteral("not a parameter of %1; ignored or rejected by the service").arg(m_type));
        }
    }
    ParameterChecker(const ParameterChecker &) = delete;
    ParameterChecker &operator=(const ParameterChecker &) = delete;

    // The value of name in object (the Parameters by default), or Undefined with a finding
    // when required and missing.
    QJsonValue take(const QString &name, bool required, const QJsonObject *object = nullptr,
                    const QString &parent = {})
    {
        const QJsonObject &source = object ? *object : m_parameters;
        const QString path = child(parent.isEmpty() ? m_path : parent, name);
        if (!object)
            m_seen.insert(name);
        const QJsonValue value = source.value(name);
        if (value.isUndefined() || value.isNull()) {
            if (required) {
                const QString shortName = QString(path).remove(0, m_path.size() + 1);
                m_issues << ValidationIssue::error(path, {}, QStringLiteral("missing — %1 requires %2").arg(m_type, shortName),
                                                   missingCode);
            }
            return QJsonValue(QJsonValue::Undefined);
        }
        return value;
    }

    void invalid(const QString &path, const QJsonValue &value, const QString &rule, const QString &code = invalidCode)
    {
        m_issues << ValidationIssue::error(path, shown(value), rule, code);
    }

    void warn(const QString &path, const QString &value, const QString &rule)
    {
        m_issues << ValidationIssue::warning(path, value, rule);
    }

    QString pathOf(const QString &name, const QString &parent = {}) const
    {
        return child(parent.isEmpty() ? m_path : parent, name);
    }

    std::optional<QString> string(const QString &name, bool required, qsizetype maxLength = -1,
                                  const QJsonObject *object = nullptr, const QString &parent = {})
    {
        const QJsonValue value = take(name, required, object, parent);
        if (value.isUndefined())
            return std::nullopt;
        const QString path = pathOf(name, parent);
        if (!value.isString()) {
            invalid(path, value, QStringLiteral("expected a string, got %1").arg(kindName(value)));
            return std::nullopt;
        }
        const QString text = value.toString();
        if (required && text.trimmed().isEmpty()) {
            invalid(path, value, QStringLiteral("must not be empty — %1 requires it").arg(m_type), missingCode);
            return std::nullopt;
        }
        if (maxLength >= 0 && text.size() > maxLength) {
            invalid(path, value, QStringLiteral("%1 characters; at most %2").arg(text.size()).arg(maxLength));
            return std::nullopt;
        }
        return text;
    }

    void oneOf(const QString &name, bool required, const QStringList &allowed,
               const QJsonObject *object = nullptr, const QString &parent = {})
    {
        const auto text = string(name, required, -1, object, parent);
        if (text && !allowed.contains(*text))
            invalid(pathOf(name, parent), *text, QStringLiteral("is not one of %1").arg(allowed.join(QStringLiteral(", "))));
    }

    // Numbers arrive as JSON numbers or as numeric strings ("3000"); the service takes both.
    std::optional<qint64> integer(const QString &name, bool required, qint64 min, qint64 max = unbounded,
                                  const QJsonObject *object = nullptr, const QString &parent = {})
    {
        const QJsonValue value = take(name, required, object, parent);
        if (value.isUndefined())
            return std::nullopt;
        const auto number = json::integer(value);
        const QString range = max == unbounded ? QStringLiteral("≥ %1").arg(min) : QStringLiteral("%1–%2").arg(min).arg(max);
        if (!number || *number < min || *number > max) {
            invalid(pathOf(name, parent), value, QStringLiteral("expected an integer %1 (a number or a numeric string)").arg(range));
            return std::nullopt;
        }
        return number;
    }

    // DG voice-focus.md writes `"Enable": True|False` (not JSON) and its table "True | False";
    // handlers written from it send the strings "True"/"False", which the service takes.
    void voiceFocusEnable()
    {
        const QString name = QStringLiteral("Enable");
        const QJsonValue value = take(name, true);
        if (value.isUndefined() || value.isBool())
            return;
        const QString text = value.toString();
        if (value.isString() && (text.compare(QLatin1String("true"), Qt::CaseInsensitive) == 0
                                 || text.compare(QLatin1String("false"), Qt::CaseInsensitive) == 0)) {
            m_issues << ValidationIssue::warning(pathOf(name), text,
                                                 QStringLiteral("a string, not a JSON boolean — DG voice-focus.md shows "
                                                                "True|False and samples send \"True\"; the service and the "
                                                                "simulator accept it, but write %1").arg(text.toLower()));
            return;
        }
        invalid(pathOf(name), value, QStringLiteral("expected true or false, got %1").arg(kindName(value)));
    }

    std::optional<QJsonObject> object(const QString &name, bool required, const QJsonObject *parentObject = nullptr,
                                      const QString &parent = {})
    {
        const QJsonValue value = take(name, required, parentObject, parent);
        if (value.isUndefined())
            return std::nullopt;
        if (!value.isObject()) {
            invalid(pathOf(name, parent), value, QStringLiteral("expected an object, got %1").arg(kindName(value)));
            return std::nullopt;
        }
        return value.toObject();
    }

    std::optional<QJsonArray> array(const QString &name, bool required, qsizetype minSize, qsizetype maxSize,
                                    const QJsonObject *parentObject = nullptr, const QString &parent = {})
    {
        const QJsonValue value = take(name, required, parentObject, parent);
        if (value.isUndefined())
            return std::nullopt;
        const QString path = pathOf(name, parent);
        if (!value.isArray()) {
            invalid(path, value, QStringLiteral("expected an array, got %1").arg(kindName(value)));
            return std::nullopt;
        }
        const QJsonArray items = value.toArray();
        if (items.size() < minSize || items.size() > maxSize) {
            invalid(path, value, QStringLiteral("expected %1–%2 entries, got %3").arg(minSize).arg(maxSize).arg(items.size()));
            return std::nullopt;
        }
        return items;
    }

    // CallId/ParticipantTag pick the leg; "" is what the Workshop sends for "the invoked leg".
    void target(bool callIdRequired)
    {
        string(QStringLiteral("CallId"), callIdRequired);
        targetTag();
    }

    // The page says CallId is required, yet AWS's own samples leave it out and the service runs
    // the action on the invoked leg: accepted, with a warning that names both sources.
    void targetWithOptionalCallId(const QString &page)
    {
        if (m_parameters.value(QStringLiteral("CallId")).isUndefined()) {
            m_issues << ValidationIssue::warning(pathOf(QStringLiteral("CallId")), {},
                                                 QStringLiteral("missing — DG %1 lists CallId as required, but the "
                                                                "other action pages default to the invoked call leg and public "
                                                                "handlers rely on that; the simulator runs it on the invoked leg")
                                                     .arg(page));
        }
        string(QStringLiteral("CallId"), false);
        targetTag();
    }

    void targetTag()
    {
        const QJsonValue tag = take(QStringLiteral("ParticipantTag"), false);
        if (tag.isUndefined())
            return;
        const QString path = pathOf(QStringLiteral("ParticipantTag"));
        if (!tag.isString()) {
            invalid(path, tag, QStringLiteral("expected LEG-A or LEG-B, got %1").arg(kindName(tag)));
        } else if (!tag.toString().isEmpty()) {
            const auto parsed = participantTagFromString(tag.toString());
            if (!parsed)
                invalid(path, tag, QStringLiteral("is not one of LEG-A, LEG-B"));
            else if (toString(*parsed) != tag.toString())
                m_issues << ValidationIssue::warning(path, tag.toString(), QStringLiteral("write it as %1").arg(toString(*parsed)));
        }
    }

    // {Type:"S3", BucketName, Key}: the only audio source the service reads.
    void s3Source(const QString &name, bool required, bool keyRequired = true)
    {
        const auto source = object(name, required);
        if (!source)
            return;
        const QString path = pathOf(name);
        const auto type = string(QStringLiteral("Type"), true, -1, &*source, path);
        if (type && *type != QLatin1String("S3"))
            invalid(child(path, QStringLiteral("Type")), *type, QStringLiteral("the only supported type is S3"));
        string(QStringLiteral("BucketName"), true, -1, &*source, path);
        string(QStringLiteral("Key"), keyRequired, -1, &*source, path);
    }

    void digitList(const QString &name, bool required)
    {
        const auto items = array(name, required, required ? 1 : 0, 12);
        if (!items)
            return;
        static const QRegularExpression digit(QStringLiteral("^[0-9#*]$"));
        for (qsizetype i = 0; i < items->size(); ++i) {
            const QJsonValue item = items->at(i);
            if (!item.isString() || !digit.match(item.toString()).hasMatch())
                invalid(element(pathOf(name), i), item, QStringLiteral("expected one of \"0\"–\"9\", \"#\", \"*\""));
        }
    }

    void regex(const QString &name, bool required)
    {
        const auto pattern = string(name, required);
        if (pattern && !QRegularExpression(*pattern).isValid())
            invalid(pathOf(name), *pattern, QStringLiteral("is not a valid regular expression"));
    }

    void speech(const QString &name)
    {
        const auto parameters = object(name, true);
        if (!parameters)
            return;
        const QString path = pathOf(name);
        speechFields(&*parameters, path);
    }

    // Text, Engine, LanguageCode, TextType, VoiceId: shared by Speak and SpeakAndGetDigits.
    void speechFields(const QJsonObject *object, const QString &parent)
    {
        const QString textPath = pathOf(QStringLiteral("Text"), parent);
        const QJsonValue text = take(QStringLiteral("Text"), true, object, parent);
        if (!text.isUndefined()) {
            if (!text.isString())
                invalid(textPath, text, QStringLiteral("expected a string, got %1").arg(kindName(text)));
            else if (text.toString().trimmed().isEmpty())
                invalid(textPath, text, QStringLiteral("must not be empty — %1 requires Text").arg(m_type), missingCode);
            // The service reports the length limit as MissingRequiredActionParameter (DG speak.md).
            else if (text.toString().size() > 1000)
                invalid(textPath, text, QStringLiteral("%1 characters; Text is limited to 1,000 characters").arg(text.toString().size()),
                        missingCode);
        }
        oneOf(QStringLiteral("Engine"), false, {QStringLiteral("standard"), QStringLiteral("neural")}, object, parent);
        oneOf(QStringLiteral("TextType"), false, {QStringLiteral("text"), QStringLiteral("ssml")}, object, parent);
        string(QStringLiteral("LanguageCode"), false, -1, object, parent);
        string(QStringLiteral("VoiceId"), false, -1, object, parent);
    }

    // Shared by PlayAudioAndGetDigits and SpeakAndGetDigits.
    void digitCollection()
    {
        integer(QStringLiteral("RepeatDurationInMilliseconds"), true, 1);
        regex(QStringLiteral("InputDigitsRegex"), false);
        const auto min = integer(QStringLiteral("MinNumberOfDigits"), false, 0);
        const auto max = integer(QStringLiteral("MaxNumberOfDigits"), false, 0);
        if (min && max && *min > *max)
            invalid(pathOf(QStringLiteral("MinNumberOfDigits")), QString::number(*min),
                    QStringLiteral("must not exceed MaxNumberOfDigits (%1)").arg(*max));
        digitList(QStringLiteral("TerminatorDigits"), false);
        integer(QStringLiteral("InBetweenDigitsDurationInMilliseconds"), false, 1);
        integer(QStringLiteral("Repeat"), false, 1);
    }

    void sipHeaders(const QString &name)
    {
        const auto headers = object(name, false);
        if (!headers)
            return;
        const QString path = pathOf(name);
        for (auto it = headers->constBegin(); it != headers->constEnd(); ++it) {
            const QString headerPath = child(path, it.key());
            const QString key = it.key();
            const bool custom = key.startsWith(QLatin1String("x-"), Qt::CaseInsensitive);
            if (key.startsWith(QLatin1String("X-AMZN"), Qt::CaseInsensitive))
                invalid(headerPath, key, QStringLiteral("X-AMZN headers are reserved; the call fails"));
            else if (!custom && key != QLatin1String("User-to-User") && key != QLatin1String("Diversion"))
                invalid(headerPath, key, QStringLiteral("header names start with x- or are User-to-User or Diversion"));
            if (!it.value().isString())
                invalid(headerPath, it.value(), QStringLiteral("expected a string, got %1").arg(kindName(it.value())));
            else if (it.value().toString().size() > 2048)
                invalid(headerPath, it.value(), QStringLiteral("header values are limited to 2,048 characters"));
        }
    }

    const QString &path() const { return m_path; }
    const QJsonObject &parameters() const { return m_parameters; }

private:
    QString m_type;
    QJsonObject m_parameters;
    QString m_path;
    ValidationIssues &m_issues;
    QSet<QString> m_seen;
};

void callAndBridge(ParameterChecker &c)
{
    const auto caller = c.string(QStringLiteral("CallerIdNumber"), true);
    if (caller && !isE164(*caller))
        c.invalid(c.pathOf(QStringLiteral("CallerIdNumber")), *caller, QStringLiteral("expected an E.164 number such as +12065550100"));
    c.integer(QStringLiteral("CallTimeoutSeconds"), false, 1, 120);
    c.s3Source(QStringLiteral("RingbackTone"), false);
    c.sipHeaders(QStringLiteral("SipHeaders"));
    const auto endpoints = c.array(QStringLiteral("Endpoints"), true, 1, 1);
    if (!endpoints)
        return;
    const QString endpointPath = element(c.pathOf(QStringLiteral("Endpoints")), 0);
    if (!endpoints->first().isObject()) {
        c.invalid(endpointPath, endpoints->first(), QStringLiteral("expected an object {BridgeEndpointType, Uri, Arn}"));
        return;
    }
    const QJsonObject endpoint = endpoints->first().toObject();
    const auto kind = c.string(QStringLiteral("BridgeEndpointType"), true, -1, &endpoint, endpointPath);
    const auto uri = c.string(QStringLiteral("Uri"), true, -1, &endpoint, endpointPath);
    if (kind == QLatin1String("PSTN")) {
        if (uri && !isE164(*uri))
            c.invalid(child(endpointPath, QStringLiteral("Uri")), *uri, QStringLiteral("a PSTN endpoint's Uri is an E.164 number"));
    } else if (kind == QLatin1String("AWS")) {
        if (uri && uri->size() > 30)
            c.invalid(child(endpointPath, QStringLiteral("Uri")), *uri, QStringLiteral("an AWS endpoint's Uri is 1–30 characters"));
        c.string(QStringLiteral("Arn"), true, -1, &endpoint, endpointPath);
    } else if (kind) {
        c.invalid(child(endpointPath, QStringLiteral("BridgeEndpointType")), *kind, QStringLiteral("is not one of PSTN, AWS"));
    }
    if (kind == QLatin1String("PSTN") && c.parameters().contains(QStringLiteral("SipHeaders")))
        c.warn(c.pathOf(QStringLiteral("SipHeaders")), shown(c.parameters().value(QStringLiteral("SipHeaders"))),
               QStringLiteral("to a PSTN endpoint — the parameter table of DG call-and-bridge.md allows SipHeaders "
                              "only with an AWS endpoint, but the same page's example and DG sip-headers.md send them "
                              "to PSTN, as AWS samples do; accepted"));
}

void recordAudio(ParameterChecker &c)
{
    c.target(false);
    const auto destination = c.object(QStringLiteral("RecordingDestination"), true);
    if (destination) {
        const QString path = c.pathOf(QStringLiteral("RecordingDestination"));
        const auto type = c.string(QStringLiteral("Type"), true, -1, &*destination, path);
        if (type && *type != QLatin1String("S3"))
            c.invalid(child(path, QStringLiteral("Type")), *type, QStringLiteral("the only supported type is S3"));
        c.string(QStringLiteral("BucketName"), true, -1, &*destination, path);
        c.string(QStringLiteral("Prefix"), false, 979, &*destination, path);
    }
    c.digitList(QStringLiteral("RecordingTerminators"), true);
    c.integer(QStringLiteral("DurationInSeconds"), false, 1);
    c.integer(QStringLiteral("SilenceDurationInSeconds"), false, 1, 1000);
    c.integer(QStringLiteral("SilenceThreshold"), false, 1, 1000);
}

void startBotConversation(ParameterChecker &c)
{
    c.target(false);
    const auto arn = c.string(QStringLiteral("BotAliasArn"), true);
    if (arn && !arn->startsWith(QLatin1String("arn:")))
        c.invalid(c.pathOf(QStringLiteral("BotAliasArn")), *arn, QStringLiteral("expected a Lex bot alias ARN (arn:aws:lex:…)"));
    c.string(QStringLiteral("LocaleId"), false);
    const auto configuration = c.object(QStringLiteral("Configuration"), false);
    if (!configuration)
        return;
    const QString path = c.pathOf(QStringLiteral("Configuration"));
    if (QJsonDocument(*configuration).toJson(QJsonDocument::Compact).size() > 10 * 1024)
        c.invalid(path, QStringLiteral("%1 bytes").arg(QJsonDocument(*configuration).toJson(QJsonDocument::Compact).size()), QStringLiteral("Configuration is limited to 10 KB of JSON"));
    if (const auto state = c.object(QStringLiteral("SessionState"), false, &*configuration, path)) {
        const QString statePath = child(path, QStringLiteral("SessionState"));
        if (const auto dialog = c.object(QStringLiteral("DialogAction"), false, &*state, statePath))
            c.oneOf(QStringLiteral("Type"), true, {QStringLiteral("Delegate"), QStringLiteral("ElicitIntent")}, &*dialog,
                    child(statePath, QStringLiteral("DialogAction")));
    }
    if (const auto messages = c.array(QStringLiteral("WelcomeMessages"), false, 0, 100, &*configuration, path)) {
        for (qsizetype i = 0; i < messages->size(); ++i) {
            const QString messagePath = element(child(path, QStringLiteral("WelcomeMessages")), i);
            const QJsonObject message = messages->at(i).toObject();
            c.string(QStringLiteral("Content"), true, -1, &message, messagePath);
            c.oneOf(QStringLiteral("ContentType"), true, {QStringLiteral("PlainText"), QStringLiteral("SSML")}, &message, messagePath);
        }
    }
}

void checkAction(const QString &type, ParameterChecker &c)
{
    if (type == QLatin1String("Hangup")) {
        c.target(false);
        const auto code = c.integer(QStringLiteral("SipResponseCode"), false, 0, 699);
        if (code && *code != 0 && *code != 480 && *code != 486)
            c.invalid(c.pathOf(QStringLiteral("SipResponseCode")), QString::number(*code),
                      QStringLiteral("is not one of 0 (normal clearing), 480 (unavailable), 486 (busy)"));
    } else if (type == QLatin1String("Pause")) {
        c.target(false);
        c.integer(QStringLiteral("DurationInMilliseconds"), true, 1);
    } else if (type == QLatin1String("PlayAudio")) {
        c.target(false);
        c.s3Source(QStringLiteral("AudioSource"), true);
        c.integer(QStringLiteral("Repeat"), false, 1);
        c.digitList(QStringLiteral("PlaybackTerminators"), false);
    } else if (type == QLatin1String("PlayAudioAndGetDigits")) {
        c.target(false);
        c.s3Source(QStringLiteral("AudioSource"), true);
        c.s3Source(QStringLiteral("FailureAudioSource"), true);
        c.digitCollection();
    } else if (type == QLatin1String("Speak")) {
        c.targetWithOptionalCallId(QStringLiteral("speak.md"));
        c.speechFields(nullptr, {});
    } else if (type == QLatin1String("SpeakAndGetDigits")) {
        c.target(true);
        c.speech(QStringLiteral("SpeechParameters"));
        c.speech(QStringLiteral("FailureSpeechParameters"));
        c.digitCollection();
    } else if (type == QLatin1String("ReceiveDigits")) {
        c.target(false);
        c.regex(QStringLiteral("InputDigitsRegex"), true);
        c.integer(QStringLiteral("InBetweenDigitsDurationInMilliseconds"), true, 1);
        c.integer(QStringLiteral("FlushDigitsDurationInMilliseconds"), true, 1);
    } else if (type == QLatin1String("SendDigits")) {
        c.target(true);
        const auto digits = c.string(QStringLiteral("Digits"), true);
        static const QRegularExpression allowed(QStringLiteral("^[0-9*#A-D,]+$"));
        if (digits && (digits->size() > 50 || !allowed.match(*digits).hasMatch()))
            c.invalid(c.pathOf(QStringLiteral("Digits")), *digits,
                      QStringLiteral("expected up to 50 of 0-9 * # A-D and ',' (a 500 ms pause)"));
        c.integer(QStringLiteral("ToneDurationInMilliseconds"), false, 50, 24000);
    } else if (type == QLatin1String("RecordAudio")) {
        recordAudio(c);
    } else if (type == QLatin1String("CallAndBridge")) {
        callAndBridge(c);
    } else if (type == QLatin1String("JoinChimeMeeting")) {
        c.target(false);
        c.string(QStringLiteral("JoinToken"), true);
        c.string(QStringLiteral("MeetingId"), false);
    } else if (type == QLatin1String("ModifyChimeMeetingAttendees")) {
        c.target(false);
        c.oneOf(QStringLiteral("Operation"), true, {QStringLiteral("Mute"), QStringLiteral("Unmute")});
        c.string(QStringLiteral("MeetingId"), true);
        if (const auto attendees = c.array(QStringLiteral("AttendeeList"), true, 1, 100)) {
            for (qsizetype i = 0; i < attendees->size(); ++i) {
                const QJsonValue attendee = attendees->at(i);
                if (!attendee.isString() || attendee.toString().isEmpty())
                    c.invalid(element(c.pathOf(QStringLiteral("AttendeeList")), i), attendee, QStringLiteral("expected an attendee id string"));
            }
        }
    } else if (type == QLatin1String("StartBotConversation")) {
        startBotConversation(c);
    } else if (type == QLatin1String("VoiceFocus")) {
        c.targetWithOptionalCallId(QStringLiteral("voice-focus.md"));
        c.voiceFocusEnable();
    } else if (type == QLatin1String("StartCallRecording")) {
        c.target(true);
        c.oneOf(QStringLiteral("Track"), true, {QStringLiteral("BOTH"), QStringLiteral("INCOMING"), QStringLiteral("OUTGOING")});
        if (const auto destination = c.object(QStringLiteral("Destination"), true)) {
            const QString path = c.pathOf(QStringLiteral("Destination"));
            const auto kind = c.string(QStringLiteral("Type"), true, -1, &*destination, path);
            if (kind && *kind != QLatin1String("S3"))
                c.invalid(child(path, QStringLiteral("Type")), *kind, QStringLiteral("the only supported type is S3"));
            c.string(QStringLiteral("Location"), true, -1, &*destination, path);
        }
    } else {
        // Stop/Pause/ResumeCallRecording take only the leg.
        c.target(true);
    }
}

} // namespace

QStringList knownTypes()
{
    return {QStringLiteral("Hangup"), QStringLiteral("Pause"), QStringLiteral("PlayAudio"),
            QStringLiteral("PlayAudioAndGetDigits"), QStringLiteral("Speak"), QStringLiteral("SpeakAndGetDigits"),
            QStringLiteral("ReceiveDigits"), QStringLiteral("SendDigits"), QStringLiteral("RecordAudio"),
            QStringLiteral("CallAndBridge"), QStringLiteral("JoinChimeMeeting"),
            QStringLiteral("ModifyChimeMeetingAttendees"), QStringLiteral("StartBotConversation"),
            QStringLiteral("VoiceFocus"), QStringLiteral("StartCallRecording"), QStringLiteral("StopCallRecording"),
            QStringLiteral("PauseCallRecording"), QStringLiteral("ResumeCallRecording")};
}

bool isKnownType(const QString &type)
{
    return knownTypes().contains(type);
}

void validateParameters(const QString &type, const QJsonObject &parameters, const QString &path,
                        ValidationIssues &issues)
{
    if (!isKnownType(type))
        return;
    ParameterChecker checker(type, parameters, path, issues);
    checkAction(type, checker);
}

bool failsOnlyItsAction(const ValidationIssue &issue)
{
    return issue.code == missingCode || issue.code == invalidCode;
}

ActionFailure documentedFailure(const QString &type, const ValidationIssue &issue)
{
    // "Actions[2].Parameters.Endpoints[0].Uri" → "Endpoints"
    const QString marker = QStringLiteral(".Parameters.");
    const qsizetype at = issue.path.indexOf(marker);
    QString parameter = at < 0 ? QString() : issue.path.mid(at + marker.size());
    parameter = parameter.section(QLatin1Char('.'), 0, 0).section(QLatin1Char('['), 0, 0);

    if (issue.code == missingCode) {
        if (type.startsWith(QLatin1String("Speak")) && issue.path.endsWith(QLatin1String("Text"))) {
            const bool tooLong = issue.rule.contains(QLatin1String("limited"));
            return {missingCode, tooLong ? QStringLiteral("Text is limited to 1,000 characters")
                                         : QStringLiteral("Text is a required parameter.")};
        }
        return {missingCode, QStringLiteral("Missing required action parameter.")};
    }
    if (parameter == QLatin1String("AudioSource") || parameter == QLatin1String("FailureAudioSource"))
        return {QStringLiteral("InvalidAudioSource"), QStringLiteral("Audio Source parameter value is invalid.")};
    if (parameter.isEmpty() || parameter == QLatin1String("CallId") || parameter == QLatin1String("ParticipantTag"))
        return {invalidCode, QStringLiteral("CallId or ParticipantTag parameter for action is invalid.")};
    if (parameter == QLatin1String("ToneDurationInMilliseconds"))
        return {invalidCode, QStringLiteral("ToneDuration parameter value is invalid.")};
    if (parameter == QLatin1String("SipHeaders") && issue.value.startsWith(QLatin1String("X-AMZN"), Qt::CaseInsensitive))
        return {invalidCode, QStringLiteral("Invalid SIP header(s) provided: %1").arg(issue.value)};
    if (type == QLatin1String("ModifyChimeMeetingAttendees")) {
        if (parameter == QLatin1String("Operation"))
            return {invalidCode, QStringLiteral("The ModifyChimeMeetingAttendees Operation parameter value is invalid")};
        if (parameter == QLatin1String("MeetingId"))
            return {invalidCode, QStringLiteral("Meeting ID parameter value is invalid.")};
        if (parameter == QLatin1String("AttendeeList"))
            return {invalidCode, QStringLiteral("Attendee List parameter value is invalid.")};
    }
    return {invalidCode, QStringLiteral("%1 parameter value is invalid.").arg(parameter)};
}

} // namespace callconsole::actioncatalogue

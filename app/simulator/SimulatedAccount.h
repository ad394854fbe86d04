// The simulated AWS account's PSTN audio resources and the control-plane operations on them, in
// the botocore model's REST shapes: SIP media applications (their endpoint, logging
// configuration), SIP rules, phone numbers, Voice Connectors. Each operation takes the request
// as the API receives it and answers as AWS does — a status and body, or an error type and a
// message naming the member, value and rule. It also answers the question an inbound call asks:
// which SIP rule and SMA does this dialled number reach, and where does that SMA's Lambda run.
#pragma once

#include "SimulatorConfig.h"

#include <QHash>
#include <QJsonObject>
#include <QUrlQuery>

#include <optional>
#include <variant>

namespace callconsole {

struct ApiAnswer
{
    int status = 200;
    QJsonObject body;        // the answer's JSON (none for 204)
    QString errorType;       // "NotFoundException"; empty on success
    QString message;

    bool isError() const { return !errorType.isEmpty(); }
    static ApiAnswer ok(int status, QJsonObject body = {}) { return ApiAnswer{status, std::move(body), {}, {}}; }
    static ApiAnswer error(int status, QString type, QString message) { return ApiAnswer{status, {}, std::move(type), std::move(message)}; }
    static ApiAnswer badRequest(const ValidationIssues &issues);
};

// Where an inbound call to a number goes.
struct InboundRoute
{
    SimulatedSipRule rule;
    SimulatedSma sma;
};

class SimulatedAccount
{
public:
    explicit SimulatedAccount(const SimulatorConfig &config);

    // SIP media applications
    ApiAnswer createSipMediaApplication(const QJsonObject &body);
    ApiAnswer getSipMediaApplication(const QString &id) const;
    ApiAnswer updateSipMediaApplication(const QString &id, const QJsonObject &body);
    ApiAnswer deleteSipMediaApplication(const QString &id);
    ApiAnswer listSipMediaApplications(const QUrlQuery &query) const;
    ApiAnswer getLoggingConfiguration(const QString &id) const;
    ApiAnswer putLoggingConfiguration(const QString &id, const QJsonObject &body);
    // SIP rules
    ApiAnswer createSipRule(const QJsonObject &body);
    ApiAnswer getSipRule(const QString &id) const;
    ApiAnswer updateSipRule(const QString &id, const QJsonObject &body);
    ApiAnswer deleteSipRule(const QString &id);
    ApiAnswer listSipRules(const QUrlQuery &query) const;
    // Phone numbers and Voice Connectors
    ApiAnswer getPhoneNumber(const QString &id) const;
    ApiAnswer listPhoneNumbers(const QUrlQuery &query) const;
    ApiAnswer getVoiceConnector(const QString &id) const;
    ApiAnswer listVoiceConnectors(const QUrlQuery &query) const;

    const SimulatedSma *application(const QString &id) const;
    const QList<SimulatedSma> &applications() const { return m_applications; }
    bool hasPhoneNumber(const QString &e164) const;
    // The enabled SIP rule the number is on and the first of its target applications (by
    // Priority) that exists; an error answer saying which link is missing otherwise.
    std::variant<InboundRoute, ApiAnswer> route(const QString &dialledNumber) const;
    // Where events for this SMA are POSTed: the URL serving its Lambda (lambdaFunctions, by
    // ARN or function name), else its configured endpointUrl, else `fallback`.
    QUrl endpointFor(const SimulatedSma &sma, const QUrl &fallback) const;

private:
    QJsonObject applicationJson(const SimulatedSma &sma) const;
    QJsonObject phoneNumberJson(const SimulatedPhoneNumber &number) const;
    QList<SimulatedVoiceConnector> voiceConnectors() const;
    SimulatedSipRule *sipRule(const QString &id);
    SimulatedPhoneNumber *phoneNumber(const QString &e164);
    ApiAnswer checkTargets(const SimulatedSipRule &rule) const;

    QString m_accountId;
    QList<SimulatedSma> m_applications;
    QList<SimulatedSipRule> m_sipRules;
    QList<SimulatedPhoneNumber> m_phoneNumbers;
    QList<SimulatedVoiceConnector> m_voiceConnectors;
    QHash<QString, QUrl> m_lambdaFunctions;
};

} // namespace callconsole

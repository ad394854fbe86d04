#include "ApiOperations.h"

#include <QStringList>
#include <QUrl>

#include <iterator>

namespace callconsole::apioperations {

namespace {

struct Route
{
    const char *operation;
    const char *method;
    const char *uri; // the model's requestUri, query literal included
};

// botocore/data/chime-sdk-voice/2022-08-03/service-2.json, "operations": name, http.method,
// http.requestUri — all 96, alphabetical.
const Route routes[] = {
    {"AssociatePhoneNumbersWithVoiceConnector", "POST", "/voice-connectors/{voiceConnectorId}?operation=associate-phone-numbers"},
    {"AssociatePhoneNumbersWithVoiceConnectorGroup", "POST", "/voice-connector-groups/{voiceConnectorGroupId}?operation=associate-phone-numbers"},
    {"BatchDeletePhoneNumber", "POST", "/phone-numbers?operation=batch-delete"},
    {"BatchUpdatePhoneNumber", "POST", "/phone-numbers?operation=batch-update"},
    {"CreatePhoneNumberOrder", "POST", "/phone-number-orders"},
    {"CreateProxySession", "POST", "/voice-connectors/{voiceConnectorId}/proxy-sessions"},
    {"CreateSipMediaApplication", "POST", "/sip-media-applications"},
    {"CreateSipMediaApplicationCall", "POST", "/sip-media-applications/{sipMediaApplicationId}/calls"},
    {"CreateSipRule", "POST", "/sip-rules"},
    {"CreateVoiceConnector", "POST", "/voice-connectors"},
    {"CreateVoiceConnectorGroup", "POST", "/voice-connector-groups"},
    {"CreateVoiceProfile", "POST", "/voice-profiles"},
    {"CreateVoiceProfileDomain", "POST", "/voice-profile-domains"},
    {"DeletePhoneNumber", "DELETE", "/phone-numbers/{phoneNumberId}"},
    {"DeleteProxySession", "DELETE", "/voice-connectors/{voiceConnectorId}/proxy-sessions/{proxySessionId}"},
    {"DeleteSipMediaApplication", "DELETE", "/sip-media-applications/{sipMediaApplicationId}"},
    {"DeleteSipRule", "DELETE", "/sip-rules/{sipRuleId}"},
    {"DeleteVoiceConnector", "DELETE", "/voice-connectors/{voiceConnectorId}"},
    {"DeleteVoiceConnectorEmergencyCallingConfiguration", "DELETE", "/voice-connectors/{voiceConnectorId}/emergency-calling-configuration"},
    {"DeleteVoiceConnectorExternalSystemsConfiguration", "DELETE", "/voice-connectors/{voiceConnectorId}/external-systems-configuration"},
    {"DeleteVoiceConnectorGroup", "DELETE", "/voice-connector-groups/{voiceConnectorGroupId}"},
    {"DeleteVoiceConnectorOrigination", "DELETE", "/voice-connectors/{voiceConnectorId}/origination"},
    {"DeleteVoiceConnectorProxy", "DELETE", "/voice-connectors/{voiceConnectorId}/programmable-numbers/proxy"},
    {"DeleteVoiceConnectorStreamingConfiguration", "DELETE", "/voice-connectors/{voiceConnectorId}/streaming-configuration"},
    {"DeleteVoiceConnectorTermination", "DELETE", "/voice-connectors/{voiceConnectorId}/termination"},
    {"DeleteVoiceConnectorTerminationCredentials", "POST", "/voice-connectors/{voiceConnectorId}/termination/credentials?operation=delete"},
    {"DeleteVoiceProfile", "DELETE", "/voice-profiles/{VoiceProfileId}"},
    {"DeleteVoiceProfileDomain", "DELETE", "/voice-profile-domains/{VoiceProfileDomainId}"},
    {"DisassociatePhoneNumbersFromVoiceConnector", "POST", "/voice-connectors/{voiceConnectorId}?operation=disassociate-phone-numbers"},
    {"DisassociatePhoneNumbersFromVoiceConnectorGroup", "POST", "/voice-connector-groups/{voiceConnectorGroupId}?operation=disassociate-phone-numbers"},
    {"GetGlobalSettings", "GET", "/settings"},
    {"GetPhoneNumber", "GET", "/phone-numbers/{phoneNumberId}"},
    {"GetPhoneNumberOrder", "GET", "/phone-number-orders/{phoneNumberOrderId}"},
    {"GetPhoneNumberSettings", "GET", "/settings/phone-number"},
    {"GetProxySession", "GET", "/voice-connectors/{voiceConnectorId}/proxy-sessions/{proxySessionId}"},
    {"GetSipMediaApplication", "GET", "/sip-media-applications/{sipMediaApplicationId}"},
    {"GetSipMediaApplicationAlexaSkillConfiguration", "GET", "/sip-media-applications/{sipMediaApplicationId}/alexa-skill-configuration"},
    {"GetSipMediaApplicationLoggingConfiguration", "GET", "/sip-media-applications/{sipMediaApplicationId}/logging-configuration"},
    {"GetSipRule", "GET", "/sip-rules/{sipRuleId}"},
    {"GetSpeakerSearchTask", "GET", "/voice-connectors/{VoiceConnectorId}/speaker-search-tasks/{SpeakerSearchTaskId}"},
    {"GetVoiceConnector", "GET", "/voice-connectors/{voiceConnectorId}"},
    {"GetVoiceConnectorEmergencyCallingConfiguration", "GET", "/voice-connectors/{voiceConnectorId}/emergency-calling-configuration"},
    {"GetVoiceConnectorExternalSystemsConfiguration", "GET", "/voice-connectors/{voiceConnectorId}/external-systems-configuration"},
    {"GetVoiceConnectorGroup", "GET", "/voice-connector-groups/{voiceConnectorGroupId}"},
    {"GetVoiceConnectorLoggingConfiguration", "GET", "/voice-connectors/{voiceConnectorId}/logging-configuration"},
    {"GetVoiceConnectorOrigination", "GET", "/voice-connectors/{voiceConnectorId}/origination"},
    {"GetVoiceConnectorProxy", "GET", "/voice-connectors/{voiceConnectorId}/programmable-numbers/proxy"},
    {"GetVoiceConnectorStreamingConfiguration", "GET", "/voice-connectors/{voiceConnectorId}/streaming-configuration"},
    {"GetVoiceConnectorTermination", "GET", "/voice-connectors/{voiceConnectorId}/termination"},
    {"GetVoiceConnectorTerminationHealth", "GET", "/voice-connectors/{voiceConnectorId}/termination/health"},
    {"GetVoiceProfile", "GET", "/voice-profiles/{VoiceProfileId}"},
    {"GetVoiceProfileDomain", "GET", "/voice-profile-domains/{VoiceProfileDomainId}"},
    {"GetVoiceToneAnalysisTask", "GET", "/voice-connectors/{VoiceConnectorId}/voice-tone-analysis-tasks/{VoiceToneAnalysisTaskId}"},
    {"ListAvailableVoiceConnectorRegions", "GET", "/voice-connector-regions"},
    {"ListPhoneNumberOrders", "GET", "/phone-number-orders"},
    {"ListPhoneNumbers", "GET", "/phone-numbers"},
    {"ListProxySessions", "GET", "/voice-connectors/{voiceConnectorId}/proxy-sessions"},
    {"ListSipMediaApplications", "GET", "/sip-media-applications"},
    {"ListSipRules", "GET", "/sip-rules"},
    {"ListSupportedPhoneNumberCountries", "GET", "/phone-number-countries"},
    {"ListTagsForResource", "GET", "/tags"},
    {"ListVoiceConnectorGroups", "GET", "/voice-connector-groups"},
    {"ListVoiceConnectorTerminationCredentials", "GET", "/voice-connectors/{voiceConnectorId}/termination/credentials"},
    {"ListVoiceConnectors", "GET", "/voice-connectors"},
    {"ListVoiceProfileDomains", "GET", "/voice-profile-domains"},
    {"ListVoiceProfiles", "GET", "/voice-profiles"},
    {"PutSipMediaApplicationAlexaSkillConfiguration", "PUT", "/sip-media-applications/{sipMediaApplicationId}/alexa-skill-configuration"},
    {"PutSipMediaApplicationLoggingConfiguration", "PUT", "/sip-media-applications/{sipMediaApplicationId}/logging-configuration"},
    {"PutVoiceConnectorEmergencyCallingConfiguration", "PUT", "/voice-connectors/{voiceConnectorId}/emergency-calling-configuration"},
    {"PutVoiceConnectorExternalSystemsConfiguration", "PUT", "/voice-connectors/{voiceConnectorId}/external-systems-configuration"},
    {"PutVoiceConnectorLoggingConfiguration", "PUT", "/voice-connectors/{voiceConnectorId}/logging-configuration"},
    {"PutVoiceConnectorOrigination", "PUT", "/voice-connectors/{voiceConnectorId}/origination"},
    {"PutVoiceConnectorProxy", "PUT", "/voice-connectors/{voiceConnectorId}/programmable-numbers/proxy"},
    {"PutVoiceConnectorStreamingConfiguration", "PUT", "/voice-connectors/{voiceConnectorId}/streaming-configuration"},
    {"PutVoiceConnectorTermination", "PUT", "/voice-connectors/{voiceConnectorId}/termination"},
    {"PutVoiceConnectorTerminationCredentials", "POST", "/voice-connectors/{voiceConnectorId}/termination/credentials?operation=put"},
    {"RestorePhoneNumber", "POST", "/phone-numbers/{phoneNumberId}?operation=restore"},
    {"SearchAvailablePhoneNumbers", "GET", "/search?type=phone-numbers"},
    {"StartSpeakerSearchTask", "POST", "/voice-connectors/{VoiceConnectorId}/speaker-search-tasks"},
    {"StartVoiceToneAnalysisTask", "POST", "/voice-connectors/{VoiceConnectorId}/voice-tone-analysis-tasks"},
    {"StopSpeakerSearchTask", "POST", "/voice-connectors/{VoiceConnectorId}/speaker-search-tasks/{SpeakerSearchTaskId}?operation=stop"},
    {"StopVoiceToneAnalysisTask", "POST", "/voice-connectors/{VoiceConnectorId}/voice-tone-analysis-tasks/{VoiceToneAnalysisTaskId}?operation=stop"},
    {"TagResource", "POST", "/tags?operation=tag-resource"},
    {"UntagResource", "POST", "/tags?operation=untag-resource"},
    {"UpdateGlobalSettings", "PUT", "/settings"},
    {"UpdatePhoneNumber", "POST", "/phone-numbers/{phoneNumberId}"},
    {"UpdatePhoneNumberSettings", "PUT", "/settings/phone-number"},
    {"UpdateProxySession", "POST", "/voice-connectors/{voiceConnectorId}/proxy-sessions/{proxySessionId}"},
    {"UpdateSipMediaApplication", "PUT", "/sip-media-applications/{sipMediaApplicationId}"},
    {"UpdateSipMediaApplicationCall", "POST", "/sip-media-applications/{sipMediaApplicationId}/calls/{transactionId}"},
    {"UpdateSipRule", "PUT", "/sip-rules/{sipRuleId}"},
    {"UpdateVoiceConnector", "PUT", "/voice-connectors/{voiceConnectorId}"},
    {"UpdateVoiceConnectorGroup", "PUT", "/voice-connector-groups/{voiceConnectorGroupId}"},
    {"UpdateVoiceProfile", "PUT", "/voice-profiles/{VoiceProfileId}"},
    {"UpdateVoiceProfileDomain", "PUT", "/voice-profile-domains/{VoiceProfileDomainId}"},
    {"ValidateE911Address", "POST", "/emergency-calling/address"},
};

QStringList segments(const QString &path)
{
    return path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
}

} // namespace

std::optional<ApiOperationMatch> match(const QString &method, const QString &path, const QUrlQuery &query)
{
    const QStringList requested = segments(path);
    std::optional<ApiOperationMatch> best;
    int bestScore = -1;
    for (const Route &route : routes) {
        if (method.compare(QLatin1String(route.method), Qt::CaseInsensitive) != 0)
            continue;
        const QString uri = QString::fromLatin1(route.uri);
        const qsizetype question = uri.indexOf(QLatin1Char('?'));
        const QStringList wanted = segments(uri.left(question < 0 ? uri.size() : question));
        if (wanted.size() != requested.size())
            continue;
        int score = 0;
        if (question >= 0) {
            // "?operation=batch-delete", "?type=phone-numbers": the request must carry it.
            const QString literal = uri.mid(question + 1);
            const qsizetype equals = literal.indexOf(QLatin1Char('='));
            if (query.queryItemValue(literal.left(equals)) != literal.mid(equals + 1))
                continue;
            score += 100;
        }
        ApiOperationMatch candidate{QString::fromLatin1(route.operation), {}};
        bool fits = true;
        for (qsizetype i = 0; i < wanted.size() && fits; ++i) {
            const QString &segment = wanted.at(i);
            if (segment.startsWith(QLatin1Char('{')) && segment.endsWith(QLatin1Char('}'))) {
                candidate.pathParameters.insert(segment.mid(1, segment.size() - 2),
                                                QUrl::fromPercentEncoding(requested.at(i).toUtf8()));
            } else if (segment == requested.at(i)) {
                ++score;
            } else {
                fits = false;
            }
        }
        if (fits && score > bestScore) {
            best = candidate;
            bestScore = score;
        }
    }
    return best;
}

QStringList all()
{
    QStringList names;
    for (const Route &route : routes)
        names << QString::fromLatin1(route.operation);
    return names;
}

} // namespace callconsole::apioperations

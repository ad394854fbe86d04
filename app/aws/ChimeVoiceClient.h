#pragma once

#include "AwsError.h"
#include "AwsHttp.h"
#include "Credentials.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QUrl>
#include <QUrlQuery>

#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

namespace callconsole::aws {

struct ClientConfig
{
    QString region = QStringLiteral("us-east-1");
    QUrl endpointUrl; // overrides the regional endpoint (simulator, test server)
    bool fips = false;
    bool dualStack = false;
    HttpSettings http; // User-Agent, CA bundle
    int maxAttempts = 3;         // as the SDKs' standard retry mode
    int baseDelayMs = 1000;      // backoff: random(0,1) × base × 2^(attempt−1), capped
    int maxDelayMs = 20000;
    int timeoutMs = 30000;       // per attempt
    int listPageSize = 100;      // MaxResults of each List* request (the model allows 1–100)
    int maxListPages = 50;       // a List* call that still has a NextToken after this many fails
};

struct ApiResult
{
    bool ok = false;
    int httpStatus = 0;
    QJsonObject body;
    QString requestId;
    int attempts = 0; // requests sent, over every page of a List* call
    int pages = 0;    // List* calls: pages requested, the last one included when it failed
    AwsError error; // set when !ok
};

// The chime-sdk-voice control-plane calls the console needs, signed with SigV4 (signing name
// "chime"). Results arrive through the callback, on this object's thread.
class ChimeVoiceClient : public QObject
{
    Q_OBJECT

public:
    using Callback = std::function<void(const ApiResult &)>;

    ChimeVoiceClient(Credentials credentials, ClientConfig config, QObject *parent = nullptr);

    QUrl endpoint() const;
    const ClientConfig &config() const { return m_config; }
    const Credentials &credentials() const { return m_credentials; }
    // Requests from now on are signed with these (fresh keys of the same identity).
    void setCredentials(Credentials credentials) { m_credentials = std::move(credentials); }

    void createSipMediaApplicationCall(const QString &sipMediaApplicationId, const QJsonObject &body,
                                       Callback done);
    void updateSipMediaApplicationCall(const QString &sipMediaApplicationId, const QString &transactionId,
                                       const QJsonObject &body, Callback done);
    // Every page, from nextToken (or the first page) to the last: the body holds all entries
    // under the operation's key ("SipMediaApplications", "PhoneNumbers") and no NextToken. An
    // error on any page is the call's error, and no partial list is returned.
    void listSipMediaApplications(Callback done, const QString &nextToken = {});
    void listPhoneNumbers(Callback done, const QString &nextToken = {});

    static QString operationFor(const QByteArray &method, const QString &path);

private:
    struct Call
    {
        QString operation;
        QByteArray method;
        QString path; // decoded
        QUrlQuery query;
        QByteArray body;
        Callback done;
        int attempt = 0;
    };

    struct Listing
    {
        QString operation;
        QString path;
        QString entriesKey; // the response member holding the page's entries
        Callback done;
        QJsonArray entries;
        int pages = 0;
        int attempts = 0;
    };

    void listAll(const QString &operation, const QString &path, const QString &entriesKey,
                 Callback done, const QString &nextToken);
    void requestPage(const std::shared_ptr<Listing> &listing, const QString &nextToken);
    void pageArrived(const std::shared_ptr<Listing> &listing, const QString &sentToken, ApiResult page);
    void send(const std::shared_ptr<Call> &call);
    void finish(const std::shared_ptr<Call> &call, QNetworkReply *reply, bool timedOut);
    int backoffMs(int attempt) const;

    Credentials m_credentials;
    ClientConfig m_config;
    QNetworkAccessManager *m_network;
};

} // namespace callconsole::aws

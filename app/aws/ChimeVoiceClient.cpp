#include "ChimeVoiceClient.h"

#include "AwsRetry.h"
#include "ServiceEndpoint.h"
#include "SigV4Signer.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QTimer>

#include <memory>

namespace callconsole::aws {

ChimeVoiceClient::ChimeVoiceClient(Credentials credentials, ClientConfig config, QObject *parent)
    : QObject(parent)
    , m_credentials(std::move(credentials))
    , m_config(std::move(config))
    , m_network(new QNetworkAccessManager(this))
{
}

QUrl ChimeVoiceClient::endpoint() const
{
    if (!m_config.endpointUrl.isEmpty())
        return m_config.endpointUrl;
    return defaultServiceEndpoint(AwsService::chimeSdkVoice(), m_config.region, m_config.fips, m_config.dualStack);
}

QString ChimeVoiceClient::operationFor(const QByteArray &method, const QString &path)
{
    const QStringList parts = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    if (method == "GET" && parts == QStringList{QStringLiteral("phone-numbers")})
        return QStringLiteral("ListPhoneNumbers");
    if (method == "GET" && parts == QStringList{QStringLiteral("sip-media-applications")})
        return QStringLiteral("ListSipMediaApplications");
    if (method == "POST" && parts.size() == 3 && parts.at(2) == QLatin1String("calls"))
        return QStringLiteral("CreateSipMediaApplicationCall");
    if (method == "POST" && parts.size() == 4 && parts.at(2) == QLatin1String("calls"))
        return QStringLiteral("UpdateSipMediaApplicationCall");
    return QString::fromLatin1(method) + QLatin1Char(' ') + path;
}

void ChimeVoiceClient::createSipMediaApplicationCall(const QString &sipMediaApplicationId,
                                                     const QJsonObject &body, Callback done)
{
    auto call = std::make_shared<Call>();
    call->operation = QStringLiteral("CreateSipMediaApplicationCall");
    call->method = "POST";
    call->path = QStringLiteral("/sip-media-applications/%1/calls").arg(sipMediaApplicationId);
    call->body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    call->done = std::move(done);
    send(call);
}

void ChimeVoiceClient::updateSipMediaApplicationCall(const QString &sipMediaApplicationId,
                                                     const QString &transactionId,
                                                     const QJsonObject &body, Callback done)
{
    auto call = std::make_shared<Call>();
    call->operation = QStringLiteral("UpdateSipMediaApplicationCall");
    call->method = "POST";
    call->path = QStringLiteral("/sip-media-applications/%1/calls/%2")
                     .arg(sipMediaApplicationId, transactionId);
    call->body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    call->done = std::move(done);
    send(call);
}

void ChimeVoiceClient::listSipMediaApplications(Callback done, const QString &nextToken)
{
    listAll(QStringLiteral("ListSipMediaApplications"), QStringLiteral("/sip-media-applications"),
            QStringLiteral("SipMediaApplications"), std::move(done), nextToken);
}

void ChimeVoiceClient::listPhoneNumbers(Callback done, const QString &nextToken)
{
    listAll(QStringLiteral("ListPhoneNumbers"), QStringLiteral("/phone-numbers"), QStringLiteral("PhoneNumbers"),
            std::move(done), nextToken);
}

void ChimeVoiceClient::listAll(const QString &operation, const QString &path, const QString &entriesKey,
                               Callback done, const QString &nextToken)
{
    auto listing = std::make_shared<Listing>();
    listing->operation = operation;
    listing->path = path;
    listing->entriesKey = entriesKey;
    listing->done = std::move(done);
    requestPage(listing, nextToken);
}

void ChimeVoiceClient::requestPage(const std::shared_ptr<Listing> &listing, const QString &nextToken)
{
    ++listing->pages;
    auto call = std::make_shared<Call>();
    call->operation = listing->operation;
    call->method = "GET";
    call->path = listing->path;
    // Sent although 100 is ListSipMediaApplications' default: the model gives no default for
    // ListPhoneNumbers, and a smaller one would only mean more pages.
    call->query.addQueryItem(QStringLiteral("max-results"), QString::number(m_config.listPageSize));
    if (!nextToken.isEmpty())
        call->query.addQueryItem(QStringLiteral("next-token"), nextToken);
    // finish() runs on this object, so it is alive when a page arrives.
    call->done = [this, listing, nextToken](const ApiResult &page) { pageArrived(listing, nextToken, page); };
    send(call);
}

void ChimeVoiceClient::pageArrived(const std::shared_ptr<Listing> &listing, const QString &sentToken, ApiResult page)
{
    listing->attempts += page.attempts;
    page.attempts = listing->attempts;
    page.pages = listing->pages;
    if (!page.ok) {
        listing->done(page);
        return;
    }
    for (const QJsonValue &entry : page.body.value(listing->entriesKey).toArray())
        listing->entries.append(entry);
    const QString nextToken = page.body.value(QStringLiteral("NextToken")).toString();
    if (nextToken.isEmpty()) {
        page.body.insert(listing->entriesKey, listing->entries);
        listing->done(page);
        return;
    }
    const auto stop = [&](const QString &type, const QString &message) {
        ApiResult failed;
        failed.httpStatus = page.httpStatus;
        failed.requestId = page.requestId;
        failed.attempts = listing->attempts;
        failed.pages = listing->pages;
        failed.error.type = type;
        failed.error.message = message;
        failed.error.requestId = page.requestId;
        listing->done(failed);
    };
    if (nextToken == sentToken) {
        return stop(QStringLiteral("RepeatedNextToken"),
                    QStringLiteral("%1 answered page %2 with the NextToken it was sent; stopped, as reading on would "
                                   "repeat that page forever").arg(listing->operation).arg(listing->pages));
    }
    if (listing->pages >= m_config.maxListPages) {
        return stop(QStringLiteral("TooManyPages"),
                    QStringLiteral("%1 still had more after %2 pages of up to %3 (%4 entries read); stopped there "
                                   "rather than show a list cut short")
                        .arg(listing->operation).arg(listing->pages).arg(m_config.listPageSize)
                        .arg(listing->entries.size()));
    }
    requestPage(listing, nextToken);
}

int ChimeVoiceClient::backoffMs(int attempt) const
{
    return fullJitterBackoffMs(attempt, m_config.baseDelayMs, m_config.maxDelayMs);
}

void ChimeVoiceClient::send(const std::shared_ptr<Call> &call)
{
    ++call->attempt;
    const QUrl base = endpoint();
    QString basePath = base.path();
    if (basePath.endsWith(QLatin1Char('/')))
        basePath.chop(1);
    const QString fullPath = basePath + call->path;
    QUrl url = base;
    url.setPath(fullPath);
    url.setQuery(call->query);

    QByteArray host = base.host().toUtf8();
    if (base.port() > 0)
        host += ':' + QByteArray::number(base.port());

    SigningRequest signing;
    signing.method = call->method;
    signing.path = fullPath;
    for (const auto &item : call->query.queryItems(QUrl::FullyDecoded))
        signing.query.append({item.first, item.second});
    signing.headers.append({QByteArrayLiteral("Host"), host});
    if (!call->body.isEmpty())
        signing.headers.append({QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")});
    signing.body = call->body;
    SigningParams params;
    params.region = m_config.region;
    params.service = QStringLiteral("chime");
    params.time = QDateTime::currentDateTimeUtc();
    params.doubleEncodePath = true;
    const SignedRequest signedRequest = SigV4Signer::sign(signing, m_credentials, params);

    QNetworkRequest request(url);
    for (const HttpHeader &header : signedRequest.headers) {
        if (header.first.compare("Host", Qt::CaseInsensitive) != 0)
            request.setRawHeader(header.first, header.second);
    }
    m_config.http.apply(request);

    QNetworkReply *reply = call->method == "GET"
        ? m_network->get(request)
        : m_network->sendCustomRequest(request, call->method, call->body);
    auto *timer = new QTimer(reply);
    timer->setSingleShot(true);
    auto timedOut = std::make_shared<bool>(false);
    connect(timer, &QTimer::timeout, reply, [reply, timedOut] {
        *timedOut = true;
        reply->abort();
    });
    timer->start(m_config.timeoutMs);
    connect(reply, &QNetworkReply::finished, this,
            [this, call, reply, timedOut] { finish(call, reply, *timedOut); });
}

void ChimeVoiceClient::finish(const std::shared_ptr<Call> &call, QNetworkReply *reply, bool timedOut)
{
    reply->deleteLater();
    ApiResult result;
    result.attempts = call->attempt;
    result.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.requestId = QString::fromLatin1(reply->rawHeader("x-amzn-RequestId"));
    const QByteArray body = reply->isOpen() ? reply->readAll() : QByteArray();

    if (result.httpStatus >= 200 && result.httpStatus < 300) {
        result.ok = true;
        result.body = QJsonDocument::fromJson(body).object();
        call->done(result);
        return;
    }
    if (result.httpStatus == 0) {
        result.error.type = timedOut ? QStringLiteral("Timeout") : QStringLiteral("NetworkError");
        result.error.message = timedOut
            ? QStringLiteral("%1 gave no answer within %2 ms").arg(endpoint().toString()).arg(m_config.timeoutMs)
            : m_config.http.transportError(*reply);
    } else {
        result.error = AwsError::fromResponse(result.httpStatus, reply->rawHeader("x-amzn-ErrorType"), body,
                                              reply->rawHeader("x-amzn-RequestId"));
    }
    // A timed-out POST may have been executed; retrying it could place a second call.
    const bool retry = result.error.isRetryable() && call->attempt < m_config.maxAttempts;
    if (!retry) {
        call->done(result);
        return;
    }
    QPointer<ChimeVoiceClient> self(this);
    QTimer::singleShot(backoffMs(call->attempt), this, [self, call] {
        if (self)
            self->send(call);
    });
}

} // namespace callconsole::aws

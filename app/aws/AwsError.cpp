#include "AwsError.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace callconsole::aws {

namespace {

// botocore keeps only the shape name of "aws.protocol#Name:http://…" style error types.
QString bareType(QString type)
{
    const qsizetype colon = type.indexOf(QLatin1Char(':'));
    if (colon >= 0)
        type = type.left(colon);
    const qsizetype hash = type.lastIndexOf(QLatin1Char('#'));
    if (hash >= 0)
        type = type.mid(hash + 1);
    return type.trimmed();
}

QString firstString(const QJsonObject &object, std::initializer_list<const char *> keys)
{
    for (const char *key : keys) {
        const QString value = object.value(QLatin1String(key)).toString();
        if (!value.isEmpty())
            return value;
    }
    return {};
}

} // namespace

bool AwsError::isThrottling() const
{
    return httpStatus == 429 || type == QLatin1String("ThrottledClientException")
        || type == QLatin1String("ThrottlingException") || type == QLatin1String("TooManyRequestsException");
}

bool AwsError::isRetryable() const
{
    return isThrottling() || httpStatus >= 500 || type == QLatin1String("NetworkError");
}

AwsError AwsError::fromResponse(int httpStatus, const QByteArray &errorTypeHeader,
                                const QByteArray &body, const QByteArray &requestId)
{
    AwsError error;
    error.httpStatus = httpStatus;
    error.requestId = QString::fromLatin1(requestId);
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    QString type = QString::fromLatin1(errorTypeHeader);
    if (type.isEmpty())
        type = firstString(object, {"Code", "code", "__type"});
    error.type = bareType(type);
    error.message = firstString(object, {"Message", "message", "errorMessage"});
    if (error.type.isEmpty())
        error.type = httpStatus >= 500 ? QStringLiteral("ServiceFailureException")
                                       : QStringLiteral("HTTP %1").arg(httpStatus);
    if (error.message.isEmpty() && !body.isEmpty() && object.isEmpty())
        error.message = QString::fromUtf8(body.left(300)).simplified();
    return error;
}

QString AwsError::advice(const QString &operation) const
{
    const bool create = operation == QLatin1String("CreateSipMediaApplicationCall");
    if (type == QLatin1String("AccessDeniedException") && create)
        return QStringLiteral("the From number is not in your inventory, or your credentials lack "
                              "chime:CreateSipMediaApplicationCall");
    if (type == QLatin1String("AccessDeniedException"))
        return QStringLiteral("your credentials lack the IAM permission for %1").arg(operation);
    if (type == QLatin1String("ForbiddenException") || type == QLatin1String("UnauthorizedClientException")
        || type == QLatin1String("InvalidSignatureException")
        || type == QLatin1String("UnrecognizedClientException"))
        return QStringLiteral("check the access key, secret, session token and region");
    if (type == QLatin1String("NotFoundException") && create)
        return QStringLiteral("no SIP media application with this id in this region");
    if (type == QLatin1String("NotFoundException"))
        return QStringLiteral("the SIP media application or the transaction does not exist (or the call has ended)");
    if (isThrottling())
        return QStringLiteral("too many requests; retried and still throttled");
    if (type == QLatin1String("Timeout"))
        return QStringLiteral("no answer from the endpoint in time");
    return {};
}

QString AwsError::toString(const QString &operation) const
{
    QString text = type;
    if (!message.isEmpty())
        text += QStringLiteral(": ") + message;
    const QString hint = advice(operation);
    if (!hint.isEmpty())
        text += QStringLiteral(" — ") + hint;
    if (!requestId.isEmpty())
        text += QStringLiteral(" (request id %1)").arg(requestId);
    return text;
}

} // namespace callconsole::aws

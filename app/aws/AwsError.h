#pragma once

#include <QByteArray>
#include <QString>

namespace callconsole::aws {

// An error as the AWS API reports it, or one found on this side (httpStatus 0): a transport
// failure ("NetworkError", "Timeout") or a List* call stopped while paging ("TooManyPages",
// "RepeatedNextToken"). Parsed the way botocore's rest-json parser does.
struct AwsError
{
    QString type;      // "BadRequestException", "NotFoundException", …
    QString message;   // the API's own message
    QString requestId; // x-amzn-RequestId
    int httpStatus = 0;

    bool isThrottling() const;
    bool isRetryable() const;

    // "BadRequestException: … (request id …)", with advice where the API's message is terse.
    QString toString(const QString &operation = {}) const;
    // Advice a person can act on for the well-known failures, empty otherwise.
    QString advice(const QString &operation) const;

    static AwsError fromResponse(int httpStatus, const QByteArray &errorTypeHeader,
                                 const QByteArray &body, const QByteArray &requestId);
};

} // namespace callconsole::aws

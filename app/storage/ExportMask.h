// What an export hides when asked to (--mask, the Export dialog's "Mask" box), so a session can
// go into a bug report or a ticket: phone numbers keep their country code and last two digits
// (+1*******23), AWS account ids become masked-account-N, header values become masked-N
// (Content-Type, Content-Length and the simulator's fault marker excepted: they say nothing
// about anyone and viewers need them). One mask object serves one file, so the same number is
// masked the same way everywhere in it and the flows still line up; two numbers that would
// mask alike are told apart (+1*******23~2).
#pragma once

#include "DeliveryRecord.h"

#include <QByteArray>
#include <QHash>
#include <QSet>
#include <QString>

namespace callconsole {

class ExportMask
{
public:
    QString text(const QString &text);
    QByteArray bytes(const QByteArray &utf8);
    QByteArray headerValue(const QByteArray &name, const QByteArray &value);
    DeliveryRecord delivery(DeliveryRecord record);
    QList<DeliveryRecord> deliveries(const QList<DeliveryRecord> &records);

private:
    QString phoneNumber(const QString &e164);
    QString accountId(const QString &id);

    QHash<QString, QString> m_phones;
    QSet<QString> m_phoneMasks;
    QHash<QString, QString> m_accounts;
    QHash<QByteArray, QByteArray> m_headerValues;
};

} // namespace callconsole

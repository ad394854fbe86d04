#include "AboutBox.h"

#include <QMessageBox>
#include <QObject>

namespace callconsole {

void showAboutBox(QWidget *parent)
{
    const QString homepage = QStringLiteral(CALLCONSOLE_HOMEPAGE);
    const QString text = QObject::tr("<h3>Call Console %1</h3>"
                                     "<p>Place, answer and watch Amazon Chime SDK PSTN audio calls.</p>"
                                     "<p>Licence: %2. Built with Qt %3, running on Qt %4.</p>"
                                     "<p><a href=\"%5\">%5</a></p>")
                             .arg(QStringLiteral(CALLCONSOLE_VERSION), QStringLiteral(CALLCONSOLE_LICENSE),
                                  QStringLiteral(QT_VERSION_STR), QString::fromLatin1(qVersion()), homepage);
    QMessageBox::about(parent, QObject::tr("About Call Console"), text);
}

} // namespace callconsole

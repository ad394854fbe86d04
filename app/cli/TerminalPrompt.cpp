#include "TerminalPrompt.h"

#include <cstdio>
#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

namespace callconsole::cli {

QString askTerminal(const QString &prompt, QString *error)
{
    const int tty = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (tty < 0) {
        *error = QStringLiteral("no terminal to ask on");
        return {};
    }
    // Echo off before the question: whatever is typed once it shows must not be flushed.
    termios saved{};
    const bool hide = ::tcgetattr(tty, &saved) == 0;
    if (hide) {
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        ::tcsetattr(tty, TCSAFLUSH, &quiet);
    }
    const QByteArray question = prompt.toUtf8();
    (void)!::write(tty, question.constData(), size_t(question.size()));
    QByteArray line;
    char c = 0;
    while (::read(tty, &c, 1) == 1 && c != '\n' && c != '\r' && line.size() < 1024)
        line += c;
    if (hide)
        ::tcsetattr(tty, TCSANOW, &saved);
    (void)!::write(tty, "\n", 1);
    ::close(tty);
    return QString::fromUtf8(line).trimmed();
}

QString askMfaCode(const QString &profile, const QString &mfaSerial, QString *error)
{
    QString why;
    const QString code = askTerminal(QStringLiteral("Enter MFA code for %1 (profile %2): ").arg(mfaSerial, profile), &why);
    if (code.isEmpty())
        *error = why.isEmpty() ? QStringLiteral("no MFA code was typed for %1 (profile %2)").arg(mfaSerial, profile)
                               : QStringLiteral("profile %1 needs an MFA code for %2, and there is %3; run the command "
                                                "in a terminal")
                                     .arg(profile, mfaSerial, why);
    return code;
}

} // namespace callconsole::cli

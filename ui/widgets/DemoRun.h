// `callconsole --demo`: places a few simulated calls through the form so a new user sees the
// console at work, and with a screenshot path renders the window into a PNG and quits.
#pragma once

#include <QString>

namespace callconsole {

class MainWindow;

// Returns at once; the demo runs on the event loop. With a screenshotPath the application
// exits (code 0, or 1 when the image cannot be written) once the picture is taken.
void runDemo(MainWindow *window, const QString &screenshotPath);

} // namespace callconsole

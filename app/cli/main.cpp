#include "cli/CliRunner.h"

#include <QCoreApplication>

#include <iostream>

int main(int argc, char** argv)
{
    // An application object gives Qt a locale and argument decoding; no event loop runs.
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName("soundframe-cli");
    return soundframe::runCli(QCoreApplication::arguments(), std::cout, std::cerr);
}

#include "MainWindow.h"
#include "ReportCharts.h"

#include <QApplication>
#include <QIcon>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include <cstdio>

int main(int argc, char** argv)
{
    // Hidden mode for `soundframe-cli demo`: draw a report's charts offscreen and exit.
    if (argc == 3 && QByteArray(argv[1]) == "--render-charts") {
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        QApplication app(argc, argv);
        const QString error = soundframe::ReportCharts::render(QString::fromLocal8Bit(argv[2]));
        if (!error.isEmpty()) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            return 1;
        }
        return 0;
    }
    QApplication app(argc, argv);
    QApplication::setApplicationName("SoundFrame");
    QApplication::setOrganizationName("SoundFrame");
    QApplication::setWindowIcon(QIcon(":/icons/soundframe.svg"));

    QTranslator translator;
    if (translator.load(QLocale(), "soundframe", "_", ":/i18n"))
        QApplication::installTranslator(&translator);

    soundframe::MainWindow window;
    window.show();
    return app.exec();
}

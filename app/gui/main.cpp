#include "MainWindow.h"

#include <QApplication>
#include <QIcon>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

int main(int argc, char** argv)
{
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

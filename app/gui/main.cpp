#include "MainWindow.h"
#include "ReportCharts.h"
#include "ScreenshotTour.h"
#include "base/CpuBufferCache.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QSettings>
#include <QIcon>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include <QTemporaryDir>

#include <cstdio>

namespace {
// Names (they locate QSettings), the icon and the translation for the system's language.
void setUpApplication(QTranslator& englishPlurals, QTranslator& translator)
{
    QApplication::setApplicationName("SoundFrame");
    QApplication::setOrganizationName("SoundFrame");
    QApplication::setWindowIcon(QIcon(":/icons/soundframe.svg"));
    // The sources say "%n file(s)"; soundframe_en holds only the English plural forms ("1 file",
    // "8 files"). Installed first, so under any other language's translation, which Qt asks first.
    if (englishPlurals.load(":/i18n/soundframe_en.qm"))
        QApplication::installTranslator(&englishPlurals);
    if (translator.load(QLocale(), "soundframe", "_", ":/i18n"))
        QApplication::installTranslator(&translator);
}
} // namespace

int main(int argc, char** argv)
{
    // Training (on a worker thread) reuses its large buffers through this allocator; it must be in
    // place before any thread allocates a tensor.
    soundframe::CpuBufferCache::installAllocator();
    // Hidden mode for `soundframe-cli demo`: draw a report's charts offscreen and exit.
    if (argc == 3 && QByteArray(argv[1]) == "--render-charts") {
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        QApplication app(argc, argv);
        const QString error = soundframe::gui::ReportCharts::render(QString::fromLocal8Bit(argv[2]));
        if (!error.isEmpty()) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            return 1;
        }
        return 0;
    }
    // Hidden mode for docs: `soundframe --screenshots DIR [--project P]` saves DIR/<view>.png offscreen.
    if (argc >= 3 && QByteArray(argv[1]) == "--screenshots") {
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        QApplication app(argc, argv);
        QTranslator englishPlurals;
        QTranslator translator;
        setUpApplication(englishPlurals, translator);
        // The tour opens projects and switches views: keep that out of the user's settings.
        QTemporaryDir settingsDir;
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir.path());
        QString project;
        if (argc == 5 && QByteArray(argv[3]) == "--project") {
            project = QString::fromLocal8Bit(argv[4]);
        } else if (argc != 3) {
            std::fprintf(stderr, "%s\n",
                         qPrintable(QApplication::translate("main", "usage: soundframe --screenshots DIR [--project P]")));
            return 2;
        }
        soundframe::MainWindow window;
        soundframe::ScreenshotTour tour(window, QString::fromLocal8Bit(argv[2]));
        const QString error = tour.run(project);
        for (const QString& file : tour.written())
            std::printf("%s\n", qPrintable(file));
        if (!error.isEmpty()) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            return 1;
        }
        return 0;
    }
    QApplication app(argc, argv);
    QTranslator englishPlurals;
    QTranslator translator;
    setUpApplication(englishPlurals, translator);

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Audio-text retrieval learned from video"));
    parser.addHelpOption();
    const QCommandLineOption projectOption(
        "project", QApplication::translate("main", "Open this project folder (or manifest) instead of the last one."),
        QApplication::translate("main", "DIR"));
    parser.addOption(projectOption);
    parser.addPositionalArgument("project", QApplication::translate("main", "Same as --project."), "[DIR]");
    parser.process(app);
    QString fromCommandLine = parser.value(projectOption);
    if (fromCommandLine.isEmpty() && !parser.positionalArguments().isEmpty())
        fromCommandLine = parser.positionalArguments().first();

    soundframe::MainWindow window;
    const QString project = soundframe::MainWindow::startupProject(
        fromCommandLine, QSettings().value("project/last").toString());
    if (!project.isEmpty())
        window.openProject(project, true);
    window.show();
    return app.exec();
}

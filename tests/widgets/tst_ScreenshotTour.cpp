// ScreenshotTour (soundframe --screenshots) on a generated project: one PNG per page of the main
// window's tabs, named after the page, each a grab of the whole window; the project was opened and
// a test clip selected before the grabs (the Alignment view holds that clip's curves); a project
// that cannot be opened is an error and writes nothing.
#include "WidgetTestProject.h"  // torch first

#include "AlignmentView.h"
#include "MainWindow.h"
#include "ScreenshotTour.h"

#include <QImage>
#include <QSet>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace soundframe;

class TestScreenshotTour : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        const std::string error = test::writeWidgetTestProject(std::filesystem::path(m_tmp.path().toStdString()) / "project");
        QVERIFY2(error.empty(), error.c_str());
    }

    void grabsEveryPage()
    {
        MainWindow window;
        ScreenshotTour tour(window, m_tmp.path() + "/shots");
        const QString error = tour.run(m_tmp.path() + "/project");
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QTabWidget* tabs = window.tabs();
        QCOMPARE(tour.written().size(), tabs->count());
        QSet<QString> names;
        for (const QString& file : tour.written())
            names.insert(QFileInfo(file).fileName());
        QCOMPARE(names.size(), tabs->count());  // one distinct file per page
        QVERIFY(names.contains("alignment.png"));
        QVERIFY(names.contains("query.png"));
        for (const QString& file : tour.written()) {
            const QImage image(file);
            QVERIFY2(!image.isNull(), qPrintable(file));
            QCOMPARE(image.size(), window.size() * window.devicePixelRatio());
        }
        const AlignmentCurves& curves = window.alignmentView()->curves();
        QVERIFY2(curves.error.isEmpty(), qPrintable(curves.error));
        QVERIFY(curves.clipId.startsWith("test-"));
        QCOMPARE(curves.frameCount(), 4);
    }

    void badProjectIsAnError()
    {
        MainWindow window;
        ScreenshotTour tour(window, m_tmp.path() + "/shots-bad");
        QVERIFY(!tour.run(m_tmp.path() + "/no-such-project").isEmpty());
        QVERIFY(tour.written().isEmpty());
    }
};

QTEST_MAIN(TestScreenshotTour)
#include "tst_ScreenshotTour.moc"

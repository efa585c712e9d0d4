// ScreenshotTour (soundframe --screenshots) on a generated project: one PNG per page of the main
// window's tabs, named after the page, each a grab of the whole window; the project was opened and
// a test clip selected before the grabs (the Alignment view holds that clip's curves; the first with
// a single event on screen, by the manifest's ground truth); a project
// that cannot be opened is an error and writes nothing; once stage-1 runs have metrics, the tour adds
// training-history.png with one run per matching overlaid in the Training view.
#include <torch/torch.h>  // before Qt: Qt's `slots` macro breaks torch's JIT headers

#include "WidgetTestProject.h"

#include "AlignmentView.h"
#include "MainWindow.h"
#include "ScreenshotTour.h"
#include "TrainingView.h"
#include "train/TrainMetrics.h"

#include <QImage>
#include <QSet>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

using namespace soundframe;
using namespace soundframe::gui;

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
        const AlignmentCurves& curves = window.alignmentView()->curves("seed-1/stage1-nearest");
        QVERIFY2(curves.error.isEmpty(), qPrintable(curves.error));
        QVERIFY(curves.clipId.startsWith("test-"));
        QCOMPARE(curves.frameCount(), 4);
    }

    void stageOneRunsOverlaidInTrainingHistory()
    {
        // The fixture's two stage-1 runs of seed-1 (random, nearest) get a few recorded steps.
        for (const char* run : {"stage1-nearest", "stage1-random"}) {
            QFile metrics(m_tmp.path() + "/project/runs/seed-1/" + run + "/metrics.jsonl");
            QVERIFY(metrics.open(QIODevice::WriteOnly));
            for (int step = 1; step <= 3; ++step) {
                TrainMetrics m;
                m.step = step;
                m.loss = 4.0 - step;
                metrics.write(QByteArray::fromStdString(m.toJson()) + "\n");
            }
        }
        MainWindow window;
        ScreenshotTour tour(window, m_tmp.path() + "/shots-history");
        const QString error = tour.run(m_tmp.path() + "/project");
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(tour.written().size(), window.tabs()->count() + 1);
        QCOMPARE(QFileInfo(tour.written().last()).fileName(), QString("training-history.png"));
        QVERIFY(!QImage(tour.written().last()).isNull());
        const QStringList shown = window.trainingView()->shownRuns();
        QCOMPARE(shown.size(), 2);
        QVERIFY(shown[0].endsWith("seed-1/stage1-nearest") && shown[1].endsWith("seed-1/stage1-random"));
        QCOMPARE(window.trainingView()->smoothing(), tour.historySmoothing);
        QCOMPARE(window.trainingView()->plotPointCount("learning rate"), 6);
        QCOMPARE(window.tabs()->currentWidget(), window.trainingView());
    }

    // The tour shows a test clip with a single event on screen when there is one: test-0 of a copy
    // of the project gets a second sound, so test-1 is the first simple one.
    void aTestClipWithOneEventOnScreenIsShown()
    {
        namespace fs = std::filesystem;
        const fs::path from = m_tmp.filePath("project").toStdString();
        const fs::path busy = m_tmp.filePath("project-busy").toStdString();
        fs::copy(from, busy, fs::copy_options::recursive);
        const fs::path manifest = busy / "world" / "manifest-test.jsonl";
        QStringList lines = QString::fromUtf8(test::readBytes(QString::fromStdString(manifest.string()))).split('\n', Qt::SkipEmptyParts);
        QVERIFY(lines.size() >= 2 && lines[0].contains("\"id\":\"test-0\""));
        lines[0].replace("\"events\":[", R"("events":[{"label":"distant bell","start":0.0,"end":1.0,"visible_frames":[]},)");
        QVERIFY(test::writeBytes(QString::fromStdString(manifest.string()), lines.join('\n').toUtf8() + "\n"));

        MainWindow window;
        ScreenshotTour tour(window, m_tmp.path() + "/shots-busy");
        const QString error = tour.run(QString::fromStdString(busy.string()));
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(window.alignmentView()->curves("seed-1/stage1-nearest").clipId, QString("test-1"));
    }

    void badProjectIsAnError()
    {
        MainWindow window;
        ScreenshotTour tour(window, m_tmp.path() + "/shots-bad");
        QVERIFY(!tour.run(m_tmp.path() + "/no-such-project").isEmpty());
        QVERIFY(tour.written().isEmpty());
    }
};

SOUNDFRAME_TEST_MAIN(TestScreenshotTour)
#include "tst_ScreenshotTour.moc"

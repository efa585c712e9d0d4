// TrainingView on a generated project: a short stage-1 run fills the plots and the report table;
// Pause keeps a checkpoint and Resume completes the run; a core error becomes a message; the event
// loop stays responsive (max timer gap < 50 ms) while the worker trains.
#include "GuiTestProject.h"
#include "Project.h"
#include "ReportTable.h"
#include "TrainingView.h"

#include <qcustomplot.h>

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <cmath>

using namespace soundframe;
using namespace soundframe::gui;

class TestTrainingView : public QObject {
    Q_OBJECT

    test::GuiTestProjectFolder m_folder;

    static bool waitForIdle(TrainingView& view, int timeoutMs)
    {
        return QTest::qWaitFor([&] { return !view.isTraining() && view.state() != TrainingView::State::Running; },
                               timeoutMs);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QCOMPARE(m_folder.create(4), QString());
    }

    void formDefaultsComeFromTrainConfig()
    {
        TrainingView view;
        view.setProject(m_folder.project());
        QCOMPARE(view.state(), TrainingView::State::Idle);
        QVERIFY2(view.statusText().contains("cache/train"), qPrintable(view.statusText()));
        QCOMPARE(view.plotPointCount("loss"), 0);
    }

    // The form starts from the demo's shipped config (not TrainConfig's lr 3e-4) and takes another.
    void shippedConfigFillsTheForm()
    {
        TrainingView view;
        auto* stage = view.findChild<QComboBox*>("stage");
        auto* epochs = view.findChild<QSpinBox*>("epochs");
        auto* lr = view.findChild<QDoubleSpinBox*>("learningRate");
        auto* config = view.findChild<QComboBox*>("config");
        QVERIFY(stage && epochs && lr && config);
        QCOMPARE(view.configName(), QString("demo-stage1"));
        QCOMPARE(stage->currentData().toInt(), 1);
        QCOMPARE(epochs->value(), 8);
        QCOMPARE(lr->value(), 0.003);
        QVERIFY(config->findData(QString("audiocaps-stage2")) >= 0);

        config->setCurrentIndex(config->findData(QString("demo-stage2")));
        Q_EMIT config->activated(config->currentIndex());  // as a user's choice does
        QCOMPARE(view.configName(), QString("demo-stage2"));
        QCOMPARE(stage->currentData().toInt(), 2);
        QCOMPARE(epochs->value(), 6);

        view.setConfig(QString());  // "defaults": TrainConfig's own
        QCOMPARE(lr->value(), 0.0003);
        QCOMPARE(epochs->value(), 10);
        view.setConfig("no-such-config");  // ignored
        QCOMPARE(view.configName(), QString());
    }

    void shortRunFillsPlotsAndReport()
    {
        TrainingView view;
        view.resize(1000, 700);
        view.show();
        view.setProject(m_folder.project());
        view.setForm(1, "nearest", 2, 8, 1e-3, 1);
        QSignalSpy finished(&view, &TrainingView::runFinished);
        view.start();
        QCOMPARE(view.state(), TrainingView::State::Running);
        QVERIFY(finished.wait(180000));
        QVERIFY(waitForIdle(view, 10000));
        QCOMPARE(finished.at(0).at(1).toBool(), true);
        // 16 clips in batches of 8: 2 steps per epoch, 2 epochs -> 4 step points (+2 epoch means).
        QCOMPARE(view.plotPointCount("learning rate"), 4);
        QCOMPARE(view.plotPointCount("temperature"), 4);
        QCOMPARE(view.plotPointCount("loss"), 6);
        QVERIFY2(view.plotPointCount("recall") >= 2, "validation recalls plotted per epoch");
        // Per-epoch series carry markers (one epoch is one point, no line) and epochs tick as integers.
        QCustomPlot* recall = nullptr;
        for (auto* plot : view.findChildren<QCustomPlot*>())
            if (plot->xAxis->label() == "epoch")
                recall = plot;
        QVERIFY(recall && recall->graphCount() > 0);
        for (int g = 0; g < recall->graphCount(); ++g)
            QVERIFY(recall->graph(g)->scatterStyle().shape() != QCPScatterStyle::ssNone);
        const auto ticker = recall->xAxis->ticker().dynamicCast<QCPAxisTickerFixed>();
        QVERIFY(ticker && ticker->tickStep() == 1.0);
        const QString run = finished.at(0).at(0).toString();
        QVERIFY(run.startsWith(m_folder.project().runsFolder() + "/app/stage1-nearest-seed1"));
        QVERIFY(QFile::exists(run + "/audio-encoder/model.safetensors"));
        QVERIFY(QFile::exists(run + "/eval/report.json"));
        const double r10 = view.reportTable()->value("audio_to_image", "R@10");
        QVERIFY2(!std::isnan(r10) && r10 >= 0 && r10 <= 100, "report table shows the evaluation");
        QCOMPARE(view.state(), TrainingView::State::Idle);
    }

    void pauseKeepsCheckpointAndResumeCompletes()
    {
        TrainingView view;
        view.setProject(m_folder.project());
        view.setForm(1, "random", 6, 8, 1e-3, 2);
        QSignalSpy finished(&view, &TrainingView::runFinished);
        view.start();
        QVERIFY(QTest::qWaitFor([&] { return view.plotPointCount("loss") >= 1; }, 120000));
        view.pause();
        QVERIFY(finished.wait(60000));
        QVERIFY(waitForIdle(view, 10000));
        QCOMPARE(finished.at(0).at(1).toBool(), false);
        QCOMPARE(view.state(), TrainingView::State::Paused);
        QVERIFY(QFileInfo(view.runFolder() + "/checkpoints").isDir());
        const QString run = view.runFolder();
        view.resume();
        QCOMPARE(view.state(), TrainingView::State::Running);
        QVERIFY(finished.wait(180000));
        QVERIFY(waitForIdle(view, 10000));
        QCOMPARE(finished.at(1).at(0).toString(), run);
        QCOMPARE(finished.at(1).at(1).toBool(), true);
        QVERIFY(QFile::exists(run + "/audio-encoder/model.safetensors"));
    }

    void coreErrorBecomesMessage()
    {
        QTemporaryDir dir;
        QVERIFY(QDir().mkpath(dir.filePath("cache/train")));
        QVERIFY(QFile::copy(m_folder.project().manifests().first(), dir.filePath("manifest-train.jsonl")));
        QFile broken(dir.filePath("cache/train/cache.json"));
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("{ this is not json");
        broken.close();
        TrainingView view;
        view.setProject(Project::open(dir.path()));
        view.setForm(1, "random", 1, 8, 1e-3, 1);
        view.start();
        QVERIFY(waitForIdle(view, 60000));
        QVERIFY2(view.statusText().contains("failed"), qPrintable(view.statusText()));
        QVERIFY2(view.statusText().contains("cache.json"), qPrintable(view.statusText()));
        QCOMPARE(view.state(), TrainingView::State::Idle);
    }

    void eventLoopStaysResponsive()
    {
        TrainingView view;
        view.resize(1000, 700);
        view.show();
        view.setProject(m_folder.project());
        view.setForm(1, "multiframe", 12, 8, 1e-3, 3);  // 24 steps
        // Measure training, not the window's first layout and paint.
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QTest::qWait(100);
        QElapsedTimer clock;
        qint64 last = 0, maxGap = 0, maxGapAt = 0;
        int ticks = 0;
        QTimer timer;
        timer.setInterval(10);
        connect(&timer, &QTimer::timeout, this, [&] {
            const qint64 now = clock.elapsed();
            if (now - last > maxGap) {
                maxGap = now - last;
                maxGapAt = now;
            }
            last = now;
            ++ticks;
        });
        QSignalSpy finished(&view, &TrainingView::runFinished);
        view.start();
        clock.start();
        timer.start();
        QVERIFY(finished.wait(180000));
        timer.stop();
        QVERIFY(waitForIdle(view, 10000));
        qInfo("training took %lld ms, %d timer ticks, max gap %lld ms (ending at %lld ms), %d plot points",
              clock.elapsed(), ticks, maxGap, maxGapAt, view.plotPointCount("loss"));
        QVERIFY(view.plotPointCount("loss") > 0);
        QVERIFY2(ticks > 10, "the timer ran during training");
        QVERIFY2(maxGap < 50, qPrintable(QString("max event-loop gap %1 ms").arg(maxGap)));
    }
};

QTEST_MAIN(TestTrainingView)
#include "tst_TrainingView.moc"

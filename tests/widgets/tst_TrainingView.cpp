// TrainingView on a generated project: a short stage-1 run fills the plots and the report table, and
// is listed in History (checked) once it starts and when it ends; finished runs written with
// TrainMetrics overlay from History — a series per run and plot, one colour each, single points as
// markers, unchecking removes one, smoothing draws the step loss as a debiased moving average
// computed here term by term and leaves per-epoch points alone; Pause keeps a checkpoint and Resume
// completes the run; a core error becomes a message; the event loop stays responsive (max timer gap
// < 50 ms) while the worker trains.
#include "GuiTestProject.h"
#include "Project.h"
#include "ReportTable.h"
#include "TrainingPlots.h"
#include "TrainingView.h"
#include "train/TrainMetrics.h"

#include <qcustomplot.h>

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <cmath>

using namespace soundframe;
using namespace soundframe::gui;

namespace {

// A finished-looking run folder: config.json and a metrics.jsonl of `epochs` epochs of
// `stepsPerEpoch` steps, each epoch validated. Returns the folder, or an empty string on failure.
QString writeRun(const QString& runsFolder, const QString& name, const QString& matching, int epochs,
                 int stepsPerEpoch, double firstLoss)
{
    const QString folder = runsFolder + "/" + name;
    if (!QDir().mkpath(folder))
        return {};
    QFile config(folder + "/config.json");
    QFile metrics(folder + "/metrics.jsonl");
    if (!config.open(QIODevice::WriteOnly) || !metrics.open(QIODevice::WriteOnly))
        return {};
    config.write(QString(R"({"stage": "pretrain", "matching": "%1"})").arg(matching).toUtf8());
    int64_t step = 0;
    for (int epoch = 0; epoch < epochs; ++epoch) {
        double sum = 0;
        for (int i = 0; i < stepsPerEpoch; ++i) {
            TrainMetrics m;
            m.epoch = epoch;
            m.step = ++step;
            m.totalSteps = int64_t(epochs) * stepsPerEpoch;
            m.loss = firstLoss / double(step) + (step % 2 ? 0.3 : -0.3);  // a noisy decline
            m.learningRate = 1e-3 * double(step);
            m.temperature = 0.07 + 0.001 * double(step);
            sum += m.loss;
            metrics.write(QByteArray::fromStdString(m.toJson()) + "\n");
        }
        TrainMetrics e;
        e.kind = "epoch";
        e.epoch = epoch;
        e.step = step;
        e.totalSteps = int64_t(epochs) * stepsPerEpoch;
        e.loss = sum / stepsPerEpoch;
        e.validation = {{"audio_to_image/R@1", 5.0 * (epoch + 1)}, {"audio_to_image/R@10", 20.0 * (epoch + 1)}};
        metrics.write(QByteArray::fromStdString(e.toJson()) + "\n");
    }
    return folder;
}

// TensorBoard's debiased moving average at i, written out as the weighted sum it stands for.
double smoothedReference(const QVector<double>& y, int i, double weight)
{
    double sum = 0;
    for (int j = 0; j <= i; ++j)
        sum += std::pow(weight, i - j) * (1 - weight) * y[j];
    return sum / (1 - std::pow(weight, i + 1));
}

QListWidgetItem* historyItem(TrainingView& view, const QString& folder)
{
    auto* list = view.findChild<QListWidget*>("history");
    for (int i = 0; list && i < list->count(); ++i)
        if (list->item(i)->data(Qt::UserRole).toString() == folder)
            return list->item(i);
    return nullptr;
}

} // namespace

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

    void historyOverlaysFinishedRuns()
    {
        const QString runs = m_folder.project().runsFolder();
        const QString a = writeRun(runs, "history/stage1-random", "random", 2, 3, 4.0);
        const QString b = writeRun(runs, "history/stage1-nearest", "nearest", 1, 4, 3.0);
        QVERIFY(!a.isEmpty() && !b.isEmpty());
        m_folder.reopen();
        TrainingView view;
        view.resize(1200, 700);
        view.show();
        view.setProject(m_folder.project());
        QVERIFY(view.historyRuns().contains(a) && view.historyRuns().contains(b));
        QVERIFY(view.shownRuns().isEmpty());
        QCOMPARE(view.plotPointCount("loss"), 0);

        QVERIFY(view.showRun(a, true));
        QCOMPARE(view.shownRuns(), QStringList{a});
        QCOMPARE(historyItem(view, a)->checkState(), Qt::Checked);
        TrainingPlots* plots = view.plots();
        QCOMPARE(plots->graphCount("loss"), 2);           // steps + epoch means
        QCOMPARE(view.plotPointCount("loss"), 6 + 2);
        QCOMPARE(view.plotPointCount("learning rate"), 6);
        QCOMPARE(view.plotPointCount("temperature"), 6);
        QCOMPARE(plots->recallMetric(), QString("audio_to_image/R@10"));
        QCOMPARE(view.plotPointCount("recall"), 2);        // one metric, per epoch
        QCOMPARE(plots->points("recall", a), (QVector<QPointF>{{1, 20}, {2, 40}}));

        QVERIFY(view.showRun(b, true));
        QCOMPARE(view.shownRuns(), (QStringList{a, b}));
        QCOMPARE(plots->graphCount("loss"), 4);
        QCOMPARE(plots->graphCount("learning rate"), 2);
        QCOMPARE(plots->graphCount("recall"), 2);
        QCOMPARE(view.plotPointCount("loss"), 8 + 4 + 1);
        QCOMPARE(view.plotPointCount("recall"), 2 + 1);
        QVERIFY(plots->colour(a).isValid() && plots->colour(b).isValid() && plots->colour(a) != plots->colour(b));
        // b validated once: a single point, drawn as a marker; the epoch axis ticks whole epochs.
        QCustomPlot* recall = plots->plot("recall");
        for (int g = 0; g < recall->graphCount(); ++g) {
            QVERIFY(recall->graph(g)->scatterStyle().shape() != QCPScatterStyle::ssNone);
            QCOMPARE(recall->graph(g)->pen().color(), plots->colour(recall->graph(g)->property("run").toString()));
        }
        QVERIFY(recall->xAxis->ticker().dynamicCast<QCPAxisTickerFixed>()->tickStep() == 1.0);
        // The legend names each run by its folder and method, in its colour, in the order shown.
        auto* legend = plots->findChild<QLabel*>("legend");
        QVERIFY(legend && !legend->isHidden());
        // (Its entries do not break inside a name: no-break spaces and word joiners, read here as plain.)
        const QString text = legend->text().remove(QChar(0x2060)).replace(QChar(0x00A0), ' ');
        const qsizetype atA = text.indexOf("history/stage1-random (Random)");
        const qsizetype atB = text.indexOf("history/stage1-nearest (Nearest)");
        QVERIFY2(atA >= 0 && atB > atA, qPrintable(text));
        QVERIFY(text.indexOf(plots->colour(a).name()) < atA && text.indexOf(plots->colour(b).name()) > atA);

        // Smoothing: b's step loss becomes the debiased moving average; x, the learning rate and the
        // per-epoch points stay as recorded; the raw loss stays as one more (faint) graph per run.
        const QVector<QPointF> raw = plots->points("loss", b);
        const QVector<QPointF> rawLr = plots->points("learning rate", b);
        QVector<double> y;
        for (const QPointF& p : raw)
            y << p.y();
        view.setSmoothing(0.6);
        QCOMPARE(view.smoothing(), 0.6);
        const QVector<QPointF> smoothed = plots->points("loss", b);
        QCOMPARE(smoothed.size(), raw.size());
        for (int i = 0; i < smoothed.size(); ++i) {
            QCOMPARE(smoothed[i].x(), raw[i].x());
            QVERIFY2(std::abs(smoothed[i].y() - smoothedReference(y, i, 0.6)) < 1e-9,
                     qPrintable(QString("point %1: %2").arg(i).arg(smoothed[i].y())));
        }
        QVERIFY(smoothed[1].y() != raw[1].y());
        QCOMPARE(plots->points("learning rate", b), rawLr);
        QCOMPARE(plots->graphCount("loss"), 6);
        QCOMPARE(view.plotPointCount("loss"), 2 * (8 + 4 + 1) - 3);  // raw + smoothed steps, epoch means once
        QCOMPARE(view.plotPointCount("recall"), 3);
        view.setSmoothing(0);
        QCOMPARE(plots->points("loss", b), raw);

        // Unchecking a run in the list removes it (its colour stays with the other run).
        const QColor colourOfB = plots->colour(b);
        historyItem(view, a)->setCheckState(Qt::Unchecked);
        QCOMPARE(view.shownRuns(), QStringList{b});
        QCOMPARE(plots->graphCount("loss"), 2);
        QCOMPARE(view.plotPointCount("loss"), 5);
        QCOMPARE(plots->colour(b), colourOfB);
        historyItem(view, a)->setCheckState(Qt::Checked);  // as a user's click does
        QCOMPARE(view.shownRuns(), (QStringList{b, a}));
        QVERIFY(view.showRun(b, false));
        QCOMPARE(view.shownRuns(), QStringList{a});
        QCOMPARE(historyItem(view, b)->checkState(), Qt::Unchecked);

        // A run with no records yet, and a folder that is no run of the project, show nothing.
        QVERIFY(!view.showRun(runs + "/seed-1/stage1-random", true));
        QVERIFY(!view.showRun(runs + "/no-such-run", true));
        QCOMPARE(view.shownRuns(), QStringList{a});
        // Another project starts with nothing shown.
        view.setProject(m_folder.project());
        QVERIFY(view.shownRuns().isEmpty());
        QCOMPARE(view.plotPointCount("loss"), 0);
    }

    void shortRunFillsPlotsAndReport()
    {
        TrainingView view;
        view.resize(1000, 700);
        view.show();
        view.setProject(m_folder.project());
        view.setForm(1, "nearest", 2, 8, 1e-3, 1);
        const int listedBefore = view.historyRuns().size();
        QSignalSpy started(&view, &TrainingView::runStarted);
        QSignalSpy finished(&view, &TrainingView::runFinished);
        view.start();
        QCOMPARE(view.state(), TrainingView::State::Running);
        // Once its first step is reported the run is listed in History, checked.
        QVERIFY(started.count() == 1 || started.wait(120000));
        const QString live = started.at(0).at(0).toString();
        QCOMPARE(live, view.runFolder());
        QVERIFY(view.historyRuns().contains(live));
        QCOMPARE(view.historyRuns().size(), listedBefore + 1);
        QVERIFY(view.shownRuns().contains(live));
        QCOMPARE(historyItem(view, live)->checkState(), Qt::Checked);
        QVERIFY(finished.wait(180000));
        QVERIFY(waitForIdle(view, 10000));
        QCOMPARE(finished.at(0).at(1).toBool(), true);
        QCOMPARE(started.count(), 1);
        QCOMPARE(view.shownRuns(), QStringList{live});
        QVERIFY(historyItem(view, live));
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

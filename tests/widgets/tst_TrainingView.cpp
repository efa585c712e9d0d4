// TrainingView on a generated project: a short stage-1 run fills the plots and the report table, and
// is listed in History (checked) once it starts and when it ends; finished runs written with
// TrainMetrics overlay from History — a series per run and plot, one colour each, single points as
// markers, unchecking removes one, smoothing draws the step loss as a debiased moving average
// computed here term by term and leaves per-epoch points alone; Pause keeps a checkpoint and Resume
// completes the run; a core error becomes a message; the event loop stays responsive (max timer gap
// < 50 ms) while the worker trains. The form's fields (tst_TrainingForm) reach the run's config with
// the project's paths; a stage 2 from scratch and an audio tagging run train; a run paused in one view is resumed from History
// by a new view, after a restart as it were.
#include "GuiTestProject.h"
#include "Project.h"
#include "ReportTable.h"
#include "TrainingForm.h"
#include "TrainingPlots.h"
#include "TrainingView.h"
#include "train/TrainMetrics.h"

#include <qcustomplot.h>

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QSignalSpy>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include "TestRegistry.h"

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

// A History label as plain text: the method's spaces there are no-break spaces.
QString plain(const QListWidgetItem* item)
{
    return item ? item->text().replace(QChar(0x00A0), QLatin1Char(' ')) : QString();
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

    // A field changed in the form reaches the run's config; the project supplies the paths.
    void changedFieldsReachTrainConfig()
    {
        TrainingView view;
        view.setProject(m_folder.project());
        TrainingForm* form = view.form();
        view.setForm(1, "multiframe", 3, 8, 1e-3, 5);
        form->findChild<QDoubleSpinBox*>("weightDecay")->setValue(0.05);
        form->findChild<QDoubleSpinBox*>("gradClip")->setValue(0);
        form->findChild<QDoubleSpinBox*>("temperature")->setValue(0.1);
        form->findChild<QDoubleSpinBox*>("warmupFraction")->setValue(0.2);
        form->findChild<QComboBox*>("device")->setCurrentText("auto");
        form->findChild<QSpinBox*>("threads")->setValue(3);
        form->findChild<QSpinBox*>("checkpointEvery")->setValue(7);
        form->findChild<QSpinBox*>("keepCheckpoints")->setValue(4);
        form->findChild<QCheckBox*>("validateEachEpoch")->setChecked(false);
        form->findChild<QDoubleSpinBox*>("segmentSeconds")->setValue(0.5);
        form->findChild<QCheckBox*>("maskSameClip")->setChecked(true);
        QString error;
        const std::optional<TrainConfig> c = view.trainConfig(&error);
        QVERIFY2(c, qPrintable(error));
        QCOMPARE(c->stage, TrainStage::Pretrain);
        QCOMPARE(c->matching, std::string("multiframe"));
        QCOMPARE(c->epochs, 3);
        QCOMPARE(c->seed, 5);
        QCOMPARE(c->weightDecay, 0.05);
        QCOMPARE(c->gradClipNorm, 0.0);
        QCOMPARE(c->initialTemperature, 0.1);
        QCOMPARE(c->warmupFraction, 0.2);
        QCOMPARE(c->device, std::string("auto"));
        QCOMPARE(c->threads, 3);
        QCOMPARE(c->checkpointEverySteps, 7);
        QCOMPARE(c->keepCheckpoints, 4);
        QCOMPARE(c->validateEachEpoch, false);
        QCOMPARE(c->segmentSeconds, 0.5);
        QCOMPARE(c->maskSameClipNegatives, true);
        QCOMPARE(QString::fromStdString(c->trainCache), m_folder.project().cacheFolder("train"));
        // Stage 1 watches the test clips (the Alignment view's per-epoch pick of a held-out clip).
        QVERIFY(!m_folder.project().cacheFolder("test").isEmpty());
        QCOMPARE(QString::fromStdString(c->watchCache), m_folder.project().cacheFolder("test"));
        QVERIFY(QString::fromStdString(c->runDir).endsWith("/app/stage1-multiframe-seed5"));
        // Nearest's options and stage 2's text tower reach it too.
        view.setForm(1, "nearest", 3, 8, 1e-3, 5);
        form->findChild<QSpinBox*>("warmupEpochs")->setValue(2);
        auto* warmup = form->findChild<QComboBox*>("warmupMatching");
        warmup->setCurrentIndex(warmup->findData(int(WarmupMatching::Multiframe)));
        form->findChild<QCheckBox*>("centred")->setChecked(true);
        std::optional<TrainConfig> nearest = view.trainConfig(&error);
        QVERIFY2(nearest, qPrintable(error));
        QCOMPARE(nearest->nearestWarmupEpochs, 2);
        QCOMPARE(nearest->nearestWarmupMatching, WarmupMatching::Multiframe);
        QCOMPARE(nearest->nearestCentred, true);
        view.setForm(2, "nearest", 3, 8, 1e-3, 5);
        form->findChild<QSpinBox*>("textBlocks")->setValue(1);
        form->findChild<QDoubleSpinBox*>("textLearningRate")->setValue(2e-5);
        std::optional<TrainConfig> finetune = view.trainConfig(&error);
        QVERIFY2(finetune, qPrintable(error));
        QCOMPARE(finetune->stage, TrainStage::Finetune);
        QCOMPARE(finetune->textTowerTrainableBlocks, 1);
        QCOMPARE(finetune->textLearningRate, 2e-5);
        QVERIFY(finetune->watchCache.empty());  // stage 2 pairs no frames
        // Stage 2 continues the stage-1 run of its matching and is named after it.
        const QString runs = m_folder.project().runsFolder();
        QCOMPARE(QString::fromStdString(finetune->initFrom), runs + "/seed-1/stage1-nearest/audio-encoder");
        QVERIFY(QString::fromStdString(finetune->runDir).endsWith("/app/stage2-nearest-seed5"));
    }

    // Stage 2 with "scratch": no init_from, and it trains.
    void stage2FromScratchTrains()
    {
        TrainingView view;
        view.setProject(m_folder.project());
        view.setForm(2, "random", 1, 8, 1e-3, 6);
        QVERIFY(view.form()->setStartFrom(QString()));
        QString error;
        const std::optional<TrainConfig> c = view.trainConfig(&error);
        QVERIFY2(c, qPrintable(error));
        QVERIFY(c->initFrom.empty());
        QSignalSpy finished(&view, &TrainingView::runFinished);
        view.start();
        QVERIFY(finished.wait(180000));
        QVERIFY(waitForIdle(view, 10000));
        QCOMPARE(finished.at(0).at(1).toBool(), true);
        const QString run = finished.at(0).at(0).toString();
        QVERIFY2(run.endsWith("/app/stage2-scratch-seed6"), qPrintable(run));
        const RunInfo info = Project::readRun(run);
        QCOMPARE(info.config.stage, TrainStage::Finetune);
        QCOMPARE(info.matching, QString("scratch"));
        QVERIFY(info.hasAudioEncoder);
        // The finished run is offered to start from at once.
        QVERIFY(view.form()->startFromRuns().contains(run));
    }

    // Stage 0, audio tagging (the demo-tagging recipe's stage), trains from the view too.
    void taggingRunTrains()
    {
        TrainingView view;
        view.setProject(m_folder.project());
        view.setConfig("demo-tagging");
        view.setForm(0, "random", 1, 8, 1e-3, 8);
        QSignalSpy finished(&view, &TrainingView::runFinished);
        view.start();
        QVERIFY(finished.wait(180000));
        QVERIFY(waitForIdle(view, 10000));
        QVERIFY2(finished.at(0).at(1).toBool(), qPrintable(view.statusText()));
        const QString run = finished.at(0).at(0).toString();
        QVERIFY2(run.endsWith("/app/tagging-seed8"), qPrintable(run));
        const RunInfo info = Project::readRun(run);
        QCOMPARE(info.config.stage, TrainStage::Tag);
        QCOMPARE(info.matching, QString("tagging"));
        QVERIFY(info.hasAudioEncoder);
        QVERIFY(plain(historyItem(view, run)).contains("audio tagging"));
    }

    // A label wider than the History list goes on over a second line instead of losing its middle
    // ("stage1-multif…e (Multiframe Match)" and "stage2-multif…e" looked alike).
    void historyShowsWholeLabels()
    {
        const QString runs = m_folder.project().runsFolder();
        const QString run = writeRun(runs, "wrap/stage1-multiframe", "multiframe", 1, 2, 4.0);
        QVERIFY(!run.isEmpty());
        m_folder.reopen();
        {
            TrainingView view;
            view.resize(1200, 700);
            view.show();
            QVERIFY(QTest::qWaitForWindowExposed(&view));
            view.setProject(m_folder.project());
            auto* splitter = view.findChild<QSplitter*>(QString(), Qt::FindDirectChildrenOnly);
            QVERIFY(splitter && splitter->count() == 3);
            splitter->setSizes({300, 700, 200});
            auto* list = view.findChild<QListWidget*>("history");
            QListWidgetItem* item = historyItem(view, run);
            QVERIFY(list && item);
            QVERIFY2(plain(item).contains("wrap/stage1-multiframe (Multiframe Match)"), qPrintable(plain(item)));
            const QFontMetrics metrics(list->font());
            QTRY_VERIFY(list->viewport()->width() < 220);
            QVERIFY(metrics.horizontalAdvance(item->text()) > list->viewport()->width());  // no room on one line
            QTRY_VERIFY2(list->visualItemRect(item).height() >= 2 * metrics.height(),
                         qPrintable(QString::number(list->visualItemRect(item).height())));
            QVERIFY(list->visualItemRect(item).right() <= list->viewport()->width());
        }
        QVERIFY(QDir(runs + "/wrap").removeRecursively());
        m_folder.reopen();
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
        const qsizetype atB = text.indexOf("history/stage1-nearest (Nearest Match)");
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
        view.setForm(1, "random", 16, 8, 1e-3, 2);
        QSignalSpy finished(&view, &TrainingView::runFinished);
        // Paused at its first step's point, while most of the run is ahead: a run of these tiny
        // clips trains in well under a second, faster than the plots' refresh.
        connect(&view, &TrainingView::runStarted, &view, [&view] { view.pause(); }, Qt::SingleShotConnection);
        view.start();
        QVERIFY(finished.wait(120000));
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

    // A run paused in one view (as when the app closes) is resumed from History by a new view: the
    // same folder, its saved config, every epoch.
    void interruptedRunResumesAfterRestart()
    {
        QString run;
        {
            TrainingView first;
            first.setProject(m_folder.project());
            first.setForm(1, "random", 12, 8, 1e-3, 7);  // 2 steps per epoch
            first.form()->findChild<QDoubleSpinBox*>("weightDecay")->setValue(0.02);
            QSignalSpy finished(&first, &TrainingView::runFinished);
            connect(&first, &TrainingView::runStarted, &first, [&first] { first.pause(); }, Qt::SingleShotConnection);
            first.start();
            QVERIFY(finished.wait(120000));
            QVERIFY(waitForIdle(first, 10000));
            QCOMPARE(finished.at(0).at(1).toBool(), false);
            run = first.runFolder();
        }
        QVERIFY(!QFile::exists(run + "/audio-encoder"));
        m_folder.reopen();
        const RunInfo* info = m_folder.project().run(QDir(m_folder.project().runsFolder()).relativeFilePath(run));
        QVERIFY(info && info->isInterrupted());

        TrainingView view;
        view.setProject(m_folder.project());
        auto* resume = view.findChild<QPushButton*>("resume");
        QVERIFY(resume && !resume->isEnabled());
        QVERIFY(!view.canResume());
        QVERIFY(historyItem(view, run)->text().contains("interrupted"));
        QVERIFY(view.selectHistoryRun(m_folder.project().runsFolder() + "/seed-1/stage1-nearest"));
        QVERIFY(!resume->isEnabled());  // finished: nothing to resume
        QVERIFY(view.selectHistoryRun(run));
        QVERIFY(resume->isEnabled());
        QSignalSpy started(&view, &TrainingView::runStarted);
        QSignalSpy finished(&view, &TrainingView::runFinished);
        resume->click();
        QCOMPARE(view.state(), TrainingView::State::Running);
        QCOMPARE(view.runFolder(), run);
        // The form shows the run's own settings, read-only while it runs.
        QCOMPARE(view.form()->findChild<QSpinBox*>("epochs")->value(), 12);
        QCOMPARE(view.form()->findChild<QDoubleSpinBox*>("weightDecay")->value(), 0.02);
        QCOMPARE(view.form()->seed(), 7);
        QVERIFY(!view.form()->findChild<QSpinBox*>("epochs")->isEnabled());
        QVERIFY(finished.wait(180000));
        QVERIFY(waitForIdle(view, 10000));
        QCOMPARE(finished.at(0).at(0).toString(), run);
        QCOMPARE(finished.at(0).at(1).toBool(), true);
        QCOMPARE(started.count(), 1);
        QVERIFY(view.form()->findChild<QSpinBox*>("epochs")->isEnabled());
        QVERIFY(QFile::exists(run + "/audio-encoder/model.safetensors"));
        const auto records = TrainMetrics::readFile((run + "/metrics.jsonl").toStdString());
        QList<int> epochs;
        int steps = 0;
        for (const TrainMetrics& m : records) {
            if (m.kind == "epoch")
                epochs << m.epoch;
            else if (m.kind == "step")
                QCOMPARE(m.step, int64_t(++steps));  // no step lost or repeated
        }
        QCOMPARE(epochs, (QList<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}));
        QCOMPARE(steps, 24);
        // The live curves hold the steps before the pause and after it.
        QCOMPARE(view.plotPointCount("learning rate"), 24);
        QVERIFY(!historyItem(view, run)->text().contains("interrupted"));
        QVERIFY(!view.canResume());
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

SOUNDFRAME_TEST_MAIN(TestTrainingView)
#include "tst_TrainingView.moc"

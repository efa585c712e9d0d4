// AlignmentView on a generated project: the curves it draws for a clip equal Evaluator's
// alignment.json for that clip (same run, same cache), the recorded choices are counted from
// choices.jsonl, the heat strip holds the segment x frame matrix, a click on the plot selects the
// nearest frame (thumbnail decoded from the clip's MP4, frameRequested emitted), and missing or
// broken inputs show a message instead of crashing. Three runs show side by side, each headed by its
// method, with the clip's choice per epoch (warm-up marked) and the run's summary over the evaluated
// clips (core AlignmentSummary); a held-out clip's strip shows the run's watched picks
// (watched_picks.jsonl), called so. Computation is asynchronous.
#include <torch/torch.h>  // before Qt: Qt's `slots` macro breaks torch's JIT headers

#include "WidgetTestProject.h"

#include "eval/AlignmentExport.h"
#include "eval/AlignmentFile.h"
#include "eval/AlignmentSummary.h"
#include "eval/Evaluator.h"

#include "AlignmentRunPanel.h"
#include "AlignmentView.h"
#include "Project.h"

#include <QApplication>
#include <QComboBox>
#include <QFileDialog>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QToolButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"
#include <qcustomplot.h>

using namespace soundframe;
using namespace soundframe::gui;
namespace fs = std::filesystem;

class TestAlignmentView : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    gui::Project m_project;
    nlohmann::json m_alignment;  // Evaluator's alignment.json for the nearest run
    fs::path root() const { return fs::path(m_tmp.path().toStdString()); }

    bool waitForCurves(AlignmentView& view)
    {
        QSignalSpy shown(&view, &AlignmentView::curvesShown);
        return view.isComputing() && shown.wait(120000);
    }
    // Waits until every run shown has answered.
    bool waitForAllCurves(AlignmentView& view)
    {
        QSignalSpy shown(&view, &AlignmentView::curvesShown);
        while (view.isComputing())
            if (!shown.wait(120000))
                return false;
        return true;
    }
    // A stage-1 run of `matching` in runs/seed-2 with seed-1/stage1-nearest's encoder.
    void writeSeedTwoRun(const char* matching, const std::string& choices)
    {
        const auto run = root() / "runs" / "seed-2" / (std::string("stage1-") + matching);
        fs::create_directories(run);
        fs::copy(root() / "runs" / "seed-1" / "stage1-nearest" / "audio-encoder", run / "audio-encoder");
        std::ofstream(run / "config.json") << nlohmann::json{{"stage", "pretrain"}, {"matching", matching}, {"epochs", 4},
                                                             {"nearest_warmup_epochs", 2}, {"segment_seconds", 0.5}}.dump();
        std::ofstream(run / "metrics.jsonl") << "";
        if (!choices.empty())
            std::ofstream(run / "choices.jsonl") << choices;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        const std::string error = test::writeWidgetTestProject(root());
        QVERIFY2(error.empty(), error.c_str());
        // A run whose encoder files are damaged.
        const auto broken = root() / "runs" / "seed-1" / "stage1-broken";
        fs::create_directories(broken / "audio-encoder");
        std::ofstream(broken / "config.json") << R"({"stage": "pretrain", "matching": "multiframe"})";
        std::ofstream(broken / "audio-encoder" / "config.json") << "{not json";
        std::ofstream(broken / "audio-encoder" / "model.safetensors") << "garbage";
        // A stage-2 run: not offered.
        const auto finetune = root() / "runs" / "seed-1" / "stage2-nearest";
        fs::create_directories(finetune);
        std::ofstream(finetune / "config.json") << R"({"stage": "finetune"})";
        std::ofstream(finetune / "metrics.jsonl") << "";
        m_project = gui::Project::open(m_tmp.path());

        EvaluatorParams p;
        p.cacheDir = root() / "cache" / "test";
        p.modelDir = root() / "runs" / "seed-1" / "stage1-nearest";
        p.outDir = root() / "eval";
        Evaluator(p).run();
        std::ifstream in(p.outDir / "alignment.json");
        m_alignment = nlohmann::json::parse(in);

        // seed-2: one run per method, trained-looking; the Nearest run evaluated, with 4 epochs of
        // choices for test-1 (2 warm-up) — two in its last epoch, the later one counting.
        writeSeedTwoRun("random", R"({"clip":"test-1","epoch":0,"frame":3,"matching":"random","step":1})" "\n");
        writeSeedTwoRun("nearest", R"({"clip":"test-1","epoch":0,"frame":0,"matching":"nearest","step":1})" "\n"
                                   R"({"clip":"test-1","epoch":1,"frame":1,"matching":"nearest","step":2})" "\n"
                                   R"({"clip":"test-1","epoch":2,"frame":2,"matching":"nearest","step":3})" "\n"
                                   R"({"clip":"test-1","epoch":3,"frame":3,"matching":"nearest","step":4})" "\n"
                                   R"({"clip":"test-1","epoch":3,"frame":2,"matching":"nearest","step":4})" "\n");
        writeSeedTwoRun("multiframe", "");
        // Both watched the held-out clip test-0 after each of their 4 epochs (watched_picks.jsonl);
        // the Nearest run's choices.jsonl has none for it.
        for (const char* matching : {"nearest", "multiframe"}) {
            std::ofstream watched(root() / "runs" / "seed-2" / (std::string("stage1-") + matching) / "watched_picks.jsonl");
            for (int epoch = 0; epoch < 4; ++epoch)
                watched << nlohmann::json{{"step", epoch + 1}, {"epoch", epoch}, {"matching", matching},
                                          {"clip", "test-0"}, {"frame", epoch < 2 ? 0 : 3}}.dump() << "\n";
        }
        p.modelDir = root() / "runs" / "seed-2" / "stage1-nearest";
        p.outDir = p.modelDir / "eval";
        Evaluator(p).run();
        m_project = gui::Project::open(m_tmp.path());
    }

    void offersStageOneRuns()
    {
        AlignmentView view;
        view.setProject(m_project);
        QVERIFY(view.findChild<QToolButton*>("alignmentRunChooser"));
        QCOMPARE(view.availableRuns(),
                 QStringList({"seed-1/stage1-broken", "seed-1/stage1-nearest", "seed-1/stage1-random",
                              "seed-2/stage1-multiframe", "seed-2/stage1-nearest", "seed-2/stage1-random"}));
        // By default one run per method from the first Nearest run's folder, Random first.
        QCOMPARE(view.runNames(), QStringList({"seed-1/stage1-random", "seed-1/stage1-nearest", "seed-1/stage1-broken"}));
        QVERIFY(!view.selectRuns({"seed-1/stage1-nearest", "seed-1/stage2-nearest"}));  // stage 2: not offered
        QCOMPARE(view.panelCount(), 3);
    }

    // Random, Nearest and Multiframe side by side on one clip: each header names its run's method,
    // only the Nearest run's pick is called Nearest's, its choice per epoch is a strip of 4 cells of
    // which the first 2 are warm-up, and its summary over the evaluated clips is the core's.
    void threeRunsSideBySide()
    {
        AlignmentView view;
        view.resize(1200, 800);
        view.show();
        view.setProject(m_project);
        const QStringList runs{"seed-2/stage1-random", "seed-2/stage1-nearest", "seed-2/stage1-multiframe"};
        QVERIFY(view.selectRuns(runs));
        view.showClip("test-1");
        QVERIFY(waitForAllCurves(view));
        QCOMPARE(view.runNames(), runs);
        QCOMPARE(view.panelCount(), 3);
        const char* methods[] = {"Random", "Nearest Match", "Multiframe Match"};
        for (int i = 0; i < 3; ++i) {
            AlignmentRunPanel* panel = view.panel(i);
            QVERIFY(panel);
            QVERIFY2(panel->header().contains(methods[i]) && panel->header().contains(runs[i]), qPrintable(panel->header()));
            QVERIFY2(panel->curves().error.isEmpty(), qPrintable(panel->curves().error));
            QCOMPARE(panel->curves().frameCount(), 4);
            QCOMPARE(panel->curves().runName, runs[i]);
        }
        // Same encoder in all three: the same curve, but only the Nearest run's argmax is "Nearest Match picks".
        QCOMPARE(view.panel(0)->curves().audioToFrame, view.panel(1)->curves().audioToFrame);
        QVERIFY2(view.panel(1)->message().contains("Nearest Match picks frame"), qPrintable(view.panel(1)->message()));
        for (int i : {0, 2}) {
            QVERIFY2(!view.panel(i)->message().contains("Nearest"), qPrintable(view.panel(i)->message()));
            QVERIFY(view.panel(i)->message().contains("most similar frame"));
        }

        // One legend above the panels names every marker the plots drew, each once; no plot holds a
        // legend of its own over its curves.
        auto* legend = view.findChild<QLabel*>("alignmentLegend");
        QVERIFY(legend && legend->isVisible());
        for (int i = 0; i < 3; ++i)
            QVERIFY(!view.panel(i)->plot()->legend->visible());
        const QString text = legend->text();
        for (const char* name : {"cos(audio, frame)", "Nearest Match pick (argmax)", "most similar frame (argmax)"})
            QVERIFY2(text.count(QString(name).toHtmlEscaped()) == 1, qPrintable(text));
        QVERIFY2(text.contains(QChar(0x2731)) && text.contains("color:#c81e1e"), qPrintable(text));  // the argmax's red star
        QVERIFY(legend->geometry().bottom() < view.panel(0)->geometry().top());

        // The Nearest run's choice per epoch: one cell per epoch, warm-up marked, the last choice of an epoch.
        QTableWidget* strip = view.panel(1)->choiceStrip();
        QCOMPARE(strip->columnCount(), 4);
        QVERIFY(strip->isVisible());
        const QStringList frames{"0", "1", "2", "2"};
        for (int epoch = 0; epoch < 4; ++epoch) {
            QCOMPARE(strip->item(0, epoch)->text(), frames[epoch]);
            QCOMPARE(strip->item(0, epoch)->data(AlignmentRunPanel::WarmupRole).toBool(), epoch < 2);
            QCOMPARE(strip->horizontalHeaderItem(epoch)->text(), QString::number(epoch + 1));
        }
        QVERIFY(strip->item(0, 0)->toolTip().contains("Warm-up"));
        QVERIFY(!strip->item(0, 3)->toolTip().contains("Warm-up"));
        // Random records choices too (no warm-up); Multiframe has none.
        QCOMPARE(view.panel(0)->choiceStrip()->columnCount(), 4);
        QVERIFY(!view.panel(0)->choiceStrip()->item(0, 0)->data(AlignmentRunPanel::WarmupRole).toBool());
        QCOMPARE(view.panel(2)->choiceStrip()->columnCount(), 0);
        QVERIFY(!view.panel(2)->choiceStrip()->isVisible());

        // The Nearest run's summary: the core's over its eval/alignment.json and the manifest's ground truth.
        const auto expected = AlignmentSummary::compute(
            AlignmentFile::read(root() / "runs" / "seed-2" / "stage1-nearest" / "eval" / "alignment.json"),
            sourceFramesByClip(m_project.clips()));
        QVERIFY(expected.hasGroundTruth());
        QVERIFY(view.panel(1)->curves().hasSummary);
        QCOMPARE(view.panel(1)->curves().summary.pickAccuracy, expected.pickAccuracy);
        const QString summary = view.panel(1)->summaryText();
        QVERIFY2(summary.contains("Over 8 evaluated clip"), qPrintable(summary));
        QVERIFY2(summary.contains(QString::number(expected.pickAccuracy, 'f', 1) + "%"), qPrintable(summary));
        QVERIFY2(summary.contains(QString::number(expected.baseRate, 'f', 1) + "%"), qPrintable(summary));
        QVERIFY2(summary.contains(QString::number(expected.meanSpread, 'f', 3)), qPrintable(summary));
        // Not evaluated: said so, not a made-up figure.
        QVERIFY(!view.panel(0)->curves().hasSummary);
        QVERIFY2(view.panel(0)->summaryText().contains("no evaluation"), qPrintable(view.panel(0)->summaryText()));

        // A click in one run's plot selects that frame in every run; the caption numbers it from 0.
        QSignalSpy requested(&view, &AlignmentView::frameRequested);
        QCustomPlot* plot = view.panel(2)->plot();
        const AlignmentCurves& c = view.panel(2)->curves();
        const QPoint at(int(plot->xAxis->coordToPixel(c.frameSeconds[1]) + 2), int(plot->yAxis->coordToPixel(c.audioToFrame[1])));
        QTest::mouseClick(plot, Qt::LeftButton, {}, at);
        QCOMPARE(requested.count(), 1);
        QCOMPARE(view.selectedFrame(), 1);
        const auto labels = view.findChildren<QLabel*>();
        const bool captioned = std::any_of(labels.begin(), labels.end(), [&](QLabel* l) {
            return l->text().startsWith(QString("Frame 1 at %1 s").arg(c.frameSeconds[1], 0, 'f', 2));
        });
        QVERIFY(captioned);
    }

    // A held-out clip (test-0: in no choices.jsonl): the Nearest and Multiframe runs' strips show the
    // watched picks, called the model's pick of a clip never trained on, with Nearest's warm-up
    // hatched; the Random run watched nothing and says so.
    void heldOutClipShowsWatchedPicks()
    {
        AlignmentView view;
        view.resize(1200, 800);
        view.show();
        view.setProject(m_project);
        QVERIFY(view.selectRuns({"seed-2/stage1-random", "seed-2/stage1-nearest", "seed-2/stage1-multiframe"}));
        view.showClip("test-0");
        QVERIFY(waitForAllCurves(view));
        for (int i : {1, 2}) {
            AlignmentRunPanel* panel = view.panel(i);
            const AlignmentCurves& c = panel->curves();
            QVERIFY2(c.error.isEmpty(), qPrintable(c.error));
            QVERIFY(c.choicesWatched);
            QCOMPARE(c.choicePerEpoch, QVector<int>({0, 0, 3, 3}));
            QCOMPARE(c.choiceCounts, QVector<int>({2, 0, 0, 2}));
            QCOMPARE(c.warmupEpochs, i == 1 ? 2 : 0);
            QVERIFY(panel->choiceStrip()->isVisible());
            QCOMPARE(panel->choiceStrip()->item(0, 3)->text(), QString("3"));
            QCOMPARE(panel->choiceStrip()->item(0, 0)->data(AlignmentRunPanel::WarmupRole).toBool(), i == 1);
            QVERIFY2(panel->choiceCaption().contains("a held-out clip: never trained on"), qPrintable(panel->choiceCaption()));
            QVERIFY(!panel->choiceCaption().contains("Multiframe pairs"));
        }
        const AlignmentCurves& random = view.panel(0)->curves();
        QVERIFY(random.choicePerEpoch.isEmpty() && !random.choicesWatched);
        QVERIFY(!view.panel(0)->choiceStrip()->isVisible());
        QVERIFY2(view.panel(0)->choiceCaption().startsWith("No recorded choice"), qPrintable(view.panel(0)->choiceCaption()));

        // A training-looking clip keeps choices.jsonl's choices; Multiframe, with none for it, says why.
        view.showClip("test-1");
        QVERIFY(waitForAllCurves(view));
        QVERIFY(!view.panel(1)->curves().choicesWatched);
        QCOMPARE(view.panel(1)->curves().choicePerEpoch, QVector<int>({0, 1, 2, 2}));
        QVERIFY(view.panel(2)->curves().choicePerEpoch.isEmpty());
        QVERIFY2(view.panel(2)->choiceCaption().startsWith("Multiframe pairs every segment"),
                 qPrintable(view.panel(2)->choiceCaption()));
    }

    void curvesMatchEvaluator()
    {
        AlignmentView view;
        view.setProject(m_project);
        QVERIFY(view.selectRun("seed-1/stage1-nearest"));
        view.showClip("test-1");
        QVERIFY(waitForCurves(view));
        const AlignmentCurves& c = view.curves();
        QVERIFY2(c.error.isEmpty(), qPrintable(c.error));
        QCOMPARE(c.frameCount(), 4);

        const nlohmann::json* entry = nullptr;
        for (const auto& e : m_alignment.at("clips"))
            if (e.at("clip") == "test-1")
                entry = &e;
        QVERIFY(entry);
        QCOMPARE(m_alignment.at("segment_seconds").get<double>(), 0.5);
        for (int l = 0; l < 4; ++l) {
            QCOMPARE(c.frameSeconds[l], entry->at("frame_seconds").at(l).get<double>());
            QVERIFY(std::abs(c.audioToFrame[l] - entry->at("audio_to_frame").at(l).get<double>()) < 1e-4);
            for (int m = 0; m < 4; ++m)
                QVERIFY(std::abs(c.segmentToFrameAt(l, m) - entry->at("segment_to_frame").at(l).at(m).get<double>()) < 1e-4);
        }
        QCOMPARE(c.argmaxFrame, entry->at("argmax_frame").get<int>());

        // choices.jsonl holds frames 2, 2, 3 for test-1 (and one line for another clip).
        QCOMPARE(c.choiceCounts, QVector<int>({0, 0, 2, 1}));
        QCOMPARE(c.choiceMatching, QString("nearest"));

        // The heat strip holds the matrix: cell (frame m, segment l).
        auto* map = view.plot()->findChild<QCPColorMap*>();
        if (!map)
            for (int i = 0; i < view.plot()->plottableCount(); ++i)
                if ((map = qobject_cast<QCPColorMap*>(view.plot()->plottable(i))))
                    break;
        QVERIFY(map);
        QCOMPARE(map->data()->keySize(), 4);
        QCOMPARE(map->data()->cell(3, 1), c.segmentToFrameAt(1, 3));
        // The curve, the argmax, the choices and the visible frames are drawn; events are spans.
        QVERIFY(view.plot()->graphCount() >= 3);
        QVERIFY(view.plot()->itemCount() >= 2);
        QVERIFY(view.message().contains("Nearest Match picks frame"));
        // Per epoch: epochs 0-2 recorded (the fixture's config names no epoch count: the default 10).
        QCOMPARE(c.choicePerEpoch.mid(0, 4), QVector<int>({2, 2, 3, -1}));
    }

    void clickSelectsFrame()
    {
        AlignmentView view;
        view.resize(900, 600);
        view.show();
        view.setProject(m_project);
        QVERIFY(view.selectRun("seed-1/stage1-nearest"));
        view.showClip("test-0");  // media: the generated MP4
        QVERIFY(waitForCurves(view));
        const AlignmentCurves& c = view.curves();
        QVERIFY2(c.error.isEmpty(), qPrintable(c.error));
        QCOMPARE(c.thumbnails.size(), 4);
        QCOMPARE(c.thumbnails[0].width(), 160);
        QVERIFY(c.choiceCounts.isEmpty());  // no recorded choice for test-0

        QCOMPARE(view.selectedFrame(), c.argmaxFrame);  // shown first, without a seek request

        QSignalSpy requested(&view, &AlignmentView::frameRequested);
        const int target = (c.argmaxFrame + 2) % 4;
        QCustomPlot* plot = view.plot();
        const QPoint at(int(plot->xAxis->coordToPixel(c.frameSeconds[target]) + 3),
                        int(plot->yAxis->coordToPixel(c.audioToFrame[target])));
        QTest::mouseClick(plot, Qt::LeftButton, {}, at);
        QCOMPARE(requested.count(), 1);
        QCOMPARE(requested.at(0).at(0).toString(), QString("test-0"));
        QCOMPARE(requested.at(0).at(1).toDouble(), c.frameSeconds[target]);
        QCOMPARE(view.selectedFrame(), target);
        auto* thumbnail = view.findChild<QLabel*>("alignmentThumbnail");
        QVERIFY(thumbnail);
        QCOMPARE(thumbnail->pixmap().width(), 160);
    }

    // Export: disabled until curves are shown; the button asks for a folder and writes the shown
    // clip's Audacity / Sonic Visualiser files, whose text is AlignmentExport's for the drawn curves.
    void exportWritesShownClip()
    {
        QTemporaryDir out;
        AlignmentView view;
        view.setProject(m_project);
        auto* button = view.findChild<QPushButton*>("alignmentExport");
        QVERIFY(button);
        QVERIFY(!button->isEnabled());
        QVERIFY(view.exportAlignment(out.path()).isEmpty());
        QVERIFY(view.message().contains("nothing to export"));

        QVERIFY(view.selectRun("seed-1/stage1-nearest"));
        view.showClip("test-1");
        QVERIFY(waitForCurves(view));
        QVERIFY(button->isEnabled());
        const AlignmentCurves& c = view.curves();
        AlignmentExportClip expected;
        expected.clipId = "test-1";
        const ClipRecord* record = m_project.clip("test-1");
        QVERIFY(record);
        for (double t : c.frameSeconds)
            expected.frameSeconds.push_back(t - record->start);
        expected.audioToFrame.assign(c.audioToFrame.begin(), c.audioToFrame.end());
        expected.argmaxFrame = c.argmaxFrame;
        expected.events = record->events;

        // Through the button and its folder dialog (offscreen: Qt's own dialog, accepted here).
        const QString folder = out.path() + "/by-button";
        QVERIFY(QDir().mkpath(folder));
        bool dialogSeen = false;
        QTimer::singleShot(0, this, [&] {
            auto* dialog = qobject_cast<QFileDialog*>(QApplication::activeModalWidget());
            if (!dialog)
                return;
            dialogSeen = true;
            dialog->setDirectory(folder);
            QMetaObject::invokeMethod(dialog, "accept");  // protected; a slot nonetheless
        });
        QTest::mouseClick(button, Qt::LeftButton);
        QVERIFY(dialogSeen);
        const fs::path dir(folder.toStdString());
        std::ifstream labels(dir / "test-1.labels.txt");
        std::stringstream text;
        text << labels.rdbuf();
        QCOMPARE(text.str(), AlignmentExport(expected).audacityLabels());
        QVERIFY2(view.message().contains("Exported 4 file"), qPrintable(view.message()));

        // Directly, into a folder that does not exist yet.
        const QStringList files = view.exportAlignment(out.path() + "/direct");
        QCOMPARE(files.size(), 4);
        for (const QString& file : files)
            QVERIFY2(QFileInfo::exists(file), qPrintable(file));
        std::ifstream cosine(fs::path(out.path().toStdString()) / "direct" / "test-1.cosine.csv");
        std::stringstream csv;
        csv << cosine.rdbuf();
        QCOMPARE(csv.str(), AlignmentExport(expected).cosineLayer());
    }

    void problemsAreMessages()
    {
        AlignmentView view;
        view.setProject(m_project);
        QVERIFY(view.selectRun("seed-1/stage1-random"));
        view.showClip("test-2");
        QVERIFY(!view.isComputing());
        QVERIFY2(view.message().contains("no trained audio encoder"), qPrintable(view.message()));

        QVERIFY(view.selectRun("seed-1/stage1-broken"));
        QVERIFY(waitForCurves(view));
        QVERIFY(!view.curves().error.isEmpty());
        QVERIFY2(view.message().startsWith("Cannot compute the alignment"), qPrintable(view.message()));

        QVERIFY(view.selectRun("seed-1/stage1-nearest"));
        view.showClip("no-such-clip");
        QVERIFY(!view.isComputing());
        QVERIFY(view.message().contains("no-such-clip"));

        // A clip of a split without a prepared cache.
        gui::Project noCache = gui::Project::open(m_tmp.path());
        fs::rename(root() / "cache", root() / "cache-away");
        view.setProject(noCache);
        QVERIFY(view.selectRun("seed-1/stage1-nearest"));
        view.showClip("test-1");
        fs::rename(root() / "cache-away", root() / "cache");
        QVERIFY2(view.message().contains("No prepared frame cache"), qPrintable(view.message()));
        view.selectFrame(1);  // nothing shown: ignored
        QCOMPARE(view.selectedFrame(), -1);
    }
};

SOUNDFRAME_TEST_MAIN(TestAlignmentView)
#include "tst_AlignmentView.moc"

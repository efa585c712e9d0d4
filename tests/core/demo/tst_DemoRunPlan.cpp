// DemoRunPlan: the runs a demo makes, in order, what each starts from, and the search model chosen on
// validation metrics (written here by hand, so the choice is checked against known numbers).
#include <torch/torch.h>  // before Qt: Qt's `slots` macro breaks torch's JIT headers

#include "TestSupport.h"
#include "base/Error.h"
#include "demo/DemoRunPlan.h"
#include "train/ClipPairing.h"

#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

using namespace soundframe;
namespace fs = std::filesystem;

namespace {
std::vector<std::string> names(const DemoRunPlan& plan)
{
    std::vector<std::string> out;
    for (const auto& run : plan.runs())
        out.push_back(run.key());
    return out;
}

void writeValidation(const fs::path& run, const std::vector<double>& recallPerEpoch)
{
    std::string lines = "{\"kind\":\"step\",\"step\":1}\n";
    for (size_t e = 0; e < recallPerEpoch.size(); ++e)
        lines += "{\"kind\":\"epoch\",\"epoch\":" + std::to_string(e) + ",\"validation\":{\"text_to_audio/R@10\":"
                 + std::to_string(recallPerEpoch[e]) + "}}\n";
    fs::create_directories(run);
    QVERIFY(test::writeBytes(QString::fromStdString((run / "metrics.jsonl").string()), QByteArray::fromStdString(lines)));
}
} // namespace

class TestDemoRunPlan : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    DemoPipelineParams params() const
    {
        DemoPipelineParams p;
        p.outDir = m_dir.path().toStdString();
        p.tagEpochs = 3;
        p.stage1Epochs = 6;
        p.stage2Epochs = 2;
        return p;
    }

private Q_SLOTS:
    void oneLengthOneSeed()
    {
        const DemoRunPlan plan(params());
        QCOMPARE(names(plan), (std::vector<std::string>{
                                  "seed-1/audio-tagging", "seed-1/stage1-random", "seed-1/stage1-nearest",
                                  "seed-1/stage1-multiframe", "seed-1/stage2-random", "seed-1/stage2-nearest",
                                  "seed-1/stage2-multiframe", "seed-1/stage2-scratch"}));
        const DemoPipelineParams p = params();
        const fs::path seed = p.outDir / "runs" / "seed-1";
        for (const auto& run : plan.runs()) {
            QCOMPARE(run.dir, seed / run.name);
            if (run.stage == DemoRunStage::Tagging) {
                QVERIFY(run.initFrom(p).empty());
                QCOMPARE(run.epochs, 3);
            } else if (run.stage == DemoRunStage::Stage1 || run.method == "scratch") {
                QCOMPARE(run.initFrom(p), seed / "audio-tagging" / "audio-encoder");
            } else {
                QCOMPARE(run.initFrom(p), seed / ("stage1-" + run.method) / "audio-encoder");
                QCOMPARE(run.stage1Epochs, 6);
            }
        }
        DemoPipelineParams fromScratch = p;
        fromScratch.tagEpochs = 0;
        const DemoRunPlan untagged(fromScratch);
        QCOMPARE(untagged.runs().front().key(), std::string("seed-1/stage1-random"));
        QVERIFY(untagged.runs().front().initFrom(fromScratch).empty());
        QVERIFY(untagged.runs().back().initFrom(fromScratch).empty());  // stage2-scratch: truly from scratch
    }

    void twoLengthsTwoSeedsAndASearchModel()
    {
        DemoPipelineParams p = params();
        p.stage1ShortEpochs = 2;
        p.seeds = {1, 2};
        p.searchEpochs = 4;
        const DemoRunPlan plan(p);
        QCOMPARE(plan.stage1Lengths(), (std::vector<int>{2, 6}));
        QCOMPARE(plan.runs().size(), size_t(2 * (1 + 2 * 6 + 1) + 1));
        std::map<std::string, const DemoRun*> byKey;
        for (const auto& run : plan.runs())
            byKey[run.key()] = &run;
        const DemoRun& shortStage2 = *byKey.at("seed-2/stage2-nearest-e2");
        QCOMPARE(shortStage2.stage1Epochs, 2);
        QCOMPARE(shortStage2.epochs, 2);
        QCOMPARE(shortStage2.initFrom(p), p.outDir / "runs" / "seed-2" / "stage1-nearest-e2" / "audio-encoder");
        QCOMPARE(byKey.at("seed-2/stage1-nearest-e2")->epochs, 2);
        QCOMPARE(byKey.at("seed-2/stage1-nearest")->epochs, 6);
        const DemoRun& search = plan.searchRun();
        QCOMPARE(search.key(), std::string("seed-1/search-multiframe"));
        QCOMPARE(search.initFrom(p), p.outDir / "runs" / "seed-1" / "stage1-multiframe" / "audio-encoder");
    }

    // The methods compared are data: a recipe's subset trains only those, and a matching registered
    // in the process joins the default comparison (and the search run follows searchMatching).
    void methodsAreDataAndARegisteredMatchingJoins()
    {
        DemoPipelineParams two = params();
        two.methods = {"multiframe", "random"};
        two.searchEpochs = 2;
        two.searchMatching = "random";
        const DemoRunPlan plan(two);
        QCOMPARE(names(plan), (std::vector<std::string>{
                                  "seed-1/audio-tagging", "seed-1/stage1-multiframe", "seed-1/stage1-random",
                                  "seed-1/stage2-multiframe", "seed-1/stage2-random", "seed-1/stage2-scratch",
                                  "seed-1/search-random"}));
        QCOMPARE(plan.searchRun().initFrom(two), two.outDir / "runs" / "seed-1" / "stage1-random" / "audio-encoder");

        ClipPairingRegistry::add("toy-plan", [](const PairingContext&) { return std::unique_ptr<ClipPairing>(); });
        const DemoPipelineParams withToy = params();
        QCOMPARE(withToy.methods.back(), std::string("toy-plan"));
        const auto keys = names(DemoRunPlan(withToy));
        QVERIFY(std::count(keys.begin(), keys.end(), "seed-1/stage1-toy-plan") == 1);
        QVERIFY(std::count(keys.begin(), keys.end(), "seed-1/stage2-toy-plan") == 1);
    }

    // The last epoch's validation counts, not the best epoch's; only the first seed's full-length runs
    // and the run without stage 1 compete.
    void searchModelIsTheBestLastValidationEpoch()
    {
        DemoPipelineParams p = params();
        p.stage1ShortEpochs = 2;
        p.seeds = {1, 2};
        const fs::path runs = p.outDir / "runs";
        const DemoRunPlan plan(p);
        QCOMPARE(plan.searchRun().key(), std::string("seed-1/stage2-random"));  // no metrics yet: a tie, the first
        writeValidation(runs / "seed-1" / "stage2-random", {10, 30});
        writeValidation(runs / "seed-1" / "stage2-nearest", {50, 20});      // best epoch, not last
        writeValidation(runs / "seed-1" / "stage2-multiframe", {12, 25});
        writeValidation(runs / "seed-1" / "stage2-scratch", {5, 29});
        writeValidation(runs / "seed-1" / "stage2-random-e2", {90, 90});   // the short length
        writeValidation(runs / "seed-2" / "stage2-random", {95, 95});      // another seed
        QCOMPARE(plan.searchRun().key(), std::string("seed-1/stage2-random"));
        writeValidation(runs / "seed-1" / "stage2-scratch", {5, 31});
        QCOMPARE(plan.searchRun().key(), std::string("seed-1/stage2-scratch"));
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestDemoRunPlan)
#include "tst_DemoRunPlan.moc"

// DemoRecipe: every recipe shipped in resources/recipes applies to the defaults; a recipe overrides
// only what it names; bad values name the file and the key.
#include <torch/torch.h>  // before Qt: Qt's `slots` macro breaks torch's JIT headers

#include "TestSupport.h"
#include "base/Error.h"
#include "demo/DemoRecipe.h"

#include <QDir>
#include <QtTest>

#include "TestRegistry.h"

using namespace soundframe;

namespace {
void expectError(const std::string& text, const std::vector<std::string>& parts)
{
    DemoPipelineParams p;
    try {
        DemoRecipe::apply(p, text, "r.json");
        QFAIL(qPrintable(QString::fromStdString("accepted: " + text)));
    } catch (const Error& e) {
        for (const auto& part : parts)
            QVERIFY2(std::string(e.what()).find(part) != std::string::npos, e.what());
    }
}
} // namespace

class TestDemoRecipe : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shippedRecipesApply()
    {
        // tests/scripts -> resources/recipes of the same checkout
        const QDir recipes(test::scriptsDir() + "/../../resources/recipes");
        const auto files = recipes.entryList({"*.json"}, QDir::Files);
        QVERIFY2(files.contains("demo-full.json"), qPrintable(recipes.path()));
        for (const QString& name : files) {
            DemoPipelineParams p;
            DemoRecipe::apply(p, test::readBytes(recipes.filePath(name)).toStdString(), name.toStdString());
        }
        DemoPipelineParams full;
        DemoRecipe::apply(full, test::readBytes(recipes.filePath("demo-full.json")).toStdString(), "demo-full.json");
        QCOMPARE(full.seeds, (std::vector<int>{1, 2, 3}));
        QVERIFY(full.stage1ShortEpochs > 0 && full.stage1ShortEpochs < full.stage1Epochs);
    }

    void overridesOnlyWhatItNames()
    {
        DemoPipelineParams p;
        const DemoPipelineParams defaults;
        DemoRecipe::apply(p, R"({"stage1_epochs": 20, "clip_image": "best", "world": {"clips_test": 500},
                                 "stand_in": {"epochs": 30}, "audio_encoder": {"channels": [16, 32, 64, 128]}})",
                          "r.json");
        QCOMPARE(p.stage1Epochs, 20);
        QCOMPARE(p.stage2Epochs, defaults.stage2Epochs);
        QVERIFY(p.clipImage == ClipImage::Best);
        QCOMPARE(p.world.clipsTest, 500);
        QCOMPARE(p.world.clipsTrain, defaults.world.clipsTrain);
        QCOMPARE(p.world.fingerprint() == defaults.world.fingerprint(), false);
        QCOMPARE(p.standIn.epochs, 30);
        QCOMPARE(p.standIn.patchSize, defaults.standIn.patchSize);
        QCOMPARE(p.audioEncoder.cnn.channels, (std::vector<int>{16, 32, 64, 128}));
        QCOMPARE(p.audioEncoder.logMel.nMels, defaults.audioEncoder.logMel.nMels);
        QCOMPARE(p.world.packages, defaults.world.packages);

        // The world's sources, by name.
        DemoRecipe::apply(p, R"({"world": {"packages": ["gcompris-qt-data", "tuxpaint-stamps-default"]}})", "r.json");
        QCOMPARE(p.world.packages, (std::vector<std::string>{"gcompris-qt-data", "tuxpaint-stamps-default"}));

        // Stage 1's rate per method: a method not named takes learning_rate.
        DemoRecipe::apply(p, R"({"learning_rate": 0.002, "stage1_learning_rates": {"multiframe": 0.005},
                                 "world": {"split_by": "recording"}})", "r.json");
        QCOMPARE(p.stage1LearningRate("multiframe"), 0.005);
        QCOMPARE(p.stage1LearningRate("random"), 0.002);
        QCOMPARE(p.stage1LearningRate("nearest"), defaults.stage1LearningRate("nearest"));  // not named: kept
        QVERIFY(p.world.splitBy == DemoSplitBy::Recording);

        // The methods compared, and the stage 1 a search run of its own starts from.
        QCOMPARE(defaults.methods, (std::vector<std::string>{"random", "nearest", "multiframe"}));
        DemoRecipe::apply(p, R"({"methods": ["multiframe", "random"], "search_matching": "random"})", "r.json");
        QCOMPARE(p.methods, (std::vector<std::string>{"multiframe", "random"}));
        QCOMPARE(p.searchMatching, std::string("random"));

        // The blocks each stage keeps frozen.
        QCOMPARE(defaults.stage1FrozenAudioBlocks, 3);
        QCOMPARE(defaults.stage2FrozenAudioBlocks, 0);
        DemoRecipe::apply(p, R"({"stage1_frozen_audio_blocks": 4, "stage2_frozen_audio_blocks": 1})", "r.json");
        QCOMPARE(p.stage1FrozenAudioBlocks, 4);
        QCOMPARE(p.stage2FrozenAudioBlocks, 1);
    }

    void badRecipesNameFileAndKey()
    {
        expectError(R"({"stage1_epoch": 3})", {"r.json", "unknown key 'stage1_epoch'"});
        expectError(R"({"world": {"clips": 3}})", {"r.json: world", "'clips'"});
        expectError(R"({"stand_in": {"epochs": "many"}})", {"r.json: stand_in", "'epochs'"});
        expectError(R"({"clip_image": "first"})", {"r.json", "clip_image", "first"});
        expectError(R"({"seeds": []})", {"r.json", "seeds"});
        expectError(R"({"stage1_epochs": 10, "stage1_short_epochs": 10})", {"r.json", "stage1_short_epochs"});
        expectError(R"({"world": {"clips_test": 1}})", {"r.json: world", "clips_test"});
        expectError(R"({"stand_in": {"learning_rate": 0}})", {"r.json: stand_in", "learning_rate"});
        // The world's own ranges (DemoWorldParams::validate), named with the file.
        expectError(R"({"world": {"clip_seconds": -2}})", {"r.json: world", "field 'clip_seconds'", "must be > 0"});
        expectError(R"({"world": {"off_screen_probability": 1.5}})", {"r.json: world", "field 'off_screen_probability'"});
        expectError(R"({"world": {"min_events": 3, "max_events": 2}})", {"r.json: world", "field 'max_events'"});
        expectError(R"({"world": {"packages": ["tuxpaint"]}})", {"r.json: world", "field 'packages'", "'tuxpaint'"});
        expectError(R"({"world": {"scene_images": -1}})", {"r.json: world", "field 'scene_images'"});
        expectError(R"({"world": {"split_by": "event"}})", {"r.json: world", "field 'split_by'"});
        expectError(R"({"stage1_learning_rates": {"closest": 0.001}})", {"r.json", "stage1_learning_rates.closest"});
        expectError(R"({"stage1_learning_rates": {"nearest": 0}})", {"r.json", "stage1_learning_rates", "nearest"});
        expectError(R"({"methods": ["random", "closest"]})",
                    {"r.json", "key 'methods'", "unknown matching 'closest'", "random, nearest, multiframe"});
        expectError(R"({"methods": ["random", "random"]})", {"r.json", "key 'methods'", "'random' is named twice"});
        expectError(R"({"methods": []})", {"r.json", "key 'methods'", "at least one"});
        expectError(R"({"methods": "random"})", {"r.json", "'methods'"});
        expectError(R"({"search_matching": "tagging"})", {"r.json", "key 'search_matching'", "'tagging'"});
        // The default CNN has 4 blocks; frozen blocks need a tagged encoder to keep.
        expectError(R"({"stage1_frozen_audio_blocks": 5})", {"r.json", "stage1_frozen_audio_blocks", "0 to 4", "got 5"});
        expectError(R"({"stage2_frozen_audio_blocks": -1})", {"r.json", "stage2_frozen_audio_blocks", "got -1"});
        expectError(R"({"tag_epochs": 0})", {"r.json", "stage1_frozen_audio_blocks", "tag_epochs is 0"});
        expectError(R"({"tag_epochs": 0, "stage1_frozen_audio_blocks": 0, "stage2_frozen_audio_blocks": 2})",
                    {"r.json", "stage2_frozen_audio_blocks", "tag_epochs"});
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestDemoRecipe)
#include "tst_DemoRecipe.moc"

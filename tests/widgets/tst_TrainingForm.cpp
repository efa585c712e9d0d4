// TrainingForm: a shipped recipe fills every field, the advanced ones included (collapsed until asked
// for), and the form gives back exactly that config; tooltips name the recipe's value; the chosen
// matching's own options are the ones shown, and stage 2's text-tower rows only for stage 2; Start
// from lists scratch and the project's runs with an audio encoder, named with their method, stage 1
// defaulting to the audio-tagging run and stage 2 to the stage-1 run of its matching while a start
// picked by hand stays; a config's init_from that is no run of the project is shown as it is; a
// locked form still opens Advanced. A matching registered by a plugin (here a test's) is offered after
// the paper's three, and its options follow the traits it declares, not its name.
#include "GuiTestProject.h"
#include "Project.h"
#include "ShippedConfigs.h"
#include "TrainingForm.h"
#include "train/ClipPairing.h"  // the registry's factories return it (complete for unique_ptr)
#include "train/ClipPairingRegistry.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QSpinBox>
#include <QToolButton>
#include <QtTest>

#include "TestRegistry.h"

using namespace soundframe;
using namespace soundframe::gui;

class TestTrainingForm : public QObject {
    Q_OBJECT

    test::GuiTestProjectFolder m_folder;

private Q_SLOTS:
    void initTestCase()
    {
        QCOMPARE(m_folder.create(2), QString());
    }

    // Every field, the advanced and matching-specific ones included, comes from the recipe.
    void recipeFillsEveryField()
    {
        TrainingForm form;
        auto* advanced = form.findChild<QWidget*>("advanced");
        auto* toggle = form.findChild<QToolButton*>("advancedToggle");
        QVERIFY(advanced && toggle);
        QVERIFY(advanced->isHidden());  // collapsed by default
        QVERIFY(!form.advancedShown());
        QCOMPARE(form.setRecipe("audioset-stage1-cnn14"), QString());
        QCOMPARE(form.findChild<QComboBox*>("matching")->currentData().toString(), QString("nearest"));
        // The paper's name, as the Alignment view's headers say it (MethodName).
        QCOMPARE(form.findChild<QComboBox*>("matching")->currentText(), QString("Nearest Match"));
        QCOMPARE(form.findChild<QSpinBox*>("warmupEpochs")->value(), 2);
        QCOMPARE(form.findChild<QSpinBox*>("batchSize")->value(), 256);
        QCOMPARE(form.findChild<QDoubleSpinBox*>("warmupFraction")->value(), 0.02);
        QCOMPARE(form.findChild<QSpinBox*>("checkpointEvery")->value(), 1000);
        QCOMPARE(form.findChild<QComboBox*>("device")->currentText(), QString("auto"));
        QCOMPARE(form.findChild<QComboBox*>("audioEncoder")->currentData().toString(), QString("cnn14"));
        // Fields the recipe leaves alone hold TrainConfig's defaults.
        const TrainConfig defaults;
        QCOMPARE(form.findChild<QDoubleSpinBox*>("weightDecay")->value(), defaults.weightDecay);
        QCOMPARE(form.findChild<QDoubleSpinBox*>("temperature")->value(), defaults.initialTemperature);
        QCOMPARE(form.findChild<QSpinBox*>("keepCheckpoints")->value(), defaults.keepCheckpoints);
        QCOMPARE(form.findChild<QCheckBox*>("validateEachEpoch")->isChecked(), defaults.validateEachEpoch);
        // Tooltips say what a field does and the recipe's value.
        const QString tip = form.findChild<QDoubleSpinBox*>("warmupFraction")->toolTip();
        QVERIFY2(tip.contains("warm-up") && tip.contains("Default (audioset-stage1-cnn14): 0.02"), qPrintable(tip));
        // The recipe's config is what the form gives, field for field.
        QCOMPARE(form.formToConfig().toJson(), [] {
            const auto text = ShippedConfigs::resolve(ShippedConfigs::Training, "audioset-stage1-cnn14");
            return TrainConfig::fromJson(text.json, text.where).toJson();
        }());
        // Another recipe replaces them all; the tagging recipe is stage 0.
        QCOMPARE(form.setRecipe("demo-stage2"), QString());
        QCOMPARE(form.stage(), 2);
        QCOMPARE(form.findChild<QSpinBox*>("checkpointEvery")->value(), 0);
        QCOMPARE(form.findChild<QComboBox*>("device")->currentText(), QString("cpu"));
        QCOMPARE(form.findChild<QComboBox*>("audioEncoder")->currentData().toString(), QString());  // the project's
        QVERIFY(form.formToConfig().audioEncoderConfig.empty());
        QCOMPARE(form.setRecipe("demo-tagging"), QString());
        QCOMPARE(form.stage(), 0);
        QCOMPARE(form.formToConfig().stage, TrainStage::Tag);
        toggle->click();
        QVERIFY(!advanced->isHidden());
        QVERIFY(form.advancedShown());
    }

    // The options of the chosen matching are shown; the others, and stage 2's, are not.
    void matchingOptionsFollowTheMatching()
    {
        TrainingForm form;
        form.setAdvancedShown(true);
        const auto shown = [&form](const char* name) {
            auto* field = form.findChild<QWidget*>(name);
            return field && field->isVisibleTo(&form);
        };
        form.setForm(1, "nearest", 2, 8, 1e-3, 1);
        QVERIFY(shown("warmupEpochs") && shown("warmupMatching") && shown("centred"));
        QVERIFY(!shown("segmentSeconds") && !shown("maskSameClip"));
        QVERIFY(!shown("textBlocks") && !shown("textLearningRate"));
        form.setForm(1, "multiframe", 2, 8, 1e-3, 1);
        QVERIFY(!shown("warmupEpochs") && !shown("warmupMatching") && !shown("centred"));
        QVERIFY(shown("segmentSeconds") && shown("maskSameClip"));
        form.setForm(1, "random", 2, 8, 1e-3, 1);
        QVERIFY(!shown("matchingOptions"));
        QVERIFY(shown("matching"));
        // Stage 2 pairs audio with captions: no matching to choose; its text tower's rows appear.
        form.setForm(2, "nearest", 2, 8, 1e-3, 1);
        QVERIFY(!shown("matchingOptions"));
        QVERIFY(!shown("matching"));
        QVERIFY(shown("textBlocks") && shown("textLearningRate"));
    }

    void aRegisteredMatchingIsOfferedWithItsOptions()
    {
        ClipPairingRegistry::add("toy-segments", [](const PairingContext&) { return std::unique_ptr<ClipPairing>(); },
                                 MatchingTraits{false, true});
        TrainingForm form;
        form.setAdvancedShown(true);
        auto* matching = form.findChild<QComboBox*>("matching");
        QStringList offered;
        for (int i = 0; i < matching->count(); ++i)
            offered << matching->itemData(i).toString();
        QCOMPARE(offered, (QStringList{"random", "nearest", "multiframe", "toy-segments"}));
        QCOMPARE(matching->itemText(3), QString("toy-segments"));  // no display name: shown as registered
        form.setForm(1, "toy-segments", 2, 8, 1e-3, 1);
        QCOMPARE(matching->currentData().toString(), QString("toy-segments"));
        const auto shown = [&form](const char* name) {
            auto* field = form.findChild<QWidget*>(name);
            return field && field->isVisibleTo(&form);
        };
        QVERIFY(shown("matchingOptions") && shown("segmentSeconds") && shown("maskSameClip"));
        QVERIFY(!shown("warmupEpochs") && !shown("centred"));
        QCOMPARE(form.formToConfig().matching, std::string("toy-segments"));
    }

    // Start from: scratch and the project's runs with an audio encoder, named with their method;
    // stage 2 defaults to the stage-1 run of its matching.
    void startFromListsFinishedRuns()
    {
        TrainingForm form;
        form.setProject(m_folder.project());
        const QString runs = m_folder.project().runsFolder();
        const QStringList offered = form.startFromRuns();
        QCOMPARE(offered.value(0), QString());  // scratch
        QVERIFY(offered.contains(runs + "/seed-1/stage1-nearest"));
        QVERIFY(!offered.contains(runs + "/seed-1/stage1-random"));  // no audio encoder
        auto* combo = form.findChild<QComboBox*>("startFrom");
        QVERIFY(combo->itemText(0).contains("scratch"));
        QCOMPARE(combo->itemText(offered.indexOf(runs + "/seed-1/stage1-nearest")), QString("seed-1/stage1-nearest (Nearest Match)"));
        form.setForm(1, "nearest", 2, 8, 1e-3, 1);
        QCOMPARE(form.startFrom(), QString());  // stage 1: a new encoder unless chosen
        form.setAdvancedShown(true);
        auto* newEncoder = form.findChild<QComboBox*>("audioEncoder");
        QVERIFY(newEncoder->isVisibleTo(&form));  // scratch: which encoder to build
        // A new encoder has no blocks to keep: the row is hidden and the config keeps none, whatever
        // the recipe (demo-stage1 keeps 3 of the tagged encoder's).
        auto* kept = form.findChild<QSpinBox*>("frozenAudioBlocks");
        kept->setValue(3);
        QVERIFY(!kept->isVisibleTo(&form));
        QCOMPARE(form.formToConfig().frozenAudioBlocks, 0);
        form.setForm(2, "nearest", 2, 8, 1e-3, 1);
        QCOMPARE(form.startFrom(), runs + "/seed-1/stage1-nearest");
        QCOMPARE(QString::fromStdString(form.formToConfig().initFrom), runs + "/seed-1/stage1-nearest/audio-encoder");
        QCOMPARE(form.startFromMethod(), QString("nearest"));
        QVERIFY(!newEncoder->isVisibleTo(&form));  // the run brings its encoder
        QVERIFY(kept->isVisibleTo(&form));
        QCOMPARE(form.formToConfig().frozenAudioBlocks, 3);
        // A start chosen by hand stays when the seed changes; stage 1 may start from a run too.
        combo->setCurrentIndex(0);
        Q_EMIT combo->activated(0);  // as a user's choice does
        form.findChild<QSpinBox*>("seed")->setValue(4);
        QCOMPARE(form.startFrom(), QString());
        QVERIFY(form.formToConfig().initFrom.empty());
        QCOMPARE(form.startFromMethod(), QString("scratch"));
        QVERIFY(newEncoder->isVisibleTo(&form));
        form.setForm(1, "random", 2, 8, 1e-3, 1);
        QVERIFY(form.setStartFrom(runs + "/seed-1/stage1-nearest"));
        QCOMPARE(QString::fromStdString(form.formToConfig().initFrom), runs + "/seed-1/stage1-nearest/audio-encoder");
    }

    // As the demo trains: stage 1 starts from the audio-tagging run of the form's seed (else the
    // first listed), stage 2 from a stage-1 run; audio tagging itself from a new encoder.
    void stageOneStartsFromTheTaggingRun()
    {
        test::GuiTestProjectFolder folder;
        QCOMPARE(folder.create(2), QString());
        const QDir runs(folder.project().runsFolder());
        for (int seed : {1, 2}) {
            const QString run = runs.filePath(QStringLiteral("seed-%1/audio-tagging").arg(seed));
            QVERIFY(QDir().mkpath(run + "/audio-encoder"));
            QFile config(run + "/config.json");
            QVERIFY(config.open(QIODevice::WriteOnly));
            config.write(QStringLiteral(R"({"stage": "tag", "seed": %1})").arg(seed).toUtf8());
            config.close();
            QFile model(run + "/audio-encoder/model.safetensors");
            QVERIFY(model.open(QIODevice::WriteOnly));  // Project asks only whether it is there
        }
        folder.reopen();
        TrainingForm form;
        form.setProject(folder.project());
        form.setForm(1, "random", 2, 8, 1e-3, 2);
        QCOMPARE(form.startFrom(), runs.filePath("seed-2/audio-tagging"));
        QCOMPARE(form.startFromMethod(), QString("tagging"));
        form.setForm(1, "random", 2, 8, 1e-3, 1);
        QCOMPARE(form.startFrom(), runs.filePath("seed-1/audio-tagging"));
        form.setForm(1, "multiframe", 2, 8, 1e-3, 3);  // no run of seed 3: the first listed
        QCOMPARE(form.startFrom(), runs.filePath("seed-1/audio-tagging"));
        form.setForm(2, "nearest", 2, 8, 1e-3, 1);
        QCOMPARE(form.startFrom(), runs.filePath("seed-1/stage1-nearest"));
        QVERIFY(form.setRecipe("demo-tagging").isEmpty());
        QCOMPARE(form.stage(), 0);
        QCOMPARE(form.startFrom(), QString());
    }

    void configShownAsItIs()
    {
        TrainingForm form;
        form.setProject(m_folder.project());
        TrainConfig c;
        c.stage = TrainStage::Finetune;
        c.initFrom = "/somewhere/else/audio-encoder";
        c.epochs = 3;
        c.textTowerTrainableBlocks = 2;
        c.frozenAudioBlocks = 3;
        c.specAugmentFrequencyMasks = 2;
        c.specAugmentFrequencyBins = 6;
        c.specAugmentTimeMasks = 1;
        c.specAugmentTimeSeconds = 0.3;
        form.applyConfigToForm(c);
        QCOMPARE(form.startFrom(), QString("/somewhere/else/audio-encoder"));
        const TrainConfig back = form.formToConfig();
        QCOMPARE(back.initFrom, c.initFrom);
        QCOMPARE(back.epochs, 3);
        QCOMPARE(back.textTowerTrainableBlocks, 2);
        QCOMPARE(back.frozenAudioBlocks, 3);
        QCOMPARE(back.specAugmentFrequencyMasks, 2);
        QCOMPARE(back.specAugmentFrequencyBins, 6);
        QCOMPARE(back.specAugmentTimeMasks, 1);
        QCOMPARE(back.specAugmentTimeSeconds, 0.3);
        QCOMPARE(back.stage, TrainStage::Finetune);
        // SpecAugment and the kept audio blocks are edited in the form like any field.
        form.findChild<QSpinBox*>("timeMasks")->setValue(3);
        QCOMPARE(form.formToConfig().specAugmentTimeMasks, 3);
        form.findChild<QSpinBox*>("frozenAudioBlocks")->setValue(2);
        QCOMPARE(form.formToConfig().frozenAudioBlocks, 2);
        // The seed does not move a start the config named.
        form.findChild<QSpinBox*>("seed")->setValue(9);
        QCOMPARE(form.startFrom(), QString("/somewhere/else/audio-encoder"));
    }

    void lockedFormStillOpensAdvanced()
    {
        TrainingForm form;
        form.setLocked(true);
        QVERIFY(!form.findChild<QSpinBox*>("epochs")->isEnabled());
        QVERIFY(!form.findChild<QComboBox*>("startFrom")->isEnabled());
        QVERIFY(!form.findChild<QDoubleSpinBox*>("weightDecay")->isEnabled());
        auto* toggle = form.findChild<QToolButton*>("advancedToggle");
        QVERIFY(toggle->isEnabled());
        toggle->click();
        QVERIFY(form.advancedShown());
        form.setLocked(false);
        QVERIFY(form.findChild<QDoubleSpinBox*>("weightDecay")->isEnabled());
    }
};

SOUNDFRAME_TEST_MAIN(TestTrainingForm)
#include "tst_TrainingForm.moc"

// StandInClipTrainer: learns to tell a handful of captioned pictures apart, resolves relative image
// paths against the pairs file's folder, and names every image it leaves out (the rest trains on).
#include "base/Error.h"
#include "media/ImageFile.h"
#include "train/StandInClipTrainer.h"

#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

#include <array>
#include <filesystem>
#include <fstream>

using namespace soundframe;
namespace fs = std::filesystem;

class TestStandInClipTrainer : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    fs::path path(const char* name) const { return fs::path(m_dir.path().toStdString()) / name; }

    // A tiny tower: seconds to train on a few pictures.
    StandInClipOptions tinyOptions() const
    {
        StandInClipOptions o;
        o.pairsFile = path("pairs/pairs.jsonl");
        o.outDir = path("clip");
        o.imageSize = 32;
        o.patchSize = 8;
        o.width = 32;
        o.layers = 1;
        o.heads = 2;
        o.projectionDim = 32;
        o.contextLength = 8;
        o.vocabSize = 600;
        o.epochs = 80;
        o.batchSize = 4;
        o.learningRate = 3e-3;
        return o;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        fs::create_directories(path("pairs/pictures"));
        // Four solid colours with captions naming them; paths relative to the pairs file's folder.
        const std::vector<std::pair<std::string, std::array<uint8_t, 3>>> colours{
            {"red", {220, 30, 30}}, {"green", {30, 200, 40}}, {"blue", {30, 40, 220}}, {"yellow", {230, 220, 30}}};
        std::ofstream pairs(path("pairs/pairs.jsonl"));
        for (const auto& [name, rgb] : colours) {
            RgbImage image;
            image.width = image.height = 40;
            for (int i = 0; i < 40 * 40; ++i)
                image.pixels.insert(image.pixels.end(), rgb.begin(), rgb.end());
            writePng(image, path("pairs/pictures") / (name + ".png"));
            pairs << "{\"path\":\"pictures/" << name << ".png\",\"captions\":[\"a " << name << " square\"]}\n";
        }
        std::ofstream(path("pairs/pictures/broken.png")) << "not a picture";
        pairs << "{\"path\":\"pictures/broken.png\",\"captions\":[\"a broken square\"]}\n";
        pairs << "{\"path\":\"pictures/missing.png\",\"captions\":[\"a missing square\"]}\n";
    }

    void learnsThePicturesAndNamesTheImagesLeftOut()
    {
        const auto result = StandInClipTrainer(tinyOptions()).run();
        QVERIFY(result.completed);
        QCOMPARE(result.images, int64_t(4));
        QCOMPARE(result.skippedImages, int64_t(2));
        QCOMPARE(result.skipped.size(), size_t(2));
        QVERIFY2(result.skipped[0].find("pictures/broken.png") != std::string::npos, result.skipped[0].c_str());
        QVERIFY2(result.skipped[1].find("pictures/missing.png") != std::string::npos, result.skipped[1].c_str());
        // Each colour's picture is nearest its own caption.
        QCOMPARE(result.imageToTextRecallAt1, 100.0);
        QVERIFY(fs::exists(path("clip/model.safetensors")));
        QVERIFY(fs::exists(path("clip/config.json")));
    }

    void fewerThanTwoReadableImagesIsAnError()
    {
        std::ofstream(path("pairs/one.jsonl")) << "{\"path\":\"pictures/red.png\",\"captions\":[\"red\"]}\n"
                                                  "{\"path\":\"pictures/missing.png\",\"captions\":[\"gone\"]}\n";
        StandInClipOptions o = tinyOptions();
        o.pairsFile = path("pairs/one.jsonl");
        o.outDir = path("clip-one");
        try {
            StandInClipTrainer(o).run();
            QFAIL("trained on one image");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("one.jsonl") != std::string::npos, e.what());
        }
    }
};

SOUNDFRAME_TEST_MAIN(TestStandInClipTrainer)
#include "tst_StandInClipTrainer.moc"

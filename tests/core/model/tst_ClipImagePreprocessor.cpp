// ClipImagePreprocessor: normalisation against a Python reference of CLIPImageProcessor's
// arithmetic, resize + crop against the ffmpeg CLI's bicubic scale and crop, reading
// preprocessor_config.json, and the errors for bad configs and images.
#include <torch/torch.h>  // before any Qt header: Qt's `slots` macro breaks LibTorch's headers

#include "GeneratedMedia.h"
#include "TestSupport.h"
#include "base/Error.h"
#include "base/TorchTensors.h"
#include "media/ImageFile.h"
#include "model/ClipImagePreprocessor.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

#include <random>

using namespace soundframe;

class TestClipImagePreprocessor : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString path(const QString& name) const { return m_dir.filePath(name); }

    static RgbImage randomImage(int w, int h, unsigned seed)
    {
        std::mt19937 rng(seed);
        RgbImage image{w, h, std::vector<uint8_t>(size_t(w) * h * 3)};
        for (auto& p : image.pixels)
            p = uint8_t(rng() & 0xff);
        return image;
    }

    // Python's normalisation of `count` raw rgb24 squares under `config`.
    torch::Tensor pythonNormalize(const QByteArray& raw, int size, int count, const ClipImagePreprocessorConfig& config)
    {
        const QString rawPath = path("in.rgb"), configPath = path("pre.json"), out = path("py.safetensors");
        if (!test::writeBytes(rawPath, raw) || !test::writeBytes(configPath, QByteArray::fromStdString(config.toJson())))
            return {};
        const auto r = test::runPythonScript("clip_reference.py", {"normalize", rawPath, QString::number(size),
                                                                   QString::number(count), configPath, out});
        if (r.exitCode != 0) {
            qWarning("%s", qPrintable(r.stderrText));
            return {};
        }
        return loadTorchTensors(out.toStdString()).at("pixels");
    }

    // ffmpeg's own scale (bicubic) + crop of `png` to rgb24 bytes.
    QByteArray ffmpegResizeCrop(const QString& png, int w, int h, int crop)
    {
        const auto r = test::runTool(SOUNDFRAME_FFMPEG,
            {"-v", "error", "-i", png, "-vf",
             QString("scale=%1:%2:flags=bicubic,crop=%3:%3").arg(w).arg(h).arg(crop), "-pix_fmt", "rgb24",
             "-f", "rawvideo", "-"});
        if (r.exitCode != 0)
            qWarning("%s", qPrintable(r.stderrText));
        return r.stdoutBytes;
    }

    QString makePng(int w, int h)
    {
        // testsrc2 needs even sizes.
        const QString png = path(QString("src_%1x%2.png").arg(w).arg(h));
        const bool made = test::makeMedia({QString("testsrc2=size=%1x%2:duration=1").arg(w).arg(h)}, png,
                                          {"-frames:v", "1", "-pix_fmt", "rgb24"});
        return made ? png : QString();
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void defaultsAreClips()
    {
        const ClipImagePreprocessor prep;
        QCOMPARE(prep.outputSize(), 224);
        QCOMPARE(prep.config().imageMean[0], 0.48145466);
        QCOMPARE(prep.config().imageStd[2], 0.27577711);
        // No preprocessor_config.json: CLIP's values at the model's size.
        QCOMPARE(ClipImagePreprocessor::fromDirectory(m_dir.path().toStdString(), 32).outputSize(), 32);
    }

    void normalisationMatchesPython()
    {
        const int s = 24;
        std::vector<RgbImage> images{randomImage(s, s, 1), randomImage(s, s, 2), randomImage(s, s, 3)};
        QByteArray raw;
        for (const auto& im : images)
            raw += QByteArray(reinterpret_cast<const char*>(im.pixels.data()), qsizetype(im.pixels.size()));
        for (const auto& config : {ClipImagePreprocessorConfig::forImageSize(s), [] {
                 auto c = ClipImagePreprocessorConfig::forImageSize(24);
                 c.imageMean = {0.5, 0.25, 0.125};
                 c.imageStd = {0.5, 1.5, 0.2};
                 c.rescaleFactor = 1.0 / 127.5;
                 return c;
             }()}) {
            const ClipImagePreprocessor prep(config);
            const auto ours = prep.process(images);
            QCOMPARE(ours.sizes().vec(), (std::vector<int64_t>{3, 3, s, s}));
            QCOMPARE(ours.scalar_type(), torch::kFloat32);
            const auto theirs = pythonNormalize(raw, s, 3, config);
            QVERIFY(theirs.defined());
            const double diff = (ours - theirs).abs().max().item<double>();
            QVERIFY2(diff < 1e-5, qPrintable(QString::number(diff)));
            QVERIFY(torch::equal(prep.normalize(images), ours));  // already square: no resize
        }
    }

    void resizeAndCropMatchFfmpeg_data()
    {
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("height");
        QTest::addColumn<int>("shortest");
        QTest::addColumn<int>("crop");
        QTest::newRow("landscape 64x48 -> 32") << 64 << 48 << 32 << 32;
        QTest::newRow("portrait 46x70 -> 32") << 46 << 70 << 32 << 32;
        QTest::newRow("shortest 40, crop 32") << 70 << 54 << 40 << 32;
    }
    void resizeAndCropMatchFfmpeg()
    {
        QFETCH(int, width);
        QFETCH(int, height);
        QFETCH(int, shortest);
        QFETCH(int, crop);
        const QString png = makePng(width, height);
        QVERIFY(!png.isEmpty());
        auto config = ClipImagePreprocessorConfig::forImageSize(crop);
        config.shortestEdge = shortest;
        const ClipImagePreprocessor prep(config);
        const RgbImage image = readImageFile(png.toStdString());
        QVERIFY(image.width == width && image.height == height);
        const auto ours = prep.process({image});
        const int w = width <= height ? shortest : width * shortest / height;
        const int h = width <= height ? height * shortest / width : shortest;
        const QByteArray raw = ffmpegResizeCrop(png, w, h, crop);
        QCOMPARE(int(raw.size()), crop * crop * 3);
        const auto theirs = pythonNormalize(raw, crop, 1, config);
        QVERIFY(theirs.defined());
        // The same swscale bicubic on both sides: equal up to float rounding.
        const double maxDiff = (ours - theirs).abs().max().item<double>();
        const double meanDiff = (ours - theirs).abs().mean().item<double>();
        qInfo("max |diff| %.4f, mean %.5f", maxDiff, meanDiff);
        QVERIFY2(maxDiff < 1e-5, qPrintable(QString::number(maxDiff)));
        QVERIFY2(meanDiff < 1e-6, qPrintable(QString::number(meanDiff)));
    }

    void readsPreprocessorConfig()
    {
        const QString dir = path("model");
        QVERIFY(test::writeBytes(dir + "/preprocessor_config.json",
            R"({"crop_size": {"height": 32, "width": 32}, "do_center_crop": true, "do_normalize": true,
                "do_resize": true, "image_mean": [0.5, 0.5, 0.5], "image_std": [0.25, 0.5, 1.0],
                "resample": 3, "rescale_factor": 0.00392156862745098, "size": {"shortest_edge": 40},
                "feature_extractor_type": "CLIPFeatureExtractor"})"));
        const auto prep = ClipImagePreprocessor::fromDirectory(dir.toStdString(), 224);
        QCOMPARE(prep.outputSize(), 32);
        QCOMPARE(prep.config().shortestEdge, 40);
        QCOMPARE(prep.config().imageStd[1], 0.5);
        // Older files give sizes as plain ints.
        const auto old = ClipImagePreprocessorConfig::parse(R"({"size": 64, "crop_size": 64})", "old");
        QCOMPARE(old.shortestEdge, 64);
        QCOMPARE(old.cropSize, 64);
        const auto back = ClipImagePreprocessorConfig::parse(prep.config().toJson(), "back");
        QCOMPARE(back.toJson(), prep.config().toJson());
    }

    // As transformers writes it: keys this reader does not use, and null for unset values.
    void huggingFaceFileWithExtraKeysAndNullsLoads()
    {
        const auto c = ClipImagePreprocessorConfig::parse(
            R"({"crop_size": {"height": 48, "width": 48}, "do_center_crop": true, "do_convert_rgb": true,
                "do_normalize": true, "do_rescale": true, "do_resize": true, "default_to_square": false,
                "crop_pct": null, "input_data_format": null, "feature_extractor_type": "CLIPFeatureExtractor",
                "image_mean": 0.5, "image_processor_type": "CLIPImageProcessor", "image_std": null,
                "processor_class": "CLIPProcessor", "resample": 3, "rescale_factor": null,
                "size": {"shortest_edge": 56}, "data_format": "channels_first"})",
            "preprocessor_config.json");
        QCOMPARE(c.shortestEdge, 56);
        QCOMPARE(c.cropSize, 48);
        QCOMPARE(c.imageMean, (std::array<double, 3>{0.5, 0.5, 0.5}));          // one number for all channels
        QCOMPARE(c.imageStd, ClipImagePreprocessorConfig{}.imageStd);             // null: the default
        QCOMPARE(c.rescaleFactor, ClipImagePreprocessorConfig{}.rescaleFactor);
        try {
            ClipImagePreprocessorConfig::parse(R"({"do_convert_rgb": true, "crop_pct": null, "size": {"shortest_edge": "224"}})",
                                               "preprocessor_config.json");
            QFAIL("a string was taken for a size");
        } catch (const Error& e) {
            QCOMPARE(std::string(e.what()), std::string("preprocessor_config.json: key 'size.shortest_edge' has the wrong "
                                                        "type: expected an integer, found string \"224\""));
        }
    }

    void badConfigsAndImagesGiveErrors()
    {
        const auto expectError = [](const std::string& json, const std::string& fragment) {
            try {
                ClipImagePreprocessorConfig::parse(json, "pre.json");
                QFAIL(qPrintable(QString::fromStdString("no error for " + json)));
            } catch (const Error& e) {
                const std::string what = e.what();
                QVERIFY2(what.find("pre.json") != std::string::npos && what.find(fragment) != std::string::npos,
                         e.what());
            }
        };
        expectError("{", "malformed JSON");
        expectError(R"({"image_mean": [0.5, 0.5]})", "image_mean");
        expectError(R"({"image_std": [0.5, 0, 0.5]})", "image_std");
        expectError(R"({"size": {"height": 10, "width": 12}})", "size");
        expectError(R"({"crop_size": {"height": 10, "width": 12}})", "square");
        expectError(R"({"resample": 2})", "resample");
        expectError(R"({"do_normalize": "yes"})", "do_normalize");
        expectError(R"({"size": {"shortest_edge": 20}, "crop_size": 30})", "crop_size");
        expectError(R"({"size": -3})", "size");
        expectError(R"({"crop_size": {"height": "32", "width": 32}})", "key 'crop_size.height' has the wrong type");
        expectError(R"({"image_mean": [0.5, "0.5", 0.5]})", "key 'image_mean' has the wrong type");
        expectError(R"({"rescale_factor": "1/255"})", "key 'rescale_factor' has the wrong type");

        const ClipImagePreprocessor prep(ClipImagePreprocessorConfig::forImageSize(16));
        QVERIFY_THROWS_EXCEPTION(Error, prep.process({RgbImage{}}));
        QVERIFY_THROWS_EXCEPTION(Error, prep.normalize({randomImage(16, 15, 4)}));
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestClipImagePreprocessor)
#include "tst_ClipImagePreprocessor.moc"

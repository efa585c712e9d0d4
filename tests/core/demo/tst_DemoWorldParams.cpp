// DemoWorldParams::validate: the defaults pass; a value out of its range is an Error naming the
// field (by its snake_case name) and where the params came from.
#include "base/Error.h"
#include "demo/DemoWorldParams.h"

#include <QtTest>

#include "TestRegistry.h"

#include <cmath>
#include <functional>
#include <limits>

using namespace soundframe;

// Changes one field of valid params to a bad value.
using Spoil = std::function<void(DemoWorldParams&)>;
Q_DECLARE_METATYPE(Spoil)

class TestDemoWorldParams : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void defaultsAndEdgesAreValid()
    {
        DemoWorldParams p;
        p.validate();
        p.clipsVal = p.clipsTest = 0;  // an empty split is allowed (a quick world with train clips only)
        p.sceneImages = 0;
        p.minEvents = p.maxEvents = 2;
        p.unpicturedEventProbability = 1;
        p.offScreenProbability = 0;
        p.visibleMarginSeconds = 0;
        p.colourJitter = 0;
        p.cropMin = 1;
        p.valRecordingShare = 0.5;
        p.testRecordingShare = 0.5;
        p.validate("world.json");
    }

    // The packages decide the content: a world composed from others is another world.
    void packagesAreInTheFingerprint()
    {
        const DemoWorldParams defaults;
        QCOMPARE(defaults.packages,
                 (std::vector<std::string>{"gcompris-qt-data", "wesnoth-1.16-data", "sound-theme-freedesktop"}));
        DemoWorldParams more = defaults;
        more.packages.push_back("tuxpaint-stamps-default");
        more.validate();
        QVERIFY(more.fingerprint() != defaults.fingerprint());
        QVERIFY(QString::fromStdString(more.fingerprint()).contains("tuxpaint-stamps-default"));
        // The default three are what every world drew from before the option: not in its fingerprint,
        // so a demo folder made then is still current.
        QVERIFY(!QString::fromStdString(defaults.fingerprint()).contains("packages"));
    }

    // Splitting by clip rather than by recording is another world; a world split by recording, as
    // every world was before the option, keeps its fingerprint.
    void splitByIsInTheFingerprint()
    {
        DemoWorldParams byRecording;
        byRecording.splitBy = DemoSplitBy::Recording;
        QVERIFY(!QString::fromStdString(byRecording.fingerprint()).contains("split_by"));
        DemoWorldParams byClip;
        byClip.splitBy = DemoSplitBy::Clip;
        byClip.validate();
        QVERIFY(byClip.fingerprint() != byRecording.fingerprint());
    }

    // The names in world.json, recipes and --split-by parse back; another name is an error naming
    // the field, the value and where it came from.
    void splitByNamesParseBack()
    {
        for (const auto splitBy : {DemoSplitBy::Recording, DemoSplitBy::Clip})
            QVERIFY(parseDemoSplitBy(demoSplitByName(splitBy), "here") == splitBy);
        QCOMPARE(QString::fromStdString(demoSplitByName(DemoSplitBy::Clip)), QString("clip"));
        try {
            parseDemoSplitBy("event", "r.json: world");
            QFAIL("no error for an unknown split");
        } catch (const Error& e) {
            const QString message = QString::fromUtf8(e.what());
            QVERIFY2(message.contains("r.json: world") && message.contains("field 'split_by'")
                         && message.contains("\"event\""),
                     qPrintable(message));
        }
    }

    void badFieldIsNamed_data()
    {
        QTest::addColumn<Spoil>("spoil");
        QTest::addColumn<QString>("field");
        const double nan = std::numeric_limits<double>::quiet_NaN();
        int rowNumber = 0;
        const auto row = [&rowNumber](const char* field, Spoil spoil) {
            QTest::addRow("%d %s", ++rowNumber, field) << spoil << QString("field '%1'").arg(field);
        };
        row("clip_seconds", [](DemoWorldParams& p) { p.clipSeconds = 0; });
        row("clip_seconds", [nan](DemoWorldParams& p) { p.clipSeconds = nan; });
        row("frame_size", [](DemoWorldParams& p) { p.frameSize = 127; });
        row("frame_size", [](DemoWorldParams& p) { p.frameSize = 8; });
        row("video_fps", [](DemoWorldParams& p) { p.videoFps = 0; });
        row("audio_rate", [](DemoWorldParams& p) { p.audioRate = 100; });
        row("clips_train", [](DemoWorldParams& p) { p.clipsTrain = -1; });
        row("clips_val", [](DemoWorldParams& p) { p.clipsVal = -1; });
        row("clips_test", [](DemoWorldParams& p) { p.clipsTest = -5; });
        row("min_events", [](DemoWorldParams& p) { p.minEvents = 0; });
        row("max_events", [](DemoWorldParams& p) { p.maxEvents = 0; });
        row("min_event_seconds", [](DemoWorldParams& p) { p.minEventSeconds = 0; });
        row("max_event_seconds", [](DemoWorldParams& p) { p.maxEventSeconds = 0.5; });
        row("unpictured_event_probability", [](DemoWorldParams& p) { p.unpicturedEventProbability = -0.1; });
        row("off_screen_probability", [](DemoWorldParams& p) { p.offScreenProbability = 1.1; });
        row("visible_margin_seconds", [](DemoWorldParams& p) { p.visibleMarginSeconds = -1; });
        row("empty_scene_probability", [nan](DemoWorldParams& p) { p.emptySceneProbability = nan; });
        row("gain_db_min", [](DemoWorldParams& p) { p.gainDbMin = -std::numeric_limits<double>::infinity(); });
        row("gain_db_max", [](DemoWorldParams& p) { p.gainDbMax = -12; });
        row("speed_min", [](DemoWorldParams& p) { p.speedMin = 0; });
        row("speed_max", [](DemoWorldParams& p) { p.speedMax = 0.5; });
        row("noise_rms_min", [](DemoWorldParams& p) { p.noiseRmsMin = -0.01; });
        row("noise_rms_max", [](DemoWorldParams& p) { p.noiseRmsMax = 2; });
        row("colour_jitter", [](DemoWorldParams& p) { p.colourJitter = 1.5; });
        row("crop_min", [](DemoWorldParams& p) { p.cropMin = 0; });
        row("picture_scale_min", [](DemoWorldParams& p) { p.pictureScaleMin = 1.2; });
        row("picture_scale_max", [](DemoWorldParams& p) { p.pictureScaleMax = 0.5; });
        row("val_recording_share", [](DemoWorldParams& p) { p.valRecordingShare = -0.1; });
        row("test_recording_share", [](DemoWorldParams& p) { p.testRecordingShare = 0.95; });
        row("scene_images", [](DemoWorldParams& p) { p.sceneImages = -1; });
        row("threads", [](DemoWorldParams& p) { p.threads = 0; });
        row("packages", [](DemoWorldParams& p) { p.packages.clear(); });
        row("packages", [](DemoWorldParams& p) { p.packages = {"gcompris-qt-data", "no-such-package"}; });
    }

    void badFieldIsNamed()
    {
        QFETCH(Spoil, spoil);
        QFETCH(QString, field);
        DemoWorldParams p;
        spoil(p);
        try {
            p.validate("recipe.json: world");
            QFAIL("accepted");
        } catch (const Error& e) {
            QCOMPARE(QString::fromStdString(e.where()), QString("recipe.json: world"));
            QVERIFY2(QString::fromStdString(e.reason()).startsWith(field + ": "), e.what());
        }
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestDemoWorldParams)
#include "tst_DemoWorldParams.moc"

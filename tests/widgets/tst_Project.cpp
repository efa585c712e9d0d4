// gui::Project on a generated project: manifests in train/val/test order, clips with media and
// events, caches per split, the image-text model, runs with stage/matching/encoder, interrupted ones
// (a checkpoint, no encoder); errors for a folder without a manifest.
#include "GuiTestProject.h"
#include "Project.h"
#include "base/Error.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

#include <map>

using namespace soundframe;
using namespace soundframe::gui;

class TestProject : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString root() const { return m_dir.filePath("project"); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QCOMPARE(test::writeGuiTestProject(root(), 2), QString());
    }

    void opensTheDemoLayout()
    {
        const Project p = Project::open(root());
        QVERIFY(p.isValid());
        QCOMPARE(p.folder(), QDir(root()).absolutePath());
        QCOMPARE(p.name(), QString("project"));
        QCOMPARE(p.manifests().size(), 3);
        QVERIFY(p.manifests()[0].endsWith("manifest-train.jsonl"));
        QVERIFY(p.manifests()[2].endsWith("manifest-test.jsonl"));
        // 2 per class x 4 classes train, 4 val, 8 test.
        QCOMPARE(int(p.clips().size()), 8 + 4 + 8);
        QCOMPARE(p.splits(), QStringList({"train", "val", "test"}));
        const ClipRecord* clip = p.clip("test-0");
        QVERIFY(clip);
        QCOMPARE(clip->split, std::string("test"));
        QVERIFY(!clip->events.empty());
        QVERIFY(!clip->captions.empty());
        QVERIFY(p.mediaPath("test-0").endsWith("test-0.mp4"));
        QVERIFY(QFile::exists(p.mediaPath("test-1")));
        QCOMPARE(p.indexOf("nope"), -1);
        QVERIFY(!p.clip("nope"));
        QCOMPARE(p.cacheFolder("train"), QDir(root()).filePath("cache/train"));
        QCOMPARE(p.cacheFolder("other"), QString());
        QCOMPARE(p.clipModelFolder(), QDir(root()).filePath("standin-clip"));
        QCOMPARE(p.indexFolder(), QDir(root()).filePath("index"));
    }

    void listsRuns()
    {
        const Project p = Project::open(root());
        QCOMPARE(p.runs().size(), 2);
        const RunInfo* nearest = p.run("seed-1/stage1-nearest");
        QVERIFY(nearest);
        QCOMPARE(nearest->config.stage, TrainStage::Pretrain);
        QCOMPARE(nearest->stageNumber(), 1);
        QCOMPARE(nearest->matching, QString("nearest"));
        QVERIFY(nearest->hasAudioEncoder);
        QCOMPARE(nearest->config.segmentSeconds, 0.5);
        const RunInfo* random = p.run("seed-1/stage1-random");
        QVERIFY(random);
        QVERIFY(!random->hasAudioEncoder);
        QVERIFY(!random->hasReport);
        QVERIFY(!nearest->isInterrupted() && !random->isInterrupted());  // random: no checkpoint to resume
    }

    // A run with a checkpoint and no audio encoder was interrupted and can be resumed; one with both
    // completed.
    void checkpointWithoutEncoderIsInterrupted()
    {
        const QString run = QDir(root()).filePath("runs/seed-8/stage1-random");
        QVERIFY(QDir().mkpath(run + "/checkpoints/step-2"));
        QFile config(run + "/config.json");
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write(R"({"stage": "pretrain"})");
        config.close();
        const RunInfo interrupted = Project::readRun(run);
        QVERIFY(interrupted.hasCheckpoint && !interrupted.hasAudioEncoder);
        QVERIFY(interrupted.isInterrupted());
        QVERIFY(QDir().mkpath(run + "/audio-encoder"));
        QFile model(run + "/audio-encoder/model.safetensors");
        QVERIFY(model.open(QIODevice::WriteOnly));
        model.close();
        const RunInfo completed = Project::readRun(run);
        QDir(QDir(root()).filePath("runs/seed-8")).removeRecursively();
        QVERIFY(completed.hasAudioEncoder);
        QVERIFY(!completed.isInterrupted());
    }

    // A stage-2 run is labelled by what its own config recorded (init_from_matching), not by opening
    // the stage-1 run it started from: it stays labelled when that run is gone.
    void stageTwoRunsAreLabelledFromTheirOwnConfig()
    {
        const QDir seed(QDir(root()).filePath("runs/seed-9"));
        const auto write = [&](const QString& run, const QByteArray& json) {
            QVERIFY(seed.mkpath(run));
            QFile f(seed.filePath(run + "/config.json"));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(json);
            QFile metrics(seed.filePath(run + "/metrics.jsonl"));  // what makes a folder a run
            QVERIFY(metrics.open(QIODevice::WriteOnly));
        };
        write("stage2-nearest", R"({"stage": "finetune", "init_from": "gone/stage1-nearest/audio-encoder",
                                    "init_from_matching": "nearest"})");
        write("stage2-scratch", R"({"stage": "finetune"})");
        write("stage2-unknown", R"({"stage": "finetune", "init_from": "elsewhere/encoder"})");
        write("audio-tagging", R"({"stage": "tag"})");
        const Project p = Project::open(root());
        QDir(seed).removeRecursively();
        const std::map<QString, std::pair<int, QString>> want{{"seed-9/stage2-nearest", {2, "nearest"}},
                                                              {"seed-9/stage2-scratch", {2, "scratch"}},
                                                              {"seed-9/stage2-unknown", {2, ""}},
                                                              {"seed-9/audio-tagging", {0, "tagging"}}};
        for (const auto& [name, stageAndMatching] : want) {
            const RunInfo* run = p.run(name);
            QVERIFY2(run, qPrintable(name));
            QCOMPARE(run->stageNumber(), stageAndMatching.first);
            QCOMPARE(run->matching, stageAndMatching.second);
        }
    }

    void opensAManifestFile()
    {
        const Project p = Project::open(QDir(root()).filePath("world/manifest-val.jsonl"));
        QCOMPARE(int(p.clips().size()), 4);
        QCOMPARE(p.folder(), QDir(root()).filePath("world"));
    }

    void refusesAFolderWithoutManifest()
    {
        QTemporaryDir empty;
        try {
            Project::open(empty.path());
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("no manifest"), e.what());
        }
        try {
            Project::open(empty.filePath("missing"));
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("does not exist"), e.what());
        }
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestProject)
#include "tst_Project.moc"

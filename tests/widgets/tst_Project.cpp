// gui::Project on a generated project: manifests in train/val/test order, clips with media and
// events, caches per split, the image-text model, runs with stage/matching/encoder; errors for a
// folder without a manifest.
#include "GuiTestProject.h"
#include "Project.h"
#include "base/Error.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

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
        QCOMPARE(nearest->stage, 1);
        QCOMPARE(nearest->matching, QString("nearest"));
        QVERIFY(nearest->hasAudioEncoder);
        QCOMPARE(nearest->config.segmentSeconds, 0.5);
        const RunInfo* random = p.run("seed-1/stage1-random");
        QVERIFY(random);
        QVERIFY(!random->hasAudioEncoder);
        QVERIFY(!random->hasReport);
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

QTEST_GUILESS_MAIN(TestProject)
#include "tst_Project.moc"

// UrbanSound8KManifest: metadata/UrbanSound8K.csv and audio/fold<N>/ exactly as UrbanSound8K is
// distributed; each slice found in its own fold's folder, fold and class kept, whole-slice clips.
#include "ManifestTestSupport.h"
#include "TestSupport.h"
#include "data/UrbanSound8KManifest.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

using namespace soundframe;
using test::describe;
using test::hasSkip;

class TestUrbanSound8KManifest : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString path(const QString& name) const { return m_dir.filePath(name); }
    std::string clean(const QString& name) const { return QDir::cleanPath(path(name)).toStdString(); }

private Q_SLOTS:
    void readsTheDistributedLayout()
    {
        for (const char* name : {"UrbanSound8K/audio/fold5/100032-3-0-0.wav", "UrbanSound8K/audio/fold10/100648-1-0-0.wav",
                                 "UrbanSound8K/audio/fold1/100648-1-0-0.wav",  // same name, wrong fold: not taken
                                 "UrbanSound8K/audio/fold2/7383-3-0-0.wav"})
            QVERIFY(test::writeBytes(path(name), {}));
        QVERIFY(test::writeBytes(path("UrbanSound8K/metadata/UrbanSound8K.csv"),
                                 "slice_file_name,fsID,start,end,salience,fold,classID,class\n"
                                 "100032-3-0-0.wav,100032,0.0,0.317551,1,5,3,dog_bark\n"
                                 "100648-1-0-0.wav,100648,4.823,5.471,2,10,1,car_horn\n"
                                 "7383-3-0-0.wav,7383,0.0,4.0,1,3,3,dog_bark\n"        // lives in fold2/, listed as 3
                                 "101415-3-0-2.wav,101415,1.0,5.0,1,1,3,dog_bark\n"));  // not there at all
        const std::string csv = path("UrbanSound8K/metadata/UrbanSound8K.csv").toStdString();
        const auto c = UrbanSound8KManifest::read(csv);
        QVERIFY(c.audioOnly);
        QCOMPARE(c.clips.size(), size_t(2));
        // Whole slices: the CSV's start/end are times in the freesound original.
        QVERIFY2(test::isFoldedClip(c.clips[0], "100032-3-0-0.wav", clean("UrbanSound8K/audio/fold5/100032-3-0-0.wav"),
                                    "dog bark", 5),
                 qPrintable(test::describeClip(c.clips[0])));
        QVERIFY2(test::isFoldedClip(c.clips[1], "100648-1-0-0.wav", clean("UrbanSound8K/audio/fold10/100648-1-0-0.wav"),
                                    "car horn", 10),
                 qPrintable(test::describeClip(c.clips[1])));
        const std::string audio = clean("UrbanSound8K/audio");
        QVERIFY2(hasSkip(c, csv + ":4", "no audio file \"fold3/7383-3-0-0.wav\" in " + audio), qPrintable(describe(c)));
        QVERIFY2(hasSkip(c, csv + ":5", "no audio file \"fold1/101415-3-0-2.wav\" in " + audio), qPrintable(describe(c)));
        QCOMPARE(c.skipped.size(), size_t(2));
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestUrbanSound8KManifest)
#include "tst_UrbanSound8KManifest.moc"

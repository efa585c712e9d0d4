// ESC50Manifest: meta/esc50.csv and audio/ exactly as ESC-50 is distributed; fold and category kept,
// the audio folder found beside meta/, a listed file that is missing skipped with its name.
#include "ManifestTestSupport.h"
#include "TestSupport.h"
#include "data/ESC50Manifest.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

using namespace soundframe;
using test::describe;
using test::hasSkip;

class TestESC50Manifest : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString path(const QString& name) const { return m_dir.filePath(name); }
    std::string clean(const QString& name) const { return QDir::cleanPath(path(name)).toStdString(); }

private Q_SLOTS:
    void readsTheDistributedLayout()
    {
        for (const char* name : {"ESC-50-master/audio/1-100032-A-0.wav", "ESC-50-master/audio/1-100038-A-14.wav",
                                 "ESC-50-master/audio/5-9032-A-0.wav"})
            QVERIFY(test::writeBytes(path(name), {}));
        QVERIFY(test::writeBytes(path("ESC-50-master/meta/esc50.csv"),
                                 "filename,fold,target,category,esc10,src_file,take\n"
                                 "1-100032-A-0.wav,1,0,dog,True,100032,A\n"
                                 "1-100038-A-14.wav,1,14,chirping_birds,False,100038,A\n"
                                 "2-404-A-1.wav,2,1,rooster,False,404,A\n"
                                 "5-9032-A-0.wav,5,0,dog,True,9032,A\n"));
        const std::string csv = path("ESC-50-master/meta/esc50.csv").toStdString();
        const auto c = ESC50Manifest::read(csv);
        QVERIFY(c.audioOnly);
        QCOMPARE(c.clips.size(), size_t(3));
        QVERIFY2(test::isFoldedClip(c.clips[0], "1-100032-A-0.wav", clean("ESC-50-master/audio/1-100032-A-0.wav"), "dog", 1),
                 qPrintable(test::describeClip(c.clips[0])));
        QVERIFY2(test::isFoldedClip(c.clips[1], "1-100038-A-14.wav", clean("ESC-50-master/audio/1-100038-A-14.wav"),
                                    "chirping birds", 1),
                 qPrintable(test::describeClip(c.clips[1])));
        QCOMPARE(c.clips[2].fold, 5);
        // The missing file is named, with the folder searched; the other rows load.
        QVERIFY2(hasSkip(c, csv + ":4", "no audio file \"2-404-A-1.wav\" in " + clean("ESC-50-master/audio")),
                 qPrintable(describe(c)));
        QCOMPARE(c.skipped.size(), size_t(1));
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestESC50Manifest)
#include "tst_ESC50Manifest.moc"

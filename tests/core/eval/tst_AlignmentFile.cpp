// AlignmentFile: Evaluator's alignment.json reads back as written, and a file that is not one is
// named in the error.
#include <torch/torch.h>  // before Qt: Qt's `slots` macro breaks torch's JIT headers

#include "TestSupport.h"
#include "base/AtomicWrite.h"
#include "base/Error.h"
#include "eval/AlignmentFile.h"

#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

using namespace soundframe;
namespace fs = std::filesystem;

class TestAlignmentFile : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    fs::path file(const char* name) const { return fs::path(m_dir.path().toStdString()) / name; }

private Q_SLOTS:
    void readsBackWhatItWrites()
    {
        AlignmentFile a;
        a.segmentSeconds = 0.5;
        ClipAlignmentRecord r{"clip-1", {0.5, 1.5}, {}};
        r.alignment.audioToFrame = {0.25, -0.5};
        r.alignment.segmentToFrame = {{0.1, 0.2}, {0.3, 0.4}};
        r.alignment.argmaxFrame = 0;
        a.clips.push_back(r);
        writeFileAtomically(file("alignment.json"), a.toJson());

        const AlignmentFile b = AlignmentFile::read(file("alignment.json"));
        QCOMPARE(b.segmentSeconds, 0.5);
        QCOMPARE(b.clips.size(), size_t(1));
        QCOMPARE(b.clips[0].clip, std::string("clip-1"));
        QCOMPARE(b.clips[0].frameSeconds, r.frameSeconds);
        QCOMPARE(b.clips[0].alignment.audioToFrame, r.alignment.audioToFrame);
        QCOMPARE(b.clips[0].alignment.segmentToFrame, r.alignment.segmentToFrame);
        QCOMPARE(b.clips[0].alignment.argmaxFrame, 0);
    }

    void aWrongFileIsNamed_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("not json") << QByteArray("{\"clips\": [");
        QTest::newRow("no clips") << QByteArray("{\"segment_seconds\": 1}");
        QTest::newRow("clip without curves") << QByteArray("{\"clips\": [{\"clip\": \"a\"}]}");
        QTest::newRow("wrong type") << QByteArray(
            "{\"clips\": [{\"clip\": \"a\", \"frame_seconds\": \"x\", \"audio_to_frame\": [], "
            "\"segment_to_frame\": [], \"argmax_frame\": 0}]}");
    }
    void aWrongFileIsNamed()
    {
        QFETCH(QByteArray, text);
        QVERIFY(test::writeBytes(QString::fromStdString(file("bad.json").string()), text));
        try {
            AlignmentFile::read(file("bad.json"));
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("bad.json") != std::string::npos, e.what());
        }
        QVERIFY_EXCEPTION_THROWN(AlignmentFile::read(file("missing.json")), Error);
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestAlignmentFile)
#include "tst_AlignmentFile.moc"

// DemoAlignmentTruth against figures worked out by hand on a two-clip manifest: the base rate of a
// uniform frame draw, training choices per epoch and after warm-up, and test segments against the
// frames that show a source sounding in them.
#include <torch/torch.h>  // before Qt: Qt's `slots` macro breaks torch's JIT headers

#include "TestSupport.h"
#include "base/Error.h"
#include "demo/DemoAlignmentTruth.h"

#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

using namespace soundframe;
namespace fs = std::filesystem;

namespace {
// Clip "a" (0-4 s, frames at 0.5 … 3.5 s): a dog 0-1.2 s seen on frame 0, a bell 2-3 s seen on frames
// 2 and 3. Clip "b" (10-14 s of its video): a cat heard, never seen.
const char* kManifest =
    R"({"id":"a","path":"a.mp4","start":0.0,"end":4.0,"captions":["a dog, then a bell"],"labels":["dog","bell"],"events":[{"label":"dog","start":0.0,"end":1.2,"visible_frames":[0]},{"label":"bell","start":2.0,"end":3.0,"visible_frames":[2,3]}]}
{"id":"b","path":"b.mp4","start":10.0,"end":14.0,"captions":["a cat"],"labels":["cat"],"events":[{"label":"cat","start":1.0,"end":2.0,"visible_frames":[]}]}
)";

ClipAlignmentRecord record(const std::string& clip, std::vector<double> frameSeconds, std::vector<int> segmentArgmax,
                           int clipArgmax)
{
    ClipAlignmentRecord r{clip, std::move(frameSeconds), {}};
    for (int best : segmentArgmax) {
        std::vector<double> row(4, 0.1);
        row[size_t(best)] = 0.9;
        r.alignment.segmentToFrame.push_back(row);
    }
    r.alignment.audioToFrame.assign(4, 0.0);
    r.alignment.argmaxFrame = clipArgmax;
    return r;
}
} // namespace

class TestDemoAlignmentTruth : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    fs::path m_manifest;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_manifest = fs::path(m_dir.path().toStdString()) / "manifest-test.jsonl";
        QVERIFY(test::writeBytes(QString::fromStdString(m_manifest.string()), QByteArray(kManifest)));
        for (const char* video : {"a.mp4", "b.mp4"})  // the manifest loader skips clips without their file
            QVERIFY(test::writeBytes(m_dir.filePath(video), "not decoded here"));
    }

    void baseRateIsTheShareOfFramesShowingASource()
    {
        // a: 3 of 4 frames show a source; b: none. Mean over clips: 37.5%.
        QCOMPARE(DemoAlignmentTruth(m_manifest).baseRate(), 37.5);
    }

    void choicesPerEpochAndAfterWarmup()
    {
        const std::vector<FrameChoice> choices{
            {1, 0, "nearest", "a", 0},    // hit
            {1, 0, "nearest", "a", 1},    // miss: frame 1 shows nothing
            {2, 1, "nearest", "a", 2},    // hit
            {2, 1, "nearest", "a", 3},    // hit
            {2, 1, "nearest", "b", 0},    // miss: b's cat is never seen
            {2, 1, "nearest", "zzz", 0},  // not in the manifest: ignored
        };
        const DemoAlignmentTruth truth(m_manifest);
        const ChoiceAccuracy c = truth.choiceAccuracy(choices, /*warmupEpochs=*/1);
        QCOMPARE(c.choices, int64_t(5));
        QCOMPARE(c.accuracy, 60.0);
        QCOMPARE(c.perEpoch.size(), size_t(2));
        QCOMPARE(c.perEpoch[0].first, 0);
        QCOMPARE(c.perEpoch[0].second, 50.0);
        QCOMPARE(c.perEpoch[1].first, 1);
        QVERIFY(qFuzzyCompare(c.perEpoch[1].second, 200.0 / 3.0));
        QVERIFY(c.afterWarmup && qFuzzyCompare(*c.afterWarmup, 200.0 / 3.0));

        QVERIFY(!truth.choiceAccuracy(choices, /*warmupEpochs=*/5).afterWarmup);  // nothing after warm-up
        QCOMPARE(truth.choiceAccuracy({}, 0).choices, int64_t(0));
    }

    void segmentsAgainstTheFramesOfWhatSounds()
    {
        AlignmentFile file;
        file.segmentSeconds = 1.0;
        // a's segments: 0 (dog, frame 0) picks 0: hit; 1 (dog still sounding until 1.2 s) picks 2: miss;
        // 2 (bell, frames 2-3) picks 3: hit; 3 (nothing sounds) is left out. Whole clip picks 1: miss.
        file.clips.push_back(record("a", {0.5, 1.5, 2.5, 3.5}, {0, 2, 3, 0}, 1));
        // b: its times are in its video (10-14 s); nothing sounding is ever seen, so nothing scores.
        file.clips.push_back(record("b", {10.5, 11.5, 12.5, 13.5}, {0, 1, 2, 3}, 0));
        file.clips.push_back(record("zzz", {0.5, 1.5, 2.5, 3.5}, {0, 0, 0, 0}, 0));  // not in the manifest
        const SegmentAccuracy s = DemoAlignmentTruth(m_manifest).segmentAccuracy(file);
        QCOMPARE(s.segments, int64_t(3));
        QVERIFY(qFuzzyCompare(s.segmentAccuracy, 200.0 / 3.0));
        QVERIFY(qFuzzyCompare(s.segmentBaseRate, 100.0 / 3.0));  // (1/4 + 1/4 + 2/4) / 3
        QCOMPARE(s.clips, int64_t(1));
        QCOMPARE(s.clipAccuracy, 0.0);
        QCOMPARE(s.clipBaseRate, 75.0);
    }

    void anUnreadableManifestIsNamed()
    {
        const fs::path missing = fs::path(m_dir.path().toStdString()) / "missing.jsonl";
        try {
            DemoAlignmentTruth truth(missing);
            QFAIL("no error for a missing manifest");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("missing.jsonl") != std::string::npos, e.what());
        }
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestDemoAlignmentTruth)
#include "tst_DemoAlignmentTruth.moc"

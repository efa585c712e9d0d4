// ClipTimeline: frame times at span centres and audio segments centred on them.
#include "base/ClipTimeline.h"
#include "base/Error.h"

#include <QtTest>

#include "TestRegistry.h"

using namespace soundframe;

class TestClipTimeline : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void oneFramePerSecondAtSpanCentres()
    {
        const ClipTimeline t(SampleTime::fromSeconds(30, 16000), SampleTime::fromSeconds(40, 16000),
                             ClipTimeline::frameCountFor(10.0, 1.0));
        QCOMPARE(t.frameCount(), 10);
        QCOMPARE(t.frameSeconds(0), 30.5);
        QCOMPARE(t.frameSeconds(9), 39.5);
        QCOMPARE(t.allFrameSeconds().size(), size_t(10));
    }

    void segmentsAreCentredOnFramesAndStayInsideTheClip()
    {
        const ClipTimeline t(SampleTime{0, 100}, SampleTime{1000, 100}, 10);
        QCOMPARE(t.segmentSamples(3, 100), (std::pair<int64_t, int64_t>{300, 400}));
        QCOMPARE(t.segmentSamples(3, 200), (std::pair<int64_t, int64_t>{250, 450}));  // overlaps
        QCOMPARE(t.segmentSamples(0, 200), (std::pair<int64_t, int64_t>{0, 200}));    // shifted in
        QCOMPARE(t.segmentSamples(9, 200), (std::pair<int64_t, int64_t>{800, 1000}));
        QCOMPARE(t.segmentSamples(5, 5000), (std::pair<int64_t, int64_t>{0, 1000}));  // whole clip
    }

    void unevenLengthsStillGiveOrderedDistinctFrames()
    {
        const ClipTimeline t(SampleTime{7, 3}, SampleTime{18, 3}, 4);
        for (int l = 1; l < t.frameCount(); ++l)
            QVERIFY(t.frameTime(l).index > t.frameTime(l - 1).index);
        QVERIFY(t.frameTime(0).index >= 7 && t.frameTime(3).index < 18);
    }

    void frameCountNeverZero()
    {
        QCOMPARE(ClipTimeline::frameCountFor(0.2, 1.0), 1);
        QCOMPARE(ClipTimeline::frameCountFor(5.0, 2.0), 10);
    }

    void rejectsEmptyClipsAndMixedRates()
    {
        QVERIFY_THROWS_EXCEPTION(Error, ClipTimeline(SampleTime{5, 10}, SampleTime{5, 10}, 1));
        QVERIFY_THROWS_EXCEPTION(Error, ClipTimeline(SampleTime{0, 10}, SampleTime{5, 20}, 1));
        QVERIFY_THROWS_EXCEPTION(Error, ClipTimeline(SampleTime{0, 10}, SampleTime{5, 10}, 0));
    }

    void convertsBetweenRates()
    {
        QCOMPARE(SampleTime::fromSeconds(1.5, 16000).index, int64_t(24000));
        QCOMPARE((SampleTime{44100, 44100}).atRate(16000).index, int64_t(16000));
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestClipTimeline)
#include "tst_ClipTimeline.moc"

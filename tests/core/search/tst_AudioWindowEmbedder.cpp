// AudioWindowEmbedder: the search path must embed a clip of a file exactly as training and
// evaluation embed the same clip from a prepared cache (PrepareJob + embedCachedAudio): same
// decoding, resampling, front end and normalisation; and its windows follow the documented plan.
#include <torch/torch.h>  // before Qt: Qt's `slots` macro breaks torch's JIT headers

#include "GeneratedMedia.h"
#include "TinyModels.h"
#include "data/FrameCacheReader.h"
#include "data/PrepareJob.h"
#include "eval/CacheEmbedding.h"
#include "search/AudioWindowEmbedder.h"

#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

using namespace soundframe;

namespace {
bool sameTimes(const std::vector<double>& got, const std::vector<double>& expected)
{
    if (got.size() != expected.size())
        return false;
    for (size_t i = 0; i < got.size(); ++i)
        if (std::abs(got[i] - expected[i]) > 1e-9)
            return false;
    return true;
}
} // namespace

class TestAudioWindowEmbedder : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void searchWindowsEqualTheEvaluatorsClipEmbeddings()
    {
        // A 3-s chirp at 44.1 kHz in AAC inside an MP4 (video too, as the demo's clips), so every
        // 1-s window differs and decoding, resampling and the codec's delay all take part.
        const QString video = m_dir.filePath("chirp.mp4");
        QVERIFY(test::makeMedia({"color=gray:s=64x48:r=25:d=3", "aevalsrc=0.4*sin(2*PI*(200+400*t)*t):s=44100:d=3"},
                                video, {"-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest"}));
        const std::filesystem::path encoderDir = m_dir.filePath("encoder").toStdString();
        test::saveTinyAudioEncoder(encoderDir, 5);  // 1-s clips at 16 kHz

        // The evaluator's path: clips [0, 1) and [1, 2) prepared into a cache, embedded from it.
        std::vector<ClipRecord> clips(2);
        for (int i = 0; i < 2; ++i) {
            clips[size_t(i)].id = "clip" + std::to_string(i);
            clips[size_t(i)].mediaPath = video.toStdString();
            clips[size_t(i)].start = i;
            clips[size_t(i)].end = i + 1;
        }
        PrepareOptions options;
        options.cacheDir = m_dir.filePath("cache").toStdString();
        options.withFrames = false;
        options.decodeThreads = 1;
        const auto summary = PrepareJob(options, nullptr).run(clips);
        QCOMPARE(summary.cached, int64_t(2));
        const FrameCacheReader cache(options.cacheDir);
        AudioEncoder encoder = loadAudioEncoder(encoderDir, torch::kCPU);
        const auto evaluated = embedCachedAudio(encoder, cache, torch::kCPU);
        const auto expected = evaluated / evaluated.norm(2, 1, true);

        // The search path: the whole file, windows of 1 s every 1 s.
        const AudioWindowEmbedder embedder(encoderDir, "cpu", 1.0);
        const auto r = embedder.embedFile(video.toStdString());
        qInfo("decoded %.4f s, %zu windows", r.durationSeconds, r.windows.size());
        QVERIFY(r.windows.size() >= 3 && r.durationSeconds >= 2.99);
        const auto got
            = torch::from_blob(const_cast<float*>(r.vectors.data()), {int64_t(r.windows.size()), embedder.dim()}).clone();
        QCOMPARE(got.size(1), expected.size(1));
        for (int64_t i = 0; i < 2; ++i) {
            const int64_t c = cache.indexOf("clip" + std::to_string(i));
            QVERIFY(c >= 0);
            QCOMPARE(r.windows[size_t(i)].startSeconds, double(i));
            const double diff = (got[i] - expected[c]).abs().max().item<double>();
            qInfo("window %lld: max |search - evaluator| = %.3g", (long long)i, diff);
            QVERIFY2(diff < 1e-4, qPrintable(QString("window %1 differs by %2").arg(i).arg(diff)));
        }
        // The windows really differ (a constant embedding would pass the comparison above).
        QVERIFY((got[0] - got[1]).abs().max().item<double>() > 1e-3);
        // embedWindow (the audio query) is the same vector as the indexed window.
        const auto query = embedder.embedWindow(video.toStdString(), 1.0);
        const auto q = torch::from_blob(const_cast<float*>(query.data()), {embedder.dim()});
        QVERIFY((q - got[1]).abs().max().item<double>() < 1e-5);
    }

    void windowsFollowThePlan()
    {
        const std::filesystem::path encoderDir = m_dir.filePath("encoder2").toStdString();
        test::saveTinyAudioEncoder(encoderDir, 6);  // 1-s clips
        const AudioWindowEmbedder halves(encoderDir, "cpu");  // hop: half the clip
        QCOMPARE(halves.hopSeconds(), 0.5);
        QVERIFY(sameTimes(halves.windowStarts(0.4), {0.0}));
        QVERIFY(sameTimes(halves.windowStarts(1.0), {0.0}));
        QVERIFY(sameTimes(halves.windowStarts(2.0), {0.0, 0.5, 1.0}));
        // The hops stop short of the end: one more window ends at the file's end.
        QVERIFY(sameTimes(halves.windowStarts(2.2), {0.0, 0.5, 1.0, 1.2}));
        const AudioWindowEmbedder wide(encoderDir, "cpu", 0.7);
        QVERIFY(sameTimes(wide.windowStarts(2.5), {0.0, 0.7, 1.4, 1.5}));
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestAudioWindowEmbedder)
#include "tst_AudioWindowEmbedder.moc"

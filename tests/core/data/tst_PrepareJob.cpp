// PrepareJob + FrameCacheWriter/Reader over a folder of good and broken files: every good clip is
// cached with the right frames and audio, every broken one is named with its reason, runs resume.
#include <torch/torch.h>  // before Qt: Qt's `slots` macro breaks torch's JIT headers

#include "GeneratedMedia.h"
#include "TestSupport.h"
#include "base/Error.h"
#include "data/FrameCacheReader.h"
#include "data/FrameCacheWriter.h"
#include "data/PrepareJob.h"
#include "model/ImageEmbedder.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

using namespace soundframe;

namespace {
// A real, checkable image tower: a frame's embedding is its mean R, G, B in [0, 1].
class MeanColourEmbedder : public ImageEmbedder {
public:
    int inputSize() const override { return 32; }
    int embeddingDim() const override { return 3; }
    std::string identity() const override { return "test:mean-colour"; }
    torch::Tensor embed(const std::vector<RgbImage>& frames) override
    {
        auto out = torch::zeros({int64_t(frames.size()), 3});
        for (size_t i = 0; i < frames.size(); ++i) {
            const auto& f = frames[i];
            if (f.width != 32 || f.height != 32)
                throw Error("frame of " + std::to_string(f.width) + "x" + std::to_string(f.height));
            auto pixels = torch::from_blob(const_cast<uint8_t*>(f.pixels.data()), {32 * 32, 3}, torch::kUInt8);
            out[int64_t(i)] = pixels.to(torch::kFloat32).mean(0) / 255.0;
        }
        ++calls;
        return out;
    }
    int calls = 0;
};
} // namespace

class TestPrepareJob : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::vector<ClipRecord> m_good;
    std::vector<ClipRecord> m_bad;

    QString media(const QString& name) const { return m_dir.filePath("media/" + name); }

    // A 3-second 64x48 video: red during [0,1), green during [1,2), blue during [2,3); a 440 Hz tone.
    void makeVideo(const QString& path, bool withAudio = true, bool withVideo = true)
    {
        QStringList sources;
        QStringList options;
        if (withVideo) {
            sources << "color=black:s=64x48:r=25:d=3,format=rgb24,"
                       "geq=r='255*lt(T\\,1)':g='255*gte(T\\,1)*lt(T\\,2)':b='255*gte(T\\,2)'";
            options << "-c:v" << "libx264" << "-pix_fmt" << "yuv420p";
        }
        if (withAudio)
            sources << "sine=frequency=440:sample_rate=44100:duration=3";
        QVERIFY(test::makeMedia(sources, path, options));
    }

    ClipRecord clip(const QString& id, const QString& path, double start = 0.0, double end = 3.0)
    {
        ClipRecord c;
        c.id = id.toStdString();
        c.mediaPath = path.toStdString();
        c.start = start;
        c.end = end;
        c.captions = {"a tone over colours"};
        return c;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QDir().mkpath(m_dir.filePath("media"));
        makeVideo(media("good.mp4"));
        QFile::copy(media("good.mp4"), media("odd name ünïcode 'q'.mp4"));
        QFile::copy(media("good.mp4"), media("copy3.mp4"));
        m_good = {clip("good", media("good.mp4")), clip("odd", media("odd name ünïcode 'q'.mp4")),
                  clip("late", media("copy3.mp4"), 1.0, 3.0), clip("whole", media("good.mp4"), 0.0, -1.0)};

        makeVideo(media("silent.mp4"), false, true);
        makeVideo(media("tone.wav"), true, false);
        QFile good(media("good.mp4"));
        QVERIFY(good.open(QIODevice::ReadOnly));
        QVERIFY(test::writeBytes(media("truncated.mp4"), good.read(good.size() / 3)));
        QVERIFY(test::writeBytes(media("empty.mp4"), {}));
        QVERIFY(test::writeBytes(media("garbage.mp4"), QByteArray(4096, 'x')));
        m_bad = {clip("missing", media("missing.mp4")), clip("truncated", media("truncated.mp4")),
                 clip("empty", media("empty.mp4")), clip("garbage", media("garbage.mp4")),
                 clip("silent", media("silent.mp4")), clip("novideo", media("tone.wav")),
                 clip("short", media("good.mp4"), 0.0, 10.0)};
    }

    void cachesGoodClipsAndNamesEveryBrokenOne()
    {
        MeanColourEmbedder embedder;
        PrepareOptions options;
        options.cacheDir = m_dir.filePath("cache").toStdString();
        options.shardSize = 2;
        options.decodeThreads = 2;
        auto all = m_good;
        all.insert(all.end(), m_bad.begin(), m_bad.end());
        const auto summary = PrepareJob(options, &embedder).run(all);

        QCOMPARE(summary.cached, int64_t(m_good.size()));
        QCOMPARE(summary.skipped.size(), m_bad.size());
        for (const auto& bad : m_bad) {
            const auto it = std::find_if(summary.skipped.begin(), summary.skipped.end(),
                                         [&](const SkipRecord& s) { return s.where == bad.mediaPath; });
            QVERIFY2(it != summary.skipped.end(), bad.id.c_str());
            QVERIFY2(!it->reason.empty(), bad.id.c_str());
            qInfo("skipped %s: %s", bad.id.c_str(), it->reason.c_str());
        }
        QVERIFY(QFile::exists(m_dir.filePath("cache/skipped.jsonl")));

        FrameCacheReader cache(options.cacheDir);
        QCOMPARE(cache.size(), m_good.size());
        QCOMPARE(cache.settings().encoderIdentity, std::string("test:mean-colour"));
        QCOMPARE(FrameCacheWriter::shardFiles(options.cacheDir).size(), size_t(2));

        const auto good = cache.load(size_t(cache.indexOf("good")));
        QCOMPARE(good.frameSeconds, (std::vector<double>{0.5, 1.5, 2.5}));
        QCOMPARE(good.audio.numel(), int64_t(3 * 16000));
        const torch::Tensor expected = torch::eye(3);  // red, green, blue
        QVERIFY2(torch::allclose(good.frameEmbeddings, expected, 0, 0.05),
                 torch::str(good.frameEmbeddings).c_str());
        QCOMPARE(good.clip.captions, std::vector<std::string>{"a tone over colours"});

        const auto late = cache.load(size_t(cache.indexOf("late")));
        QCOMPARE(late.frameSeconds, (std::vector<double>{1.5, 2.5}));
        QVERIFY(torch::allclose(late.frameEmbeddings, expected.slice(0, 1, 3), 0, 0.05));
        QCOMPARE(late.audio.numel(), int64_t(2 * 16000));
        // end < 0: the clip runs to the end of the file (AAC pads the 3-s tone by a few ms).
        const auto whole = cache.load(size_t(cache.indexOf("whole")));
        QVERIFY2(std::abs(whole.audio.numel() - 3 * 16000) < 800, std::to_string(whole.audio.numel()).c_str());
        QCOMPARE(whole.frameSeconds.size(), size_t(3));
    }

    // Decoders finish in any order; the cache keeps the clips' own order and the same batches, so
    // training from it (rows shuffled by a seed) is the same run every time. A 40-s clip first takes
    // longest to decode: cached in finishing order it would come last.
    void cachesInTheClipsOrderWhateverDecodesFirst()
    {
        QStringList sources{"color=black:s=64x48:r=25:d=40,format=rgb24,geq=r='128':g='64':b='32'",
                            "sine=frequency=220:sample_rate=44100:duration=40"};
        QVERIFY(test::makeMedia(sources, media("long.mp4"), {"-c:v", "libx264", "-pix_fmt", "yuv420p"}));
        std::vector<ClipRecord> clips{clip("long", media("long.mp4"), 0.0, 40.0)};
        for (int i = 0; i < 6; ++i)
            clips.push_back(clip(QString("short-%1").arg(i), media("good.mp4")));
        std::vector<torch::Tensor> firstRun;
        for (const char* folder : {"ordered-1", "ordered-2"}) {
            MeanColourEmbedder embedder;
            PrepareOptions options;
            options.cacheDir = m_dir.filePath(folder).toStdString();
            options.decodeThreads = 3;
            options.embedBatchFrames = 4;
            QCOMPARE(PrepareJob(options, &embedder).run(clips).cached, int64_t(clips.size()));
            FrameCacheReader cache(options.cacheDir);
            QCOMPARE(cache.size(), clips.size());
            for (size_t i = 0; i < clips.size(); ++i) {
                const CachedClip c = cache.load(i);
                QCOMPARE(c.clip.id, clips[i].id);
                if (firstRun.size() < clips.size())
                    firstRun.push_back(c.frameEmbeddings);
                else
                    QVERIFY(torch::equal(c.frameEmbeddings, firstRun[i]));
            }
        }
    }

    void resumeSkipsFinishedClips()
    {
        MeanColourEmbedder embedder;
        PrepareOptions options;
        options.cacheDir = m_dir.filePath("cache").toStdString();
        const auto summary = PrepareJob(options, &embedder).run(m_good);
        QCOMPARE(summary.cached, int64_t(0));
        QCOMPARE(summary.alreadyCached, int64_t(m_good.size()));
        QCOMPARE(embedder.calls, 0);
    }

    void cancelKeepsFinishedWorkAndResumeCompletes()
    {
        MeanColourEmbedder embedder;
        PrepareOptions options;
        options.cacheDir = m_dir.filePath("cancel").toStdString();
        options.shardSize = 1;
        options.decodeThreads = 1;
        options.embedBatchFrames = 3;  // a clip per batch: progress after each, so the stop comes early
        std::vector<ClipRecord> many;
        for (int i = 0; i < 12; ++i)
            many.push_back(clip(QString("c%1").arg(i), media("good.mp4")));
        std::atomic<bool> stop{false};
        JobHooks hooks;
        hooks.cancel = &stop;
        hooks.onProgress = [&](const JobProgress& p) {
            if (p.done >= 3)
                stop = true;
        };
        const auto first = PrepareJob(options, &embedder).run(many, hooks);
        QVERIFY(first.cancelled);
        QVERIFY(first.cached >= 3 && first.cached < 12);
        QCOMPARE(FrameCacheReader(options.cacheDir).size(), size_t(first.cached));

        const auto second = PrepareJob(options, &embedder).run(many);
        QCOMPARE(second.alreadyCached, first.cached);
        QCOMPARE(second.cached, 12 - first.cached);
        FrameCacheReader cache(options.cacheDir);
        QCOMPARE(cache.size(), size_t(12));
        for (int i = 0; i < 12; ++i)
            QVERIFY(cache.indexOf("c" + std::to_string(i)) >= 0);
    }

    void otherSettingsRefuseToMixIntoACache()
    {
        MeanColourEmbedder embedder;
        PrepareOptions options;
        options.cacheDir = m_dir.filePath("cache").toStdString();
        options.audioRate = 8000;
        try {
            PrepareJob(options, &embedder).run(m_good);
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("audio_rate"), e.what());
        }
    }

    void audioOnlyCacheNeedsNoVideo()
    {
        PrepareOptions options;
        options.cacheDir = m_dir.filePath("audio-only").toStdString();
        options.withFrames = false;
        const auto summary = PrepareJob(options, nullptr).run({clip("tone", media("tone.wav"))});
        QCOMPARE(summary.cached, int64_t(1));
        const auto c = FrameCacheReader(options.cacheDir).load(0);
        QVERIFY(!c.frameEmbeddings.defined());
        QCOMPARE(c.audio.numel(), int64_t(3 * 16000));
    }

    void duplicateIdsAreSkippedWithAReason()
    {
        MeanColourEmbedder embedder;
        PrepareOptions options;
        options.cacheDir = m_dir.filePath("dups").toStdString();
        const auto summary = PrepareJob(options, &embedder).run({m_good[0], m_good[0]});
        QCOMPARE(summary.cached, int64_t(1));
        QCOMPARE(summary.skipped.size(), size_t(1));
        QVERIFY(QString::fromStdString(summary.skipped[0].reason).contains("duplicate"));
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestPrepareJob)
#include "tst_PrepareJob.moc"

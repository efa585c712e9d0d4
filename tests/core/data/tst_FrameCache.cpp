// FrameCacheWriter/Reader without any media: exact round trip, shards, resume, damaged shards.
#include <torch/torch.h>  // before Qt: Qt's `slots` macro breaks torch's JIT headers

#include "TestSupport.h"
#include "base/Error.h"
#include "data/FrameCacheReader.h"
#include "data/FrameCacheWriter.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

using namespace soundframe;

class TestFrameCache : public QObject {
    Q_OBJECT

    static CacheSettings settings()
    {
        CacheSettings s;
        s.encoderIdentity = "test";
        s.embeddingDim = 4;
        s.frameSize = 8;
        return s;
    }
    static CachedClip clip(int i)
    {
        CachedClip c;
        c.clip.id = "clip/" + std::to_string(i) + " ü";
        c.clip.mediaPath = "/media/" + std::to_string(i) + ".mp4";
        c.clip.start = 1.25 * i;
        c.clip.end = c.clip.start + 3;
        c.clip.captions = {"caption " + std::to_string(i), "another"};
        c.clip.labels = {"label"};
        c.clip.events = {{"cow", 0.5, 1.5, {0, 1}}};
        c.frameSeconds = {c.clip.start + 0.5, c.clip.start + 1.5 + 1e-12, c.clip.start + 2.5};
        c.frameEmbeddings = torch::randn({3, 4});
        c.audio = torch::randn({4800 + i});
        return c;
    }

private Q_SLOTS:
    void roundTripIsExactAcrossShards()
    {
        QTemporaryDir dir;
        std::vector<CachedClip> written;
        {
            FrameCacheWriter writer(dir.path().toStdString(), settings(), 3);
            for (int i = 0; i < 7; ++i) {
                written.push_back(clip(i));
                auto copy = written.back();
                copy.frameEmbeddings = copy.frameEmbeddings.clone();
                writer.add(std::move(copy));
            }
            QCOMPARE(writer.pendingCount(), int64_t(1));
            writer.flush();
        }
        QCOMPARE(FrameCacheWriter::shardFiles(dir.path().toStdString()).size(), size_t(3));
        FrameCacheReader reader(dir.path().toStdString());
        QCOMPARE(reader.size(), size_t(7));
        for (int i = 0; i < 7; ++i) {
            const auto c = reader.load(size_t(reader.indexOf(written[size_t(i)].clip.id)));
            QCOMPARE(c.frameSeconds, written[size_t(i)].frameSeconds);  // float64 kept exactly
            QVERIFY(torch::equal(c.frameEmbeddings, written[size_t(i)].frameEmbeddings));
            QVERIFY(torch::equal(c.audio, written[size_t(i)].audio));
            QCOMPARE(c.clip.captions, written[size_t(i)].clip.captions);
            QCOMPARE(c.clip.events.size(), size_t(1));
            QCOMPARE(c.clip.events[0].visibleFrames, (std::vector<int>{0, 1}));
        }
    }

    void reopeningKnowsFinishedClipsAndAppendsNewShards()
    {
        QTemporaryDir dir;
        {
            FrameCacheWriter writer(dir.path().toStdString(), settings(), 2);
            writer.add(clip(0));
            writer.add(clip(1));
            writer.add(clip(2));  // never flushed: as if the process was killed
        }
        FrameCacheWriter again(dir.path().toStdString(), settings(), 2);
        QCOMPARE(again.finishedIds().size(), size_t(2));
        again.add(clip(2));
        again.flush();
        QCOMPARE(FrameCacheReader(dir.path().toStdString()).size(), size_t(3));
    }

    void clipsThatDoNotFitAreRefused()
    {
        QTemporaryDir dir;
        FrameCacheWriter writer(dir.path().toStdString(), settings());
        auto bad = clip(0);
        bad.frameEmbeddings = torch::randn({3, 5});
        QVERIFY_THROWS_EXCEPTION(Error, writer.add(bad));
        auto silent = clip(1);
        silent.audio = torch::Tensor();
        QVERIFY_THROWS_EXCEPTION(Error, writer.add(silent));
    }

    void damagedShardNamesTheFile()
    {
        QTemporaryDir dir;
        {
            FrameCacheWriter writer(dir.path().toStdString(), settings(), 1);
            writer.add(clip(0));
        }
        const auto shard = QString::fromStdString(FrameCacheWriter::shardPath(dir.path().toStdString(), 0).string());
        QFile f(shard);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const auto bytes = f.readAll();
        f.close();
        QVERIFY(test::writeBytes(shard, bytes.left(bytes.size() / 2)));
        try {
            FrameCacheReader reader(dir.path().toStdString());
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("shard-000000.safetensors"), e.what());
        }
    }

    void missingCacheSaysHowToMakeOne()
    {
        QTemporaryDir dir;
        try {
            FrameCacheReader reader(dir.path().toStdString());
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY(QString(e.what()).contains("soundframe-cli prepare"));
        }
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestFrameCache)
#include "tst_FrameCache.moc"

// The pairings as units, against naive references: Random's frames are EpochPlan's draws, Nearest's
// are the argmax of a cosine computed here by hand (random draws during warm-up, no gradient through
// the choice), Multiframe returns B*L pairs in clip-major order with per-clip group ids offset by rank,
// and a fourth pairing registered by this test (not shipped) trains through AudioTrainer unchanged.
// The registry lists the matchings in the paper's order, then the added ones, each with the traits
// its pairing declares, which TrainConfig's warm-up rule follows.
#include <torch/torch.h>  // before Qt: Qt's `slots` macro breaks torch's JIT headers

#include "SyntheticTrainingData.h"
#include "base/Error.h"
#include "train/AudioTrainer.h"
#include "train/ClipPairingRegistry.h"
#include "train/EpochPlan.h"
#include "train/MultiframePairing.h"
#include "train/NearestFramePairing.h"
#include "train/RandomFramePairing.h"

#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

#include <nlohmann/json.hpp>

#include <fstream>

using namespace soundframe;
namespace fs = std::filesystem;
namespace F = torch::nn::functional;

namespace {
// A toy pairing: every clip's audio with its last frame.
class LastFramePairing : public ClipPairing {
public:
    explicit LastFramePairing(const PairingContext& context) : m_dim(context.cache.settings().embeddingDim) {}
    int targetDim() const override { return m_dim; }
    Pairs pair(const PairingBatch& batch, AudioEncoder& encoder) override
    {
        Pairs p;
        std::vector<torch::Tensor> frames;
        for (const auto& clip : batch.clips) {
            p.frameChoices.push_back(clip.frameEmbeddings.size(0) - 1);
            frames.push_back(clip.frameEmbeddings[-1]);
        }
        p.audio = encoder->forward(batch.logMel);
        p.target = torch::stack(frames);
        return p;
    }

private:
    int m_dim;
};
} // namespace

class TestClipPairing : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    test::SyntheticWorld m_world;
    fs::path root() const { return fs::path(m_tmp.path().toStdString()); }
    fs::path cacheDir() const { return root() / "cache"; }

    TrainConfig config(const std::string& matching) const
    {
        TrainConfig c;
        c.matching = matching;
        c.trainCache = cacheDir().string();
        c.runDir = (root() / ("run-" + matching)).string();
        c.seed = 5;
        c.nearestWarmupEpochs = 1;
        c.segmentSeconds = 0.5;
        return c;
    }

    struct Batch {
        std::vector<CachedClip> clips;
        std::vector<int64_t> rows{3, 0, 9, 14, 6};
        torch::Tensor logMel;
    };
    Batch load(const FrameCacheReader& cache, const AudioFrontEnd& front) const
    {
        Batch b;
        std::vector<torch::Tensor> audio;
        for (auto row : b.rows) {
            b.clips.push_back(cache.load(size_t(row)));
            audio.push_back(b.clips.back().audio);
        }
        b.logMel = front.logMel(audio, torch::kCPU);
        return b;
    }
    AudioEncoder encoder() const
    {
        torch::manual_seed(2);
        AudioEncoder f(m_world.encoderConfig("cnn"));
        f->train();
        return f;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_world.writeCache(cacheDir(), 4, 1);  // 16 clips of L = 4 frames
    }

    void randomFollowsEpochPlanDraws()
    {
        const FrameCacheReader cache(cacheDir());
        const TrainConfig c = config("random");
        RandomFramePairing pairing({c, cache, torch::kCPU, 0});
        auto f = encoder();
        const AudioFrontEnd front(f->config());
        const Batch b = load(cache, front);
        for (int epoch : {0, 3}) {
            const Pairs p = pairing.pair({b.clips, b.rows, b.logMel, epoch, front}, f);
            QCOMPARE(p.frameChoices.size(), b.rows.size());
            QCOMPARE(p.audio.sizes(), (torch::IntArrayRef{5, m_world.dim}));
            QVERIFY(p.audio.requires_grad());
            QVERIFY(!p.groups.defined());
            for (size_t i = 0; i < b.rows.size(); ++i) {
                const int64_t expected = EpochPlan::draw(5, epoch, b.rows[i], EpochPlan::kFrameSalt, m_world.frames);
                QCOMPARE(p.frameChoices[i], expected);
                QVERIFY(torch::equal(p.target[int64_t(i)], b.clips[i].frameEmbeddings[expected]));
            }
        }
    }

    void nearestPicksTheArgmaxWithoutGradient()
    {
        const FrameCacheReader cache(cacheDir());
        const TrainConfig c = config("nearest");
        NearestFramePairing pairing({c, cache, torch::kCPU, 0});
        auto f = encoder();
        const AudioFrontEnd front(f->config());
        const Batch b = load(cache, front);

        // Warm-up (epoch 0 < n = 1): Random's draws.
        const Pairs warm = pairing.pair({b.clips, b.rows, b.logMel, 0, front}, f);
        for (size_t i = 0; i < b.rows.size(); ++i)
            QCOMPARE(warm.frameChoices[i], RandomFramePairing::drawFrame(5, 0, b.rows[i], m_world.frames));

        // After it: the argmax of cos(f(a), g(i_l)) with f in eval mode, computed here naively.
        std::vector<int64_t> expected;
        {
            torch::NoGradGuard noGrad;
            f->eval();
            const auto a = f->forward(b.logMel);
            f->train();
            for (size_t i = 0; i < b.rows.size(); ++i) {
                int64_t best = 0;
                double bestCos = -2;
                for (int64_t l = 0; l < m_world.frames; ++l) {
                    const double cos = F::cosine_similarity(a[int64_t(i)].unsqueeze(0),
                                                            b.clips[i].frameEmbeddings[l].unsqueeze(0)).item<double>();
                    if (cos > bestCos) {
                        bestCos = cos;
                        best = l;
                    }
                }
                expected.push_back(best);
            }
        }
        const Pairs p = pairing.pair({b.clips, b.rows, b.logMel, 1, front}, f);
        QCOMPARE(p.frameChoices, expected);
        QVERIFY(f->is_training());  // the choice's eval mode does not leak into the step
        QVERIFY(p.audio.requires_grad());
        QVERIFY(!p.target.requires_grad());
        for (size_t i = 0; i < b.rows.size(); ++i)
            QVERIFY(torch::equal(p.target[int64_t(i)], b.clips[i].frameEmbeddings[expected[i]]));
    }

    void nearestWarmsUpWithMultiframeWhenAsked()
    {
        const FrameCacheReader cache(cacheDir());
        TrainConfig c = config("nearest");
        c.nearestWarmupMatching = WarmupMatching::Multiframe;
        c.nearestWarmupEpochs = 2;
        NearestFramePairing nearest({c, cache, torch::kCPU, 0});
        MultiframePairing multiframe({c, cache, torch::kCPU, 0});
        auto f = encoder();
        const AudioFrontEnd front(f->config());
        const Batch b = load(cache, front);
        f->eval();  // dropout off, so the two forwards are comparable
        for (int epoch : {0, 1}) {  // warm-up: exactly Multiframe's B*L pairs, no frame choices
            const Pairs got = nearest.pair({b.clips, b.rows, b.logMel, epoch, front}, f);
            const Pairs want = multiframe.pair({b.clips, b.rows, b.logMel, epoch, front}, f);
            QCOMPARE(got.audio.sizes(), (torch::IntArrayRef{5 * m_world.frames, m_world.dim}));
            QVERIFY(got.frameChoices.empty());
            QVERIFY(torch::allclose(got.audio, want.audio));
            QVERIFY(torch::equal(got.target, want.target));
        }
        // Then the argmax, one frame per clip.
        const Pairs p = nearest.pair({b.clips, b.rows, b.logMel, 2, front}, f);
        QCOMPARE(p.frameChoices.size(), b.rows.size());
        QCOMPARE(p.audio.size(0), int64_t(b.rows.size()));

    }

    void multiframePairsEverySegmentWithItsFrame()
    {
        const FrameCacheReader cache(cacheDir());
        TrainConfig c = config("multiframe");
        auto f = encoder();
        const AudioFrontEnd front(f->config());
        const Batch b = load(cache, front);
        const int64_t B = 5, L = m_world.frames;
        {
            MultiframePairing pairing({c, cache, torch::kCPU, 0});
            const Pairs p = pairing.pair({b.clips, b.rows, b.logMel, 0, front}, f);
            QCOMPARE(p.audio.sizes(), (torch::IntArrayRef{B * L, m_world.dim}));
            QVERIFY(p.frameChoices.empty());
            QVERIFY(!p.groups.defined());
            for (int64_t k = 0; k < B; ++k)
                for (int64_t l = 0; l < L; ++l)
                    QVERIFY(torch::equal(p.target[k * L + l], b.clips[size_t(k)].frameEmbeddings[l]));
        }
        c.maskSameClipNegatives = true;
        MultiframePairing pairing({c, cache, torch::kCPU, /*rank=*/2});
        const Pairs p = pairing.pair({b.clips, b.rows, b.logMel, 0, front}, f);
        QCOMPARE(p.groups.numel(), B * L);
        for (int64_t k = 0; k < B * L; ++k)
            QCOMPARE(p.groups[k].item<int64_t>(), 2 * B + k / L);  // one id per clip, distinct across ranks
    }

    void registryListsMatchingsWithTheirTraits()
    {
        const auto names = ClipPairingRegistry::matchings();
        QVERIFY(names.size() >= 3);
        QCOMPARE(std::vector<std::string>(names.begin(), names.begin() + 3),
                 (std::vector<std::string>{"random", "nearest", "multiframe"}));
        const MatchingTraits random = ClipPairingRegistry::traits("random");
        const MatchingTraits nearest = ClipPairingRegistry::traits("nearest");
        const MatchingTraits multiframe = ClipPairingRegistry::traits("multiframe");
        QVERIFY(!random.picksMostSimilarFrame && !random.pairsEverySegment);
        QVERIFY(nearest.picksMostSimilarFrame && !nearest.pairsEverySegment);
        QVERIFY(!multiframe.picksMostSimilarFrame && multiframe.pairsEverySegment);
        QVERIFY(!ClipPairingRegistry::traits("no-such-matching").picksMostSimilarFrame);

        // An added matching comes last with the traits it was registered with; its warm-up epochs
        // are left out of pick accuracy exactly when it picks the most similar frame.
        const auto none = [](const PairingContext&) { return std::unique_ptr<ClipPairing>(); };
        ClipPairingRegistry::add("toy-argmax", none, MatchingTraits{true, false});
        QCOMPARE(ClipPairingRegistry::matchings().back(), std::string("toy-argmax"));
        TrainConfig c;
        c.nearestWarmupEpochs = 3;
        c.matching = "toy-argmax";
        QCOMPARE(c.choiceWarmupEpochs(), 3);
        // Registering the name again replaces it in place.
        ClipPairingRegistry::add("toy-argmax", none);
        QCOMPARE(ClipPairingRegistry::matchings().back(), std::string("toy-argmax"));
        QCOMPARE(ClipPairingRegistry::matchings().size(), names.size() + 1);
        QCOMPARE(c.choiceWarmupEpochs(), 0);
    }

    void aToyPairingTrainsThroughTheTrainer()
    {
        TrainConfig c = config("last-frame");
        c.audioEncoderConfig = (root() / "cnn.json").string();
        m_world.writeEncoderConfig(c.audioEncoderConfig, "cnn");
        c.epochs = 2;
        c.batchSize = 4;
        c.threads = 1;
        c.validateEachEpoch = false;
        try {
            c.validate();
            QFAIL("an unregistered matching was accepted");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("'last-frame'") != std::string::npos, e.what());
            QVERIFY2(std::string(e.what()).find("random, nearest, multiframe") != std::string::npos, e.what());
        }

        ClipPairingRegistry::add("last-frame", [](const PairingContext& context) -> std::unique_ptr<ClipPairing> {
            return std::make_unique<LastFramePairing>(context);
        });
        const TrainResult r = AudioTrainer(c).run();
        QVERIFY(r.completed);
        QCOMPARE(r.steps, int64_t(8));  // 16 clips, 4 per step, 2 epochs
        QVERIFY(std::isfinite(r.lastLoss));
        QVERIFY(fs::exists(r.encoderDir / "model.safetensors"));
        std::ifstream in(fs::path(c.runDir) / "choices.jsonl");
        std::string line;
        int lines = 0;
        while (std::getline(in, line)) {
            const auto j = nlohmann::json::parse(line);
            QCOMPARE(j.at("matching").get<std::string>(), std::string("last-frame"));
            QCOMPARE(j.at("frame").get<int64_t>(), int64_t(m_world.frames - 1));
            ++lines;
        }
        QCOMPARE(lines, 16 * 2);
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestClipPairing)
#include "tst_ClipPairing.moc"

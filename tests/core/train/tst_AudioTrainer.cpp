// AudioTrainer end to end on a small generated world (SyntheticTrainingData.h): every matching
// learns (loss falls, audio->image retrieval on held-out clips well above chance), Nearest records
// its choices and picks showing frames after its warm-up, runs are reproducible, a cancelled and
// resumed run ends with the weights of an uninterrupted one, a diverging run stops with an Error
// that keeps a loadable checkpoint, stage 2 learns text->audio from stage 1 or from scratch, and
// stage 1 then stage 2 ends above chance in all four retrieval directions. A watch cache's held-out
// clips get Nearest's argmax under the encoder at every epoch end (watched_picks.jsonl), once per
// epoch after a resume, without changing what is trained.
#include <torch/torch.h>  // before Qt: Qt's `slots` macro breaks torch's JIT headers

#include "SyntheticTrainingData.h"
#include "base/Error.h"
#include "base/SafeTensorsReader.h"
#include "base/TorchTensors.h"
#include "eval/CacheEmbedding.h"
#include "eval/RetrievalEvaluation.h"
#include "model/AudioEncoder.h"
#include "model/AudioFrontEnd.h"
#include "model/ClipTextEmbedder.h"
#include "train/AudioTrainer.h"
#include "train/FrameChoiceLog.h"
#include "train/TrainCheckpoint.h"
#include "train/WatchedClips.h"

#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

#include "ErrorExpectations.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <fstream>
#include <map>
#include <set>

using namespace soundframe;
namespace fs = std::filesystem;

namespace {
std::vector<nlohmann::json> readJsonLines(const fs::path& file)
{
    std::vector<nlohmann::json> out;
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line))
        if (!line.empty())
            out.push_back(nlohmann::json::parse(line));
    return out;
}

std::vector<double> losses(const fs::path& runDir, const std::string& kind)
{
    std::vector<double> out;
    for (const auto& j : readJsonLines(runDir / "metrics.jsonl"))
        if (j.at("kind") == kind)
            out.push_back(j.at("loss").get<double>());
    return out;
}
} // namespace

class TestAudioTrainer : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    test::SyntheticWorld m_world;
    fs::path root() const { return fs::path(m_tmp.path().toStdString()); }
    fs::path trainCache() const { return root() / "train-cache"; }
    fs::path testCache() const { return root() / "test-cache"; }

    TrainConfig config(const std::string& run, const std::string& matching = "random") const
    {
        TrainConfig c;
        c.stage = TrainStage::Pretrain;
        c.matching = matching;
        c.trainCache = trainCache().string();
        c.runDir = (root() / run).string();
        // The tiny transformer learns this world in a few seconds; the CNN (BatchNorm, dropout)
        // serves the exact-resume checks, where its dropout masks test the saved random state.
        c.audioEncoderConfig = (root() / "transformer.json").string();
        c.epochs = 12;
        c.batchSize = 8;
        c.learningRate = 1e-2;
        c.warmupFraction = 0.1;
        c.nearestWarmupEpochs = 2;
        c.segmentSeconds = 0.5;
        c.checkpointEverySteps = 5;
        c.threads = 1;
        c.seed = 11;
        return c;
    }

    // Audio->image retrieval of the run's encoder on the held-out cache.
    RetrievalReport evaluate(const fs::path& encoderDir, bool withText)
    {
        auto encoder = loadAudioEncoder(encoderDir, torch::kCPU);
        const FrameCacheReader test(testCache());
        EvaluationEmbeddings e;
        e.audio = embedCachedAudio(encoder, test, torch::kCPU);
        e.images = middleFrameEmbeddings(test);
        if (withText) {
            ClipTextEmbedder text(root() / "clip", torch::kCPU);
            auto [texts, owner] = cacheCaptions(test);
            e.captions = text.embed(texts);
            e.captionClip = owner;
        }
        return evaluateRetrieval(e);
    }

    static std::map<std::string, torch::Tensor> weights(const fs::path& encoderDir)
    {
        return loadTorchTensors(encoderDir / "model.safetensors");
    }

    // The first tensor of two finished runs' encoders that is not bit-equal, or "" when none is.
    static std::string firstDifferentWeight(const TrainConfig& a, const TrainConfig& b)
    {
        const auto wa = weights(fs::path(a.runDir) / "audio-encoder");
        const auto wb = weights(fs::path(b.runDir) / "audio-encoder");
        if (wa.size() != wb.size())
            return "the encoders hold different tensors";
        for (const auto& [name, t] : wa)
            if (!wb.count(name) || !torch::equal(t, wb.at(name)))
                return name;
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_world.writeCache(trainCache(), 12, 1, "train");  // 48 clips: 6 steps of 8 per epoch
        m_world.writeCache(testCache(), 6, 2, "test");    // 24 held-out clips
        m_world.writeEncoderConfig(root() / "cnn.json", "cnn");
        m_world.writeEncoderConfig(root() / "transformer.json", "transformer");
        m_world.writeClip(root() / "clip", {trainCache(), testCache()});
    }

    void eachMatchingLearns_data()
    {
        QTest::addColumn<QString>("matching");
        QTest::addColumn<bool>("mask");
        QTest::newRow("random") << "random" << false;
        QTest::newRow("nearest") << "nearest" << false;
        QTest::newRow("multiframe") << "multiframe" << false;
        QTest::newRow("multiframe-masked") << "multiframe" << true;
    }
    void eachMatchingLearns()
    {
        QFETCH(QString, matching);
        QFETCH(bool, mask);
        auto c = config("learn-" + std::string(QTest::currentDataTag()), matching.toStdString());
        c.maskSameClipNegatives = mask;
        if (matching == "random")
            c.valCache = testCache().string();
        AudioTrainer trainer(c);
        std::vector<TrainMetrics> live;
        trainer.onMetrics = [&](const TrainMetrics& m) { live.push_back(m); };
        const auto result = trainer.run();
        QVERIFY(result.completed);
        QCOMPARE(result.steps, int64_t(c.epochs * 6));
        const auto epochs = losses(c.runDir, "epoch");
        QCOMPARE(int(epochs.size()), c.epochs);
        QCOMPARE(int(live.size()), c.epochs * 7);  // 6 steps and the epoch end, per epoch
        if (!c.valCache.empty()) {
            const auto& last = live.back();
            QCOMPARE(last.kind, std::string("epoch"));
            QVERIFY(last.validation.count("audio_to_image/R@1") && last.validation.count("image_to_audio/R@10"));
        }
        qInfo("%s: epoch loss %.3f -> %.3f", QTest::currentDataTag(), epochs.front(), epochs.back());
        QVERIFY2(epochs.back() < 0.8 * epochs.front(), qPrintable(QString::number(epochs.back())));
        const auto report = evaluate(result.encoderDir, false);
        const auto& s = report.get("audio_to_image");
        // 24 clips in 4 classes: chance R@5 is 5/24 = 21 %, chance mean rank 12.5; a model that knows
        // the class but not the clip reaches R@5 83 % and mean rank 3.5.
        qInfo("%s: audio->image R@1 %.1f R@5 %.1f meanR %.2f", QTest::currentDataTag(), s.recallAt1, s.recallAt5,
              s.meanRank);
        QVERIFY2(s.recallAt5 >= 50.0, qPrintable(QString::number(s.recallAt5)));
        QVERIFY2(s.meanRank < 7.5, qPrintable(QString::number(s.meanRank)));
        QVERIFY(fs::exists(fs::path(c.runDir) / "audio-encoder" / "config.json"));
        QVERIFY(fs::exists(fs::path(c.runDir) / "config.json"));
        QVERIFY(TrainCheckpoint::latest(c.runDir).has_value());
    }

    void nearestRecordsChoicesAndPicksShowingFrames()
    {
        const fs::path run = root() / "learn-nearest";  // written by eachMatchingLearns
        const FrameCacheReader cache(trainCache());
        const auto choices = readJsonLines(run / "choices.jsonl");
        QCOMPARE(int(choices.size()), 12 * 48);  // every clip once per epoch
        std::map<int, std::set<std::string>> clipsPerEpoch;
        int warmShown = 0, warmTotal = 0, lateShown = 0, lateTotal = 0;
        for (const auto& j : choices) {
            const int epoch = j.at("epoch").get<int>();
            const auto id = j.at("clip").get<std::string>();
            clipsPerEpoch[epoch].insert(id);
            QCOMPARE(j.at("matching").get<std::string>(), std::string("nearest"));
            const auto& visible = cache.record(size_t(cache.indexOf(id))).events.at(0).visibleFrames;
            const bool shown = std::count(visible.begin(), visible.end(), j.at("frame").get<int>()) > 0;
            if (epoch < 2) {
                warmShown += shown;
                ++warmTotal;
            } else if (epoch >= 4) {
                lateShown += shown;
                ++lateTotal;
            }
        }
        QCOMPARE(int(clipsPerEpoch.size()), 12);
        for (const auto& [epoch, ids] : clipsPerEpoch)
            QCOMPARE(int(ids.size()), 48);
        const double warm = double(warmShown) / warmTotal, late = double(lateShown) / lateTotal;
        qInfo("showing frames chosen: warm-up %.2f, epochs 4-11 %.2f", warm, late);
        QVERIFY2(warm < 0.75, qPrintable(QString::number(warm)));
        QVERIFY2(late >= 0.85, qPrintable(QString::number(late)));
    }

    // The centred argmax (a hubness correction, TrainConfig::nearestCentred) still picks the frames
    // that show the source, and it is recorded in the run's config.
    void centredNearestPicksShowingFrames()
    {
        auto c = config("nearest-centred", "nearest");
        c.nearestCentred = true;
        QVERIFY(AudioTrainer(c).run().completed);
        QVERIFY(TrainConfig::fromJsonFile(fs::path(c.runDir) / "config.json").nearestCentred);
        const FrameCacheReader cache(trainCache());
        int shown = 0, total = 0;
        for (const auto& j : readJsonLines(fs::path(c.runDir) / "choices.jsonl")) {
            if (j.at("epoch").get<int>() < 4)
                continue;
            const auto& visible = cache.record(size_t(cache.indexOf(j.at("clip").get<std::string>()))).events.at(0).visibleFrames;
            shown += std::count(visible.begin(), visible.end(), j.at("frame").get<int>()) > 0;
            ++total;
        }
        const double late = double(shown) / total;
        qInfo("centred nearest: showing frames chosen in epochs 4-11: %.2f", late);
        QVERIFY2(late >= 0.85, qPrintable(QString::number(late)));
    }

    void sameSeedSameLosses()
    {
        auto a = config("seed-a");
        auto b = config("seed-b");
        a.epochs = b.epochs = 2;
        QVERIFY(AudioTrainer(a).run().completed);
        QVERIFY(AudioTrainer(b).run().completed);
        const auto la = losses(a.runDir, "step"), lb = losses(b.runDir, "step");
        QCOMPARE(int(la.size()), 12);
        QVERIFY(la == lb);
        auto other = config("seed-c");
        other.epochs = 2;
        other.seed = 12;
        QVERIFY(AudioTrainer(other).run().completed);
        QVERIFY(losses(other.runDir, "step") != la);
    }

    void cancelThenResumeEqualsUninterrupted_data()
    {
        QTest::addColumn<QString>("matching");
        QTest::addColumn<int>("cancelAt");
        QTest::addColumn<bool>("specAugment");
        QTest::addColumn<int>("frozenBlocks");
        QTest::newRow("random-mid-epoch") << "random" << 6 << false << 0;
        QTest::newRow("nearest-epoch-start") << "nearest" << 12 << false << 0;
        QTest::newRow("multiframe") << "multiframe" << 3 << false << 0;
        QTest::newRow("tagging") << "tag" << 4 << false << 0;  // the stage, with its head in the checkpoint
        QTest::newRow("nearest-spec-augment") << "nearest" << 8 << true << 0;  // masks drawn alike after a resume
        QTest::newRow("nearest-frozen-block") << "nearest" << 8 << false << 1;  // its argmax pass too
        QTest::newRow("multiframe-frozen-block") << "multiframe" << 5 << false << 1;
    }
    void cancelThenResumeEqualsUninterrupted()
    {
        QFETCH(QString, matching);
        QFETCH(int, cancelAt);
        QFETCH(bool, specAugment);
        QFETCH(int, frozenBlocks);
        const std::string tag = QTest::currentDataTag();
        auto whole = config("whole-" + tag, matching.toStdString());
        if (matching == "tag") {
            whole.stage = TrainStage::Tag;
            whole.matching = "random";
        }
        if (specAugment) {
            whole.specAugmentFrequencyMasks = 2;
            whole.specAugmentTimeMasks = 2;
        }
        whole.audioEncoderConfig = (root() / "cnn.json").string();
        if (frozenBlocks > 0) {
            whole.initFrom = (root() / "cnn-start").string();
            saveAudioEncoder(AudioEncoder(readAudioEncoderConfig(whole.audioEncoderConfig)), whole.initFrom);
            whole.frozenAudioBlocks = frozenBlocks;
        }
        whole.epochs = 3;
        QVERIFY(AudioTrainer(whole).run().completed);

        auto parts = whole;  // the same run in another folder
        parts.runDir = (root() / ("parts-" + tag)).string();
        std::atomic<bool> stop{false};
        JobHooks hooks;
        hooks.cancel = &stop;
        hooks.onProgress = [&](const JobProgress& p) {
            if (p.done >= cancelAt)
                stop = true;
        };
        const auto first = AudioTrainer(parts).run(hooks);
        QVERIFY(first.cancelled);
        QCOMPARE(first.steps, int64_t(cancelAt));
        // A run folder with checkpoints is not silently restarted.
        QVERIFY_THROWS_EXCEPTION(Error, AudioTrainer(parts).run({}, false));
        // The budgets of what is kept per clip (log-mels, the frozen blocks' output) may differ on
        // resume and change the time a step takes, not what it trains: the second half recomputes
        // them at every step and still ends bit for bit where the whole run, which kept them, ends.
        parts.logMelCacheMegabytes = 0;
        parts.frozenFeatureCacheMegabytes = 0;
        const auto second = AudioTrainer(parts).run({}, true);
        QVERIFY(second.completed);
        QCOMPARE(second.steps, int64_t(18));

        const std::string different = firstDifferentWeight(whole, parts);
        QVERIFY2(different.empty(), different.c_str());
        QVERIFY(losses(whole.runDir, "step") == losses(parts.runDir, "step"));
        QVERIFY(losses(whole.runDir, "epoch") == losses(parts.runDir, "epoch"));
    }

    // A watch cache: one line per held-out clip at every epoch end, warm-up epochs included, each
    // the plain argmax l* = argmax_l cos(f(a), g(i_l)) — the last epoch's equal to the finished
    // encoder's, computed here clip by clip without the trainer's code.
    void watchedClipsGetNearestsArgmaxEachEpoch()
    {
        auto c = config("watched-nearest", "nearest");
        c.epochs = 3;  // 2 of them Nearest's warm-up
        c.watchCache = testCache().string();
        QVERIFY(AudioTrainer(c).run().completed);
        const fs::path run(c.runDir);
        const auto lines = readJsonLines(run / "watched_picks.jsonl");
        QCOMPARE(int(lines.size()), 3 * 24);
        std::map<int, std::set<std::string>> clipsPerEpoch;
        std::map<std::string, int> lastEpochPick;
        for (const auto& j : lines) {
            const int epoch = j.at("epoch").get<int>();
            QCOMPARE(j.at("step").get<int64_t>(), int64_t(6 * (epoch + 1)));  // the epoch's end
            QCOMPARE(j.at("matching").get<std::string>(), std::string("nearest"));
            clipsPerEpoch[epoch].insert(j.at("clip").get<std::string>());
            if (epoch == 2)
                lastEpochPick[j.at("clip").get<std::string>()] = j.at("frame").get<int>();
        }
        QCOMPARE(int(clipsPerEpoch.size()), 3);
        for (const auto& [epoch, ids] : clipsPerEpoch)
            QCOMPARE(int(ids.size()), 24);
        // The same lines read back through FrameChoiceLog, as the app reads them.
        QCOMPARE(int(FrameChoiceLog::read(run, FrameChoiceLog::watchedFileName).size()), 3 * 24);

        auto encoder = loadAudioEncoder(run / "audio-encoder", torch::kCPU);
        encoder->eval();
        const AudioFrontEnd front(encoder->config());
        torch::NoGradGuard noGrad;
        const FrameCacheReader test(testCache());
        int exact = 0;
        std::set<int> picked;
        for (size_t i = 0; i < test.size(); ++i) {
            const CachedClip clip = test.load(i);
            const auto audio = encoder->forward(front.logMel({clip.audio}, torch::kCPU))[0].to(torch::kFloat64);
            const auto frames = clip.frameEmbeddings.to(torch::kFloat64);
            std::vector<double> cosines;
            int best = 0;
            for (int64_t l = 0; l < frames.size(0); ++l) {
                cosines.push_back(((frames[l] * audio).sum() / (frames[l].norm() * audio.norm())).item<double>());
                if (cosines.back() > cosines[size_t(best)])
                    best = int(l);
            }
            const int recorded = lastEpochPick.at(clip.clip.id);
            QVERIFY(recorded >= 0 && recorded < int(cosines.size()));
            // The run embeds 24 clips in one batch, this loop one by one: only a near tie may differ.
            QVERIFY2(recorded == best || cosines[size_t(best)] - cosines[size_t(recorded)] < 1e-5,
                     qPrintable(QString("%1: recorded %2, argmax %3").arg(clip.clip.id.c_str()).arg(recorded).arg(best)));
            exact += recorded == best;
            picked.insert(recorded);
        }
        qInfo("watched picks equal to the naive argmax: %d of 24; frames picked: %d", exact, int(picked.size()));
        QVERIFY(picked.size() > 1);  // not one constant answer
    }

    // Cancelled mid-epoch and resumed (a torn line and a line from a killed attempt's future left in
    // the file): exactly one line per clip and epoch, and the weights of an uninterrupted run that
    // watched nothing — BatchNorm and dropout included, so watching changes nothing that is trained.
    void watchedRunResumesWithoutDuplicatesAndTrainsAlike()
    {
        auto plain = config("unwatched-multiframe", "multiframe");
        plain.audioEncoderConfig = (root() / "cnn.json").string();
        plain.epochs = 3;
        QVERIFY(AudioTrainer(plain).run().completed);
        QVERIFY(!fs::exists(fs::path(plain.runDir) / "watched_picks.jsonl"));

        auto watched = plain;
        watched.runDir = (root() / "watched-multiframe").string();
        watched.watchCache = testCache().string();
        std::atomic<bool> stop{false};
        JobHooks hooks;
        hooks.cancel = &stop;
        hooks.onProgress = [&](const JobProgress& p) {
            if (p.done >= 8)
                stop = true;
        };
        QVERIFY(AudioTrainer(watched).run(hooks).cancelled);
        const fs::path file = fs::path(watched.runDir) / "watched_picks.jsonl";
        QCOMPARE(int(readJsonLines(file).size()), 24);  // epoch 0's, at step 6
        std::ofstream(file, std::ios::app) << R"({"step":12,"epoch":1,"matching":"multiframe","clip":"test0","frame":0})"
                                           << "\n" << "{\"step\":12,\"epoch\":1,\"matc";  // torn
        QVERIFY(AudioTrainer(watched).run({}, true).completed);

        const auto lines = readJsonLines(file);
        QCOMPARE(int(lines.size()), 3 * 24);
        std::set<std::pair<int, std::string>> seen;
        for (const auto& j : lines) {
            QCOMPARE(j.at("matching").get<std::string>(), std::string("multiframe"));
            seen.insert({j.at("epoch").get<int>(), j.at("clip").get<std::string>()});
        }
        QCOMPARE(int(seen.size()), 3 * 24);
        const std::string different = firstDifferentWeight(plain, watched);
        QVERIFY2(different.empty(), different.c_str());
        QVERIFY(losses(plain.runDir, "step") == losses(watched.runDir, "step"));
    }

    // A watch cache that cannot be read stops the run before its first step, naming the folder; an
    // audio-only one has nothing to watch.
    void watchCacheProblemsShowAtStart()
    {
        auto c = config("watch-missing", "random");
        c.epochs = 1;
        c.watchCache = (root() / "no-such-cache").string();
        try {
            AudioTrainer(c).run();
            QFAIL("a missing watch cache was accepted");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find(c.watchCache) != std::string::npos, e.what());
            QVERIFY2(std::string(e.what()).find("watch_cache") != std::string::npos, e.what());
        }
        QVERIFY(!TrainCheckpoint::latest(c.runDir).has_value());

        const fs::path audioOnly = root() / "watch-audio-only";
        fs::copy(testCache(), audioOnly, fs::copy_options::recursive);
        auto settings = nlohmann::json::parse(std::ifstream(audioOnly / "cache.json"));
        settings["with_frames"] = false;
        std::ofstream(audioOnly / "cache.json") << settings.dump();
        c.runDir = (root() / "watch-audio-only-run").string();
        c.watchCache = audioOnly.string();
        QVERIFY(AudioTrainer(c).run().completed);
        QVERIFY(!fs::exists(fs::path(c.runDir) / "watched_picks.jsonl"));
    }

    // A watch cache larger than one embedding batch (32): every clip once, and what one epoch end's
    // watch pass costs for about 150 clips (the demo's test split).
    void watchPassCoversEveryBatch()
    {
        const fs::path many = root() / "watch-152";
        m_world.writeCache(many, 38, 9, "held");  // 152 clips
        TrainConfig c = config("watch-152-run", "random");
        c.watchCache = many.string();
        fs::create_directories(c.runDir);
        const FrameCacheReader train(trainCache());
        WatchedClips watched(c, train.settings(), m_world.dim, m_world.encoderConfig("cnn"), torch::kCPU);
        QVERIFY(watched.active());
        AudioEncoder encoder(m_world.encoderConfig("cnn"));
        encoder->train();
        const auto start = std::chrono::steady_clock::now();
        watched.record(encoder, 7, 0);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        qInfo("watch pass over 152 clips of %.1f s (tiny CNN): %.3f s", m_world.seconds, seconds);
        QVERIFY(encoder->is_training());  // left as found
        const auto lines = FrameChoiceLog::read(c.runDir, FrameChoiceLog::watchedFileName);
        QCOMPARE(int(lines.size()), 152);
        std::set<std::string> clips;
        for (const FrameChoice& pick : lines) {
            clips.insert(pick.clip);
            QCOMPARE(pick.step, int64_t(7));
            QVERIFY(pick.frame >= 0 && pick.frame < m_world.frames);
        }
        QCOMPARE(int(clips.size()), 152);
    }

    // Audio tagging: the head learns the labels of the training cache, the validation top-1 is
    // reported per epoch, and the encoder embeds into the joint space so stage 1 can start from it.
    void taggingLearnsTheLabelsAndStageOneStartsFromIt()
    {
        auto c = config("tagging");
        c.stage = TrainStage::Tag;
        c.epochs = 12;
        c.valCache = testCache().string();
        AudioTrainer trainer(c);
        std::vector<TrainMetrics> epochs;
        trainer.onMetrics = [&](const TrainMetrics& m) {
            if (m.kind == "epoch")
                epochs.push_back(m);
        };
        const auto result = trainer.run();
        QVERIFY(result.completed);
        QCOMPARE(int(epochs.size()), 12);
        const double first = epochs.front().validation.at("tagging/top1");
        const double last = epochs.back().validation.at("tagging/top1");
        qInfo("tagging: validation top-1 %.1f -> %.1f %%, loss %.3f -> %.3f", first, last, epochs.front().loss,
              epochs.back().loss);
        // 4 classes of distinct tones in 24 held-out clips: chance is 25 %.
        QVERIFY2(last >= 75.0, qPrintable(QString::number(last)));
        QVERIFY(epochs.back().loss < 0.5 * epochs.front().loss);
        QVERIFY(!epochs.back().validation.count("audio_to_image/R@1"));
        const auto classes = nlohmann::json::parse(std::ifstream(fs::path(c.runDir) / "tag-classes.json"));
        QCOMPARE(classes, nlohmann::json({"bell", "bird", "cow", "engine"}));
        const auto saved = TrainCheckpoint::load(*TrainCheckpoint::latest(c.runDir), torch::kCPU);
        QCOMPARE(saved.tensors.at("tag_head.weight").sizes(), (torch::IntArrayRef{4, m_world.dim}));

        auto stage1 = config("after-tagging", "nearest");
        stage1.initFrom = result.encoderDir.string();
        stage1.epochs = 2;
        QVERIFY(AudioTrainer(stage1).run().completed);
    }

    // frozen_audio_blocks keeps the tagged input side bit for bit while the rest of f trains; more
    // blocks than the encoder has is an Error naming init_from before any step.
    void stageOneKeepsTheFrozenBlocksOfItsStart()
    {
        const fs::path tagged = root() / "tagging" / "audio-encoder";
        QVERIFY2(fs::exists(tagged), "needs taggingLearnsTheLabelsAndStageOneStartsFromIt's run");
        auto c = config("frozen-after-tagging", "multiframe");
        c.initFrom = tagged.string();
        c.epochs = 2;
        c.frozenAudioBlocks = 2;  // the synthetic transformer has one layer
        test::expectErrorMentioning([&] { AudioTrainer(c).run(); }, {tagged.string(), "frozen_audio_blocks", "1 blocks"});
        QVERIFY(!TrainCheckpoint::latest(c.runDir));
        c.frozenAudioBlocks = 1;
        const auto result = AudioTrainer(c).run();
        QVERIFY(result.completed);
        const auto before = weights(tagged), after = weights(result.encoderDir);
        int kept = 0;
        for (const auto& [name, t] : after) {
            const bool trains = name.rfind("transformer.post_layernorm.", 0) == 0 || name == "transformer.projection.weight";
            QVERIFY2(torch::equal(before.at(name), t) != trains, name.c_str());
            kept += trains ? 0 : 1;
        }
        QVERIFY(kept > 4);
    }

    void taggingNeedsLabels()
    {
        const fs::path cache = root() / "unlabelled-cache";
        test::SyntheticWorld world = m_world;
        world.withLabels = false;
        world.writeCache(cache, 2, 3, "unlabelled");
        auto c = config("tagging-unlabelled");
        c.stage = TrainStage::Tag;
        c.trainCache = cache.string();
        try {
            AudioTrainer(c).run();
            QFAIL("tagging ran without labels");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find(cache.string()) != std::string::npos, e.what());
            QVERIFY2(std::string(e.what()).find("label") != std::string::npos, e.what());
        }
    }

    void resumeRefusesAChangedConfig()
    {
        auto c = config("changed");
        c.epochs = 2;
        std::atomic<bool> stop{true};
        JobHooks hooks;
        hooks.cancel = &stop;
        QVERIFY(AudioTrainer(c).run(hooks).cancelled);
        QVERIFY(TrainCheckpoint::latest(c.runDir).has_value());
        c.learningRate = 2e-2;
        try {
            AudioTrainer(c).run({}, true);
            QFAIL("a changed config was accepted");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("config") != std::string::npos, e.what());
        }
    }

    void divergingRunStopsAndKeepsACheckpoint()
    {
        auto c = config("nan");
        c.learningRate = 1e30;
        c.warmupFraction = 0;
        c.gradClipNorm = 0;
        c.checkpointEverySteps = 1;
        try {
            AudioTrainer(c).run();
            QFAIL("a diverging run finished");
        } catch (const Error& e) {
            const std::string what = e.what();
            qInfo("%s", e.what());
            QVERIFY2(what.find(c.runDir) != std::string::npos, e.what());
            QVERIFY2(what.find("NaN") != std::string::npos || what.find("infinite") != std::string::npos, e.what());
            const auto last = TrainCheckpoint::latest(c.runDir);
            if (last) {
                QVERIFY2(what.find(last->string()) != std::string::npos, e.what());
                const auto loaded = TrainCheckpoint::load(*last, torch::kCPU);
                for (const auto& p : loaded.encoder->parameters())
                    QVERIFY(torch::isfinite(p).all().item<bool>());
            } else {
                QVERIFY2(what.find("No checkpoint") != std::string::npos, e.what());
            }
        }
        QVERIFY(!fs::exists(fs::path(c.runDir) / "audio-encoder"));
    }

    void stageTwoLearnsTextToAudio_data()
    {
        QTest::addColumn<bool>("fromStageOne");
        QTest::addColumn<int>("unfrozen");
        QTest::newRow("from-stage-1") << true << 0;
        QTest::newRow("from-scratch") << false << 0;
        QTest::newRow("from-scratch-unfrozen-1") << false << 1;
    }
    void stageTwoLearnsTextToAudio()
    {
        QFETCH(bool, fromStageOne);
        QFETCH(int, unfrozen);
        auto c = config(std::string("stage2-") + QTest::currentDataTag());
        c.stage = TrainStage::Finetune;
        c.clipDir = (root() / "clip").string();
        c.textTowerTrainableBlocks = unfrozen;
        if (fromStageOne) {
            c.initFrom = (root() / "learn-random" / "audio-encoder").string();
            QVERIFY(fs::exists(c.initFrom));
        }
        const auto result = AudioTrainer(c).run();
        QVERIFY(result.completed);
        // The run says which stage 1 it continues, so nobody has to open the stage-1 run's config.
        const auto saved = TrainConfig::fromJsonFile(fs::path(c.runDir) / "config.json");
        QCOMPARE(saved.initFromMatching, std::string(fromStageOne ? "random" : ""));
        const auto report = evaluate(result.encoderDir, true);
        const auto& s = report.get("text_to_audio");
        qInfo("%s: text->audio R@1 %.1f R@5 %.1f meanR %.2f", QTest::currentDataTag(), s.recallAt1, s.recallAt5,
              s.meanRank);
        if (unfrozen == 0) {
            // 72 captions against 24 clips of 4 classes: chance R@5 21 %, mean rank 12.5.
            QVERIFY2(s.recallAt5 >= 45.0, qPrintable(QString::number(s.recallAt5)));
            QVERIFY2(s.meanRank < 8.0, qPrintable(QString::number(s.meanRank)));
        } else {
            QVERIFY(fs::exists(fs::path(c.runDir) / "clip" / "model.safetensors"));
        }
    }

    // The method end to end: when images and texts share one space (as in CLIP; here each class's
    // "image" is the tiny CLIP's text embedding of its name), stage 1 (audio-image) then stage 2
    // (audio-text) leaves retrieval well above chance in all four directions.
    void stageOneThenTwoAboveChanceInAllFourDirections()
    {
        test::SyntheticWorld aligned = m_world;
        {
            ClipTextEmbedder text(root() / "clip", torch::kCPU);
            std::vector<std::string> names;
            for (int k = 0; k < aligned.classes; ++k)
                names.push_back("the sound of a " + test::SyntheticWorld::className(k));
            const auto v = text.embed(names);
            aligned.fixedClassVectors = v / v.norm(2, 1, true);
        }
        aligned.frameNoise = 0.1;
        const fs::path dir = root() / "four-directions";
        aligned.writeCache(dir / "train", 12, 5, "train");
        aligned.numberedCaptions = true;  // else a test clip's captions tie with its whole class's (audio->text)
        aligned.writeCache(dir / "test", 6, 6, "test");
        auto c = config("four-directions/stage1");
        c.trainCache = (dir / "train").string();
        QVERIFY(AudioTrainer(c).run().completed);
        auto c2 = config("four-directions/stage2");
        c2.stage = TrainStage::Finetune;
        c2.trainCache = (dir / "train").string();
        c2.clipDir = (root() / "clip").string();
        c2.initFrom = (dir / "stage1" / "audio-encoder").string();
        const auto result = AudioTrainer(c2).run();
        QVERIFY(result.completed);

        auto encoder = loadAudioEncoder(result.encoderDir, torch::kCPU);
        const FrameCacheReader test(dir / "test");
        EvaluationEmbeddings e;
        e.audio = embedCachedAudio(encoder, test, torch::kCPU);
        e.images = middleFrameEmbeddings(test);
        ClipTextEmbedder text(root() / "clip", torch::kCPU);
        auto [texts, owner] = cacheCaptions(test);
        e.captions = text.embed(texts);
        e.captionClip = owner;
        const auto report = evaluateRetrieval(e);
        // Chance: R@5 about 21 % in every direction; mean rank 12.5 against 24 clips, and about 18.3
        // for audio->text (the first of a clip's 3 captions among 72).
        const std::map<std::string, double> chanceMeanRank{
            {"text_to_audio", 12.5}, {"audio_to_text", 18.3}, {"audio_to_image", 12.5}, {"image_to_audio", 12.5}};
        for (const auto& [direction, chance] : chanceMeanRank) {
            const auto& s = report.get(direction);
            qInfo("%s: R@1 %.1f R@5 %.1f meanR %.2f", direction.c_str(), s.recallAt1, s.recallAt5, s.meanRank);
            QVERIFY2(s.recallAt5 >= 45.0, direction.c_str());
            QVERIFY2(s.meanRank < 0.65 * chance, direction.c_str());
        }
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestAudioTrainer)
#include "tst_AudioTrainer.moc"

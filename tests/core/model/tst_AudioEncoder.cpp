// AudioEncoder and its config: JSON round trip and errors, the frame -> column mapping, both
// backbones behind one interface (shapes, segments), a short AdamW training run whose loss must
// drop, bit-exact save/load including BatchNorm statistics, with load errors naming the tensor, and
// the frozen blocks' features standing in for them.
#include <torch/torch.h>  // before Qt: Qt's `slots` macro breaks torch's headers

#include "base/Error.h"
#include "base/TorchTensors.h"
#include "model/AudioEncoder.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>

using namespace soundframe;

namespace {
AudioEncoderConfig tinyConfig(const std::string& architecture)
{
    AudioEncoderConfig c;
    c.architecture = architecture;
    c.logMel.nMels = 16;
    c.embedDim = 8;
    c.clipSeconds = 1.0;  // 101 frames
    c.cnn.channels = {8, 16};
    auto& t = c.transformer;
    t.patchMel = t.patchTime = t.strideMel = t.strideTime = 8;
    t.hiddenSize = 32;
    t.heads = 4;
    t.layers = 2;
    t.mlpSize = 64;
    t.maxTimePatches = 16;
    return c;
}

void writeText(const std::filesystem::path& path, const std::string& text)
{
    std::ofstream(path) << text;
}

// Expects `body` to throw an Error whose text contains every fragment.
template <typename Body>
bool throwsWith(Body body, std::initializer_list<std::string> fragments)
{
    try {
        body();
    } catch (const Error& e) {
        for (const auto& f : fragments)
            if (std::string(e.what()).find(f) == std::string::npos) {
                qWarning("error text lacks '%s': %s", f.c_str(), e.what());
                return false;
            }
        return true;
    }
    qWarning("no error");
    return false;
}

// Symmetric InfoNCE against fixed targets at temperature 0.1.
torch::Tensor contrastiveLoss(const torch::Tensor& audio, const torch::Tensor& targets)
{
    const auto a = torch::nn::functional::normalize(audio, torch::nn::functional::NormalizeFuncOptions().dim(1));
    const auto logits = a.matmul(targets.t()) / 0.1;
    const auto labels = torch::arange(audio.size(0));
    return 0.5 * (torch::nn::functional::cross_entropy(logits, labels)
                  + torch::nn::functional::cross_entropy(logits.t(), labels));
}
} // namespace

class TestAudioEncoder : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::filesystem::path path(const QString& name) const { return m_dir.filePath(name).toStdString(); }

    void trainSaveLoad(const std::string& architecture)
    {
        torch::manual_seed(5);
        auto config = tinyConfig(architecture);
        // Dropout on a 16-wide head turns a six-clip, twenty-step run into noise (measured: the
        // loss does not halve at PANNs' rates); the dropout path is checked in tst_CnnAudioEncoder.
        config.cnn.blockDropout = config.cnn.headDropout = 0.0;
        AudioEncoder f(config);
        f->train();
        const auto x = torch::randn({6, 16, 101});
        const auto targets = torch::nn::functional::normalize(
            torch::randn({6, 8}), torch::nn::functional::NormalizeFuncOptions().dim(1));
        torch::optim::AdamW opt(f->parameters(), torch::optim::AdamWOptions(3e-3).weight_decay(0.01));
        std::vector<double> losses;
        for (int step = 0; step < 20; ++step) {
            opt.zero_grad();
            auto loss = contrastiveLoss(f->forward(x), targets);
            loss.backward();
            opt.step();
            losses.push_back(loss.item<double>());
        }
        const double first = (losses[0] + losses[1] + losses[2]) / 3, last = (losses[17] + losses[18] + losses[19]) / 3;
        qInfo("%s: contrastive loss %.3f -> %.3f over 20 AdamW steps", architecture.c_str(), first, last);
        QVERIFY(last < 0.5 * first);

        f->eval();
        const auto dir = path(QString::fromStdString(architecture + "_model"));
        saveAudioEncoder(f, dir);
        QVERIFY(std::filesystem::exists(dir / "config.json"));
        auto g = loadAudioEncoder(dir, torch::kCPU);
        QVERIFY(!g->is_training());
        const auto a = f->namedTensors(), b = g->namedTensors();
        QCOMPARE(a.size(), b.size());
        for (size_t i = 0; i < a.size(); ++i) {
            QCOMPARE(a[i].first, b[i].first);
            QCOMPARE(a[i].second.scalar_type(), b[i].second.scalar_type());
            QVERIFY2(torch::equal(a[i].second, b[i].second), a[i].first.c_str());
        }
        torch::NoGradGuard noGrad;
        QVERIFY(torch::equal(f->forward(x), g->forward(x)));
        QVERIFY(torch::equal(f->forwardSegments(x, {{0, 50}, {50, 101}}), g->forwardSegments(x, {{0, 50}, {50, 101}})));
    }

private Q_SLOTS:
    void configJsonRoundTripAndOverrides()
    {
        auto c = tinyConfig("transformer");
        c.transformer.activation = "gelu";
        c.cnn.headDropout = 0.25;
        c.logMel.fMin = 20.5;
        writeAudioEncoderConfig(c, path("c.json"));
        const auto back = readAudioEncoderConfig(path("c.json"));
        QCOMPARE(audioEncoderConfigToJson(back), audioEncoderConfigToJson(c));
        QCOMPARE(back.transformer.activation, std::string("gelu"));
        QCOMPARE(back.logMel.fMin, 20.5);
        QCOMPARE(back.cnn.channels, (std::vector<int>{8, 16}));

        // A named config overrides only what it names.
        writeText(path("named.json"), R"({"architecture": "cnn", "cnn": {"variant": "cnn14"}, "log_mel": {"n_mels": 128}})");
        const auto named = readAudioEncoderConfig(path("named.json"));
        QCOMPARE(named.cnnChannels(), (std::vector<int>{64, 128, 256, 512, 1024, 2048}));
        QCOMPARE(named.logMel.nMels, 128);
        QCOMPARE(named.logMel.hopLength, LogMelOptions{}.hopLength);
        QCOMPARE(named.embedDim, AudioEncoderConfig{}.embedDim);
        QCOMPARE(named.framesFor(10.0), int64_t(1001));
    }

    void configErrorsNameFileAndField()
    {
        const auto file = path("bad.json").string();
        const auto check = [&](const std::string& text, std::initializer_list<std::string> fragments) {
            writeText(file, text);
            return throwsWith([&] { readAudioEncoderConfig(file); }, fragments);
        };
        QVERIFY(check(R"({"transformer": {"hiden_size": 4}})", {file, "transformer.hiden_size", "unknown"}));
        // Our own format is strict, unlike Hugging Face's: an unknown key anywhere is named, and null is no value.
        QVERIFY(check(R"({"embed_dims": 512})", {file, "unknown key 'embed_dims'"}));
        QVERIFY(check(R"({"log_mel": {"n_mel": 64}})", {file, "unknown key 'log_mel.n_mel'"}));
        QVERIFY(check(R"({"clip_seconds": null})", {file, "key 'clip_seconds' has the wrong type", "found null"}));
        QVERIFY(check(R"({"cnn": {"block_dropout": "0.2"}})", {file, "cnn.block_dropout", "expected a number"}));
        QVERIFY(check(R"({"embed_dim": "512"})", {file, "embed_dim", "integer"}));
        QVERIFY(check(R"({"cnn": {"channels": [64, "x"]}})", {file, "cnn.channels"}));
        QVERIFY(check(R"({"architecture": "rnn"})", {file, "architecture", "rnn"}));
        QVERIFY(check(R"({"architecture": "transformer", "transformer": {"heads": 5}})", {file, "transformer.heads"}));
        QVERIFY(check(R"({"architecture": "transformer", "transformer": {"max_time_patches": 10}})",
                      {file, "transformer.max_time_patches", "62 time patches"}));
        QVERIFY(check(R"({"log_mel": [1]})", {file, "log_mel", "object"}));
        QVERIFY(check(R"({"format_version": 9})", {file, "format_version"}));
        QVERIFY(check("{", {file, "malformed JSON"}));
        QVERIFY(throwsWith([&] { readAudioEncoderConfig(path("absent.json")); }, {"absent.json"}));
    }

    void frameRangesMapToColumns()
    {
        const FeatureTimeAxis cnn10{16, 16, 62};  // 1001 frames, four 2x2 poolings
        QCOMPARE(cnn10.columnsFor({0, 100}, 1001), (std::pair<int64_t, int64_t>{0, 6}));    // centres 8..88
        QCOMPARE(cnn10.columnsFor({100, 200}, 1001), (std::pair<int64_t, int64_t>{6, 12}));  // 104..184
        QCOMPARE(cnn10.columnsFor({990, 1001}, 1001), (std::pair<int64_t, int64_t>{61, 62}));  // nearest: 984
        QCOMPARE(cnn10.columnsFor({0, 1001}, 1001), (std::pair<int64_t, int64_t>{0, 62}));
        const FeatureTimeAxis overlapping{10, 16, 5};  // centres 8, 18, 28, 38, 48
        QCOMPARE(overlapping.columnsFor({10, 30}, 60), (std::pair<int64_t, int64_t>{1, 3}));
        QCOMPARE(overlapping.columnsFor({20, 21}, 60), (std::pair<int64_t, int64_t>{1, 2}));  // 20.5: nearest 18
        QVERIFY(throwsWith([&] { cnn10.columnsFor({5, 5}, 1001); }, {"empty"}));
        QVERIFY(throwsWith([&] { cnn10.columnsFor({-2, 5}, 1001); }, {"outside"}));
        QVERIFY(throwsWith([&] { cnn10.columnsFor({5, 1002}, 1001); }, {"outside"}));
    }

    void bothBackbonesBehindOneInterface()
    {
        torch::NoGradGuard noGrad;
        for (const std::string architecture : {"cnn", "transformer"}) {
            AudioEncoder f(tinyConfig(architecture));
            f->eval();
            QVERIFY(architecture == "cnn" ? !f->cnn().is_empty() && f->transformer().is_empty()
                                          : f->cnn().is_empty() && !f->transformer().is_empty());
            for (int64_t frames : {32, 77, 101, 128}) {
                const auto x = torch::randn({2, 16, frames});
                QCOMPARE(f->forward(x).sizes().vec(), (std::vector<int64_t>{2, 8}));
                const auto s = f->forwardSegments(x, {{0, frames / 3}, {frames / 3, frames}, {0, frames}});
                QCOMPARE(s.sizes().vec(), (std::vector<int64_t>{2, 3, 8}));
            }
            QVERIFY(throwsWith([&] { f->forwardSegments(torch::randn({2, 16, 50}), {{10, 10}}); }, {"empty"}));
        }
        auto bad = tinyConfig("cnn");
        bad.embedDim = 0;
        QVERIFY(throwsWith([&] { AudioEncoder g(bad); }, {"embed_dim"}));
    }

    void cnnTrainsAndRoundTripsBitExactly() { trainSaveLoad("cnn"); }
    void transformerTrainsAndRoundTripsBitExactly() { trainSaveLoad("transformer"); }

    void batchNormStatisticsAreSaved()
    {
        torch::manual_seed(6);
        AudioEncoder f(tinyConfig("cnn"));
        f->train();
        {
            torch::NoGradGuard noGrad;
            for (int i = 0; i < 3; ++i)
                f->forward(torch::randn({4, 16, 64}) * 2 + 3);
        }
        const auto dir = path("bn_model");
        saveAudioEncoder(f, dir);
        const auto stored = loadTorchTensors(dir / "model.safetensors");
        QCOMPARE(stored.at("cnn.bn0.num_batches_tracked").scalar_type(), torch::kInt64);
        QCOMPARE(stored.at("cnn.bn0.num_batches_tracked").item<int64_t>(), int64_t(3));
        QVERIFY(stored.at("cnn.conv_block2.bn2.running_var").ne(1).any().item<bool>());
        QVERIFY(torch::equal(stored.at("cnn.bn0.running_mean"), f->cnn()->named_buffers()["bn0.running_mean"]));
    }

    // A partial fine-tune: after AdamW steps in train mode over every parameter, the frozen input
    // side — weights and BatchNorm statistics — is bit-identical and every tensor after it moved.
    void frozenLeadingBlocksStayAsTheyWere()
    {
        const std::map<std::string, std::vector<std::string>> frozenPrefixes{
            {"cnn", {"cnn.bn0.", "cnn.conv_block1."}},
            {"transformer", {"transformer.patch_embedding.", "transformer.class_embedding",
                             "transformer.position_embedding", "transformer.pre_layernorm.", "transformer.layers.0."}}};
        for (const auto& [architecture, prefixes] : frozenPrefixes) {
            torch::manual_seed(7);
            AudioEncoder f(tinyConfig(architecture));
            QCOMPARE(f->blockCount(), 2);
            QVERIFY(throwsWith([&] { f->freezeLeadingBlocks(3); }, {"3", "2"}));
            QVERIFY(throwsWith([&] { f->freezeLeadingBlocks(-1); }, {"-1"}));
            f->freezeLeadingBlocks(1);
            f->train();
            std::map<std::string, torch::Tensor> before;
            for (const auto& [name, t] : f->namedTensors())
                before[name] = t.clone();
            torch::optim::AdamW opt(f->parameters(), torch::optim::AdamWOptions(1e-2));
            const auto targets = torch::nn::functional::normalize(
                torch::randn({4, 8}), torch::nn::functional::NormalizeFuncOptions().dim(1));
            for (int step = 0; step < 3; ++step) {
                opt.zero_grad();
                contrastiveLoss(f->forward(torch::randn({4, 16, 101}) * 2 + 1), targets).backward();
                opt.step();
            }
            int frozen = 0, moved = 0;
            for (const auto& [name, t] : f->namedTensors()) {
                const bool isFrozen = std::any_of(prefixes.begin(), prefixes.end(),
                                                  [&](const std::string& p) { return name.rfind(p, 0) == 0; });
                const bool same = torch::equal(before.at(name), t);
                QVERIFY2(same == isFrozen, (architecture + ": " + name + (isFrozen ? " changed" : " did not change")).c_str());
                (isFrozen ? frozen : moved) += 1;
            }
            QVERIFY(frozen > 0 && moved > 0);
            f->freezeLeadingBlocks(2);  // the whole backbone: only the head learns
            const std::set<std::string> head{"cnn.fc1.weight", "cnn.fc1.bias", "cnn.projection.weight",
                                             "transformer.post_layernorm.weight", "transformer.post_layernorm.bias",
                                             "transformer.projection.weight"};
            for (const auto& item : f->named_parameters())
                QVERIFY2(item.value().requires_grad() == (head.count(item.key()) == 1), item.key().c_str());
        }
    }

    // frozenFeatures() stands in for the frozen blocks: forward and forwardSegments given it equal
    // them without it, bit for bit, in train mode (the same dropout draws) and in eval mode, with the
    // same gradients; it carries none itself. Without frozen blocks, or for another batch, an Error.
    void frozenFeaturesStandInForTheFrozenBlocks()
    {
        for (const std::string architecture : {"cnn", "transformer"}) {
            torch::manual_seed(11);
            AudioEncoder f(tinyConfig(architecture));
            const auto logmel = torch::randn({3, 16, 101}) * 2 + 1;
            QVERIFY(throwsWith([&] { f->frozenFeatures(logmel); }, {"no frozen"}));
            QVERIFY(throwsWith([&] { f->forward(logmel, torch::zeros({3, 1})); }, {"frozen features", "0 frozen"}));
            f->freezeLeadingBlocks(1);
            QCOMPARE(f->frozenBlocks(), 1);
            const auto frozen = f->frozenFeatures(logmel);
            QVERIFY(!frozen.requires_grad());
            QVERIFY(throwsWith([&] { f->forward(logmel.narrow(0, 0, 2), frozen); }, {"batch of 2"}));
            const std::vector<std::pair<int64_t, int64_t>> ranges{{0, 48}, {48, 101}};
            for (const bool training : {true, false}) {
                f->train(training);
                torch::manual_seed(5);
                const auto whole = f->forward(logmel);
                f->zero_grad();
                whole.sum().backward();
                std::vector<torch::Tensor> wholeGrads;
                for (const auto& p : f->parameters())
                    if (p.requires_grad())
                        wholeGrads.push_back(p.grad().clone());
                torch::manual_seed(5);
                const auto skipped = f->forward(logmel, frozen);
                f->zero_grad();
                skipped.sum().backward();
                QVERIFY2(torch::equal(whole, skipped), architecture.c_str());
                size_t i = 0;
                for (const auto& p : f->parameters())
                    if (p.requires_grad())
                        QVERIFY2(torch::equal(p.grad(), wholeGrads[i++]), architecture.c_str());
                torch::manual_seed(6);
                const auto segments = f->forwardSegments(logmel, ranges);
                torch::manual_seed(6);
                QVERIFY2(torch::equal(segments, f->forwardSegments(logmel, ranges, frozen)), architecture.c_str());
            }
        }
    }

    void loadErrorsNameFileAndTensor()
    {
        AudioEncoder f(tinyConfig("cnn"));
        const auto dir = path("broken_model");
        saveAudioEncoder(f, dir);
        auto tensors = f->namedTensors();
        const auto weights = (dir / "model.safetensors").string();

        auto missing = tensors;
        missing.erase(missing.begin() + 3);
        saveTorchTensors(weights, missing);
        QVERIFY(throwsWith([&] { loadAudioEncoder(dir, torch::kCPU); }, {weights, "missing", tensors[3].first}));

        auto misshaped = tensors;
        misshaped[1].second = torch::zeros({2, 2});
        saveTorchTensors(weights, misshaped);
        QVERIFY(throwsWith([&] { loadAudioEncoder(dir, torch::kCPU); }, {weights, tensors[1].first, "[2, 2]"}));

        auto extra = tensors;
        extra.emplace_back("cnn.fc9.weight", torch::zeros({1}));
        saveTorchTensors(weights, extra);
        QVERIFY(throwsWith([&] { loadAudioEncoder(dir, torch::kCPU); }, {weights, "unexpected", "cnn.fc9.weight"}));

        std::filesystem::remove(dir / "config.json");
        QVERIFY(throwsWith([&] { loadAudioEncoder(dir, torch::kCPU); }, {"config.json"}));
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestAudioEncoder)
#include "tst_AudioEncoder.moc"

// SpectrogramTransformerEncoder: shapes for several clip lengths, segment pooling against averaging
// the patch tokens by hand, the forward pass against a python3-torch implementation built on
// torch.nn.MultiheadAttention, and initialisation from a Hugging Face-named CLIP vision state dict
// (copied layers; kernels and position grids against torch.nn.functional.interpolate; errors).
#include <torch/torch.h>  // before Qt: Qt's `slots` macro breaks torch's headers

#include "TestSupport.h"
#include "base/Error.h"
#include "base/TorchTensors.h"
#include "model/SpectrogramTransformerEncoder.h"

#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

using namespace soundframe;

namespace {
AudioEncoderConfig smallTransformerConfig()
{
    AudioEncoderConfig c;
    c.architecture = "transformer";
    c.logMel.nMels = 16;
    c.embedDim = 12;
    c.clipSeconds = 1.0;
    auto& t = c.transformer;
    t.patchMel = 8;
    t.patchTime = 8;
    t.strideMel = 8;
    t.strideTime = 6;  // overlapping patches in time
    t.hiddenSize = 32;
    t.heads = 4;
    t.layers = 2;
    t.mlpSize = 64;
    t.maxTimePatches = 20;
    return c;
}

torch::Tensor param(SpectrogramTransformerEncoder& f, const std::string& name)
{
    return f->named_parameters()[name];
}

// Runs `body`, expecting an Error whose where() or message contains `fragment`.
template <typename Body>
bool throwsNaming(Body body, const std::string& fragment)
{
    try {
        body();
    } catch (const Error& e) {
        if (std::string(e.what()).find(fragment) != std::string::npos)
            return true;
        qWarning("unexpected error text: %s", e.what());
        return false;
    }
    qWarning("no error (expected one naming %s)", fragment.c_str());
    return false;
}
} // namespace

class TestSpectrogramTransformerEncoder : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString path(const QString& name) const { return m_dir.filePath(name); }

    void compareWithPython(const AudioEncoderConfig& c)
    {
        SpectrogramTransformerEncoder f(c);
        f->eval();
        torch::NoGradGuard noGrad;
        {  // non-trivial LayerNorm parameters and biases so every term is exercised
            for (auto& item : f->named_parameters())
                if (item.value().dim() == 1)
                    item.value().normal_(item.key().find("weight") != std::string::npos ? 1.0 : 0.0, 0.3);
            param(f, "position_embedding").normal_(0.0, 1.0);  // token order must matter
        }
        const auto x = torch::randn({3, 16, 83}) * 2;
        std::vector<std::pair<std::string, torch::Tensor>> state;
        for (const auto& item : f->named_parameters())
            state.emplace_back(item.key(), item.value());
        saveTorchTensors(path("ast.safetensors").toStdString(), state);
        saveTorchTensors(path("ast_in.safetensors").toStdString(), {{"logmel", x}});
        const auto& t = c.transformer;
        const auto r = test::runPythonScript("audio_encoder_reference.py",
            {"ast", path("ast.safetensors"), path("ast_in.safetensors"), path("ast_out.safetensors"),
             QString::number(t.heads), QString::number(t.strideMel), QString::number(t.strideTime),
             QString::number(t.maxTimePatches), QString::number(t.layerNormEps),
             QString::fromStdString(t.activation), QString::fromStdString(t.pooling)});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        const auto want = loadTorchTensors(path("ast_out.safetensors").toStdString()).at("embedding");
        const auto got = f->forward(x);
        QCOMPARE(got.sizes(), want.sizes());
        const double diff = (got - want).abs().max().item<double>();
        qInfo("%s / %s vs python: max |diff| %.3g (output scale %.3g)", t.activation.c_str(), t.pooling.c_str(),
              diff, want.abs().max().item<double>());
        QVERIFY(diff < 1e-4);
    }

    std::map<std::string, torch::Tensor> makeClipState(const AudioEncoderConfig& c, const QString& stem)
    {
        SpectrogramTransformerEncoder f(c);
        const auto r = test::runPythonScript("audio_encoder_reference.py",
            {"clip-init", path(stem + ".safetensors"), path(stem + "_expected.safetensors"), "32", "64", "2", "4", "4",
             QString::number(f->melPatches()), QString::number(c.transformer.maxTimePatches),
             QString::number(c.transformer.patchMel), QString::number(c.transformer.patchTime), "12"});
        if (r.exitCode != 0)
            qWarning("%s", qPrintable(r.stderrText));
        return loadTorchTensors(path(stem + ".safetensors").toStdString());
    }

private Q_SLOTS:
    void initTestCase() { torch::manual_seed(2); }

    void shapesForSeveralLengths()
    {
        SpectrogramTransformerEncoder f(smallTransformerConfig());
        f->eval();
        QCOMPARE(f->melPatches(), int64_t(2));
        for (int64_t frames : {8, 50, 101, 127}) {
            const auto x = torch::randn({2, 16, frames});
            const int64_t columns = (frames - 8) / 6 + 1;
            QCOMPARE(f->timeAxis(frames).columns, columns);
            QCOMPARE(f->encode(x).sizes().vec(), (std::vector<int64_t>{2, 1 + 2 * columns, 32}));
            QCOMPARE(f->forward(x).sizes().vec(), (std::vector<int64_t>{2, 12}));
            QCOMPARE(f->forwardSegments(x, {{0, frames}, {0, 1}, {frames - 1, frames}}).sizes().vec(),
                     (std::vector<int64_t>{2, 3, 12}));
        }
        QVERIFY(throwsNaming([&] { f->forward(torch::randn({2, 16, 7})); }, "at least 8 frames"));
        QVERIFY(throwsNaming([&] { f->forward(torch::randn({2, 16, 133})); }, "max_time_patches"));  // 21 columns
        QVERIFY(throwsNaming([&] { f->forward(torch::randn({2, 15, 50})); }, "expected log-mel"));
    }

    void segmentsEqualAveragingTokensByHand()
    {
        for (const char* pooling : {"cls", "mean"}) {
            auto c = smallTransformerConfig();
            c.transformer.pooling = pooling;
            SpectrogramTransformerEncoder f(c);
            f->eval();
            torch::NoGradGuard noGrad;
            const int64_t frames = 101;  // 16 columns, column j covers [6j, 6j + 8), centre 6j + 4
            const auto x = torch::randn({2, 16, frames});
            const std::vector<std::pair<int64_t, int64_t>> ranges{{0, 25}, {25, 50}, {50, 51}, {90, 101}, {0, 101}};
            const auto segments = f->forwardSegments(x, ranges);
            const auto tokens = f->encode(x);  // [2, 1 + 2 * 16, 32], mel row major
            QCOMPARE(tokens.size(1), int64_t(33));
            for (size_t l = 0; l < ranges.size(); ++l) {
                std::vector<int64_t> rows;
                for (int64_t j = 0; j < 16; ++j)
                    if (ranges[l].first <= 6 * j + 4 && 6 * j + 4 < ranges[l].second)
                        for (int64_t melRow = 0; melRow < 2; ++melRow)
                            rows.push_back(1 + melRow * 16 + j);
                if (rows.empty()) {  // [50, 51): nearest centre is column 8 (52)
                    QCOMPARE(l, size_t(2));
                    rows = {1 + 8, 1 + 16 + 8};
                }
                const auto want = f->head(tokens.index_select(1, torch::tensor(rows)).mean(1));
                QVERIFY2(torch::allclose(segments.select(1, int64_t(l)), want, 1e-5, 1e-6), qPrintable(QString::number(l)));
            }
            const auto clip = f->forward(x);
            if (std::string(pooling) == "mean")
                QVERIFY(torch::allclose(segments.select(1, 4), clip, 1e-5, 1e-6));
            else
                QVERIFY(torch::allclose(clip, f->head(tokens.select(1, 0))));
            QVERIFY(throwsNaming([&] { f->forwardSegments(x, {{5, 5}}); }, "empty"));
            QVERIFY(throwsNaming([&] { f->forwardSegments(x, {{90, 102}}); }, "outside"));
        }
    }

    void matchesPythonReference()
    {
        auto c = smallTransformerConfig();
        compareWithPython(c);
        c.transformer.activation = "gelu";
        c.transformer.pooling = "mean";
        compareWithPython(c);
    }

    void initFromClipVisionCopiesLayersAndInterpolates()
    {
        const auto c = smallTransformerConfig();  // 8x8 patches: the CLIP 4x4 kernels are resized
        const auto state = makeClipState(c, "clip");
        QVERIFY(!state.empty());
        const auto expected = loadTorchTensors(path("clip_expected.safetensors").toStdString());
        SpectrogramTransformerEncoder f(c);
        f->initFromClipVision(state, 4);

        int copied = 0;
        for (int layer = 0; layer < 2; ++layer)
            for (const auto& item : f->named_parameters()) {
                const std::string prefix = "layers." + std::to_string(layer) + ".";
                if (item.key().rfind(prefix, 0) != 0)
                    continue;
                const auto hf = "vision_model.encoder.layers." + std::to_string(layer) + "."
                                + item.key().substr(prefix.size());
                QVERIFY2(torch::equal(item.value(), state.at(hf)), hf.c_str());
                ++copied;
            }
        QCOMPARE(copied, 2 * 16);  // q, k, v, out (w + b), two LayerNorms, fc1, fc2
        QVERIFY(torch::equal(param(f, "class_embedding"), state.at("vision_model.embeddings.class_embedding")));
        QVERIFY(torch::equal(param(f, "pre_layernorm.weight"), state.at("vision_model.pre_layrnorm.weight")));
        QVERIFY(torch::equal(param(f, "post_layernorm.bias"), state.at("vision_model.post_layernorm.bias")));
        QVERIFY(torch::equal(param(f, "projection.weight"), state.at("visual_projection.weight")));

        const auto pos = param(f, "position_embedding");
        QCOMPARE(pos.sizes().vec(), (std::vector<int64_t>{1 + 2 * 20, 32}));
        QVERIFY(torch::allclose(pos, expected.at("position_embedding"), 1e-5, 1e-6));
        QVERIFY(torch::equal(pos[0], state.at("vision_model.embeddings.position_embedding.weight")[0]));
        const auto kernel = param(f, "patch_embedding.weight");
        QCOMPARE(kernel.sizes().vec(), (std::vector<int64_t>{32, 1, 8, 8}));
        QVERIFY(torch::allclose(kernel, expected.at("patch_embedding.weight"), 1e-5, 1e-6));

        // Same patch size: no resizing; "mean" averages the RGB kernels.
        auto same = c;
        same.transformer.patchMel = same.transformer.patchTime = same.transformer.strideMel = 4;
        same.transformer.clipPatchReduce = "mean";
        SpectrogramTransformerEncoder g(same);
        g->initFromClipVision(state);
        QVERIFY(torch::allclose(param(g, "patch_embedding.weight"),
                                state.at("vision_model.embeddings.patch_embedding.weight").mean(1, true)));
        QCOMPARE(param(g, "position_embedding").size(0), int64_t(1 + 4 * 20));
        torch::NoGradGuard noGrad;
        QVERIFY(torch::isfinite(g->forward(torch::randn({1, 16, 40}))).all().item<bool>());
    }

    void initFromClipVisionRejectsMismatches()
    {
        const auto state = makeClipState(smallTransformerConfig(), "clip2");
        QVERIFY(!state.empty());
        auto wide = smallTransformerConfig();
        wide.transformer.hiddenSize = 48;
        SpectrogramTransformerEncoder a(wide);
        QVERIFY(throwsNaming([&] { a->initFromClipVision(state); }, "vision_model.embeddings.class_embedding"));

        auto mlp = smallTransformerConfig();
        mlp.transformer.mlpSize = 128;
        SpectrogramTransformerEncoder b(mlp);
        QVERIFY(throwsNaming([&] { b->initFromClipVision(state); }, "vision_model.encoder.layers.0.mlp.fc1"));

        auto deep = smallTransformerConfig();
        deep.transformer.layers = 3;
        SpectrogramTransformerEncoder d(deep);
        QVERIFY(throwsNaming([&] { d->initFromClipVision(state); }, "CLIP has 2 layers"));

        auto proj = smallTransformerConfig();
        proj.embedDim = 16;
        SpectrogramTransformerEncoder p(proj);
        QVERIFY(throwsNaming([&] { p->initFromClipVision(state); }, "visual_projection.weight"));

        SpectrogramTransformerEncoder f(smallTransformerConfig());
        QVERIFY(throwsNaming([&] { f->initFromClipVision(state, 8); }, "heads"));
        auto partial = state;
        partial.erase("vision_model.encoder.layers.1.self_attn.v_proj.bias");
        const auto before = param(f, "layers.0.self_attn.q_proj.weight").clone();
        QVERIFY(throwsNaming([&] { f->initFromClipVision(partial); },
                             "vision_model.encoder.layers.1.self_attn.v_proj.bias"));
        QVERIFY(torch::equal(param(f, "layers.0.self_attn.q_proj.weight"), before));  // untouched on error
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestSpectrogramTransformerEncoder)
#include "tst_SpectrogramTransformerEncoder.moc"

// CnnAudioEncoder: shapes for several clip lengths, segment pooling against slicing the time-resolved
// features by hand, the forward pass against an independent python3-torch PANNs implementation, and
// the parameter counts of CNN10 / CNN14 against the same architecture built in Python.
#include <torch/torch.h>  // before Qt: Qt's `slots` macro breaks torch's headers

#include "TestSupport.h"
#include "base/Error.h"
#include "base/TorchTensors.h"
#include "model/CnnAudioEncoder.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

using namespace soundframe;

namespace {
AudioEncoderConfig smallCnnConfig()
{
    AudioEncoderConfig c;
    c.cnn.channels = {8, 16, 32};
    c.logMel.nMels = 32;
    c.embedDim = 12;
    return c;
}

int64_t parameterCount(torch::nn::Module& m)
{
    int64_t n = 0;
    for (const auto& p : m.parameters())
        n += p.numel();
    return n;
}

// Puts non-trivial statistics into every BatchNorm so eval mode does real work.
void warmBatchNorm(CnnAudioEncoder& f, int64_t mels)
{
    torch::NoGradGuard noGrad;
    f->train();
    for (int i = 0; i < 3; ++i)
        f->forward(torch::randn({4, mels, 64}) * 3 + 1);
    f->eval();
}
} // namespace

class TestCnnAudioEncoder : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase() { torch::manual_seed(1); }

    void shapesForSeveralLengths()
    {
        CnnAudioEncoder f(smallCnnConfig());
        f->eval();
        for (int64_t frames : {8, 37, 101, 400}) {
            const auto x = torch::randn({3, 32, frames});
            QCOMPARE(f->forward(x).sizes().vec(), (std::vector<int64_t>{3, 12}));
            QCOMPARE(f->timeFeatures(x).sizes().vec(), (std::vector<int64_t>{3, 32, frames / 8}));
            QCOMPARE(f->timeAxis(frames).columns, frames / 8);
            QCOMPARE(f->forwardSegments(x, {{0, frames / 2}, {frames / 2, frames}}).sizes().vec(),
                     (std::vector<int64_t>{3, 2, 12}));
        }
        QVERIFY_THROWS_EXCEPTION(Error, f->forward(torch::randn({3, 32, 7})));   // fewer frames than 2^3
        QVERIFY_THROWS_EXCEPTION(Error, f->forward(torch::randn({3, 31, 50})));  // wrong mel count
        QVERIFY_THROWS_EXCEPTION(Error, f->forward(torch::randn({32, 50})));
    }

    void dropoutOnlyInTraining()
    {
        CnnAudioEncoder f(smallCnnConfig());
        torch::NoGradGuard noGrad;
        const auto x = torch::randn({2, 32, 64});
        f->eval();
        QVERIFY(torch::equal(f->forward(x), f->forward(x)));
        f->train();
        QVERIFY(!torch::equal(f->forward(x), f->forward(x)));
        auto quiet = smallCnnConfig();
        quiet.cnn.blockDropout = quiet.cnn.headDropout = 0.0;
        CnnAudioEncoder g(quiet);
        g->train();  // BatchNorm uses batch statistics either way: only dropout can differ
        QVERIFY(torch::equal(g->forward(x), g->forward(x)));
    }

    void segmentsEqualPoolingTheFeaturesByHand()
    {
        CnnAudioEncoder f(smallCnnConfig());
        warmBatchNorm(f, 32);
        torch::NoGradGuard noGrad;
        const int64_t frames = 203;  // 25 columns of 8 frames; the last 3 frames belong to none
        const auto x = torch::randn({2, 32, frames});
        const std::vector<std::pair<int64_t, int64_t>> ranges{{0, 40}, {40, 100}, {13, 14}, {150, 203}, {0, 203}};
        const auto segments = f->forwardSegments(x, ranges);
        QCOMPARE(segments.sizes().vec(), (std::vector<int64_t>{2, 5, 12}));

        const auto features = f->timeFeatures(x);  // [2, 32, 25]
        QCOMPARE(features.size(2), int64_t(25));
        // Column j covers frames [8j, 8j + 8); a range owns the columns whose centre 8j + 4 it holds.
        const std::vector<std::vector<int64_t>> expectedColumns{
            {0, 1, 2, 3, 4}, {5, 6, 7, 8, 9, 10, 11}, {1}, {19, 20, 21, 22, 23, 24}, {}};
        for (size_t l = 0; l < ranges.size(); ++l) {
            std::vector<int64_t> cols;
            for (int64_t j = 0; j < 25; ++j)
                if (ranges[l].first <= 8 * j + 4 && 8 * j + 4 < ranges[l].second)
                    cols.push_back(j);
            if (cols.empty())  // [13, 14) holds no centre: the nearest column (centre 12) stands in
                cols.push_back(1);
            if (!expectedColumns[l].empty())
                QCOMPARE(cols, expectedColumns[l]);
            const auto slice = features.index_select(2, torch::tensor(cols));
            const auto pooled = std::get<0>(slice.max(2)) + slice.sum(2) / double(cols.size());
            const auto want = f->head(pooled);
            QVERIFY2(torch::allclose(segments.select(1, int64_t(l)), want, 1e-5, 1e-6), qPrintable(QString::number(l)));
        }
        // The whole clip as one segment is forward() itself.
        QVERIFY(torch::allclose(segments.select(1, 4), f->forward(x), 1e-5, 1e-6));

        QVERIFY_THROWS_EXCEPTION(Error, f->forwardSegments(x, {{10, 10}}));
        QVERIFY_THROWS_EXCEPTION(Error, f->forwardSegments(x, {{20, 10}}));
        QVERIFY_THROWS_EXCEPTION(Error, f->forwardSegments(x, {{-1, 10}}));
        QVERIFY_THROWS_EXCEPTION(Error, f->forwardSegments(x, {{100, 204}}));
        QVERIFY_THROWS_EXCEPTION(Error, f->forwardSegments(x, {}));
    }

    void cnn10MatchesIndependentPythonImplementation()
    {
        AudioEncoderConfig c;  // CNN10 at its default width: 64 mels, 512-d projection
        CnnAudioEncoder f(c);
        warmBatchNorm(f, 64);
        torch::NoGradGuard noGrad;
        const auto x = torch::randn({2, 64, 203}) * 2;
        std::vector<std::pair<std::string, torch::Tensor>> state;
        for (const auto& item : f->named_parameters())
            state.emplace_back(item.key(), item.value());
        for (const auto& item : f->named_buffers())
            state.emplace_back(item.key(), item.value());
        const auto dir = m_dir.path().toStdString();
        saveTorchTensors(dir + "/cnn10.safetensors", state);
        saveTorchTensors(dir + "/input.safetensors", {{"logmel", x}});
        const auto r = test::runPythonScript("audio_encoder_reference.py",
            {"cnn", m_dir.filePath("cnn10.safetensors"), m_dir.filePath("input.safetensors"), m_dir.filePath("out.safetensors")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        const auto want = loadTorchTensors(dir + "/out.safetensors").at("embedding");
        const auto got = f->forward(x);
        const double diff = (got - want).abs().max().item<double>();
        qInfo("CNN10 vs python: max |diff| %.3g (output scale %.3g)", diff, want.abs().max().item<double>());
        QVERIFY(diff < 1e-4);
    }

    void parameterCountsMatchTheArchitecture()
    {
        const auto r = test::runPythonScript("audio_encoder_reference.py", {"cnn-count"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        const auto counts = QJsonDocument::fromJson(r.stdoutBytes).object();
        AudioEncoderConfig c;
        CnnAudioEncoder cnn10(c);
        QCOMPARE(parameterCount(*cnn10), int64_t(counts["cnn10"].toDouble()));
        // PANNs' own CNN10 (527-class head instead of our 512-d projection without bias) is the
        // paper's 5.2 M; the Python count of it must agree with ours swapped head for head.
        QCOMPARE(int64_t(counts["cnn10_panns"].toDouble()), int64_t(5219279));
        QCOMPARE(parameterCount(*cnn10) - 512 * 512 + 512 * 527 + 527, int64_t(5219279));
        c.cnn.variant = "cnn14";
        CnnAudioEncoder cnn14(c);
        QCOMPARE(parameterCount(*cnn14), int64_t(counts["cnn14"].toDouble()));
        QCOMPARE(parameterCount(*cnn14) - 2048 * 512 + 2048 * 527 + 527, int64_t(counts["cnn14_panns"].toDouble()));
        qInfo("parameters: CNN10 %lld, CNN14 %lld (PANNs with 527-class head: %lld, %lld)",
              (long long)parameterCount(*cnn10), (long long)parameterCount(*cnn14),
              (long long)counts["cnn10_panns"].toDouble(), (long long)counts["cnn14_panns"].toDouble());
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestCnnAudioEncoder)
#include "tst_CnnAudioEncoder.moc"

// A clip's image in audio<->image retrieval (middle, mean, best frame): audioImageSimilarity against
// a naive per-pair loop, and the three scorings telling apart a clip whose source shows off-centre.
#include <torch/torch.h>  // before Qt: Qt's `slots` macro breaks torch's JIT headers

#include "base/Error.h"
#include "eval/ClipImage.h"
#include "eval/RetrievalEvaluation.h"

#include <QtTest>

#include "TestRegistry.h"

#include <cmath>

using namespace soundframe;

namespace {
double cosine(const torch::Tensor& a, const torch::Tensor& b)
{
    const auto x = a.to(torch::kFloat64), y = b.to(torch::kFloat64);
    return (x * y).sum().item<double>() / std::sqrt((x * x).sum().item<double>() * (y * y).sum().item<double>());
}
} // namespace

class TestClipImage : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void namesRoundTrip()
    {
        for (const auto image : {ClipImage::Middle, ClipImage::Mean, ClipImage::Best})
            QCOMPARE(parseClipImage(clipImageName(image)), std::optional<ClipImage>(image));
        QCOMPARE(clipImageName(ClipImage::Mean), std::string("mean"));
        QVERIFY(!parseClipImage("Middle").has_value());
        QVERIFY(!parseClipImage("").has_value());
    }

    void similarityEqualsNaiveLoop()
    {
        torch::manual_seed(3);
        const int64_t clips = 7, frames = 5, dim = 6;
        EvaluationEmbeddings e;
        e.audio = torch::randn({clips, dim});
        for (int64_t j = 0; j < clips; ++j)
            e.clipFrames.push_back(torch::randn({frames, dim}) * (j + 1));  // scale must not matter
        e.images = torch::stack(std::vector<torch::Tensor>{e.clipFrames.begin(), e.clipFrames.end()}).select(1, frames / 2);
        for (const auto image : {ClipImage::Middle, ClipImage::Mean, ClipImage::Best}) {
            e.imageScoring = image;
            const auto sim = audioImageSimilarity(e);
            QCOMPARE(sim.sizes(), (torch::IntArrayRef{clips, clips}));
            for (int64_t i = 0; i < clips; ++i)
                for (int64_t j = 0; j < clips; ++j) {
                    double expected = 0;
                    if (image == ClipImage::Middle) {
                        expected = cosine(e.audio[i], e.clipFrames[size_t(j)][frames / 2]);
                    } else if (image == ClipImage::Mean) {
                        auto mean = torch::zeros({dim}, torch::kFloat64);
                        for (int64_t l = 0; l < frames; ++l) {
                            const auto f = e.clipFrames[size_t(j)][l].to(torch::kFloat64);
                            mean += f / f.norm();
                        }
                        expected = cosine(e.audio[i], mean / double(frames));
                    } else {
                        expected = -2;
                        for (int64_t l = 0; l < frames; ++l)
                            expected = std::max(expected, cosine(e.audio[i], e.clipFrames[size_t(j)][l]));
                    }
                    QVERIFY2(std::abs(sim[i][j].item<double>() - expected) < 1e-5,
                             qPrintable(QString("%1 %2 %3").arg(clipImageName(image).c_str()).arg(i).arg(j)));
                }
        }
    }

    // Each clip's source is on screen on its first frame only; the middle frame is noise. Middle cannot
    // find the clips, mean and best can; the report names the directions under any scoring.
    void offCentreSourceIsFoundByMeanAndBest()
    {
        torch::manual_seed(5);
        // 256 dimensions: unrelated frames are nearly orthogonal to every source, so a clip's frame mean
        // keeps a clear share of its own source.
        const int64_t clips = 12, frames = 5, dim = 256;
        const auto sources = torch::randn({clips, dim});
        EvaluationEmbeddings e;
        e.audio = sources + 0.1 * torch::randn({clips, dim});
        for (int64_t j = 0; j < clips; ++j) {
            auto f = 0.3 * torch::randn({frames, dim});
            f[0] += sources[j];
            e.clipFrames.push_back(f);
        }
        e.images = torch::stack(std::vector<torch::Tensor>{e.clipFrames.begin(), e.clipFrames.end()}).select(1, frames / 2);
        std::map<ClipImage, double> recallAt1;
        for (const auto image : {ClipImage::Middle, ClipImage::Mean, ClipImage::Best}) {
            e.imageScoring = image;
            const auto report = evaluateRetrieval(e);
            QVERIFY(report.has("audio_to_image") && report.has("image_to_audio"));
            recallAt1[image] = report.get("audio_to_image").recallAt1;
        }
        qInfo("A->I R@1: middle %.1f, mean %.1f, best %.1f", recallAt1[ClipImage::Middle], recallAt1[ClipImage::Mean],
              recallAt1[ClipImage::Best]);
        QVERIFY(recallAt1[ClipImage::Middle] < 50.0);
        QCOMPARE(recallAt1[ClipImage::Mean], 100.0);
        QCOMPARE(recallAt1[ClipImage::Best], 100.0);
    }

    void missingFramesLeaveTheDirectionsOut()
    {
        EvaluationEmbeddings e;
        e.audio = torch::randn({3, 4});
        e.images = torch::randn({3, 4});
        e.imageScoring = ClipImage::Best;  // needs clipFrames, which are absent
        QVERIFY(!evaluateRetrieval(e).has("audio_to_image"));
        e.clipFrames = {torch::randn({2, 4}), torch::randn({2, 4})};  // one clip short
        QVERIFY_THROWS_EXCEPTION(Error, evaluateRetrieval(e));
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestClipImage)
#include "tst_ClipImage.moc"

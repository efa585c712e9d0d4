// InfoNceLoss against a naive double-precision oracle written from the formula in docs/method.md.
#include <torch/torch.h>  // before Qt: Qt's `slots` macro breaks torch's JIT headers

#include "base/Error.h"
#include "train/InfoNceLoss.h"

#include <QtTest>

#include "TestRegistry.h"

#include <cmath>

using namespace soundframe;

namespace {
// L = 1/(2N) sum_k [-log softmax_j(s_.k)[k] - log softmax_j(s_k.)[k]], masked pairs left out.
double naiveLoss(const torch::Tensor& xIn, const torch::Tensor& yIn, double scale, const std::vector<int>& group)
{
    const auto x = torch::nn::functional::normalize(xIn.to(torch::kFloat64),
                                                    torch::nn::functional::NormalizeFuncOptions().dim(1));
    const auto y = torch::nn::functional::normalize(yIn.to(torch::kFloat64),
                                                    torch::nn::functional::NormalizeFuncOptions().dim(1));
    const int n = int(x.size(0));
    const auto acc = x.accessor<double, 2>();
    const auto bcc = y.accessor<double, 2>();
    std::vector<std::vector<double>> s(size_t(n), std::vector<double>(size_t(n), 0.0));
    for (int j = 0; j < n; ++j)
        for (int k = 0; k < n; ++k) {
            double dot = 0;
            for (int d = 0; d < x.size(1); ++d)
                dot += acc[j][d] * bcc[k][d];
            s[size_t(j)][size_t(k)] = scale * dot;
        }
    const auto kept = [&](int j, int k) { return j == k || group.empty() || group[size_t(j)] != group[size_t(k)]; };
    double total = 0;
    for (int k = 0; k < n; ++k) {
        double rowSum = 0, colSum = 0;
        for (int j = 0; j < n; ++j) {
            if (kept(k, j))
                rowSum += std::exp(s[size_t(k)][size_t(j)]);
            if (kept(j, k))
                colSum += std::exp(s[size_t(j)][size_t(k)]);
        }
        total += -(s[size_t(k)][size_t(k)] - std::log(rowSum)) - (s[size_t(k)][size_t(k)] - std::log(colSum));
    }
    return total / (2.0 * n);
}
} // namespace

class TestInfoNceLoss : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesTheFormula()
    {
        torch::manual_seed(3);
        InfoNceLoss loss;
        const auto x = torch::randn({7, 5});
        const auto y = torch::randn({7, 5});
        const double got = loss(x, y).item<double>();
        QVERIFY(std::abs(got - naiveLoss(x, y, 1.0 / 0.07, {})) < 1e-4);
        QVERIFY(std::abs(loss->temperature() - 0.07) < 1e-9);
    }

    void masksOtherSegmentsOfTheSameClip()
    {
        torch::manual_seed(4);
        InfoNceLoss loss;
        const auto x = torch::randn({6, 4});
        const auto y = torch::randn({6, 4});
        const std::vector<int> group{0, 0, 0, 1, 1, 2};
        const auto groups = torch::tensor(std::vector<int64_t>(group.begin(), group.end()));
        const double masked = loss(x, y, groups).item<double>();
        QVERIFY(std::abs(masked - naiveLoss(x, y, 1.0 / 0.07, group)) < 1e-4);
        QVERIFY(std::abs(masked - loss(x, y).item<double>()) > 1e-3);  // the mask changes something
    }

    void temperatureLearnsAndIsClamped()
    {
        InfoNceOptions options;
        options.initialTemperature = 0.0099;  // 1/tau = 101 > 100: clamped
        InfoNceLoss loss(options);
        QVERIFY(std::abs(loss->logitScale() - 100.0) < 1e-9);
        const auto x = torch::randn({4, 3});
        QVERIFY(std::abs(loss(x, x).item<double>() - naiveLoss(x, x, 100.0, {})) < 1e-4);

        InfoNceLoss free;
        const auto l = free(torch::randn({4, 3}), torch::randn({4, 3}));
        l.backward();
        QVERIFY(free->logitScaleParameter().grad().defined());
        QVERIFY(free->logitScaleParameter().grad().abs().item<double>() > 0);
    }

    void alignedPairsGiveLowLossMisalignedHigh()
    {
        InfoNceLoss loss;
        const auto eye = torch::eye(8);
        QVERIFY(loss(eye, eye).item<double>() < 1e-3);
        QVERIFY(loss(eye, eye.roll(1, 0)).item<double>() > 5.0);
    }

    void rejectsMismatchedShapes()
    {
        InfoNceLoss loss;
        QVERIFY_THROWS_EXCEPTION(Error, loss(torch::randn({3, 4}), torch::randn({2, 4})));
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestInfoNceLoss)
#include "tst_InfoNceLoss.moc"

// TrainingCurves: a run's records split into the step series, the epoch-mean loss and one series per
// validation metric (x = 1-based epoch); smoothing matches TensorBoard's debiased moving average,
// checked against the average written out term by term, and leaves x, weight 0 and NaN alone.
#include "train/TrainingCurves.h"

#include <QtTest>

#include "TestRegistry.h"

#include <cmath>
#include <limits>
#include <random>

using namespace soundframe;

namespace {

TrainMetrics stepRecord(int epoch, int64_t step, double loss)
{
    TrainMetrics m;
    m.epoch = epoch;
    m.step = step;
    m.totalSteps = 4;
    m.loss = loss;
    m.learningRate = 1e-3 * double(step);
    m.temperature = 0.07 + 0.001 * double(step);
    return m;
}

TrainMetrics epochRecord(int epoch, int64_t step, double meanLoss, double recall)
{
    TrainMetrics m = stepRecord(epoch, step, meanLoss);
    m.kind = "epoch";
    m.validation = {{"audio_to_image/R@10", recall}, {"image_to_audio/R@10", recall / 2}};
    return m;
}

// The smoothed value at i written out as the weighted sum it stands for, without recursion.
double naiveSmoothed(const std::vector<double>& y, size_t i, double weight)
{
    double sum = 0;
    for (size_t j = 0; j <= i; ++j)
        sum += std::pow(weight, double(i - j)) * (1 - weight) * y[j];
    return sum / (1 - std::pow(weight, double(i + 1)));
}

TrainingCurves::Series seriesOf(const std::vector<double>& y)
{
    TrainingCurves::Series s;
    for (size_t i = 0; i < y.size(); ++i)
        s.push_back({double(i + 1) * 10, y[i]});
    return s;
}

} // namespace

class TestTrainingCurves : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void recordsSplitIntoSeries()
    {
        const std::vector<TrainMetrics> records{stepRecord(0, 1, 4.0), stepRecord(0, 2, 3.0), epochRecord(0, 2, 3.5, 10),
                                                stepRecord(1, 3, 2.0), stepRecord(1, 4, 1.0), epochRecord(1, 4, 1.5, 30)};
        const TrainingCurves c = TrainingCurves::fromMetrics(records);
        QCOMPARE(c.loss.size(), size_t(4));
        QCOMPARE(c.learningRate.size(), size_t(4));
        QCOMPARE(c.temperature.size(), size_t(4));
        QCOMPARE(c.loss[2].x, 3.0);
        QCOMPARE(c.loss[2].y, 2.0);
        QCOMPARE(c.learningRate[3].y, 4e-3);
        QCOMPARE(c.temperature[0].y, 0.071);
        QCOMPARE(c.epochLoss.size(), size_t(2));
        QCOMPARE(c.epochLoss[1].x, 4.0);  // at the epoch's last step
        QCOMPARE(c.epochLoss[1].y, 1.5);
        QCOMPARE(c.validation.size(), size_t(2));
        const auto& recall = c.validation.at("audio_to_image/R@10");
        QCOMPARE(recall.size(), size_t(2));
        QCOMPARE(recall[0].x, 1.0);  // epoch 0 is the first epoch
        QCOMPARE(recall[1].x, 2.0);
        QCOMPARE(recall[1].y, 30.0);
        QCOMPARE(c.validation.at("image_to_audio/R@10")[1].y, 15.0);
        QCOMPARE(c.totalSteps, int64_t(4));
        QVERIFY(TrainingCurves::fromMetrics({}).loss.empty());
    }

    void smoothingMatchesTheWeightedSum()
    {
        std::mt19937 random(7);
        std::normal_distribution<double> noise(0, 0.5);
        std::vector<double> y;
        for (int i = 0; i < 200; ++i)
            y.push_back(4.0 * std::exp(-i / 60.0) + noise(random));
        for (double weight : {0.3, 0.6, 0.9, 0.99}) {
            const auto s = TrainingCurves::smoothed(seriesOf(y), weight);
            QCOMPARE(s.size(), y.size());
            for (size_t i = 0; i < y.size(); ++i) {
                QCOMPARE(s[i].x, double(i + 1) * 10);
                const double expected = naiveSmoothed(y, i, weight);
                QVERIFY2(std::abs(s[i].y - expected) < 1e-9 * std::max(1.0, std::abs(expected)),
                         qPrintable(QString("weight %1, point %2: %3 vs %4").arg(weight).arg(i).arg(s[i].y).arg(expected)));
            }
            QCOMPARE(s[0].y, y[0]);  // debiased: the first point is not pulled towards 0
        }
        // Smoothing reduces the noise: the smoothed series moves less from point to point.
        const auto s = TrainingCurves::smoothed(seriesOf(y), 0.9);
        double rawJumps = 0, smoothJumps = 0;
        for (size_t i = 1; i < y.size(); ++i) {
            rawJumps += std::abs(y[i] - y[i - 1]);
            smoothJumps += std::abs(s[i].y - s[i - 1].y);
        }
        QVERIFY(smoothJumps < rawJumps / 4);
    }

    void weightZeroNaNAndClamping()
    {
        const std::vector<double> y{3.0, 1.0, 2.0, 5.0};
        const auto unchanged = TrainingCurves::smoothed(seriesOf(y), 0);
        for (size_t i = 0; i < y.size(); ++i)
            QCOMPARE(unchanged[i].y, y[i]);
        QCOMPARE(TrainingCurves::smoothed(seriesOf(y), -1)[3].y, 5.0);  // clamped to 0

        // A NaN stays NaN and is not part of the average: the others smooth as if it were absent.
        const double nan = std::numeric_limits<double>::quiet_NaN();
        const auto withNan = TrainingCurves::smoothed(seriesOf({3.0, nan, 1.0, 2.0}), 0.5);
        QVERIFY(std::isnan(withNan[1].y));
        const auto without = TrainingCurves::smoothed(seriesOf({3.0, 1.0, 2.0}), 0.5);
        QCOMPARE(withNan[0].y, without[0].y);
        QCOMPARE(withNan[2].y, without[1].y);
        QCOMPARE(withNan[3].y, without[2].y);

        // Weight 1 would freeze the first value (and divide 0 by 0): clamped to 0.999.
        const auto heaviest = TrainingCurves::smoothed(seriesOf(y), 1);
        QCOMPARE(heaviest[1].y, naiveSmoothed(y, 1, 0.999));
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestTrainingCurves)
#include "tst_TrainingCurves.moc"

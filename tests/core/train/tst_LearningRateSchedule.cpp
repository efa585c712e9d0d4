// learningRateAt: linear warm-up to the peak, then a cosine to zero, checked at its landmarks.
#include "train/LearningRateSchedule.h"

#include <QtTest>

#include "TestRegistry.h"

#include <cmath>

using namespace soundframe;

class TestLearningRateSchedule : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void warmupIsLinear()
    {
        const double peak = 1e-3;
        for (int s = 0; s < 10; ++s)
            QVERIFY(std::abs(learningRateAt(s, 110, 10, peak) - peak * (s + 1) / 10.0) < 1e-15);
        QCOMPARE(learningRateAt(9, 110, 10, peak), peak);
    }

    void cosineAfterWarmup()
    {
        const double peak = 2.0;
        QCOMPARE(learningRateAt(10, 110, 10, peak), peak);
        QVERIFY(std::abs(learningRateAt(60, 110, 10, peak) - 1.0) < 1e-12);  // halfway: peak / 2
        QVERIFY(std::abs(learningRateAt(35, 110, 10, peak) - (1 + std::cos(M_PI / 4))) < 1e-12);
        QVERIFY(learningRateAt(109, 110, 10, peak) < 1e-3);
        QCOMPARE(learningRateAt(500, 110, 10, peak), 0.0);  // past the end: stays at 0
        for (int s = 10; s < 109; ++s)
            QVERIFY(learningRateAt(s + 1, 110, 10, peak) <= learningRateAt(s, 110, 10, peak));
    }

    void noWarmup()
    {
        QCOMPARE(learningRateAt(0, 100, 0, 0.5), 0.5);
        QVERIFY(learningRateAt(1, 100, 0, 0.5) < 0.5);
        QCOMPARE(learningRateAt(0, 1, 0, 0.5), 0.5);  // a one-step run trains at the peak
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestLearningRateSchedule)
#include "tst_LearningRateSchedule.moc"

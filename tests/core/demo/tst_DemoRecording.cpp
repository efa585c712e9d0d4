// DemoRecording::excerpt against a naive reading of the same definition: the sound an event plays,
// read at its speed, its peak brought to 0.5 and then its gain, with 10 ms fades.
#include "demo/DemoRecording.h"

#include <QtTest>

#include "TestRegistry.h"

#include <algorithm>
#include <cmath>

using namespace soundframe;

namespace {
DemoRecording ramp(size_t n)
{
    DemoRecording r;
    for (size_t i = 0; i < n; ++i)
        r.samples.push_back(float(i) / float(n));  // 0 .. just under 1
    return r;
}
} // namespace

class TestDemoRecording : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void readsAtSpeedWithPeakGainAndFades()
    {
        const int rate = 1000;  // 10 ms fades are 10 samples
        const DemoRecording r = ramp(1000);
        const std::vector<float> e = r.excerpt(0.1, 0.2, 2.0, -6.0, rate);
        QCOMPARE(e.size(), size_t(200));
        // Sample j reads the ramp at 100 + 2j; the loudest, the last, lands at 0.5 * 10^(-6/20)
        // before the fade, so every sample is (100 + 2j) / 1000 scaled by that over the peak.
        const double peak = (100 + 2 * 199) / 1000.0;
        const double gain = 0.5 / peak * std::pow(10.0, -6.0 / 20);
        for (size_t j = 10; j < 190; ++j)
            QVERIFY2(std::abs(e[j] - (100 + 2 * j) / 1000.0 * gain) < 1e-6, qPrintable(QString::number(j)));
        QCOMPARE(e.front(), 0.f);  // faded in from silence
        QCOMPARE(e.back(), 0.f);   // and out to it
        QVERIFY(std::abs(e[5] - (100 + 10) / 1000.0 * gain * 5 / 10) < 1e-6);

        // Half a sample's step interpolates between neighbours.
        const std::vector<float> slow = r.excerpt(0.5, 0.1, 0.5, 0.0, rate);
        const double slowGain = 0.5 / ((500 + 0.5 * 99) / 1000.0);
        QVERIFY(std::abs(slow[51] - (500 + 25.5) / 1000.0 * slowGain) < 1e-6);
    }

    void pastTheEndIsSilenceAndSilenceStaysSilent()
    {
        const DemoRecording r = ramp(100);
        const std::vector<float> e = r.excerpt(0.05, 0.2, 1.0, 0.0, 1000);  // 150 of 200 samples past the end
        QCOMPARE(e.size(), size_t(200));
        QVERIFY(std::all_of(e.begin() + 51, e.end(), [](float s) { return s == 0.f; }));
        QVERIFY(std::abs(*std::max_element(e.begin(), e.end()) - 0.5f) < 0.02f);  // the recording's peak, at 0.5

        DemoRecording quiet;
        quiet.samples.assign(100, 0.f);
        const std::vector<float> none = quiet.excerpt(0, 0.05, 1.0, 0.0, 1000);
        QCOMPARE(none.size(), size_t(50));
        QVERIFY(std::all_of(none.begin(), none.end(), [](float s) { return s == 0.f; }));
        QCOMPARE(quiet.excerpt(0, 0.0, 1.0, 0.0, 1000).size(), size_t(1));  // at least one sample
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestDemoRecording)
#include "tst_DemoRecording.moc"

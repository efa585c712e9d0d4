// MelScale: the conversions invert each other and hit HTK's reference points, and the band centres
// it reports are where LogMelSpectrogram's filterbank triangles actually peak (so a view's Hz labels
// are the front end's frequencies), for the default front end and a narrower one.
// Torch first: Qt's `slots` macro would break a member of that name in LibTorch's headers.
#include <torch/torch.h>

#include "media/LogMelSpectrogram.h"
#include "media/MelScale.h"

#include <QtTest>

#include "TestRegistry.h"

#include <cmath>

using namespace soundframe;

class TestMelScale : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void conversionsInvertAndMatchHtk()
    {
        QVERIFY(std::abs(hzToMel(0)) < 1e-12);
        QVERIFY(std::abs(hzToMel(700) - 2595.0 * std::log10(2.0)) < 1e-9);  // HTK: mel(700 Hz) = 2595 log10 2
        QVERIFY(std::abs(hzToMel(1000) - 1000) < 0.1);                       // ~1000 mel at 1 kHz
        for (double hz : {50.0, 300.0, 1234.5, 8000.0, 22050.0})
            QVERIFY(std::abs(melToHz(hzToMel(hz)) - hz) < 1e-6 * hz);
    }

    void bandCentresAreWhereTheFilterbankPeaks_data()
    {
        QTest::addColumn<int>("nMels");
        QTest::addColumn<double>("fMin");
        QTest::addColumn<double>("fMax");
        QTest::newRow("default") << LogMelOptions{}.nMels << LogMelOptions{}.fMin << LogMelOptions{}.fMax;
        QTest::newRow("narrow") << 32 << 300.0 << 4000.0;
    }

    void bandCentresAreWhereTheFilterbankPeaks()
    {
        QFETCH(int, nMels);
        QFETCH(double, fMin);
        QFETCH(double, fMax);
        LogMelOptions o;
        o.nMels = nMels;
        o.fMin = fMin;
        o.fMax = fMax;
        LogMelSpectrogram logMel(o);
        const torch::Tensor fb = logMel->melFilterbank();  // [nFft / 2 + 1, nMels]
        const double binHz = double(o.sampleRate / 2) / double(o.nFft / 2);
        for (int b = 0; b < o.nMels; ++b) {
            const int64_t peakBin = fb.select(1, b).argmax().item<int64_t>();
            const double centreHz = melToHz(melBandCentre(o, b));
            QVERIFY2(std::abs(peakBin * binHz - centreHz) <= binHz,
                     qPrintable(QString("band %1: peak at %2 Hz, centre %3 Hz").arg(b).arg(peakBin * binHz).arg(centreHz)));
        }
        // The spacing spans fMin..fMax in nMels + 1 steps: the outer edges are fMin and fMax.
        QVERIFY(std::abs(melBandCentre(o, -1) - hzToMel(o.fMin)) < 1e-9);
        QVERIFY(std::abs(melBandCentre(o, o.nMels) - hzToMel(o.fMax)) < 1e-9);
    }
};

SOUNDFRAME_TEST_MAIN(TestMelScale)
#include "tst_MelScale.moc"

// ClipView: decoding a clip off the GUI thread gives its frames at the cache's frame times (checked
// against the video's content), a log-mel image whose brightest band is the clip's 300 Hz tone, a
// playhead that seeks and steps frame by frame, and playback that works without an audio device.
#include "ClipView.h"
#include "GuiTestProject.h"
#include "Project.h"
#include "SpectrogramWidget.h"

#include <QListWidget>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace soundframe;
using namespace soundframe::gui;

namespace {

// Mean absolute difference of two images' pixels (same size), 0..255.
double imageDifference(const QImage& a, const QImage& b)
{
    const QImage x = a.convertToFormat(QImage::Format_RGB888), y = b.convertToFormat(QImage::Format_RGB888);
    double sum = 0;
    for (int row = 0; row < x.height(); ++row)
        for (int i = 0; i < x.width() * 3; ++i)
            sum += std::abs(int(x.constScanLine(row)[i]) - int(y.constScanLine(row)[i]));
    return sum / (x.width() * x.height() * 3);
}

double melOf(double hz)
{
    return 2595.0 * std::log10(1.0 + hz / 700.0);
}

} // namespace

class TestClipView : public QObject {
    Q_OBJECT

    test::GuiTestProjectFolder m_folder;

    // Shows `clipId` in `view` (on the test project) and waits until its media are decoded.
    bool showAndWait(ClipView& view, const QString& clipId)
    {
        view.setProject(m_folder.project());
        QSignalSpy loaded(&view, &ClipView::mediaLoaded);
        view.showClip(clipId);
        return loaded.wait(30000) && loaded.at(0).at(0).toString() == clipId;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QCOMPARE(m_folder.create(2), QString());
    }

    void decodesFramesAndSpectrogram()
    {
        ClipView view;
        view.setProject(m_folder.project());
        QSignalSpy loaded(&view, &ClipView::mediaLoaded);
        view.showClip("test-0");  // 2 s testsrc video with a 300 Hz tone
        QVERIFY(view.isLoading());
        QVERIFY(loaded.wait(30000));
        QCOMPARE(loaded.at(0).at(0).toString(), QString("test-0"));
        // The test cache's plan: 4 frames per clip, at the centres of 4 spans of 0.5 s.
        QCOMPARE(view.frameCount(), 4);
        QCOMPARE(view.media().frames.size(), 4);
        for (int l = 0; l < 4; ++l)
            QVERIFY(std::abs(view.media().frameSeconds[l] - (l + 0.5) * 0.5) < 1e-3);
        QCOMPARE(view.frameStrip()->count(), 4);
        // testsrc's picture changes over time: the first and last frames differ.
        QVERIFY(imageDifference(view.media().frames[0], view.media().frames[3]) > 1.0);
        QVERIFY2(view.media().error.isEmpty(), qPrintable(view.media().error));

        const QImage spec = view.media().spectrogram;
        QCOMPARE(spec.height(), 64);              // mel bands
        QCOMPARE(spec.width(), 2 * 16000 / 160 + 1);  // 10 ms hops over 2 s, centred frames
        // The brightest row (averaged over time) is the band holding 300 Hz; low bands at the bottom.
        int brightestRow = -1;
        double best = -1;
        for (int row = 0; row < spec.height(); ++row) {
            double v = 0;
            for (int x = 0; x < spec.width(); ++x)
                v += QColor(spec.pixel(x, row)).valueF();
            if (v > best) {
                best = v;
                brightestRow = row;
            }
        }
        const double bandWidth = (melOf(8000) - melOf(50)) / 65.0;
        const double expectedBand = (melOf(300) - melOf(50)) / bandWidth - 1.0;  // centre of band b is b+1 steps up
        const int band = 63 - brightestRow;
        QVERIFY2(std::abs(band - expectedBand) <= 1.5, qPrintable(QString("band %1, expected %2").arg(band).arg(expectedBand)));
        QVERIFY(view.spectrogram()->hasImage());
    }

    void seeksAndStepsFrames()
    {
        ClipView view;
        QVERIFY(showAndWait(view, "test-0"));
        QCOMPARE(view.currentFrame(), 0);
        view.stepFrame(1);
        QCOMPARE(view.position(), 0.25);  // from 0 (before frame 0's time) the first step lands on frame 0
        view.stepFrame(1);
        QCOMPARE(view.position(), 0.75);
        QCOMPARE(view.currentFrame(), 1);
        view.seek(1.9);
        QCOMPARE(view.currentFrame(), 3);
        view.stepFrame(-1);
        QCOMPARE(view.position(), 1.75);
        view.stepFrame(-1);
        QCOMPARE(view.position(), 1.25);
        QCOMPARE(view.currentFrame(), 2);
        view.stepFrame(5);
        QCOMPARE(view.currentFrame(), 3);
        view.seek(99);
        QCOMPARE(view.position(), 2.0);
        view.seek(-1);
        QCOMPARE(view.position(), 0.0);
        // Clicking the spectrogram seeks: its x axis is the clip's time.
        view.resize(800, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        SpectrogramWidget* spec = view.spectrogram();
        QTest::mouseClick(spec, Qt::LeftButton, {}, QPoint(int(spec->xForSeconds(1.3)), spec->height() / 2));
        QVERIFY(std::abs(view.position() - 1.3) < 2.0 / spec->width() * 2.0 + 1e-9);
        QCOMPARE(view.currentFrame(), 2);
        QCOMPARE(spec->playhead(), view.position());
    }

    void audioOnlyClipHasSpectrogramButNoFrames()
    {
        ClipView view;
        QVERIFY(showAndWait(view, "test-1"));  // a WAV file
        QCOMPARE(view.media().frames.size(), 0);
        QCOMPARE(view.frameCount(), 4);
        QVERIFY(!view.media().spectrogram.isNull());
        QVERIFY(!view.media().error.isEmpty());  // says why there is no video
        QCOMPARE(view.currentFrame(), 0);
    }

    void newerClipWins()
    {
        ClipView view;
        view.setProject(m_folder.project());
        QSignalSpy loaded(&view, &ClipView::mediaLoaded);
        view.showClip("test-0");
        view.showClip("test-2");
        QVERIFY(QTest::qWaitFor([&] { return !view.isLoading() && loaded.size() >= 1; }, 30000));
        QTest::qWait(50);
        QCOMPARE(loaded.size(), 1);
        QCOMPARE(loaded.at(0).at(0).toString(), QString("test-2"));
        QCOMPARE(view.media().clipId, QString("test-2"));
        view.showClip("missing");
        QVERIFY(view.statusText().contains("missing"));
        QCOMPARE(view.clipId(), QString("test-2"));
    }

    void playWithoutAudioDeviceMovesThePlayhead()
    {
        ClipView view;
        QVERIFY(showAndWait(view, "test-0"));
        view.seek(0.5);
        view.togglePlay();
        QVERIFY(view.isPlaying());
        QTest::qWait(400);
        QVERIFY2(view.position() > 0.6 && view.position() < 1.5, qPrintable(QString::number(view.position())));
        view.togglePlay();
        QVERIFY(!view.isPlaying());
        const double stopped = view.position();
        QTest::qWait(100);
        QCOMPARE(view.position(), stopped);
        // Playing on stops at the clip's end.
        view.seek(1.8);
        view.play();
        QTRY_VERIFY_WITH_TIMEOUT(!view.isPlaying(), 3000);
        QCOMPARE(view.position(), 2.0);
        QCOMPARE(view.currentFrame(), 3);
    }
};

QTEST_MAIN(TestClipView)
#include "tst_ClipView.moc"

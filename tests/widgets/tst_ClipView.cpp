// ClipView: decoding a clip off the GUI thread gives its frames at the cache's frame times (checked
// against the video's content), a log-mel image whose brightest band is the clip's 300 Hz tone (and
// a spectrogram whose readout finds it loudest there), a playhead that seeks and steps by cached
// frame and by video frame (10 fps here) with the video's own frame shown while paused, frames
// numbered from 0 as the Alignment view numbers them, the picture scaled to the view as shown,
// and playback without an audio device.
#include "ClipView.h"
#include "GuiTestProject.h"
#include "Project.h"
#include "SpectrogramWidget.h"
#include "media/MelScale.h"

#include <QLabel>
#include <QListWidget>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

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
        const double bandWidth = (hzToMel(8000) - hzToMel(50)) / 65.0;
        const double expectedBand = (hzToMel(300) - hzToMel(50)) / bandWidth - 1.0;  // centre of band b is b+1 steps up
        const int band = 63 - brightestRow;
        QVERIFY2(std::abs(band - expectedBand) <= 1.5, qPrintable(QString("band %1, expected %2").arg(band).arg(expectedBand)));
        QVERIFY(view.spectrogram()->hasImage());
        QCOMPARE(view.media().bands, 64);
        QCOMPARE(view.media().levelsDb.size(), qsizetype(64) * spec.width());
        QCOMPARE(view.videoFrameRate(), 10.0);  // testsrc rate=10
    }

    void spectrogramHasAxesAndReadsOutTheTone()
    {
        ClipView view;
        QVERIFY(showAndWait(view, "test-0"));
        SpectrogramWidget* spec = view.spectrogram();
        QVERIFY(spec->axesVisible());
        QCOMPARE(spec->timeFrom(), 0.0);
        QCOMPARE(spec->timeTo(), 2.0);
        // The 300 Hz tone is the loudest thing in its column, by a wide margin over 3 kHz.
        const SpectrogramWidget::Readout tone = spec->readoutAt(1.0, 300);
        QVERIFY(tone.valid && tone.hasLevel);
        for (double hz : {100.0, 1000.0, 3000.0, 7000.0})
            QVERIFY2(tone.db > spec->readoutAt(1.0, hz).db + 20,
                     qPrintable(QString("%1 dB at 300 Hz, %2 dB at %3 Hz").arg(tone.db).arg(spec->readoutAt(1.0, hz).db).arg(hz)));
        // Hovering reads out the point under the cursor.
        view.resize(800, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        spec->replot();
        const QPointF at(spec->xForSeconds(1.0), spec->yForHz(300));
        QMouseEvent move(QEvent::MouseMove, at, spec->mapToGlobal(at), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
        QApplication::sendEvent(spec, &move);
        const QString readout = spec->cursorReadout().text;
        QVERIFY2(readout.contains(" dB") && readout.contains("1.00 s") && readout.contains("300 Hz"), qPrintable(readout));
        // A zoomed spectrogram pages along with the playhead.
        spec->setTimeRange(0, 0.5);
        view.seek(1.5);
        QVERIFY(spec->timeFrom() <= 1.5 && 1.5 <= spec->timeTo());
    }

    void framesAreNumberedFromZero()
    {
        ClipView view;
        QVERIFY(showAndWait(view, "test-0"));
        // As the Alignment view and the exported layers: the cache's frame index.
        QCOMPARE(view.frameStrip()->item(0)->toolTip(), QString("Frame 0 at 0.25 s"));
        QCOMPARE(view.frameStrip()->item(2)->toolTip(), QString("Frame 2 at 1.25 s"));
        view.seek(1.3);
        QCOMPARE(view.currentFrame(), 2);
        QCOMPARE(view.currentVideoFrame(), 13);
        QCOMPARE(view.frameText(), QString("Video frame 13 of 20 (10 fps) · cached frame 2 of 4"));
    }

    void stepsByVideoFrameAndShowsThatFrame()
    {
        ClipView view;
        QVERIFY(showAndWait(view, "test-0"));
        QCOMPARE(view.currentVideoFrame(), 0);
        view.stepVideoFrame(1);
        QCOMPARE(view.position(), 0.1);
        QCOMPARE(view.currentVideoFrame(), 1);
        view.stepVideoFrame(1);
        QCOMPARE(view.currentVideoFrame(), 2);
        QVERIFY(std::abs(view.position() - 0.2) < 1e-9);
        // From inside a frame, back lands on that frame's start first, then the one before.
        view.seek(0.75);
        QCOMPARE(view.currentVideoFrame(), 7);
        view.stepVideoFrame(-1);
        QVERIFY(std::abs(view.position() - 0.7) < 1e-9);
        view.stepVideoFrame(-1);
        QVERIFY(std::abs(view.position() - 0.6) < 1e-9);
        QCOMPARE(view.currentVideoFrame(), 6);
        view.seek(0.75);
        view.stepVideoFrame(1);
        QVERIFY(std::abs(view.position() - 0.8) < 1e-9);
        // Clamped to the clip's video frames.
        view.stepVideoFrame(100);
        QCOMPARE(view.currentVideoFrame(), 19);
        QVERIFY(std::abs(view.position() - 1.9) < 1e-9);
        view.stepVideoFrame(-100);
        QCOMPARE(view.position(), 0.0);
        // Cached-frame stepping is unchanged alongside: from 0 to frame 0's time, 0.25 s.
        view.stepFrame(1);
        QCOMPARE(view.position(), 0.25);

        // Paused, the picture becomes the decoded video frame at the playhead. testsrc changes
        // from frame to frame, so frames 0 and 15 decode to different pictures.
        QSignalSpy shown(&view, &ClipView::pictureShown);
        view.seek(0.0);
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty() && shown.last().at(0).toDouble() == 0.0, 10000);
        const QImage atZero = view.picture();
        QVERIFY(!atZero.isNull());
        shown.clear();
        for (int i = 0; i < 15; ++i)
            view.stepVideoFrame(1);  // decodes overtaken by later steps are dropped; the last one shows
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty() && std::abs(shown.last().at(0).toDouble() - 1.5) < 1e-9, 10000);
        const QImage atFifteen = view.picture();
        QCOMPARE(atFifteen.size(), atZero.size());
        QVERIFY(imageDifference(atZero, atFifteen) > 1.0);
        // Not the cached frame whose span holds 1.5 s (frame 3, at 1.75 s): the video's own frame.
        QCOMPARE(view.currentFrame(), 3);
        const QImage cached = QPixmap::fromImage(view.media().frames[3])
                                  .scaled(atFifteen.size(), Qt::KeepAspectRatio, Qt::SmoothTransformation)
                                  .toImage();
        QCOMPARE(cached.size(), atFifteen.size());
        QVERIFY(imageDifference(cached, atFifteen) > 1.0);
        // Playing shows the cached frames again.
        view.play();
        QTRY_VERIFY_WITH_TIMEOUT(view.position() > 1.55, 3000);
        QCOMPARE(view.currentFrame(), 3);
        QVERIFY(imageDifference(cached, view.picture()) < 0.5);
        view.pause();
    }

    // A clip chosen while the view is hidden (the Clip tab not yet shown: its label still small) is
    // scaled again when the view is shown at its real size, not left as a thumbnail.
    void pictureFollowsTheViewsSize()
    {
        ClipView view;
        QSignalSpy shown(&view, &ClipView::pictureShown);
        QVERIFY(showAndWait(view, "test-0"));
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty(), 10000);  // the paused video frame, decoded while hidden
        const QSize hidden = view.picture().size();
        QVERIFY(!hidden.isEmpty());  // scaled to the hidden label: its minimum size, 240x180
        view.resize(1000, 900);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QCOMPARE(shown.size(), 1);  // no new decode: the same picture, scaled again
        QTRY_VERIFY2(view.picture().height() > hidden.height() + 50,
                     qPrintable(QString("%1x%2 shown, %3x%4 hidden")
                                    .arg(view.picture().width())
                                    .arg(view.picture().height())
                                    .arg(hidden.width())
                                    .arg(hidden.height())));
        QVERIFY(std::abs(view.picture().width() * 48.0 / 64.0 - view.picture().height()) <= 1.5);  // testsrc's 4:3 kept
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
        // Without video, stepping by video frame steps by cached frame.
        QCOMPARE(view.videoFrameRate(), 0.0);
        QCOMPARE(view.currentVideoFrame(), -1);
        view.stepVideoFrame(1);
        QCOMPARE(view.position(), 0.25);
        QCOMPARE(view.frameText(), QString("Cached frame 0 of 4"));
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

SOUNDFRAME_TEST_MAIN(TestClipView)
#include "tst_ClipView.moc"

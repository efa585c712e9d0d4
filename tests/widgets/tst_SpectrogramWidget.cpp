// SpectrogramWidget on a made-up log-mel (one loud band over a known half second): the readout
// finds that band's level at the right time and frequency, the frequency axis is labelled in Hz at
// the core's mel positions, time zooms and pans by API, wheel and drag, the playhead stays in
// sight, and the older picture-only API still fills the widget and behaves as a thumbnail.
#include "SpectrogramWidget.h"
#include "media/MelScale.h"

#include <QSignalSpy>
#include <QtTest>

#include "TestRegistry.h"

#include <cmath>

using namespace soundframe;
using namespace soundframe::gui;

namespace {

constexpr int kLoudBand = 20;
constexpr float kQuietDb = -60, kLoudDb = -10;

// 2 s at the default front end (64 bands, 10 ms hop): band kLoudBand is loud from 1.0 to 1.5 s.
ClipMedia madeUpMedia()
{
    ClipMedia m;
    m.durationSeconds = 2.0;
    m.frameSeconds = {0.25, 0.75, 1.25, 1.75};
    m.bands = m.melOptions.nMels;
    const int columns = 201;
    m.levelsDb.fill(kQuietDb, m.bands * columns);
    for (int c = 100; c <= 150; ++c)
        m.levelsDb[kLoudBand * columns + c] = kLoudDb;
    return m;
}

double loudHz()
{
    return melToHz(melBandCentre(LogMelOptions{}, kLoudBand));
}

void sendMouse(QWidget* w, QEvent::Type type, QPointF pos, Qt::MouseButton button, Qt::MouseButtons buttons)
{
    QMouseEvent event(type, pos, w->mapToGlobal(pos), button, buttons, Qt::NoModifier);
    QApplication::sendEvent(w, &event);
}

} // namespace

class TestSpectrogramWidget : public QObject {
    Q_OBJECT

    static QCPItemText* labelItem(SpectrogramWidget& spec, const QString& text)
    {
        for (int i = 0; i < spec.itemCount(); ++i)
            if (auto* label = qobject_cast<QCPItemText*>(spec.item(i)); label && label->text() == text)
                return label;
        return nullptr;
    }
    // Widget y of an event label's top, as drawn.
    static double labelTop(SpectrogramWidget& spec, const QString& text)
    {
        QCPItemText* label = labelItem(spec, text);
        return label ? label->position->pixelPosition().y() : -1;
    }

    // A shown widget with axes, laid out so pixel mapping is valid.
    static void showInspectable(SpectrogramWidget& spec)
    {
        spec.setSpectrogram(madeUpMedia());
        spec.setAxesVisible(true);
        spec.resize(640, 240);
        spec.show();
        QVERIFY(QTest::qWaitForWindowExposed(&spec));
        spec.replot();
    }

private Q_SLOTS:
    void readsOutLevelsAtTimeAndFrequency()
    {
        SpectrogramWidget spec;
        spec.setSpectrogram(madeUpMedia());
        QVERIFY(spec.hasImage());
        const SpectrogramWidget::Readout loud = spec.readoutAt(1.2, loudHz());
        QVERIFY(loud.valid);
        QCOMPARE(loud.band, kLoudBand);
        QVERIFY(loud.hasLevel);
        QCOMPARE(loud.db, double(kLoudDb));
        QVERIFY2(loud.text.contains("-10.0 dB") && loud.text.contains("1.20 s"), qPrintable(loud.text));
        // Half a band away still reads that band; a whole band away, the next one.
        const double spacing = melBandSpacing(LogMelOptions{});
        QCOMPARE(spec.readoutAt(1.2, melToHz(melBandCentre(LogMelOptions{}, kLoudBand) + 0.4 * spacing)).band, kLoudBand);
        QCOMPARE(spec.readoutAt(1.2, melToHz(melBandCentre(LogMelOptions{}, kLoudBand) + spacing)).band, kLoudBand + 1);
        QCOMPARE(spec.readoutAt(1.2, melToHz(melBandCentre(LogMelOptions{}, kLoudBand) + spacing)).db, double(kQuietDb));
        QCOMPARE(spec.readoutAt(0.5, loudHz()).db, double(kQuietDb));   // before the loud half second
        QCOMPARE(spec.readoutAt(1.6, loudHz()).db, double(kQuietDb));   // after it
        QCOMPARE(spec.readoutAt(1.0, 70).band, 0);  // the lowest band (its lower half starts near 66 Hz)
        QVERIFY(!spec.readoutAt(2.5, loudHz()).valid);  // past the clip
        QVERIFY(!spec.readoutAt(1.0, 20).valid);        // below the lowest band
        QCOMPARE(spec.readoutAt(1.0, 7800).band, 63);  // the top band
        QVERIFY(!spec.readoutAt(1.0, 8100).valid);
    }

    void frequencyAxisIsMelLabelledInHz()
    {
        SpectrogramWidget spec;
        QVERIFY(!spec.axesVisible());  // a bare picture unless asked
        showInspectable(spec);
        QVERIFY(spec.xAxis->visible() && spec.yAxis->visible());
        auto ticker = spec.yAxis->ticker().dynamicCast<QCPAxisTickerText>();
        QVERIFY(ticker);
        QCOMPARE(ticker->ticks().value(hzToMel(1000)), QString("1k"));
        QCOMPARE(ticker->ticks().value(hzToMel(500)), QString("500"));
        QCOMPARE(ticker->ticks().value(hzToMel(8000)), QString("8k"));
        // Linear in mel: equal mel steps are equal pixel steps, so 100->200 Hz is taller than 4k->4.1k.
        QVERIFY(spec.yForHz(1000) < spec.yForHz(300));  // higher frequencies higher up
        QVERIFY(spec.yForHz(100) - spec.yForHz(200) > 5 * (spec.yForHz(4000) - spec.yForHz(4100)));
        QVERIFY(std::abs(spec.hzForY(spec.yForHz(1234)) - 1234) < 1.0);
        // The loud band is where the axis says its frequency is.
        const QPointF p(spec.xForSeconds(1.25), spec.yForHz(loudHz()));
        QCOMPARE(spec.readoutAt(spec.secondsForX(p.x()), spec.hzForY(p.y())).db, double(kLoudDb));
    }

    void zoomsAndPansTime()
    {
        SpectrogramWidget spec;
        showInspectable(spec);
        QSignalSpy ranges(&spec, &SpectrogramWidget::timeRangeChanged);
        QCOMPARE(spec.timeFrom(), 0.0);
        QCOMPARE(spec.timeTo(), 2.0);
        QVERIFY(!spec.isZoomed());
        spec.setTimeRange(0.5, 1.0);
        QCOMPARE(spec.timeFrom(), 0.5);
        QCOMPARE(spec.timeTo(), 1.0);
        QVERIFY(spec.isZoomed());
        QCOMPARE(ranges.size(), 1);
        QVERIFY(std::abs(spec.xForSeconds(0.5) - spec.axisRect()->left()) <= 1.0);
        QVERIFY(std::abs(spec.xForSeconds(1.0) - spec.axisRect()->right()) <= 1.0);
        spec.zoomTime(0.5, 0.75);
        QVERIFY(std::abs(spec.timeFrom() - 0.625) < 1e-9 && std::abs(spec.timeTo() - 0.875) < 1e-9);
        // Kept inside the clip, and no narrower than the minimum span.
        spec.setTimeRange(1.95, 1.96);
        QVERIFY(std::abs(spec.timeTo() - 2.0) < 1e-9);
        QVERIFY(std::abs(spec.timeTo() - spec.timeFrom() - SpectrogramWidget::minimumTimeSpan()) < 1e-9);
        spec.setTimeRange(-3, 9);
        QCOMPARE(spec.timeFrom(), 0.0);
        QCOMPARE(spec.timeTo(), 2.0);

        // The wheel zooms around the cursor: the time under it stays under it.
        const double x = spec.xForSeconds(0.5);
        QWheelEvent wheel(QPointF(x, spec.yForHz(1000)), spec.mapToGlobal(QPointF(x, 50)), QPoint(), QPoint(0, 120),
                          Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(&spec, &wheel);
        QVERIFY(std::abs(spec.timeTo() - spec.timeFrom() - 1.6) < 1e-6);
        QVERIFY(std::abs(spec.secondsForX(x) - 0.5) < 0.01);

        // Right-drag pans: dragging 100 px left shows later times.
        spec.setTimeRange(0.5, 1.5);
        const double perPixel = 1.0 / spec.axisRect()->width();
        const QPointF from(spec.xForSeconds(1.0), spec.yForHz(1000));
        sendMouse(&spec, QEvent::MouseButtonPress, from, Qt::RightButton, Qt::RightButton);
        sendMouse(&spec, QEvent::MouseMove, from - QPointF(100, 0), Qt::NoButton, Qt::RightButton);
        sendMouse(&spec, QEvent::MouseButtonRelease, from - QPointF(100, 0), Qt::RightButton, Qt::NoButton);
        QVERIFY2(std::abs(spec.timeFrom() - (0.5 + 100 * perPixel)) < 1e-6, qPrintable(QString::number(spec.timeFrom())));
        // Dragging the time axis with the left button pans too (and does not seek).
        QSignalSpy seeks(&spec, &SpectrogramWidget::seekRequested);
        const double before = spec.timeFrom();
        const QPointF onAxis(spec.xForSeconds(1.0), spec.axisRect()->bottom() + 5);
        sendMouse(&spec, QEvent::MouseButtonPress, onAxis, Qt::LeftButton, Qt::LeftButton);
        sendMouse(&spec, QEvent::MouseMove, onAxis + QPointF(50, 0), Qt::NoButton, Qt::LeftButton);
        sendMouse(&spec, QEvent::MouseButtonRelease, onAxis + QPointF(50, 0), Qt::LeftButton, Qt::NoButton);
        QVERIFY(std::abs(spec.timeFrom() - (before - 50 * perPixel)) < 1e-6);
        QCOMPARE(seeks.size(), 0);
        // Double-click shows the whole clip.
        sendMouse(&spec, QEvent::MouseButtonDblClick, from, Qt::LeftButton, Qt::LeftButton);
        QVERIFY(!spec.isZoomed());
    }

    void cursorReadoutFollowsTheMouse()
    {
        SpectrogramWidget spec;
        showInspectable(spec);
        QSignalSpy readouts(&spec, &SpectrogramWidget::readoutChanged);
        QSignalSpy seeks(&spec, &SpectrogramWidget::seekRequested);
        const QPointF loud(spec.xForSeconds(1.25), spec.yForHz(loudHz()));
        sendMouse(&spec, QEvent::MouseMove, loud, Qt::NoButton, Qt::NoButton);
        QVERIFY(spec.cursorReadout().valid);
        QCOMPARE(spec.cursorReadout().db, double(kLoudDb));
        QCOMPARE(readouts.size(), 1);
        QVERIFY(readouts.at(0).at(0).toString().contains("-10.0 dB"));
        QCOMPARE(seeks.size(), 0);  // hovering does not move the playhead
        sendMouse(&spec, QEvent::MouseMove, QPointF(spec.xForSeconds(0.3), spec.yForHz(loudHz())), Qt::NoButton,
                  Qt::NoButton);
        QCOMPARE(spec.cursorReadout().db, double(kQuietDb));
        // Outside the plotted area (on the frequency labels) there is nothing to read.
        sendMouse(&spec, QEvent::MouseMove, QPointF(spec.axisRect()->left() - 10, loud.y()), Qt::NoButton, Qt::NoButton);
        QVERIFY(!spec.cursorReadout().valid);
        QCOMPARE(readouts.last().at(0).toString(), QString());
        // A click seeks to the time under it.
        QTest::mouseClick(&spec, Qt::LeftButton, {}, loud.toPoint());
        QCOMPARE(seeks.size(), 1);
        QVERIFY(std::abs(seeks.at(0).at(0).toDouble() - 1.25) < 2.0 / spec.axisRect()->width() * 2.0);
    }

    void zoomedViewFollowsThePlayhead()
    {
        SpectrogramWidget spec;
        showInspectable(spec);
        spec.setTimeRange(0, 0.5);
        spec.setPlayhead(0.3);
        QCOMPARE(spec.timeFrom(), 0.0);  // in sight: the view stays
        spec.setPlayhead(1.5);
        QCOMPARE(spec.playhead(), 1.5);
        QVERIFY(spec.timeFrom() <= 1.5 && 1.5 <= spec.timeTo());
        QVERIFY(std::abs(spec.timeTo() - spec.timeFrom() - 0.5) < 1e-9);  // same zoom
        spec.setSpectrogram(madeUpMedia());
        QVERIFY(!spec.isZoomed());  // new data shows whole
    }

    // Events that overlap in time, or whose label is wider than its band and runs into the next one,
    // are drawn in rows (EventLanes), so neither band nor label hides another; how much room a label
    // has depends on the zoom, so the rows follow it.
    void overlappingEventsTakeRows()
    {
        SpectrogramWidget spec;
        showInspectable(spec);
        spec.setEvents({{"owl", 0.5, 1.5}, {"orc", 0.8, 1.2}, {"dog", 1.7, 1.95}});
        spec.replot();
        QVERIFY(labelItem(spec, "owl") && labelItem(spec, "orc") && labelItem(spec, "dog"));
        const double line = QFontMetricsF(labelItem(spec, "owl")->font()).height();
        QVERIFY(labelTop(spec, "orc") >= labelTop(spec, "owl") + line);  // below the owl, not over it
        QCOMPARE(labelTop(spec, "dog"), labelTop(spec, "owl"));          // room of its own: the top row

        // 10 ms wide, so its label runs on over the next event while the whole clip is shown.
        spec.setEvents({{"a long-winded label", 0.10, 0.11}, {"b", 0.14, 0.2}});
        spec.replot();
        QVERIFY(spec.xForSeconds(0.14) - spec.xForSeconds(0.10)
                < QFontMetricsF(labelItem(spec, "b")->font()).horizontalAdvance("a long-winded label"));
        QVERIFY(labelTop(spec, "b") > labelTop(spec, "a long-winded label"));
        spec.setTimeRange(0.09, 0.19);  // zoomed in, the label fits before "b" starts
        QVERIFY(spec.xForSeconds(0.14) - spec.xForSeconds(0.10)
                > QFontMetricsF(labelItem(spec, "b")->font()).horizontalAdvance("a long-winded label") + 10);
        QCOMPARE(labelTop(spec, "b"), labelTop(spec, "a long-winded label"));
    }

    void olderPictureApiFillsTheWidget()
    {
        SpectrogramWidget spec;
        QImage picture(100, 64, QImage::Format_RGB32);
        picture.fill(Qt::darkMagenta);
        spec.setSpectrogram(picture, 2.0, {0.5, 1.5});
        spec.resize(400, 100);
        spec.show();
        QVERIFY(QTest::qWaitForWindowExposed(&spec));
        spec.replot();
        QVERIFY(spec.hasImage());
        QVERIFY(!spec.axesVisible());
        QVERIFY(std::abs(spec.xForSeconds(1.0) - spec.width() / 2.0) <= 1.0);
        QVERIFY(std::abs(spec.secondsForX(spec.width()) - 2.0) < 0.01);
        const SpectrogramWidget::Readout r = spec.readoutAt(1.0, 1000);
        QVERIFY(r.valid && !r.hasLevel);
        // A thumbnail: the wheel is left to a scrolling parent, hovering shows no crosshair, a click seeks.
        QWheelEvent wheel(QPointF(200, 50), spec.mapToGlobal(QPointF(200, 50)), QPoint(), QPoint(0, 120), Qt::NoButton,
                          Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(&spec, &wheel);
        QVERIFY(!wheel.isAccepted());
        QVERIFY(!spec.isZoomed());
        sendMouse(&spec, QEvent::MouseMove, QPointF(200, 50), Qt::NoButton, Qt::NoButton);
        QVERIFY(!spec.cursorReadout().valid);
        QSignalSpy seeks(&spec, &SpectrogramWidget::seekRequested);
        QTest::mouseClick(&spec, Qt::LeftButton, {}, QPoint(300, 50));
        QCOMPARE(seeks.size(), 1);
        QVERIFY(std::abs(seeks.at(0).at(0).toDouble() - 1.5) < 0.02);
        // The picture is drawn: the middle of the widget has its colour, not the background.
        const QImage shown = spec.grab().toImage();
        QCOMPARE(QColor(shown.pixel(shown.width() / 2, shown.height() / 2)), QColor(Qt::darkMagenta));
        spec.clear();
        QVERIFY(!spec.hasImage());
        QCOMPARE(spec.xForSeconds(1.0), 0.0);
    }
};

SOUNDFRAME_TEST_MAIN(TestSpectrogramWidget)
#include "tst_SpectrogramWidget.moc"

#pragma once
// SpectrogramWidget: a clip's log-mel spectrogram on the clip's time axis, with the frame times as
// ticks, ground-truth events as labelled bands (overlapping ones in rows, EventLanes) and the
// playhead as a line. With axes shown (for inspection) it labels time in seconds and the mel bands
// with their real frequencies, zooms and pans in time, and reads out time, frequency and level
// under the cursor.
//
//   auto* spec = new SpectrogramWidget(this);
//   spec->setSpectrogram(media);                // levels + mel settings: colour map, dB readout
//   spec->setAxesVisible(true);                 // off by default: a bare picture for thumbnails
//   spec->setTimeRange(1.0, 3.0);               // zoom; resetZoom() shows the whole clip again
//   connect(spec, &SpectrogramWidget::seekRequested, view, &ClipView::seek);
//
// The older setSpectrogram(image, duration, frameSeconds) shows a ready-made picture (no levels,
// so the readout has no dB) whose bands are taken to be the default front end's (LogMelOptions{}).
// Mouse: click or drag to seek; wheel zooms time around the cursor; right-drag, or dragging the
// time axis, pans; double-click shows the whole clip — all with axes shown. Without them the
// widget acts as a thumbnail: click to seek, and the wheel goes to the parent (a scrolling list).
// The vertical axis is linear in mel (as the bands are) and labelled in Hz. Times are seconds from the clip's start. GUI thread only.
#include "ClipMedia.h"

#include <qcustomplot.h>

#include <QImage>
#include <QVector>

namespace soundframe::gui {

class SpectrogramWidget : public QCustomPlot {
    Q_OBJECT
public:
    struct Event {
        QString label;
        double start = 0;  // seconds from the clip start
        double end = 0;
    };

    // What the cursor points at.
    struct Readout {
        bool valid = false;      // inside the clip and the bands' frequency range
        double seconds = 0;      // from the clip start
        double hz = 0;           // the point's frequency
        int band = -1;           // the mel band holding it, 0 = lowest
        bool hasLevel = false;   // levels known (setSpectrogram(media) with audio)
        double db = 0;           // that band's level at that time: 10 log10 of its power
        QString text;            // as the widget shows it
    };

    explicit SpectrogramWidget(QWidget* parent = nullptr);

    void setSpectrogram(const QImage& image, double durationSeconds, const QVector<double>& frameSeconds);
    void setSpectrogram(const ClipMedia& media);
    void setEvents(const QVector<Event>& events);
    // Moves the playhead line; a zoomed view pages along to keep it in sight.
    void setPlayhead(double seconds);
    void clear();
    bool hasImage() const;
    double playhead() const { return m_playhead; }
    double duration() const { return m_duration; }
    // Widget x of a time, and back (for tests and mouse handling).
    double xForSeconds(double seconds) const;
    double secondsForX(double x) const;
    // Widget y of a frequency (on the mel scale), and back.
    double yForHz(double hz) const;
    double hzForY(double y) const;

    // Axes, tick labels and margins; without them the spectrogram fills the widget.
    void setAxesVisible(bool visible);
    bool axesVisible() const { return m_axesVisible; }

    // The visible time span, kept inside the clip and no shorter than minimumTimeSpan().
    void setTimeRange(double from, double to);
    double timeFrom() const;
    double timeTo() const;
    void zoomTime(double factor, double aroundSeconds);  // factor < 1 zooms in
    void resetZoom();
    bool isZoomed() const;
    static constexpr double minimumTimeSpan() { return 0.1; }

    Readout readoutAt(double seconds, double hz) const;
    // The readout under the mouse; invalid when the cursor is outside the spectrogram.
    Readout cursorReadout() const { return m_cursor; }
    // Shows the crosshair and readout at a point as if the mouse were there (screenshots, demos).
    void showReadoutAt(double seconds, double hz);

    QSize sizeHint() const override { return {480, 140}; }

Q_SIGNALS:
    void seekRequested(double seconds);
    void readoutChanged(const QString& text);  // empty when the cursor leaves
    void timeRangeChanged(double from, double to);

protected:
    void leaveEvent(QEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;

private:
    void onMousePress(QMouseEvent* event);
    void onMouseMove(QMouseEvent* event);
    void onMouseRelease(QMouseEvent* event);
    void onMouseWheel(QWheelEvent* event);
    void rebuild();              // after new data: picture, axes ranges, overlays
    void placeOverlays();        // events, frame ticks, playhead
    void stackEvents();          // after each layout: events that would overlap go one row lower
    void setFrequencyTicks();
    void showCursor(const Readout& readout, const QPointF& pixel);
    void hideCursor();
    double melBottom() const;    // the axis's mel range: the outer bands' edges
    double melTop() const;
    int columns() const { return m_bands > 0 ? int(m_levelsDb.size() / m_bands) : 0; }

    QImage m_image;                    // the older API's picture
    QVector<float> m_levelsDb;
    int m_bands = 0;
    LogMelOptions m_options;
    double m_duration = 0;
    QVector<double> m_frameSeconds;
    QVector<Event> m_events;
    double m_playhead = 0;
    bool m_axesVisible = false;
    Readout m_cursor;

    enum class Drag { None, Seek, Pan };
    Drag m_drag = Drag::None;
    double m_panStartX = 0;
    double m_panStartFrom = 0;
    double m_panStartTo = 0;

    QCPColorMap* m_map = nullptr;
    QCPItemPixmap* m_picture = nullptr;
    QVector<QCPAbstractItem*> m_overlays;  // events and frame ticks, rebuilt with the data
    QVector<QCPItemRect*> m_eventBands;    // [m_events] of m_overlays
    QVector<QCPItemText*> m_eventLabels;   // [m_events] of m_overlays
    QCPItemLine* m_playheadLine = nullptr;
    QCPItemStraightLine* m_cursorTime = nullptr;
    QCPItemStraightLine* m_cursorFrequency = nullptr;
    QCPItemText* m_readoutLabel = nullptr;
    QCPItemText* m_placeholder = nullptr;
};

} // namespace soundframe::gui

#pragma once
// SpectrogramWidget: a clip's log-mel spectrogram stretched over the clip's time axis, with the
// frame times as ticks, ground-truth events as labelled bands and the playhead as a line.
//
//   auto* spec = new SpectrogramWidget(this);
//   spec->setSpectrogram(media.spectrogram, media.durationSeconds, media.frameSeconds);
//   connect(spec, &SpectrogramWidget::seekRequested, view, &ClipView::seek);
//
// Times are seconds from the clip's start. Clicking or dragging asks to seek. GUI thread only.
#include <QImage>
#include <QVector>
#include <QWidget>

namespace soundframe::gui {

class SpectrogramWidget : public QWidget {
    Q_OBJECT
public:
    struct Event {
        QString label;
        double start = 0;  // seconds from the clip start
        double end = 0;
    };

    explicit SpectrogramWidget(QWidget* parent = nullptr);

    void setSpectrogram(const QImage& image, double durationSeconds, const QVector<double>& frameSeconds);
    void setEvents(const QVector<Event>& events);
    void setPlayhead(double seconds);
    void clear();
    bool hasImage() const { return !m_image.isNull(); }
    double playhead() const { return m_playhead; }
    // Widget x of a time, and back (for tests and mouse handling).
    double xForSeconds(double seconds) const;
    double secondsForX(double x) const;

    QSize sizeHint() const override { return {480, 140}; }

Q_SIGNALS:
    void seekRequested(double seconds);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;

private:
    QImage m_image;
    double m_duration = 0;
    QVector<double> m_frameSeconds;
    QVector<Event> m_events;
    double m_playhead = 0;
};

} // namespace soundframe::gui

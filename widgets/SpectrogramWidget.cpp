#include "SpectrogramWidget.h"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>

namespace soundframe::gui {

SpectrogramWidget::SpectrogramWidget(QWidget* parent) : QWidget(parent)
{
    setMinimumHeight(90);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    setToolTip(tr("Log-mel spectrogram on the clip's time axis: ticks mark the frame times, bands the "
                  "annotated sound events; click to move the playhead"));
}

void SpectrogramWidget::setSpectrogram(const QImage& image, double durationSeconds, const QVector<double>& frameSeconds)
{
    m_image = image;
    m_duration = durationSeconds;
    m_frameSeconds = frameSeconds;
    update();
}

void SpectrogramWidget::setEvents(const QVector<Event>& events)
{
    m_events = events;
    update();
}

void SpectrogramWidget::setPlayhead(double seconds)
{
    m_playhead = seconds;
    update();
}

void SpectrogramWidget::clear()
{
    m_image = QImage();
    m_duration = 0;
    m_frameSeconds.clear();
    m_events.clear();
    m_playhead = 0;
    update();
}

double SpectrogramWidget::xForSeconds(double seconds) const
{
    return m_duration > 0 ? seconds / m_duration * width() : 0.0;
}

double SpectrogramWidget::secondsForX(double x) const
{
    return width() > 0 ? std::clamp(x / width(), 0.0, 1.0) * m_duration : 0.0;
}

void SpectrogramWidget::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Base));
    if (m_image.isNull()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, m_duration > 0 ? tr("No audio") : tr("No clip"));
        return;
    }
    p.setRenderHint(QPainter::SmoothPixmapTransform);
    p.drawImage(rect(), m_image);
    const int h = height();
    QFont small = font();
    small.setPointSizeF(std::max(6.0, small.pointSizeF() * 0.85));
    p.setFont(small);
    for (const Event& e : m_events) {
        const QRectF band(xForSeconds(e.start), 0, xForSeconds(e.end) - xForSeconds(e.start), 14);
        p.fillRect(band, QColor(255, 255, 255, 150));
        p.setPen(Qt::black);
        p.drawText(band.adjusted(2, 0, 0, 0), Qt::AlignVCenter | Qt::AlignLeft, e.label);
    }
    p.setPen(QPen(QColor(255, 255, 255, 200), 1));
    for (double t : m_frameSeconds) {
        const double x = xForSeconds(t);
        p.drawLine(QPointF(x, h - 8), QPointF(x, h));
    }
    p.setPen(QPen(QColor(230, 30, 30), 2));
    const double x = xForSeconds(m_playhead);
    p.drawLine(QPointF(x, 0), QPointF(x, h));
}

void SpectrogramWidget::mousePressEvent(QMouseEvent* event)
{
    if (m_duration > 0 && event->button() == Qt::LeftButton)
        Q_EMIT seekRequested(secondsForX(event->position().x()));
}

void SpectrogramWidget::mouseMoveEvent(QMouseEvent* event)
{
    if (m_duration > 0 && (event->buttons() & Qt::LeftButton))
        Q_EMIT seekRequested(secondsForX(event->position().x()));
}

} // namespace soundframe::gui

#include "SpectrogramWidget.h"

#include "EventLanes.h"

#include "media/MelScale.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace soundframe::gui {

namespace {

// The loader's magma-like ramp (black, purple, red-orange, pale yellow), so both APIs look alike.
QCPColorGradient magma()
{
    QCPColorGradient g;
    g.clearColorStops();
    g.setColorStopAt(0.00, QColor(0, 0, 4));
    g.setColorStopAt(0.25, QColor(80, 18, 123));
    g.setColorStopAt(0.50, QColor(182, 54, 121));
    g.setColorStopAt(0.75, QColor(251, 136, 97));
    g.setColorStopAt(1.00, QColor(252, 253, 191));
    g.setLevelCount(256);
    return g;
}

constexpr double kShownDynamicRangeDb = 80;  // as the loader's picture: silence does not flatten the range

QString hzText(double hz)
{
    return hz >= 1000 ? QStringLiteral("%1k").arg(hz / 1000.0, 0, 'g', 3) : QString::number(int(std::lround(hz)));
}

} // namespace

SpectrogramWidget::SpectrogramWidget(QWidget* parent) : QCustomPlot(parent)
{
    setMinimumHeight(90);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    setMouseTracking(true);
    setToolTip(tr("Log-mel spectrogram on the clip's time axis: ticks mark the frame times, bands the "
                  "annotated sound events; click to move the playhead"));
    setBackground(palette().color(QPalette::Base));
    axisRect()->setBackground(palette().color(QPalette::Base));
    xAxis->grid()->setVisible(false);
    yAxis->grid()->setVisible(false);
    QFont small = font();
    small.setPointSizeF(std::max(6.0, small.pointSizeF() * 0.85));
    for (QCPAxis* axis : {xAxis, yAxis}) {
        axis->setTickLabelFont(small);
        axis->setLabelFont(small);
        axis->setLabelPadding(2);
    }
    xAxis->setLabel(tr("time (s)"));
    yAxis->setLabel(tr("Hz (mel scale)"));

    m_map = new QCPColorMap(xAxis, yAxis);
    m_map->setGradient(magma());
    m_map->setInterpolate(false);
    m_map->setVisible(false);
    m_picture = new QCPItemPixmap(this);
    m_picture->setScaled(true, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    m_picture->setVisible(false);

    addLayer(QStringLiteral("playhead"), layer(QStringLiteral("main")), QCustomPlot::limAbove);
    layer(QStringLiteral("playhead"))->setMode(QCPLayer::lmBuffered);
    m_playheadLine = new QCPItemLine(this);
    m_playheadLine->setLayer(QStringLiteral("playhead"));
    m_playheadLine->setPen(QPen(QColor(230, 30, 30), 2));
    m_playheadLine->start->setTypeY(QCPItemPosition::ptAxisRectRatio);
    m_playheadLine->end->setTypeY(QCPItemPosition::ptAxisRectRatio);
    m_playheadLine->start->setCoords(0, 0);
    m_playheadLine->end->setCoords(0, 1);
    m_playheadLine->setVisible(false);

    // The cursor's crosshair and readout on the buffered overlay layer: moving them redraws nothing else.
    const QPen cursorPen(QColor(255, 255, 255, 170), 1, Qt::DashLine);
    m_cursorTime = new QCPItemStraightLine(this);
    m_cursorFrequency = new QCPItemStraightLine(this);
    for (QCPItemStraightLine* line : {m_cursorTime, m_cursorFrequency}) {
        line->setLayer(QStringLiteral("overlay"));
        line->setPen(cursorPen);
        line->setSelectable(false);
        line->setVisible(false);
    }
    m_readoutLabel = new QCPItemText(this);
    m_readoutLabel->setLayer(QStringLiteral("overlay"));
    m_readoutLabel->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_readoutLabel->position->setCoords(1, 1);
    m_readoutLabel->setPositionAlignment(Qt::AlignBottom | Qt::AlignRight);
    m_readoutLabel->setFont(small);
    m_readoutLabel->setColor(Qt::black);
    m_readoutLabel->setBrush(QColor(255, 255, 255, 210));
    m_readoutLabel->setPadding(QMargins(4, 1, 4, 1));
    m_readoutLabel->setVisible(false);
    m_placeholder = new QCPItemText(this);
    m_placeholder->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_placeholder->position->setCoords(0.5, 0.5);
    m_placeholder->setColor(palette().color(QPalette::PlaceholderText));
    m_placeholder->setClipToAxisRect(false);

    connect(this, &QCustomPlot::mousePress, this, &SpectrogramWidget::onMousePress);
    connect(this, &QCustomPlot::mouseMove, this, &SpectrogramWidget::onMouseMove);
    connect(this, &QCustomPlot::mouseRelease, this, &SpectrogramWidget::onMouseRelease);
    connect(this, &QCustomPlot::mouseWheel, this, &SpectrogramWidget::onMouseWheel);
    // Rows depend on pixels per second, which a resize or a zoom changes: placed before each drawing.
    connect(this, &QCustomPlot::afterLayout, this, &SpectrogramWidget::stackEvents);
    connect(this, &QCustomPlot::mouseDoubleClick, this, [this](QMouseEvent* event) {
        if (m_axesVisible && event->button() == Qt::LeftButton)
            resetZoom();
    });
    setAxesVisible(false);
    rebuild();
}

void SpectrogramWidget::setSpectrogram(const QImage& image, double durationSeconds, const QVector<double>& frameSeconds)
{
    m_image = image;
    m_levelsDb.clear();
    m_bands = 0;
    m_options = LogMelOptions{};
    m_duration = durationSeconds;
    m_frameSeconds = frameSeconds;
    rebuild();
}

void SpectrogramWidget::setSpectrogram(const ClipMedia& media)
{
    m_image = QImage();
    m_levelsDb = media.levelsDb;
    m_bands = media.bands;
    m_options = media.melOptions;
    m_duration = media.durationSeconds;
    m_frameSeconds = media.frameSeconds;
    rebuild();
}

void SpectrogramWidget::setEvents(const QVector<Event>& events)
{
    m_events = events;
    placeOverlays();
    replot();
}

void SpectrogramWidget::setPlayhead(double seconds)
{
    m_playhead = seconds;
    const double from = timeFrom(), to = timeTo();
    if (isZoomed() && (seconds < from || seconds > to)) {
        // Page along so the playhead stays in sight, a little in from the left edge.
        const double span = to - from;
        setTimeRange(seconds - 0.05 * span, seconds + 0.95 * span);
        return;  // setTimeRange replotted everything
    }
    m_playheadLine->start->setCoords(seconds, 0);
    m_playheadLine->end->setCoords(seconds, 1);
    m_playheadLine->setVisible(m_duration > 0);
    layer(QStringLiteral("playhead"))->replot();
}

void SpectrogramWidget::clear()
{
    m_image = QImage();
    m_levelsDb.clear();
    m_bands = 0;
    m_options = LogMelOptions{};
    m_duration = 0;
    m_frameSeconds.clear();
    m_events.clear();
    m_playhead = 0;
    rebuild();
}

bool SpectrogramWidget::hasImage() const
{
    return !m_image.isNull() || !m_levelsDb.isEmpty();
}

double SpectrogramWidget::melBottom() const
{
    return melBandCentre(m_options, 0) - melBandSpacing(m_options) / 2;
}

double SpectrogramWidget::melTop() const
{
    return melBandCentre(m_options, m_options.nMels - 1) + melBandSpacing(m_options) / 2;
}

void SpectrogramWidget::rebuild()
{
    hideCursor();
    m_map->setVisible(false);
    m_picture->setVisible(false);
    const bool levels = !m_levelsDb.isEmpty() && m_bands > 0;
    if (levels) {
        const int cols = columns();
        // Column c is centred on hop * c samples (centred frames).
        const double lastColumn = double(std::max(1, cols - 1)) * m_options.hopLength / m_options.sampleRate;
        auto* data = new QCPColorMapData(cols, m_bands, QCPRange(0, lastColumn),
                                         QCPRange(melBandCentre(m_options, 0), melBandCentre(m_options, m_bands - 1)));
        float top = -std::numeric_limits<float>::infinity();
        for (int b = 0; b < m_bands; ++b)
            for (int c = 0; c < cols; ++c) {
                const float db = m_levelsDb[qsizetype(b) * cols + c];
                data->setCell(c, b, db);
                top = std::max(top, db);
            }
        m_map->setData(data);
        m_map->setDataRange(QCPRange(top - kShownDynamicRangeDb, top));
        m_map->setVisible(true);
    } else if (!m_image.isNull() && m_duration > 0) {
        m_picture->setPixmap(QPixmap::fromImage(m_image));
        m_picture->topLeft->setCoords(0, melTop());
        m_picture->bottomRight->setCoords(m_duration, melBottom());
        m_picture->setVisible(true);
    }
    m_placeholder->setText(hasImage() ? QString() : m_duration > 0 ? tr("No audio") : tr("No clip"));
    m_placeholder->setVisible(!hasImage());
    yAxis->setRange(melBottom(), melTop());
    setFrequencyTicks();
    xAxis->setRange(0, m_duration > 0 ? m_duration : 1.0);
    placeOverlays();
    m_playheadLine->start->setCoords(m_playhead, 0);
    m_playheadLine->end->setCoords(m_playhead, 1);
    m_playheadLine->setVisible(m_duration > 0);
    replot();
    Q_EMIT timeRangeChanged(timeFrom(), timeTo());
}

void SpectrogramWidget::setFrequencyTicks()
{
    // Round frequencies placed at their mels: the axis is linear in mel, its labels are in Hz.
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (double hz : {100.0, 500.0, 1000.0, 2000.0, 4000.0, 8000.0, 16000.0})  // 200 crowds 100 on short axes
        if (hz >= m_options.fMin - 1e-9 && hz <= m_options.fMax + 1e-9)
            ticker->addTick(hzToMel(hz), hzText(hz));
    yAxis->setTicker(ticker);
    yAxis->setSubTicks(false);
}

void SpectrogramWidget::placeOverlays()
{
    for (QCPAbstractItem* item : m_overlays)
        removeItem(item);
    m_overlays.clear();
    m_eventBands.clear();
    m_eventLabels.clear();
    if (m_duration <= 0)
        return;
    QFont small = font();
    small.setPointSizeF(std::max(6.0, small.pointSizeF() * 0.85));
    const QFontMetrics metrics(small);
    const double bandHeight = double(metrics.height() + 2);
    for (const Event& e : m_events) {
        auto* band = new QCPItemRect(this);
        band->topLeft->setTypeY(QCPItemPosition::ptAxisRectRatio);
        band->bottomRight->setTypeY(QCPItemPosition::ptAbsolute);
        band->bottomRight->setParentAnchorY(band->topLeft);
        band->topLeft->setCoords(e.start, 0);
        band->bottomRight->setCoords(e.end, bandHeight);
        band->setPen(Qt::NoPen);
        band->setBrush(QColor(255, 255, 255, 150));
        auto* label = new QCPItemText(this);
        label->position->setParentAnchor(band->topLeft);
        label->position->setCoords(2, 0);
        label->setPositionAlignment(Qt::AlignTop | Qt::AlignLeft);
        label->setFont(small);
        label->setColor(Qt::black);
        label->setPadding(QMargins(0, 1, 0, 0));
        label->setText(e.label);
        m_overlays << band << label;
        m_eventBands << band;
        m_eventLabels << label;
    }
    const QPen tickPen(QColor(255, 255, 255, 200), 1);
    for (double t : m_frameSeconds) {
        auto* tick = new QCPItemLine(this);
        tick->start->setTypeY(QCPItemPosition::ptAxisRectRatio);
        tick->end->setTypeY(QCPItemPosition::ptAbsolute);
        tick->end->setParentAnchorY(tick->start);
        tick->start->setCoords(t, 1);
        tick->end->setCoords(t, -8);
        tick->setPen(tickPen);
        m_overlays << tick;
    }
}

void SpectrogramWidget::stackEvents()
{
    const double rectHeight = axisRect()->height();
    if (m_eventBands.isEmpty() || rectHeight <= 0)
        return;
    QVector<EventLanes::Extent> extents;
    for (int i = 0; i < m_eventBands.size(); ++i) {
        // A band narrower than its label: the label runs on to the right, into the next band's room.
        const double left = xAxis->coordToPixel(m_events[i].start);
        const double labelRight = left + 2 + QFontMetricsF(m_eventLabels[i]->font()).horizontalAdvance(m_events[i].label);
        extents.push_back({left, std::max(xAxis->coordToPixel(m_events[i].end), labelRight)});
    }
    const QVector<int> rows = EventLanes::assign(extents, 2);
    for (int i = 0; i < m_eventBands.size(); ++i) {
        const double bandHeight = m_eventBands[i]->bottomRight->coords().y();
        m_eventBands[i]->topLeft->setCoords(m_events[i].start, rows[i] * (bandHeight + 1) / rectHeight);
    }
}

void SpectrogramWidget::setAxesVisible(bool visible)
{
    m_axesVisible = visible;
    xAxis->setVisible(visible);
    yAxis->setVisible(visible);
    if (visible) {
        axisRect()->setAutoMargins(QCP::msAll);
    } else {
        axisRect()->setAutoMargins(QCP::msNone);
        axisRect()->setMargins(QMargins(0, 0, 0, 0));
    }
    replot();
}

void SpectrogramWidget::setTimeRange(double from, double to)
{
    const double whole = m_duration > 0 ? m_duration : 1.0;
    if (from > to)
        std::swap(from, to);
    double span = std::clamp(to - from, std::min(minimumTimeSpan(), whole), whole);
    const double centre = (from + to) / 2;
    from = std::clamp(centre - span / 2, 0.0, whole - span);
    xAxis->setRange(from, from + span);
    m_playheadLine->start->setCoords(m_playhead, 0);
    m_playheadLine->end->setCoords(m_playhead, 1);
    hideCursor();
    replot();
    Q_EMIT timeRangeChanged(timeFrom(), timeTo());
}

double SpectrogramWidget::timeFrom() const
{
    return xAxis->range().lower;
}

double SpectrogramWidget::timeTo() const
{
    return xAxis->range().upper;
}

void SpectrogramWidget::zoomTime(double factor, double aroundSeconds)
{
    const double from = timeFrom(), to = timeTo();
    setTimeRange(aroundSeconds - (aroundSeconds - from) * factor, aroundSeconds + (to - aroundSeconds) * factor);
}

void SpectrogramWidget::resetZoom()
{
    setTimeRange(0, m_duration > 0 ? m_duration : 1.0);
}

bool SpectrogramWidget::isZoomed() const
{
    return m_duration > 0 && timeTo() - timeFrom() < m_duration - 1e-9;
}

double SpectrogramWidget::xForSeconds(double seconds) const
{
    return m_duration > 0 ? xAxis->coordToPixel(seconds) : 0.0;
}

double SpectrogramWidget::secondsForX(double x) const
{
    return m_duration > 0 ? std::clamp(xAxis->pixelToCoord(x), 0.0, m_duration) : 0.0;
}

double SpectrogramWidget::yForHz(double hz) const
{
    return yAxis->coordToPixel(hzToMel(hz));
}

double SpectrogramWidget::hzForY(double y) const
{
    return melToHz(yAxis->pixelToCoord(y));
}

SpectrogramWidget::Readout SpectrogramWidget::readoutAt(double seconds, double hz) const
{
    Readout r;
    r.seconds = seconds;
    r.hz = hz;
    const double mel = hz > 0 ? hzToMel(hz) : -1;
    if (m_duration <= 0 || !hasImage() || seconds < 0 || seconds > m_duration || mel < melBottom() || mel > melTop())
        return r;
    r.valid = true;
    r.band = std::clamp(int(std::lround((mel - hzToMel(m_options.fMin)) / melBandSpacing(m_options) - 1.0)), 0,
                        m_options.nMels - 1);
    if (!m_levelsDb.isEmpty() && m_bands > 0) {
        const int column = std::clamp(int(std::lround(seconds * m_options.sampleRate / m_options.hopLength)), 0,
                                      columns() - 1);
        r.hasLevel = true;
        r.db = m_levelsDb[qsizetype(std::min(r.band, m_bands - 1)) * columns() + column];
    }
    r.text = tr("%1 s · %2 Hz (band %3)").arg(seconds, 0, 'f', 2).arg(std::lround(hz)).arg(r.band);
    if (r.hasLevel)
        r.text += tr(" · %1 dB").arg(r.db, 0, 'f', 1);
    return r;
}

void SpectrogramWidget::showCursor(const Readout& readout, const QPointF& pixel)
{
    m_cursor = readout;
    if (!readout.valid) {
        hideCursor();
        return;
    }
    m_cursorTime->point1->setCoords(readout.seconds, 0);
    m_cursorTime->point2->setCoords(readout.seconds, 1);
    m_cursorFrequency->point1->setCoords(0, hzToMel(readout.hz));
    m_cursorFrequency->point2->setCoords(1, hzToMel(readout.hz));
    m_readoutLabel->setText(readout.text);
    // The label sits in a bottom corner (the event bands are at the top), away from the cursor so
    // it never hides what is pointed at.
    const bool cursorOnRight = pixel.x() > axisRect()->center().x();
    m_readoutLabel->position->setCoords(cursorOnRight ? 0 : 1, 1);
    m_readoutLabel->setPositionAlignment(Qt::AlignBottom | (cursorOnRight ? Qt::AlignLeft : Qt::AlignRight));
    for (QCPAbstractItem* item : std::initializer_list<QCPAbstractItem*>{m_cursorTime, m_cursorFrequency, m_readoutLabel})
        item->setVisible(true);
    layer(QStringLiteral("overlay"))->replot();
    Q_EMIT readoutChanged(readout.text);
}

void SpectrogramWidget::showReadoutAt(double seconds, double hz)
{
    showCursor(readoutAt(seconds, hz), QPointF(xForSeconds(seconds), yForHz(hz)));
}

void SpectrogramWidget::hideCursor()
{
    const bool wasShown = m_readoutLabel->visible();
    m_cursor = Readout();
    for (QCPAbstractItem* item : std::initializer_list<QCPAbstractItem*>{m_cursorTime, m_cursorFrequency, m_readoutLabel})
        item->setVisible(false);
    if (wasShown) {
        layer(QStringLiteral("overlay"))->replot();
        Q_EMIT readoutChanged(QString());
    }
}

void SpectrogramWidget::leaveEvent(QEvent* event)
{
    hideCursor();
    QCustomPlot::leaveEvent(event);
}

void SpectrogramWidget::wheelEvent(QWheelEvent* event)
{
    if (!m_axesVisible) {
        event->ignore();  // QCustomPlot would accept it: let a scrolling parent have it
        return;
    }
    QCustomPlot::wheelEvent(event);
}

void SpectrogramWidget::onMousePress(QMouseEvent* event)
{
    if (m_duration <= 0)
        return;
    const QPointF p = event->position();
    const bool onTimeAxis = m_axesVisible && p.y() > axisRect()->bottom();
    if (m_axesVisible
        && (event->button() == Qt::RightButton || event->button() == Qt::MiddleButton
            || (event->button() == Qt::LeftButton && onTimeAxis))) {
        m_drag = Drag::Pan;
        m_panStartX = p.x();
        m_panStartFrom = timeFrom();
        m_panStartTo = timeTo();
    } else if (event->button() == Qt::LeftButton) {
        m_drag = Drag::Seek;
        Q_EMIT seekRequested(secondsForX(p.x()));
    }
}

void SpectrogramWidget::onMouseMove(QMouseEvent* event)
{
    const QPointF p = event->position();
    if (m_drag == Drag::Pan && event->buttons() != Qt::NoButton) {
        const double perPixel = (m_panStartTo - m_panStartFrom) / std::max(1, axisRect()->width());
        const double shift = (m_panStartX - p.x()) * perPixel;
        setTimeRange(m_panStartFrom + shift, m_panStartTo + shift);
        return;
    }
    if (m_drag == Drag::Seek && (event->buttons() & Qt::LeftButton) && m_duration > 0)
        Q_EMIT seekRequested(secondsForX(p.x()));
    if (m_axesVisible && axisRect()->rect().contains(p.toPoint()))
        showCursor(readoutAt(xAxis->pixelToCoord(p.x()), hzForY(p.y())), p);
    else
        hideCursor();
}

void SpectrogramWidget::onMouseRelease(QMouseEvent*)
{
    m_drag = Drag::None;
}

void SpectrogramWidget::onMouseWheel(QWheelEvent* event)
{
    if (m_duration <= 0)
        return;
    const double steps = event->angleDelta().y() / 120.0;
    if (steps == 0)
        return;
    zoomTime(std::pow(0.8, steps), std::clamp(xAxis->pixelToCoord(event->position().x()), 0.0, m_duration));
    event->accept();
}

} // namespace soundframe::gui

#include "AlignmentRunPanel.h"

#include "EpochStripHeader.h"
#include "EventLanes.h"
#include "MethodName.h"
#include "train/ClipPairingRegistry.h"

#include <qcustomplot.h>

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <set>

namespace soundframe::gui {

namespace {
bool picksMostSimilarFrame(const QString& matching)
{
    return ClipPairingRegistry::traits(matching.toStdString()).picksMostSimilarFrame;
}

std::set<int> sourceFrames(const ClipRecord& clip)
{
    std::set<int> frames;
    for (const SoundEvent& e : clip.events)
        frames.insert(e.visibleFrames.begin(), e.visibleFrames.end());
    return frames;
}

// A character that looks like the plot's marker, hollow or filled as drawn, for a legend in text.
QString markerGlyph(const QCPScatterStyle& style)
{
    const bool filled = style.brush().style() != Qt::NoBrush;
    switch (style.shape()) {
    case QCPScatterStyle::ssTriangle:
        return filled ? QStringLiteral("\u25B2") : QStringLiteral("\u25B3");
    case QCPScatterStyle::ssCircle:
        return filled ? QStringLiteral("\u25CF") : QStringLiteral("\u25CB");
    case QCPScatterStyle::ssDiamond:
        return filled ? QStringLiteral("\u25C6") : QStringLiteral("\u25C7");
    case QCPScatterStyle::ssStar:
        return QStringLiteral("\u2731");
    default:
        return QStringLiteral("\u25A0");
    }
}
} // namespace

AlignmentRunPanel::AlignmentRunPanel(const RunInfo& run, QWidget* parent) : QWidget(parent), m_run(run)
{
    setObjectName("alignmentRunPanel");
    m_header = new QLabel(this);
    m_header->setObjectName("alignmentRunHeader");
    m_header->setText(tr("<b>%1</b> — %2").arg(MethodName::of(run.matching).toHtmlEscaped(), run.name.toHtmlEscaped()));
    m_header->setToolTip(run.folder);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    m_message->setStyleSheet("color: #b00020;");
    m_message->hide();

    m_plot = new QCustomPlot(this);
    m_plot->setObjectName("alignmentPlot");
    m_plot->setMinimumSize(300, 300);
    m_plot->xAxis->setLabel(tr("time in clip (s)"));
    m_plot->yAxis->setLabel(tr("audio-frame cosine"));
    m_heatRect = new QCPAxisRect(m_plot);
    m_plot->plotLayout()->addElement(1, 0, m_heatRect);
    m_plot->plotLayout()->setRowStretchFactor(1, 0.45);
    auto* margins = new QCPMarginGroup(m_plot);
    m_plot->axisRect()->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
    m_heatRect->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
    m_heatRect->axis(QCPAxis::atBottom)->setLabel(tr("frame time (s)"));
    m_heatRect->axis(QCPAxis::atLeft)->setLabel(tr("audio segment"));
    m_heat = new QCPColorMap(m_heatRect->axis(QCPAxis::atBottom), m_heatRect->axis(QCPAxis::atLeft));
    m_heat->setInterpolate(false);
    m_heat->removeFromLegend();
    auto* scale = new QCPColorScale(m_plot);
    m_plot->plotLayout()->addElement(1, 1, scale);
    scale->setType(QCPAxis::atRight);
    scale->setLabel(tr("cosine"));
    scale->setBarWidth(8);
    auto* rows = new QCPMarginGroup(m_plot);  // the scale spans exactly the heat strip
    scale->setMarginGroup(QCP::msTop | QCP::msBottom, rows);
    m_heatRect->setMarginGroup(QCP::msTop | QCP::msBottom, rows);
    m_heat->setColorScale(scale);
    m_heat->setGradient(QCPColorGradient::gpThermal);  // after setColorScale, which imposes the scale's
    connect(m_plot, &QCustomPlot::mousePress, this, &AlignmentRunPanel::plotClicked);
    // Rows depend on pixels per second, which a resize changes: placed before each drawing.
    connect(m_plot, &QCustomPlot::afterLayout, this, &AlignmentRunPanel::stackEventLabels);

    m_stripCaption = new QLabel(this);
    m_stripCaption->setWordWrap(true);
    m_strip = new QTableWidget(1, 0, this);
    m_strip->setObjectName("alignmentChoiceStrip");
    m_strip->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_strip->setSelectionMode(QAbstractItemView::NoSelection);
    m_strip->setFocusPolicy(Qt::NoFocus);
    m_strip->verticalHeader()->hide();
    m_strip->setHorizontalHeader(new EpochStripHeader(m_strip));  // a long run's numbers stay legible
    m_strip->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_strip->horizontalHeader()->setMinimumSectionSize(8);
    m_strip->horizontalHeader()->setFont(QFont(font().family(), 7));
    m_strip->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_strip->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_strip->verticalHeader()->setDefaultSectionSize(m_strip->fontMetrics().height() + 6);

    m_summary = new QLabel(this);
    m_summary->setObjectName("alignmentSummary");
    m_summary->setWordWrap(true);
    m_summary->setFrameShape(QFrame::StyledPanel);
    m_summary->setMargin(4);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(m_header);
    layout->addWidget(m_status);
    layout->addWidget(m_message);
    layout->addWidget(m_plot, 1);
    layout->addWidget(m_stripCaption);
    layout->addWidget(m_strip);
    layout->addWidget(m_summary);
    showComputing();
    m_status->clear();
}

QString AlignmentRunPanel::header() const
{
    return m_header->text();
}

QString AlignmentRunPanel::message() const
{
    return m_message->text().isEmpty() ? m_status->text() : m_message->text();
}

QString AlignmentRunPanel::choiceCaption() const
{
    return m_stripCaption->text();
}

QString AlignmentRunPanel::summaryText() const
{
    return m_summary->text();
}

double AlignmentRunPanel::clipStart() const
{
    return m_clip ? m_clip->start : 0.0;
}

void AlignmentRunPanel::showComputing()
{
    m_curves = AlignmentCurves();
    m_selectedFrame = -1;
    m_message->clear();
    m_message->hide();
    m_status->setText(tr("Computing…"));
    fillChoiceStrip();
    showSummary();
    draw();
}

void AlignmentRunPanel::showProblem(const QString& text)
{
    showComputing();
    m_status->clear();
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

void AlignmentRunPanel::showCurves(const AlignmentCurves& curves, const ClipRecord* clip)
{
    m_curves = curves;
    m_clip.reset();
    if (clip)
        m_clip = *clip;
    m_status->clear();
    m_message->clear();
    m_message->hide();
    if (!curves.error.isEmpty()) {
        m_message->setText(tr("Cannot compute the alignment: %1").arg(curves.error));
        m_message->show();
    } else if (curves.argmaxFrame >= 0) {
        // Only a run that picks the most similar frame (Nearest) pairs with that frame; for the others
        // it is what Nearest would pick.
        const QString frame = QString::number(curves.argmaxFrame);
        const QString seconds = QString::number(curves.frameSeconds.value(curves.argmaxFrame) - clipStart(), 'f', 2);
        m_status->setText(picksMostSimilarFrame(curves.matching)
                              ? tr("%n frame(s); %1 picks frame %2 (%3 s)", nullptr, curves.frameCount())
                                    .arg(MethodName::of(curves.matching), frame, seconds)
                              : tr("%n frame(s); most similar frame: %1 (%2 s)", nullptr, curves.frameCount()).arg(frame, seconds));
    }
    fillChoiceStrip();
    showSummary();
    draw();
}

QStringList AlignmentRunPanel::legendEntries() const
{
    QStringList entries;
    for (int i = 0; i < m_plot->graphCount(); ++i) {
        const QCPGraph* graph = m_plot->graph(i);
        const QCPScatterStyle& style = graph->scatterStyle();
        QString symbol = markerGlyph(style);
        QColor colour = style.brush().style() != Qt::NoBrush ? style.brush().color() : style.pen().color();
        if (graph->lineStyle() != QCPGraph::lsNone) {  // a curve: its line through its marker
            symbol = QStringLiteral("\u2500") + symbol + QStringLiteral("\u2500");
            colour = graph->pen().color();
        }
        entries << QStringLiteral("<span style=\"color:%1\">%2</span>&nbsp;%3")
                       .arg(colour.name(), symbol, graph->name().toHtmlEscaped());
    }
    return entries;
}

void AlignmentRunPanel::setSelectedFrame(int frame)
{
    m_selectedFrame = frame;
    draw();
}

void AlignmentRunPanel::fillChoiceStrip()
{
    const QVector<int>& perEpoch = m_curves.choicePerEpoch;
    const bool watched = m_curves.choicesWatched;  // a held-out clip: what the model picks, not a training pair
    m_strip->setToolTip(watched ? tr("For this held-out clip, the frame the run's audio encoder found most similar "
                                     "after each epoch (watched_picks.jsonl): Nearest's argmax. Training never saw "
                                     "the clip.")
                                : tr("The frame the run chose for this clip in each training epoch (choices.jsonl)"));
    m_strip->setColumnCount(int(perEpoch.size()));
    const std::set<int> truth = m_clip ? sourceFrames(*m_clip) : std::set<int>();
    for (int epoch = 0; epoch < perEpoch.size(); ++epoch) {
        const int frame = perEpoch[epoch];
        const bool warmup = epoch < m_curves.warmupEpochs;
        auto* cell = new QTableWidgetItem(frame >= 0 ? QString::number(frame) : QString());
        cell->setTextAlignment(Qt::AlignCenter);
        cell->setData(WarmupRole, warmup);
        QColor fill = QColor(235, 235, 235);
        QString verdict;
        if (frame >= 0 && !truth.empty()) {
            const bool shows = truth.count(frame) != 0;
            fill = shows ? QColor(150, 210, 150) : QColor(240, 170, 160);
            verdict = shows ? tr(" (shows a source)") : tr(" (shows no source)");
        }
        cell->setBackground(warmup ? QBrush(fill.darker(112), Qt::BDiagPattern) : QBrush(fill));
        QString tip = frame < 0 ? tr("Epoch %1: no choice recorded").arg(epoch + 1)
                     : watched ? tr("After epoch %1: frame %2 is the most similar%3").arg(epoch + 1).arg(frame).arg(verdict)
                               : tr("Epoch %1: frame %2%3").arg(epoch + 1).arg(frame).arg(verdict);
        if (warmup)
            tip += "\n" + (watched ? tr("Warm-up epoch: Nearest's training did not pair by similarity yet; this is "
                                         "what the model would have picked")
                                    : tr("Warm-up epoch: Nearest did not choose by similarity yet"));
        cell->setToolTip(tip);
        m_strip->setItem(0, epoch, cell);
        m_strip->setHorizontalHeaderItem(epoch, new QTableWidgetItem(QString::number(epoch + 1)));
    }
    // Exactly the header and the one row: the strip never scrolls.
    m_strip->setFixedHeight(m_strip->horizontalHeader()->sizeHint().height() + m_strip->verticalHeader()->defaultSectionSize()
                            + 2 * m_strip->frameWidth());
    m_strip->setVisible(!perEpoch.isEmpty());
    const int warmups = m_curves.warmupEpochs;
    if (!perEpoch.isEmpty() && watched)
        m_stripCaption->setText(
            warmups > 0 ? tr("Nearest frame under the model after each epoch (a held-out clip: never trained on; "
                             "hatched: %n warm-up epoch(s)):", nullptr, warmups)
                        : tr("Nearest frame under the model after each epoch (a held-out clip: never trained on):"));
    else if (!perEpoch.isEmpty())
        m_stripCaption->setText(warmups > 0 ? tr("Frame chosen per epoch (hatched: %n warm-up epoch(s)):", nullptr, warmups)
                                            : tr("Frame chosen per epoch:"));
    else if (m_curves.frameCount() > 0)
        m_stripCaption->setText(ClipPairingRegistry::traits(m_run.matching.toStdString()).pairsEverySegment
                                    ? tr("Multiframe pairs every segment with its frame: no per-epoch choice.")
                                    : tr("No recorded choice for this clip (runs record them for training clips, and "
                                         "for held-out clips when they watch a cache of them)."));
    else
        m_stripCaption->clear();
}

void AlignmentRunPanel::showSummary()
{
    const AlignmentCurves& c = m_curves;
    if (c.frameCount() == 0 && c.summaryError.isEmpty() && !c.hasSummary) {
        m_summary->clear();
        m_summary->hide();
        return;
    }
    m_summary->show();
    if (!c.hasSummary) {
        m_summary->setText(tr("Summary over the test clips: %1. Evaluate the run (Runs view, or soundframe-cli eval).")
                               .arg(c.summaryError));
        return;
    }
    const AlignmentSummary& s = c.summary;
    QString text = tr("<b>Over %n evaluated clip(s)</b>", nullptr, s.clips) + "<br>";
    if (s.hasGroundTruth())
        text += tr("most similar frame shows a source: <b>%1%</b> of %n clip(s) (uniform draw: %2%)", nullptr,
                   s.truthClips)
                    .arg(s.pickAccuracy, 0, 'f', 1)
                    .arg(s.baseRate, 0, 'f', 1);
    else
        text += tr("pick accuracy unavailable: the manifest does not say which frames show a source");
    text += "<br>"
            + tr("curve peak − mean: %1 ± %2; curve std: %3; flat curves (std &lt; %4): %5%")
                  .arg(s.meanContrast, 0, 'f', 3)
                  .arg(s.contrastStd, 0, 'f', 3)
                  .arg(s.meanSpread, 0, 'f', 3)
                  .arg(AlignmentSummary::flatSpread)
                  .arg(s.flatClips, 0, 'f', 0);
    m_summary->setText(text);
}

void AlignmentRunPanel::draw()
{
    m_plot->clearGraphs();
    m_eventLabels.clear();
    m_plot->clearItems();
    m_heat->data()->clear();
    const AlignmentCurves& c = m_curves;
    const int L = c.error.isEmpty() ? c.frameCount() : 0;
    const double start = clipStart();
    const ClipRecord* clip = m_clip ? &*m_clip : nullptr;
    double duration = clip && clip->duration() > 0 ? clip->duration() : 0.0;
    QVector<double> times;
    for (double s : c.frameSeconds)
        times << s - start;
    if (L > 0 && duration <= 0)
        duration = times.last() + (L > 1 ? times[1] - times[0] : 1.0) / 2;
    double low = -0.1, high = 0.5;
    for (double v : c.audioToFrame) {
        low = std::min(low, v - 0.1);
        high = std::max(high, v + 0.15);
    }
    low = std::max(low, -1.05);
    high = std::min(high, 1.1);

    if (clip && L > 0) {
        // Ground truth: shaded spans for the events, with their labels.
        static const QColor palette[] = {QColor(31, 119, 180), QColor(44, 160, 44), QColor(148, 103, 189),
                                         QColor(255, 127, 14), QColor(140, 86, 75), QColor(227, 119, 194)};
        int k = 0;
        QVector<double> visibleX, visibleY;
        for (const SoundEvent& e : clip->events) {
            const QColor colour = palette[k++ % 6];
            auto* span = new QCPItemRect(m_plot);
            span->topLeft->setCoords(e.start, high);
            span->bottomRight->setCoords(e.end, low);
            QColor fill = colour;
            fill.setAlpha(45);
            span->setBrush(fill);
            span->setPen(Qt::NoPen);
            auto* label = new QCPItemText(m_plot);
            label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);  // its row: stackEventLabels
            label->position->setCoords((e.start + e.end) / 2, 0);
            label->setPositionAlignment(Qt::AlignTop | Qt::AlignHCenter);
            label->setText(QString::fromStdString(e.label));
            label->setColor(colour.darker(130));
            m_eventLabels << label;
            for (int f : e.visibleFrames)
                if (f >= 0 && f < L) {
                    visibleX << times[f];
                    visibleY << low + 0.04 * (high - low);
                }
        }
        if (!visibleX.isEmpty()) {
            auto* visible = m_plot->addGraph();
            visible->setName(tr("frame shows the source"));
            visible->setData(visibleX, visibleY);
            visible->setLineStyle(QCPGraph::lsNone);
            visible->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssTriangle, QColor(44, 120, 44), QColor(120, 200, 120), 9));
        }
    }
    if (L > 0) {
        auto* curve = m_plot->addGraph();
        curve->setName(tr("cos(audio, frame)"));
        curve->setData(times, c.audioToFrame, true);
        curve->setPen(QPen(QColor(20, 20, 20), 2));
        curve->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 7));

        if (!c.choiceCounts.isEmpty()) {
            QVector<double> x, y;
            for (int l = 0; l < L; ++l)
                if (c.choiceCounts.value(l) > 0) {
                    x << times[l];
                    y << c.audioToFrame[l];
                    auto* count = new QCPItemText(m_plot);
                    count->position->setCoords(times[l], c.audioToFrame[l]);
                    count->setPositionAlignment(Qt::AlignBottom | Qt::AlignHCenter);
                    count->setPadding(QMargins(0, 0, 0, 8));
                    count->setText(tr("%1×").arg(c.choiceCounts[l]));
                    count->setColor(QColor(0, 90, 170));
                }
            auto* choices = m_plot->addGraph();
            choices->setName(c.choicesWatched ? tr("model's pick after each epoch (held-out clip)")
                                              : tr("recorded choices (all epochs)"));
            choices->setData(x, y);
            choices->setLineStyle(QCPGraph::lsNone);
            choices->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDiamond, QColor(0, 90, 170), 11));
        }
        auto* pick = m_plot->addGraph();
        pick->setName(picksMostSimilarFrame(c.matching) ? tr("%1 pick (argmax)").arg(MethodName::of(c.matching))
                                                        : tr("most similar frame (argmax)"));
        pick->setData({times.value(c.argmaxFrame)}, {c.audioToFrame.value(c.argmaxFrame)});
        pick->setLineStyle(QCPGraph::lsNone);
        pick->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssStar, QPen(QColor(200, 30, 30), 2), Qt::NoBrush, 16));

        // Multiframe: similarity of each audio segment (row) with each frame (column).
        const double half = L > 1 ? (times[1] - times[0]) / 2 : std::max(0.5, duration / 2);
        m_heat->data()->setSize(L, L);
        m_heat->data()->setRange(QCPRange(times.first(), L > 1 ? times.last() : times.first() + 1e-9),
                                 QCPRange(0, L > 1 ? L - 1 : 1e-9));
        for (int segment = 0; segment < L; ++segment)
            for (int frame = 0; frame < L; ++frame)
                m_heat->data()->setCell(frame, segment, c.segmentToFrameAt(segment, frame));
        m_heat->rescaleDataRange(true);
        m_heatRect->axis(QCPAxis::atLeft)->setRange(-0.5, L - 0.5);
        m_heatRect->axis(QCPAxis::atBottom)->setRange(std::min(0.0, times.first() - half), std::max(duration, times.last() + half));

        if (m_selectedFrame >= 0 && m_selectedFrame < L) {
            auto* marker = new QCPItemStraightLine(m_plot);
            marker->point1->setCoords(times[m_selectedFrame], 0);
            marker->point2->setCoords(times[m_selectedFrame], 1);
            marker->setPen(QPen(QColor(0, 90, 170), 1, Qt::DashLine));
        }
        m_plot->xAxis->setRange(m_heatRect->axis(QCPAxis::atBottom)->range());
    } else {
        m_plot->xAxis->setRange(0, duration > 0 ? duration : 10);
        m_heatRect->axis(QCPAxis::atBottom)->setRange(m_plot->xAxis->range());
    }
    m_plot->yAxis->setRange(low, high);
    m_heat->setVisible(L > 0);
    m_plot->replot();
}

void AlignmentRunPanel::stackEventLabels()
{
    const double rectHeight = m_plot->axisRect()->height();
    if (m_eventLabels.isEmpty() || rectHeight <= 0)
        return;
    QVector<EventLanes::Extent> extents;
    for (const QCPItemText* label : m_eventLabels) {
        const double centre = m_plot->xAxis->coordToPixel(label->position->key());
        const double half = QFontMetricsF(label->font()).horizontalAdvance(label->text()) / 2;
        extents.push_back({centre - half, centre + half});
    }
    const QVector<int> rows = EventLanes::assign(extents, 4);
    const double lineHeight = QFontMetrics(m_eventLabels.front()->font()).height() + 1;  // the item's own rounding, a pixel apart
    for (int i = 0; i < m_eventLabels.size(); ++i)
        m_eventLabels[i]->position->setCoords(m_eventLabels[i]->position->key(), rows[i] * lineHeight / rectHeight);
}

void AlignmentRunPanel::plotClicked(QMouseEvent* event)
{
    if (m_curves.frameCount() == 0 || !m_curves.error.isEmpty())
        return;
    const QPointF pos = event->position();
    QCPAxis* axis = nullptr;
    if (m_plot->axisRect()->rect().contains(pos.toPoint()))
        axis = m_plot->xAxis;
    else if (m_heatRect->rect().contains(pos.toPoint()))
        axis = m_heatRect->axis(QCPAxis::atBottom);
    if (!axis)
        return;
    const double t = axis->pixelToCoord(pos.x()) + clipStart();
    int best = 0;
    for (int l = 1; l < m_curves.frameCount(); ++l)
        if (std::abs(m_curves.frameSeconds[l] - t) < std::abs(m_curves.frameSeconds[best] - t))
            best = l;
    Q_EMIT frameClicked(best);
}

} // namespace soundframe::gui

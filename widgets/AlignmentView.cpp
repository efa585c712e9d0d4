#include "AlignmentView.h"

#include "AlignmentWorker.h"

#include "eval/AlignmentExport.h"

#include <qcustomplot.h>

#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace soundframe {

AlignmentView::AlignmentView(QWidget* parent) : QWidget(parent)
{
    qRegisterMetaType<AlignmentRequest>();
    qRegisterMetaType<AlignmentCurves>();
    setObjectName("alignmentView");

    m_runs = new QComboBox(this);
    m_runs->setObjectName("alignmentRunChooser");
    m_runs->setToolTip(tr("Stage-1 run whose audio encoder is compared with the clip's frames"));
    m_export = new QPushButton(tr("Export…"), this);
    m_export->setObjectName("alignmentExport");
    m_export->setToolTip(tr("Save this clip's alignment as an Audacity label track and Sonic Visualiser layers"));
    connect(m_export, &QPushButton::clicked, this, &AlignmentView::chooseExportFolder);
    m_status = new QLabel(this);
    m_message = new QLabel(this);
    m_message->setObjectName("alignmentMessage");
    m_message->setWordWrap(true);
    m_message->setStyleSheet("color: #b00020;");
    m_message->hide();

    m_plot = new QCustomPlot(this);
    m_plot->setObjectName("alignmentPlot");
    m_plot->setMinimumSize(420, 320);
    m_plot->xAxis->setLabel(tr("time in clip (s)"));
    m_plot->yAxis->setLabel(tr("audio-frame cosine"));
    m_plot->legend->setVisible(true);
    m_plot->legend->setFont(QFont(font().family(), 8));
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
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
    scale->setBarWidth(10);
    auto* rows = new QCPMarginGroup(m_plot);  // the scale spans exactly the heat strip
    scale->setMarginGroup(QCP::msTop | QCP::msBottom, rows);
    m_heatRect->setMarginGroup(QCP::msTop | QCP::msBottom, rows);
    m_heat->setColorScale(scale);
    m_heat->setGradient(QCPColorGradient::gpThermal);  // after setColorScale, which imposes the scale's
    connect(m_plot, &QCustomPlot::mousePress, this, &AlignmentView::plotClicked);

    m_thumbnail = new QLabel(this);
    m_thumbnail->setObjectName("alignmentThumbnail");
    m_thumbnail->setMinimumSize(160, 120);
    m_thumbnail->setAlignment(Qt::AlignCenter);
    m_thumbnail->setFrameShape(QFrame::StyledPanel);
    m_thumbnailCaption = new QLabel(tr("Click the plot to see a frame."), this);
    m_thumbnailCaption->setWordWrap(true);
    m_thumbnailCaption->setMaximumWidth(200);

    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Run:"), this));
    top->addWidget(m_runs, 1);
    top->addWidget(m_status, 2);
    top->addWidget(m_export);
    auto* side = new QVBoxLayout;
    side->addWidget(m_thumbnail);
    side->addWidget(m_thumbnailCaption);
    side->addStretch(1);
    auto* middle = new QHBoxLayout;
    middle->addWidget(m_plot, 1);
    middle->addLayout(side);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_message);
    layout->addLayout(middle, 1);

    auto* worker = new AlignmentWorker;
    worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, worker, &QObject::deleteLater);
    connect(this, &AlignmentView::computeRequested, worker, &AlignmentWorker::compute);
    connect(worker, &AlignmentWorker::computed, this, &AlignmentView::showCurves);
    m_thread.setObjectName("alignment");
    m_thread.start();

    connect(m_runs, &QComboBox::currentIndexChanged, this, [this] { recompute(); });
    draw();
}

AlignmentView::~AlignmentView()
{
    m_thread.quit();
    m_thread.wait();
}

void AlignmentView::setProject(const gui::Project& project)
{
    m_project = project;
    const QString previous = runName();
    {
        const QSignalBlocker block(m_runs);
        m_runs->clear();
        for (const gui::RunInfo& run : m_project.runs())
            if (run.stage == 1)
                m_runs->addItem(run.matching.isEmpty() ? run.name : tr("%1 (%2)").arg(run.name, run.matching), run.name);
        // Keep the run shown before; else a Nearest Match run (its choices are the view's subject).
        int index = m_runs->findData(previous);
        for (int i = 0; index < 0 && i < m_runs->count(); ++i)
            if (const gui::RunInfo* run = m_project.run(m_runs->itemData(i).toString()); run && run->matching == "nearest")
                index = i;
        m_runs->setCurrentIndex(std::max(index, 0));
    }
    m_clipId.clear();
    m_curves = AlignmentCurves();
    recompute();
}

bool AlignmentView::selectRun(const QString& name)
{
    const int i = m_runs->findData(name);
    if (i < 0)
        return false;
    if (i == m_runs->currentIndex())
        recompute();
    else
        m_runs->setCurrentIndex(i);  // recomputes through currentIndexChanged
    return true;
}

QString AlignmentView::runName() const
{
    return m_runs->currentData().toString();
}

QString AlignmentView::message() const
{
    return m_message->isVisible() || !m_message->text().isEmpty() ? m_message->text() : m_status->text();
}

void AlignmentView::showClip(const QString& clipId)
{
    m_clipId = clipId;
    recompute();
}

void AlignmentView::showMessage(const QString& text)
{
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

double AlignmentView::clipStart() const
{
    const ClipRecord* clip = m_project.clip(m_clipId);
    return clip ? clip->start : 0.0;
}

void AlignmentView::recompute()
{
    m_curves = AlignmentCurves();
    m_selectedFrame = -1;
    m_thumbnail->clear();
    m_thumbnailCaption->setText(tr("Click the plot to see a frame."));
    ++m_lastRequest;  // answers to earlier requests are now stale
    m_pending = 0;
    showMessage({});
    m_status->clear();
    const gui::RunInfo* run = m_project.run(runName());
    const ClipRecord* clip = m_project.clip(m_clipId);
    if (!m_project.isValid())
        showMessage(tr("Open a project to see alignment curves."));
    else if (!run)
        showMessage(tr("This project has no stage-1 run yet: train one first."));
    else if (m_clipId.isEmpty())
        m_status->setText(tr("Choose a clip."));
    else if (!clip)
        showMessage(tr("The project has no clip %1.").arg(m_clipId));
    else if (!run->hasAudioEncoder)
        showMessage(tr("Run %1 has no trained audio encoder yet.").arg(run->name));
    else if (m_project.cacheFolder(QString::fromStdString(clip->split)).isEmpty())
        showMessage(tr("No prepared frame cache for the %1 split: prepare it first.")
                        .arg(QString::fromStdString(clip->split)));
    else {
        AlignmentRequest r;
        r.id = m_lastRequest;
        r.clipId = m_clipId;
        r.cacheFolder = m_project.cacheFolder(QString::fromStdString(clip->split));
        r.encoderFolder = run->folder + "/audio-encoder";
        r.choicesFile = run->folder + "/choices.jsonl";
        r.mediaPath = m_project.mediaPath(m_clipId);
        r.segmentSeconds = run->config.segmentSeconds;
        m_pending = r.id;
        m_status->setText(tr("Computing…"));
        Q_EMIT computeRequested(r);
    }
    draw();
}

void AlignmentView::showCurves(const AlignmentCurves& curves)
{
    if (curves.requestId != m_lastRequest)
        return;  // the user moved on
    m_pending = 0;
    m_curves = curves;
    m_status->clear();
    if (!curves.error.isEmpty()) {
        showMessage(tr("Cannot compute the alignment: %1").arg(curves.error));
    } else if (curves.argmaxFrame >= 0) {
        m_status->setText(tr("%n frame(s); Nearest Match picks frame %1 (%2 s)", nullptr, curves.frameCount())
                              .arg(curves.argmaxFrame)
                              .arg(curves.frameSeconds.value(curves.argmaxFrame) - clipStart(), 0, 'f', 2));
    }
    if (curves.error.isEmpty() && curves.argmaxFrame >= 0)
        showFrame(curves.argmaxFrame);
    draw();
    Q_EMIT curvesShown();
}

QStringList AlignmentView::exportAlignment(const QString& folder)
{
    QStringList written;
    if (m_curves.frameCount() == 0 || !m_curves.error.isEmpty()) {
        showMessage(tr("No alignment is shown: nothing to export."));
        return written;
    }
    AlignmentExportClip c;
    c.clipId = m_curves.clipId.toStdString();
    for (double t : m_curves.frameSeconds)
        c.frameSeconds.push_back(t - clipStart());
    c.audioToFrame.assign(m_curves.audioToFrame.begin(), m_curves.audioToFrame.end());
    c.argmaxFrame = m_curves.argmaxFrame;
    if (const ClipRecord* clip = m_project.clip(m_curves.clipId))
        c.events = clip->events;
    try {
        for (const auto& path : AlignmentExport(c).write(std::filesystem::u8path(folder.toStdString())))
            written << QString::fromStdString(path.u8string());
        showMessage({});
        m_status->setText(tr("Exported %n file(s) to %1", nullptr, int(written.size())).arg(folder));
    } catch (const std::exception& e) {
        showMessage(tr("Cannot export the alignment: %1").arg(QString::fromLocal8Bit(e.what())));
    }
    return written;
}

void AlignmentView::chooseExportFolder()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Export Alignment to Folder"));
    if (!folder.isEmpty())
        exportAlignment(folder);
}

void AlignmentView::draw()
{
    m_export->setEnabled(m_curves.error.isEmpty() && m_curves.frameCount() > 0);
    m_plot->clearGraphs();
    m_plot->clearItems();
    m_heat->data()->clear();
    const AlignmentCurves& c = m_curves;
    const int L = c.error.isEmpty() ? c.frameCount() : 0;
    const double start = clipStart();
    const ClipRecord* clip = m_project.clip(m_clipId);
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
            label->position->setCoords((e.start + e.end) / 2, high);
            label->setPositionAlignment(Qt::AlignTop | Qt::AlignHCenter);
            label->setText(QString::fromStdString(e.label));
            label->setColor(colour.darker(130));
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
            choices->setName(tr("recorded %1 choices").arg(c.choiceMatching));
            choices->setData(x, y);
            choices->setLineStyle(QCPGraph::lsNone);
            choices->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDiamond, QColor(0, 90, 170), 11));
        }
        auto* pick = m_plot->addGraph();
        pick->setName(tr("Nearest Match pick (argmax)"));
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

void AlignmentView::plotClicked(QMouseEvent* event)
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
    selectFrame(best);
}

void AlignmentView::selectFrame(int frame)
{
    if (frame < 0 || frame >= m_curves.frameCount() || !m_curves.error.isEmpty())
        return;
    showFrame(frame);
    draw();
    Q_EMIT frameRequested(m_curves.clipId, m_curves.frameSeconds[frame]);
}

void AlignmentView::showFrame(int frame)
{
    m_selectedFrame = frame;
    const double seconds = m_curves.frameSeconds[frame];
    if (frame < m_curves.thumbnails.size())
        m_thumbnail->setPixmap(QPixmap::fromImage(m_curves.thumbnails[frame]));
    else
        m_thumbnail->setText(tr("no picture"));
    QString caption = tr("Frame %1 at %2 s: cosine %3")
                          .arg(frame)
                          .arg(seconds - clipStart(), 0, 'f', 2)
                          .arg(m_curves.audioToFrame.value(frame), 0, 'f', 3);
    if (m_curves.thumbnails.isEmpty() && !m_curves.thumbnailError.isEmpty())
        caption += "\n" + tr("(no thumbnail: %1)").arg(m_curves.thumbnailError);
    m_thumbnailCaption->setText(caption);
}

} // namespace soundframe

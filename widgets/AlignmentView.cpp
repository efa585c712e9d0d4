#include "AlignmentView.h"
#include "MethodName.h"

#include "AlignmentRunPanel.h"
#include "AlignmentWorker.h"

#include "eval/AlignmentExport.h"
#include "eval/AlignmentSummary.h"
#include "train/ClipPairingRegistry.h"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace soundframe::gui {

AlignmentView::AlignmentView(QWidget* parent) : QWidget(parent)
{
    qRegisterMetaType<AlignmentRequest>();
    qRegisterMetaType<AlignmentCurves>();
    setObjectName("alignmentView");

    m_runMenu = new QMenu(this);
    m_runButton = new QToolButton(this);
    m_runButton->setObjectName("alignmentRunChooser");
    m_runButton->setText(tr("Runs"));
    m_runButton->setToolTip(tr("Stage-1 runs whose audio encoders are compared with the clip's frames, side by side"));
    m_runButton->setMenu(m_runMenu);
    m_runButton->setPopupMode(QToolButton::InstantPopup);
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

    m_legend = new QLabel(this);
    m_legend->setObjectName("alignmentLegend");
    m_legend->setWordWrap(true);
    m_legend->setTextFormat(Qt::RichText);
    m_legend->hide();

    m_thumbnail = new QLabel(this);
    m_thumbnail->setObjectName("alignmentThumbnail");
    m_thumbnail->setMinimumSize(160, 120);
    m_thumbnail->setAlignment(Qt::AlignCenter);
    m_thumbnail->setFrameShape(QFrame::StyledPanel);
    m_thumbnailCaption = new QLabel(tr("Click a plot to see a frame."), this);
    m_thumbnailCaption->setWordWrap(true);
    m_thumbnailCaption->setMaximumWidth(180);

    auto* top = new QHBoxLayout;
    top->addWidget(m_runButton);
    top->addWidget(m_status, 1);
    top->addWidget(m_export);
    auto* side = new QVBoxLayout;
    side->addWidget(m_thumbnail);
    side->addWidget(m_thumbnailCaption);
    side->addStretch(1);
    m_panelRow = new QHBoxLayout;
    m_panelRow->setSpacing(4);
    auto* middle = new QHBoxLayout;
    middle->addLayout(m_panelRow, 1);
    middle->addLayout(side);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_message);
    layout->addWidget(m_legend);
    layout->addLayout(middle, 1);

    auto* worker = new AlignmentWorker;
    worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, worker, &QObject::deleteLater);
    connect(this, &AlignmentView::computeRequested, worker, &AlignmentWorker::compute);
    connect(worker, &AlignmentWorker::computed, this, &AlignmentView::showCurves);
    m_thread.setObjectName("alignment");
    m_thread.start();
    recompute();
}

AlignmentView::~AlignmentView()
{
    m_thread.quit();
    m_thread.wait();
}

QStringList AlignmentView::availableRuns() const
{
    QStringList names;
    for (const RunInfo& run : m_project.runs())
        if (run.config.stage == TrainStage::Pretrain)
            names << run.name;
    return names;
}

QStringList AlignmentView::runNames() const
{
    QStringList names;
    for (const AlignmentRunPanel* panel : m_panels)
        names << panel->run().name;
    return names;
}

QString AlignmentView::runName() const
{
    return m_panels.empty() ? QString() : m_panels.front()->run().name;
}

AlignmentRunPanel* AlignmentView::panel(int index) const
{
    return index >= 0 && index < panelCount() ? m_panels[size_t(index)] : nullptr;
}

bool AlignmentView::isComputing() const
{
    return std::any_of(m_pending.begin(), m_pending.end(), [](int id) { return id != 0; });
}

const AlignmentCurves& AlignmentView::curves() const
{
    static const AlignmentCurves none;
    return m_panels.empty() ? none : m_panels.front()->curves();
}

const AlignmentCurves& AlignmentView::curves(const QString& name) const
{
    static const AlignmentCurves none;
    for (const AlignmentRunPanel* panel : m_panels)
        if (panel->run().name == name)
            return panel->curves();
    return none;
}

QCustomPlot* AlignmentView::plot() const
{
    return m_panels.empty() ? nullptr : m_panels.front()->plot();
}

QString AlignmentView::message() const
{
    if (!m_message->text().isEmpty())
        return m_message->text();
    if (!m_status->text().isEmpty() || m_panels.empty())
        return m_status->text();
    return m_panels.front()->message();
}

// One run per method, from the folder of the first run that picks the most similar frame (Nearest
// Match; else of the first run), in the registry's order (Random, Nearest, Multiframe, then any
// other method): the paper's comparison.
QStringList AlignmentView::defaultRuns() const
{
    const auto picks = [](const RunInfo* run) {
        return ClipPairingRegistry::traits(run->matching.toStdString()).picksMostSimilarFrame;
    };
    const RunInfo* anchor = nullptr;
    for (const RunInfo& run : m_project.runs())
        if (run.config.stage == TrainStage::Pretrain && (!anchor || (picks(&run) && !picks(anchor))))
            anchor = &run;
    if (!anchor)
        return {};
    const QString folder = anchor->name.section('/', 0, -2);
    QStringList order;
    for (const std::string& m : ClipPairingRegistry::matchings())
        order << QString::fromStdString(m);
    std::vector<const RunInfo*> chosen{anchor};
    for (const RunInfo& run : m_project.runs()) {
        const bool taken = std::any_of(chosen.begin(), chosen.end(), [&](const RunInfo* c) { return c->matching == run.matching; });
        if (run.config.stage == TrainStage::Pretrain && !taken && run.name.section('/', 0, -2) == folder)
            chosen.push_back(&run);
    }
    const auto rank = [&](const RunInfo* r) { return order.contains(r->matching) ? order.indexOf(r->matching) : order.size(); };
    std::stable_sort(chosen.begin(), chosen.end(), [&](const RunInfo* a, const RunInfo* b) { return rank(a) < rank(b); });
    QStringList names;
    for (const RunInfo* run : chosen)
        names << run->name;
    return names;
}

void AlignmentView::setProject(const Project& project)
{
    const QStringList previous = runNames();
    m_project = project;
    m_clipId.clear();
    QStringList keep;
    for (const QString& name : previous)
        if (const RunInfo* run = m_project.run(name); run && run->config.stage == TrainStage::Pretrain)
            keep << name;
    rebuildPanels(keep.isEmpty() ? defaultRuns() : keep);
}

bool AlignmentView::selectRun(const QString& name)
{
    return selectRuns({name});
}

bool AlignmentView::selectRuns(const QStringList& names)
{
    for (const QString& name : names)
        if (const RunInfo* run = m_project.run(name); !run || run->config.stage != TrainStage::Pretrain)
            return false;
    rebuildPanels(names);
    return true;
}

void AlignmentView::rebuildPanels(const QStringList& names)
{
    for (AlignmentRunPanel* panel : m_panels)
        delete panel;
    m_panels.clear();
    for (const QString& name : names) {
        const RunInfo* run = m_project.run(name);
        if (!run)
            continue;
        auto* panel = new AlignmentRunPanel(*run, this);
        connect(panel, &AlignmentRunPanel::frameClicked, this, &AlignmentView::selectFrame);
        m_panelRow->addWidget(panel, 1);
        m_panels.push_back(panel);
    }
    fillRunMenu();
    recompute();
}

void AlignmentView::fillRunMenu()
{
    m_runMenu->clear();
    const QStringList shown = runNames();
    for (const RunInfo& run : m_project.runs()) {
        if (run.config.stage != TrainStage::Pretrain)
            continue;
        QAction* action = m_runMenu->addAction(tr("%1 (%2)").arg(run.name, MethodName::of(run.matching)));
        action->setData(run.name);
        action->setCheckable(true);
        action->setChecked(shown.contains(run.name));
        // Queued: the rebuild deletes the menu's actions, this one included.
        connect(action, &QAction::toggled, this, &AlignmentView::runMenuChanged, Qt::QueuedConnection);
    }
    m_runButton->setText(tr("Runs (%n shown)", nullptr, int(shown.size())));
}

void AlignmentView::runMenuChanged()
{
    QStringList names = runNames();  // keep the order shown; a newly checked run goes last
    for (QAction* action : m_runMenu->actions()) {
        const QString name = action->data().toString();
        if (action->isChecked() && !names.contains(name))
            names << name;
        else if (!action->isChecked())
            names.removeAll(name);
    }
    rebuildPanels(names);
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
    m_pending.assign(m_panels.size(), 0);
    m_selectedFrame = -1;
    m_frameSeconds.clear();
    m_thumbnails.clear();
    m_thumbnailError.clear();
    m_thumbnail->clear();
    m_thumbnailCaption->setText(tr("Click a plot to see a frame."));
    showMessage({});
    m_status->clear();
    const ClipRecord* clip = m_project.clip(m_clipId);
    for (AlignmentRunPanel* panel : m_panels)
        panel->showProblem({});
    if (!m_project.isValid())
        showMessage(tr("Open a project to see alignment curves."));
    else if (availableRuns().isEmpty())
        showMessage(tr("This project has no stage-1 run yet: train one first."));
    else if (m_panels.empty())
        m_status->setText(tr("Choose runs to compare."));
    else if (m_clipId.isEmpty())
        m_status->setText(tr("Choose a clip."));
    else if (!clip)
        showMessage(tr("The project has no clip %1.").arg(m_clipId));
    else if (m_project.cacheFolder(QString::fromStdString(clip->split)).isEmpty())
        showMessage(tr("No prepared frame cache for the %1 split: prepare it first.")
                        .arg(QString::fromStdString(clip->split)));
    if (!m_message->text().isEmpty() || !m_status->text().isEmpty()) {
        updateExportButton();
        updateLegend();  // nothing drawn; while curves are computed the legend stays, so the layout does not jump
        return;
    }
    const auto truth = sourceFramesByClip(m_project.clips());
    bool thumbnailsAsked = false;
    for (size_t i = 0; i < m_panels.size(); ++i) {
        const RunInfo& run = m_panels[i]->run();
        if (!run.hasAudioEncoder) {
            m_panels[i]->showProblem(tr("Run %1 has no trained audio encoder yet.").arg(run.name));
            continue;
        }
        AlignmentRequest r;
        r.id = ++m_lastRequest;  // answers to earlier requests are now stale
        r.clipId = m_clipId;
        r.runName = run.name;
        r.matching = run.matching;
        r.cacheFolder = m_project.cacheFolder(QString::fromStdString(clip->split));
        r.encoderFolder = run.folder + "/audio-encoder";
        r.choicesFile = run.folder + "/choices.jsonl";         // train/FrameChoiceLog's files
        r.watchedFile = run.folder + "/watched_picks.jsonl";
        r.epochs = run.config.epochs;
        r.warmupEpochs = run.config.choiceWarmupEpochs();
        r.alignmentFile = run.folder + "/eval/alignment.json";
        r.sourceFrames = truth;
        r.mediaPath = m_project.mediaPath(m_clipId);
        r.withThumbnails = !thumbnailsAsked;
        r.segmentSeconds = run.config.segmentSeconds;
        thumbnailsAsked = true;
        m_pending[i] = r.id;
        m_panels[i]->showComputing();
        Q_EMIT computeRequested(r);
    }
    updateExportButton();
}

void AlignmentView::showCurves(const AlignmentCurves& curves)
{
    const auto at = std::find(m_pending.begin(), m_pending.end(), curves.requestId);
    if (curves.requestId == 0 || at == m_pending.end())
        return;  // the user moved on
    *at = 0;
    AlignmentRunPanel* panel = m_panels[size_t(at - m_pending.begin())];
    panel->showCurves(curves, m_project.clip(m_clipId));
    if (curves.error.isEmpty() && curves.frameCount() > 0) {
        if (m_frameSeconds.isEmpty())
            m_frameSeconds = curves.frameSeconds;
        if (!curves.thumbnails.isEmpty() || !curves.thumbnailError.isEmpty()) {
            m_thumbnails = curves.thumbnails;
            m_thumbnailError = curves.thumbnailError;
        }
        // First the leftmost computed run's most similar frame; later answers refresh the caption.
        showFrame(m_selectedFrame >= 0 ? m_selectedFrame : curves.argmaxFrame);
    }
    updateExportButton();
    updateLegend();
    Q_EMIT curvesShown();
}

void AlignmentView::updateLegend()
{
    QStringList entries;  // each marker once, in the order the panels drew them
    for (const AlignmentRunPanel* panel : m_panels)
        for (const QString& entry : panel->legendEntries())
            if (!entries.contains(entry))
                entries << entry;
    m_legend->setText(entries.join(QStringLiteral(" &nbsp; &nbsp; ")));
    m_legend->setVisible(!entries.isEmpty());
}

void AlignmentView::updateExportButton()
{
    m_export->setEnabled(std::any_of(m_panels.begin(), m_panels.end(), [](const AlignmentRunPanel* p) {
        return p->curves().error.isEmpty() && p->curves().frameCount() > 0;
    }));
}

QStringList AlignmentView::exportAlignment(const QString& folder)
{
    QStringList written;
    std::vector<const AlignmentRunPanel*> shown;
    for (const AlignmentRunPanel* panel : m_panels)
        if (panel->curves().error.isEmpty() && panel->curves().frameCount() > 0)
            shown.push_back(panel);
    if (shown.empty()) {
        showMessage(tr("No alignment is shown: nothing to export."));
        return written;
    }
    try {
        for (const AlignmentRunPanel* panel : shown) {
            const AlignmentCurves& curves = panel->curves();
            AlignmentExportClip c;
            c.clipId = curves.clipId.toStdString();
            for (double t : curves.frameSeconds)
                c.frameSeconds.push_back(t - clipStart());
            c.audioToFrame.assign(curves.audioToFrame.begin(), curves.audioToFrame.end());
            c.argmaxFrame = curves.argmaxFrame;
            if (const ClipRecord* clip = m_project.clip(curves.clipId))
                c.events = clip->events;
            std::filesystem::path dir = std::filesystem::u8path(folder.toStdString());
            if (shown.size() > 1)
                dir /= AlignmentExport::fileStem(panel->run().name.toStdString());
            for (const auto& path : AlignmentExport(c).write(dir))
                written << QString::fromStdString(path.u8string());
        }
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

void AlignmentView::selectFrame(int frame)
{
    if (frame < 0 || frame >= m_frameSeconds.size())
        return;
    showFrame(frame);
    Q_EMIT frameRequested(m_clipId, m_frameSeconds[frame]);
}

void AlignmentView::showFrame(int frame)
{
    m_selectedFrame = frame;
    for (AlignmentRunPanel* panel : m_panels)
        panel->setSelectedFrame(frame);
    if (frame < m_thumbnails.size())
        m_thumbnail->setPixmap(QPixmap::fromImage(m_thumbnails[frame]));
    else
        m_thumbnail->setText(tr("no picture"));
    // Numbered from 0: the cached-frame index of choices.jsonl, alignment.json and the exports.
    QString caption = tr("Frame %1 at %2 s").arg(frame).arg(m_frameSeconds.value(frame) - clipStart(), 0, 'f', 2);
    for (const AlignmentRunPanel* panel : m_panels)
        if (panel->curves().frameCount() > frame && panel->curves().error.isEmpty())
            caption += "\n" + tr("%1: cosine %2")
                                  .arg(MethodName::of(panel->run().matching))
                                  .arg(panel->curves().audioToFrame.value(frame), 0, 'f', 3);
    if (m_thumbnails.isEmpty() && !m_thumbnailError.isEmpty())
        caption += "\n" + tr("(no thumbnail: %1)").arg(m_thumbnailError);
    m_thumbnailCaption->setText(caption);
}

} // namespace soundframe::gui

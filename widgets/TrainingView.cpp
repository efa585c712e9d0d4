#include "TrainingView.h"
#include "MethodName.h"

#include "ReportTable.h"
#include "TrainingController.h"
#include "TrainingForm.h"
#include "TrainingPlots.h"
#include "base/Error.h"
#include "ShippedConfigs.h"
#include "train/TrainConfig.h"
#include "train/TrainingCurves.h"

#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPainter>
#include <QPixmap>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalBlocker>
#include <QSplitter>
#include <QThread>
#include <QTimer>
#include <QVBoxLayout>

namespace soundframe::gui {

namespace {

// A run's colour in the History list, as the legend shows it; transparent while it is not shown.
QIcon colourSwatch(const QColor& colour)
{
    QPixmap pixmap(12, 12);
    pixmap.fill(Qt::transparent);
    if (colour.isValid()) {
        QPainter painter(&pixmap);
        painter.fillRect(1, 1, 10, 10, colour);
    }
    return QIcon(pixmap);
}

QString formatDuration(double seconds)
{
    const qint64 s = qint64(seconds + 0.5);
    return s >= 3600 ? QStringLiteral("%1:%2:%3").arg(s / 3600).arg(s / 60 % 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'))
                     : QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

// The form's column: as tall as the form wants while the column has room, and scrolling, rather than
// pushing the log and the report out of a small window, when Advanced is open. (QScrollArea's own
// size hint is the form's first one, cached, and bounded by 24 lines.)
class FormArea : public QScrollArea {
public:
    explicit FormArea(QWidget* form, QWidget* parent) : QScrollArea(parent)
    {
        setWidget(form);
        setWidgetResizable(true);
        setFrameShape(QFrame::NoFrame);
        setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    }
    QSize sizeHint() const override
    {
        return widget()->sizeHint() + QSize(verticalScrollBar()->sizeHint().width(), 0);
    }
    QSize minimumSizeHint() const override
    {
        return {widget()->minimumSizeHint().width() + verticalScrollBar()->sizeHint().width(), 4 * fontMetrics().height()};
    }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (watched == widget() && event->type() == QEvent::LayoutRequest)
            updateGeometry();  // rows shown or hidden: a new size hint
        return QScrollArea::eventFilter(watched, event);
    }
};

} // namespace

TrainingView::TrainingView(QWidget* parent) : QWidget(parent), m_controller(new TrainingController(this))
{
    m_form = new TrainingForm(this);
    // The demo's recipe first: the app opens on the demo project, and TrainConfig's own defaults
    // (lr 3e-4, 10 epochs) are not what the demo trains with.
    m_form->setRecipe(QStringLiteral("demo-stage1"));

    m_startButton = new QPushButton(tr("Start"), this);
    m_startButton->setToolTip(tr("Start a new run with these settings in the project's runs folder"));
    m_pauseButton = new QPushButton(tr("Pause"), this);
    m_pauseButton->setToolTip(tr("Stop after the current step and keep a checkpoint to resume from"));
    m_resumeButton = new QPushButton(tr("Resume"), this);
    m_resumeButton->setObjectName(QStringLiteral("resume"));
    m_resumeButton->setToolTip(tr("Continue the paused run, or the interrupted run selected in History, from its "
                                  "checkpoint with the settings it was started with"));
    m_stopButton = new QPushButton(tr("Stop"), this);
    m_stopButton->setToolTip(tr("Stop the run; its checkpoint stays, so it can be resumed later from History"));
    connect(m_startButton, &QPushButton::clicked, this, &TrainingView::start);
    connect(m_pauseButton, &QPushButton::clicked, this, &TrainingView::pause);
    connect(m_resumeButton, &QPushButton::clicked, this, &TrainingView::resume);
    connect(m_stopButton, &QPushButton::clicked, this, &TrainingView::stop);
    auto* buttons = new QHBoxLayout;
    for (QPushButton* b : {m_startButton, m_pauseButton, m_resumeButton, m_stopButton})
        buttons->addWidget(b);

    m_progress = new QProgressBar(this);
    m_progress->setToolTip(tr("Optimiser steps done out of the run's total"));
    m_eta = new QLabel(this);
    m_eta->setToolTip(tr("Estimated time left, from the speed of the steps so far"));
    m_status = new QLabel(tr("No project open"), this);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* progressRow = new QHBoxLayout;
    progressRow->addWidget(m_progress, 1);
    progressRow->addWidget(m_eta);

    m_log = new QPlainTextEdit(this);
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(5000);
    m_log->setToolTip(tr("The run's log"));
    m_report = new ReportTable(this);

    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(new FormArea(m_form, left));
    leftLayout->addLayout(buttons);
    leftLayout->addLayout(progressRow);
    leftLayout->addWidget(m_status);
    leftLayout->addWidget(new QLabel(tr("Log"), this));
    leftLayout->addWidget(m_log, 2);
    leftLayout->addWidget(new QLabel(tr("Test-set retrieval (%)"), this));
    leftLayout->addWidget(m_report, 1);

    m_plots = new TrainingPlots(this);

    auto* splitter = new QSplitter(this);
    splitter->addWidget(left);
    splitter->addWidget(m_plots);
    splitter->addWidget(buildHistory());
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({300, 640, 320});
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    m_replotTimer = new QTimer(this);
    m_replotTimer->setInterval(100);
    connect(m_replotTimer, &QTimer::timeout, this, &TrainingView::replot);

    connect(m_controller, &TrainingController::metricsReported, this, &TrainingView::addPoint);
    connect(m_controller, &TrainingController::logLine, this, &TrainingView::appendLog);
    connect(m_controller, &TrainingController::finished, this, &TrainingView::onFinished);
    connect(m_controller, &TrainingController::failed, this, &TrainingView::onFailed);
    connect(m_controller, &TrainingController::stopped, this, &TrainingView::onStopped);
    setState(State::Idle);
}

TrainingView::~TrainingView() = default;  // the controller (a child) cancels and joins its thread

QWidget* TrainingView::buildHistory()
{
    auto* panel = new QWidget(this);
    m_history = new QListWidget(panel);
    m_history->setObjectName(QStringLiteral("history"));
    // A label wider than the list goes on over a second line (before its method, or at a hyphen of
    // the run's name) rather than lose its middle: "stage1-multif…e" and "stage2-multif…e" look alike.
    m_history->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_history->setWordWrap(true);
    m_history->setTextElideMode(Qt::ElideNone);
    m_history->setResizeMode(QListView::Adjust);  // re-wrap when the splitter moves
    m_history->setIconSize(QSize(12, 12));        // the colour swatch's size: no wider gap before the name
    m_history->setToolTip(tr("The project's runs: check one to overlay its curves (from its metrics.jsonl) on "
                             "the plots; the run being trained is checked while it runs. Select an interrupted "
                             "run to resume it"));
    connect(m_history, &QListWidget::itemChanged, this, &TrainingView::onHistoryItemChanged);
    connect(m_history, &QListWidget::currentItemChanged, this, &TrainingView::updateButtons);
    auto* layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("History"), panel));
    layout->addWidget(m_history, 1);
    return panel;
}

QString TrainingView::runLabel(const QString& runFolder) const
{
    QString name = QDir(m_project.runsFolder()).relativeFilePath(runFolder);
    QString matching;
    if (runFolder == m_runDir)
        matching = m_form->stage() == 0 ? QStringLiteral("tagging") : m_form->stage() == 1 ? m_form->matching() : m_form->startFromMethod();
    for (const RunInfo& run : m_project.runs())
        if (run.folder == runFolder) {
            name = run.name;
            matching = run.matching;
        }
    // No-break spaces: a label too wide for the History list wraps before the method, not inside it.
    const QString method = MethodName::of(matching).replace(QLatin1Char(' '), QChar(0x00A0));
    return method.isEmpty() ? name : tr("%1 (%2)").arg(name, method);
}

void TrainingView::reloadHistory()
{
    QStringList listed;
    {
        const QSignalBlocker block(m_history);
        const QString selected = m_history->currentItem() ? m_history->currentItem()->data(Qt::UserRole).toString() : QString();
        m_history->clear();
        for (const RunInfo& run : m_project.runs()) {
            const bool interrupted = run.isInterrupted() && !(isTraining() && run.folder == m_runDir);
            auto* item = new QListWidgetItem(interrupted ? tr("%1, interrupted").arg(runLabel(run.folder)) : runLabel(run.folder),
                                             m_history);
            item->setData(Qt::UserRole, run.folder);
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setToolTip(interrupted ? tr("%1\nInterrupted: it has a checkpoint; select it and press Resume").arg(run.folder)
                                         : run.folder);
            if (run.folder == selected)
                m_history->setCurrentItem(item);
            listed << run.folder;
        }
    }
    m_form->setProject(m_project);  // its Start-from list: the finished runs
    // A shown run whose folder is gone is no longer offered: take its curves away too.
    for (const QString& shown : m_plots->runs())
        if (!listed.contains(shown) && shown != m_runDir)
            m_plots->removeRun(shown);
    markHistory();
    updateButtons();
}

void TrainingView::markHistory()
{
    const QSignalBlocker block(m_history);
    const QStringList shown = shownRuns();
    for (int i = 0; i < m_history->count(); ++i) {
        QListWidgetItem* item = m_history->item(i);
        const QString folder = item->data(Qt::UserRole).toString();
        item->setCheckState(shown.contains(folder) ? Qt::Checked : Qt::Unchecked);
        item->setIcon(colourSwatch(m_plots->colour(folder)));
    }
}

void TrainingView::onHistoryItemChanged(QListWidgetItem* item)
{
    showRun(item->data(Qt::UserRole).toString(), item->checkState() == Qt::Checked);
}

QStringList TrainingView::historyRuns() const
{
    QStringList folders;
    for (int i = 0; i < m_history->count(); ++i)
        folders << m_history->item(i)->data(Qt::UserRole).toString();
    return folders;
}

QStringList TrainingView::shownRuns() const
{
    QStringList shown = m_plots->runs();
    // The live run counts from the moment it is chosen, before its first points are drawn.
    if (m_liveShown && isTraining() && !shown.contains(m_runDir))
        shown << m_runDir;
    return shown;
}

bool TrainingView::showRun(const QString& runFolder, bool shown)
{
    const bool live = isTraining() && runFolder == m_runDir;
    if (!live && !historyRuns().contains(runFolder))
        return false;
    if (runFolder == m_runDir)
        m_liveShown = shown;  // also for a paused run: Resume shows it again only if it is checked
    bool ok = true;
    if (!shown) {
        m_plots->removeRun(runFolder);
    } else if (live) {
        m_dirty = true;
        replot();
    } else {
        const auto records = TrainMetrics::readFile(QDir(runFolder).filePath(QStringLiteral("metrics.jsonl")).toStdString());
        ok = !records.empty();
        if (ok)
            m_plots->setRun(runFolder, runLabel(runFolder), TrainingCurves::fromMetrics(records));
    }
    markHistory();
    return ok;
}

void TrainingView::setSmoothing(double weight)
{
    m_plots->setSmoothing(weight);
}

double TrainingView::smoothing() const
{
    return m_plots->smoothing();
}

void TrainingView::setForm(int stage, const QString& matching, int epochs, int batchSize, double learningRate, int seed)
{
    m_form->setForm(stage, matching, epochs, batchSize, learningRate, seed);
}

void TrainingView::setConfig(const QString& name)
{
    if (const QString error = m_form->setRecipe(name); !error.isEmpty())
        setStatus(error);
}

QString TrainingView::configName() const { return m_form->recipeName(); }

bool TrainingView::selectHistoryRun(const QString& runFolder)
{
    for (int i = 0; i < m_history->count(); ++i)
        if (m_history->item(i)->data(Qt::UserRole).toString() == runFolder) {
            m_history->setCurrentRow(i);
            return true;
        }
    return false;
}

QString TrainingView::selectedInterruptedRun() const
{
    const QListWidgetItem* item = m_history->currentItem();
    if (!item)
        return {};
    const QString folder = item->data(Qt::UserRole).toString();
    for (const RunInfo& run : m_project.runs())
        if (run.folder == folder && run.isInterrupted())
            return folder;
    return {};
}

bool TrainingView::canResume() const
{
    return !isTraining() && (m_state == State::Paused ? !m_runDir.isEmpty() : !selectedInterruptedRun().isEmpty());
}

void TrainingView::setProject(const Project& project)
{
    if (isTraining())
        stop();
    m_project = project;
    m_runDir.clear();
    m_liveRecords.clear();
    m_liveShown = false;
    m_plots->clear();
    reloadHistory();
    setState(State::Idle);
    if (!m_project.isValid())
        setStatus(tr("No project open"));
    else if (m_project.cacheFolder(QStringLiteral("train")).isEmpty())
        setStatus(tr("This project has no prepared training cache (cache/train); run soundframe-cli prepare first"));
    else
        setStatus(tr("Ready to train on %1").arg(m_project.cacheFolder(QStringLiteral("train"))));
}

bool TrainingView::isTraining() const
{
    return m_controller->isRunning();
}

QString TrainingView::statusText() const
{
    return m_status->text();
}

int TrainingView::plotPointCount(const QString& plot) const
{
    return m_plots->pointCount(plot);
}

QString TrainingView::newRunFolder() const
{
    // Named as the demo names its runs: the stage and what sets it apart (stage 1: its matching;
    // stage 2: how the encoder it continues was trained).
    const int stage = m_form->stage();
    const QString base = stage == 0 ? QStringLiteral("tagging-seed%1").arg(m_form->seed())
                                    : QStringLiteral("stage%1-%2-seed%3")
                                          .arg(stage)
                                          .arg(stage == 1 ? m_form->matching() : m_form->startFromMethod())
                                          .arg(m_form->seed());
    const QDir app(QDir(m_project.runsFolder()).filePath(QStringLiteral("app")));
    QString name = base;
    for (int n = 2; QFileInfo::exists(app.filePath(name)); ++n)
        name = base + QStringLiteral("-%1").arg(n);
    return app.filePath(name);
}

std::optional<TrainConfig> TrainingView::trainConfig(QString* error) const
{
    TrainConfig c = m_form->formToConfig();
    c.trainCache = m_project.cacheFolder(QStringLiteral("train")).toStdString();
    c.valCache = m_project.cacheFolder(QStringLiteral("val")).toStdString();
    c.validateEachEpoch = c.validateEachEpoch && !c.valCache.empty();
    // Stage 1 watches the test clips (Nearest's pick per epoch, for the Alignment view).
    if (c.stage == TrainStage::Pretrain)
        c.watchCache = m_project.cacheFolder(QStringLiteral("test")).toStdString();
    c.clipDir = m_project.clipModelFolder().toStdString();
    // The project's audio encoder config (the demo's matches its stand-in) unless the config names one.
    const QString encoderConfig = QDir(m_project.folder()).filePath(QStringLiteral("audio-encoder.json"));
    if (c.audioEncoderConfig.empty() && QFileInfo(encoderConfig).isFile())
        c.audioEncoderConfig = encoderConfig.toStdString();
    // "auto" threads leave a core to the GUI so the window stays responsive.
    if (c.threads <= 0)
        c.threads = std::max(1, QThread::idealThreadCount() - 1);
    c.runDir = newRunFolder().toStdString();
    try {
        c.audioEncoderConfig = ShippedConfigs::audioEncoderConfigFile(c.audioEncoderConfig, c.runDir);
        c.validate(tr("training form").toStdString());
    } catch (const Error& e) {
        *error = QString::fromStdString(e.what());
        return std::nullopt;
    }
    return c;
}

void TrainingView::start()
{
    if (isTraining())
        return;
    if (!m_project.isValid() || m_project.cacheFolder(QStringLiteral("train")).isEmpty()) {
        setStatus(tr("Cannot train: open a project with a prepared training cache first"));
        return;
    }
    QString error;
    const std::optional<TrainConfig> config = trainConfig(&error);
    if (!config) {
        setStatus(tr("Cannot train: %1").arg(error));
        return;
    }
    m_runDir = QString::fromStdString(config->runDir);
    // Runs shown from History stay overlaid; the new run joins them.
    m_liveRecords.clear();
    m_liveShown = true;
    m_report->clearReport();
    m_log->clear();
    m_progress->setValue(0);
    launch(*config, false);
}

std::optional<TrainConfig> TrainingView::savedConfig(const QString& runFolder, QString* error) const
{
    // The trainer refuses a resume whose config differs from the checkpoint's, except in where and
    // how fast it runs: the run continues with RUN/config.json as written, on this machine's threads.
    try {
        TrainConfig c = TrainConfig::fromJsonFile(QDir(runFolder).filePath(QStringLiteral("config.json")).toStdString());
        c.runDir = runFolder.toStdString();
        if (c.threads <= 0)
            c.threads = std::max(1, QThread::idealThreadCount() - 1);
        return c;
    } catch (const Error& e) {
        *error = QString::fromStdString(e.what());
        return std::nullopt;
    }
}

void TrainingView::resume()
{
    if (!canResume())
        return;
    const QString run = m_state == State::Paused ? m_runDir : selectedInterruptedRun();
    QString error;
    const std::optional<TrainConfig> config = savedConfig(run, &error);
    if (!config) {
        setStatus(tr("Cannot resume: %1").arg(error));
        return;
    }
    if (m_state != State::Paused) {
        // A run of an earlier session: its curves so far, then what the resumed steps add.
        m_runDir = run;
        m_liveRecords = TrainMetrics::readFile(QDir(run).filePath(QStringLiteral("metrics.jsonl")).toStdString());
        m_liveShown = true;
        m_report->clearReport();
        m_log->clear();
        m_progress->setValue(0);
    }
    m_form->applyConfigToForm(*config);  // what the run continues with, read-only while it runs
    launch(*config, true);
}

void TrainingView::launch(const TrainConfig& config, bool resume)
{
    TrainingRequest request;
    request.config = config;
    request.resume = resume;
    request.testCache = m_project.cacheFolder(QStringLiteral("test"));
    request.clipDir = m_project.clipModelFolder();
    m_forgetAfterStop = false;
    m_resumable = false;
    m_stepsAtStart = -1;
    m_announced = false;
    m_clock.start();
    if (!m_controller->start(request))
        return;
    setState(State::Running);
    setStatus(resume ? tr("Resuming %1").arg(m_runDir) : tr("Training into %1").arg(m_runDir));
    m_replotTimer->start();
}

void TrainingView::pause()
{
    if (!isTraining())
        return;
    m_controller->cancel();
    setStatus(tr("Pausing: saving a checkpoint…"));
}

void TrainingView::stop()
{
    if (isTraining()) {
        m_forgetAfterStop = true;
        m_controller->cancel();
        setStatus(tr("Stopping…"));
    } else if (m_state == State::Paused) {
        m_runDir.clear();
        setState(State::Idle);
        setStatus(tr("Stopped"));
    }
}

void TrainingView::addPoint(const TrainingPoint& point)
{
    TrainMetrics record = point.toMetrics();
    // A resumed run repeats the steps after its checkpoint: drop what they replace, as the trainer
    // trims metrics.jsonl.
    if (record.kind == "step")
        while (!m_liveRecords.empty() && m_liveRecords.back().step >= record.step)
            m_liveRecords.pop_back();
    m_liveRecords.push_back(std::move(record));
    m_dirty = true;
    if (!m_announced) {
        // The trainer has written config.json and metrics.jsonl: the run is listed from now on.
        m_announced = true;
        m_project.reloadRuns();
        reloadHistory();
        Q_EMIT runStarted(m_runDir);
    }
    if (point.kind == QLatin1String("step") && point.totalSteps > 0) {
        m_progress->setMaximum(int(point.totalSteps));
        m_progress->setValue(int(point.step));
        if (m_stepsAtStart < 0) {
            m_stepsAtStart = point.step;
            m_clock.restart();
        } else if (point.step > m_stepsAtStart) {
            const double perStep = m_clock.elapsed() / 1000.0 / double(point.step - m_stepsAtStart);
            m_eta->setText(tr("%1 left").arg(formatDuration(perStep * double(point.totalSteps - point.step))));
        }
    }
}

void TrainingView::replot()
{
    if (!m_dirty)
        return;
    m_dirty = false;
    if (!m_liveShown || m_runDir.isEmpty() || m_liveRecords.empty())
        return;
    const bool added = !m_plots->hasRun(m_runDir);
    m_plots->setRun(m_runDir, runLabel(m_runDir), TrainingCurves::fromMetrics(m_liveRecords));
    if (added)
        markHistory();  // its colour swatch
}

void TrainingView::onFinished(bool completed, bool cancelled, const QString& runDir, const QString& reportMarkdown)
{
    if (completed) {
        m_progress->setValue(m_progress->maximum());
        m_eta->clear();
        const QString report = QDir(runDir).filePath(QStringLiteral("eval/report.json"));
        if (QFileInfo(report).isFile())
            m_report->loadFile(report);
        if (!reportMarkdown.isEmpty())
            appendLog(reportMarkdown);
        setStatus(tr("Finished: %1").arg(runDir));
    }
    // Completed and cancelled: the pause or stop landed in the evaluation after training.
    m_resumable = cancelled && !m_forgetAfterStop;
    if (m_resumable)
        setStatus(completed ? tr("Paused before the evaluation ended; Resume evaluates the run")
                            : tr("Paused; Resume continues from the checkpoint"));
    else if (completed && cancelled)
        setStatus(tr("Finished without evaluation: %1").arg(runDir));
    else if (!completed)
        setStatus(tr("Stopped"));
    m_project.reloadRuns();
    reloadHistory();
    Q_EMIT runFinished(runDir, completed);
}

void TrainingView::onFailed(const QString& message)
{
    appendLog(tr("Error: %1").arg(message));
    setStatus(tr("Training failed: %1").arg(message));
    m_forgetAfterStop = true;
    m_resumable = false;
}

void TrainingView::onStopped()
{
    m_replotTimer->stop();
    m_dirty = true;
    replot();
    // A cancelled run that was paused (not stopped or failed) keeps its folder for Resume.
    setState(m_resumable ? State::Paused : State::Idle);
}

void TrainingView::setState(State state)
{
    m_state = state;
    const bool running = state == State::Running;
    m_startButton->setEnabled(!running && m_project.isValid());
    m_pauseButton->setEnabled(running);
    m_stopButton->setEnabled(running || state == State::Paused);
    m_form->setLocked(running || state == State::Paused);
    updateButtons();
    Q_EMIT stateChanged(state);
}

void TrainingView::updateButtons()
{
    m_resumeButton->setEnabled(canResume());
}

void TrainingView::setStatus(const QString& text)
{
    m_status->setText(text);
}

void TrainingView::appendLog(const QString& line)
{
    m_log->appendPlainText(line);
}

} // namespace soundframe::gui

#include "TrainingView.h"

#include "ReportTable.h"
#include "TrainingController.h"
#include "TrainingPlots.h"
#include "base/Error.h"
#include "ShippedConfigs.h"
#include "train/TrainConfig.h"
#include "train/TrainingCurves.h"

#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPainter>
#include <QPixmap>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
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

} // namespace

TrainingView::TrainingView(QWidget* parent) : QWidget(parent), m_controller(new TrainingController(this))
{
    auto* form = new QGroupBox(tr("Run"), this);
    buildForm(form);
    connect(m_config, &QComboBox::activated, this, [this](int index) { setConfig(m_config->itemData(index).toString()); });
    // The demo's recipe first: the app opens on the demo project, and TrainConfig's own defaults
    // (lr 3e-4, 10 epochs) are not what the demo trains with.
    setConfig(QStringLiteral("demo-stage1"));

    m_startButton = new QPushButton(tr("Start"), this);
    m_startButton->setToolTip(tr("Start a new run with these settings in the project's runs folder"));
    m_pauseButton = new QPushButton(tr("Pause"), this);
    m_pauseButton->setToolTip(tr("Stop after the current step and keep a checkpoint to resume from"));
    m_resumeButton = new QPushButton(tr("Resume"), this);
    m_resumeButton->setToolTip(tr("Continue the paused run from its checkpoint"));
    m_stopButton = new QPushButton(tr("Stop"), this);
    m_stopButton->setToolTip(tr("Stop the run; it can no longer be resumed from this view"));
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
    leftLayout->addWidget(form);
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

void TrainingView::buildForm(QWidget* box)
{
    const TrainConfig defaults;
    m_config = new QComboBox(box);
    m_config->addItem(tr("defaults"), QString());
    for (const QString& name : ShippedConfigs::names(ShippedConfigs::Training))
        m_config->addItem(name, name);
    m_config->setObjectName(QStringLiteral("config"));
    m_config->setToolTip(tr("A shipped training config (soundframe-cli pretrain --list-configs): it fills the form "
                            "and the settings the form does not show; the form's fields override it"));
    m_stage = new QComboBox(box);
    m_stage->addItem(tr("1: audio-image pretraining"), 1);
    m_stage->addItem(tr("2: audio-text fine-tuning"), 2);
    m_stage->setObjectName(QStringLiteral("stage"));
    m_stage->setCurrentIndex(defaults.stage == TrainStage::Finetune ? 1 : 0);
    m_stage->setToolTip(tr("Stage 1 learns audio embeddings from video frames; stage 2 fine-tunes them on "
                           "captions, starting from a finished stage-1 run with the same matching"));
    m_matching = new QComboBox(box);
    m_matching->addItem(tr("Random"), QStringLiteral("random"));
    m_matching->addItem(tr("Nearest"), QStringLiteral("nearest"));
    m_matching->addItem(tr("Multiframe"), QStringLiteral("multiframe"));
    m_matching->setCurrentIndex(m_matching->findData(QString::fromStdString(defaults.matching)));
    m_matching->setToolTip(tr("How a clip's audio is paired with its frames: a random frame, the frame most "
                              "similar to the audio (after %n warm-up epoch(s)), or every frame with its own "
                              "audio segment", nullptr, defaults.nearestWarmupEpochs));
    m_epochs = new QSpinBox(box);
    m_epochs->setObjectName(QStringLiteral("epochs"));
    m_epochs->setRange(1, 10000);
    m_epochs->setValue(defaults.epochs);
    m_epochs->setToolTip(tr("Passes over the training cache (default %1)").arg(defaults.epochs));
    m_batch = new QSpinBox(box);
    m_batch->setRange(2, 65536);
    m_batch->setValue(defaults.batchSize);
    m_batch->setToolTip(tr("Clips per batch; the other clips of a batch are the negatives (default %1)").arg(defaults.batchSize));
    m_learningRate = new QDoubleSpinBox(box);
    m_learningRate->setObjectName(QStringLiteral("learningRate"));
    m_learningRate->setDecimals(6);
    m_learningRate->setRange(1e-6, 1.0);
    m_learningRate->setSingleStep(1e-4);
    m_learningRate->setValue(defaults.learningRate);
    m_learningRate->setToolTip(tr("AdamW peak learning rate, with linear warm-up and cosine decay (default %1)")
                                   .arg(defaults.learningRate));
    m_seed = new QSpinBox(box);
    m_seed->setRange(0, 1000000);
    m_seed->setValue(defaults.seed);
    m_seed->setToolTip(tr("Seed of the data order, frame draws and initialisation (default %1)").arg(defaults.seed));
    auto* layout = new QFormLayout(box);
    layout->addRow(tr("Config"), m_config);
    layout->addRow(tr("Stage"), m_stage);
    layout->addRow(tr("Matching"), m_matching);
    layout->addRow(tr("Epochs"), m_epochs);
    layout->addRow(tr("Batch size"), m_batch);
    layout->addRow(tr("Learning rate"), m_learningRate);
    layout->addRow(tr("Seed"), m_seed);
}

QWidget* TrainingView::buildHistory()
{
    auto* panel = new QWidget(this);
    m_history = new QListWidget(panel);
    m_history->setObjectName(QStringLiteral("history"));
    // Long run names lose their middle rather than need a scroll bar; the tooltip has the folder.
    m_history->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_history->setTextElideMode(Qt::ElideMiddle);
    m_history->setToolTip(tr("The project's runs: check one to overlay its curves (from its metrics.jsonl) on "
                             "the plots; the run being trained is checked while it runs"));
    connect(m_history, &QListWidget::itemChanged, this, &TrainingView::onHistoryItemChanged);
    auto* layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("History"), panel));
    layout->addWidget(m_history, 1);
    return panel;
}

QString TrainingView::runLabel(const QString& runFolder) const
{
    QString name = QDir(m_project.runsFolder()).relativeFilePath(runFolder);
    QString matching = runFolder == m_runDir ? m_matching->currentData().toString() : QString();
    for (const RunInfo& run : m_project.runs())
        if (run.folder == runFolder) {
            name = run.name;
            matching = run.matching;
        }
    const QString method = matching == QLatin1String("random")       ? tr("Random")
                         : matching == QLatin1String("nearest")      ? tr("Nearest")
                         : matching == QLatin1String("multiframe")   ? tr("Multiframe")
                         : matching == QLatin1String("tagging")      ? tr("audio tagging")
                         : matching == QLatin1String("scratch")      ? tr("from scratch")
                                                                     : matching;
    return method.isEmpty() ? name : tr("%1 (%2)").arg(name, method);
}

void TrainingView::reloadHistory()
{
    QStringList listed;
    {
        const QSignalBlocker block(m_history);
        m_history->clear();
        for (const RunInfo& run : m_project.runs()) {
            auto* item = new QListWidgetItem(runLabel(run.folder), m_history);
            item->setData(Qt::UserRole, run.folder);
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setToolTip(run.folder);
            listed << run.folder;
        }
    }
    // A shown run whose folder is gone is no longer offered: take its curves away too.
    for (const QString& shown : m_plots->runs())
        if (!listed.contains(shown) && shown != m_runDir)
            m_plots->removeRun(shown);
    markHistory();
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
    m_stage->setCurrentIndex(stage == 2 ? 1 : 0);
    m_matching->setCurrentIndex(std::max(0, m_matching->findData(matching)));
    m_epochs->setValue(epochs);
    m_batch->setValue(batchSize);
    m_learningRate->setValue(learningRate);
    m_seed->setValue(seed);
}

void TrainingView::setConfig(const QString& name)
{
    const int index = m_config->findData(name);
    if (index < 0)
        return;
    TrainConfig c;
    if (!name.isEmpty()) {
        try {
            const auto text = ShippedConfigs::resolve(ShippedConfigs::Training, name);
            c = TrainConfig::fromJson(text.json, text.where);
        } catch (const Error& e) {
            setStatus(QString::fromStdString(e.what()));
            return;
        }
    }
    m_recipe = c;
    const QSignalBlocker block(m_config);
    m_config->setCurrentIndex(index);
    setForm(c.stage == TrainStage::Finetune ? 2 : 1, QString::fromStdString(c.matching), c.epochs, c.batchSize, c.learningRate,
            c.seed);
}

QString TrainingView::configName() const { return m_config->currentData().toString(); }

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
    const QString base = QStringLiteral("stage%1-%2-seed%3")
                             .arg(m_stage->currentData().toInt())
                             .arg(m_matching->currentData().toString())
                             .arg(m_seed->value());
    const QDir app(QDir(m_project.runsFolder()).filePath(QStringLiteral("app")));
    QString name = base;
    for (int n = 2; QFileInfo::exists(app.filePath(name)); ++n)
        name = base + QStringLiteral("-%1").arg(n);
    return app.filePath(name);
}

std::optional<TrainConfig> TrainingView::trainConfig(QString* error) const
{
    TrainConfig c = m_recipe;
    const int stage = m_stage->currentData().toInt();
    c.stage = stage == 2 ? TrainStage::Finetune : TrainStage::Pretrain;
    c.matching = m_matching->currentData().toString().toStdString();
    c.trainCache = m_project.cacheFolder(QStringLiteral("train")).toStdString();
    c.valCache = m_project.cacheFolder(QStringLiteral("val")).toStdString();
    c.validateEachEpoch = !c.valCache.empty();
    c.clipDir = m_project.clipModelFolder().toStdString();
    // The project's audio encoder config (the demo's matches its stand-in) unless the config names one.
    const QString encoderConfig = QDir(m_project.folder()).filePath(QStringLiteral("audio-encoder.json"));
    if (c.audioEncoderConfig.empty() && QFileInfo(encoderConfig).isFile())
        c.audioEncoderConfig = encoderConfig.toStdString();
    if (stage == 2) {
        // Stage 2 continues the stage-1 run with the same matching (same seed preferred).
        const RunInfo* from = nullptr;
        for (const RunInfo& r : m_project.runs())
            if (r.config.stage == TrainStage::Pretrain && r.hasAudioEncoder && r.matching == m_matching->currentData().toString()
                && (!from || r.config.seed == m_seed->value()))
                from = &r;
        if (from)
            c.initFrom = QDir(from->folder).filePath(QStringLiteral("audio-encoder")).toStdString();
    }
    c.epochs = m_epochs->value();
    c.batchSize = m_batch->value();
    c.learningRate = m_learningRate->value();
    c.seed = m_seed->value();
    // Leave a core to the GUI so the window stays responsive.
    c.threads = std::max(1, QThread::idealThreadCount() - 1);
    c.runDir = m_runDir.toStdString();
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
    m_runDir = newRunFolder();
    // Runs shown from History stay overlaid; the new run joins them.
    m_liveRecords.clear();
    m_liveShown = true;
    m_report->clearReport();
    m_log->clear();
    m_progress->setValue(0);
    launch(false);
}

void TrainingView::resume()
{
    if (isTraining() || m_state != State::Paused || m_runDir.isEmpty())
        return;
    launch(true);
}

void TrainingView::launch(bool resume)
{
    QString error;
    TrainingRequest request;
    const std::optional<TrainConfig> config = trainConfig(&error);
    if (!config) {
        setStatus(tr("Cannot train: %1").arg(error));
        return;
    }
    request.config = *config;
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
    m_resumable = cancelled && !completed && !m_forgetAfterStop;
    if (m_resumable)
        setStatus(tr("Paused; Resume continues from the checkpoint"));
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
    m_resumeButton->setEnabled(state == State::Paused);
    m_stopButton->setEnabled(running || state == State::Paused);
    for (QWidget* w : std::initializer_list<QWidget*>{m_stage, m_matching, m_epochs, m_batch, m_learningRate, m_seed})
        w->setEnabled(!running && state != State::Paused);
    Q_EMIT stateChanged(state);
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

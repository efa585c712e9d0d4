#pragma once
// TrainingView: the form, controls, progress, log and final report of one training run of the open
// project (stage 1 or 2, on the project's prepared caches), and the plots of any of the project's
// runs, live or finished, overlaid (TrainingPlots) as chosen in the History list.
//
//   auto* view = new TrainingView(this);
//   view->setProject(project);       // caches, image-text model and runs folder come from it
//   view->start();                   // same as pressing Start
//   view->showRun(project.runs().first().folder, true);   // overlay a finished run's curves
//
// Buttons: Start (a new run folder under RUNS/app/), Pause (cancel; the trainer keeps a checkpoint),
// Resume (continue the paused run from its checkpoint), Stop (cancel and forget the run). Training
// runs on a TrainingController's worker thread; the live run's plots are redrawn at most every 100 ms.
// A new or resumed run is shown (checked in History) as soon as its first step is reported; the
// History list is rescanned then and when the run ends (runStarted, runFinished). A finished run's
// RUN/metrics.jsonl is read on the GUI thread when it is checked (TrainMetrics::readFile). Core errors
// show in the status line and the log. GUI thread only.
#include "Project.h"
#include "TrainingPoint.h"
#include "train/TrainConfig.h"
#include "train/TrainMetrics.h"

#include <QElapsedTimer>
#include <QWidget>

#include <optional>
#include <vector>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QListWidget;
class QListWidgetItem;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTimer;

namespace soundframe::gui {

class ReportTable;
class TrainingController;
class TrainingPlots;

class TrainingView : public QWidget {
    Q_OBJECT
public:
    enum class State { Idle, Running, Paused };
    Q_ENUM(State)

    explicit TrainingView(QWidget* parent = nullptr);
    ~TrainingView() override;

    void setProject(const Project& project);

    // The buttons' actions.
    void start();
    void pause();
    void resume();
    void stop();

    State state() const { return m_state; }
    bool isTraining() const;
    QString runFolder() const { return m_runDir; }
    QString statusText() const;
    // Points the plots hold, over all shown runs: "loss", "learning rate", "temperature", "recall".
    int plotPointCount(const QString& plot) const;
    TrainingPlots* plots() const { return m_plots; }

    // History: the project's runs, each of which can be overlaid on the plots.
    QStringList historyRuns() const;                    // run folders listed, in list order
    // Overlays (or removes) a run's curves, as checking it in the list does; the live run shows what
    // it has reported so far. False when `runFolder` is neither listed nor the live run, or when
    // `shown` and its metrics.jsonl holds no record yet.
    bool showRun(const QString& runFolder, bool shown);
    QStringList shownRuns() const;                      // run folders overlaid, in the order shown
    void setSmoothing(double weight);                   // TrainingPlots::setSmoothing
    double smoothing() const;
    ReportTable* reportTable() const { return m_report; }
    TrainingController* controller() const { return m_controller; }
    // Form fields, for tests and the settings: stage 1 or 2, matching, epochs, batch, lr, seed.
    void setForm(int stage, const QString& matching, int epochs, int batchSize, double learningRate, int seed);
    // Starts the form from a shipped training config (ShippedConfigs, as `--config NAME`; the first
    // of the list is "defaults": TrainConfig's own); what the form does not show (warm-up epochs,
    // checkpointing, device, audio encoder) comes from it too. Unknown names are ignored.
    void setConfig(const QString& name);
    QString configName() const;

Q_SIGNALS:
    void stateChanged(soundframe::gui::TrainingView::State state);
    // The run's first step was reported: its folder now holds config.json and metrics.jsonl.
    void runStarted(const QString& runFolder);
    void runFinished(const QString& runFolder, bool completed);

private:
    void buildForm(QWidget* box);
    QWidget* buildHistory();
    void reloadHistory();
    void markHistory();  // check marks and colour swatches from what the plots show
    void onHistoryItemChanged(QListWidgetItem* item);
    QString runLabel(const QString& runFolder) const;
    void addPoint(const TrainingPoint& point);
    void onFinished(bool completed, bool cancelled, const QString& runDir, const QString& reportMarkdown);
    void onFailed(const QString& message);
    void onStopped();
    void launch(bool resume);
    QString newRunFolder() const;
    // The form as a validated config; nullopt with *error set when it is not valid.
    std::optional<TrainConfig> trainConfig(QString* error) const;
    void setState(State state);
    void setStatus(const QString& text);
    void appendLog(const QString& line);
    void replot();

    Project m_project;
    TrainingController* m_controller = nullptr;
    State m_state = State::Idle;
    QString m_runDir;
    bool m_forgetAfterStop = false;  // Stop (not Pause) was pressed
    bool m_resumable = false;        // the last run was paused with a checkpoint
    QElapsedTimer m_clock;
    qint64 m_stepsAtStart = -1;
    std::vector<TrainMetrics> m_liveRecords;  // what the live (or last) run of this view reported
    bool m_liveShown = false;                 // its curves are overlaid
    bool m_announced = false;                 // runStarted was emitted for the current launch

    QComboBox* m_config = nullptr;
    TrainConfig m_recipe;  // the chosen shipped config; the form's fields override it
    QComboBox* m_stage = nullptr;
    QComboBox* m_matching = nullptr;
    QSpinBox* m_epochs = nullptr;
    QSpinBox* m_batch = nullptr;
    QDoubleSpinBox* m_learningRate = nullptr;
    QSpinBox* m_seed = nullptr;
    QPushButton* m_startButton = nullptr;
    QPushButton* m_pauseButton = nullptr;
    QPushButton* m_resumeButton = nullptr;
    QPushButton* m_stopButton = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_eta = nullptr;
    QLabel* m_status = nullptr;
    QPlainTextEdit* m_log = nullptr;
    ReportTable* m_report = nullptr;
    TrainingPlots* m_plots = nullptr;
    QListWidget* m_history = nullptr;
    QTimer* m_replotTimer = nullptr;
    bool m_dirty = false;
};

} // namespace soundframe::gui

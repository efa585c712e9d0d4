#pragma once
// TrainingView: the form, controls, progress, log and final report of one training run of the open
// project (audio tagging, stage 1 or stage 2, on the project's prepared caches), and the plots of any of the project's
// runs, live or finished, overlaid (TrainingPlots) as chosen in the History list.
//
//   auto* view = new TrainingView(this);
//   view->setProject(project);       // caches, image-text model and runs folder come from it
//   view->start();                   // same as pressing Start
//   view->showRun(project.runs().first().folder, true);   // overlay a finished run's curves
//
// The form (TrainingForm) holds every setting of a run; it is read-only while a run trains or is
// paused. Buttons: Start (a new run folder under RUNS/app/), Pause (cancel; the trainer keeps a
// checkpoint), Resume (continue the paused run, or else the interrupted run selected in History — one
// with a checkpoint and no audio encoder, e.g. left by a closed app — from its checkpoint, with its
// RUN/config.json shown in the form), Stop (cancel; the checkpoint stays, so History can resume it).
// Training runs on a TrainingController's worker thread; the live run's plots are redrawn at most
// every 100 ms. A new or resumed run is shown (checked in History) as soon as its first step is
// reported; the History list and the form's Start-from list are rescanned then and when the run ends
// (runStarted, runFinished). A finished run's RUN/metrics.jsonl is read on the GUI thread when it is
// checked (TrainMetrics::readFile). Core errors show in the status line and the log. GUI thread only.
#include "Project.h"
#include "TrainingPoint.h"
#include "train/TrainConfig.h"
#include "train/TrainMetrics.h"

#include <QElapsedTimer>
#include <QWidget>

#include <optional>
#include <vector>

class QLabel;
class QListWidget;
class QListWidgetItem;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTimer;

namespace soundframe::gui {

class ReportTable;
class TrainingController;
class TrainingForm;
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
    void resume();  // the paused run, else the interrupted run selected in History
    void stop();
    bool canResume() const;

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
    // History's selected run (the one Resume continues when no run is paused); false when not listed.
    bool selectHistoryRun(const QString& runFolder);
    TrainingForm* form() const { return m_form; }
    // The Run group's fields, for tests and the settings: stage 0, 1 or 2, matching, epochs, batch, lr, seed.
    void setForm(int stage, const QString& matching, int epochs, int batchSize, double learningRate, int seed);
    // Fills the form from a shipped training config (ShippedConfigs, as `--config NAME`; "" is
    // TrainConfig's own defaults). Unknown names are ignored (the status line says so).
    void setConfig(const QString& name);
    QString configName() const;
    // The form as a validated config of a new run with the project's caches and models; nullopt with
    // *error set when it is not valid.
    std::optional<TrainConfig> trainConfig(QString* error) const;

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
    void launch(const TrainConfig& config, bool resume);
    // RUN/config.json as the run was started with, to resume it; nullopt with *error when unreadable.
    std::optional<TrainConfig> savedConfig(const QString& runFolder, QString* error) const;
    QString newRunFolder() const;
    QString selectedInterruptedRun() const;  // History's selection when it can be resumed
    void updateButtons();
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

    TrainingForm* m_form = nullptr;
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

#pragma once
// TrainingView: the form, controls, live plots, progress, log and final report of one training run
// of the open project (stage 1 or 2, on the project's prepared caches).
//
//   auto* view = new TrainingView(this);
//   view->setProject(project);       // caches, image-text model and runs folder come from it
//   view->start();                   // same as pressing Start
//
// Buttons: Start (a new run folder under RUNS/app/), Pause (cancel; the trainer keeps a checkpoint),
// Resume (continue the paused run from its checkpoint), Stop (cancel and forget the run). Training
// runs on a TrainingController's worker thread; plots are redrawn at most every 100 ms. Core errors
// show in the status line and the log. GUI thread only.
#include "Project.h"
#include "TrainingPoint.h"
#include "train/TrainConfig.h"

#include <QElapsedTimer>
#include <QWidget>

class QComboBox;
class QCPGraph;
class QCustomPlot;
class QDoubleSpinBox;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTimer;

namespace soundframe::gui {

class ReportTable;
class TrainingController;

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
    // Points the plots hold: "loss", "learning rate", "temperature", "recall".
    int plotPointCount(const QString& plot) const;
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
    void runFinished(const QString& runFolder, bool completed);

private:
    void buildForm(QWidget* box);
    QCustomPlot* makePlot(const QString& title, const QString& yLabel);
    void addPoint(const TrainingPoint& point);
    void onFinished(bool completed, bool cancelled, const QString& runDir, const QString& reportMarkdown);
    void onFailed(const QString& message);
    void onStopped();
    void launch(bool resume);
    QString newRunFolder() const;
    QString configJson(QString* error) const;
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
    QCustomPlot* m_lossPlot = nullptr;
    QCustomPlot* m_lrPlot = nullptr;
    QCustomPlot* m_temperaturePlot = nullptr;
    QCustomPlot* m_recallPlot = nullptr;
    QTimer* m_replotTimer = nullptr;
    bool m_dirty = false;
};

} // namespace soundframe::gui

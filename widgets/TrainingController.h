#pragma once
// TrainingController: owns the worker thread of one training at a time and forwards the worker's
// queued signals. The GUI thread never blocks on training.
//
//   TrainingController controller;
//   connect(&controller, &TrainingController::metricsReported, plot, &Plot::add);
//   controller.start(request);      // a new QThread + TrainingWorker per run
//   controller.cancel();            // the trainer checkpoints; finished(...) follows, then stopped()
//
// The thread and worker are deleted once the run ends (stopped() is emitted after that). The
// destructor cancels a running training and waits for its thread. GUI thread only.
#include "TrainingWorker.h"

#include <QObject>

#include <atomic>
#include <memory>

class QThread;

namespace soundframe::gui {

class TrainingController : public QObject {
    Q_OBJECT
public:
    explicit TrainingController(QObject* parent = nullptr);
    ~TrainingController() override;

    // False (and nothing started) while a training is still running.
    bool start(const TrainingRequest& request);
    void cancel();
    bool isRunning() const { return m_thread != nullptr; }

Q_SIGNALS:
    void metricsReported(const soundframe::gui::TrainingPoint& point);
    void logLine(const QString& line);
    void finished(bool completed, bool cancelled, const QString& runDir, const QString& reportMarkdown);
    void failed(const QString& message);
    void stopped();  // the worker thread has ended and been released

private:
    void threadEnded();

    QThread* m_thread = nullptr;
    std::shared_ptr<std::atomic<bool>> m_cancel;  // the running worker's cancel flag
};

} // namespace soundframe::gui

#pragma once
// TrainingWorker: runs one AudioTrainer (and then the Evaluator) on the thread it lives on, and
// talks to the GUI only through queued signals carrying small value types.
//
//   auto* worker = new TrainingWorker;           // no parent: it is moved to a QThread
//   worker->moveToThread(thread);
//   QMetaObject::invokeMethod(worker, [=] { worker->train(request); }, Qt::QueuedConnection);
//   ...
//   worker->requestCancel();                     // any thread: the trainer checkpoints and returns
//
// Call requestCancel() only while the worker exists; keep cancelFlag() to cancel later safely.
//
// train() blocks its thread until the run completes, is cancelled or fails; core Errors (and any
// other exception) become failed(message), never a crash. Used by TrainingController.
#include "TrainingPoint.h"
#include "train/TrainConfig.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

namespace soundframe::gui {

struct TrainingRequest {
    TrainConfig config;     // validated again on the worker's thread
    bool resume = false;    // continue RUN's newest checkpoint
    QString testCache;      // evaluate on this prepared cache when the run completes; empty: skip
    QString clipDir;        // image-text model for the text directions of the evaluation
};

class TrainingWorker : public QObject {
    Q_OBJECT
public:
    explicit TrainingWorker(QObject* parent = nullptr);
    ~TrainingWorker() override;
    // Workers alive in the process (any thread): lets tests and diagnostics see that none leak.
    static int liveCount();

    void train(const TrainingRequest& request);  // call on the worker's thread
    void requestCancel() { m_cancel->store(true); }  // thread-safe
    // The flag requestCancel() sets; stays valid after the worker is deleted.
    std::shared_ptr<std::atomic<bool>> cancelFlag() const { return m_cancel; }

Q_SIGNALS:
    void metricsReported(const soundframe::gui::TrainingPoint& point);
    void logLine(const QString& line);
    // completed: all epochs done; cancelled: stopped early with a checkpoint kept. Both: training
    // completed and the evaluation after it was stopped (a resume evaluates).
    void finished(bool completed, bool cancelled, const QString& runDir, const QString& reportMarkdown);
    void failed(const QString& message);

private:
    std::shared_ptr<std::atomic<bool>> m_cancel = std::make_shared<std::atomic<bool>>(false);
};

} // namespace soundframe::gui

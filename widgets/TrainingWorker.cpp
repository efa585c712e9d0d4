#include "TrainingWorker.h"

#include "RunEvaluation.h"
#include "base/Error.h"
#include "train/AudioTrainer.h"
#include "train/TrainConfig.h"

#include <QDateTime>

#include <exception>

namespace soundframe::gui {

namespace {
std::atomic<int> g_liveWorkers{0};
}

TrainingWorker::TrainingWorker(QObject* parent) : QObject(parent)
{
    qRegisterMetaType<soundframe::gui::TrainingPoint>();
    ++g_liveWorkers;
}

TrainingWorker::~TrainingWorker()
{
    --g_liveWorkers;
}

int TrainingWorker::liveCount()
{
    return g_liveWorkers.load();
}

void TrainingWorker::train(const TrainingRequest& request)
{
    const auto stamp = [] { return QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss ")); };
    QString runDir;
    try {
        const TrainConfig& config = request.config;
        config.validate("training form");
        runDir = QString::fromStdString(config.runDir);
        Q_EMIT logLine(stamp() + (request.resume ? tr("Resuming the run in %1") : tr("Starting a run in %1")).arg(runDir));

        AudioTrainer trainer(config);
        trainer.onMetrics = [this, stamp](const TrainMetrics& m) {
            const TrainingPoint point = TrainingPoint::fromMetrics(m);
            Q_EMIT metricsReported(point);
            if (point.kind == QLatin1String("epoch")) {
                QString line = stamp() + tr("epoch %1: loss %2").arg(point.epoch + 1).arg(point.loss, 0, 'f', 4);
                for (auto it = point.validation.cbegin(); it != point.validation.cend(); ++it)
                    line += QStringLiteral(", %1 %2").arg(it.key()).arg(it.value(), 0, 'f', 1);
                Q_EMIT logLine(line);
            }
        };
        JobHooks hooks;
        hooks.cancel = m_cancel.get();
        const TrainResult result = trainer.run(hooks, request.resume);

        QString report;
        bool evaluationStopped = false;
        if (result.completed) {
            Q_EMIT logLine(stamp() + tr("Training complete after %n step(s)", nullptr, int(result.steps)));
            if (!request.testCache.isEmpty()) {
                Q_EMIT logLine(stamp() + tr("Evaluating on %1").arg(request.testCache));
                try {
                    report = QString::fromStdString(evaluateRun(config.runDir, request.testCache.toStdString(),
                                                                request.clipDir.toStdString(), config.device, hooks));
                } catch (const Error&) {
                    // A pause or stop that lands in the evaluation stops only the evaluation: the
                    // trained run is whole, and resuming it (no steps left) evaluates it again.
                    if (!hooks.cancelled())
                        throw;
                    evaluationStopped = true;
                    Q_EMIT logLine(stamp() + tr("Evaluation stopped; the trained run is kept"));
                }
            }
        } else if (result.cancelled) {
            Q_EMIT logLine(stamp() + tr("Stopped at step %1; a checkpoint was kept").arg(result.steps));
        }
        Q_EMIT finished(result.completed, result.cancelled || evaluationStopped, runDir, report);
    } catch (const Error& e) {
        Q_EMIT failed(QString::fromStdString(e.what()));
    } catch (const std::exception& e) {
        Q_EMIT failed(tr("Unexpected error: %1").arg(QString::fromLocal8Bit(e.what())));
    }
}

} // namespace soundframe::gui

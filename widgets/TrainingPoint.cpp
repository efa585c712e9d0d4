#include "TrainingPoint.h"

#include "train/TrainMetrics.h"

namespace soundframe::gui {

TrainingPoint TrainingPoint::fromMetrics(const TrainMetrics& metrics)
{
    TrainingPoint p;
    p.kind = QString::fromStdString(metrics.kind);
    p.epoch = metrics.epoch;
    p.step = metrics.step;
    p.totalSteps = metrics.totalSteps;
    p.loss = metrics.loss;
    p.learningRate = metrics.learningRate;
    p.temperature = metrics.temperature;
    p.samplesPerSecond = metrics.samplesPerSecond;
    for (const auto& [key, value] : metrics.validation)
        p.validation.insert(QString::fromStdString(key), value);
    return p;
}

} // namespace soundframe::gui

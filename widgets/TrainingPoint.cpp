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

TrainMetrics TrainingPoint::toMetrics() const
{
    TrainMetrics m;
    m.kind = kind.toStdString();
    m.epoch = epoch;
    m.step = step;
    m.totalSteps = totalSteps;
    m.loss = loss;
    m.learningRate = learningRate;
    m.temperature = temperature;
    m.samplesPerSecond = samplesPerSecond;
    for (auto it = validation.cbegin(); it != validation.cend(); ++it)
        m.validation[it.key().toStdString()] = it.value();
    return m;
}

} // namespace soundframe::gui

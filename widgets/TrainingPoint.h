#pragma once
// TrainingPoint: the Qt-side copy of one core TrainMetrics record, small enough to cross threads in
// a queued signal (registered as a metatype).
//
//   connect(worker, &TrainingWorker::metricsReported, view, [](const TrainingPoint& p) { plot(p.step, p.loss); });
//
// kind "step" after each optimiser step, "epoch" at each epoch end with validation recalls (percent).
#include <QMap>
#include <QMetaType>
#include <QString>

namespace soundframe {
struct TrainMetrics;
}

namespace soundframe::gui {

struct TrainingPoint {
    QString kind = QStringLiteral("step");  // "step" or "epoch"
    int epoch = 0;                    // 0-based epoch
    qint64 step = 0;                  // optimiser steps done so far in the run
    qint64 totalSteps = 0;            // steps the whole run will take
    double loss = 0;                  // InfoNCE of the step (epoch: mean over the epoch)
    double learningRate = 0;          // of the audio encoder
    double temperature = 0;           // tau
    double samplesPerSecond = 0;      // throughput of the step or epoch
    QMap<QString, double> validation; // "audio_to_image/R@1" -> percent

    static TrainingPoint fromMetrics(const TrainMetrics& metrics);
    TrainMetrics toMetrics() const;   // back to the core's record (world size: 1), for TrainingCurves
};

} // namespace soundframe::gui

Q_DECLARE_METATYPE(soundframe::gui::TrainingPoint)
